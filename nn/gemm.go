package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"

	"inkling/nn/internal/kernel"
)

// blasImpl is gonum's pure-Go BLAS. It is stateless, so a package-level value is safe.
var blasImpl gonum.Implementation

// gemm computes c = alpha·op(a)·op(b) + beta·c for row-major operands, where
// op(x) is x or its transpose. It is the one entry point through which every
// layer multiplies matrices, so a faster kernel (assembly, cgo) replaces it in
// one place. a is m×k (k×m when ta), b is k×n (n×k when tb), c is m×n.
func gemm[T Float](ta, tb bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	tA, tB := blas.NoTrans, blas.NoTrans
	if ta {
		tA = blas.Trans
	}
	if tb {
		tB = blas.Trans
	}
	switch a := any(a).(type) {
	case []float32:
		kernel.Sgemm(ta, tb, m, n, k, float32(alpha), a, lda, any(b).([]float32), ldb, float32(beta), any(c).([]float32), ldc)
	case []float64:
		blasImpl.Dgemm(tA, tB, m, n, k, float64(alpha), a, lda, any(b).([]float64), ldb, float64(beta), any(c).([]float64), ldc)
	}
}

// matMul sets y = x·w (ta/tb transpose x/w) with y reshaped to fit.
// accumulate adds into y instead of overwriting it.
func matMul[T Float](y *Matrix[T], x *Matrix[T], ta bool, w *Matrix[T], tb bool, accumulate bool) {
	m, k := x.Rows, x.Cols
	if ta {
		m, k = k, m
	}
	k2, n := w.Rows, w.Cols
	if tb {
		k2, n = n, k2
	}
	if k != k2 {
		panic("nn: matMul inner dimensions differ")
	}
	var beta T
	if accumulate {
		mustShape("matMul accumulator", y, m, n)
		beta = 1
	} else {
		y.ReuseAs(m, n)
	}
	if k == 0 {
		if !accumulate {
			y.Zero()
		}
		return
	}
	gemm(ta, tb, m, n, k, 1, x.Data, x.Cols, w.Data, w.Cols, beta, y.Data, n)
}

// Sgemm computes c = alpha·op(a)·op(b) + beta·c in float32, row-major, on one thread: the multiply
// every float32 layer runs (through gemm), exported so that `inkling peerbench` can time it on the
// training shapes next to numpy's OpenBLAS. a is m×k (k×m when ta), b is k×n (n×k when tb), c is m×n;
// lda, ldb, ldc are row strides. It panics with a "kernel:" message on inconsistent arguments.
func Sgemm(ta, tb bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	kernel.Sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// addTo sets dst += src element by element (src at least as long); float32
// runs 8 lanes at a time with the same roundings.
func addTo[T Float](dst, src []T) {
	if d32, ok := any(dst).([]float32); ok {
		kernel.Add(d32, any(src).([]float32))
		return
	}
	src = src[:len(dst)]
	for i := range dst {
		dst[i] += src[i]
	}
}
