package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// newTestFire returns a fire module on 2×5×4 images (squeeze 3, expand 2 of
// each size: tiny and unequal) with non-zero biases.
func newTestFire(rng *rand.Rand) *Fire[float64] {
	l := NewFire[float64](2, 5, 4, 3, 2, rng)
	for _, p := range l.Params() {
		if p.Value.Rows == 1 {
			for i := range p.Value.Data {
				p.Value.Data[i] = 0.3 * rng.NormFloat64()
			}
		}
	}
	return l
}

func TestFireGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	checkGrad(t, newTestFire(rng), 2, 2*5*4)
}

// TestFireMatchesNaive checks Forward against the definition: the naive
// convolutions, ReLUs, and expand1x1's channels before expand3x3's.
func TestFireMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	l := newTestFire(rng)
	x := randMatrix(rng, 3, 2*5*4)
	relu := func(m *Matrix[float64]) *Matrix[float64] {
		for i, v := range m.Data {
			m.Data[i] = max(v, 0)
		}
		return m
	}
	s := relu(convNaive(x, l.Squeeze.Shape, 3, l.Squeeze.W.Data, l.Squeeze.B.Data))
	a := relu(convNaive(s, l.Expand1.Shape, 2, l.Expand1.W.Data, l.Expand1.B.Data))
	b := relu(convNaive(s, l.Expand3.Shape, 2, l.Expand3.W.Data, l.Expand3.B.Data))
	y := l.Forward(x)
	if y.Cols != 2*2*5*4 {
		t.Fatalf("Forward gives %d columns; want %d", y.Cols, 2*2*5*4)
	}
	for n := 0; n < x.Rows; n++ {
		want := append(append([]float64(nil), a.Row(n)...), b.Row(n)...)
		for i, v := range y.Row(n) {
			if math.Abs(v-want[i]) > 1e-12 {
				t.Fatalf("Forward(x)[%d][%d] = %v; want %v", n, i, v, want[i])
			}
		}
	}
}

func TestFireRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	n := NewNetwork[float32](NewFire[float32](3, 6, 6, 4, 5, rng), &GlobalAvgPool[float32]{C: 10, H: 6, W: 6})
	data := encode(t, n)
	got, err := Load[float32](bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	x := NewMatrix[float32](2, 3*6*6)
	for i := range x.Data {
		x.Data[i] = float32(i%11) / 11
	}
	if a, b := n.Forward(x), got.Forward(x); !equalMatrix(a, b) {
		t.Errorf("loaded fire network computes %v; original %v", b.Data, a.Data)
	}
	for _, s := range []Spec{
		{Type: "fire", C: 3, H: 6, W: 6, K: 5},                         // no squeeze filters
		{Type: "fire", C: 3, H: 6, W: 6, Squeeze: 4},                   // no expand filters
		{Type: "fire", C: 3, H: 6, W: 6, Squeeze: 1 << 12, K: 1 << 12}, // 9·K·S weights overflow the bound
	} {
		if err := s.check(); err == nil {
			t.Errorf("check(%+v) = nil; want an error", s)
		}
	}
}
