package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestConvInputGrad5x5C16 compares ConvInputGrad5x5C16 with the definition
// (every output pixel's gradient spread over its window) in float64, for
// rows of 1 to 16 output pixels, a few or many filters and planes of dy
// further apart than their size.
func TestConvInputGrad5x5C16(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	for _, tc := range []struct{ k, oh, ow, gap int }{{1, 1, 1, 0}, {3, 2, 7, 3}, {32, 10, 10, 0}, {5, 6, 16, 1}, {2, 9, 13, 0}} {
		ldk, h, w := tc.oh*tc.ow+tc.gap, tc.oh+4, tc.ow+4
		dy := make([]float32, tc.k*ldk)
		for i := range dy {
			dy[i] = float32(rng.NormFloat64())
		}
		wr := make([]float32, tc.k*25*16)
		for i := range wr {
			wr[i] = float32(rng.NormFloat64())
		}
		dx := make([]float32, h*w*16+4) // 4 sentinels
		for i := range dx {
			dx[i] = float32(math.NaN()) // overwritten, not accumulated
		}
		if !ConvInputGrad5x5C16(dx, dy, ldk, wr, tc.k, tc.oh, tc.ow) {
			t.Skip("ConvInputGrad5x5C16 needs AVX-512")
		}
		want := make([]float64, h*w*16)
		scale := make([]float64, h*w*16)
		for f := 0; f < tc.k; f++ {
			for i := 0; i < tc.oh; i++ {
				for j := 0; j < tc.ow; j++ {
					g := float64(dy[f*ldk+i*tc.ow+j])
					for u := 0; u < 5; u++ {
						for v := 0; v < 5; v++ {
							for c := 0; c < 16; c++ {
								p := float64(wr[(f*25+u*5+v)*16+c]) * g
								want[((i+u)*w+j+v)*16+c] += p
								scale[((i+u)*w+j+v)*16+c] += math.Abs(p)
							}
						}
					}
				}
			}
		}
		for i := range want {
			tol := float64(25*tc.k+1) * 0x1p-24 * scale[i] // one rounding per term
			if got := float64(dx[i]); math.Abs(got-want[i]) > tol || math.IsNaN(got) {
				t.Fatalf("%+v: ConvInputGrad5x5C16 dx[%d] = %v; want %v (±%v)", tc, i, got, want[i], tol)
			}
		}
		for i := h * w * 16; i < len(dx); i++ {
			if !math.IsNaN(float64(dx[i])) {
				t.Fatalf("%+v: ConvInputGrad5x5C16 wrote %v past its image at %d", tc, dx[i], i)
			}
		}
	}
}
