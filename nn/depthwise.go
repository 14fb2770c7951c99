package nn

import (
	"math"
	"math/rand/v2"
)

// DepthwiseConv2D convolves each channel of C×H×W images with its own
// Size×Size filter (MobileNet's depthwise step; the channel mixing is a 1×1
// Conv2D after it):
//
//	y[c,i,j] = B[c] + Σ_{u,v} W[c, u·S+v] · x[c, i·stride+u−pad, j·stride+v−pad]
//
// Its output rows are C×OH×OW. It costs C·S²·OH·OW multiply-adds, too few to
// repay im2col and a GEMM, so it loops directly.
type DepthwiseConv2D[T Float] struct {
	Shape  ConvShape
	W, B   *Matrix[T] // (C, S·S), (1, C)
	dW, dB *Matrix[T] // gradients, same shapes; Backward accumulates into them

	x     *Matrix[T] // (N, C·H·W) input cached by Forward for Backward
	y, dx Matrix[T]  // (N, C·OH·OW), (N, C·H·W)
}

var _ Layer[float32] = (*DepthwiseConv2D[float32])(nil)

// NewDepthwiseConv2D returns a depthwise convolution with He-uniform weights
// (fan-in S·S) and zero bias.
func NewDepthwiseConv2D[T Float](g ConvShape, rng *rand.Rand) *DepthwiseConv2D[T] {
	l := newDepthwiseConv2D[T](g)
	a := math.Sqrt(6 / float64(g.Size*g.Size))
	for i := range l.W.Data {
		l.W.Data[i] = T((2*rng.Float64() - 1) * a)
	}
	return l
}

func newDepthwiseConv2D[T Float](g ConvShape) *DepthwiseConv2D[T] {
	g.mustValid("DepthwiseConv2D")
	ss := g.Size * g.Size
	return &DepthwiseConv2D[T]{Shape: g,
		W: NewMatrix[T](g.C, ss), B: NewMatrix[T](1, g.C),
		dW: NewMatrix[T](g.C, ss), dB: NewMatrix[T](1, g.C)}
}

// Forward returns the depthwise convolution of every row of x.
func (l *DepthwiseConv2D[T]) Forward(x *Matrix[T]) *Matrix[T] {
	g := l.Shape
	mustCols("DepthwiseConv2D input", x, g.In())
	l.x = x
	oh, ow, s := g.OutH(), g.OutW(), g.Size
	l.y.ReuseAs(x.Rows, g.C*oh*ow)
	for n := 0; n < x.Rows; n++ {
		in, out := x.Row(n), l.y.Row(n)
		for c := 0; c < g.C; c++ {
			img := in[c*g.H*g.W : (c+1)*g.H*g.W]
			w := l.W.Row(c)
			dst := out[c*oh*ow : (c+1)*oh*ow]
			b := l.B.Data[c]
			for i := range dst {
				dst[i] = b
			}
			for u := 0; u < s; u++ {
				for i := 0; i < oh; i++ {
					y := i*g.Stride + u - g.Pad
					if y < 0 || y >= g.H {
						continue
					}
					src, row := img[y*g.W:(y+1)*g.W], dst[i*ow:(i+1)*ow]
					for v := 0; v < s; v++ {
						wv := w[u*s+v]
						for j := range row {
							if xj := j*g.Stride + v - g.Pad; xj >= 0 && xj < g.W {
								row[j] += wv * src[xj]
							}
						}
					}
				}
			}
		}
	}
	return &l.y
}

// Backward accumulates dW and dB and returns dx.
func (l *DepthwiseConv2D[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	g := l.Shape
	oh, ow, s := g.OutH(), g.OutW(), g.Size
	mustShape("DepthwiseConv2D dy", dy, l.x.Rows, g.C*oh*ow)
	if wantDx {
		l.dx.ReuseAs(l.x.Rows, g.In())
		l.dx.Zero()
	}
	for n := 0; n < dy.Rows; n++ {
		in, d := l.x.Row(n), dy.Row(n)
		for c := 0; c < g.C; c++ {
			img := in[c*g.H*g.W : (c+1)*g.H*g.W]
			dc := d[c*oh*ow : (c+1)*oh*ow]
			w, dw := l.W.Row(c), l.dW.Row(c)
			var dimg []T
			if wantDx {
				dimg = l.dx.Row(n)[c*g.H*g.W : (c+1)*g.H*g.W]
			}
			for _, v := range dc {
				l.dB.Data[c] += v
			}
			for u := 0; u < s; u++ {
				for i := 0; i < oh; i++ {
					y := i*g.Stride + u - g.Pad
					if y < 0 || y >= g.H {
						continue
					}
					row := dc[i*ow : (i+1)*ow]
					for v := 0; v < s; v++ {
						var acc T
						wv := w[u*s+v]
						for j, dv := range row {
							if xj := j*g.Stride + v - g.Pad; xj >= 0 && xj < g.W {
								acc += dv * img[y*g.W+xj]
								if wantDx {
									dimg[y*g.W+xj] += dv * wv
								}
							}
						}
						dw[u*s+v] += acc
					}
				}
			}
		}
	}
	if !wantDx {
		return nil
	}
	return &l.dx
}

// Params returns W and B with their gradients.
func (l *DepthwiseConv2D[T]) Params() []Param[T] {
	return []Param[T]{{"W", l.W, l.dW}, {"B", l.B, l.dB}}
}

// Spec describes the layer.
func (l *DepthwiseConv2D[T]) Spec() Spec {
	g := l.Shape
	return Spec{Type: "depthwise", C: g.C, H: g.H, W: g.W, Size: g.Size, Stride: g.Stride, Pad: g.Pad}
}
