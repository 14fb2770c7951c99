package kernel

// ReLU sets dst = max(src, 0) element by element, with Go's max: NaN stays
// NaN and −0 becomes +0. src must be at least as long as dst.
func ReLU(dst, src []float32) {
	src = src[:len(dst)]
	for i := reluVec(dst, src); i < len(dst); i++ {
		dst[i] = max(src[i], 0)
	}
}

// ReLUGrad sets dx = dy where y > 0 and +0 elsewhere (a NaN y included):
// ReLU's backward pass from its output y. dy and y must be at least as long
// as dx.
func ReLUGrad(dx, dy, y []float32) {
	dy, y = dy[:len(dx)], y[:len(dx)]
	for i := reluGradVec(dx, dy, y); i < len(dx); i++ {
		if y[i] > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = 0
		}
	}
}
