package dataset

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// testGlyph is a 32×32 "L": paper 1, ink 0, strokes 3 pixels wide.
func testGlyph() []float32 {
	img := make([]float32, side*side)
	for i := range img {
		img[i] = 1
	}
	for y := 6; y < 26; y++ {
		for x := 10; x < 13; x++ {
			img[y*side+x] = 0
		}
	}
	for y := 23; y < 26; y++ {
		for x := 10; x < 22; x++ {
			img[y*side+x] = 0
		}
	}
	return img
}

func ink(img []float32) float64 {
	var s float64
	for _, v := range img {
		s += 1 - float64(v)
	}
	return s
}

func TestAugmentIdentity(t *testing.T) {
	img := testGlyph()
	want := testGlyph()
	NewAugmenter(Augment{}).Apply(img, rand.New(rand.NewPCG(1, 1)))
	for i := range img {
		if math.Abs(float64(img[i]-want[i])) > 1e-6 {
			t.Fatalf("Apply(no distortion)[%d] = %v; want %v", i, img[i], want[i])
		}
	}
}

func TestAugmentShiftOnly(t *testing.T) {
	// With only translation the ink moves but stays whole: the glyph is
	// at least 6 pixels from every border and Shift is 2. Catmull-Rom's
	// weights sum to 1; only clamping its small overshoot at the edges
	// changes the total, by well under 1 %.
	img := testGlyph()
	NewAugmenter(Augment{Shift: 2}).Apply(img, rand.New(rand.NewPCG(2, 2)))
	if got, want := ink(img), ink(testGlyph()); math.Abs(got-want) > 0.01*want {
		t.Errorf("ink after a shift = %v; want %v", got, want)
	}
}

// distortingDefault is DefaultAugment with every draw distorted (no
// undistorted share), for the tests and the benchmark of the distortion itself.
func distortingDefault() *Augmenter {
	a := NewAugmenter(DefaultAugment())
	a.Plain = 0
	return a
}

func TestAugmentDefault(t *testing.T) {
	a := distortingDefault()
	base := ink(testGlyph())
	var first []float32
	for seed := range uint64(60) { // 60 draws: every distortion is exercised (stroke changes on 10%)
		img := testGlyph()
		a.Apply(img, rand.New(rand.NewPCG(seed, 3)))
		for i, v := range img {
			if v < 0 || v > 1 || math.IsNaN(float64(v)) {
				t.Fatalf("seed %d: pixel %d = %v; want 0…1", seed, i, v)
			}
		}
		// The ink stays within a factor 3 of the original: size ±12% and
		// aspect ±5% (0.88²·0.95 ≈ 0.74 … 1.12²·1.05 ≈ 1.32) times thinning a
		// 3-pixel stroke by ≤ 1.2 pixels (0.6) or thickening it by ≤ 2 (1.7).
		if got := ink(img); got < base/3 || got > 3*base {
			t.Errorf("seed %d: ink %v; want within 3× of %v", seed, got, base)
		}
		again := testGlyph()
		a.Apply(again, rand.New(rand.NewPCG(seed, 3)))
		for i := range img {
			if img[i] != again[i] {
				t.Fatalf("seed %d: two runs differ at %d: %v, %v", seed, i, img[i], again[i])
			}
		}
		if seed == 0 {
			first = img
		} else if seed == 1 {
			same := true
			for i := range img {
				same = same && img[i] == first[i]
			}
			if same {
				t.Error("seeds 0 and 1 gave the same image")
			}
		}
	}
}

func TestAugmentStroke(t *testing.T) {
	for _, tc := range []struct {
		name    string
		thicken bool
	}{{"thicken", true}, {"thin", false}} {
		t.Run(tc.name, func(t *testing.T) {
			src := make([]float32, side*side)
			for i, v := range testGlyph() {
				src[i] = 1 - v
			}
			dst := make([]float32, side*side)
			morph(dst, src, tc.thicken)
			var a, b float64
			for i := range src {
				a += float64(src[i])
				b += float64(dst[i])
			}
			if tc.thicken && b <= a || !tc.thicken && b >= a {
				t.Errorf("morph(thicken=%v) ink %v → %v", tc.thicken, a, b)
			}
		})
	}
}

func BenchmarkAugment(b *testing.B) {
	a := distortingDefault()
	img := testGlyph()
	rng := rand.New(rand.NewPCG(1, 1))
	b.ReportAllocs()
	for b.Loop() {
		copy(img, testGlyph())
		a.Apply(img, rng)
	}
}

// TestInkAt checks the Catmull-Rom sampler: at pixel centres it gives the
// pixels themselves, it reproduces a linear ramp exactly in between, and
// beyond the frame it reads paper.
func TestInkAt(t *testing.T) {
	img := make([]float32, side*side)
	for y := range side {
		for x := range side {
			img[y*side+x] = 1 - float32(x+2*y)/100 // ink = (x + 2y)/100
		}
	}
	for _, p := range [][2]float64{{5, 7}, {5.5, 7}, {5.25, 7.75}, {10.9, 20.1}, {1, 28}} {
		want := (p[0] + 2*p[1]) / 100
		if got := inkAt(img, p[0], p[1]); math.Abs(float64(got)-want) > 1e-5 {
			t.Errorf("inkAt(ramp, %v, %v) = %v; want %v", p[0], p[1], got, want)
		}
	}
	if got := inkAt(img, -3, 5); got != 0 {
		t.Errorf("inkAt outside the frame = %v; want 0 (paper)", got)
	}
	glyph := testGlyph()
	for y := range side {
		for x := range side {
			if got, want := inkAt(glyph, float64(x), float64(y)), 1-glyph[y*side+x]; got != want {
				t.Fatalf("inkAt(%d, %d) = %v; want the pixel's %v", x, y, got, want)
			}
		}
	}
}

// TestAugmentPlain checks that Plain leaves about that share of the samples
// exactly as they are and distorts the rest.
func TestAugmentPlain(t *testing.T) {
	a := NewAugmenter(DefaultAugment())
	a.Plain = 0.25 // DefaultAugment's share, stated here so the test stands alone
	rng := rand.New(rand.NewPCG(5, 5))
	const n = 2000
	same := 0
	for range n {
		img, want := testGlyph(), testGlyph()
		a.Apply(img, rng)
		if slices.Equal(img, want) {
			same++
		}
	}
	if got := float64(same) / n; math.Abs(got-0.25) > 0.04 {
		t.Errorf("Plain 0.25 left %.3f of the samples unchanged; want about 0.25", got)
	}
}
