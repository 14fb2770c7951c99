package web

import (
	"math"

	"inkling/nn"
)

// firstLayer holds the weight images of a network's first layer with
// parameters: what each hidden unit or filter responds to.
type firstLayer struct {
	kind string      // how the images were read from the weights
	side int         // each image is side×side
	imgs [][]float32 // one per unit or filter, row-major
}

// firstLayerImages reads the first weight matrix of net as images, knowing
// nothing of the layer's type:
//   - a dense layer over an H×W input has W (H·W, out): column j, reshaped
//     H×W, is unit j's weights;
//   - a convolution has W (K, C·S·S): row k's first S·S values are filter
//     k on the first channel.
//
// ok is false when the matrix fits neither reading.
func firstLayerImages(net *nn.Network[float32]) (fl firstLayer, ok bool) {
	var w *nn.Matrix[float32]
	for _, l := range net.Layers {
		if ps := l.Params(); len(ps) > 0 {
			w = ps[0].Value
			break
		}
	}
	if w == nil {
		return firstLayer{}, false
	}
	channels, h, wd := 1, 32, 32 // without a shape in the file: one 32×32 character
	if in := net.Meta.Input; len(in) == 3 && in[0] > 0 && in[1] > 0 && in[2] > 0 {
		channels, h, wd = in[0], in[1], in[2]
	}
	if w.Rows == channels*h*wd && h == wd { // dense: one column per unit, first channel
		fl = firstLayer{kind: "unit", side: h, imgs: make([][]float32, w.Cols)}
		for j := range w.Cols {
			img := make([]float32, h*wd)
			for i := range img {
				img[i] = w.Data[i*w.Cols+j]
			}
			fl.imgs[j] = img
		}
		return fl, true
	}
	if w.Cols%channels == 0 {
		if side := isqrt(w.Cols / channels); side > 1 { // convolution: one row per filter
			fl = firstLayer{kind: "filter", side: side, imgs: make([][]float32, w.Rows)}
			for k := range w.Rows {
				fl.imgs[k] = append([]float32(nil), w.Row(k)[:side*side]...)
			}
			return fl, true
		}
	}
	return firstLayer{}, false
}

// isqrt returns s if n == s·s, else 0.
func isqrt(n int) int {
	s := int(math.Round(math.Sqrt(float64(n))))
	if s*s == n {
		return s
	}
	return 0
}

// tileRGBA lays the images out in a grid of cols columns, one pixel apart,
// as RGBA pixels (w×h). Each image is scaled by its own largest |weight|:
// positive weights are orange, negative blue, zero white. The gaps are grey.
func tileRGBA(imgs [][]float32, side, cols int) (px []byte, w, h int) {
	rows := (len(imgs) + cols - 1) / cols
	w, h = cols*(side+1)+1, rows*(side+1)+1
	px = make([]byte, 4*w*h)
	for i := range w * h {
		px[4*i], px[4*i+1], px[4*i+2], px[4*i+3] = 200, 200, 200, 255
	}
	for n, img := range imgs {
		x0, y0 := 1+(n%cols)*(side+1), 1+(n/cols)*(side+1)
		scale := float32(0)
		for _, v := range img {
			scale = max(scale, float32(math.Abs(float64(v))))
		}
		if scale == 0 {
			scale = 1
		}
		for y := range side {
			for x := range side {
				r, g, b := diverging(img[y*side+x] / scale)
				o := 4 * ((y0+y)*w + x0 + x)
				px[o], px[o+1], px[o+2] = r, g, b
			}
		}
	}
	return px, w, h
}

// diverging maps v in [-1, 1] to blue (−1), white (0) and orange (+1).
func diverging(v float32) (r, g, b byte) {
	v = min(max(v, -1), 1)
	mix := func(from, to float32, t float32) byte { return byte(from + (to-from)*t + 0.5) }
	if v >= 0 { // white to orange (230, 97, 1)
		return mix(255, 230, v), mix(255, 97, v), mix(255, 1, v)
	}
	return mix(255, 33, -v), mix(255, 102, -v), mix(255, 172, -v) // white to blue (33, 102, 172)
}
