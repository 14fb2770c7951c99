// Package nn is inkling's neural-network library, written from first principles:
// layers with hand-derived backward passes, losses, optimisers, metrics and the
// one weights format shared by the native trainer and the browser.
//
// Every activation is a row-major matrix with one sample per row, (N, features).
// Layers that see images (convolutions, pooling) read each row as C×H×W.
// The numeric type is a parameter: training and the browser use float32, the
// gradient checks use float64 so central differences are meaningful.
package nn

import "fmt"

// Float is the element type of a network: float32 for training and inference,
// float64 for gradient checks.
type Float interface {
	~float32 | ~float64
}

// Matrix is a dense row-major matrix: row i is Data[i*Cols : (i+1)*Cols].
type Matrix[T Float] struct {
	Rows, Cols int
	Data       []T
}

// NewMatrix returns a zeroed r×c matrix.
func NewMatrix[T Float](r, c int) *Matrix[T] {
	return &Matrix[T]{Rows: r, Cols: c, Data: make([]T, r*c)}
}

// FromSlice returns an r×c matrix backed by data (not copied).
func FromSlice[T Float](r, c int, data []T) *Matrix[T] {
	if len(data) != r*c {
		panic(fmt.Sprintf("nn: FromSlice(%d, %d) with %d values", r, c, len(data)))
	}
	return &Matrix[T]{Rows: r, Cols: c, Data: data}
}

// ReuseAs reshapes m to r×c, reusing its storage when it is large enough.
// The contents are unspecified afterwards. It allocates only when m grows.
func (m *Matrix[T]) ReuseAs(r, c int) {
	n := r * c
	if cap(m.Data) < n {
		m.Data = make([]T, n)
	}
	m.Rows, m.Cols, m.Data = r, c, m.Data[:n]
}

// Row returns row i, sharing storage with m.
func (m *Matrix[T]) Row(i int) []T {
	return m.Data[i*m.Cols : (i+1)*m.Cols]
}

// Zero sets every element to 0.
func (m *Matrix[T]) Zero() {
	clear(m.Data)
}

// CopyFrom makes m an exact copy of src, reusing m's storage.
func (m *Matrix[T]) CopyFrom(src *Matrix[T]) {
	m.ReuseAs(src.Rows, src.Cols)
	copy(m.Data, src.Data)
}

// Clone returns a deep copy of m.
func (m *Matrix[T]) Clone() *Matrix[T] {
	c := &Matrix[T]{}
	c.CopyFrom(m)
	return c
}

func (m *Matrix[T]) String() string {
	return fmt.Sprintf("Matrix(%d×%d)", m.Rows, m.Cols)
}

// mustShape panics with an "nn:" message when m is not r×c.
func mustShape[T Float](what string, m *Matrix[T], r, c int) {
	if m.Rows != r || m.Cols != c {
		panic(fmt.Sprintf("nn: %s is %d×%d; want %d×%d", what, m.Rows, m.Cols, r, c))
	}
}

// mustCols panics with an "nn:" message when m does not have c columns.
func mustCols[T Float](what string, m *Matrix[T], c int) {
	if m.Cols != c {
		panic(fmt.Sprintf("nn: %s has %d columns; want %d", what, m.Cols, c))
	}
}
