package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestConvGrad5x5x16 compares ConvGrad5x5x16 with the definition summed in
// float64, on odd image sizes and rows wider than the windows reach; dw
// starts non-zero, since the kernel adds to it.
func TestConvGrad5x5x16(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 17))
	for _, tc := range []struct{ oh, ow, w int }{
		{1, 1, 5}, {3, 5, 11}, {28, 28, 32}, {7, 13, 17}, {2, 17, 21},
	} {
		x := make([]float32, (tc.oh+4)*tc.w)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		dy := make([]float32, tc.oh*tc.ow*16)
		for i := range dy {
			dy[i] = float32(rng.NormFloat64())
		}
		dw := make([]float32, 25*16)
		for i := range dw {
			dw[i] = float32(rng.NormFloat64())
		}
		start := append([]float32(nil), dw...)
		if !ConvGrad5x5x16(dw, x, tc.w, dy, tc.oh, tc.ow) {
			t.Skip("ConvGrad5x5x16 needs AVX-512")
		}
		for q := 0; q < 25; q++ {
			u, v := q/5, q%5
			for f := 0; f < 16; f++ {
				want, scale := float64(start[q*16+f]), math.Abs(float64(start[q*16+f]))
				for i := 0; i < tc.oh; i++ {
					for j := 0; j < tc.ow; j++ {
						p := float64(x[(i+u)*tc.w+j+v]) * float64(dy[(i*tc.ow+j)*16+f])
						want += p
						scale += math.Abs(p)
					}
				}
				// float32 sums of oh·ow products in order: within (oh·ow+1) ulps of the sum of magnitudes.
				tol := float64(tc.oh*tc.ow+1) * 0x1p-24 * scale
				if got := float64(dw[q*16+f]); math.Abs(got-want) > tol {
					t.Fatalf("%+v: ConvGrad5x5x16 dw[%d][%d] = %v; want %v (±%v)", tc, q, f, got, want, tol)
				}
			}
		}
	}
}

// TestTranspose checks Transpose against the loop, for sizes around the
// 8×8 blocks and strides wider than the rows.
func TestTranspose(t *testing.T) {
	for _, tc := range []struct{ m, n, ldd, lds int }{{1, 1, 1, 1}, {16, 7, 16, 9}, {8, 8, 8, 8}, {16, 21, 17, 30}, {100, 32, 3200, 32}, {13, 19, 13, 19}} {
		src := make([]float32, (tc.m-1)*tc.lds+tc.n)
		for i := range src {
			src[i] = float32(i)
		}
		dst := make([]float32, (tc.n-1)*tc.ldd+tc.m)
		Transpose(dst, tc.ldd, src, tc.lds, tc.m, tc.n)
		for i := 0; i < tc.m; i++ {
			for j := 0; j < tc.n; j++ {
				if got, want := dst[j*tc.ldd+i], src[i*tc.lds+j]; got != want {
					t.Fatalf("%+v: Transpose()[%d][%d] = %v; want %v", tc, j, i, got, want)
				}
			}
		}
	}
}

// TestConv5x5x8 compares Conv5x5x8 with the definition in float64 for row
// widths around the 16- and 32-pixel blocks, and checks that the values
// between the filters' output planes (NaN sentinels) stay untouched.
func TestConv5x5x8(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 18))
	for _, tc := range []struct{ oh, ow, w, gap int }{
		{1, 1, 5, 0}, {3, 5, 11, 2}, {28, 28, 32, 0}, {2, 16, 20, 1}, {5, 17, 21, 3}, {4, 33, 40, 1}, {3, 45, 49, 0},
	} {
		ldy := tc.oh*tc.ow + tc.gap
		x := make([]float32, (tc.oh+4)*tc.w)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
		}
		wk, bias := make([]float32, 8*25), make([]float32, 8)
		for i := range wk {
			wk[i] = float32(rng.NormFloat64())
		}
		for i := range bias {
			bias[i] = float32(rng.NormFloat64())
		}
		y := make([]float32, 8*ldy)
		for i := range y {
			y[i] = float32(math.NaN())
		}
		if !Conv5x5x8(y, ldy, x, tc.w, wk, bias, tc.oh, tc.ow) {
			t.Skip("Conv5x5x8 needs AVX-512")
		}
		for f := 0; f < 8; f++ {
			for i := 0; i < tc.oh; i++ {
				for j := 0; j < tc.ow; j++ {
					want, scale := float64(bias[f]), math.Abs(float64(bias[f]))
					for q := 0; q < 25; q++ {
						p := float64(wk[f*25+q]) * float64(x[(i+q/5)*tc.w+j+q%5])
						want += p
						scale += math.Abs(p)
					}
					tol := 26 * 0x1p-24 * scale // 25 roundings of partial sums bounded by scale
					if got := float64(y[f*ldy+i*tc.ow+j]); math.Abs(got-want) > tol {
						t.Fatalf("%+v: Conv5x5x8 y[%d][%d][%d] = %v; want %v (±%v)", tc, f, i, j, got, want, tol)
					}
				}
			}
			for g := tc.oh * tc.ow; g < ldy; g++ {
				if v := y[f*ldy+g]; !math.IsNaN(float64(v)) {
					t.Fatalf("%+v: Conv5x5x8 wrote %v between planes at [%d][%d]", tc, v, f, g)
				}
			}
		}
	}
}
