package nn

import (
	"fmt"
	"math"

	"inkling/nn/internal/kernel"
)

// Pooling layers summarise windows of each channel independently. Rows are
// C×H×W images in and C×OH×OW out; Shape.Pad must be 0.

// MaxPool keeps the largest value of each Size×Size window.
type MaxPool[T Float] struct {
	Shape   ConvShape
	Workers int       // goroutines over the batch's images; 0 or 1: the calling one
	arg     []int32   // (N·C·OH·OW) index into the input row of each maximum, cached for Backward
	rows    int       // N of the last Forward
	y, dx   Matrix[T] // (N, C·OH·OW), (N, C·H·W)
}

// AvgPool averages each Size×Size window.
type AvgPool[T Float] struct {
	Shape ConvShape
	rows  int
	y, dx Matrix[T]
}

// GlobalAvgPool averages each channel over all its pixels: C×H×W → C.
type GlobalAvgPool[T Float] struct {
	C, H, W int
	rows    int
	y, dx   Matrix[T] // (N, C), (N, C·H·W)
}

var (
	_ Layer[float32] = (*MaxPool[float32])(nil)
	_ Layer[float32] = (*AvgPool[float32])(nil)
	_ Layer[float32] = (*GlobalAvgPool[float32])(nil)
)

// NewMaxPool returns a max pool over c×h×w images with size×size windows every stride pixels.
func NewMaxPool[T Float](c, h, w, size, stride int) *MaxPool[T] {
	g := ConvShape{C: c, H: h, W: w, Size: size, Stride: stride}
	g.mustValid("MaxPool")
	return &MaxPool[T]{Shape: g}
}

// NewAvgPool returns an average pool over c×h×w images.
func NewAvgPool[T Float](c, h, w, size, stride int) *AvgPool[T] {
	g := ConvShape{C: c, H: h, W: w, Size: size, Stride: stride}
	g.mustValid("AvgPool")
	return &AvgPool[T]{Shape: g}
}

// poolOut is the output width of a pooling layer of shape g, C·OH·OW.
func poolOut(g ConvShape) int { return g.C * g.OutH() * g.OutW() }

// Forward returns the maximum of every window.
func (l *MaxPool[T]) Forward(x *Matrix[T]) *Matrix[T] {
	g := l.Shape
	mustCols("MaxPool input", x, g.In())
	if g.In() > math.MaxInt32 {
		panic(fmt.Sprintf("nn: MaxPool input of %d values overflows its int32 indices", g.In()))
	}
	l.reserve(x.Rows)
	if l.Workers > 1 && x.Rows > 1 { // each image on its own: any cut gives the same values
		rowSplit(x.Rows, l.Workers, func(a, b int) { l.forward(x, a, b) })
	} else {
		l.forward(x, 0, x.Rows)
	}
	return &l.y
}

// reserve sizes the output and the maxima' indices for rows images.
func (l *MaxPool[T]) reserve(rows int) {
	out := poolOut(l.Shape)
	l.rows = rows
	l.y.ReuseAs(rows, out)
	if cap(l.arg) < rows*out {
		l.arg = make([]int32, rows*out)
	}
	l.arg = l.arg[:rows*out]
}

// forward pools images [a, b) of x into l.y, recording the maxima in l.arg.
func (l *MaxPool[T]) forward(x *Matrix[T], a, b int) {
	g := l.Shape
	oh, ow, out := g.OutH(), g.OutW(), poolOut(g)
	for n := a; n < b; n++ {
		in, y, arg := x.Row(n), l.y.Row(n), l.arg[n*out:(n+1)*out]
		if g.Size == 2 && g.Stride == 2 {
			maxPool2(y, arg, in, g)
			continue
		}
		o := 0
		for c := 0; c < g.C; c++ {
			base := c * g.H * g.W
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					best := base + i*g.Stride*g.W + j*g.Stride
					for u := 0; u < g.Size; u++ {
						r := base + (i*g.Stride+u)*g.W + j*g.Stride
						for v := 0; v < g.Size; v++ {
							if in[r+v] > in[best] {
								best = r + v
							}
						}
					}
					y[o], arg[o] = in[best], int32(best)
					o++
				}
			}
		}
	}
}

// maxPool2 is MaxPool.Forward of one image for 2×2 windows at stride 2, the
// common case: the same comparisons in the same order as the general loop
// (the first of equal maxima wins), on two input rows at a time.
func maxPool2[T Float](y []T, arg []int32, in []T, g ConvShape) {
	oh, ow := g.OutH(), g.OutW()
	if y32, ok := any(y).([]float32); ok { // the same comparisons, 8 windows at a time
		in32, hw := any(in).([]float32), g.H*g.W
		for c := 0; c < g.C; c++ {
			o := c * oh * ow
			kernel.MaxPool2(y32[o:o+oh*ow], arg[o:o+oh*ow], in32[c*hw:(c+1)*hw], g.W, ow, oh, c*hw)
		}
		return
	}
	o := 0
	for c := 0; c < g.C; c++ {
		for i := 0; i < oh; i++ {
			r0 := (c*g.H + 2*i) * g.W
			top, bot := in[r0:r0+2*ow], in[r0+g.W:r0+g.W+2*ow]
			ys, as := y[o:o+ow], arg[o:o+ow]
			for j := range ys {
				best, m := r0+2*j, top[2*j]
				if v := top[2*j+1]; v > m {
					best, m = r0+2*j+1, v
				}
				if v := bot[2*j]; v > m {
					best, m = r0+g.W+2*j, v
				}
				if v := bot[2*j+1]; v > m {
					best, m = r0+g.W+2*j+1, v
				}
				ys[j], as[j] = m, int32(best)
			}
			o += ow
		}
	}
}

// Backward routes each output gradient to the input that was the maximum.
func (l *MaxPool[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	out := poolOut(l.Shape)
	mustShape("MaxPool dy", dy, l.rows, out)
	l.dx.ReuseAs(l.rows, l.Shape.In())
	g := l.Shape
	if dx32, ok := any(l.dx.Data).([]float32); ok && g.Size == 2 && g.Stride == 2 && g.H%2 == 0 && g.W%2 == 0 {
		// Windows that tile the image: every input is written once, no clearing.
		dy32 := any(dy.Data).([]float32)
		if l.Workers > 1 && l.rows > 1 {
			rowSplit(l.rows, l.Workers, func(a, b int) { l.backward2(dx32, dy32, a, b) })
		} else {
			l.backward2(dx32, dy32, 0, l.rows)
		}
		return &l.dx
	}
	l.dx.Zero()
	for n := 0; n < l.rows; n++ {
		dx, arg := l.dx.Row(n), l.arg[n*out:(n+1)*out]
		for o, d := range dy.Row(n) {
			dx[arg[o]] += d
		}
	}
	return &l.dx
}

// backward2 is Backward for 2×2 windows that tile the image, on images [a, b).
func (l *MaxPool[T]) backward2(dx, dy []float32, a, b int) {
	g, in, out := l.Shape, l.Shape.In(), poolOut(l.Shape)
	for n := a; n < b; n++ {
		kernel.MaxPool2Grad(dx[n*in:(n+1)*in], dy[n*out:(n+1)*out], l.arg[n*out:(n+1)*out], g.W, g.W/2, g.C*g.H/2, 0)
	}
}

// SetWorkers sets Workers (see Network.SetWorkers).
func (l *MaxPool[T]) SetWorkers(n int) { l.Workers = n }

// Params is empty.
func (l *MaxPool[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *MaxPool[T]) Spec() Spec {
	g := l.Shape
	return Spec{Type: "maxpool", C: g.C, H: g.H, W: g.W, Size: g.Size, Stride: g.Stride}
}

// Forward returns the mean of every window.
func (l *AvgPool[T]) Forward(x *Matrix[T]) *Matrix[T] {
	g := l.Shape
	mustCols("AvgPool input", x, g.In())
	oh, ow := g.OutH(), g.OutW()
	l.rows = x.Rows
	l.y.ReuseAs(x.Rows, poolOut(g))
	inv := 1 / T(g.Size*g.Size)
	for n := 0; n < x.Rows; n++ {
		in, y := x.Row(n), l.y.Row(n)
		o := 0
		for c := 0; c < g.C; c++ {
			base := c * g.H * g.W
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					var s T
					for u := 0; u < g.Size; u++ {
						r := base + (i*g.Stride+u)*g.W + j*g.Stride
						for _, v := range in[r : r+g.Size] {
							s += v
						}
					}
					y[o] = s * inv
					o++
				}
			}
		}
	}
	return &l.y
}

// Backward spreads each output gradient evenly over its window.
func (l *AvgPool[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	g := l.Shape
	oh, ow := g.OutH(), g.OutW()
	mustShape("AvgPool dy", dy, l.rows, poolOut(g))
	l.dx.ReuseAs(l.rows, g.In())
	l.dx.Zero()
	inv := 1 / T(g.Size*g.Size)
	for n := 0; n < l.rows; n++ {
		dx, d := l.dx.Row(n), dy.Row(n)
		o := 0
		for c := 0; c < g.C; c++ {
			base := c * g.H * g.W
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					share := d[o] * inv
					o++
					for u := 0; u < g.Size; u++ {
						r := base + (i*g.Stride+u)*g.W + j*g.Stride
						for v := range g.Size {
							dx[r+v] += share
						}
					}
				}
			}
		}
	}
	return &l.dx
}

// Params is empty.
func (l *AvgPool[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *AvgPool[T]) Spec() Spec {
	g := l.Shape
	return Spec{Type: "avgpool", C: g.C, H: g.H, W: g.W, Size: g.Size, Stride: g.Stride}
}

// Forward returns each channel's mean.
func (l *GlobalAvgPool[T]) Forward(x *Matrix[T]) *Matrix[T] {
	p := l.H * l.W
	mustCols("GlobalAvgPool input", x, l.C*p)
	l.rows = x.Rows
	l.y.ReuseAs(x.Rows, l.C)
	inv := 1 / T(p)
	for n := 0; n < x.Rows; n++ {
		in, y := x.Row(n), l.y.Row(n)
		for c := range y {
			var s T
			for _, v := range in[c*p : (c+1)*p] {
				s += v
			}
			y[c] = s * inv
		}
	}
	return &l.y
}

// Backward spreads each channel's gradient evenly over its pixels.
func (l *GlobalAvgPool[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	if !wantDx {
		return nil
	}
	p := l.H * l.W
	mustShape("GlobalAvgPool dy", dy, l.rows, l.C)
	l.dx.ReuseAs(l.rows, l.C*p)
	inv := 1 / T(p)
	for n := 0; n < l.rows; n++ {
		dx := l.dx.Row(n)
		for c, d := range dy.Row(n) {
			share := d * inv
			for i := c * p; i < (c+1)*p; i++ {
				dx[i] = share
			}
		}
	}
	return &l.dx
}

// Params is empty.
func (l *GlobalAvgPool[T]) Params() []Param[T] { return nil }

// Spec describes the layer.
func (l *GlobalAvgPool[T]) Spec() Spec {
	return Spec{Type: "globalavgpool", C: l.C, H: l.H, W: l.W}
}
