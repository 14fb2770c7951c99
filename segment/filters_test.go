package segment

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"
)

// gradientPaper returns a w x h page whose brightness falls linearly from
// left to right from hi to lo, as under a lamp at one side.
func gradientPaper(w, h int, hi, lo float64) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			g.Pix[y*g.Stride+x] = uint8(hi + (lo-hi)*float64(x)/float64(w-1))
		}
	}
	return g
}

func TestNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	for _, sigma := range []float64{0, 3, 10} {
		g := gradientPaper(200, 150, 220, 120) // smooth content the estimator must ignore
		for i, v := range g.Pix {
			g.Pix[i] = uint8(max(0, min(255, float64(v)+rng.NormFloat64()*sigma)))
		}
		// Rounding to whole grey levels adds noise of 0.29 (1/sqrt(12)); allow 20% plus that.
		if got := Noise(g); math.Abs(got-sigma) > 0.2*sigma+0.3 {
			t.Errorf("Noise(gradient + N(0, %v²)) = %.2f; want %v", sigma, got, sigma)
		}
	}
}

func TestBlurMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	src := image.NewGray(image.Rect(0, 0, 11, 7))
	for i := range src.Pix {
		src.Pix[i] = uint8(rng.IntN(256))
	}
	for _, r := range []int{0, 1, 2, 8} {
		got := image.NewGray(src.Rect)
		Blur(got, src, r)
		for y := 0; y < 7; y++ {
			for x := 0; x < 11; x++ {
				s, n := 0, 0
				for yy := max(0, y-r); yy <= min(6, y+r); yy++ {
					for xx := max(0, x-r); xx <= min(10, x+r); xx++ {
						s += int(src.GrayAt(xx, yy).Y)
						n++
					}
				}
				if want := uint8((s + n/2) / n); got.GrayAt(x, y).Y != want {
					t.Fatalf("Blur(r=%d) at (%d,%d) = %d; want %d", r, x, y, got.GrayAt(x, y).Y, want)
				}
			}
		}
	}
}

func TestFlatten(t *testing.T) {
	// Paper going from 230 to 90 (a strong shadow) with ink at 60% of the
	// local paper level: after flattening, paper must be near 255 and ink
	// near 0.6*255 everywhere.
	g := gradientPaper(300, 200, 230, 90)
	ink := image.Rect(0, 95, 300, 100) // a horizontal stroke across the page
	for y := ink.Min.Y; y < ink.Max.Y; y++ {
		for x := 0; x < 300; x++ {
			g.Pix[y*g.Stride+x] = uint8(0.6 * float64(g.Pix[y*g.Stride+x]))
		}
	}
	dst := image.NewGray(g.Rect)
	paper := Flatten(dst, g, 20)
	if paper < 140 || paper > 180 { // the median of 230..90 is 160
		t.Errorf("Flatten paper level = %d; want about 160", paper)
	}
	for _, x := range []int{5, 150, 295} {
		if v := dst.GrayAt(x, 30).Y; v < 235 {
			t.Errorf("Flatten: paper at x=%d = %d; want >= 235", x, v)
		}
		if v := dst.GrayAt(x, 97).Y; math.Abs(float64(v)-0.6*255) > 20 {
			t.Errorf("Flatten: ink at x=%d = %d; want about %v", x, v, 0.6*255)
		}
	}
}

func TestGrey(t *testing.T) {
	c := color.NRGBA{200, 100, 50, 255}
	want := color.GrayModel.Convert(c).(color.Gray).Y
	rgba := image.NewRGBA(image.Rect(0, 0, 4, 4))
	nrgba := image.NewNRGBA(image.Rect(0, 0, 4, 4))
	ycc := image.NewYCbCr(image.Rect(0, 0, 4, 4), image.YCbCrSubsampleRatio420)
	pal := image.NewPaletted(image.Rect(0, 0, 4, 4), color.Palette{c})
	for y := 0; y < 4; y++ {
		for x := 0; x < 4; x++ {
			rgba.Set(x, y, c)
			nrgba.Set(x, y, c)
		}
	}
	yy, cb, cr := color.RGBToYCbCr(200, 100, 50)
	for i := range ycc.Y {
		ycc.Y[i] = yy
	}
	for i := range ycc.Cb {
		ycc.Cb[i], ycc.Cr[i] = cb, cr
	}
	tests := []struct {
		name string
		img  image.Image
		want uint8
	}{
		{"RGBA", rgba, want}, {"NRGBA", nrgba, want}, {"YCbCr", ycc, yy}, {"Paletted", pal, want},
		{"transparent", image.NewNRGBA(image.Rect(0, 0, 4, 4)), 255}, // no paint: white paper
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Grey(tt.img, 0)
			if g.Rect != image.Rect(0, 0, 4, 4) || g.Pix[5] != tt.want {
				t.Errorf("Grey(%s) = %v %d; want 4x4 of %d", tt.name, g.Rect, g.Pix[5], tt.want)
			}
		})
	}
}

func TestGreyShrinksByAveraging(t *testing.T) {
	src := image.NewGray(image.Rect(10, 10, 18, 14)) // offset bounds must not matter
	for y := 10; y < 14; y++ {
		for x := 10; x < 18; x++ {
			if (x+y)%2 == 0 { // a checkerboard averages to mid grey
				src.SetGray(x, y, grayOf(200))
			}
		}
	}
	g := Grey(src, 8) // 32 pixels down to at most 8: 4x2
	if g.Rect != image.Rect(0, 0, 4, 2) {
		t.Fatalf("Grey(8x4, 8) bounds = %v; want 4x2", g.Rect)
	}
	for i, v := range g.Pix {
		if v != 100 {
			t.Errorf("Grey(checkerboard) pixel %d = %d; want 100", i, v)
		}
	}
}
