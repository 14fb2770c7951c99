//go:build !amd64 || purego

package kernel

// convDx5x5C16Vec is never called without AVX-512.
func convDx5x5C16Vec(dx, dy []float32, ldk int, wr []float32, k, oh, ow int) {
	panic("kernel: convDx5x5C16Vec without AVX-512")
}
