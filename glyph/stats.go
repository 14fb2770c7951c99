package glyph

import (
	"image"
	"math"
)

// Stats describes the ink of one network input (see Measure).
type Stats struct {
	Box    image.Rectangle // bounding box of the pixels that are at least half ink
	Ink    float64         // mean ink over the image: 0 = blank, 1 = all black
	Stroke float64         // stroke width in pixels, estimated as 2·area/perimeter of the ink
}

// Measure returns the ink statistics of img, a Size×Size network input
// (1 = paper, 0 = ink; values outside [0, 1] are clamped).
func Measure(img []float32) Stats {
	if len(img) != Size*Size {
		panic("glyph: Measure needs a Size*Size image")
	}
	ink := make([]float32, len(img))
	var sum float64
	for i, v := range img {
		ink[i] = clamp01(1 - v)
		sum += float64(ink[i])
	}
	return Stats{
		Box:    inkBox(ink, Size, Size),
		Ink:    sum / float64(len(ink)),
		Stroke: strokeWidth(nil, ink, Size, Size),
	}
}

// inkBox returns the bounding box of the pixels of ink (w×h, row-major,
// 1 = ink) whose value is at least 0.5; it is empty when there are none.
func inkBox(ink []float32, w, h int) image.Rectangle {
	var r image.Rectangle
	for y := range h {
		row := ink[y*w : (y+1)*w]
		for x, v := range row {
			if v >= 0.5 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// strokeWidth estimates the mean stroke width of ink (w×h, row-major,
// 1 = ink) in pixels as 2·area / perimeter: a stroke of width s and
// length L has area s·L and outline 2·L. The area is the sum of the ink and
// the perimeter is its total variation (the sum of the gradient magnitudes),
// which counts one per pixel of edge length whether the edge is sharp or
// blurred, so the estimate does not depend on anti-aliasing and scales
// with the image. It returns 0 for an image without ink.
func strokeWidth(sc *scratch, ink []float32, w, h int) float64 {
	// Pad with paper on the right and below, and start from a paper row
	// and column, so every edge, also at the border, is counted.
	pw := w + 2
	pad := sc.float32s(pw * (h + 2))
	for y := range h {
		copy(pad[(y+1)*pw+1:], ink[y*w:(y+1)*w])
	}
	var area, perim float64
	for i := 0; i+pw < len(pad); i++ {
		v, right, down := pad[i], pad[i+1], pad[i+pw]
		if v == 0 && right == 0 && down == 0 {
			continue
		}
		area += float64(v)
		gx, gy := float64(right-v), float64(down-v) // forward differences
		switch {
		case gy == 0: // √(gx²) is |gx| exactly, and the square root is the costly part
			perim += math.Abs(gx)
		case gx == 0:
			perim += math.Abs(gy)
		default:
			perim += math.Sqrt(gx*gx + gy*gy)
		}
	}
	if perim == 0 {
		return 0
	}
	return 2 * area / perim
}

// clamp01 clamps v to [0, 1]. (The built-in min and max are slower for
// floats, as they must handle NaN and signed zeros.)
func clamp01(v float32) float32 {
	if v < 0 {
		return 0
	}
	if v > 1 {
		return 1
	}
	return v
}
