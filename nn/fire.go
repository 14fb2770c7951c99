package nn

import (
	"fmt"
	"math/rand/v2"
)

// Fire is SqueezeNet's fire module (Iandola et al. 2016) over C×H×W images:
// a 1×1 "squeeze" convolution to S channels and a ReLU, then two "expand"
// convolutions of E filters each, 1×1 and 3×3 ('same' padding), each with a
// ReLU, concatenated on the channel axis, expand1x1 first. Its output rows
// are 2E×H×W: since rows are C×H×W, concatenating channels is placing the
// two outputs one after the other.
type Fire[T Float] struct {
	Squeeze, Expand1, Expand3 *Conv2D[T]

	relu1, relu2, relu3 ReLU[T]   // after squeeze, expand1x1, expand3x3
	y, ds, dz           Matrix[T] // (N, 2E·H·W) output; (N, S·H·W) squeeze gradient; (N, E·H·W) scratch
}

var _ Layer[float32] = (*Fire[float32])(nil)

// NewFire returns a fire module on c×h×w images with s squeeze and e expand
// filters of each size, He-initialised.
func NewFire[T Float](c, h, w, s, e int, rng *rand.Rand) *Fire[T] {
	return &Fire[T]{
		Squeeze: NewConv2D[T](ConvShape{C: c, H: h, W: w, Size: 1, Stride: 1}, s, rng),
		Expand1: NewConv2D[T](ConvShape{C: s, H: h, W: w, Size: 1, Stride: 1}, e, rng),
		Expand3: NewConv2D[T](ConvShape{C: s, H: h, W: w, Size: 3, Stride: 1, Pad: 1}, e, rng),
	}
}

// newFire returns a fire module with zero weights.
func newFire[T Float](c, h, w, s, e int) *Fire[T] {
	if s <= 0 || e <= 0 {
		panic(fmt.Sprintf("nn: Fire with %d squeeze and %d expand filters", s, e))
	}
	return &Fire[T]{
		Squeeze: newConv2D[T](ConvShape{C: c, H: h, W: w, Size: 1, Stride: 1}, s),
		Expand1: newConv2D[T](ConvShape{C: s, H: h, W: w, Size: 1, Stride: 1}, e),
		Expand3: newConv2D[T](ConvShape{C: s, H: h, W: w, Size: 3, Stride: 1, Pad: 1}, e),
	}
}

// SetWorkers sets the goroutines each inner convolution may use.
func (l *Fire[T]) SetWorkers(n int) {
	l.Squeeze.Workers, l.Expand1.Workers, l.Expand3.Workers = n, n, n
}

// Forward returns [relu(expand1x1(s)), relu(expand3x3(s))], s = relu(squeeze(x)).
func (l *Fire[T]) Forward(x *Matrix[T]) *Matrix[T] {
	s := l.relu1.Forward(l.Squeeze.Forward(x))
	a := l.relu2.Forward(l.Expand1.Forward(s))
	b := l.relu3.Forward(l.Expand3.Forward(s))
	l.y.ReuseAs(x.Rows, a.Cols+b.Cols)
	for n := 0; n < x.Rows; n++ {
		row := l.y.Row(n)
		copy(row, a.Row(n))
		copy(row[a.Cols:], b.Row(n))
	}
	return &l.y
}

// Backward splits dy between the two expand branches, adds their gradients
// on the squeeze output and propagates that through the squeeze.
func (l *Fire[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	half := l.Expand1.OutSize()
	mustShape("Fire dy", dy, l.y.Rows, 2*half)
	l.dz.ReuseAs(dy.Rows, half)
	for n := 0; n < dy.Rows; n++ {
		copy(l.dz.Row(n), dy.Row(n)[:half])
	}
	ds := l.Expand1.Backward(l.relu2.Backward(&l.dz, true), true)
	l.ds.CopyFrom(ds)
	for n := 0; n < dy.Rows; n++ {
		copy(l.dz.Row(n), dy.Row(n)[half:])
	}
	ds = l.Expand3.Backward(l.relu3.Backward(&l.dz, true), true)
	for i, v := range ds.Data {
		l.ds.Data[i] += v
	}
	return l.Squeeze.Backward(l.relu1.Backward(&l.ds, true), wantDx)
}

// Params returns the three convolutions' weights and biases, squeeze first.
func (l *Fire[T]) Params() []Param[T] {
	return []Param[T]{
		{"squeeze.W", l.Squeeze.W, l.Squeeze.dW}, {"squeeze.B", l.Squeeze.B, l.Squeeze.dB},
		{"expand1.W", l.Expand1.W, l.Expand1.dW}, {"expand1.B", l.Expand1.B, l.Expand1.dB},
		{"expand3.W", l.Expand3.W, l.Expand3.dW}, {"expand3.B", l.Expand3.B, l.Expand3.dB},
	}
}

// Spec describes the layer: K is the expand filters of each size.
func (l *Fire[T]) Spec() Spec {
	g := l.Squeeze.Shape
	return Spec{Type: "fire", C: g.C, H: g.H, W: g.W, Squeeze: l.Squeeze.K, K: l.Expand1.K}
}
