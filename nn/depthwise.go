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
	taps  []dwTap    // per filter position: the output rows and columns it reaches (tapTable of Shape)
}

// dwTap is, for one filter position (u, v), the output rows [i0, i1) and
// columns [j0, j1) whose input pixel (i·Stride + u − Pad, j·Stride + v − Pad)
// lies inside the image: the others read the zero padding and add nothing.
type dwTap struct{ i0, i1, j0, j1 int }

// tapRange is the range [lo, hi) of outputs o, out of n, with
// o·stride + k − pad inside [0, size).
func tapRange(k, pad, stride, size, n int) (lo, hi int) {
	if d := pad - k; d > 0 {
		lo = (d + stride - 1) / stride
	}
	if last := size - 1 + pad - k; last >= 0 {
		hi = min(last/stride+1, n)
	}
	return lo, max(lo, hi)
}

// tapTable lists g's filter positions (u, v) in row-major order with the
// output rows and columns each reaches.
func tapTable(g ConvShape) []dwTap {
	taps := make([]dwTap, 0, g.Size*g.Size)
	for u := range g.Size {
		i0, i1 := tapRange(u, g.Pad, g.Stride, g.H, g.OutH())
		for v := range g.Size {
			j0, j1 := tapRange(v, g.Pad, g.Stride, g.W, g.OutW())
			taps = append(taps, dwTap{i0, i1, j0, j1})
		}
	}
	return taps
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
	return &DepthwiseConv2D[T]{Shape: g, taps: tapTable(g),
		W: NewMatrix[T](g.C, ss), B: NewMatrix[T](1, g.C),
		dW: NewMatrix[T](g.C, ss), dB: NewMatrix[T](1, g.C)}
}

// Forward returns the depthwise convolution of every row of x.
func (l *DepthwiseConv2D[T]) Forward(x *Matrix[T]) *Matrix[T] {
	g := l.Shape
	mustCols("DepthwiseConv2D input", x, g.In())
	l.x = x
	oh, ow, st, hw := g.OutH(), g.OutW(), g.Stride, g.H*g.W
	l.y.ReuseAs(x.Rows, g.C*oh*ow)
	for n := 0; n < x.Rows; n++ {
		in, out := x.Row(n), l.y.Row(n)
		for c := 0; c < g.C; c++ {
			img, w := in[c*hw:(c+1)*hw], l.W.Row(c)
			dst := out[c*oh*ow : (c+1)*oh*ow]
			b := l.B.Data[c]
			for i := range dst {
				dst[i] = b
			}
			if g.is3x3Same() {
				dw3x3Forward(dst, img, w, g.H, g.W)
				continue
			}
			// Tap by tap, each output row adds one weight times one input row.
			for k, tp := range l.taps {
				wv, off := w[k], k%g.Size-g.Pad
				for i := tp.i0; i < tp.i1; i++ {
					y := i*st + k/g.Size - g.Pad
					row, src := dst[i*ow:(i+1)*ow], img[y*g.W:(y+1)*g.W]
					for j := tp.j0; j < tp.j1; j++ {
						row[j] += wv * src[j*st+off]
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
	oh, ow, st, hw := g.OutH(), g.OutW(), g.Stride, g.H*g.W
	mustShape("DepthwiseConv2D dy", dy, l.x.Rows, g.C*oh*ow)
	if wantDx {
		l.dx.ReuseAs(l.x.Rows, g.In())
		l.dx.Zero()
	}
	for n := 0; n < dy.Rows; n++ {
		in, d := l.x.Row(n), dy.Row(n)
		for c := 0; c < g.C; c++ {
			img, dc := in[c*hw:(c+1)*hw], d[c*oh*ow:(c+1)*oh*ow]
			w, dw := l.W.Row(c), l.dW.Row(c)
			var dimg []T
			if wantDx {
				dimg = l.dx.Row(n)[c*hw : (c+1)*hw]
			}
			for _, v := range dc {
				l.dB.Data[c] += v
			}
			if g.is3x3Same() {
				dw3x3Backward(dc, img, w, dw, dimg, g.H, g.W)
				continue
			}
			for k, tp := range l.taps {
				wv, off := w[k], k%g.Size-g.Pad
				var acc T
				for i := tp.i0; i < tp.i1; i++ {
					y := i*st + k/g.Size - g.Pad
					row, src := dc[i*ow:(i+1)*ow], img[y*g.W:(y+1)*g.W]
					for j := tp.j0; j < tp.j1; j++ {
						acc += row[j] * src[j*st+off]
						if wantDx {
							dimg[y*g.W+j*st+off] += row[j] * wv
						}
					}
				}
				dw[k] += acc
			}
		}
	}
	if !wantDx {
		return nil
	}
	return &l.dx
}

// is3x3Same reports the shape of most depthwise layers, 3×3 at stride 1
// with 'same' padding, which has its own loops (dw3x3Forward, dw3x3Backward):
// three input rows and nine weights per output row, borders done apart.
func (g ConvShape) is3x3Same() bool {
	return g.Size == 3 && g.Stride == 1 && g.Pad == 1 && g.W >= 2
}

// dw3x3Forward adds to the h×w output dst (which holds the bias) the 3×3
// 'same' convolution of the h×w image img with w (row-major).
func dw3x3Forward[T Float](dst, img, w []T, h, wd int) {
	for i := range h {
		row := dst[i*wd : (i+1)*wd]
		for u := range 3 {
			y := i + u - 1
			if y < 0 || y >= h {
				continue
			}
			src := img[y*wd : (y+1)*wd]
			w0, w1, w2 := w[3*u], w[3*u+1], w[3*u+2]
			row[0] += w1*src[0] + w2*src[1]
			for j := 1; j < wd-1; j++ {
				row[j] += w0*src[j-1] + w1*src[j] + w2*src[j+1]
			}
			row[wd-1] += w0*src[wd-2] + w1*src[wd-1]
		}
	}
}

// dw3x3Backward accumulates into dw the gradient of dw3x3Forward's weights
// for the output gradient dc, and into dimg (when not nil) that of its input.
func dw3x3Backward[T Float](dc, img, w, dw, dimg []T, h, wd int) {
	for i := range h {
		d := dc[i*wd : (i+1)*wd]
		for u := range 3 {
			y := i + u - 1
			if y < 0 || y >= h {
				continue
			}
			src := img[y*wd : (y+1)*wd]
			// Tap (u, v) meets output column j at input column j+v−1.
			var a0 T // output column 0 meets tap v = 0 in the padding
			a1, a2 := d[0]*src[0], d[0]*src[1]
			for j := 1; j < wd-1; j++ {
				a0 += d[j] * src[j-1]
				a1 += d[j] * src[j]
				a2 += d[j] * src[j+1]
			}
			a0 += d[wd-1] * src[wd-2]
			a1 += d[wd-1] * src[wd-1]
			dw[3*u] += a0
			dw[3*u+1] += a1
			dw[3*u+2] += a2
			if dimg == nil {
				continue
			}
			dr := dimg[y*wd : (y+1)*wd]
			w0, w1, w2 := w[3*u], w[3*u+1], w[3*u+2]
			// Input column x takes output columns x+1 (via w0), x (w1) and x−1 (w2).
			dr[0] += w0*d[1] + w1*d[0]
			for x := 1; x < wd-1; x++ {
				dr[x] += w0*d[x+1] + w1*d[x] + w2*d[x-1]
			}
			dr[wd-1] += w1*d[wd-1] + w2*d[wd-2]
		}
	}
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
