//go:build !amd64 || purego

package kernel

// The hooks for vector versions of bn.go's loops; without assembly they do nothing.
func sumF64Vec(x []float32) (int, float64)                         { return 0, 0 }
func sqDevF64Vec(x []float32, mu float64) (int, float64)           { return 0, 0 }
func sumDotF64Vec(d, xh []float32) (int, float64, float64)         { return 0, 0, 0 }
func normaliseVec(y, xh, x []float32, m, inv, g, b float32) int    { return 0 }
func batchNormGradVec(dx, d, xh []float32, k, m, a, b float32) int { return 0 }
