package nn

import "fmt"

// Spec is the serialisable description of one layer: its type and the sizes
// needed to rebuild it. The weights file stores a []Spec as JSON; Load
// rebuilds each layer with newLayer and then fills in its tensors.
// Fields that a layer type does not use stay zero and are omitted.
type Spec struct {
	Type string `json:"type"`
	In   int    `json:"in,omitempty"`  // input features (dense)
	Out  int    `json:"out,omitempty"` // output features (dense)
}

// maxSpecSize bounds any size in a spec, so a corrupt file cannot make Load
// allocate without limit: 1<<24 values per dimension is far above any layer inkling uses.
const maxSpecSize = 1 << 24

// inputSize is the width of the input the layer fixes, or 0 if it takes any.
func (s Spec) inputSize() int {
	return s.In
}

// numValues is how many numbers the layer's tensors hold, computed from the
// spec alone, so Load can refuse a file too short for its architecture before
// it allocates anything.
func (s Spec) numValues() int {
	switch s.Type {
	case "dense":
		return s.In*s.Out + s.Out
	}
	return 0
}

// outSize is the width of the layer's output for an input of width in
// (0 = not known yet), or an error when the layer cannot take that input.
func (s Spec) outSize(in int) (int, error) {
	switch s.Type {
	case "dense":
		if in != 0 && in != s.In {
			return 0, fmt.Errorf("%w: dense layer takes %d inputs, gets %d", ErrFormat, s.In, in)
		}
		return s.Out, nil
	}
	return in, nil
}

// checkChain verifies that each layer accepts the previous layer's output.
func checkChain(specs []Spec) error {
	width := 0
	for i, s := range specs {
		out, err := s.outSize(width)
		if err != nil {
			return fmt.Errorf("layer %d: %w", i, err)
		}
		width = out
	}
	return nil
}

// check reports sizes no layer can have, before any arithmetic on them.
func (s Spec) check() error {
	for _, v := range []int{s.In, s.Out} {
		if v < 0 || v > maxSpecSize {
			return fmt.Errorf("%w: layer %q has size %d", ErrFormat, s.Type, v)
		}
	}
	return nil
}

// newLayer builds an untrained layer of the given spec, or explains why not.
// The caller has checked the spec.
func newLayer[T Float](s Spec) (Layer[T], error) {
	switch s.Type {
	case "dense":
		if s.In == 0 || s.Out == 0 {
			return nil, fmt.Errorf("%w: dense layer %d→%d", ErrFormat, s.In, s.Out)
		}
		return newDense[T](s.In, s.Out), nil
	case "sigmoid":
		return &Sigmoid[T]{}, nil
	case "tanh":
		return &Tanh[T]{}, nil
	case "relu":
		return &ReLU[T]{}, nil
	case "softmax":
		return &Softmax[T]{}, nil
	}
	return nil, fmt.Errorf("%w: unknown layer type %q", ErrFormat, s.Type)
}
