package nn

import (
	"math"

	"inkling/nn/internal/kernel"
)

// Softmax turns each row of logits into probabilities:
// p_j = exp(x_j - max x) / Σ_k exp(x_k - max x). Subtracting the row's
// maximum changes nothing mathematically and keeps exp from overflowing.
//
// Its own Backward is the full Jacobian product, used by the gradient check.
// Training with cross-entropy skips it: the fused gradient with respect to the
// logits is simply p - onehot (see Network.StepCrossEntropy).
type Softmax[T Float] struct {
	y, dx Matrix[T] // probabilities cached for Backward; input gradient
}

var _ Layer[float32] = (*Softmax[float32])(nil)

// Forward returns the row-wise softmax of x.
func (l *Softmax[T]) Forward(x *Matrix[T]) *Matrix[T] {
	l.y.ReuseAs(x.Rows, x.Cols)
	for i := 0; i < x.Rows; i++ {
		softmaxRow(l.y.Row(i), x.Row(i))
	}
	return &l.y
}

// softmaxRow writes softmax(x) into p. Sums run in float64. float32 rows take their exponentials from
// kernel.Exp (vectorised float32, within 2 ulp); float64 uses math.Exp.
func softmaxRow[T Float](p, x []T) {
	if len(x) == 0 {
		return
	}
	m := x[0]
	for _, v := range x {
		m = max(m, v)
	}
	if p32, ok := any(p).([]float32); ok {
		for j, v := range x {
			p[j] = v - m
		}
		kernel.Exp(p32, p32)
		var sum float64
		for _, e := range p32 {
			sum += float64(e)
		}
		inv := float32(1 / sum)
		for j := range p32 {
			p32[j] *= inv
		}
		return
	}
	var sum float64
	for j, v := range x {
		e := math.Exp(float64(v - m))
		p[j] = T(e)
		sum += e
	}
	inv := 1 / sum
	for j := range p {
		p[j] = T(float64(p[j]) * inv)
	}
}

// Backward returns dx_j = p_j (dy_j - Σ_k dy_k p_k).
func (l *Softmax[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	mustShape("Softmax dy", dy, l.y.Rows, l.y.Cols)
	l.dx.ReuseAs(dy.Rows, dy.Cols)
	for i := 0; i < dy.Rows; i++ {
		p, g, d := l.y.Row(i), dy.Row(i), l.dx.Row(i)
		var dot T
		for j := range p {
			dot += g[j] * p[j]
		}
		for j := range p {
			d[j] = p[j] * (g[j] - dot)
		}
	}
	return &l.dx
}

// Params is empty.
func (l *Softmax[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *Softmax[T]) Spec() Spec { return Spec{Type: "softmax"} }
