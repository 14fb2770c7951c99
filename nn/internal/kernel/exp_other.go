//go:build !amd64 || purego

package kernel

// expVec and sigmoidVec are the hooks for vector versions; without assembly they do nothing.
func expVec(dst, src []float32) int     { return 0 }
func sigmoidVec(dst, src []float32) int { return 0 }
