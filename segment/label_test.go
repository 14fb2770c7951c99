package segment

import (
	"image"
	"math/rand/v2"
	"testing"
)

// floodLabel is the slow, obviously correct reference for Label: a flood
// fill from every unlabelled ink pixel, 8-connected.
func floodLabel(mask *image.Gray) []int32 {
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	labels := make([]int32, w*h)
	var next int32
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if mask.Pix[y*mask.Stride+x] == 0 || labels[y*w+x] != 0 {
				continue
			}
			next++
			stack := []image.Point{{x, y}}
			labels[y*w+x] = next
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						q := image.Point{p.X + dx, p.Y + dy}
						if !q.In(mask.Rect) || mask.Pix[q.Y*mask.Stride+q.X] == 0 || labels[q.Y*w+q.X] != 0 {
							continue
						}
						labels[q.Y*w+q.X] = next
						stack = append(stack, q)
					}
				}
			}
		}
	}
	return labels
}

// randomMask returns a w x h mask where each pixel is ink with probability p.
func randomMask(rng *rand.Rand, w, h int, p float64) *image.Gray {
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		if rng.Float64() < p {
			m.Pix[i] = 255
		}
	}
	return m
}

func TestLabelMatchesFloodFill(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	tests := []struct {
		w, h int
		p    float64 // ink density; 0.45 is near the percolation threshold, with long snaking components
	}{
		{1, 1, 1}, {7, 1, 0.5}, {1, 9, 0.5}, {13, 11, 0.2}, {40, 30, 0.45}, {64, 64, 0.6},
	}
	for _, tt := range tests {
		m := randomMask(rng, tt.w, tt.h, tt.p)
		got, comps := Label(m)
		want := floodLabel(m)
		// Both number components in scan order of their first pixel, so the
		// labellings must be identical, not merely equivalent.
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("Label(%dx%d, p=%v) at pixel %d = %d; flood fill says %d", tt.w, tt.h, tt.p, i, got[i], want[i])
			}
		}
		area := make([]int, len(comps)+1)
		boxes := make([]image.Rectangle, len(comps)+1)
		for i, l := range want {
			if l != 0 {
				area[l]++
				p := image.Pt(i%tt.w, i/tt.w)
				boxes[l] = boxes[l].Union(image.Rectangle{p, p.Add(image.Pt(1, 1))})
			}
		}
		for i, c := range comps {
			if c.Area != area[i+1] || c.Box != boxes[i+1] {
				t.Errorf("Label(%dx%d) component %d = %v; want box %v area %d", tt.w, tt.h, i+1, c, boxes[i+1], area[i+1])
			}
		}
	}
}

func TestLabelDiagonalIsConnected(t *testing.T) {
	m := image.NewGray(image.Rect(0, 0, 3, 3))
	m.Pix[0], m.Pix[4], m.Pix[8] = 255, 255, 255 // a diagonal: one 8-connected component
	m.Pix[2] = 255                               // touches the centre diagonally too
	_, comps := Label(m)
	if len(comps) != 1 || comps[0].Area != 4 {
		t.Errorf("Label(diagonal) = %v; want one component of 4 pixels", comps)
	}
}

func BenchmarkLabel(b *testing.B) {
	m := randomMask(rand.New(rand.NewPCG(1, 1)), 1400, 1000, 0.05) // working-copy size, 5% ink
	for b.Loop() {
		Label(m)
	}
}
