package nn

import (
	"math/rand/v2"
	"testing"
)

// reseeded draws the same mask on every Forward, so that central differences
// see one fixed function.
type reseeded struct{ *Dropout[float64] }

func (l reseeded) Forward(x *Matrix[float64]) *Matrix[float64] {
	l.Rng = rand.New(rand.NewPCG(9, 9))
	return l.Dropout.Forward(x)
}

func TestDropoutGradients(t *testing.T) {
	l := NewDropout[float64](0.4, nil)
	l.SetTraining(true)
	checkGrad(t, reseeded{l}, 2, 5) // N=2, 5 features
}

func TestDropout(t *testing.T) {
	const rate, n = 0.25, 20000 // enough samples for a 1% check of the kept share
	l := NewDropout[float32](rate, rand.New(rand.NewPCG(1, 2)))
	x := NewMatrix[float32](1, n)
	for i := range x.Data {
		x.Data[i] = 1
	}
	if y := l.Forward(x); !equalMatrix(y, x) {
		t.Error("Forward outside training changed its input")
	}
	l.SetTraining(true)
	y := l.Forward(x)
	var sum float32
	kept := 0
	for _, v := range y.Data {
		sum += v
		if v != 0 {
			kept++
			if v != 1/(1-rate) {
				t.Fatalf("kept value %v; want %v", v, 1/(1-rate))
			}
		}
	}
	if share := float64(kept) / n; share < 1-rate-0.01 || share > 1-rate+0.01 {
		t.Errorf("kept %.3f of the inputs; want %.3f", share, 1-rate)
	}
}
