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
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

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

func TestPhotoPage(t *testing.T) {
	p := &Photo{models: NewModels([]string{"mlp"}, fetchBytes)}
	e := app.NewTestEngine()
	if err := e.Load(p); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	// A reading as the worker sends it: two lines, the second one word.
	p.lines = []ocr.Line{
		{Chars: []ocr.Char{{Box: [4]int{1, 1, 9, 9}, Char: "H", P: 0.95, Top3: []ocr.Guess{{Char: "H", P: 0.95}, {Char: "N", P: 0.04}, {Char: "A", P: 0.01}}},
			{Box: [4]int{11, 1, 19, 9}, Char: "I", P: 0.5, SpaceBefore: true}}},
		{Chars: []ocr.Char{{Box: [4]int{1, 11, 9, 19}, Char: "O", P: 0.7}}},
	}
	p.state, p.width, p.height = stateDone, 20, 20
	p.text = pageText(p.lines)
	p.selLine, p.selChar = 0, 0
	tree := p.Render()
	var b bytes.Buffer
	app.PrintHTML(&b, tree)
	html := b.String()
	for _, want := range []string{`id="photo"`, `id="read-text"`, `data-done`, `id="read-status"`, `id="fix-1"`,
		`class="doubt"`, `class="unsure"`, `class="sure selected"`} {
		if !strings.Contains(html, want) {
			t.Errorf("the read page has no %s", want)
		}
	}
	if p.text != "H I\nO" {
		t.Errorf("text = %q; want %q", p.text, "H I\nO")
	}
	if !p.applyFix("N") { // the first character, selected
		t.Error("applyFix with a character selected: want true")
	}
	if p.text != "N I\nO" || p.lines[0].Text != "N I" {
		t.Errorf("after correcting H to N: text %q, line %q; want %q", p.text, p.lines[0].Text, "N I\nO")
	}
	if c, ok := p.selected(); !ok || c.Char != "N" {
		t.Errorf("selected() = %v, %v; want the corrected N", c, ok)
	}
	p.selLine = 5 // out of range: nothing selected, nothing corrected
	if _, ok := p.selected(); ok {
		t.Error("selected() with line 5 of 2: want none")
	}
}

func TestAutoencoderPage(t *testing.T) {
	a := &Autoencoder{models: NewModels([]string{"mlp"}, fetchBytes)}
	e := app.NewTestEngine()
	if err := e.Load(a); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	tree := a.Render()
	for _, id := range []string{"ae-pad", "ae-input", "ae-output", "ae-psnr", "ae-noise", "ae-occlude", "ae-strip", "sample-A", "ae-from"} {
		if !hasID(tree, id) {
			t.Errorf("the autoencoder page has no #%s", id)
		}
	}
}

func TestAEReconstruct(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	net := nn.NewNetwork[float32](
		nn.NewDense[float32](1024, 16, rng), &nn.ReLU[float32]{},
		nn.NewDense[float32](16, 1024, rng), &nn.Sigmoid[float32]{})
	ae, err := nn.NewAutoencoder(net)
	if err != nil {
		t.Fatal(err)
	}
	clean := make([]float32, 1024)
	for i := range clean {
		clean[i] = 1 // paper
	}
	for i := 400; i < 420; i++ {
		clean[i] = 0 // a stroke
	}
	tests := []struct {
		name string
		st   *aeState
		c    nn.Corruption
		err  string
	}{
		{"clean", &aeState{ae: ae}, nn.Corruption{}, ""},
		{"noisy", &aeState{ae: ae}, nn.Corruption{Noise: 0.3, Occlude: 8}, ""},
		{"loading", &aeState{}, nn.Corruption{}, "loading"},
		{"failed", &aeState{err: errors.New("boom")}, nn.Corruption{}, "boom"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := aeReconstruct(tc.st, clean, tc.c)
			if tc.err != "" {
				if !strings.Contains(r.err, tc.err) {
					t.Errorf("aeReconstruct error %q; want %q", r.err, tc.err)
				}
				return
			}
			if len(r.output) != 1024 || r.err != "" {
				t.Fatalf("aeReconstruct = %d values, error %q; want 1024, none", len(r.output), r.err)
			}
			if want := nn.PSNR(clean, r.output); r.psnr != want {
				t.Errorf("psnr = %v; want %v", r.psnr, want)
			}
			damaged := tc.c != nn.Corruption{}
			if got := !math.IsInf(r.psnrIn, 1); got != damaged {
				t.Errorf("input PSNR %v: damaged = %v; want %v", r.psnrIn, got, damaged)
			}
			again := aeReconstruct(tc.st, clean, tc.c) // a fixed seed: the same damage
			if !slices.Equal(again.input, r.input) {
				t.Error("the same corruption twice gave different inputs")
			}
		})
	}
}

func TestLazy(t *testing.T) {
	t.Setenv(ModelsEnv, "") // the app's default: the MLP alone
	tests := []struct {
		url  string
		want bool
	}{
		{weightsPath + "mlp.inkw", false},       // a classifier: installed with the app
		{weightsPath + aeModel + ".inkw", true}, // fetched by its page
		{weightsPath + "flowers.inkw", true},    // any other weights file
		{"/web/app.wasm", false},                // not weights
	}
	for _, tc := range tests {
		if got := lazy(tc.url); got != tc.want {
			t.Errorf("lazy(%s) = %v; want %v", tc.url, got, tc.want)
		}
	}
}
