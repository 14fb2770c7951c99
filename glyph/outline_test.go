package glyph

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveSignedDistance is the obviously correct O(n²) version of
// signedDistance, comparing every pixel with every other.
func naiveSignedDistance(ink []float32, w, h int) []float32 {
	isInk := func(x, y int) bool { // beyond the border is paper
		return x >= 0 && y >= 0 && x < w && y < h && ink[y*w+x] >= 0.5
	}
	sd := make([]float32, w*h)
	for y := range h {
		for x := range w {
			in := isInk(x, y)
			best := math.Inf(1)
			for qy := -1; qy <= h; qy++ {
				for qx := -1; qx <= w; qx++ {
					if isInk(qx, qy) != in {
						best = min(best, math.Hypot(float64(qx-x), float64(qy-y)))
					}
				}
			}
			if in {
				sd[y*w+x] = float32(best - 0.5)
			} else {
				sd[y*w+x] = float32(0.5 - best)
			}
		}
	}
	return sd
}

func TestSignedDistance(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	tests := []struct {
		name    string
		w, h    int
		density float64 // fraction of ink pixels
	}{
		{"sparse", 13, 9, 0.05},
		{"dense", 9, 13, 0.7},
		{"half", 16, 16, 0.5},
		{"one row", 12, 1, 0.3},
		{"all ink", 5, 4, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ink := make([]float32, tc.w*tc.h)
			for i := range ink {
				if rng.Float64() < tc.density {
					ink[i] = 1
				}
			}
			want := naiveSignedDistance(ink, tc.w, tc.h)
			// reach 2 takes the bounded path; w+h the exact one.
			for _, reach := range []int{2, tc.w + tc.h} {
				for _, outside := range []bool{false, true} {
					got := signedDistance(nil, ink, tc.w, tc.h, outside, reach)
					for i := range got {
						if (ink[i] < 0.5) != outside {
							continue // the side not measured
						}
						g, w := math.Abs(float64(got[i])), math.Abs(float64(want[i]))
						if w > float64(reach) { // beyond reach: only "farther" is promised
							if g < float64(reach)-0.5 {
								t.Fatalf("signedDistance(outside=%v, reach=%d) pixel (%d, %d) = %v; want beyond reach (%v)", outside, reach, i%tc.w, i/tc.w, got[i], want[i])
							}
							continue
						}
						if math.Abs(g-w) > 1e-5 {
							t.Fatalf("signedDistance(outside=%v, reach=%d) pixel (%d, %d) = %v; want %v", outside, reach, i%tc.w, i/tc.w, got[i], want[i])
						}
					}
				}
			}
		})
	}
}

func TestSignedDistanceNoInk(t *testing.T) {
	sd := signedDistance(nil, make([]float32, 6), 3, 2, true, 5)
	for i, v := range sd {
		if !math.IsInf(float64(v), -1) {
			t.Errorf("signedDistance(blank)[%d] = %v; want -Inf", i, v)
		}
	}
	out := outline(nil, sd, 2)
	for i, v := range out {
		if v != 0 {
			t.Errorf("outline(nil, blank, 2)[%d] = %v; want 0", i, v)
		}
	}
}

// TestOutlineWidens checks that moving the outline of a bar by d makes it
// 2·d wider, measured as ink per row.
func TestOutlineWidens(t *testing.T) {
	const w, h = 20, 5
	ink := rect(w, h, image.Rect(8, 0, 12, h)) // a vertical bar 4 pixels wide
	for _, d := range []float64{-1.5, -0.5, 0, 0.25, 1, 2.5} {
		out := outline(nil, signedDistance(nil, ink, w, h, d > 0, 4), d)
		var row float64
		for x := range w {
			row += float64(out[2*w+x])
		}
		if want := 4 + 2*d; math.Abs(row-want) > 1e-6 {
			t.Errorf("outline(nil, bar of 4, %v): ink per row %.3f; want %.3f", d, row, want)
		}
	}
}
