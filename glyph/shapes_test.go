package glyph

import (
	"image"
	"math"
)

// supersample is the number of subsamples per pixel side used to draw
// anti-aliased test shapes.
const supersample = 4

// drawShape returns an n×n grey image, dark ink (0) on white paper (255),
// of the points (x, y) (in units of the image side, 0..1) for which inside
// is true, anti-aliased by supersampling.
func drawShape(n int, inside func(x, y float64) bool) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, n, n))
	for py := range n {
		for px := range n {
			hits := 0
			for sy := range supersample {
				for sx := range supersample {
					x := (float64(px) + (float64(sx)+0.5)/supersample) / float64(n)
					y := (float64(py) + (float64(sy)+0.5)/supersample) / float64(n)
					if inside(x, y) {
						hits++
					}
				}
			}
			m.Pix[py*m.Stride+px] = uint8(255 - 255*hits/(supersample*supersample))
		}
	}
	return m
}

// ring draws a circle of radius r and stroke width sw (both in units of the
// image side) centred in an n×n image.
func ring(n int, r, sw float64) *image.Gray {
	return drawShape(n, func(x, y float64) bool {
		d := math.Hypot(x-0.5, y-0.5)
		return math.Abs(d-r) <= sw/2
	})
}

// bar draws a vertical bar of length l and width sw (in units of the image
// side) centred in an n×n image.
func bar(n int, l, sw float64) *image.Gray {
	return drawShape(n, func(x, y float64) bool {
		return math.Abs(x-0.5) <= sw/2 && math.Abs(y-0.5) <= l/2
	})
}
