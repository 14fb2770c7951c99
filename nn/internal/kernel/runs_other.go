//go:build !amd64 || purego

package kernel

// copyRunsVec and addRunsVec are the hooks for vector versions; without assembly they do nothing.
func copyRunsVec(dst []float32, ldd int, src []float32, lds int, m, n int) int { return 0 }
func addRunsVec(dst []float32, ldd int, src []float32, lds int, m, n int) int  { return 0 }

// addBlocksVec is the hook for the AVX-512 block loop.
func addBlocksVec(dst []float32, ldd, dstep int, src []float32, lds, sstep int, m, n, count int) bool {
	return false
}
