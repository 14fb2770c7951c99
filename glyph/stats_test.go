package glyph

import (
	"image"
	"math"
	"testing"
)

// rect returns a w×h ink image (1 = ink) with the rectangle r filled.
func rect(w, h int, r image.Rectangle) []float32 {
	ink := make([]float32, w*h)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ink[y*w+x] = 1
		}
	}
	return ink
}

// barWidth is strokeWidth of a k×l bar of ink.
func barWidth(k, l float64) float64 {
	return 2 * k * l / (2*(k+l) - 2 + math.Sqrt2)
}

func TestStrokeWidth(t *testing.T) {
	tests := []struct {
		name string
		ink  []float32
		want float64
	}{
		// A k×L bar has area k·L and outline 2(k+L), except that forward
		// differences meet at the bottom-right corner pixel, which counts
		// √2 instead of 2.
		{"bar 1x40", rect(50, 50, image.Rect(10, 5, 11, 45)), barWidth(1, 40)},
		{"bar 3x40", rect(50, 50, image.Rect(10, 5, 13, 45)), barWidth(3, 40)},
		{"bar 6x40", rect(50, 50, image.Rect(10, 5, 16, 45)), barWidth(6, 40)},
		{"bar at the border", rect(50, 50, image.Rect(0, 0, 3, 40)), barWidth(3, 40)},
		{"blank", make([]float32, 100), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := int(math.Sqrt(float64(len(tc.ink))))
			if got := strokeWidth(nil, tc.ink, n, n); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("strokeWidth(nil, %s) = %.4f; want %.4f", tc.name, got, tc.want)
			}
		})
	}
}

// TestStrokeWidthBlurIndependent checks that anti-aliasing (grey edges)
// does not change the estimate much: the same ring drawn at 4× and 1×
// supersampling.
func TestStrokeWidthBlurIndependent(t *testing.T) {
	src := ring(100, 0.35, 0.08) // 8-pixel stroke
	ink := inkMap(nil, src)
	got := strokeWidth(nil, ink, 100, 100)
	// The outline's pixel steps make the perimeter of a curve read ~8 % long.
	if math.Abs(got-8) > 0.1*8 {
		t.Errorf("strokeWidth(nil, ring with 8-pixel stroke) = %.2f; want 8 ± 10 %%", got)
	}
}

func TestInkExtent(t *testing.T) {
	tests := []struct {
		name   string
		peaks  []float32
		lo, hi float64
	}{
		{"sharp", []float32{0, 1, 1, 0}, 1, 3},
		{"half pixels", []float32{0, 0.5, 1, 0.5, 0}, 1.5, 3.5},
		{"touching the border", []float32{1, 1, 0}, 0, 2},
		{"blank", []float32{0, 0.2, 0}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := inkExtent(tc.peaks)
			if math.Abs(lo-tc.lo) > 1e-9 || math.Abs(hi-tc.hi) > 1e-9 {
				t.Errorf("inkExtent(%v) = %v, %v; want %v, %v", tc.peaks, lo, hi, tc.lo, tc.hi)
			}
		})
	}
}

func TestMeasure(t *testing.T) {
	img := make([]float32, Size*Size)
	for i := range img {
		img[i] = 1
	}
	for y := 4; y < 28; y++ { // a 3×24 black bar
		for x := 10; x < 13; x++ {
			img[y*Size+x] = 0
		}
	}
	got := Measure(img)
	want := Stats{Box: image.Rect(10, 4, 13, 28), Ink: 3 * 24.0 / (Size * Size), Stroke: barWidth(3, 24)}
	if got.Box != want.Box || math.Abs(got.Ink-want.Ink) > 1e-9 || math.Abs(got.Stroke-want.Stroke) > 1e-9 {
		t.Errorf("Measure(3×24 bar) = %+v; want %+v", got, want)
	}
}
