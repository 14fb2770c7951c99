package dataset

import (
	"fmt"
	"image"
	"math/rand/v2"

	"golang.org/x/image/draw"
)

// Preprocess turns a decoded photo into one network input row: 3×Size×Size
// floats, channel planes in the network's order. The photo is resized to
// Resize×Resize (aspect ratio not kept, as the pretrained models' reference
// inputs were made), conceptually padded by Pad pixels of value 0 after
// normalisation, and a Size×Size window is taken: at random with
// RandomCrop, else the centre. Zero fields switch steps off.
type Preprocess struct {
	Size       int  // output side
	Resize     int  // side the photo is resized to first (0: Size)
	Pad        int  // zero border added around the resized photo before cropping
	RandomCrop bool // a random window (training) instead of the centre one
	Flip       bool // mirror left-right with probability 1/2
	Mirror     bool // always mirror left-right (test-time augmentation)
	BGR        bool // channel order B, G, R instead of R, G, B

	// Each 0…255 value v becomes (v·Scale − Mean[c]) / Std[c], c in output
	// channel order. Scale 0 means 1; Std 0 means 1.
	Scale     float32
	Mean, Std [3]float32
}

// Width is the length of one output row, 3·Size·Size.
func (p Preprocess) Width() int { return 3 * p.Size * p.Size }

// check reports a Preprocess no photo can go through.
func (p Preprocess) check() error {
	r := p.resize()
	if p.Size <= 0 || r <= 0 || p.Pad < 0 || r+2*p.Pad < p.Size {
		return fmt.Errorf("dataset: preprocessing %d×%d windows from %d-pixel photos padded by %d", p.Size, p.Size, r, p.Pad)
	}
	return nil
}

func (p Preprocess) resize() int {
	if p.Resize == 0 {
		return p.Size
	}
	return p.Resize
}

// prepScratch holds one worker's resized photo, reused across images.
type prepScratch struct {
	rgba *image.RGBA
}

// Apply writes img, prepared, into dst (len Width()), drawing its random
// choices from rng (nil: centre window, no flip).
func (p Preprocess) Apply(dst []float32, img image.Image, rng *rand.Rand) {
	var s prepScratch
	p.apply(dst, img, rng, &s)
}

func (p Preprocess) apply(dst []float32, img image.Image, rng *rand.Rand, s *prepScratch) {
	if len(dst) != p.Width() {
		panic(fmt.Sprintf("dataset: Preprocess.Apply into %d values; want %d", len(dst), p.Width()))
	}
	r := p.resize()
	if s.rgba == nil || s.rgba.Rect.Dx() != r || s.rgba.Rect.Dy() != r {
		s.rgba = image.NewRGBA(image.Rect(0, 0, r, r))
	}
	resizeInto(s.rgba, img)
	// The window's top-left corner in padded coordinates.
	span := r + 2*p.Pad - p.Size
	x0, y0 := span/2, span/2
	if p.RandomCrop && rng != nil {
		x0, y0 = rng.IntN(span+1), rng.IntN(span+1)
	}
	flip := p.Mirror
	if p.Flip && rng != nil && rng.IntN(2) == 1 {
		flip = !flip
	}
	scale := p.Scale
	if scale == 0 {
		scale = 1
	}
	var mul, add [3]float32 // out = v·mul + add
	for c := range 3 {
		std := p.Std[c]
		if std == 0 {
			std = 1
		}
		mul[c], add[c] = scale/std, -p.Mean[c]/std
	}
	order := [3]int{0, 1, 2} // output channel c reads RGBA byte order[c]
	if p.BGR {
		order = [3]int{2, 1, 0}
	}
	n := p.Size
	for y := 0; y < n; y++ {
		sy := y + y0 - p.Pad
		for x := 0; x < n; x++ {
			sx := x + x0 - p.Pad
			if flip {
				sx = r - 1 - sx
			}
			for c := range 3 {
				o := (c*n+y)*n + x
				if sy < 0 || sy >= r || sx < 0 || sx >= r {
					dst[o] = 0
					continue
				}
				v := float32(s.rgba.Pix[sy*s.rgba.Stride+4*sx+order[c]])
				dst[o] = v*mul[c] + add[c]
			}
		}
	}
}

// resizeInto scales img to fill dst. BiLinear widens its kernel when
// shrinking, as PIL's bilinear resize (with which the pretrained models'
// reference inputs were made) does.
func resizeInto(dst *image.RGBA, img image.Image) {
	b := img.Bounds()
	if b.Size() == dst.Rect.Size() {
		draw.Draw(dst, dst.Rect, img, b.Min, draw.Src)
		return
	}
	draw.BiLinear.Scale(dst, dst.Rect, img, b, draw.Src, nil)
}

// resize returns img scaled to side×side.
func resize(img image.Image, side int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, side, side))
	resizeInto(dst, img)
	return dst
}
