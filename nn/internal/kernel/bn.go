package kernel

// The loops of a batch normalisation over one channel of one sample, for
// float32 data with float64 statistics. The sums' vector versions add in a
// different order than the Go loops (a few roundings apart); Normalise and
// BatchNormGrad round every operation as the Go loops do.

// SumF64 returns Σ x in float64.
func SumF64(x []float32) float64 {
	done, s := sumF64Vec(x)
	for _, v := range x[done:] {
		s += float64(v)
	}
	return s
}

// SqDevF64 returns Σ (x − mu)² in float64.
func SqDevF64(x []float32, mu float64) float64 {
	done, s := sqDevF64Vec(x, mu)
	for _, v := range x[done:] {
		d := float64(v) - mu
		s += d * d
	}
	return s
}

// SumDotF64 returns Σ d and Σ d·xh in float64, each product d·xh rounded to
// float32 first. xh must be at least as long as d.
func SumDotF64(d, xh []float32) (a, b float64) {
	xh = xh[:len(d)]
	done, a, b := sumDotF64Vec(d, xh)
	for i := done; i < len(d); i++ {
		a += float64(d[i])
		b += float64(d[i] * xh[i])
	}
	return a, b
}

// Normalise sets xh = (x − m)·inv and y = g·xh + b. x and xh must be at
// least as long as y.
func Normalise(y, xh, x []float32, m, inv, g, b float32) {
	x, xh = x[:len(y)], xh[:len(y)]
	for i := normaliseVec(y, xh, x, m, inv, g, b); i < len(y); i++ {
		h := (x[i] - m) * inv
		xh[i] = h
		y[i] = g*h + b
	}
}

// BatchNormGrad sets dx = k·(m·d − a − xh·b), the input gradient of a
// training-mode batch normalisation. d and xh must be at least as long as dx.
func BatchNormGrad(dx, d, xh []float32, k, m, a, b float32) {
	d, xh = d[:len(dx)], xh[:len(dx)]
	for i := batchNormGradVec(dx, d, xh, k, m, a, b); i < len(dx); i++ {
		dx[i] = k * (m*d[i] - a - xh[i]*b)
	}
}
