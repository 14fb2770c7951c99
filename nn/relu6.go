package nn

// ReLU6 is min(max(0, x), 6), MobileNet's activation.
type ReLU6[T Float] struct {
	y, dx Matrix[T] // 0 < y < 6 is the mask Backward needs
}

var _ Layer[float32] = (*ReLU6[float32])(nil)

// Forward returns min(max(0, x), 6).
func (l *ReLU6[T]) Forward(x *Matrix[T]) *Matrix[T] {
	l.y.ReuseAs(x.Rows, x.Cols)
	for i, v := range x.Data {
		l.y.Data[i] = min(max(v, 0), 6)
	}
	return &l.y
}

// Backward passes dy where 0 < x < 6.
func (l *ReLU6[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	mustShape("ReLU6 dy", dy, l.y.Rows, l.y.Cols)
	l.dx.ReuseAs(dy.Rows, dy.Cols)
	for i, g := range dy.Data {
		if y := l.y.Data[i]; y > 0 && y < 6 {
			l.dx.Data[i] = g
		} else {
			l.dx.Data[i] = 0
		}
	}
	return &l.dx
}

// Params is empty.
func (l *ReLU6[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *ReLU6[T]) Spec() Spec { return Spec{Type: "relu6"} }
