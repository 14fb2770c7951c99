package segment

import (
	"errors"
	"image"
	"math"
)

// DefaultMaxPixels is the size of the working copy Segment analyses when
// Config.MaxPixels is 0: about 1400x1050 for a 4:3 photo, where capital
// letters written across a page are 30-150 pixels tall.
const DefaultMaxPixels = 1_500_000

// Config holds Segment's settings. The zero value uses the defaults.
type Config struct {
	// MaxPixels bounds the working copy; larger images are shrunk first.
	MaxPixels int
}

// Char is one character found on the page.
type Char struct {
	Box         image.Rectangle // in the coordinates of the image given to Segment
	SpaceBefore bool            // a word gap separates it from the previous character of its line

	work  image.Rectangle // box in the working copy
	parts []int32         // component labels that make up the character
}

// Line is one line of handwriting, its characters ordered left to right.
type Line struct {
	Chars []Char
}

// Page is the result of Segment: the lines in reading order, and what is
// needed to cut out each character.
type Page struct {
	Lines       []Line
	StrokeWidth int // pen width in pixels of the working copy (0 without ink)

	src    image.Rectangle // bounds of the image given to Segment
	flat   *image.Gray     // working copy, illumination flattened (paper = 255)
	labels []int32         // component label per working pixel, row-major
}

// Errors returned by Segment.
var (
	ErrEmpty = errors.New("segment: empty image")
	ErrDark  = errors.New("segment: image too dark: no paper found")
)

// Segment finds the handwritten characters of src and groups them into
// lines in reading order. An image without ink (blank paper) gives a page
// without lines and no error.
func Segment(src image.Image, cfg Config) (*Page, error) {
	b := src.Bounds()
	if b.Empty() {
		return nil, ErrEmpty
	}
	maxPixels := cfg.MaxPixels
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	grey := Grey(src, maxPixels)
	w, h := grey.Rect.Dx(), grey.Rect.Dy()
	p := &Page{src: b}

	// Pixel noise above ~2 grey levels (sensor noise in dim light, JPEG
	// artefacts) breaks thin strokes into dots once thresholded; a box blur
	// of radius 1 divides Gaussian noise by 3.
	flat := image.NewGray(grey.Rect)
	if sigma := Noise(grey); sigma > 2 {
		Blur(flat, grey, 1+int(sigma/8))
		grey, flat = flat, grey
	}
	// Cells of 1/24 of the image's geometric mean side (~50 px at the
	// default size) are larger than a stroke is wide and small enough to
	// follow shadows.
	block := max(4, int(math.Sqrt(float64(w*h))/24))
	// A paper level under 1/8 of full scale is a black or unlit frame.
	if paper := Flatten(flat, grey, block); paper < 32 {
		return nil, ErrDark
	}
	p.flat = flat

	hist := Histogram(flat)
	t, dark, light := Otsu(&hist)
	// Ink is at least 1/6 darker than paper; a smaller split is noise in
	// blank paper.
	if light-dark < 255.0/6 {
		return p, nil
	}
	mask := grey // grey is no longer needed: reuse its pixels
	Threshold(mask, flat, t)
	sw := StrokeWidth(mask)
	p.StrokeWidth = sw
	if sw == 0 {
		return p, nil
	}
	// Closing with a third of the pen width mends breaks in faint strokes
	// while gaps between characters, wider than a stroke, stay open.
	closed := image.NewGray(mask.Rect)
	Close(closed, mask, max(1, (sw+1)/3))
	labels, comps := Label(closed)
	p.labels = labels
	p.Lines = groupChars(comps, sw, image.Rect(0, 0, w, h))
	for li := range p.Lines {
		for ci := range p.Lines[li].Chars {
			c := &p.Lines[li].Chars[ci]
			c.Box = p.toSource(c.work)
		}
	}
	return p, nil
}

// toSource maps a rectangle of the working copy to the source image.
func (p *Page) toSource(r image.Rectangle) image.Rectangle {
	w, h := p.flat.Rect.Dx(), p.flat.Rect.Dy()
	sw, sh := p.src.Dx(), p.src.Dy()
	return image.Rect(
		p.src.Min.X+r.Min.X*sw/w, p.src.Min.Y+r.Min.Y*sh/h,
		p.src.Min.X+r.Max.X*sw/w, p.src.Min.Y+r.Max.Y*sh/h,
	)
}

// Crop returns the character c (from p.Lines) as a grey image, dark ink on
// light paper, cut from the flattened working copy with a margin of one
// pixel. Ink of other characters that reaches into its box is painted over
// as paper.
func (p *Page) Crop(c *Char) *image.Gray {
	r := c.work.Inset(-1).Intersect(p.flat.Rect)
	dst := image.NewGray(r)
	w := p.flat.Rect.Dx()
	mine := func(x, y int) bool {
		if !(image.Point{x, y}.In(p.flat.Rect)) {
			return false
		}
		l := p.labels[y*w+x]
		for _, q := range c.parts {
			if l == q {
				return true
			}
		}
		return false
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			v := uint8(255)
			// Keep the character's pixels and their paper neighbours, whose
			// grey holds the anti-aliased edge of the stroke.
			if l := p.labels[y*w+x]; (l != 0 && mine(x, y)) || (l == 0 && nearMine(mine, x, y)) {
				v = p.flat.Pix[p.flat.PixOffset(x, y)]
			}
			dst.Pix[dst.PixOffset(x, y)] = v
		}
	}
	return dst
}

// nearMine reports whether one of the 8 neighbours of (x, y) is mine.
func nearMine(mine func(x, y int) bool, x, y int) bool {
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			if (dx != 0 || dy != 0) && mine(x+dx, y+dy) {
				return true
			}
		}
	}
	return false
}

// Text returns the page's layout as text with '#' for every character:
// one line per line of handwriting, spaces at word gaps. It shows what
// Segment found without a classifier.
func (p *Page) Text() string {
	var s []byte
	for i, l := range p.Lines {
		if i > 0 {
			s = append(s, '\n')
		}
		for _, c := range l.Chars {
			if c.SpaceBefore {
				s = append(s, ' ')
			}
			s = append(s, '#')
		}
	}
	return string(s)
}
