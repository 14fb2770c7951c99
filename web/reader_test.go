//go:build !wasm

package web

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"inkling/glyph"
	"inkling/nn"
	"inkling/ocr"
	"inkling/segment"
)

// barsPage draws words of vertical bars (strokes of an 'I') on paper.
func barsPage(words ...int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 400, 100))
	for i := range g.Pix {
		g.Pix[i] = 235
	}
	x := 20
	for _, n := range words {
		for range n {
			for y := 30; y < 70; y++ { // 40 pixels tall
				for dx := range 5 { // 5 wide
					g.Pix[y*g.Stride+x+dx] = 30
				}
			}
			x += 25 // 20-pixel gaps between letters
		}
		x += 60 // and 80-pixel gaps between words
	}
	return g
}

// alwaysI is a classifier that says 'I' (class 8) with p = 0.9.
func alwaysI(t *testing.T) *ocr.Reader {
	d := nn.NewDense[float32](glyph.Size*glyph.Size, 36, rand.New(rand.NewPCG(1, 1)))
	clear(d.W.Data)
	d.B.Data[8] = float32(math.Log(0.9 * 35 / 0.1)) // e^b / (e^b + 35) = 0.9
	net := nn.NewNetwork[float32](d, &nn.Softmax[float32]{})
	for i := range len(defaultClasses) {
		net.Meta.Classes = append(net.Meta.Classes, defaultClasses[i:i+1])
	}
	r, err := ocr.NewReader(net)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReadPhoto(t *testing.T) {
	r := alwaysI(t)
	tests := []struct {
		name  string
		page  *image.Gray
		text  string
		chars int
	}{
		{"two words", barsPage(3, 2), "III II", 5},
		{"blank", barsPage(), "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stages []string
			pr, err := readPhoto(r, tc.page, func(s string, _ float64) { stages = append(stages, s) })
			if err != nil {
				t.Fatal(err)
			}
			want, err := r.Read(tc.page) // what `inkling extract` does
			if err != nil {
				t.Fatal(err)
			}
			if got := pageText(pr.Lines); got != tc.text || got != want.Text() {
				t.Errorf("readPhoto text = %q; want %q (ocr.Read: %q)", got, tc.text, want.Text())
			}
			if n := len(pr.inputs); n != tc.chars*glyph.Size*glyph.Size {
				t.Errorf("readPhoto inputs = %d bytes; want %d", n, tc.chars*glyph.Size*glyph.Size)
			}
			if pr.Grey != greyHash(tc.page) || len(pr.Grey) != 16 {
				t.Errorf("readPhoto Grey = %q; want greyHash %q", pr.Grey, greyHash(tc.page))
			}
			if len(stages) != 1 {
				t.Errorf("progress stages %q; want one", stages)
			}
		})
	}
}

func TestPhotoError(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{segment.ErrDark, msgDark},
		{fmt.Errorf("wrapped: %w", segment.ErrEmpty), "no pixels"},
		{errors.New("boom"), "boom"},
	}
	for _, tc := range tests {
		if got := photoError(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("photoError(%v) = %q; want it to contain %q", tc.err, got, tc.want)
		}
	}
}

func TestConfidence(t *testing.T) {
	tests := []struct {
		p    float64
		want string
	}{{1, "sure"}, {sureP, "sure"}, {0.89, "unsure"}, {unsureP, "unsure"}, {0.59, "doubt"}, {0, "doubt"}}
	for _, tc := range tests {
		if got := confidence(tc.p); got != tc.want {
			t.Errorf("confidence(%v) = %q; want %q", tc.p, got, tc.want)
		}
	}
}

func TestPageText(t *testing.T) {
	lines := []ocr.Line{
		{Chars: []ocr.Char{{Char: "T"}, {Char: "O"}, {Char: "D", SpaceBefore: true}, {Char: "O"}}},
		{Chars: []ocr.Char{{Char: "1"}}},
	}
	if got, want := pageText(lines), "TO DO\n1"; got != want {
		t.Errorf("pageText = %q; want %q", got, want)
	}
	if got := pageText(nil); got != "" {
		t.Errorf("pageText(nil) = %q; want empty", got)
	}
}

// TestWorkerShrinkMatchesGrey runs static/read-worker.js's shrink under
// node on random RGBA photos and checks that it gives segment.Grey's
// pixels exactly: the browser must feed the reader what natively
// segment.Segment would analyse.
func TestWorkerShrinkMatchesGrey(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: skipping the check of read-worker.js")
	}
	script, err := filepath.Abs(filepath.Join("..", "static", "read-worker.js"))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	sizes := []struct{ w, h, maxPixels int }{
		{40, 30, 10000},    // smaller than the limit: copied
		{401, 299, 10_000}, // odd sizes, shrunk by ~3.5
		{1000, 13, 500},    // a strip
		{97, 1200, 2_000},  // tall
		{64, 64, 1},        // down to one pixel
	}
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d/%d", sz.w, sz.h, sz.maxPixels), func(t *testing.T) {
			img := image.NewNRGBA(image.Rect(0, 0, sz.w, sz.h))
			for i := range img.Pix {
				img.Pix[i] = uint8(rng.IntN(256))
			}
			for i := 3; i < len(img.Pix); i += 4 {
				if rng.IntN(4) > 0 { // most pixels opaque, as photos are
					img.Pix[i] = 255
				}
			}
			want := segment.Grey(img, sz.maxPixels)
			dir := t.TempDir()
			in, out := filepath.Join(dir, "rgba"), filepath.Join(dir, "grey")
			if err := os.WriteFile(in, img.Pix, 0o644); err != nil {
				t.Fatal(err)
			}
			js := fmt.Sprintf(`const m = require(%q); const fs = require("fs");
const [dw, dh] = m.workingSize(%d, %d, %d);
fs.writeFileSync(%q, m.shrinkGrey(fs.readFileSync(%q), %d, %d, dw, dh));
process.stdout.write(dw + "x" + dh);`, script, sz.w, sz.h, sz.maxPixels, out, in, sz.w, sz.h)
			size, err := exec.Command(node, "-e", js).CombinedOutput()
			if err != nil {
				t.Fatalf("node: %v\n%s", err, size)
			}
			if w := fmt.Sprintf("%dx%d", want.Rect.Dx(), want.Rect.Dy()); string(size) != w {
				t.Fatalf("read-worker.js working size %s; want segment.Grey's %s", size, w)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.Pix) {
				n := 0
				for i := range got {
					if i < len(want.Pix) && got[i] != want.Pix[i] {
						n++
					}
				}
				t.Errorf("read-worker.js shrinkGrey differs from segment.Grey in %d of %d pixels", n, len(want.Pix))
			}
		})
	}
}
