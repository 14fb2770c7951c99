//go:build !amd64 || purego

package kernel

// convK32Vec is never called without AVX-512.
func convK32Vec(y, x []float32, off []int32, wt []float32, ldw int, bias []float32, np int) {
	panic("kernel: convK32Vec without AVX-512")
}

// convGradK32x5Vec is never called without AVX-512.
func convGradK32x5Vec(dw, xa, xb []float32, w int, dy []float32, oh, ow, n int) {
	panic("kernel: convGradK32x5Vec without AVX-512")
}
