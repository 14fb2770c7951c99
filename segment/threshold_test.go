package segment

import (
	"image"
	"image/color"
	"testing"
)

func grayOf(v uint8) color.Gray { return color.Gray{Y: v} }

func TestOtsu(t *testing.T) {
	tests := []struct {
		name   string
		levels map[int]int // grey level -> count
		lo, hi int         // the threshold must fall in [lo, hi)
	}{
		{"two spikes", map[int]int{40: 100, 220: 900}, 40, 220},
		{"ink and paper spreads", map[int]int{60: 10, 70: 20, 80: 10, 200: 300, 210: 500, 220: 300}, 80, 200},
		{"single level", map[int]int{128: 50}, 128, 129},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hist [256]int
			for v, c := range tt.levels {
				hist[v] = c
			}
			got, _, _ := Otsu(&hist)
			if int(got) < tt.lo || int(got) >= tt.hi {
				t.Errorf("Otsu(%v) = %d; want in [%d, %d)", tt.levels, got, tt.lo, tt.hi)
			}
		})
	}
}

func TestThreshold(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 4, 1))
	copy(src.Pix, []uint8{0, 100, 101, 255})
	dst := image.NewGray(src.Rect)
	Threshold(dst, src, 100)
	want := []uint8{255, 255, 0, 0} // <= t is ink
	for i, v := range want {
		if dst.Pix[i] != v {
			t.Errorf("Threshold(%v, 100) = %v; want %v", src.Pix, dst.Pix, want)
			break
		}
	}
}
