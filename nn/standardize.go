package nn

import (
	"fmt"
	"math"
)

// Standardize is a fixed per-feature affine map, y = (x - Mean)·Scale, that
// puts inputs on a scale gradient descent handles well (centred, unit
// spread). It has no trainable parameters: Mean and Scale are set from the
// training data before training. FoldStandardize merges it into the Dense
// layer that follows, so the network that ships has exactly the trained
// architecture and takes raw inputs.
type Standardize[T Float] struct {
	Mean, Scale *Matrix[T] // (1, in) each
	y, dx       Matrix[T]
}

var _ Layer[float32] = (*Standardize[float32])(nil)

// NewStandardize returns the map that centres each of the in features of the
// rows of data (N, in) on its mean and divides all of them by one common
// standard deviation. One scale for all features keeps constant border
// pixels from being blown up by a tiny per-pixel spread.
func NewStandardize[T Float, S Float](data []S, in int) *Standardize[T] {
	if in <= 0 || len(data) == 0 || len(data)%in != 0 {
		panic(fmt.Sprintf("nn: NewStandardize with %d values for %d features", len(data), in))
	}
	n := len(data) / in
	mean := make([]float64, in)
	for i, v := range data {
		mean[i%in] += float64(v)
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	var ss float64
	for i, v := range data {
		d := float64(v) - mean[i%in]
		ss += d * d
	}
	sd := 1.0
	if ss > 0 {
		sd = math.Sqrt(ss / float64(len(data)))
	}
	l := newStandardize[T](in)
	for j := range mean {
		l.Mean.Data[j] = T(mean[j])
		l.Scale.Data[j] = T(1 / sd)
	}
	return l
}

func newStandardize[T Float](in int) *Standardize[T] {
	return &Standardize[T]{Mean: NewMatrix[T](1, in), Scale: NewMatrix[T](1, in)}
}

// Forward returns (x - Mean)·Scale.
func (l *Standardize[T]) Forward(x *Matrix[T]) *Matrix[T] {
	mustCols("Standardize input", x, l.Mean.Cols)
	l.y.ReuseAs(x.Rows, x.Cols)
	m, s := l.Mean.Data, l.Scale.Data
	for i := 0; i < x.Rows; i++ {
		in, out := x.Row(i), l.y.Row(i)
		for j, v := range in {
			out[j] = (v - m[j]) * s[j]
		}
	}
	return &l.y
}

// Backward returns dy·Scale.
func (l *Standardize[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	l.dx.ReuseAs(dy.Rows, dy.Cols)
	s := l.Scale.Data
	for i := 0; i < dy.Rows; i++ {
		in, out := dy.Row(i), l.dx.Row(i)
		for j, g := range in {
			out[j] = g * s[j]
		}
	}
	return &l.dx
}

// Params lists Mean and Scale, saved but never trained.
func (l *Standardize[T]) Params() []Param[T] {
	return []Param[T]{{"Mean", l.Mean, nil}, {"Scale", l.Scale, nil}}
}

// Spec describes the layer.
func (l *Standardize[T]) Spec() Spec {
	return Spec{Type: "standardize", In: l.Mean.Cols, Out: l.Mean.Cols}
}

// FoldStandardize merges a leading Standardize into the Dense layer after it:
// with x' = (x - m)·s, x'·W + B = x·W' + B' where W'[i,j] = s[i]·W[i,j] and
// B'[j] = B[j] - Σ_i m[i]·s[i]·W[i,j]. It returns false, changing nothing,
// when the network does not start with Standardize then Dense.
func FoldStandardize[T Float](n *Network[T]) bool {
	if len(n.Layers) < 2 {
		return false
	}
	st, ok1 := n.Layers[0].(*Standardize[T])
	d, ok2 := n.Layers[1].(*Dense[T])
	if !ok1 || !ok2 {
		return false
	}
	in, out := d.W.Rows, d.W.Cols
	shift := make([]float64, out) // Σ_i m[i]·s[i]·W[i,j], summed in float64
	for i := 0; i < in; i++ {
		m, s := float64(st.Mean.Data[i]), float64(st.Scale.Data[i])
		row := d.W.Row(i)
		for j := 0; j < out; j++ {
			w := float64(row[j]) * s
			shift[j] += m * w
			row[j] = T(w)
		}
	}
	for j, v := range shift {
		d.B.Data[j] = T(float64(d.B.Data[j]) - v)
	}
	n.Layers = n.Layers[1:]
	return true
}
