package web

import (
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"strings"
	"time"

	"inkling/ocr"
	"inkling/segment"
)

// photoReading is what the reader worker sends the /read page: the lines
// of a photo shrunk to the working size, in its coordinates.
type photoReading struct {
	Lines     []ocr.Line `json:"lines"`
	Grey      string     `json:"grey"` // greyHash of the working-size pixels Go read
	SegmentMs float64    `json:"segmentMs"`
	ReadMs    float64    `json:"readMs"`
	// inputs holds, for every character in reading order, the
	// glyph.Size×glyph.Size network input as grey bytes (255 = paper).
	inputs []byte
}

// readPhoto reads g, a photo already shrunk to the working size, with r:
// segment.Segment then r.ReadPage, which is all that ocr.Reader.Read (and
// so `inkling extract`) does, on the same pixels. progress hears of each
// stage (fraction of the work done, 0..1).
func readPhoto(r *ocr.Reader, g *image.Gray, progress func(stage string, done float64)) (*photoReading, error) {
	t0 := time.Now()
	page, err := segment.Segment(g, r.Segment)
	if err != nil {
		return nil, err
	}
	t1 := time.Now()
	n := 0
	for _, l := range page.Lines {
		n += len(l.Chars)
	}
	progress(fmt.Sprintf("Reading %d characters", n), 0.7)
	res, err := r.ReadPage(page)
	if err != nil {
		return nil, err
	}
	pr := &photoReading{Lines: res.Lines, Grey: greyHash(g),
		SegmentMs: ms(t1.Sub(t0)), ReadMs: ms(time.Since(t1))}
	in := r.Inputs()
	pr.inputs = make([]byte, len(in))
	for i, v := range in {
		pr.inputs[i] = byte(255*min(max(v, 0), 1) + 0.5)
	}
	return pr, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// greyHash is the FNV-1a 64 hash of g's pixels and size, in hex: the
// browser tests compare it with segment.Grey of the same file natively.
func greyHash(g *image.Gray) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%dx%d:", g.Rect.Dx(), g.Rect.Dy())
	for y := range g.Rect.Dy() {
		h.Write(g.Pix[y*g.Stride : y*g.Stride+g.Rect.Dx()])
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// Messages of the /read page.
const (
	msgNoWriting = "No writing found in this photo. Try a photo of dark handwriting on light paper, filling the frame."
	msgDark      = "This photo is too dark to find the paper: take it again in better light."
)

// photoError turns a reading error into a message for the user.
func photoError(err error) string {
	switch {
	case errors.Is(err, segment.ErrDark):
		return msgDark
	case errors.Is(err, segment.ErrEmpty):
		return "This image has no pixels."
	}
	return "The photo could not be read: " + err.Error()
}

// Confidence levels of a box, as `inkling extract -annotate` colours them.
const (
	sureP   = 0.9 // at least: green
	unsureP = 0.6 // at least: orange; below: red
)

// confidence names a box's CSS class by the probability of its character.
func confidence(p float64) string {
	switch {
	case p >= sureP:
		return "sure"
	case p >= unsureP:
		return "unsure"
	}
	return "doubt"
}

// lineText is a line's text from its characters, with a space at each word gap.
func lineText(l ocr.Line) string {
	var b strings.Builder
	for _, c := range l.Chars {
		if c.SpaceBefore {
			b.WriteByte(' ')
		}
		b.WriteString(c.Char)
	}
	return b.String()
}

// pageText is the text of every line, one per line.
func pageText(lines []ocr.Line) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = lineText(l)
	}
	return strings.Join(s, "\n")
}
