package nn

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Adam is the adaptive-moment optimiser (Kingma & Ba 2015) with decoupled
// weight decay (AdamW, Loshchilov & Hutter 2019):
//
//	m = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²
//	W −= lr · ( m/(1−β₁ᵗ) / (sqrt(v/(1−β₂ᵗ)) + ε) + WeightDecay·W )
//
// Weight decay applies to parameters named "W" (the weights of Dense and
// Conv2D), not to biases or BatchNorm scales. Since Adam divides by the
// gradient's own scale, the summed (not averaged) batch losses of this
// package need no change of learning rate.
type Adam[T Float] struct {
	LR          float64
	Beta1       float64
	Beta2       float64
	Eps         float64
	WeightDecay float64

	t    int         // steps taken
	m, v []Matrix[T] // moments, one per parameter, allocated on the first Step
}

// NewAdam returns Adam with the paper's defaults β₁ 0.9, β₂ 0.999, ε 1e-8.
func NewAdam[T Float](lr float64) *Adam[T] {
	return &Adam[T]{LR: lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// SetLR sets the learning rate for the following steps.
func (o *Adam[T]) SetLR(lr float64) { o.LR = lr }

func (o *Adam[T]) init(params []Param[T]) {
	if o.m != nil {
		return
	}
	o.m = make([]Matrix[T], len(params))
	o.v = make([]Matrix[T], len(params))
	for i, p := range params {
		o.m[i].ReuseAs(p.Value.Rows, p.Value.Cols)
		o.m[i].Zero()
		o.v[i].ReuseAs(p.Value.Rows, p.Value.Cols)
		o.v[i].Zero()
	}
}

// Step updates every parameter that has a gradient, then zeroes the gradients.
func (o *Adam[T]) Step(params []Param[T]) {
	o.init(params)
	if len(o.m) != len(params) {
		panic(fmt.Sprintf("nn: Adam stepped with %d parameters, then %d", len(o.m), len(params)))
	}
	o.t++
	b1, b2 := T(o.Beta1), T(o.Beta2)
	c1 := 1 - math.Pow(o.Beta1, float64(o.t))
	c2 := 1 - math.Pow(o.Beta2, float64(o.t))
	// lr·m̂/(sqrt(v̂)+ε) = a·m/(sqrt(v)+ε') with a = lr·sqrt(c2)/c1, ε' = ε·sqrt(c2).
	a := T(o.LR * math.Sqrt(c2) / c1)
	eps := T(o.Eps * math.Sqrt(c2))
	for i, p := range params {
		if p.Grad == nil {
			continue
		}
		w, g, m, v := p.Value.Data, p.Grad.Data, o.m[i].Data, o.v[i].Data
		if o.WeightDecay != 0 && p.Name == "W" {
			d := T(1 - o.LR*o.WeightDecay)
			for j := range w {
				w[j] *= d
			}
		}
		for j, gj := range g {
			m[j] = b1*m[j] + (1-b1)*gj
			v[j] = b2*v[j] + (1-b2)*gj*gj
			w[j] -= a * m[j] / (T(math.Sqrt(float64(v[j]))) + eps)
		}
		clear(g)
	}
}

// MarshalState encodes the step count and moments, so that a resumed run
// continues exactly where it stopped. Values are stored as float64 bits,
// exact for float32 and float64 alike.
func (o *Adam[T]) MarshalState() []byte {
	le := binary.LittleEndian
	b := le.AppendUint64(nil, uint64(o.t))
	b = le.AppendUint32(b, uint32(len(o.m)))
	for i := range o.m {
		for _, mat := range []*Matrix[T]{&o.m[i], &o.v[i]} {
			b = le.AppendUint32(b, uint32(len(mat.Data)))
			for _, x := range mat.Data {
				b = le.AppendUint64(b, math.Float64bits(float64(x)))
			}
		}
	}
	return b
}

// UnmarshalState restores what MarshalState wrote for the same params.
// A state of another architecture is an error.
func (o *Adam[T]) UnmarshalState(b []byte, params []Param[T]) error {
	le := binary.LittleEndian
	if len(b) < 12 {
		return fmt.Errorf("nn: Adam state truncated")
	}
	t, count := le.Uint64(b), int(le.Uint32(b[8:]))
	b = b[12:]
	if count == 0 && t == 0 && len(b) == 0 {
		o.t, o.m, o.v = 0, nil, nil
		return nil
	}
	if count != len(params) {
		return fmt.Errorf("nn: Adam state for %d parameters; the network has %d", count, len(params))
	}
	m := make([]Matrix[T], count)
	v := make([]Matrix[T], count)
	for i, p := range params {
		for _, mat := range []*Matrix[T]{&m[i], &v[i]} {
			if len(b) < 4 {
				return fmt.Errorf("nn: Adam state truncated")
			}
			n := int(le.Uint32(b))
			b = b[4:]
			if n != len(p.Value.Data) {
				return fmt.Errorf("nn: Adam state has %d values for parameter %d (%s); it has %d", n, i, p.Name, len(p.Value.Data))
			}
			if len(b) < 8*n {
				return fmt.Errorf("nn: Adam state truncated")
			}
			mat.ReuseAs(p.Value.Rows, p.Value.Cols)
			for j := range mat.Data {
				mat.Data[j] = T(math.Float64frombits(le.Uint64(b[8*j:])))
			}
			b = b[8*n:]
		}
	}
	if len(b) != 0 {
		return fmt.Errorf("nn: Adam state has %d trailing bytes", len(b))
	}
	o.t, o.m, o.v = int(t), m, v
	return nil
}
