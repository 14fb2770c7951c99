package kernel

// A product with a transposed B, C = alpha·A·Bᵀ (B stored n×k), makes the blocked algorithm
// transpose all of B into micro-panels, although each element of B is then used by only m rows:
// the MLP's input gradient dY·Wᵀ (32×64 by (1024×64)ᵀ) transposes 64k elements of W for 32 rows, and
// a convolution's weight gradient dOut·colsᵀ transposes all of its im2col matrix. The same product
// computed as Cᵀ = alpha·B·Aᵀ reads B in place as the left operand and transposes only A (m×k); its
// result, n×m, is then transposed into C. That pays when n·k > m·k + m·n and m fills the kernel's
// tile width (the swapped product's columns). BenchmarkSwap, CPU time, AVX-512, direct → swapped:
// 32×400×1600 (conv2's dW) 944–1364 → 647–672 µs; 32×1024×64 (the MLP's dX) 86 → 82 µs; and
// 16×25×12544 (conv1's dW, m = 16 < 32 columns) 868 → 1862 µs, which the width rule excludes.
//
// Each element of C is the same sum as without the swap (the micro-kernel sums over k in the same
// order, and a·b = b·a in every fused multiply-add), so the result is bit-identical; beta must be 0,
// since a beta·C added after the transposition would round differently. The portable kernel packs
// its left operand anyway (packRows), so it gains nothing and never swaps.

// useSwap reports whether sgemm computes C = alpha·A·Bᵀ through its transpose.
func useSwap(p *impl, pk packing, transA, transB bool, m, n, k int, beta float32) bool {
	return pk == packAuto && transB && !transA && beta == 0 && !p.packRows && m >= p.nr && n*k > m*k+m*n
}

// sgemmSwapped computes C = alpha·A·Bᵀ for A m×k and B n×k (both stored row-major) as
// T = alpha·B·Aᵀ into scratch (n×m) and C = Tᵀ.
func sgemmSwapped(p *impl, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	w := getWorkspace(p)
	if len(w.swap) < n*m {
		w.swap = make([]float32, n*m)
	}
	t := w.swap[:n*m]
	sgemmBlocked(p, packAuto, false, true, n, m, k, alpha, b, ldb, a, lda, 0, t, m)
	transposeInto(c, ldc, t, m, m, n)
	putWorkspace(w)
}

// transposeInto sets c[i*ldc+j] = t[j*ldt+i] for i < m and j < n: C (m×n) from T (n×m).
func transposeInto(c []float32, ldc int, t []float32, ldt, m, n int) {
	j := 0
	for ; j+8 <= n; j += 8 {
		done := transpose8(c[j:], ldc, t[j*ldt:], ldt, m)
		for jj := j; jj < j+8; jj++ {
			tj := t[jj*ldt : jj*ldt+m]
			for i := done; i < m; i++ {
				c[i*ldc+jj] = tj[i]
			}
		}
	}
	for ; j < n; j++ {
		tj := t[j*ldt : j*ldt+m]
		for i, v := range tj {
			c[i*ldc+j] = v
		}
	}
}
