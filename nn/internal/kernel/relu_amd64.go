//go:build amd64 && !purego

package kernel

// reluVec does ReLU on the longest prefix that is a multiple of 8 and returns its length.
func reluVec(dst, src []float32) int {
	n := len(dst) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_ = src[n-1] // bounds
	reluAVX2(&dst[0], &src[0], n)
	return n
}

// reluGradVec does ReLUGrad on the longest prefix that is a multiple of 8 and returns its length.
func reluGradVec(dx, dy, y []float32) int {
	n := len(dx) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_, _ = dy[n-1], y[n-1] // bounds
	reluGradAVX2(&dx[0], &dy[0], &y[0], n)
	return n
}

//go:noescape
func reluAVX2(dst, src *float32, n int)

//go:noescape
func reluGradAVX2(dx, dy, y *float32, n int)
