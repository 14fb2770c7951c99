package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestBatchNormLoops compares bn.go's functions with plain loops for lengths
// around the 8-lane step: the sums within a few roundings, Normalise and
// BatchNormGrad bit for bit.
func TestBatchNormLoops(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 13))
	for _, n := range []int{0, 1, 7, 8, 9, 16, 30, 64, 100} {
		x, y := make([]float32, n), make([]float32, n)
		for i := range x {
			x[i], y[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
		}
		const mu = 0.375 // any centre
		var s, sq, a, b, scale float64
		for i := range x {
			s += float64(x[i])
			d := float64(x[i]) - mu
			sq += d * d
			a += float64(x[i])
			b += float64(x[i] * y[i])
			scale += math.Abs(float64(x[i])) + d*d + math.Abs(float64(x[i]*y[i]))
		}
		gotA, gotB := SumDotF64(x, y)
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"SumF64", SumF64(x), s}, {"SqDevF64", SqDevF64(x, mu), sq}, {"SumDotF64 Σd", gotA, a}, {"SumDotF64 Σd·xh", gotB, b}} {
			if math.Abs(c.got-c.want) > 1e-13*(1+scale) { // float64 sums in another order
				t.Errorf("%s of %d values = %v; want %v", c.name, n, c.got, c.want)
			}
		}
		const m, inv, g, bias, k, cnt, sa, sb = 0.25, 1.5, 0.75, -0.5, 0.125, 64, 3.25, -1.75 // any constants
		out, xh, dx := make([]float32, n), make([]float32, n), make([]float32, n)
		Normalise(out, xh, x, m, inv, g, bias)
		BatchNormGrad(dx, y, xh, k, cnt, sa, sb)
		for i := range x {
			h := (x[i] - m) * inv
			wantY := g*h + bias
			wantDx := k * (cnt*y[i] - sa - h*sb)
			if math.Float32bits(xh[i]) != math.Float32bits(h) || math.Float32bits(out[i]) != math.Float32bits(wantY) {
				t.Fatalf("n=%d: Normalise[%d] = %v, %v; want %v, %v", n, i, xh[i], out[i], h, wantY)
			}
			if math.Float32bits(dx[i]) != math.Float32bits(wantDx) {
				t.Fatalf("n=%d: BatchNormGrad[%d] = %v; want %v", n, i, dx[i], wantDx)
			}
		}
	}
}
