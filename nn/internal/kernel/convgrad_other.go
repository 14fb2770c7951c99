//go:build !amd64 || purego

package kernel

const hasDirectConv = false

// convGrad5x5x16Vec is the hook for the AVX-512 kernel; without it ConvGrad5x5x16 does nothing.
func convGrad5x5x16Vec(dw, x []float32, w int, dy []float32, oh, ow int) bool { return false }

// conv5x5x8Vec is never called without AVX-512.
func conv5x5x8Vec(y []float32, ldy int, x []float32, w int, wk, bias []float32, oh, ldo, m int) {
	panic("kernel: conv5x5x8Vec without AVX-512")
}
