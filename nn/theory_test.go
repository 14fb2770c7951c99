package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// The course's written questions, each checked numerically.

func TestSoftmaxShiftInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := randMatrix(rng, 3, 7)
	shifted := x.Clone()
	for i := range shifted.Data {
		shifted.Data[i] += 123.5 // any constant c: softmax(x + c) = softmax(x)
	}
	var a, b Softmax[float64]
	p, q := a.Forward(x), b.Forward(shifted)
	if !floats.EqualApprox(p.Data, q.Data, 1e-12) {
		t.Errorf("softmax(x+c) = %v; want softmax(x) = %v", q.Data, p.Data)
	}
}

func TestSoftmaxLargeLogits(t *testing.T) {
	var s Softmax[float32]
	// 1e4 overflows exp in both float32 and float64 unless the maximum is subtracted.
	p := s.Forward(FromSlice(1, 3, []float32{1e4, 1e4 - 1, -1e4}))
	sum := float32(0)
	for _, v := range p.Data {
		if math.IsNaN(float64(v)) || v < 0 || v > 1 {
			t.Fatalf("softmax(1e4, ...) = %v; want probabilities", p.Data)
		}
		sum += v
	}
	if math.Abs(float64(sum)-1) > 1e-6 {
		t.Errorf("softmax sums to %v; want 1", sum)
	}
	if want := 1 / (1 + math.Exp(-1)); math.Abs(float64(p.Data[0])-want) > 1e-6 {
		t.Errorf("p[0] = %v; want %v", p.Data[0], want)
	}
}

func TestSoftmaxIsDistribution(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	var s Softmax[float64]
	x := randMatrix(rng, 5, 36)
	for i := range x.Data {
		x.Data[i] *= 20
	}
	p := s.Forward(x)
	for i := 0; i < p.Rows; i++ {
		row := p.Row(i)
		for _, v := range row {
			if v < 0 || v > 1 {
				t.Fatalf("row %d has %v outside [0,1]", i, v)
			}
		}
		if sum := floats.Sum(row); math.Abs(sum-1) > 1e-12 {
			t.Errorf("row %d sums to %v; want 1", i, sum)
		}
	}
}

// TestLinearStackCollapses: without activations, Dense·Dense is one Dense
// with W = W1·W2 and B = B1·W2 + B2.
func TestLinearStackCollapses(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	l1, l2 := NewDense[float64](4, 6, rng), NewDense[float64](6, 3, rng)
	for i := range l1.B.Data {
		l1.B.Data[i] = rng.NormFloat64()
	}
	for i := range l2.B.Data {
		l2.B.Data[i] = rng.NormFloat64()
	}
	one := newDense[float64](4, 3)
	matMul(one.W, l1.W, false, l2.W, false, false)
	matMul(one.B, l1.B, false, l2.W, false, false)
	for i := range one.B.Data {
		one.B.Data[i] += l2.B.Data[i]
	}
	x := randMatrix(rng, 5, 4)
	stacked := NewNetwork[float64](l1, l2).Forward(x)
	single := one.Forward(x)
	if !floats.EqualApprox(stacked.Data, single.Data, 1e-12) {
		t.Errorf("two linear layers = %v; one layer = %v", stacked.Data, single.Data)
	}
}

func TestSigmoidDerivative(t *testing.T) {
	var s Sigmoid[float64]
	for _, x := range []float64{-30, -4, -0.5, 0, 0.3, 2, 30} {
		s.Forward(FromSlice(1, 1, []float64{x}))
		got := s.Backward(FromSlice(1, 1, []float64{1}), true).Data[0]
		const h = 1e-6 // central difference step
		num := (sigmoid(x+h) - sigmoid(x-h)) / (2 * h)
		want := sigmoid(x) * (1 - sigmoid(x))
		if math.Abs(got-want) > 1e-12 || math.Abs(num-want) > 1e-8 {
			t.Errorf("σ'(%v) = %v (numeric %v); want σ(1-σ) = %v", x, got, num, want)
		}
	}
}

func TestTanhFromSigmoid(t *testing.T) {
	for _, x := range []float64{-5, -1, -0.1, 0, 0.7, 3} {
		if got, want := math.Tanh(x), 2*sigmoid(2*x)-1; math.Abs(got-want) > 1e-12 {
			t.Errorf("tanh(%v) = %v; 2σ(2x)-1 = %v", x, got, want)
		}
	}
}

// TestZeroInitSymmetry shows why initialisation matters: with all-zero
// weights every hidden unit computes the same value and receives the same
// gradient, so gradient descent can never tell them apart.
func TestZeroInitSymmetry(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const in, hidden, k = 6, 4, 3
	net := NewNetwork[float64](newDense[float64](in, hidden), &Sigmoid[float64]{}, newDense[float64](hidden, k), &Softmax[float64]{})
	x := randMatrix(rng, 5, in)
	labels := []int{0, 1, 2, 1, 0}
	opt := &SGD[float64]{LR: 0.1}
	for step := 0; step < 3; step++ {
		net.StepCrossEntropy(x, labels)
		h := net.Layers[1].(*Sigmoid[float64]).y
		l1 := net.Layers[0].(*Dense[float64])
		for j := 1; j < hidden; j++ {
			for i := 0; i < h.Rows; i++ {
				if h.Data[i*hidden+j] != h.Data[i*hidden] {
					t.Fatalf("step %d: hidden unit %d differs from unit 0", step, j)
				}
			}
			for i := 0; i < in; i++ {
				if l1.dW.Data[i*hidden+j] != l1.dW.Data[i*hidden] {
					t.Fatalf("step %d: gradient of unit %d differs from unit 0", step, j)
				}
			}
		}
		opt.Step(net.Params())
	}
}
