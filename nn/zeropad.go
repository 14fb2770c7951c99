package nn

// ZeroPad adds Pad rows of zeros below and Pad columns to the right of
// C×H×W images. With a valid convolution after it, it gives TensorFlow's
// 'same' padding for stride 2 on even sizes, which pads only the bottom and
// right (MobileNet's downsampling layers).
type ZeroPad[T Float] struct {
	C, H, W, Pad int
	y, dx        Matrix[T] // (N, C·(H+Pad)·(W+Pad)), (N, C·H·W)
}

var _ Layer[float32] = (*ZeroPad[float32])(nil)

// Forward returns the padded images.
func (l *ZeroPad[T]) Forward(x *Matrix[T]) *Matrix[T] {
	mustCols("ZeroPad input", x, l.C*l.H*l.W)
	h2, w2 := l.H+l.Pad, l.W+l.Pad
	l.y.ReuseAs(x.Rows, l.C*h2*w2)
	l.y.Zero()
	for n := 0; n < x.Rows; n++ {
		in, out := x.Row(n), l.y.Row(n)
		for c := 0; c < l.C; c++ {
			for i := 0; i < l.H; i++ {
				copy(out[(c*h2+i)*w2:], in[(c*l.H+i)*l.W:(c*l.H+i+1)*l.W])
			}
		}
	}
	return &l.y
}

// Backward crops the padding off dy.
func (l *ZeroPad[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	h2, w2 := l.H+l.Pad, l.W+l.Pad
	mustShape("ZeroPad dy", dy, l.y.Rows, l.C*h2*w2)
	l.dx.ReuseAs(dy.Rows, l.C*l.H*l.W)
	for n := 0; n < dy.Rows; n++ {
		d, dx := dy.Row(n), l.dx.Row(n)
		for c := 0; c < l.C; c++ {
			for i := 0; i < l.H; i++ {
				copy(dx[(c*l.H+i)*l.W:(c*l.H+i+1)*l.W], d[(c*h2+i)*w2:])
			}
		}
	}
	return &l.dx
}

// Params is empty.
func (l *ZeroPad[T]) Params() []Param[T] { return nil }

// Spec describes the layer: Pad is the bottom and right padding.
func (l *ZeroPad[T]) Spec() Spec {
	return Spec{Type: "zeropad", C: l.C, H: l.H, W: l.W, Pad: l.Pad}
}
