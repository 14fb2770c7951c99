package dataset

import (
	"flag"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"inkling/glyph"
)

var montage = flag.String("montage", "", "write a PNG of converted EMNIST letters next to nist26 letters to this file")

// emnistCounts are the per-class sample counts of the EMNIST ByClass test
// set, in EMNIST order (0-9, then A-Z), from emnist/SOURCES.md.
var emnistCounts = []int{
	5778, 6330, 5869, 5969, 5619, 5190, 5705, 6139, 5633, 5686,
	1062, 648, 1739, 779, 851, 1440, 447, 521, 2048, 626, 382, 810, 1485,
	1351, 4156, 1397, 413, 809, 3508, 1576, 2002, 796, 806, 432, 798, 464,
}

// The real EMNIST set is loaded once for all tests that need it.
var emnist struct {
	once sync.Once
	set  *Set
	took time.Duration
	err  error
}

func loadEMNIST(t *testing.T) *Set {
	t.Helper()
	if testing.Short() {
		t.Skip("converting 89,264 EMNIST images is slow; skipped in -short mode")
	}
	data := requireData(t, emnistImages)
	emnist.once.Do(func() {
		start := time.Now()
		emnist.set, emnist.err = LoadEMNIST36(data, false)
		emnist.took = time.Since(start)
	})
	if emnist.err != nil {
		t.Fatalf("LoadEMNIST36: %v", emnist.err)
	}
	return emnist.set
}

func loadNIST26(t *testing.T) *Set {
	t.Helper()
	data := requireData(t, filepath.Join("hw5", "nist", "nist26_valid.mat"))
	s, err := LoadNIST26(nist26Path(data))
	if err != nil {
		t.Fatalf("LoadNIST26: %v", err)
	}
	return s
}

// topHeavy returns the ink in the top half of the class-k images of s
// divided by the ink in the bottom half.
func topHeavy(s *Set, k int) float64 {
	var top, bottom float64
	for i, y := range s.Y {
		if y != k {
			continue
		}
		for j, v := range s.Image(i) {
			if j < Pixels/2 {
				top += float64(1 - v)
			} else {
				bottom += float64(1 - v)
			}
		}
	}
	return top / bottom
}

// checkLayout checks polarity and orientation: mostly white paper, and a
// "T" carries more ink in its top half (its bar) than in its bottom half,
// which a transposed "T" (a bar on the left) does not.
func checkLayout(t *testing.T, s *Set) {
	t.Helper()
	var sum float64
	for _, v := range s.X {
		sum += float64(v)
	}
	if mean := sum / float64(len(s.X)); mean < 0.6 {
		t.Errorf("mean pixel %.2f; want > 0.6 (white paper, dark ink)", mean)
	}
	// 1.3: a T's bar is a third or more of its ink.
	if r := topHeavy(s, strings.IndexByte(Classes, 'T')); r < 1.3 {
		t.Errorf("T images: top/bottom ink %.2f; want > 1.3 (upright)", r)
	}
}

func TestNIST26Real(t *testing.T) {
	s := loadNIST26(t)
	if s.Len() != 1300 { // SOURCES.md: 1300 letters, 50 per class
		t.Fatalf("LoadNIST26: %d images; want 1300", s.Len())
	}
	for k, c := range s.Counts() {
		if want := map[bool]int{true: 50, false: 0}[k < 26]; c != want {
			t.Errorf("class %c: %d images; want %d", Classes[k], c, want)
		}
	}
	checkLayout(t, s)
}

func TestEMNIST36Real(t *testing.T) {
	s := loadEMNIST(t)
	t.Logf("LoadEMNIST36: %d images in %v (GOMAXPROCS %d)", s.Len(), emnist.took, runtime.GOMAXPROCS(0))
	counts := s.Counts()
	for e, want := range emnistCounts {
		if k := courseClass(e); counts[k] != want {
			t.Errorf("class %c: %d images; want %d", Classes[k], counts[k], want)
		}
	}
	checkLayout(t, s)
	train, valid, test := Split(s)
	t.Logf("Split: train %d, valid %d, test %d", train.Len(), valid.Len(), test.Len())
	if train.Len()+valid.Len()+test.Len() != s.Len() {
		t.Errorf("Split sizes %d + %d + %d; want a total of %d", train.Len(), valid.Len(), test.Len(), s.Len())
	}
	if *montage != "" {
		if err := writeMontage(*montage, s, loadNIST26(t)); err != nil {
			t.Fatal(err)
		}
	}
}

// quantiles returns the 5th, 25th, 50th, 75th and 95th percentiles and the mean of v.
func quantiles(v []float64) [6]float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	var q [6]float64
	for i, p := range []float64{0.05, 0.25, 0.5, 0.75, 0.95} {
		q[i] = v[int(p*float64(len(v)-1))]
	}
	for _, x := range v {
		q[5] += x / float64(len(v))
	}
	return q
}

// glyphStats returns the quantiles of box side, mean ink and stroke width
// over the images of s with a label in classes [lo, hi).
func glyphStats(s *Set, lo, hi int) (side, ink, stroke [6]float64) {
	var a, b, c []float64
	for i, y := range s.Y {
		if y < lo || y >= hi {
			continue
		}
		st := glyph.Measure(s.Image(i))
		a = append(a, float64(max(st.Box.Dx(), st.Box.Dy())))
		b = append(b, st.Ink)
		c = append(c, st.Stroke)
	}
	return quantiles(a), quantiles(b), quantiles(c)
}

// TestGlyphStatistics compares EMNIST converted by glyph.Normalize with the
// course's own nist26 letters: ink box side, mean ink and stroke width.
// Run with -v to see the table.
func TestGlyphStatistics(t *testing.T) {
	nist := loadNIST26(t)
	em := loadEMNIST(t)
	rows := []struct {
		name   string
		s      *Set
		lo, hi int
	}{
		{"nist26 letters", nist, 0, 26},
		{"EMNIST letters", em, 0, 26},
		{"EMNIST digits", em, 26, 36},
	}
	var medians [3][3]float64
	var b strings.Builder
	fmt.Fprintf(&b, "%-16s %-8s %6s %6s %6s %6s %6s %6s\n", "set", "stat", "p5", "p25", "p50", "p75", "p95", "mean")
	for r, row := range rows {
		side, ink, stroke := glyphStats(row.s, row.lo, row.hi)
		for i, q := range [][6]float64{side, ink, stroke} {
			fmt.Fprintf(&b, "%-16s %-8s", row.name, []string{"box side", "ink", "stroke"}[i])
			for _, v := range q {
				fmt.Fprintf(&b, " %6.3g", v)
			}
			b.WriteByte('\n')
			medians[r][i] = q[2]
		}
	}
	t.Logf("glyph statistics (32×32 images, pixels):\n%s", b.String())
	// Tolerances: a pixel and a half of box, half a pixel of stroke width,
	// and 0.03 of mean ink (a fifth of nist26's median 0.16).
	for i, tol := range []float64{1.5, 0.03, 0.5} {
		if d := math.Abs(medians[1][i] - medians[0][i]); d > tol {
			t.Errorf("median %s: EMNIST letters %.3g, nist26 %.3g; want within %g",
				[]string{"box side", "ink", "stroke"}[i], medians[1][i], medians[0][i], tol)
		}
	}
}

// writeMontage writes a PNG with one row per letter: ten converted EMNIST
// samples, a gap, then ten nist26 samples, each 32×32 at 3× scale.
func writeMontage(path string, em, nist *Set) error {
	const per, zoom, cell = 10, 3, glyph.Size + 2
	m := image.NewGray(image.Rect(0, 0, (2*per+1)*cell*zoom, 26*cell*zoom))
	for i := range m.Pix {
		m.Pix[i] = 128 // grey frame between tiles
	}
	put := func(img []float32, col, row int) {
		for y := range glyph.Size {
			for x := range glyph.Size {
				v := uint8(255 * min(max(img[y*glyph.Size+x], 0), 1))
				for dy := range zoom {
					for dx := range zoom {
						m.Pix[((row*cell+1+y)*zoom+dy)*m.Stride+(col*cell+1+x)*zoom+dx] = v
					}
				}
			}
		}
	}
	for k := range 26 {
		for side, s := range []*Set{em, nist} {
			n := 0
			for i, y := range s.Y {
				if y == k && n < per {
					put(s.Image(i), side*(per+1)+n, k)
					n++
				}
			}
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, m); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func BenchmarkLoadEMNIST36(b *testing.B) {
	root := moduleRoot()
	data := dataDir(root)
	if _, err := os.Stat(filepath.Join(data, emnistImages)); root == "" || err != nil {
		b.Skip("real EMNIST data not found; set INKLING_DATA")
	}
	for b.Loop() {
		if _, err := LoadEMNIST36(data, false); err != nil {
			b.Fatal(err)
		}
	}
}
