package nn

import (
	"fmt"
	"math/rand/v2"
)

// Dropout zeroes each input with probability Rate while training and scales
// the survivors by 1/(1−Rate) ("inverted" dropout, Srivastava et al. 2014),
// so that inference is the identity and needs no rescaling.
type Dropout[T Float] struct {
	Rate float64
	Rng  *rand.Rand // draws the masks; must be set before training

	training bool
	mask     []T       // (N·in) 0 or 1/(1−Rate) per input, cached for Backward
	y, dx    Matrix[T] // (N, in)
}

var _ Layer[float32] = (*Dropout[float32])(nil)

// NewDropout returns a dropout layer drawing its masks from rng.
func NewDropout[T Float](rate float64, rng *rand.Rand) *Dropout[T] {
	if !(rate >= 0 && rate < 1) {
		panic(fmt.Sprintf("nn: Dropout rate %v", rate))
	}
	return &Dropout[T]{Rate: rate, Rng: rng}
}

// SetTraining turns the random masks on or off.
func (l *Dropout[T]) SetTraining(on bool) { l.training = on }

// Forward returns x·mask while training and x otherwise.
func (l *Dropout[T]) Forward(x *Matrix[T]) *Matrix[T] {
	l.y.ReuseAs(x.Rows, x.Cols)
	if !l.training || l.Rate == 0 {
		l.mask = l.mask[:0]
		copy(l.y.Data, x.Data)
		return &l.y
	}
	if l.Rng == nil {
		panic("nn: Dropout trained without a random source")
	}
	if cap(l.mask) < len(x.Data) {
		l.mask = make([]T, len(x.Data))
	}
	l.mask = l.mask[:len(x.Data)]
	keep := T(1 / (1 - l.Rate))
	for i, v := range x.Data {
		if l.Rng.Float64() < l.Rate {
			l.mask[i] = 0
		} else {
			l.mask[i] = keep
		}
		l.y.Data[i] = v * l.mask[i]
	}
	return &l.y
}

// Backward returns dy·mask (dy when the last Forward was not training).
func (l *Dropout[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	mustShape("Dropout dy", dy, l.y.Rows, l.y.Cols)
	l.dx.ReuseAs(dy.Rows, dy.Cols)
	if len(l.mask) == 0 {
		copy(l.dx.Data, dy.Data)
		return &l.dx
	}
	for i, d := range dy.Data {
		l.dx.Data[i] = d * l.mask[i]
	}
	return &l.dx
}

// Params is empty.
func (l *Dropout[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *Dropout[T]) Spec() Spec { return Spec{Type: "dropout", Rate: l.Rate} }
