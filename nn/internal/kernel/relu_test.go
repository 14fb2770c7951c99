package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// reluInputs are random values of both signs with the special ones mixed in
// at every lane position: ±0, ±Inf, NaN of both signs, the smallest subnormal.
func reluInputs(n int, rng *rand.Rand) []float32 {
	special := []float32{
		0, float32(math.Copysign(0, -1)), float32(math.Inf(1)), float32(math.Inf(-1)),
		float32(math.NaN()), math.Float32frombits(0xffc00001), // a negative NaN with a payload
		math.Float32frombits(1), -math.Float32frombits(1),
	}
	x := make([]float32, n)
	for i := range x {
		if rng.IntN(4) == 0 { // a quarter special values
			x[i] = special[rng.IntN(len(special))]
		} else {
			x[i] = float32(rng.NormFloat64())
		}
	}
	return x
}

// TestReLUBitIdentical: the vector loops give the plain Go loops' bits, signs
// of zero included, for every tail length; a NaN stays a NaN.
func TestReLUBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 64, 100} { // around the 8-lane step
		x, dy := reluInputs(n, rng), reluInputs(n, rng)
		y := make([]float32, n)
		ReLU(y, x)
		dx := make([]float32, n)
		for i := range dx {
			dx[i] = 42 // every element must be written
		}
		ReLUGrad(dx, dy, y)
		for i := range x {
			want := max(x[i], 0)
			nan := want != want && y[i] != y[i] // NaN in, NaN out; the spec leaves its sign and payload open
			if !nan && math.Float32bits(y[i]) != math.Float32bits(want) {
				t.Fatalf("n=%d: ReLU(%v)[%d] = %v (%#x); want %v (%#x)", n, x[i], i, y[i], math.Float32bits(y[i]), want, math.Float32bits(want))
			}
			var wantDx float32
			if y[i] > 0 {
				wantDx = dy[i]
			}
			if math.Float32bits(dx[i]) != math.Float32bits(wantDx) {
				t.Fatalf("n=%d: ReLUGrad(dy %v, y %v)[%d] = %v; want %v", n, dy[i], y[i], i, dx[i], wantDx)
			}
		}
	}
}
