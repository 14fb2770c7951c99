package kernel

// Products with few rows (m ≤ smallRows) skip the blocked algorithm. One image through a Dense layer
// (m = 1, the browser's case) reuses each element of B once only, so packing B, which reads and writes
// all of it, costs more than the multiply, and an mr-row tile would be mostly zero padding. Instead
// each row of C is computed on its own:
//
//   - B not transposed: row i of C is a combination of the rows of B, C[i,:] = alpha·Σ_p A[i,p]·B[p,:].
//     A gemv kernel holds a strip of C[i,:] in registers while it walks down the k rows of B.
//   - B transposed (stored n×k): C[i,j] is the dot product of row i of op(A) with row j of B, both
//     contiguous when A is not transposed.
//
// Every row reads all of B, so the path pays only while m is small; see smallRows.

// smallRows is the largest m that takes the small path. BenchmarkSmall with AVX-512, CPU time per
// call, small path against blocked: m = 1 is 5–22 times faster on the MLP, autoencoder and CNN dense
// shapes; at m = 4 it is still 1.6–3 times faster except on 1024→256 (B of 1 MiB read once per row),
// where it is 1.3 times slower; at m = 6 that shape and 64→36 no longer gain.
const smallRows = 4

// gemvKernel sets y[j] = alpha·Σ_p x[p·xs]·b[p·ldb+j] + beta·y[j] for j < n and p < k; beta == 0
// overwrites y without reading it. k ≥ 1. A kernel may handle only a prefix of the columns, a
// multiple of its vector width, and return how many it did; the caller finishes the rest.
type gemvKernel func(k int, x []float32, xs int, b []float32, ldb int, y []float32, n int, alpha, beta float32) int

// useSmall reports whether sgemm takes the small path: few rows, and (for the dot-product form of
// transposed B) a row of op(A) that is contiguous.
func useSmall(pk packing, transA, transB bool, m int) bool {
	return pk == packAuto && m <= smallRows && !(transA && transB)
}

// sgemmSmall is sgemm for m ≤ smallRows, k ≥ 1 and alpha ≠ 0; see useSmall and the comment above.
func sgemmSmall(p *impl, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		ci := c[i*ldc : i*ldc+n]
		if transB {
			ai := a[i*lda : i*lda+k]
			for j := range ci {
				s := dot(ai, b[j*ldb:j*ldb+k])
				if beta == 0 {
					ci[j] = alpha * s
				} else {
					ci[j] = alpha*s + beta*ci[j]
				}
			}
			continue
		}
		// Row i of op(A): contiguous, or a column of the stored A (k×m) when transA.
		var x []float32
		xs := 1
		if transA {
			x, xs = a[i:], lda
		} else {
			x = a[i*lda:] // row i; when transA, A is only k rows long and i*lda may lie beyond it
		}
		done := 0
		if p.gemv != nil {
			done = p.gemv(k, x, xs, b, ldb, ci, n, alpha, beta)
		}
		gemvGo(k, x, xs, b[done:], ldb, ci[done:], n-done, alpha, beta)
	}
}

// gemvGo is the portable gemvKernel; it handles all n columns. Strips of 8 columns are summed in
// locals, which stay in registers (wasm locals) while the loop walks down B; the last n mod 8 columns
// go one at a time.
func gemvGo(k int, x []float32, xs int, b []float32, ldb int, y []float32, n int, alpha, beta float32) int {
	x = x[:(k-1)*xs+1]
	j := 0
	for ; j+8 <= n; j += 8 {
		var s0, s1, s2, s3, s4, s5, s6, s7 float32
		for p := range k {
			xp := x[p*xs]
			bp := b[p*ldb+j : p*ldb+j+8 : p*ldb+j+8]
			s0 += xp * bp[0]
			s1 += xp * bp[1]
			s2 += xp * bp[2]
			s3 += xp * bp[3]
			s4 += xp * bp[4]
			s5 += xp * bp[5]
			s6 += xp * bp[6]
			s7 += xp * bp[7]
		}
		yj := y[j : j+8 : j+8]
		store4(yj[0:4], alpha, beta, s0, s1, s2, s3)
		store4(yj[4:8], alpha, beta, s4, s5, s6, s7)
	}
	for ; j < n; j++ {
		var s float32
		for p := range k {
			s += x[p*xs] * b[p*ldb+j]
		}
		if beta == 0 {
			y[j] = alpha * s
		} else {
			y[j] = alpha*s + beta*y[j]
		}
	}
	return n
}

// dot returns Σ x[p]·y[p] over len(x) elements, with four partial sums to break the chain of
// dependent additions.
func dot(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	p := 0
	for ; p+4 <= len(x); p += 4 {
		xp, yp := x[p:p+4:p+4], y[p:p+4:p+4]
		s0 += xp[0] * yp[0]
		s1 += xp[1] * yp[1]
		s2 += xp[2] * yp[2]
		s3 += xp[3] * yp[3]
	}
	for ; p < len(x); p++ {
		s0 += x[p] * y[p]
	}
	return (s0 + s1) + (s2 + s3)
}
