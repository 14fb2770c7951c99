package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestConvK32 compares ConvK32 with the definition in float64 on odd
// shapes: rows of 1 to 25 pixels (one to three segments of up to 12), more
// than one channel, and a weight matrix wider than 32 filters.
func TestConvK32(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 19))
	for _, tc := range []struct{ c, h, w, s, ldw int }{
		{1, 3, 3, 3, 32}, {3, 9, 17, 3, 40}, {16, 14, 14, 5, 32}, {2, 6, 29, 5, 33}, {1, 12, 2, 2, 32},
	} {
		oh, ow := tc.h-tc.s+1, tc.w-tc.s+1
		var off []int32
		for c := 0; c < tc.c; c++ {
			for u := 0; u < tc.s; u++ {
				for v := 0; v < tc.s; v++ {
					off = append(off, int32(c*tc.h*tc.w+u*tc.w+v))
				}
			}
		}
		x := make([]float32, tc.c*tc.h*tc.w)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		wt := make([]float32, (len(off)-1)*tc.ldw+32)
		for i := range wt {
			wt[i] = float32(rng.NormFloat64())
		}
		bias := make([]float32, 32)
		for i := range bias {
			bias[i] = float32(rng.NormFloat64())
		}
		y := make([]float32, oh*ow*32+5) // 5 sentinels
		for i := range y {
			y[i] = float32(math.NaN())
		}
		if !ConvK32(y, x, tc.w, NewWindow(off), wt, tc.ldw, bias, oh, ow) {
			t.Skip("ConvK32 needs AVX-512")
		}
		for i := 0; i < oh; i++ {
			for j := 0; j < ow; j++ {
				for f := 0; f < 32; f++ {
					want, scale := float64(bias[f]), math.Abs(float64(bias[f]))
					for q, o := range off {
						p := float64(wt[q*tc.ldw+f]) * float64(x[int(o)+i*tc.w+j])
						want += p
						scale += math.Abs(p)
					}
					tol := float64(len(off)+1) * 0x1p-24 * scale // one rounding per term
					if got := float64(y[(i*ow+j)*32+f]); math.Abs(got-want) > tol {
						t.Fatalf("%+v: ConvK32 y[%d][%d][%d] = %v; want %v (±%v)", tc, i, j, f, got, want, tol)
					}
				}
			}
		}
		for i := oh * ow * 32; i < len(y); i++ {
			if !math.IsNaN(float64(y[i])) {
				t.Fatalf("%+v: ConvK32 wrote %v past its outputs at %d", tc, y[i], i)
			}
		}
	}
}

// TestConvGradK32x5 compares ConvGradK32x5 with the definition in float64
// for an odd number of window rows (the last one alone), several channels
// and odd image sizes; dw starts non-zero, since the kernel adds to it.
func TestConvGradK32x5(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 20))
	for _, tc := range []struct{ c, h, w int }{{1, 5, 5}, {3, 9, 12}, {16, 14, 14}, {2, 7, 23}} {
		oh, ow := tc.h-4, tc.w-4
		var off []int32
		for c := 0; c < tc.c; c++ {
			for u := 0; u < 5; u++ {
				for v := 0; v < 5; v++ {
					off = append(off, int32(c*tc.h*tc.w+u*tc.w+v))
				}
			}
		}
		x := make([]float32, tc.c*tc.h*tc.w)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		dy := make([]float32, oh*ow*32)
		for i := range dy {
			dy[i] = float32(rng.NormFloat64())
		}
		dw := make([]float32, len(off)*32+3) // 3 sentinels
		for i := range dw {
			dw[i] = float32(rng.NormFloat64())
		}
		start := append([]float32(nil), dw...)
		if !ConvGradK32x5(dw, x, tc.w, NewWindow(off), dy, oh, ow) {
			t.Skip("ConvGradK32x5 needs AVX-512")
		}
		for q, o := range off {
			for f := 0; f < 32; f++ {
				want, scale := float64(start[q*32+f]), math.Abs(float64(start[q*32+f]))
				for i := 0; i < oh; i++ {
					for j := 0; j < ow; j++ {
						p := float64(x[int(o)+i*tc.w+j]) * float64(dy[(i*ow+j)*32+f])
						want += p
						scale += math.Abs(p)
					}
				}
				tol := float64(oh*ow+1) * 0x1p-24 * scale // one rounding per term
				if got := float64(dw[q*32+f]); math.Abs(got-want) > tol {
					t.Fatalf("%+v: ConvGradK32x5 dw[%d][%d] = %v; want %v (±%v)", tc, q, f, got, want, tol)
				}
			}
		}
		for i := len(off) * 32; i < len(dw); i++ {
			if dw[i] != start[i] {
				t.Fatalf("%+v: ConvGradK32x5 wrote %v past the weights at %d", tc, dw[i], i)
			}
		}
	}
}

// TestWindow checks NewWindow's reach and its test for runs of 5, and that
// ConvGradK32x5 refuses a window whose entries do not come in such runs.
func TestWindow(t *testing.T) {
	for _, tc := range []struct {
		off   []int32
		reach int
		runs5 bool
	}{
		{[]int32{0, 1, 2, 3, 4}, 4, true},
		{[]int32{0, 1, 2, 3, 4, 14, 15, 16, 17, 18}, 18, true},
		{[]int32{0, 1, 2, 3, 5}, 5, false},        // a gap inside a run
		{[]int32{0, 1, 2, 14, 15, 16}, 16, false}, // 3×3
	} {
		win := NewWindow(tc.off)
		if win.reach != tc.reach || win.runs5 != tc.runs5 {
			t.Errorf("NewWindow(%v) = reach %d, runs5 %v; want %d, %v", tc.off, win.reach, win.runs5, tc.reach, tc.runs5)
		}
	}
	defer func() {
		if recover() == nil {
			t.Errorf("ConvGradK32x5 with a 3×3 window did not panic")
		}
	}()
	ConvGradK32x5(make([]float32, 6*32), make([]float32, 100), 10, NewWindow([]int32{0, 1, 2, 10, 11, 12}), make([]float32, 32), 1, 1)
}
