package web

import (
	"image"
	"sort"

	"inkling/glyph"
)

// Guess is one class and the probability the network gives it.
type Guess struct {
	Class string
	P     float64
}

// Reading is what the app knows about the character on the pad.
type Reading struct {
	Input  []float32 // (glyph.Size*glyph.Size) what the network saw: 1 = paper, 0 = ink
	Top    []Guess   // the most probable classes, best first; empty without a reading
	Status string    // a message for the user when there is no (or no sure) reading
}

// minInkSide is the smallest ink box (its longer side, as a fraction of the
// pad) that is read as a character: two pen widths. A tap or a dot is
// smaller, and scaled up to 25 pixels it would look like an "O" to the network.
const minInkSide = 2 * inkWidth / float64(padSize)

// unsure is the top probability below which the app says it is unsure.
const unsure = 0.5

// Messages shown instead of, or next to, a reading.
const (
	msgEmpty    = "Draw one letter or digit on the pad."
	msgTooSmall = "That is too small to read: draw a larger character."
	msgUnsure   = "Not sure: this does not look much like any one character."
)

// grayFromRGBA converts canvas pixels (w×h, RGBA, as getImageData returns
// them) into dst at half the size, (w/2)×(h/2), each pixel the mean of a
// 2×2 block, reusing dst's storage. The pad has black ink on a white
// background, so the green channel alone is the grey level. Halving the
// pad leaves Normalize's 32×32 output all but unchanged and takes 40 % off
// its time (1.7 ms instead of 2.9 ms natively), which matters in wasm.
func grayFromRGBA(dst *image.Gray, rgba []byte, w, h int) {
	if len(rgba) != 4*w*h {
		panic("web: grayFromRGBA: pixel buffer does not match the size")
	}
	hw, hh := w/2, h/2
	if cap(dst.Pix) < hw*hh {
		dst.Pix = make([]uint8, hw*hh)
	}
	dst.Pix, dst.Stride, dst.Rect = dst.Pix[:hw*hh], hw, image.Rect(0, 0, hw, hh)
	for y := range hh {
		top, bottom := rgba[4*(2*y)*w:], rgba[4*(2*y+1)*w:]
		for x := range hw {
			i := 4*2*x + 1 // green of the block's left pixels
			sum := int(top[i]) + int(top[i+4]) + int(bottom[i]) + int(bottom[i+4])
			dst.Pix[y*hw+x] = uint8((sum + 2) / 4)
		}
	}
}

// inkSide returns the longer side of the box holding every pixel darker
// than mid-grey, as a fraction of the image's longer side (0 without ink).
func inkSide(g *image.Gray) float64 {
	b := g.Bounds()
	box := image.Rectangle{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := g.Pix[g.PixOffset(b.Min.X, y):g.PixOffset(b.Max.X, y)]
		for i, v := range row {
			if v < 128 { // darker than mid-grey: ink
				box = box.Union(image.Rect(b.Min.X+i, y, b.Min.X+i+1, y+1))
			}
		}
	}
	return float64(max(box.Dx(), box.Dy())) / float64(max(b.Dx(), b.Dy()))
}

// read turns the pad's pixels into a Reading with classify, which maps the
// network input to class probabilities (in classes order).
func read(g *image.Gray, classes []string, classify func([]float32) ([]float32, error)) Reading {
	r := Reading{Input: make([]float32, glyph.Size*glyph.Size)}
	if !glyph.Normalize(r.Input, g) {
		r.Status = msgEmpty
		return r
	}
	if inkSide(g) < minInkSide {
		r.Status = msgTooSmall
		return r
	}
	p, err := classify(r.Input)
	if err != nil {
		r.Status = err.Error()
		return r
	}
	r.Top = topK(p, classes, 5) // five: enough to see the runners-up

	if r.Top[0].P < unsure {
		r.Status = msgUnsure
	}
	return r
}

// topK returns the k most probable classes, best first; ties keep class order.
func topK(p []float32, classes []string, k int) []Guess {
	gs := make([]Guess, len(p))
	for i, v := range p {
		gs[i] = Guess{Class: className(classes, i), P: float64(v)}
	}
	sort.SliceStable(gs, func(a, b int) bool { return gs[a].P > gs[b].P })
	return gs[:min(k, len(gs))]
}

// defaultClasses are inkling's 36 classes in output order: A–Z, then 0–9.
const defaultClasses = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// className is the name of output i: from the weights file when it has
// names, else inkling's standard order.
func className(classes []string, i int) string {
	if i < len(classes) {
		return classes[i]
	}
	if i < len(defaultClasses) {
		return defaultClasses[i : i+1]
	}
	return "?"
}
