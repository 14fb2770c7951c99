package nn

import (
	"fmt"
	"math"
)

// MobileNet v1 (Howard et al. 2017) at width 0.25 and 224×224 input, as in
// keras.applications: RGB scaled to [-1, 1].
const (
	MobileNetSize    = 224  // input height and width
	MobileNetClasses = 1000 // ImageNet classes
)

// mobileNetBlocks are the 13 depthwise-separable blocks of MobileNet v1 0.25:
// the depthwise stride and the pointwise filters.
var mobileNetBlocks = [13]struct{ stride, filters int }{
	{1, 16}, {2, 32}, {1, 32}, {2, 64}, {1, 64}, {2, 128}, {1, 128},
	{1, 128}, {1, 128}, {1, 128}, {1, 128}, {2, 256}, {1, 256},
}

// mobileNetBNEps is the BatchNormalization epsilon of the Keras model.
const mobileNetBNEps = 1e-3

// NewMobileNet builds MobileNet v1 0.25 with its ImageNet classifier from
// the Keras tensors in src ("conv1/kernel", "conv_dw_1/depthwise_kernel",
// "conv_pw_1_bn/gamma", "conv_preds/bias", …), every BatchNorm folded into
// the convolution before it. Input rows are 3×224×224 (R, G, B planes in
// [-1, 1]); outputs are the 1000 class probabilities. Downsampling layers
// pad only bottom and right, as TensorFlow's 'same' padding does.
func NewMobileNet[T Float](src TensorSource) (*Network[T], error) {
	h := MobileNetSize
	conv1 := newConv2D[T](ConvShape{C: 3, H: h + 1, W: h + 1, Size: 3, Stride: 2}, 8)
	k, err := src("conv1/kernel", []int{3, 3, 3, 8})
	if err != nil {
		return nil, err
	}
	SetConvHWIO(conv1, k)
	if err := foldKerasBN(conv1.W, conv1.B, src, "conv1_bn"); err != nil {
		return nil, err
	}
	layers := []Layer[T]{&ZeroPad[T]{C: 3, H: h, W: h, Pad: 1}, conv1, &ReLU6[T]{}}
	c, h := 8, conv1.Shape.OutH()
	for i, b := range mobileNetBlocks {
		name := fmt.Sprintf("conv_dw_%d", i+1)
		g := ConvShape{C: c, H: h, W: h, Size: 3, Stride: 1, Pad: 1}
		if b.stride == 2 {
			layers = append(layers, &ZeroPad[T]{C: c, H: h, W: h, Pad: 1})
			g = ConvShape{C: c, H: h + 1, W: h + 1, Size: 3, Stride: 2}
		}
		dw := newDepthwiseConv2D[T](g)
		k, err := src(name+"/depthwise_kernel", []int{3, 3, c, 1})
		if err != nil {
			return nil, err
		}
		for ch := 0; ch < c; ch++ {
			for uv := 0; uv < 9; uv++ {
				dw.W.Data[ch*9+uv] = T(k[uv*c+ch])
			}
		}
		if err := foldKerasBN(dw.W, dw.B, src, name+"_bn"); err != nil {
			return nil, err
		}
		h = g.OutH()
		pw := newConv2D[T](ConvShape{C: c, H: h, W: h, Size: 1, Stride: 1}, b.filters)
		name = fmt.Sprintf("conv_pw_%d", i+1)
		if k, err = src(name+"/kernel", []int{1, 1, c, b.filters}); err != nil {
			return nil, err
		}
		SetConvHWIO(pw, k)
		if err := foldKerasBN(pw.W, pw.B, src, name+"_bn"); err != nil {
			return nil, err
		}
		layers = append(layers, dw, &ReLU6[T]{}, pw, &ReLU6[T]{})
		c = b.filters
	}
	preds := newDense[T](c, MobileNetClasses)
	if k, err = src("conv_preds/kernel", []int{1, 1, c, MobileNetClasses}); err != nil {
		return nil, err
	}
	for i, v := range k { // (1, 1, in, out) is Dense's (in, out) layout
		preds.W.Data[i] = T(v)
	}
	bias, err := src("conv_preds/bias", []int{MobileNetClasses})
	if err != nil {
		return nil, err
	}
	for i, v := range bias {
		preds.B.Data[i] = T(v)
	}
	layers = append(layers, &GlobalAvgPool[T]{C: c, H: h, W: h}, preds, &Softmax[T]{})
	return NewNetwork(layers...), nil
}

// foldKerasBN folds the BatchNormalization "<name>/gamma", beta,
// moving_mean, moving_variance into the layer before it, whose output
// channel k has weights row k of w and bias b[k]:
// s = γ/√(σ²+ε); w ← s·w; b ← s·(b − μ) + β.
func foldKerasBN[T Float](w, b *Matrix[T], src TensorSource, name string) error {
	k := w.Rows
	var p [4][]float32
	for i, part := range []string{"gamma", "beta", "moving_mean", "moving_variance"} {
		v, err := src(name+"/"+part, []int{k})
		if err != nil {
			return err
		}
		p[i] = v
	}
	for c := 0; c < k; c++ {
		s := float64(p[0][c]) / math.Sqrt(float64(p[3][c])+mobileNetBNEps)
		for i, v := range w.Row(c) {
			w.Row(c)[i] = T(float64(v) * s)
		}
		b.Data[c] = T(s*(float64(b.Data[c])-float64(p[2][c])) + float64(p[1][c]))
	}
	return nil
}
