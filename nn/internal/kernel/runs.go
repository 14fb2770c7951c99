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
