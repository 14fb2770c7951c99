package nn

import (
	"math"
	"testing"
)

// TestAdamStep follows one parameter through two steps by hand.
func TestAdamStep(t *testing.T) {
	w := FromSlice(1, 1, []float64{1})
	g := NewMatrix[float64](1, 1)
	params := []Param[float64]{{"W", w, g}}
	o := NewAdam[float64](0.1)
	o.WeightDecay = 0.5
	want, m, v := 1.0, 0.0, 0.0
	for step, grad := range []float64{2, -1} {
		g.Data[0] = grad
		o.Step(params)
		m = 0.9*m + 0.1*grad
		v = 0.999*v + 0.001*grad*grad
		mh, vh := m/(1-math.Pow(0.9, float64(step+1))), v/(1-math.Pow(0.999, float64(step+1)))
		want = want*(1-0.1*0.5) - 0.1*mh/(math.Sqrt(vh)+1e-8)
		if math.Abs(w.Data[0]-want) > 1e-12 {
			t.Fatalf("step %d: W = %v; want %v", step+1, w.Data[0], want)
		}
		if g.Data[0] != 0 {
			t.Fatalf("step %d left gradient %v; want 0", step+1, g.Data[0])
		}
	}
}

// TestAdamMinimises: Adam drives a quadratic to its minimum.
func TestAdamMinimises(t *testing.T) {
	w := FromSlice(1, 3, []float32{3, -2, 0.5})
	g := NewMatrix[float32](1, 3)
	o := NewAdam[float32](0.05)
	for range 2000 { // enough steps at lr 0.05 to settle within 1e-2
		for i, v := range w.Data {
			g.Data[i] = 2 * (v - float32(i))
		}
		o.Step([]Param[float32]{{"B", w, g}})
	}
	for i, v := range w.Data {
		if math.Abs(float64(v)-float64(i)) > 1e-2 {
			t.Errorf("w[%d] = %v; want %d", i, v, i)
		}
	}
}

// TestAdamState: a restored optimiser continues bit for bit, and a state of
// another shape is refused.
func TestAdamState(t *testing.T) {
	mk := func() ([]Param[float32], *Matrix[float32]) {
		w := FromSlice(2, 2, []float32{1, 2, 3, 4})
		g := NewMatrix[float32](2, 2)
		return []Param[float32]{{"W", w, g}, {"Mean", NewMatrix[float32](1, 2), nil}}, w
	}
	step := func(o *Adam[float32], ps []Param[float32], k int) {
		for i := range ps[0].Grad.Data {
			ps[0].Grad.Data[i] = float32(i+k) / 3
		}
		o.Step(ps)
	}
	pa, wa := mk()
	a := NewAdam[float32](0.01)
	for k := range 3 {
		step(a, pa, k)
	}
	state := a.MarshalState()
	pb, wb := mk()
	copy(wb.Data, wa.Data)
	b := NewAdam[float32](0.01)
	if err := b.UnmarshalState(state, pb); err != nil {
		t.Fatal(err)
	}
	step(a, pa, 3)
	step(b, pb, 3)
	if !equalMatrix(wa, wb) {
		t.Errorf("resumed W = %v; want %v", wb.Data, wa.Data)
	}
	other := []Param[float32]{{"W", NewMatrix[float32](3, 2), NewMatrix[float32](3, 2)}, pb[1]}
	for _, tc := range []struct {
		name   string
		state  []byte
		params []Param[float32]
	}{
		{"other shape", state, other},
		{"fewer params", state, pb[:1]},
		{"truncated", state[:len(state)-3], pb},
		{"empty", nil, pb},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := NewAdam[float32](0.01).UnmarshalState(tc.state, tc.params); err == nil {
				t.Errorf("UnmarshalState(%s) = nil; want an error", tc.name)
			}
		})
	}
}
