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

// TestMaxPool2Grad runs MaxPool2 and its gradient on row lengths around the
// 8-output step and compares with a scatter into zeros; dx starts as NaNs,
// so every value must be written, and sentinels past its end must stay.
func TestMaxPool2Grad(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 10))
	for _, tc := range []struct{ ow, rows int }{{1, 1}, {5, 5}, {7, 3}, {8, 2}, {14, 14}, {9, 4}, {17, 3}} {
		w := 2 * tc.ow
		in := make([]float32, 2*tc.rows*w)
		for i := range in {
			in[i] = float32(rng.IntN(3)) // ties: the first maximum must get the gradient
		}
		const base = 64 // the row pairs' offset in a whole image
		n := tc.rows * tc.ow
		y, arg := make([]float32, n), make([]int32, n)
		MaxPool2(y, arg, in, w, tc.ow, tc.rows, base)
		dy := make([]float32, n)
		for i := range dy {
			dy[i] = float32(i + 1)
		}
		want := make([]float32, len(in))
		for o, a := range arg {
			want[int(a)-base] = dy[o]
		}
		dx := make([]float32, len(in)+8) // 8 sentinels
		for i := range dx {
			dx[i] = float32(math.NaN())
		}
		MaxPool2Grad(dx, dy, arg, w, tc.ow, tc.rows, base)
		for i := range want {
			if dx[i] != want[i] {
				t.Fatalf("%+v: MaxPool2Grad[%d] = %v; want %v", tc, i, dx[i], want[i])
			}
		}
		for i := len(in); i < len(dx); i++ {
			if dx[i] == dx[i] {
				t.Fatalf("%+v: MaxPool2Grad wrote past its %d values: [%d] = %v", tc, len(in), i, dx[i])
			}
		}
	}
}
