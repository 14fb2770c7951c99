//go:build amd64 && !purego

package kernel

// momentumVec does MomentumStep on the longest prefix that is a multiple of 8 (clearing g there) and
// returns its length.
func momentumVec(w, v, g []float32, mu, lr float32) int {
	n := len(w) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_, _ = v[n-1], g[n-1] // bounds
	momentumAVX2(&w[0], &v[0], &g[0], n, mu, lr)
	return n
}

// sgdVec does SGDStep on the longest prefix that is a multiple of 8 (clearing g there) and returns
// its length.
func sgdVec(w, g []float32, lr float32) int {
	n := len(w) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_ = g[n-1] // bounds
	sgdAVX2(&w[0], &g[0], n, lr)
	return n
}

// sigmoidGradVec does SigmoidGrad on the longest prefix that is a multiple of 8 and returns its length.
func sigmoidGradVec(dx, dy, y []float32) int {
	n := len(dx) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_, _ = dy[n-1], y[n-1] // bounds
	sigmoidGradAVX2(&dx[0], &dy[0], &y[0], n)
	return n
}

// squaredErrorVec does SquaredError on the longest prefix that is a multiple of 8 and returns its
// length and loss.
func squaredErrorVec(d, y, t []float32, sigmoid bool) (int, float64) {
	n := len(d) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0, 0
	}
	_, _ = y[n-1], t[n-1] // bounds
	sig := 0
	if sigmoid {
		sig = 1
	}
	return n, squaredErrorAVX2(&d[0], &y[0], &t[0], n, sig)
}

// addVec does Add on the longest prefix that is a multiple of 8 and returns its length.
func addVec(dst, src []float32) int {
	n := len(dst) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	_ = src[n-1] // bounds
	addAVX2(&dst[0], &src[0], n)
	return n
}

//go:noescape
func addAVX2(dst, src *float32, n int)

//go:noescape
func squaredErrorAVX2(d, y, t *float32, n, sigmoid int) float64

//go:noescape
func momentumAVX2(w, v, grad *float32, n int, mu, lr float32)

//go:noescape
func sigmoidGradAVX2(dx, dy, y *float32, n int)

//go:noescape
func sgdAVX2(w, grad *float32, n int, lr float32)
