package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDotsNT compares DotsNT with float64 dot products on shapes with lone
// rows and columns (m odd, n not a multiple of 4), k tails, k < 8 and strides
// wider than k.
func TestDotsNT(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 11))
	for _, tc := range []struct{ m, n, k, lda, ldb, ldc int }{
		{1, 1, 1, 1, 1, 1}, {3, 5, 7, 7, 9, 6}, {25, 16, 4704, 4704, 4704, 16}, {2, 4, 8, 8, 8, 4},
		{9, 16, 300, 300, 310, 17}, {5, 3, 37, 40, 37, 3},
	} {
		a := make([]float32, (tc.m-1)*tc.lda+tc.k)
		b := make([]float32, (tc.n-1)*tc.ldb+tc.k)
		for i := range a {
			a[i] = float32(rng.NormFloat64())
		}
		for i := range b {
			b[i] = float32(rng.NormFloat64())
		}
		c := make([]float32, (tc.m-1)*tc.ldc+tc.n)
		for i := range c {
			c[i] = float32(math.NaN()) // overwritten, not accumulated
		}
		DotsNT(c, tc.ldc, a, tc.lda, b, tc.ldb, tc.m, tc.n, tc.k)
		for i := 0; i < tc.m; i++ {
			for j := 0; j < tc.n; j++ {
				var want, scale float64
				for q := 0; q < tc.k; q++ {
					p := float64(a[i*tc.lda+q]) * float64(b[j*tc.ldb+q])
					want += p
					scale += math.Abs(p)
				}
				// float32 sums of k products: a few ulps of the sum of magnitudes.
				if got := float64(c[i*tc.ldc+j]); math.Abs(got-want) > 1e-5*scale+1e-6 {
					t.Fatalf("%+v: DotsNT[%d][%d] = %v; want %v", tc, i, j, got, want)
				}
			}
		}
	}
}
