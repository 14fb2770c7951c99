package glyph

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/image/draw"
)

// scales are source sizes from a small tile to a large photo crop.
var scales = []int{300, 100, 56, 28, 24}

// normalized runs Normalize on src into a fresh dst and fails on ok = false.
func normalized(t testing.TB, src *image.Gray) []float32 {
	t.Helper()
	dst := make([]float32, Size*Size)
	if !Normalize(dst, src) {
		t.Fatalf("Normalize(%v image) = false; want true", src.Bounds())
	}
	return dst
}

func meanAbsDiff(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += math.Abs(float64(a[i] - b[i]))
	}
	return s / float64(len(a))
}

// TestNormalizeScales draws the same shape at several sizes and checks that
// the outputs agree: same box, stroke width inside the training range, and
// nearly the same pixels.
func TestNormalizeScales(t *testing.T) {
	// Stroke widths are fractions of the image side: 0.03 is a thin pen on a
	// large crop, 0.16 a marker; a ring of radius 0.35 spans about 0.76 of it.
	shapes := []struct {
		name string
		draw func(n int) *image.Gray
	}{
		{"thin ring", func(n int) *image.Gray { return ring(n, 0.35, 0.03) }},
		{"ring", func(n int) *image.Gray { return ring(n, 0.35, 0.1) }},
		{"thick ring", func(n int) *image.Gray { return ring(n, 0.35, 0.16) }},
		{"thin bar", func(n int) *image.Gray { return bar(n, 0.8, 0.04) }},
		{"thick bar", func(n int) *image.Gray { return bar(n, 0.8, 0.2) }},
	}
	// Tolerances: a pixel of box size for rounding the frame to whole source
	// pixels; 0.15 px of stroke width for the estimate on a 32-pixel grid.
	const boxTol, strokeTol = 1, 0.15
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			var ref []float32
			var strokes []float64
			for _, n := range scales {
				out := normalized(t, sh.draw(n))
				st := Measure(out)
				if side := max(st.Box.Dx(), st.Box.Dy()); math.Abs(float64(side-boxSide)) > boxTol {
					t.Errorf("n=%d: box %v side %d; want %d±%d", n, st.Box, side, boxSide, boxTol)
				}
				if st.Stroke < minStroke-strokeTol || st.Stroke > maxStroke+strokeTol {
					t.Errorf("n=%d: stroke width %.2f; want within [%.1f, %.1f]", n, st.Stroke, minStroke, maxStroke)
				}
				strokes = append(strokes, st.Stroke)
				if ref == nil {
					ref = out
					continue
				}
				// 0.05 is a fifth of a stroke's worth of ink per pixel at the
				// ~20 % ink of a glyph: shapes that are visibly the same.
				if d := meanAbsDiff(out, ref); d > 0.05 {
					t.Errorf("n=%d: mean |difference| to n=%d output = %.3f; want <= 0.05", n, scales[0], d)
				}
			}
			lo, hi := strokes[0], strokes[0]
			for _, s := range strokes {
				lo, hi = min(lo, s), max(hi, s)
			}
			// 0.3 px: two estimation tolerances.
			if hi-lo > 2*strokeTol {
				t.Errorf("stroke widths over sizes %v = %.2f; want a spread <= %.1f", scales, strokes, 2*strokeTol)
			}
		})
	}
}

// TestNormalizeKeepsTypicalStroke checks that a stroke already inside the
// training range is left as it is rather than pushed to one width.
func TestNormalizeKeepsTypicalStroke(t *testing.T) {
	for _, sw := range []float64{0.09, 0.1, 0.12} { // output widths of about 2.6 to 3.4
		t.Run(fmt.Sprint(sw), func(t *testing.T) {
			src := ring(100, 0.35, sw)
			ink := inkMap(nil, src)
			b := inkBox(ink, 100, 100)
			want := strokeWidth(nil, ink, 100, 100) * boxSide / float64(max(b.Dx(), b.Dy()))
			if want <= minStroke || want >= maxStroke {
				t.Fatalf("test shape has output width %.2f; want one inside (%.1f, %.1f)", want, minStroke, maxStroke)
			}
			got := Measure(normalized(t, src)).Stroke
			if math.Abs(got-want) > 0.2 { // 0.2 px: resampling softens edges a little
				t.Errorf("stroke width %.2f; want %.2f (unchanged)", got, want)
			}
		})
	}
}

// TestNormalizeKeepStroke checks that NormalizeKeepStroke leaves widths
// outside Normalize's bounds as they are, and that inside them the two
// functions write the same image.
func TestNormalizeKeepStroke(t *testing.T) {
	for _, sw := range []float64{0.05, 0.1, 0.2} { // output widths of about 1.4, 2.9 and 5.5
		t.Run(fmt.Sprint(sw), func(t *testing.T) {
			src := ring(100, 0.35, sw)
			ink := inkMap(nil, src)
			b := inkBox(ink, 100, 100)
			want := strokeWidth(nil, ink, 100, 100) * boxSide / float64(max(b.Dx(), b.Dy()))
			kept := make([]float32, Size*Size)
			if !NormalizeKeepStroke(kept, src) {
				t.Fatal("NormalizeKeepStroke = false; want true")
			}
			if got := Measure(kept).Stroke; math.Abs(got-want) > 0.25 {
				t.Errorf("stroke width %.2f; want %.2f (unchanged)", got, want)
			}
			bounded := normalized(t, src)
			inside := want > minStroke && want < maxStroke
			if same := slices.Equal(kept, bounded); same != inside {
				t.Errorf("output width %.2f: images equal = %v; want %v", want, same, inside)
			}
		})
	}
}

func TestNormalizeBlank(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	fill := func(n int, f func(i int) uint8) *image.Gray {
		m := image.NewGray(image.Rect(0, 0, n, n))
		for i := range m.Pix {
			m.Pix[i] = f(i)
		}
		return m
	}
	tests := []struct {
		name string
		src  *image.Gray
	}{
		{"white", fill(28, func(int) uint8 { return 255 })},
		{"grey", fill(28, func(int) uint8 { return 128 })},
		{"black", fill(28, func(int) uint8 { return 0 })},
		// Paper at 200 with ±15 levels of noise: below minContrast.
		{"noisy paper", fill(64, func(int) uint8 { return uint8(185 + rng.IntN(31)) })},
		{"empty", image.NewGray(image.Rect(0, 0, 0, 0))},
		{"one pixel", fill(1, func(int) uint8 { return 0 })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := make([]float32, Size*Size)
			for i := range dst {
				dst[i] = -1 // garbage Normalize must overwrite
			}
			if Normalize(dst, tc.src) {
				t.Errorf("Normalize(%s) = true; want false", tc.name)
			}
			for i, v := range dst {
				if v != 1 {
					t.Fatalf("Normalize(%s): dst[%d] = %v; want 1 (white)", tc.name, i, v)
				}
			}
		})
	}
}

// TestNormalizePolarity checks that dark ink comes out as 0 and paper as 1,
// upright.
func TestNormalizePolarity(t *testing.T) {
	// An "L": a vertical bar on the left and a foot at the bottom.
	src := drawShape(40, func(x, y float64) bool {
		return (x > 0.2 && x < 0.3 && y > 0.1 && y < 0.9) || (x > 0.2 && x < 0.7 && y > 0.8 && y < 0.9)
	})
	out := normalized(t, src)
	at := func(x, y int) float32 { return out[y*Size+x] }
	st := Measure(out)
	tests := []struct {
		name string
		x, y int
		want float32
	}{
		{"corner", 0, 0, 1},
		{"stem", st.Box.Min.X + 1, Size / 2, 0},
		{"foot", Size / 2, st.Box.Max.Y - 2, 0},
		{"top right (paper)", st.Box.Max.X - 2, st.Box.Min.Y + 2, 1},
	}
	for _, tc := range tests {
		if got := at(tc.x, tc.y); math.Abs(float64(got-tc.want)) > 0.1 {
			t.Errorf("%s: pixel (%d, %d) = %.2f; want %v", tc.name, tc.x, tc.y, got, tc.want)
		}
	}
	if st.Ink > 0.5 {
		t.Errorf("mean ink %.2f; want mostly paper", st.Ink)
	}
}

// TestNormalizePlacement checks that where the glyph sits in its source,
// the paper's grey level and the image's origin do not matter.
func TestNormalizePlacement(t *testing.T) {
	glyph := ring(30, 0.35, 0.1)
	place := func(n, x, y int, paper, ink uint8) *image.Gray {
		m := image.NewGray(image.Rect(0, 0, n, n))
		for i := range m.Pix {
			m.Pix[i] = paper
		}
		for gy := range 30 {
			for gx := range 30 {
				a := 255 - int(glyph.Pix[gy*glyph.Stride+gx]) // 0..255 ink
				m.Pix[(y+gy)*m.Stride+x+gx] = uint8(int(paper) - a*int(paper-ink)/255)
			}
		}
		return m
	}
	want := normalized(t, place(30, 0, 0, 255, 0))
	big := place(80, 37, 5, 255, 0)
	tests := []struct {
		name string
		src  *image.Gray
		tol  float64
	}{
		{"moved", place(80, 13, 40, 255, 0), 1e-6},
		{"sub-image", big.SubImage(image.Rect(30, 0, 75, 45)).(*image.Gray), 1e-6},
		// Grey paper (200) and grey ink (60) are stretched back; 8-bit
		// rounding of the grey levels leaves a small difference.
		{"low contrast", place(30, 0, 0, 200, 60), 0.01},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if d := meanAbsDiff(normalized(t, tc.src), want); d > tc.tol {
				t.Errorf("mean |difference| = %.4f; want <= %g", d, tc.tol)
			}
		})
	}
}

// TestNormalizeAspect checks that the longer side is scaled to boxSide and
// the aspect ratio is kept.
func TestNormalizeAspect(t *testing.T) {
	tests := []struct {
		name   string
		w, h   float64 // box size as fractions of the 100-pixel source
		wantWH float64 // expected width/height of the output box
	}{
		{"tall", 0.3, 0.8, 0.3 / 0.8},
		{"wide", 0.8, 0.4, 0.8 / 0.4},
		{"square", 0.6, 0.6, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// A filled rectangle with a 0.1-wide hole keeps the stroke in range.
			src := drawShape(100, func(x, y float64) bool {
				in := math.Abs(x-0.5) < tc.w/2 && math.Abs(y-0.5) < tc.h/2
				hole := math.Abs(x-0.5) < tc.w/2-0.1 && math.Abs(y-0.5) < tc.h/2-0.1
				return in && !hole
			})
			b := Measure(normalized(t, src)).Box
			if side := max(b.Dx(), b.Dy()); math.Abs(float64(side-boxSide)) > 1 {
				t.Errorf("box %v: longer side %d; want %d±1", b, side, boxSide)
			}
			got := float64(b.Dx()) / float64(b.Dy())
			if math.Abs(got-tc.wantWH)/tc.wantWH > 0.1 { // 10 %: a pixel or two of rounding
				t.Errorf("box %v: width/height %.2f; want %.2f", b, got, tc.wantWH)
			}
			// Centred: the box centre is within a pixel of the frame's.
			if cx, cy := float64(b.Min.X+b.Max.X)/2, float64(b.Min.Y+b.Max.Y)/2; math.Abs(cx-Size/2) > 1 || math.Abs(cy-Size/2) > 1 {
				t.Errorf("box %v centred at (%.1f, %.1f); want (%d, %d)", b, cx, cy, Size/2, Size/2)
			}
		})
	}
}

func TestNormalizePanicsOnBadDst(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Normalize(short dst) did not panic")
		}
	}()
	Normalize(make([]float32, 10), ring(28, 0.3, 0.1))
}

// TestResampleMatchesDraw checks the float resampler against x/image/draw's
// own Catmull-Rom scaler on random images, growing and shrinking. The two
// treat the border differently (paper here, left out there), so only
// output pixels whose kernel lies inside the source are compared.
func TestResampleMatchesDraw(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct{ n, m int }{{28, 32}, {36, 32}, {32, 32}, {100, 32}, {20, 64}, {7, 32}} {
		t.Run(fmt.Sprint(tc.n, "to", tc.m), func(t *testing.T) {
			src := image.NewGray(image.Rect(0, 0, tc.n, tc.n))
			ink := make([]float32, tc.n*tc.n)
			for i := range src.Pix {
				src.Pix[i] = uint8(rng.IntN(256))
				ink[i] = float32(src.Pix[i]) / 255
			}
			want := image.NewRGBA(image.Rect(0, 0, tc.m, tc.m))
			draw.CatmullRom.Scale(want, want.Bounds(), src, src.Bounds(), draw.Src, nil)
			ratio := float64(tc.n) / float64(tc.m)
			half := draw.CatmullRom.Support * max(ratio, 1)
			inside := func(x int) bool {
				c := (float64(x)+0.5)*ratio - 0.5
				return c-half >= 0 && c+half <= float64(tc.n-1)
			}
			got := resample(nil, ink, tc.n, tc.n, tc.m, 0, 0, 1/ratio)
			compared := 0
			for y := range tc.m {
				for x := range tc.m {
					if !inside(x) || !inside(y) {
						continue
					}
					compared++
					i := y*tc.m + x
					// draw rounds to 8 bits; allow one level.
					if d := math.Abs(float64(got[i])*255 - float64(want.Pix[4*i])); d > 1 {
						t.Fatalf("resample pixel (%d, %d) = %.2f/255; draw.CatmullRom.Scale gives %d/255", x, y, got[i]*255, want.Pix[4*i])
					}
				}
			}
			if compared == 0 {
				t.Fatal("no interior pixels compared")
			}
		})
	}
}

// BenchmarkNormalize times an EMNIST-sized tile and photo-sized crops, with
// a stroke inside the training range (no stroke change) and a thin one.
func BenchmarkNormalize(b *testing.B) {
	for _, n := range []int{28, 100, 300} {
		for _, sw := range []float64{0.1, 0.04} {
			src := ring(n, 0.35, sw)
			b.Run(fmt.Sprintf("%dpx/stroke%.2f", n, sw), func(b *testing.B) {
				dst := make([]float32, Size*Size)
				b.ReportAllocs()
				for b.Loop() {
					Normalize(dst, src)
				}
			})
		}
	}
}
