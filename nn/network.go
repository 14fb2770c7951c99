package nn

import "fmt"

// Network is a sequence of layers applied in order, with the metadata its
// weights file carries.
type Network[T Float] struct {
	Layers []Layer[T]
	Meta   Meta

	d      Matrix[T]  // (N, out) loss gradient buffer
	plan   []step[T]  // how Forward and Backward run Layers, with some runs fused (fused.go)
	planOf []Layer[T] // the layers plan was made for
}

// NewNetwork chains layers into a network.
func NewNetwork[T Float](layers ...Layer[T]) *Network[T] {
	return &Network[T]{Layers: layers}
}

// Forward runs x (N, in) through every layer and returns the last output,
// which the network owns and overwrites on the next call. A Network is not
// safe for concurrent use.
func (n *Network[T]) Forward(x *Matrix[T]) *Matrix[T] {
	for _, s := range n.steps() {
		if s.f != nil {
			x = s.f.Forward(x)
			continue
		}
		x = n.Layers[s.lo].Forward(x)
	}
	return x
}

// Backward propagates dy, the gradient of the loss with respect to the output
// of layer last, back to the first layer, accumulating parameter gradients.
// No gradient is computed for the network's input.
func (n *Network[T]) Backward(dy *Matrix[T], last int) {
	steps := n.steps()
	for j := len(steps) - 1; j >= 0; j-- {
		s := steps[j]
		switch {
		case s.lo > last:
			continue
		case s.f == nil:
			dy = n.Layers[s.lo].Backward(dy, s.lo > 0)
		case last < s.hi-1:
			// dy belongs to a layer inside a fused run, whose output Forward
			// did not keep: those layers run again on their own.
			x := s.f.input()
			for i := s.lo; i <= last; i++ {
				x = n.Layers[i].Forward(x)
			}
			for i := last; i >= s.lo; i-- {
				dy = n.Layers[i].Backward(dy, i > 0)
			}
		default:
			dy = s.f.Backward(dy, s.lo > 0)
		}
	}
}

// StepCrossEntropy runs one batch forward and backward through a classifier
// whose last layer is Softmax, with the fused gradient dlogits = p - onehot,
// and returns the summed cross-entropy and the probabilities (owned by the
// network). Parameter gradients accumulate; the optimiser applies and clears them.
func (n *Network[T]) StepCrossEntropy(x *Matrix[T], labels []int) (float64, *Matrix[T]) {
	last := len(n.Layers) - 1
	if _, ok := n.Layers[last].(*Softmax[T]); !ok {
		panic(fmt.Sprintf("nn: StepCrossEntropy needs a Softmax last layer, have %T", n.Layers[last]))
	}
	p := n.Forward(x)
	loss := CrossEntropy(p, labels)
	SoftmaxCrossEntropyGrad(&n.d, p, labels)
	n.Backward(&n.d, last-1)
	return loss, p
}

// StepSquaredError runs one batch forward and backward against target and
// returns the summed squared error. When the last layer is a Sigmoid, the
// loss gradient and the sigmoid's derivative are computed in one pass.
func (n *Network[T]) StepSquaredError(x, target *Matrix[T]) float64 {
	y := n.Forward(x)
	last := len(n.Layers) - 1
	if _, ok := n.Layers[last].(*Sigmoid[T]); ok {
		loss := squaredError(&n.d, y, target, true)
		n.Backward(&n.d, last-1)
		return loss
	}
	loss := SquaredError(&n.d, y, target)
	n.Backward(&n.d, last)
	return loss
}

// Params lists every layer's tensors, in layer order.
func (n *Network[T]) Params() []Param[T] {
	var ps []Param[T]
	for _, l := range n.Layers {
		ps = append(ps, l.Params()...)
	}
	return ps
}

// ZeroGrad clears every parameter gradient.
func (n *Network[T]) ZeroGrad() {
	for _, p := range n.Params() {
		if p.Grad != nil {
			p.Grad.Zero()
		}
	}
}

// SetWorkers sets how many goroutines the layers that can split a batch
// (convolutions, ReLU, max pooling) may use. Results do not depend on it.
func (n *Network[T]) SetWorkers(w int) {
	for _, l := range n.Layers {
		if s, ok := l.(interface{ SetWorkers(int) }); ok {
			s.SetWorkers(w)
		}
	}
}

// SetTraining switches layers such as Dropout and BatchNorm between training
// and inference behaviour.
func (n *Network[T]) SetTraining(on bool) {
	for _, l := range n.Layers {
		if s, ok := l.(trainingSwitch); ok {
			s.SetTraining(on)
		}
	}
}

// InputSize is the number of features the first layer expects, or 0 when the
// first layer accepts any width.
func (n *Network[T]) InputSize() int {
	for _, l := range n.Layers {
		if in := l.Spec().inputSize(); in > 0 {
			return in
		}
		if len(l.Params()) > 0 {
			break
		}
	}
	return 0
}

// NumParams counts the trainable values.
func (n *Network[T]) NumParams() int {
	total := 0
	for _, p := range n.Params() {
		if p.Grad != nil {
			total += len(p.Value.Data)
		}
	}
	return total
}
