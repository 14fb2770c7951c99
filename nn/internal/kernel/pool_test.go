package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// maxPool2Naive is MaxPool2's definition, window by window.
func maxPool2Naive(in []float32, w, ow, rows, base int) ([]float32, []int32) {
	var y []float32
	var arg []int32
	for r := 0; r < rows; r++ {
		for j := 0; j < ow; j++ {
			t := 2*r*w + 2*j
			best := t
			for _, k := range []int{t + 1, t + w, t + w + 1} {
				if in[k] > in[best] {
					best = k
				}
			}
			y, arg = append(y, in[best]), append(arg, int32(base+best))
		}
	}
	return y, arg
}

// TestMaxPool2 compares the vector loop with the definition on row lengths
// around its 8-output step, odd widths (the last column unused), ties and
// NaNs, and checks that outputs past the last one stay untouched.
func TestMaxPool2(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, tc := range []struct{ w, ow, rows int }{
		{2, 1, 1}, {10, 5, 5}, {11, 5, 3}, {28, 14, 14}, {16, 8, 2}, {32, 16, 16}, {36, 17, 4}, {8, 3, 2},
	} {
		in := make([]float32, 2*tc.rows*tc.w)
		for i := range in {
			switch rng.IntN(10) {
			case 0:
				in[i] = float32(math.NaN())
			case 1, 2, 3:
				in[i] = float32(rng.IntN(2)) // ties
			default:
				in[i] = float32(rng.NormFloat64())
			}
		}
		const base = 100 // the row pairs' offset in a whole image
		want, wantArg := maxPool2Naive(in, tc.w, tc.ow, tc.rows, base)
		n := tc.rows * tc.ow
		y, arg := make([]float32, n+8), make([]int32, n+8) // 8 sentinels
		for i := range y {
			y[i], arg[i] = -7, -7
		}
		MaxPool2(y, arg, in, tc.w, tc.ow, tc.rows, base)
		for i := range want {
			same := math.Float32bits(y[i]) == math.Float32bits(want[i])
			if !same || arg[i] != wantArg[i] {
				t.Fatalf("%+v: MaxPool2[%d] = %v at %d; want %v at %d", tc, i, y[i], arg[i], want[i], wantArg[i])
			}
		}
		for i := n; i < len(y); i++ {
			if y[i] != -7 || arg[i] != -7 {
				t.Fatalf("%+v: MaxPool2 wrote past its %d outputs: [%d] = %v, %d", tc, n, i, y[i], arg[i])
			}
		}
	}
}
