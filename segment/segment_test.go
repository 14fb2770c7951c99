package segment

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden PNGs and boxes in testdata/")

// strokes is a tiny stroke font: each character is a list of polylines in
// a unit box (x right, y down). Strokes drawn apart on purpose test the
// merging of fragments: the bar of 'T' and the arms of 'F' do not touch.
var strokes = map[rune][][]float64{
	'T': {{0, 0, 1, 0}, {0.5, 0.18, 0.5, 1}},
	'E': {{1, 0, 0, 0, 0, 1, 1, 1}, {0, 0.5, 0.8, 0.5}},
	'F': {{0, 0, 0, 1}, {0.2, 0, 1, 0}, {0.2, 0.45, 0.8, 0.45}},
	'L': {{0, 0, 0, 1, 1, 1}},
	'H': {{0, 0, 0, 1}, {1, 0, 1, 1}, {0, 0.5, 1, 0.5}},
	'A': {{0, 1, 0.5, 0, 1, 1}, {0.25, 0.55, 0.75, 0.55}},
	'1': {{0.2, 0.25, 0.6, 0, 0.6, 1}},
	'7': {{0, 0, 1, 0, 0.35, 1}},
	'O': {{0.5, 0, 1, 0.3, 1, 0.7, 0.5, 1, 0, 0.7, 0, 0.3, 0.5, 0}},
	'.': {{0.5, 0.93, 0.5, 1}},
}

// page describes a synthetic page: lines of text drawn with the stroke font.
type page struct {
	w, h    int
	lines   []string
	x0, y0  float64 // top-left of the first line
	size    float64 // character height in pixels; line i is size*(1+0.3*i) when growing
	growing bool    // lines of different heights
	tilt    float64 // degrees, counter-clockwise
	pen     float64 // pen width in pixels
	shade   bool    // a lighting gradient across the page
}

// draw renders p: paper 230 (or a gradient down to 110), ink 40.
func (p page) draw() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, p.w, p.h))
	for y := 0; y < p.h; y++ {
		for x := 0; x < p.w; x++ {
			v := 230.0
			if p.shade {
				v = 230 - 120*float64(x+y)/float64(p.w+p.h)
			}
			g.Pix[y*g.Stride+x] = uint8(v)
		}
	}
	sin, cos := math.Sincos(-p.tilt * math.Pi / 180)
	rot := func(x, y float64) (float64, float64) {
		return p.x0 + (x-p.x0)*cos - (y-p.y0)*sin, p.y0 + (x-p.x0)*sin + (y-p.y0)*cos
	}
	y := p.y0
	for i, line := range p.lines {
		size := p.size
		if p.growing {
			size *= 1 + 0.3*float64(i)
		}
		x := p.x0
		for _, r := range line {
			if r == ' ' {
				x += size * 1.2
				continue
			}
			for _, s := range strokes[r] {
				for k := 0; k+3 < len(s); k += 2 {
					ax, ay := rot(x+s[k]*size*0.6, y+s[k+1]*size)
					bx, by := rot(x+s[k+2]*size*0.6, y+s[k+3]*size)
					stroke(g, ax, ay, bx, by, p.pen)
				}
			}
			x += size * 0.6 * 1.5 // letters 0.6 high-widths wide, gaps of half that
		}
		y += size * 2
	}
	return g
}

// stroke paints a line segment of width pen with ink 40.
func stroke(g *image.Gray, ax, ay, bx, by, pen float64) {
	n := int(math.Hypot(bx-ax, by-ay)) + 1
	r := pen / 2
	for i := 0; i <= n; i++ {
		cx, cy := ax+(bx-ax)*float64(i)/float64(n), ay+(by-ay)*float64(i)/float64(n)
		for y := int(cy - r); y <= int(cy+r)+1; y++ {
			for x := int(cx - r); x <= int(cx+r)+1; x++ {
				if (image.Point{x, y}).In(g.Rect) && math.Hypot(float64(x)-cx, float64(y)-cy) <= r {
					g.Pix[y*g.Stride+x] = 40
				}
			}
		}
	}
}

// layout is the golden text form of a page: one row per line, one box per
// character, "_" at word gaps.
func layout(p *Page) string {
	var b strings.Builder
	for _, l := range p.Lines {
		for i, c := range l.Chars {
			if c.SpaceBefore {
				b.WriteString("_ ")
			}
			if i > 0 || c.SpaceBefore {
				fmt.Fprintf(&b, "%d,%d,%d,%d", c.Box.Min.X, c.Box.Min.Y, c.Box.Max.X, c.Box.Max.Y)
			} else {
				fmt.Fprintf(&b, "%d,%d,%d,%d", c.Box.Min.X, c.Box.Min.Y, c.Box.Max.X, c.Box.Max.Y)
			}
			if i+1 < len(l.Chars) {
				b.WriteByte(' ')
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// wantText is the text of lines with '#' for every character, dropping
// the full stops Segment must ignore.
func wantText(lines []string) string {
	var out []string
	for _, l := range lines {
		var s []byte
		for _, w := range strings.Fields(strings.ReplaceAll(l, ".", "")) {
			if len(s) > 0 {
				s = append(s, ' ')
			}
			s = append(s, strings.Repeat("#", len(w))...)
		}
		out = append(out, string(s))
	}
	return strings.Join(out, "\n")
}

func TestSegmentGolden(t *testing.T) {
	tests := []struct {
		name string
		page page
	}{
		{"plain", page{w: 400, h: 200, lines: []string{"TEL 1", "HALT"}, x0: 20, y0: 20, size: 40, pen: 4}},
		{"full_stops", page{w: 400, h: 120, lines: []string{"1. TO 7."}, x0: 20, y0: 30, size: 40, pen: 4}},
		{"tilted", page{w: 500, h: 300, lines: []string{"FEEL THAT", "TOTAL"}, x0: 20, y0: 60, size: 36, pen: 3, tilt: 5}},
		{"heights", page{w: 500, h: 400, lines: []string{"HOLE", "TOE", "FLAT"}, x0: 30, y0: 20, size: 30, pen: 4, growing: true}},
		{"shaded", page{w: 400, h: 200, lines: []string{"FAT", "LOT 17"}, x0: 20, y0: 20, size: 40, pen: 3, shade: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pngPath := filepath.Join("testdata", tt.name+".png")
			goldPath := filepath.Join("testdata", tt.name+".golden")
			if *update {
				var buf bytes.Buffer
				if err := png.Encode(&buf, tt.page.draw()); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(pngPath, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			f, err := os.Open(pngPath)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			p, err := Segment(img, Config{})
			if err != nil {
				t.Fatalf("Segment(%s) error %v", tt.name, err)
			}
			if got, want := p.Text(), wantText(tt.page.lines); got != want {
				t.Errorf("Segment(%s).Text() =\n%s\nwant\n%s", tt.name, got, want)
			}
			got := layout(p)
			if *update {
				if err := os.WriteFile(goldPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(goldPath)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("Segment(%s) boxes =\n%s\nwant\n%s", tt.name, got, want)
			}
		})
	}
}

func TestSegmentBadInput(t *testing.T) {
	black := image.NewGray(image.Rect(0, 0, 50, 50))
	white := image.NewGray(image.Rect(0, 0, 50, 50))
	for i := range white.Pix {
		white.Pix[i] = 255
	}
	tests := []struct {
		name    string
		img     image.Image
		wantErr error
	}{
		{"empty", image.NewGray(image.Rect(0, 0, 0, 0)), ErrEmpty},
		{"1x1", image.NewGray(image.Rect(0, 0, 1, 1)), ErrDark},
		{"black", black, ErrDark},
		{"white", white, nil},
		{"1x1 white", white.SubImage(image.Rect(3, 3, 4, 4)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Segment(tt.img, Config{})
			if err != tt.wantErr {
				t.Fatalf("Segment(%s) error = %v; want %v", tt.name, err, tt.wantErr)
			}
			if err == nil && len(p.Lines) != 0 {
				t.Errorf("Segment(%s) found %d lines; want none", tt.name, len(p.Lines))
			}
		})
	}
}

func TestCropMasksNeighbours(t *testing.T) {
	pg := page{w: 300, h: 100, lines: []string{"TH"}, x0: 20, y0: 20, size: 50, pen: 4}
	p, err := Segment(pg.draw(), Config{})
	if err != nil || len(p.Lines) != 1 || len(p.Lines[0].Chars) != 2 {
		t.Fatalf("Segment(TH) = %q, %v; want one line of 2", p.Text(), err)
	}
	for i := range p.Lines[0].Chars {
		c := &p.Lines[0].Chars[i]
		crop := p.Crop(c)
		if !c.Box.Inset(-1).Eq(crop.Rect) {
			t.Errorf("Crop(%d) bounds = %v; want %v", i, crop.Rect, c.Box.Inset(-1))
		}
		ink := 0
		for _, v := range crop.Pix {
			if v < 128 {
				ink++
			}
		}
		if ink == 0 {
			t.Errorf("Crop(%d) has no ink", i)
		}
		// The corners are paper for both T and H's neighbours.
		if v := crop.GrayAt(crop.Rect.Max.X-1, crop.Rect.Max.Y-1).Y; i == 0 && v != 255 {
			t.Errorf("Crop(T) bottom-right corner = %d; want paper 255", v)
		}
	}
}
