package nn

// Flatten marks the point where images become feature vectors. Rows are
// already flat (C×H×W in order), so it passes values through unchanged; it
// exists so that an architecture reads like its diagram and so the weights
// file records the image shape the next layer sees.
type Flatten[T Float] struct {
	C, H, W int // the image shape of each row
}

var _ Layer[float32] = (*Flatten[float32])(nil)

// Forward returns x itself.
func (l *Flatten[T]) Forward(x *Matrix[T]) *Matrix[T] {
	mustCols("Flatten input", x, l.C*l.H*l.W)
	return x
}

// Backward returns dy itself.
func (l *Flatten[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	return dy
}

// Params is empty.
func (l *Flatten[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *Flatten[T]) Spec() Spec { return Spec{Type: "flatten", C: l.C, H: l.H, W: l.W} }
