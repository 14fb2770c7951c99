package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randSlice returns n values in [-scale, scale).
func randSlice(rng *rand.Rand, n int, scale float32) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = scale * (2*rng.Float32() - 1)
	}
	return x
}

// lengths covers no vector, whole vectors, vectors with a tail, and a long slice.
var lengths = []int{0, 1, 7, 8, 9, 16, 23, 1000}

func TestMomentumStepBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const mu, lr = 0.9, 3e-5 // the peer autoencoder's settings
	for _, n := range lengths {
		w, v, g := randSlice(rng, n, 1), randSlice(rng, n, 0.01), randSlice(rng, n, 10)
		ww, wv := append([]float32(nil), w...), append([]float32(nil), v...)
		for j := range ww { // the plain Go loop that MomentumStep replaces
			wv[j] = mu*wv[j] - lr*g[j]
			ww[j] += wv[j]
		}
		MomentumStep(w, v, g, mu, lr)
		for j := range w {
			if math.Float32bits(w[j]) != math.Float32bits(ww[j]) || math.Float32bits(v[j]) != math.Float32bits(wv[j]) || g[j] != 0 {
				t.Fatalf("MomentumStep(n=%d): w[%d], v[%d], g[%d] = %v, %v, %v; want %v, %v, 0", n, j, j, j, w[j], v[j], g[j], ww[j], wv[j])
			}
		}
	}
}

func TestSGDStepBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	const lr = 1e-2 // the peer MLP's learning rate
	for _, n := range lengths {
		w, g := randSlice(rng, n, 1), randSlice(rng, n, 10)
		want := append([]float32(nil), w...)
		for j := range want { // the plain Go loop that SGDStep replaces
			want[j] -= lr * g[j]
		}
		SGDStep(w, g, lr)
		for j := range w {
			if math.Float32bits(w[j]) != math.Float32bits(want[j]) || g[j] != 0 {
				t.Fatalf("SGDStep(n=%d): w[%d], g[%d] = %v, %v; want %v, 0", n, j, j, w[j], g[j], want[j])
			}
		}
	}
}

func TestSigmoidGradBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, n := range lengths {
		dy, y := randSlice(rng, n, 5), randSlice(rng, n, 1)
		dx := make([]float32, n)
		SigmoidGrad(dx, dy, y)
		for i := range dx {
			if want := dy[i] * y[i] * (1 - y[i]); math.Float32bits(dx[i]) != math.Float32bits(want) {
				t.Fatalf("SigmoidGrad(n=%d): dx[%d] = %v; want %v", n, i, dx[i], want)
			}
		}
	}
}

func TestSquaredError(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, sigmoid := range []bool{false, true} {
		for _, n := range lengths {
			y, tg := randSlice(rng, n, 1), randSlice(rng, n, 1)
			d := make([]float32, n)
			loss := SquaredError(d, y, tg, sigmoid)
			var want float64
			for i := range d { // the plain Go loops that SquaredError replaces
				e := y[i] - tg[i]
				want += float64(e) * float64(e)
				g := 2 * e
				if sigmoid {
					g = g * y[i] * (1 - y[i])
				}
				if math.Float32bits(d[i]) != math.Float32bits(g) {
					t.Fatalf("SquaredError(n=%d, sigmoid %v): d[%d] = %v; want %v", n, sigmoid, i, d[i], g)
				}
			}
			if math.Abs(loss-want) > 1e-12*max(1, want) {
				t.Errorf("SquaredError(n=%d, sigmoid %v) = %v; want %v", n, sigmoid, loss, want)
			}
		}
	}
}

func TestAddBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, n := range lengths {
		dst, src := randSlice(rng, n, 3), randSlice(rng, n+2, 3)
		want := append([]float32(nil), dst...)
		for i := range want { // the plain Go loop that Add replaces
			want[i] += src[i]
		}
		Add(dst, src)
		for i := range dst {
			if math.Float32bits(dst[i]) != math.Float32bits(want[i]) {
				t.Fatalf("Add(n=%d): dst[%d] = %v; want %v", n, i, dst[i], want[i])
			}
		}
	}
}
