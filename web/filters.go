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

// firstLayerImages reads the weights of net's first layer with parameters
// as images:
//   - a convolution has W (K, C·S·S): row k's first S·S values are filter
//     k on the first channel;
//   - a dense layer over a C×H×W input has W (C·H·W, out): column j's first
//     H·W values, reshaped H×W, are unit j's weights on the first channel.
//
// ok is false when the layer is neither.
func firstLayerImages(net *nn.Network[float32]) (fl firstLayer, ok bool) {
	var layer nn.Layer[float32]
	for _, l := range net.Layers {
		if len(l.Params()) > 0 {
			layer = l
			break
		}
	}
	if layer == nil {
		return firstLayer{}, false
	}
	w, spec := layer.Params()[0].Value, layer.Spec()
	switch spec.Type {
	case "conv2d":
		side := spec.Size
		if side < 1 || w.Cols < side*side {
			return firstLayer{}, false
		}
		fl = firstLayer{kind: "filter", side: side, imgs: make([][]float32, w.Rows)}
		for k := range w.Rows {
			fl.imgs[k] = append([]float32(nil), w.Row(k)[:side*side]...)
		}
		return fl, true
	case "dense":
		h, wd := 32, 32 // without a shape in the file: one 32×32 character
		if in := net.Meta.Input; len(in) == 3 && in[1] > 0 && in[2] > 0 {
			h, wd = in[1], in[2]
		}
		if h != wd || w.Rows < h*wd || w.Rows%(h*wd) != 0 {
			return firstLayer{}, false
		}
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
	return firstLayer{}, false
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
