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

// addBlocksVec does AddBlocks when dstep is 1 and a row of its blocks,
// m+count−1 values, fits one AVX-512 register, and reports whether it did:
// each row is read and written once instead of count times (col2im of the
// peer CNN's second layer 17 % faster).
func addBlocksVec(dst []float32, ldd, dstep int, src []float32, lds, sstep int, m, n, count int) bool {
	if !hasAVX512 || dstep != 1 || m+count-1 > 16 {
		return false
	}
	addBlocksAVX512(&dst[0], ldd, &src[0], lds, sstep, m, n, count)
	return true
}

//go:noescape
func addBlocksAVX512(dst *float32, ldd int, src *float32, lds, sstep int, m, n, count int)
