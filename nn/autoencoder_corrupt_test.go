package nn

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// parseImage reads a picture drawn with '#' for ink (0) and '.' for paper (1).
func parseImage(rows ...string) ([]float32, int) {
	var img []float32
	for _, r := range rows {
		for _, c := range r {
			img = append(img, map[rune]float32{'#': 0, '.': 1}[c])
		}
	}
	return img, len(rows[0])
}

func TestThin(t *testing.T) {
	for _, tc := range []struct {
		name      string
		src, want []string
	}{
		{"3-wide bar keeps its core",
			[]string{".......", ".#####.", ".#####.", ".#####.", "......."},
			[]string{".......", ".......", "..###..", ".......", "......."}},
		{"1-wide line vanishes",
			[]string{".....", "#####", "....."},
			[]string{".....", ".....", "....."}},
		{"ink at the border is not thinned by the border",
			[]string{"##.", "##.", "..."},
			[]string{"#..", "...", "..."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, w := parseImage(tc.src...)
			want, _ := parseImage(tc.want...)
			got := make([]float32, len(src))
			Thin(got, src, w)
			if !slices.Equal(got, want) {
				t.Errorf("Thin(%v) = %v; want %v", tc.src, got, want)
			}
		})
	}
}

func count(img []float32, v float32) int {
	n := 0
	for _, x := range img {
		if x == v {
			n++
		}
	}
	return n
}

func TestOcclude(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const w, h = 7, 5
	for _, side := range []int{1, 3, 5, 9} { // 9 is larger than the image: clamped to 5
		img := make([]float32, w*h) // all ink
		Occlude(img, w, side, rng)
		s := min(side, h)
		if got := count(img, 1); got != s*s {
			t.Errorf("Occlude(side %d) painted %d pixels; want %d", side, got, s*s)
		}
	}
}

func TestAddNoiseStaysInRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	img := []float32{0, 0.5, 1, 0, 1, 0.2}
	orig := slices.Clone(img)
	AddNoise(img, 0.5, rng) // large noise so clipping happens on both sides
	changed := false
	for i, v := range img {
		if v < 0 || v > 1 {
			t.Fatalf("AddNoise gave %v at %d; want values in [0, 1]", v, i)
		}
		changed = changed || v != orig[i]
	}
	if !changed {
		t.Errorf("AddNoise(sigma 0.5) left %v unchanged", img)
	}
}

func TestCorrupt(t *testing.T) {
	img, w := parseImage("......", ".####.", ".####.", ".####.", ".####.", "......")
	t.Run("zero value keeps the image", func(t *testing.T) {
		got := slices.Clone(img)
		Corrupt(got, w, Corruption{}, rand.New(rand.NewPCG(1, 1)))
		if !slices.Equal(got, img) {
			t.Errorf("Corrupt(zero) = %v; want %v", got, img)
		}
	})
	t.Run("same seed, same damage", func(t *testing.T) {
		c := Corruption{Noise: 0.2, Occlude: 2, Thin: 0.5}
		a, b := slices.Clone(img), slices.Clone(img)
		Corrupt(a, w, c, rand.New(rand.NewPCG(7, 7)))
		Corrupt(b, w, c, rand.New(rand.NewPCG(7, 7)))
		if !slices.Equal(a, b) {
			t.Errorf("Corrupt with one seed gave %v and %v", a, b)
		}
	})
	t.Run("thinning always", func(t *testing.T) {
		got := slices.Clone(img)
		Corrupt(got, w, Corruption{Thin: 1}, rand.New(rand.NewPCG(1, 1)))
		want, _ := parseImage("......", "......", "..##..", "..##..", "......", "......")
		if !slices.Equal(got, want) {
			t.Errorf("Corrupt(Thin 1) = %v; want %v", got, want)
		}
	})
}
