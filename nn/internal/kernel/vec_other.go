//go:build !amd64 || purego

package kernel

// momentumVec and sigmoidGradVec are the hooks for vector versions; without assembly they do nothing.
func momentumVec(w, v, g []float32, mu, lr float32) int { return 0 }
func sigmoidGradVec(dx, dy, y []float32) int            { return 0 }
