//go:build !amd64 || purego

package kernel

// momentumVec, sgdVec and sigmoidGradVec are the hooks for vector versions; without assembly they do
// nothing.
func momentumVec(w, v, g []float32, mu, lr float32) int              { return 0 }
func sgdVec(w, g []float32, lr float32) int                          { return 0 }
func sigmoidGradVec(dx, dy, y []float32) int                         { return 0 }
func squaredErrorVec(d, y, t []float32, sigmoid bool) (int, float64) { return 0, 0 }
func addVec(dst, src []float32) int                                  { return 0 }
