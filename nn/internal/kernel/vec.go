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

// SquaredError sets d = 2(y-t) and returns Σ (y-t)², the summed squared error of output y against
// target t and its gradient. With sigmoid, y is the output of a sigmoid and d is the gradient with
// respect to that sigmoid's input, (2(y-t)·y)·(1-y): the loss and the sigmoid's derivative in one pass,
// with the same float32 operations as SigmoidGrad applied to 2(y-t). The gradient is bit-identical to
// the plain Go loop; the loss is summed in float64 (products of float32 are exact there), in another
// order. All three must have the same length.
func SquaredError(d, y, t []float32, sigmoid bool) float64 {
	y, t = y[:len(d)], t[:len(d)]
	done, loss := squaredErrorVec(d, y, t, sigmoid)
	for i := done; i < len(d); i++ {
		e := y[i] - t[i]
		loss += float64(e) * float64(e)
		if sigmoid {
			d[i] = 2 * e * y[i] * (1 - y[i])
		} else {
			d[i] = 2 * e
		}
	}
	return loss
}

// Add sets dst += src, element by element (a bias added to a row, or a row summed into a bias
// gradient). src must be at least as long as dst.
func Add(dst, src []float32) {
	src = src[:len(dst)]
	done := addVec(dst, src)
	for i := done; i < len(dst); i++ {
		dst[i] += src[i]
	}
}
