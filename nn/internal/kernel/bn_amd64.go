//go:build amd64 && !purego

package kernel

// The vector versions of bn.go's loops run on the longest prefix that is a
// multiple of 8 and return its length.

func sumF64Vec(x []float32) (int, float64) {
	n := len(x) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0, 0
	}
	return n, sumF64AVX2(&x[0], n)
}

func sqDevF64Vec(x []float32, mu float64) (int, float64) {
	n := len(x) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0, 0
	}
	return n, sqDevF64AVX2(&x[0], n, mu)
}

func sumDotF64Vec(d, xh []float32) (int, float64, float64) {
	n := len(d) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0, 0, 0
	}
	_ = xh[n-1] // bounds
	a, b := sumDotF64AVX2(&d[0], &xh[0], n)
	return n, a, b
}

func normaliseVec(y, xh, x []float32, m, inv, g, b float32) int {
	n := len(y) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_, _ = xh[n-1], x[n-1] // bounds
	normaliseAVX2(&y[0], &xh[0], &x[0], n, m, inv, g, b)
	return n
}

func batchNormGradVec(dx, d, xh []float32, k, m, a, b float32) int {
	n := len(dx) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_, _ = d[n-1], xh[n-1] // bounds
	batchNormGradAVX2(&dx[0], &d[0], &xh[0], n, k, m, a, b)
	return n
}

//go:noescape
func sumF64AVX2(x *float32, n int) float64

//go:noescape
func sqDevF64AVX2(x *float32, n int, mu float64) float64

//go:noescape
func sumDotF64AVX2(d, xh *float32, n int) (a, b float64)

//go:noescape
func normaliseAVX2(y, xh, x *float32, n int, m, inv, scale, shift float32)

//go:noescape
func batchNormGradAVX2(dx, d, xh *float32, n int, k, m, a, b float32)
