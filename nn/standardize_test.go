package nn

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
)

func TestStandardizeGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	data := randMatrix(rng, 7, 3) // 7 samples of 3 features set the statistics
	checkGrad(t, NewStandardize[float64](data.Data, 3), 2, 3)
}

func TestStandardizeStatistics(t *testing.T) {
	// Two features: one constant (as a blank border pixel is), one varying.
	data := []float64{1, 0, 1, 2, 1, 4, 1, 6}
	l := NewStandardize[float64](data, 2)
	y := l.Forward(FromSlice(4, 2, data))
	var sum [2]float64
	for i := 0; i < 4; i++ {
		sum[0] += y.Row(i)[0]
		sum[1] += y.Row(i)[1]
	}
	if !floats.EqualApprox(sum[:], []float64{0, 0}, 1e-12) {
		t.Errorf("standardized columns sum to %v; want 0 (centred)", sum)
	}
	if y.Row(0)[0] != 0 {
		t.Errorf("a constant feature maps to %v; want 0, not a blown-up value", y.Row(0)[0])
	}
}

// TestFoldStandardize: folding gives the same outputs from raw inputs and
// leaves exactly the architecture without the Standardize layer.
func TestFoldStandardize(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	data := randMatrix(rng, 20, 6)
	for i := range data.Data {
		data.Data[i] = 3 + 2*data.Data[i] // off-centre, spread 2
	}
	net := NewNetwork[float64](NewStandardize[float64](data.Data, 6), NewDense[float64](6, 4, rng), &Sigmoid[float64]{})
	x := randMatrix(rng, 5, 6)
	before := net.Forward(x).Clone()
	if !FoldStandardize(net) {
		t.Fatal("FoldStandardize(Standardize, Dense, ...) = false")
	}
	if len(net.Layers) != 2 {
		t.Fatalf("after folding %d layers; want 2", len(net.Layers))
	}
	if after := net.Forward(x); !floats.EqualApprox(before.Data, after.Data, 1e-12) {
		t.Errorf("folded network computes %v; want %v", after.Data, before.Data)
	}
	if FoldStandardize(net) {
		t.Error("FoldStandardize of a network without Standardize = true")
	}
}
