//go:build !amd64 || purego

package kernel

// dot2x4Vec is the hook for a vector DotsNT block; without assembly it does nothing.
func dot2x4Vec(sums *[8]float32, a0, a1, b0, b1, b2, b3 []float32, k int) int { return 0 }
