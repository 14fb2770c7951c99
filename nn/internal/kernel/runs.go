package kernel

import "fmt"

// CopyRuns copies n runs of m values that lie lds apart in src to places
// ldd apart in dst: dst[r·ldd+j] = src[r·lds+j] for r < n, j < m. It is the
// inner loop of a convolution's im2col (one output row of a window offset
// per run), where runs are too short for copy to pay its call.
func CopyRuns(dst []float32, ldd int, src []float32, lds int, m, n int) {
	if !checkRuns(len(dst), ldd, len(src), lds, m, n) {
		return
	}
	r := copyRunsVec(dst, ldd, src, lds, m, n)
	for ; r < n; r++ {
		copy(dst[r*ldd:r*ldd+m], src[r*lds:r*lds+m])
	}
}

// AddRuns is CopyRuns adding instead of copying: dst[r·ldd+j] += src[r·lds+j]
// (col2im's inner loop), with the same single rounding per element as the
// Go loop.
func AddRuns(dst []float32, ldd int, src []float32, lds int, m, n int) {
	if !checkRuns(len(dst), ldd, len(src), lds, m, n) {
		return
	}
	r := addRunsVec(dst, ldd, src, lds, m, n)
	for ; r < n; r++ {
		d, s := dst[r*ldd:r*ldd+m], src[r*lds:r*lds+m]
		for j, v := range s {
			d[j] += v
		}
	}
}

// CopyBlocks is CopyRuns on count blocks of runs, block t from src[t·sstep:]
// to dst[t·dstep:]: im2col's loop over the columns v of a window row, whose
// runs start one pixel further on in the image each time, in one call.
func CopyBlocks(dst []float32, ldd, dstep int, src []float32, lds, sstep int, m, n, count int) {
	if count <= 0 || !checkBlocks(len(dst), ldd, dstep, len(src), lds, sstep, m, n, count) {
		return
	}
	for t := 0; t < count; t++ {
		d, s := dst[t*dstep:], src[t*sstep:]
		for r := copyRunsVec(d, ldd, s, lds, m, n); r < n; r++ {
			copy(d[r*ldd:r*ldd+m], s[r*lds:r*lds+m])
		}
	}
}

// AddBlocks is AddRuns on count blocks of runs, block t from src[t·sstep:]
// onto dst[t·dstep:], in the order of t: col2im's loop over the columns v of
// a window row.
func AddBlocks(dst []float32, ldd, dstep int, src []float32, lds, sstep int, m, n, count int) {
	if count <= 0 || !checkBlocks(len(dst), ldd, dstep, len(src), lds, sstep, m, n, count) {
		return
	}
	if addBlocksVec(dst, ldd, dstep, src, lds, sstep, m, n, count) {
		return
	}
	for t := 0; t < count; t++ {
		d, s := dst[t*dstep:], src[t*sstep:]
		for r := addRunsVec(d, ldd, s, lds, m, n); r < n; r++ {
			dr, sr := d[r*ldd:r*ldd+m], s[r*lds:r*lds+m]
			for j, v := range sr {
				dr[j] += v
			}
		}
	}
}

// checkBlocks is checkRuns for the last of count blocks, which reaches
// furthest when the steps are not negative.
func checkBlocks(ld, ldd, dstep, ls, lds, sstep, m, n, count int) bool {
	if dstep < 0 || sstep < 0 {
		panic(fmt.Sprintf("kernel: blocks of runs with steps %d, %d", dstep, sstep))
	}
	return checkRuns(ld-(count-1)*dstep, ldd, ls-(count-1)*sstep, lds, m, n)
}

// checkRuns reports whether there is anything to do and panics when the
// runs do not fit their slices.
func checkRuns(ld, ldd, ls, lds, m, n int) bool {
	if m <= 0 || n <= 0 {
		return false
	}
	if ldd < 0 || lds < 0 || (n-1)*ldd+m > ld || (n-1)*lds+m > ls {
		panic(fmt.Sprintf("kernel: %d runs of %d with strides %d, %d over slices of %d, %d", n, m, ldd, lds, ld, ls))
	}
	return true
}
