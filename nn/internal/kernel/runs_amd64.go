//go:build amd64 && !purego

package kernel

// copyRunsVec does CopyRuns on all n runs and returns n (0 without AVX2).
func copyRunsVec(dst []float32, ldd int, src []float32, lds int, m, n int) int {
	if !hasAVX2FMA {
		return 0
	}
	copyRunsAVX2(&dst[0], ldd, &src[0], lds, m, n)
	return n
}

// addRunsVec does AddRuns on all n runs and returns n (0 without AVX2).
func addRunsVec(dst []float32, ldd int, src []float32, lds int, m, n int) int {
	if !hasAVX2FMA {
		return 0
	}
	addRunsAVX2(&dst[0], ldd, &src[0], lds, m, n)
	return n
}

//go:noescape
func copyRunsAVX2(dst *float32, ldd int, src *float32, lds int, m, n int)

//go:noescape
func addRunsAVX2(dst *float32, ldd int, src *float32, lds int, m, n int)
