package segment

import (
	"image"
	"math/rand/v2"
	"testing"
)

// naiveMorph is the reference for Dilate (hit = 255) and Erode (hit = 0):
// look at every pixel of the window, ignoring those outside the image.
func naiveMorph(src *image.Gray, r int, hit uint8) *image.Gray {
	dst := image.NewGray(src.Rect)
	for y := src.Rect.Min.Y; y < src.Rect.Max.Y; y++ {
		for x := src.Rect.Min.X; x < src.Rect.Max.X; x++ {
			v := 255 - hit
			for yy := y - r; yy <= y+r; yy++ {
				for xx := x - r; xx <= x+r; xx++ {
					if (image.Point{xx, yy}).In(src.Rect) && src.GrayAt(xx, yy).Y == hit {
						v = hit
					}
				}
			}
			dst.SetGray(x, y, grayOf(v))
		}
	}
	return dst
}

func TestMorphMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, r := range []int{0, 1, 2, 5} {
		for _, p := range []float64{0.05, 0.5, 0.95} { // sparse, even and dense ink
			src := randomMask(rng, 23, 17, p)
			for _, op := range []struct {
				name string
				f    func(dst, src *image.Gray, r int)
				hit  uint8
			}{{"Dilate", Dilate, 255}, {"Erode", Erode, 0}} {
				got := image.NewGray(src.Rect)
				op.f(got, src, r)
				want := naiveMorph(src, r, op.hit)
				for i := range want.Pix {
					if got.Pix[i] != want.Pix[i] {
						t.Fatalf("%s(r=%d, p=%v) pixel %d = %d; want %d", op.name, r, p, i, got.Pix[i], want.Pix[i])
					}
				}
			}
		}
	}
}

func TestCloseBridgesGap(t *testing.T) {
	m := image.NewGray(image.Rect(0, 0, 20, 5))
	for x := 0; x < 20; x++ {
		if x != 9 && x != 10 { // a 2-pixel break in a horizontal stroke
			m.SetGray(x, 2, grayOf(255))
		}
	}
	c := image.NewGray(m.Rect)
	Close(c, m, 1)
	if _, comps := Label(c); len(comps) != 1 {
		t.Errorf("Close(r=1) left %d components; want the break bridged into 1", len(comps))
	}
}

func TestStrokeWidth(t *testing.T) {
	for _, sw := range []int{1, 3, 6} {
		m := image.NewGray(image.Rect(0, 0, 100, 100))
		// A square outline with sides of width sw.
		for y := 10; y < 90; y++ {
			for x := 10; x < 90; x++ {
				if x < 10+sw || x >= 90-sw || y < 10+sw || y >= 90-sw {
					m.SetGray(x, y, grayOf(255))
				}
			}
		}
		if got := StrokeWidth(m); got != sw {
			t.Errorf("StrokeWidth(square outline of width %d) = %d; want %d", sw, got, sw)
		}
	}
	if got := StrokeWidth(image.NewGray(image.Rect(0, 0, 5, 5))); got != 0 {
		t.Errorf("StrokeWidth(empty) = %d; want 0", got)
	}
}
