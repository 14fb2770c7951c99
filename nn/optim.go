package nn

import (
	"math"

	"inkling/nn/internal/kernel"
)

// Optimizer applies the accumulated gradients to the parameters and clears
// the gradients. It owns whatever state the update rule needs.
type Optimizer[T Float] interface {
	Step(params []Param[T])
	SetLR(lr float64)
}

// SGD is mini-batch gradient descent, with optional momentum and L2 weight
// decay. With Momentum μ it keeps a velocity M per parameter:
// M = μM - lr·g; W += M (the course's form). Without momentum, W -= lr·g.
type SGD[T Float] struct {
	LR          float64
	Momentum    float64
	WeightDecay float64 // adds WeightDecay·W to each gradient

	velocity []Matrix[T] // one per parameter, allocated on the first Step
}

// SetLR sets the learning rate for the following steps.
func (o *SGD[T]) SetLR(lr float64) { o.LR = lr }

// Step updates every parameter that has a gradient, then zeroes the gradients.
func (o *SGD[T]) Step(params []Param[T]) {
	if o.Momentum != 0 && o.velocity == nil {
		o.velocity = make([]Matrix[T], len(params))
		for i, p := range params {
			o.velocity[i].ReuseAs(p.Value.Rows, p.Value.Cols)
			o.velocity[i].Zero()
		}
	}
	lr, mu, wd := T(o.LR), T(o.Momentum), T(o.WeightDecay)
	for i, p := range params {
		if p.Grad == nil {
			continue
		}
		w, g := p.Value.Data, p.Grad.Data
		if wd != 0 {
			for j := range g {
				g[j] += wd * w[j]
			}
		}
		if w32, ok := any(w).([]float32); ok { // the same float32 operations, 8 lanes at a time
			g32 := any(g).([]float32)
			if o.Momentum == 0 {
				kernel.SGDStep(w32, g32, float32(lr))
			} else {
				kernel.MomentumStep(w32, any(o.velocity[i].Data).([]float32), g32, float32(mu), float32(lr))
			}
			continue
		}
		if o.Momentum == 0 {
			for j := range w {
				w[j] -= lr * g[j]
			}
		} else {
			m := o.velocity[i].Data
			for j := range w {
				m[j] = mu*m[j] - lr*g[j]
				w[j] += m[j]
			}
		}
		clear(g)
	}
}

// Schedule gives the learning rate of each epoch (counted from 0).
type Schedule interface {
	LR(epoch int) float64
}

// StepDecay multiplies the base rate by Factor every Every epochs:
// lr(e) = Base · Factor^⌊e/Every⌋. The course's autoencoder uses Factor 0.9, Every 20.
type StepDecay struct {
	Base   float64
	Factor float64
	Every  int
}

// LR returns the rate for epoch e.
func (s StepDecay) LR(e int) float64 {
	if s.Every <= 0 {
		return s.Base
	}
	return s.Base * math.Pow(s.Factor, float64(e/s.Every))
}

// CosineDecay anneals from Base to Base·Floor over Epochs epochs.
type CosineDecay struct {
	Base   float64
	Floor  float64 // final rate as a fraction of Base
	Epochs int
}

// LR returns the rate for epoch e.
func (s CosineDecay) LR(e int) float64 {
	if s.Epochs <= 1 {
		return s.Base
	}
	t := math.Min(1, float64(e)/float64(s.Epochs-1))
	return s.Base * (s.Floor + (1-s.Floor)*0.5*(1+math.Cos(math.Pi*t)))
}
