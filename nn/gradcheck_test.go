package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// gradTol is the largest relative error ‖analytic - numeric‖ / (‖analytic‖ + ‖numeric‖)
// a gradient may show against central differences with step 1e-6 in float64.
const gradTol = 1e-4

// fdSettings: central differences, step 1e-6 (the course's check).
var fdSettings = &fd.Settings{Formula: fd.Central, Step: 1e-6}

func randMatrix(rng *rand.Rand, r, c int) *Matrix[float64] {
	m := NewMatrix[float64](r, c)
	for i := range m.Data {
		m.Data[i] = rng.NormFloat64()
	}
	return m
}

// checkGrad compares a layer's input and parameter gradients with central
// differences of the scalar L = Σ y⊙g, where g is a random upstream gradient
// (Σ y alone would only check g = 1).
func checkGrad(t *testing.T, l Layer[float64], n, in int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 1))
	x := randMatrix(rng, n, in)
	y := l.Forward(x)
	g := randMatrix(rng, y.Rows, y.Cols)
	loss := func() float64 {
		y := l.Forward(x)
		var s float64
		for i, v := range y.Data {
			s += v * g.Data[i]
		}
		return s
	}
	for _, p := range l.Params() {
		if p.Grad != nil {
			p.Grad.Zero()
		}
	}
	l.Forward(x)
	dx := l.Backward(g, true).Clone()
	compareGrad(t, "dx", dx.Data, x.Data, loss)
	for _, p := range l.Params() {
		if p.Grad == nil {
			continue
		}
		compareGrad(t, "d"+p.Name, p.Grad.Data, p.Value.Data, loss)
	}
}

// compareGrad checks analytic against the central difference of loss with
// respect to the values in v (perturbed in place and restored).
func compareGrad(t *testing.T, name string, analytic, v []float64, loss func() float64) {
	t.Helper()
	numeric := fd.Gradient(nil, func(p []float64) float64 {
		saved := append([]float64(nil), v...)
		copy(v, p)
		l := loss()
		copy(v, saved)
		return l
	}, append([]float64(nil), v...), fdSettings)
	var diff, na, nn float64
	worst, worstGap := 0, 0.0
	for i := range analytic {
		d := analytic[i] - numeric[i]
		diff += d * d
		na += analytic[i] * analytic[i]
		nn += numeric[i] * numeric[i]
		if math.Abs(d) > worstGap {
			worst, worstGap = i, math.Abs(d)
		}
	}
	rel := math.Sqrt(diff) / (math.Sqrt(na) + math.Sqrt(nn) + 1e-300)
	if rel > gradTol || math.IsNaN(rel) {
		t.Errorf("%s: relative error %.3g > %g; worst at %d: analytic %.8g, numeric %.8g",
			name, rel, gradTol, worst, analytic[worst], numeric[worst])
	}
}

func TestGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	// Tiny, unequal sizes so transposed or swapped indices cannot pass by accident.
	const n, in, out = 2, 3, 5
	for _, tc := range []struct {
		name  string
		layer Layer[float64]
		in    int
	}{
		{"Dense", NewDense[float64](in, out, rng), in},
		{"Sigmoid", &Sigmoid[float64]{}, in},
		{"Tanh", &Tanh[float64]{}, in},
		{"ReLU", &ReLU[float64]{}, in},
		{"Softmax", &Softmax[float64]{}, out},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d, ok := tc.layer.(*Dense[float64]); ok {
				for i := range d.B.Data { // a non-zero bias exercises dB properly
					d.B.Data[i] = rng.NormFloat64()
				}
			}
			checkGrad(t, tc.layer, n, tc.in)
		})
	}
}

// TestLossGradients checks the fused softmax cross-entropy and the squared
// error through whole networks, against differences of the loss itself.
func TestLossGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const n, in, hidden, k = 3, 4, 6, 5
	x := randMatrix(rng, n, in)

	t.Run("SoftmaxCrossEntropy", func(t *testing.T) {
		net := NewNetwork[float64](NewDense[float64](in, hidden, rng), &Tanh[float64]{}, NewDense[float64](hidden, k, rng), &Softmax[float64]{})
		labels := []int{4, 0, 2}
		net.ZeroGrad()
		net.StepCrossEntropy(x, labels)
		loss := func() float64 { return CrossEntropy(net.Forward(x), labels) }
		for _, p := range net.Params() {
			compareGrad(t, p.Name, append([]float64(nil), p.Grad.Data...), p.Value.Data, loss)
		}
	})
	t.Run("SquaredError", func(t *testing.T) {
		net := NewNetwork[float64](NewDense[float64](in, hidden, rng), &ReLU[float64]{}, NewDense[float64](hidden, in, rng), &Sigmoid[float64]{})
		target := randMatrix(rng, n, in)
		net.ZeroGrad()
		net.StepSquaredError(x, target)
		var d Matrix[float64]
		loss := func() float64 { return SquaredError(&d, net.Forward(x), target) }
		for _, p := range net.Params() {
			compareGrad(t, p.Name, append([]float64(nil), p.Grad.Data...), p.Value.Data, loss)
		}
	})
}
