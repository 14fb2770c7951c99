//go:build !amd64 || purego

package kernel

// convK32Vec is never called without AVX-512.
func convK32Vec(y, x []float32, off []int32, wt []float32, ldw int, bias []float32, np int) {
	panic("kernel: convK32Vec without AVX-512")
}
