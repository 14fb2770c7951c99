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

//go:noescape
func momentumAVX2(w, v, grad *float32, n int, mu, lr float32)

//go:noescape
func sigmoidGradAVX2(dx, dy, y *float32, n int)

//go:noescape
func sgdAVX2(w, grad *float32, n int, lr float32)
