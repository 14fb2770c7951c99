//go:build !amd64 || purego

package kernel

const hasConvGrad5x5x16 = false

// convGrad5x5x16Vec is the hook for the AVX-512 kernel; without it ConvGrad5x5x16 does nothing.
func convGrad5x5x16Vec(dw, x []float32, w int, dy []float32, oh, ow int) bool { return false }
