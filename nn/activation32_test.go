package nn

import (
	"math"
	"testing"
)

// TestFloat32Activations checks the float32 paths of Sigmoid, Tanh and Softmax (vectorised float32
// exponentials) against their float64 paths on a sweep of inputs.
func TestFloat32Activations(t *testing.T) {
	var xs32 []float32
	var xs64 []float64
	for x := -30.0; x <= 30; x += 0.0137 { // 0.0137: an irregular step through both tanh branches
		xs32 = append(xs32, float32(x))
		xs64 = append(xs64, float64(float32(x)))
	}
	n := len(xs32)
	tests := []struct {
		name   string
		l32    Layer[float32]
		l64    Layer[float64]
		rows   int
		relTol float64
	}{
		{"Sigmoid", &Sigmoid[float32]{}, &Sigmoid[float64]{}, 1, 4e-7},     // 3 ulp of float32
		{"Tanh", &Tanh[float32]{}, &Tanh[float64]{}, 1, 1e-6},              // 2σ(2x)-1 loses a bit or two
		{"Softmax", &Softmax[float32]{}, &Softmax[float64]{}, n / 8, 1e-6}, // rows of 8: Exp's tail and vectors
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols := n / tt.rows
			y32 := tt.l32.Forward(FromSlice(tt.rows, cols, xs32[:tt.rows*cols]))
			y64 := tt.l64.Forward(FromSlice(tt.rows, cols, xs64[:tt.rows*cols]))
			for i, want := range y64.Data {
				got := float64(y32.Data[i])
				if math.Abs(got-want) > tt.relTol*math.Abs(want)+1e-37 { // 1e-37: values near float32's smallest normals
					t.Fatalf("%s.Forward(%v) = %v; want %v", tt.name, xs32[i], got, want)
				}
			}
		})
	}
}
