package kernel

import "fmt"

// Window is the entries of a convolution window over an input image: the
// offset of each (c·H·W + u·w + v for channel c, offset (u, v), in the
// order of the weights), checked once for the kernels that take it.
type Window struct {
	off   []int32
	reach int  // the largest offset
	runs5 bool // the offsets come in runs of 5 consecutive values (5×5 windows)
}

// NewWindow returns the window with the given offsets (kept, not copied).
func NewWindow(off []int32) *Window {
	if len(off) == 0 {
		panic("kernel: NewWindow without entries")
	}
	win := &Window{off: off, runs5: len(off)%5 == 0}
	for q, o := range off {
		if o < 0 {
			panic(fmt.Sprintf("kernel: NewWindow entry %d at offset %d", q, o))
		}
		win.reach = max(win.reach, int(o))
		if q%5 > 0 && o != off[q-1]+1 {
			win.runs5 = false
		}
	}
	return win
}

// Len is the number of entries.
func (win *Window) Len() int { return len(win.off) }

// ConvK32 computes 32 filters of a stride-1 convolution without padding
// over one image x, output pixel by output pixel:
//
//	y[(i·ow+j)·32+f] = bias[f] + Σ_{q<win.Len()} wt[q·ldw+f] · x[off[q]+i·w+j]
//
// for i < oh, j < ow, f < 32, where off[q] is window entry q's offset and
// wt[q·ldw:] its 32 weights (the transposed weight matrix). Up to 12 pixels
// of a row are computed at once, each with its 32 sums in two AVX-512
// registers, every window entry one pair of weight loads and a broadcast
// input value per pixel: no im2col matrix. The sums start from the bias and
// add the entries in order, one rounding per fused multiply-add. It reports
// false, doing nothing, without AVX-512.
func ConvK32(y []float32, x []float32, w int, win *Window, wt []float32, ldw int, bias []float32, oh, ow int) bool {
	if oh <= 0 || ow <= 0 {
		return true
	}
	if ldw < 32 || len(y) < oh*ow*32 || len(wt) < (win.Len()-1)*ldw+32 || len(bias) < 32 || len(x) < win.reach+(oh-1)*w+ow || w < ow {
		panic(fmt.Sprintf("kernel: ConvK32 of %d×%d outputs over rows of %d with %d inputs (reach %d), %d outputs, %d weights a row %d apart and %d biases",
			oh, ow, w, len(x), win.reach, len(y), len(wt), ldw, len(bias)))
	}
	if !hasDirectConv {
		return false
	}
	for i := 0; i < oh; i++ {
		for j := 0; j < ow; j += 12 {
			convK32Vec(y[(i*ow+j)*32:], x[i*w+j:], win.off, wt, ldw, bias, min(12, ow-j))
		}
	}
	return true
}

// ConvGradK32x5 adds to dw the weight gradient of a stride-1 convolution
// without padding with 32 filters and 5×5 windows over one image x:
//
//	dw[q·32+f] += Σ_{i<oh, j<ow} x[off[q]+i·w+j] · dy[(i·ow+j)·32+f]
//
// with win as for ConvK32 (its entries in runs of 5 consecutive offsets, one
// per window row) and dy the output gradient pixel by pixel. Two window rows
// at a time, their 10×32 sums stay in AVX-512 registers over the whole
// image, each pixel two loads of dy and 20 multiply-adds with a broadcast
// input value: no im2col matrix. Each sum runs over the pixels in order,
// one rounding per fused multiply-add. It reports false, doing nothing,
// without AVX-512.
func ConvGradK32x5(dw []float32, x []float32, w int, win *Window, dy []float32, oh, ow int) bool {
	if !win.runs5 {
		panic(fmt.Sprintf("kernel: ConvGradK32x5 with %d window entries not in runs of 5", win.Len()))
	}
	if oh <= 0 || ow <= 0 {
		return true
	}
	if len(dw) < win.Len()*32 || len(dy) < oh*ow*32 || len(x) < win.reach+(oh-1)*w+ow || w < ow {
		panic(fmt.Sprintf("kernel: ConvGradK32x5 of %d×%d outputs over rows of %d with %d inputs (reach %d), %d gradients and %d weights",
			oh, ow, w, len(x), win.reach, len(dy), len(dw)))
	}
	if !hasDirectConv {
		return false
	}
	off, rows := win.off, win.Len()/5
	for r := 0; r < rows; r += 2 {
		convGradK32x5Vec(dw[r*5*32:], x[off[r*5]:], x[off[min(r+1, rows-1)*5]:], w, dy, oh, ow, min(2, rows-r))
	}
	return true
}
