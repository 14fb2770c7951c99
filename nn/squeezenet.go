package nn

import "fmt"

// TensorSource returns the values of a pretrained tensor by name, in C order,
// after checking that it has the given shape. Its errors name the tensor.
// dataset.NPYDir and dataset.TFJS provide one.
type TensorSource func(name string, shape []int) ([]float32, error)

// SqueezeNet v1.1 (Iandola et al. 2016) as ported to Keras: 227×227 BGR
// input minus the ImageNet channel means, floor-mode pooling.
const (
	SqueezeNetSize     = 227 // input height and width
	SqueezeNetFeatures = 512 // channels of fire9's output
	SqueezeNetGrid     = 13  // fire9's output height and width
)

// SqueezeNetMeanBGR is the per-channel mean subtracted from 0…255 pixels, in
// the network's channel order B, G, R (Keras preprocess_input, "caffe" mode).
func SqueezeNetMeanBGR() [3]float32 { return [3]float32{103.939, 116.779, 123.68} }

// fireSizes are SqueezeNet v1.1's fire modules, fire2 … fire9: squeeze and
// expand filters, and whether a 3×3/2 max pool precedes the module.
var fireSizes = [8]struct {
	squeeze, expand int
	poolBefore      bool
}{
	{16, 64, true}, {16, 64, false}, // fire2, fire3
	{32, 128, true}, {32, 128, false}, // fire4, fire5
	{48, 192, true}, {48, 192, false}, // fire6, fire7
	{64, 256, false}, {64, 256, false}, // fire8, fire9
}

// NewSqueezeNet builds SqueezeNet v1.1's feature extractor, conv1 … fire9,
// on 3×227×227 rows (B, G, R planes) with the weights from src, named as in
// the Keras port: "conv1/kernel", "fire2/squeeze1x1/bias", … Kernels are
// HWIO. The output rows are fire9's 512×13×13 activations.
func NewSqueezeNet[T Float](src TensorSource) (*Network[T], error) {
	const n = SqueezeNetSize
	conv1 := newConv2D[T](ConvShape{C: 3, H: n, W: n, Size: 3, Stride: 2}, 64)
	if err := loadConv(conv1, src, "conv1"); err != nil {
		return nil, err
	}
	c, h := 64, conv1.Shape.OutH()
	layers := []Layer[T]{conv1, &ReLU[T]{}}
	for i, f := range fireSizes {
		if f.poolBefore {
			p := NewMaxPool[T](c, h, h, 3, 2)
			layers = append(layers, p)
			h = p.Shape.OutH()
		}
		fire := newFire[T](c, h, h, f.squeeze, f.expand)
		name := fmt.Sprintf("fire%d", i+2)
		for _, part := range []struct {
			conv *Conv2D[T]
			name string
		}{{fire.Squeeze, "squeeze1x1"}, {fire.Expand1, "expand1x1"}, {fire.Expand3, "expand3x3"}} {
			if err := loadConv(part.conv, src, name+"/"+part.name); err != nil {
				return nil, err
			}
		}
		layers = append(layers, fire)
		c = 2 * f.expand
	}
	return NewNetwork(layers...), nil
}

// loadConv fills a convolution from the HWIO kernel "<name>/kernel" and the
// bias "<name>/bias".
func loadConv[T Float](l *Conv2D[T], src TensorSource, name string) error {
	g := l.Shape
	k, err := src(name+"/kernel", []int{g.Size, g.Size, g.C, l.K})
	if err != nil {
		return err
	}
	b, err := src(name+"/bias", []int{l.K})
	if err != nil {
		return err
	}
	SetConvHWIO(l, k)
	for i, v := range b {
		l.B.Data[i] = T(v)
	}
	return nil
}

// SetConvHWIO sets the weights of l from a kernel stored HWIO (height, width,
// in, out; TensorFlow's layout): W[o, (c·S+u)·S+v] = kernel[u, v, c, o].
func SetConvHWIO[T Float](l *Conv2D[T], kernel []float32) {
	g := l.Shape
	s, k := g.Size, l.K
	if len(kernel) != s*s*g.C*k {
		panic(fmt.Sprintf("nn: SetConvHWIO with %d values for a %d×%d×%d×%d kernel", len(kernel), s, s, g.C, k))
	}
	for u := 0; u < s; u++ {
		for v := 0; v < s; v++ {
			for c := 0; c < g.C; c++ {
				src := kernel[((u*s+v)*g.C+c)*k:][:k]
				for o, w := range src {
					l.W.Data[o*l.W.Cols+(c*s+u)*s+v] = T(w)
				}
			}
		}
	}
}
