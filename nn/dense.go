package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Dense is a fully connected layer: y = x·W + B.
type Dense[T Float] struct {
	W, B   *Matrix[T] // (in, out), (1, out)
	dW, dB *Matrix[T] // gradients, same shapes; Backward accumulates into them
	x      *Matrix[T] // (N, in) input cached by Forward for Backward
	y, dx  Matrix[T]  // (N, out), (N, in) output and input-gradient buffers
}

var _ Layer[float32] = (*Dense[float32])(nil)

// NewDense returns an in→out layer with Xavier-uniform weights
// (bound sqrt(6/(in+out)), Glorot & Bengio 2010) and zero bias.
func NewDense[T Float](in, out int, rng *rand.Rand) *Dense[T] {
	l := newDense[T](in, out)
	XavierUniform(l.W, in, out, rng)
	return l
}

// newDense returns an in→out layer with zero weights.
func newDense[T Float](in, out int) *Dense[T] {
	if in <= 0 || out <= 0 {
		panic(fmt.Sprintf("nn: Dense(%d, %d)", in, out))
	}
	return &Dense[T]{
		W: NewMatrix[T](in, out), B: NewMatrix[T](1, out),
		dW: NewMatrix[T](in, out), dB: NewMatrix[T](1, out),
	}
}

// XavierUniform fills w with U(-a, a), a = sqrt(6/(fanIn+fanOut)).
func XavierUniform[T Float](w *Matrix[T], fanIn, fanOut int, rng *rand.Rand) {
	a := math.Sqrt(6 / float64(fanIn+fanOut))
	for i := range w.Data {
		w.Data[i] = T((2*rng.Float64() - 1) * a)
	}
}

// Forward returns x·W + B.
func (l *Dense[T]) Forward(x *Matrix[T]) *Matrix[T] {
	mustCols("Dense input", x, l.W.Rows)
	l.x = x
	matMul(&l.y, x, false, l.W, false, false)
	for i := 0; i < l.y.Rows; i++ {
		addTo(l.y.Row(i), l.B.Data)
	}
	return &l.y
}

// Backward accumulates dW += xᵀ·dy and dB += Σ dy, and returns dx = dy·Wᵀ.
func (l *Dense[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	mustShape("Dense dy", dy, l.x.Rows, l.W.Cols)
	matMul(l.dW, l.x, true, dy, false, true)
	for i := 0; i < dy.Rows; i++ {
		addTo(l.dB.Data, dy.Row(i))
	}
	if !wantDx {
		return nil
	}
	matMul(&l.dx, dy, false, l.W, true, false)
	return &l.dx
}

// Params returns W and B with their gradients.
func (l *Dense[T]) Params() []Param[T] {
	return []Param[T]{{"W", l.W, l.dW}, {"B", l.B, l.dB}}
}

// Spec describes the layer.
func (l *Dense[T]) Spec() Spec {
	return Spec{Type: "dense", In: l.W.Rows, Out: l.W.Cols}
}
