package kernel

import "fmt"

// DotsNT sets c[i·ldc+j] = Σ_q a[i·lda+q]·b[j·ldb+q] for i < m, j < n, q < k:
// the product A·Bᵀ of two row-major matrices as m·n dot products. For a small
// m·n over a long k (a convolution's weight gradient over thousands of
// pixels) it beats the blocked GEMM, whose tiles would be mostly padding.
// Rows are taken two of A by four of B, 8 lanes of k at a time; the sums
// round differently from Sgemm's.
func DotsNT(c []float32, ldc int, a []float32, lda int, b []float32, ldb int, m, n, k int) {
	if m <= 0 || n <= 0 {
		return
	}
	if k < 0 || lda < k || ldb < k || ldc < n || len(a) < (m-1)*lda+k || len(b) < (n-1)*ldb+k || len(c) < (m-1)*ldc+n {
		panic(fmt.Sprintf("kernel: DotsNT of %d×%d over %d with lda %d, ldb %d, ldc %d and %d, %d, %d values",
			m, n, k, lda, ldb, ldc, len(a), len(b), len(c)))
	}
	var sums [8]float32 // the block's vector part: rows i, i+1 by columns j … j+3
	for i := 0; i < m; i += 2 {
		i1 := min(i+1, m-1) // a lone last row is computed twice, the copy discarded
		for j := 0; j < n; j += 4 {
			js := [4]int{j, min(j+1, n-1), min(j+2, n-1), min(j+3, n-1)}
			done := 0
			if k >= 8 {
				done = dot2x4Vec(&sums, a[i*lda:], a[i1*lda:], b[js[0]*ldb:], b[js[1]*ldb:], b[js[2]*ldb:], b[js[3]*ldb:], k)
			}
			for r := range 2 {
				for t := range 4 {
					ii, jj := i+r, j+t
					if ii >= m || jj >= n {
						continue
					}
					var s float32
					if done > 0 {
						s = sums[r*4+t]
					}
					x, y := a[ii*lda:ii*lda+k], b[jj*ldb:jj*ldb+k]
					for q := done; q < k; q++ {
						s += x[q] * y[q]
					}
					c[ii*ldc+jj] = s
				}
			}
		}
	}
}
