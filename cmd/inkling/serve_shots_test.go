package main

import (
	"image"
	"image/color"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
)

// pageStrokes are straight-stroke capitals and digits for a synthetic page of
// handwriting, in the unit square like glyphStrokes (which it extends). The
// README's screenshot of /read shows such a page rather than a photo from the
// data sets, which stay out of the repository, copies and crops included.
var pageStrokes = map[string][]stroke{
	"A": {{{0.2, 0.85}, {0.5, 0.15}, {0.8, 0.85}}, {{0.33, 0.58}, {0.67, 0.58}}},
	"E": {{{0.72, 0.15}, {0.3, 0.15}, {0.3, 0.85}, {0.72, 0.85}}, {{0.3, 0.5}, {0.62, 0.5}}},
	"F": {{{0.72, 0.15}, {0.3, 0.15}, {0.3, 0.85}}, {{0.3, 0.5}, {0.62, 0.5}}},
	"I": {{{0.5, 0.15}, {0.5, 0.85}}},
	"K": {{{0.3, 0.15}, {0.3, 0.85}}, {{0.72, 0.15}, {0.3, 0.55}}, {{0.42, 0.45}, {0.74, 0.85}}},
	"N": {{{0.27, 0.85}, {0.27, 0.15}, {0.73, 0.85}, {0.73, 0.15}}},
	"V": {{{0.22, 0.15}, {0.5, 0.85}, {0.78, 0.15}}},
	"Y": {{{0.25, 0.15}, {0.5, 0.5}}, {{0.75, 0.15}, {0.5, 0.5}, {0.5, 0.85}}},
	"Z": {{{0.25, 0.15}, {0.75, 0.15}, {0.25, 0.85}, {0.75, 0.85}}},
	"1": {{{0.38, 0.27}, {0.55, 0.15}, {0.55, 0.85}}},
	"4": {{{0.62, 0.85}, {0.62, 0.15}, {0.25, 0.62}, {0.8, 0.62}}},
}

// syntheticPage draws lines of text in pen strokes on uneven paper, each
// character a little shifted, scaled and slanted, as a hand would, and
// writes it as a PNG into dir.
func syntheticPage(t *testing.T, dir string, lines []string) string {
	const (
		w, h          = 1600, 1000
		cell, gap     = 120, 26 // character box and the space after it, pixels
		lineH, margin = 220, 110
		pen           = 4.5 // stroke half-width, pixels
	)
	rng := rand.New(rand.NewPCG(3, 3))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			shade := 0.92 - 0.08*float64(x+y)/float64(w+h) // a soft lighting gradient
			img.SetRGBA(x, y, color.RGBA{uint8(255 * shade), uint8(247 * shade), uint8(232 * shade), 255})
		}
	}
	ink := color.RGBA{38, 40, 58, 255}
	dot := func(cx, cy float64) {
		for y := int(cy - pen); y <= int(cy+pen); y++ {
			for x := int(cx - pen); x <= int(cx+pen); x++ {
				if dx, dy := float64(x)-cx, float64(y)-cy; dx*dx+dy*dy <= pen*pen {
					img.SetRGBA(x, y, ink)
				}
			}
		}
	}
	for li, line := range lines {
		x0 := float64(margin)
		for _, r := range line {
			ch := string(r)
			if ch == " " {
				x0 += cell * 0.8
				continue
			}
			strokes, ok := pageStrokes[ch]
			if !ok {
				strokes, ok = glyphStrokes[ch]
			}
			if !ok {
				t.Fatalf("no strokes for %q", ch)
			}
			size := cell * (0.85 + 0.3*rng.Float64())
			slant := 0.15 * (rng.Float64() - 0.5)
			ox, oy := x0+8*(rng.Float64()-0.5), float64(margin+li*lineH)+10*(rng.Float64()-0.5)
			for _, s := range strokes {
				for i := 0; i+1 < len(s); i++ {
					ax, ay := s[i][0], s[i][1]
					bx, by := s[i+1][0], s[i+1][1]
					for k := 0; k <= 200; k++ {
						u := float64(k) / 200
						px, py := ax+(bx-ax)*u, ay+(by-ay)*u
						dot(ox+size*(px+slant*(0.5-py)), oy+size*py)
					}
				}
			}
			x0 += size + gap
		}
	}
	path := filepath.Join(dir, "page-"+strings.ReplaceAll(lines[0], " ", "_")+".png")
	writeTestPNG(t, path, img)
	return path
}
