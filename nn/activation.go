package nn

import (
	"math"

	"inkling/nn/internal/kernel"
)

// Activations are element-wise and keep their shape. Each caches its output,
// from which its derivative follows, except ReLU, which only needs its sign.

// Sigmoid is σ(x) = 1/(1+e^-x), with σ'(x) = σ(x)(1-σ(x)).
type Sigmoid[T Float] struct {
	y, dx Matrix[T] // output cached for Backward; input gradient
}

// Tanh is tanh(x), with tanh'(x) = 1 - tanh²(x).
type Tanh[T Float] struct {
	y, dx Matrix[T]
}

// ReLU is max(0, x).
type ReLU[T Float] struct {
	Workers int       // goroutines over the batch's rows; 0 or 1: the calling one
	y, dx   Matrix[T] // y > 0 is the mask Backward needs
}

var (
	_ Layer[float32] = (*Sigmoid[float32])(nil)
	_ Layer[float32] = (*Tanh[float32])(nil)
	_ Layer[float32] = (*ReLU[float32])(nil)
)

// sigmoid is written so that neither branch overflows.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Forward returns σ(x). float32 goes through kernel.Sigmoid, a vectorised float32 exp within 3 ulp
// of σ (the autoencoder's training spent about 60 % of its time in float64 math.Exp here); float64
// stays exact for the gradient checks.
func (l *Sigmoid[T]) Forward(x *Matrix[T]) *Matrix[T] {
	l.y.ReuseAs(x.Rows, x.Cols)
	if y, ok := any(l.y.Data).([]float32); ok {
		kernel.Sigmoid(y, any(x.Data).([]float32))
		return &l.y
	}
	for i, v := range x.Data {
		l.y.Data[i] = T(sigmoid(float64(v)))
	}
	return &l.y
}

// Backward returns dy·σ(x)(1-σ(x)).
func (l *Sigmoid[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	mustShape("Sigmoid dy", dy, l.y.Rows, l.y.Cols)
	l.dx.ReuseAs(dy.Rows, dy.Cols)
	if dx, ok := any(l.dx.Data).([]float32); ok { // the same float32 operations, 8 lanes at a time
		kernel.SigmoidGrad(dx, any(dy.Data).([]float32), any(l.y.Data).([]float32))
		return &l.dx
	}
	for i, g := range dy.Data {
		y := l.y.Data[i]
		l.dx.Data[i] = g * y * (1 - y)
	}
	return &l.dx
}

// Params is empty.
func (l *Sigmoid[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *Sigmoid[T]) Spec() Spec { return Spec{Type: "sigmoid"} }

// Forward returns tanh(x). float32 uses tanh(x) = 2σ(2x) - 1 through kernel.Sigmoid where |x| ≥ 0.5,
// which keeps its error within a few ulp there, and math.Tanh nearer 0, where that form would cancel;
// float64 is exact.
func (l *Tanh[T]) Forward(x *Matrix[T]) *Matrix[T] {
	l.y.ReuseAs(x.Rows, x.Cols)
	if y, ok := any(l.y.Data).([]float32); ok {
		tanh32(y, any(x.Data).([]float32))
		return &l.y
	}
	for i, v := range x.Data {
		l.y.Data[i] = T(math.Tanh(float64(v)))
	}
	return &l.y
}

// tanh32 sets y = tanh(x) for float32; see Tanh.Forward.
func tanh32(y, x []float32) {
	for i, v := range x {
		y[i] = 2 * v
	}
	kernel.Sigmoid(y, y)
	for i, v := range x {
		if math.Abs(float64(v)) < 0.5 { // 0.5: below it 2σ(2x)-1 loses more than a few bits to cancellation
			y[i] = float32(math.Tanh(float64(v)))
		} else {
			y[i] = 2*y[i] - 1
		}
	}
}

// Backward returns dy·(1-tanh²(x)).
func (l *Tanh[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	mustShape("Tanh dy", dy, l.y.Rows, l.y.Cols)
	l.dx.ReuseAs(dy.Rows, dy.Cols)
	for i, g := range dy.Data {
		y := l.y.Data[i]
		l.dx.Data[i] = g * (1 - y*y)
	}
	return &l.dx
}

// Params is empty.
func (l *Tanh[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *Tanh[T]) Spec() Spec { return Spec{Type: "tanh"} }

// Forward returns max(0, x). float32 runs through kernel.ReLU: the same
// values 8 lanes at a time, without the branches of the scalar max.
func (l *ReLU[T]) Forward(x *Matrix[T]) *Matrix[T] {
	l.y.ReuseAs(x.Rows, x.Cols)
	if y, ok := any(l.y.Data).([]float32); ok {
		src, c := any(x.Data).([]float32), x.Cols
		if l.Workers > 1 && x.Rows > 1 { // element-wise: any cut gives the same values
			rowSplit(x.Rows, l.Workers, func(a, b int) { kernel.ReLU(y[a*c:b*c], src[a*c:b*c]) })
		} else {
			kernel.ReLU(y, src)
		}
		return &l.y
	}
	for i, v := range x.Data {
		l.y.Data[i] = max(v, 0)
	}
	return &l.y
}

// Backward passes dy where x > 0 and zero elsewhere.
func (l *ReLU[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	mustShape("ReLU dy", dy, l.y.Rows, l.y.Cols)
	l.dx.ReuseAs(dy.Rows, dy.Cols)
	if dx, ok := any(l.dx.Data).([]float32); ok {
		g, y, c := any(dy.Data).([]float32), any(l.y.Data).([]float32), dy.Cols
		if l.Workers > 1 && dy.Rows > 1 {
			rowSplit(dy.Rows, l.Workers, func(a, b int) { kernel.ReLUGrad(dx[a*c:b*c], g[a*c:b*c], y[a*c:b*c]) })
		} else {
			kernel.ReLUGrad(dx, g, y)
		}
		return &l.dx
	}
	for i, g := range dy.Data {
		if l.y.Data[i] > 0 {
			l.dx.Data[i] = g
		} else {
			l.dx.Data[i] = 0
		}
	}
	return &l.dx
}

// SetWorkers sets Workers (see Network.SetWorkers).
func (l *ReLU[T]) SetWorkers(n int) { l.Workers = n }

// Params is empty.
func (l *ReLU[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *ReLU[T]) Spec() Spec { return Spec{Type: "relu"} }
