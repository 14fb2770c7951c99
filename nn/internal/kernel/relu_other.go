//go:build !amd64 || purego

package kernel

// reluVec and reluGradVec are the hooks for vector versions; without assembly they do nothing.
func reluVec(dst, src []float32) int      { return 0 }
func reluGradVec(dx, dy, y []float32) int { return 0 }
