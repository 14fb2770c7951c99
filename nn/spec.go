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

	// Image layers (conv2d, maxpool, avgpool, globalavgpool, batchnorm, flatten):
	// the input image C×H×W, and for windows their size, stride and padding.
	C      int `json:"c,omitempty"`
	H      int `json:"h,omitempty"`
	W      int `json:"w,omitempty"`
	K      int `json:"k,omitempty"` // conv2d: filters
	Size   int `json:"size,omitempty"`
	Stride int `json:"stride,omitempty"`
	Pad    int `json:"pad,omitempty"`

	Squeeze int `json:"squeeze,omitempty"` // fire: squeeze filters (K is the expand filters of each size)

	Rate float64 `json:"rate,omitempty"` // dropout probability
}

// shape is the window geometry of an image layer's spec.
func (s Spec) shape() ConvShape {
	return ConvShape{C: s.C, H: s.H, W: s.W, Size: s.Size, Stride: s.Stride, Pad: s.Pad}
}

// imageLayer reports whether the spec's type reads its input as C×H×W.
func (s Spec) imageLayer() bool {
	switch s.Type {
	case "conv2d", "maxpool", "avgpool", "globalavgpool", "batchnorm", "flatten", "fire", "depthwise", "zeropad":
		return true
	}
	return false
}

// maxSpecSize bounds any size in a spec, so a corrupt file cannot make Load
// allocate without limit: 1<<24 values per dimension is far above any layer inkling uses.
const maxSpecSize = 1 << 24

// inputSize is the width of the input the layer fixes, or 0 if it takes any.
func (s Spec) inputSize() int {
	if s.imageLayer() {
		return s.C * s.H * s.W
	}
	return s.In
}

// numValues is how many numbers the layer's tensors hold, computed from the
// spec alone, so Load can refuse a file too short for its architecture before
// it allocates anything.
func (s Spec) numValues() int {
	switch s.Type {
	case "dense":
		return s.In*s.Out + s.Out
	case "conv2d":
		return s.K*s.C*s.Size*s.Size + s.K
	case "batchnorm":
		return 4 * s.C
	case "depthwise":
		return s.C*s.Size*s.Size + s.C
	case "fire":
		return s.Squeeze*s.C + s.Squeeze + s.K*s.Squeeze + s.K + 9*s.K*s.Squeeze + s.K
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
	if s.imageLayer() {
		if want := s.C * s.H * s.W; in != 0 && in != want {
			return 0, fmt.Errorf("%w: %s layer takes %d×%d×%d = %d inputs, gets %d", ErrFormat, s.Type, s.C, s.H, s.W, want, in)
		}
		g := s.shape()
		switch s.Type {
		case "conv2d":
			return s.K * g.OutH() * g.OutW(), nil
		case "maxpool", "avgpool":
			return poolOut(g), nil
		case "globalavgpool":
			return s.C, nil
		case "fire":
			return 2 * s.K * s.H * s.W, nil
		case "depthwise":
			return s.C * g.OutH() * g.OutW(), nil
		case "zeropad":
			return s.C * (s.H + s.Pad) * (s.W + s.Pad), nil
		}
		return s.C * s.H * s.W, nil
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
	for _, v := range []int{s.In, s.Out, s.C, s.H, s.W, s.K, s.Size, s.Stride, s.Pad, s.Squeeze} {
		if v < 0 || v > maxSpecSize {
			return fmt.Errorf("%w: layer %q has size %d", ErrFormat, s.Type, v)
		}
	}
	if !(s.Rate >= 0 && s.Rate < 1) {
		return fmt.Errorf("%w: layer %q has rate %v", ErrFormat, s.Type, s.Rate)
	}
	if !s.imageLayer() {
		return nil
	}
	// Products of sizes must stay far from overflow: bound the image and the tensors.
	if s.C*s.H > maxSpecSize || s.C*s.H*s.W > maxSpecSize || s.C*s.Size > maxSpecSize ||
		s.C*s.Size*s.Size > maxSpecSize || s.K*s.C*s.Size*s.Size > maxSpecSize {
		return fmt.Errorf("%w: layer %q is too large", ErrFormat, s.Type)
	}
	if s.C == 0 || s.H == 0 || s.W == 0 {
		return fmt.Errorf("%w: %s layer on a %d×%d×%d image", ErrFormat, s.Type, s.C, s.H, s.W)
	}
	switch s.Type {
	case "fire":
		// The widest buffers are the 3×3 expand's weights and its im2col matrix of one sample.
		if s.Squeeze == 0 || s.K == 0 || 9*s.K*s.Squeeze > maxSpecSize || s.C*s.Squeeze > maxSpecSize ||
			2*s.K*s.H*s.W > maxSpecSize || 9*s.Squeeze*s.H*s.W > maxSpecSize {
			return fmt.Errorf("%w: fire layer with %d squeeze, %d expand filters on %d×%d×%d", ErrFormat, s.Squeeze, s.K, s.C, s.H, s.W)
		}
	case "zeropad":
		if (s.H+s.Pad)*(s.W+s.Pad) > maxSpecSize || s.C*(s.H+s.Pad)*(s.W+s.Pad) > maxSpecSize {
			return fmt.Errorf("%w: layer %q is too large", ErrFormat, s.Type)
		}
	case "depthwise":
		g := s.shape()
		if !g.valid() || g.OutH()*g.OutW()*s.C > maxSpecSize {
			return fmt.Errorf("%w: depthwise layer with window %d, stride %d, pad %d on %d×%d×%d",
				ErrFormat, s.Size, s.Stride, s.Pad, s.C, s.H, s.W)
		}
	case "conv2d", "maxpool", "avgpool":
		g := s.shape()
		if s.Type != "conv2d" && s.Pad != 0 || !g.valid() || s.Type == "conv2d" && s.K == 0 {
			return fmt.Errorf("%w: %s layer with window %d, stride %d, pad %d, %d filters on %d×%d×%d",
				ErrFormat, s.Type, s.Size, s.Stride, s.Pad, s.K, s.C, s.H, s.W)
		}
		// Every buffer, the im2col matrix of one sample included, stays under maxSpecSize values.
		p := g.OutH() * g.OutW() // ≤ (3·2^24)², no overflow
		if p > maxSpecSize || s.K*p > maxSpecSize || s.C*s.Size*s.Size*p > maxSpecSize {
			return fmt.Errorf("%w: layer %q is too large", ErrFormat, s.Type)
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
	case "relu6":
		return &ReLU6[T]{}, nil
	case "depthwise":
		return newDepthwiseConv2D[T](s.shape()), nil
	case "zeropad":
		return &ZeroPad[T]{C: s.C, H: s.H, W: s.W, Pad: s.Pad}, nil
	case "softmax":
		return &Softmax[T]{}, nil
	case "conv2d":
		return newConv2D[T](s.shape(), s.K), nil
	case "maxpool":
		return NewMaxPool[T](s.C, s.H, s.W, s.Size, s.Stride), nil
	case "avgpool":
		return NewAvgPool[T](s.C, s.H, s.W, s.Size, s.Stride), nil
	case "globalavgpool":
		return &GlobalAvgPool[T]{C: s.C, H: s.H, W: s.W}, nil
	case "batchnorm":
		return NewBatchNorm[T](s.C, s.H, s.W), nil
	case "fire":
		return newFire[T](s.C, s.H, s.W, s.Squeeze, s.K), nil
	case "flatten":
		return &Flatten[T]{C: s.C, H: s.H, W: s.W}, nil
	case "dropout":
		return NewDropout[T](s.Rate, nil), nil
	}
	return nil, fmt.Errorf("%w: unknown layer type %q", ErrFormat, s.Type)
}
