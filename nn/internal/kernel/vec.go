package kernel

// Element-wise float32 loops of training that Go compiles to scalar code: the autoencoder's step spent
// about 40 % of its time in them (SGD's update over 70k weights, sigmoid's derivative over 36×1024
// outputs), against numpy's vectorised loops. Each does exactly the float32 operations of the plain
// Go loop it replaces, in the same order and without fused multiply-adds, so results are bit-identical;
// on amd64 with AVX2 the bulk runs 8 lanes at a time.

// MomentumStep does SGD with momentum on one parameter: v = mu·v - lr·g, then w += v, then g = 0
// (each product rounded on its own, as in Go). w, v and g must have the same length.
func MomentumStep(w, v, g []float32, mu, lr float32) {
	v, g = v[:len(w)], g[:len(w)]
	done := momentumVec(w, v, g, mu, lr)
	for j := done; j < len(w); j++ {
		v[j] = mu*v[j] - lr*g[j]
		w[j] += v[j]
	}
	clear(g[done:])
}

// SGDStep does plain SGD on one parameter: w -= lr·g, then g = 0. w and g must have the same length.
func SGDStep(w, g []float32, lr float32) {
	g = g[:len(w)]
	done := sgdVec(w, g, lr)
	for j := done; j < len(w); j++ {
		w[j] -= lr * g[j]
	}
	clear(g[done:])
}

// SigmoidGrad sets dx = dy·y·(1-y), evaluated as (dy·y)·(1-y), where y = σ(x) was the output.
// All three must have the same length.
func SigmoidGrad(dx, dy, y []float32) {
	dy, y = dy[:len(dx)], y[:len(dx)]
	done := sigmoidGradVec(dx, dy, y)
	for i := done; i < len(dx); i++ {
		dx[i] = dy[i] * y[i] * (1 - y[i])
	}
}
