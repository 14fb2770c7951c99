package dataset

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"inkling/glyph"
)

func TestClasses(t *testing.T) {
	tests := []struct {
		k    int
		want byte
	}{{0, 'A'}, {25, 'Z'}, {26, '0'}, {35, '9'}}
	for _, tc := range tests {
		if got := Classes[tc.k]; got != tc.want {
			t.Errorf("Classes[%d] = %c; want %c", tc.k, got, tc.want)
		}
	}
	if NumClasses != 36 {
		t.Errorf("NumClasses = %d; want 36", NumClasses)
	}
}

func TestCourseClass(t *testing.T) {
	// EMNIST ByClass: 0-9 are digits, 10-35 are A-Z.
	for e := range 36 {
		want := "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[e]
		if got := Classes[courseClass(e)]; got != want {
			t.Errorf("Classes[courseClass(%d)] = %c; want %c", e, got, want)
		}
	}
}

// labelled returns a Set whose image i is filled with the value i and
// whose labels are ys.
func labelled(ys ...int) *Set {
	s := &Set{X: make([]float32, len(ys)*Pixels), Y: ys}
	for i := range ys {
		for j := range s.Image(i) {
			s.Image(i)[j] = float32(i)
		}
	}
	return s
}

func TestSubset(t *testing.T) {
	s := labelled(3, 1, 4, 1, 5)
	sub := s.Subset([]int{4, 0, 4})
	if sub.Len() != 3 || fmt.Sprint(sub.Y) != "[5 3 5]" {
		t.Fatalf("Subset([4 0 4]).Y = %v; want [5 3 5]", sub.Y)
	}
	if sub.Image(1)[0] != 0 || sub.Image(2)[Pixels-1] != 4 {
		t.Errorf("Subset images start with %v, %v; want 0, 4", sub.Image(1)[0], sub.Image(2)[Pixels-1])
	}
	sub.Image(0)[0] = -1
	if s.Image(4)[0] != 4 {
		t.Error("Subset shares memory with its source; want a copy")
	}
}

func TestSplit(t *testing.T) {
	tests := []struct {
		name                  string
		perClass              []int // samples of classes 0, 1, ...
		train, valid, test    int
		firstTest, firstValid int // file index of the first test and valid sample
	}{
		// Per class of n samples: test gets ceil(n/10), valid ceil((n-1)/10).
		{"25 and 10", []int{25, 10}, 19 + 8, 3 + 1, 3 + 1, 0, 2},
		{"one sample", []int{1}, 0, 0, 1, 0, -1},
		{"hundred", []int{100}, 80, 10, 10, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Interleave the classes, so per-class order is not file order.
			var ys []int
			left := append([]int(nil), tc.perClass...)
			for more := true; more; {
				more = false
				for c := range left {
					if left[c] > 0 {
						ys = append(ys, c)
						left[c]--
						more = true
					}
				}
			}
			s := labelled(ys...)
			train, valid, test := Split(s)
			if train.Len() != tc.train || valid.Len() != tc.valid || test.Len() != tc.test {
				t.Errorf("Split sizes %d/%d/%d; want %d/%d/%d", train.Len(), valid.Len(), test.Len(), tc.train, tc.valid, tc.test)
			}
			if got := int(test.Image(0)[0]); got != tc.firstTest {
				t.Errorf("first test image is file image %d; want %d", got, tc.firstTest)
			}
			if tc.firstValid >= 0 {
				if got := int(valid.Image(0)[0]); got != tc.firstValid {
					t.Errorf("first valid image is file image %d; want %d", got, tc.firstValid)
				}
			}
			// Every image lands in exactly one part.
			seen := make(map[float32]int)
			for _, part := range []*Set{train, valid, test} {
				for i := range part.Len() {
					seen[part.Image(i)[0]]++
				}
			}
			if len(seen) != s.Len() {
				t.Errorf("parts hold %d distinct images; want %d", len(seen), s.Len())
			}
			// The parts are views of s, not copies.
			if train.Len() > 0 && &train.X[0] != &s.X[0] {
				t.Error("train does not share memory with s; Split copied the pool")
			}
			// The leading rows are train then valid, as one Set.
			both := s.Rows(0, train.Len()+valid.Len())
			for i := range both.Len() {
				part, j := train, i
				if i >= train.Len() {
					part, j = valid, i-train.Len()
				}
				want, wantY := part.Image(j)[0], part.Y[j]
				if both.Image(i)[0] != want || both.Y[i] != wantY {
					t.Fatalf("Rows(0, train+valid) row %d is image %v class %d; want %v class %d", i, both.Image(i)[0], both.Y[i], want, wantY)
				}
			}
		})
	}
}

// TestPermute checks the in-place permutation against Subset, which copies.
func TestPermute(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for n := range 40 {
		ys := make([]int, n)
		for i := range ys {
			ys[i] = rng.IntN(NumClasses)
		}
		s := labelled(ys...)
		order := rng.Perm(n)
		want := s.Subset(order)
		s.permute(order)
		if !slices.Equal(s.X, want.X) || !slices.Equal(s.Y, want.Y) {
			t.Fatalf("n=%d: permute(%v) differs from Subset", n, order)
		}
	}
}

// courseMAT builds a course-style MAT-file: prefix_data (N×1024 column-major
// images) and prefix_labels (N×classes one-hot).
func courseMAT(t *testing.T, prefix string, imgs [][]float64, labels []int, classes int) []byte {
	t.Helper()
	n := len(imgs)
	data := &MATArray{Name: prefix + "_data", Dims: []int{n, Pixels}, Data: make([]float64, n*Pixels)}
	lab := &MATArray{Name: prefix + "_labels", Dims: []int{n, classes}, Data: make([]float64, n*classes)}
	for i, img := range imgs {
		for j, v := range img {
			data.Data[j*n+i] = v
		}
		lab.Data[labels[i]*n+i] = 1
	}
	var buf bytes.Buffer
	if err := WriteMAT(&buf, data, lab); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// columnMajor returns a white 32×32 image flattened column-major, as the
// course stores it, with a black pixel at (x, y).
func columnMajor(x, y int) []float64 {
	img := make([]float64, Pixels)
	for i := range img {
		img[i] = 1
	}
	img[x*glyph.Size+y] = 0
	return img
}

func TestLoadNIST(t *testing.T) {
	dir := t.TempDir()
	imgs := [][]float64{columnMajor(3, 1), columnMajor(30, 20)}
	for i, split := range []string{"train", "valid", "test"} {
		b := courseMAT(t, split, imgs, []int{i, 35}, 36)
		if err := os.WriteFile(filepath.Join(dir, "nist36_"+split+".mat"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	train, valid, test, err := LoadNIST36Dir(dir)
	if err != nil {
		t.Fatalf("LoadNIST36Dir: %v", err)
	}
	for i, s := range []*Set{train, valid, test} {
		if fmt.Sprint(s.Y) != fmt.Sprint([]int{i, 35}) {
			t.Errorf("split %d labels %v; want [%d 35]", i, s.Y, i)
		}
		// Upright row-major: pixel (x, y) is at y*32+x.
		if s.Image(0)[1*glyph.Size+3] != 0 || s.Image(1)[20*glyph.Size+30] != 0 || s.Image(0)[3*glyph.Size+1] != 1 {
			t.Errorf("split %d: black pixels not at (3, 1) and (30, 20) after transposing", i)
		}
	}
	b := courseMAT(t, "valid", imgs, []int{0, 25}, 26)
	path := filepath.Join(dir, "nist26.mat")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadNIST26(path)
	if err != nil || fmt.Sprint(s.Y) != "[0 25]" {
		t.Errorf("LoadNIST26 = %v, %v; want labels [0 25]", s, err)
	}
}

func TestLoadNISTErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, arrays ...*MATArray) string {
		var buf bytes.Buffer
		if err := WriteMAT(&buf, arrays...); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	if err := os.WriteFile(filepath.Join(dir, "text.mat"), []byte("not a MAT-file"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		path string
	}{
		{"missing file", filepath.Join(dir, "nope.mat")},
		{"not a MAT-file", filepath.Join(dir, "text.mat")},
		{"no labels", write("nolabels.mat", &MATArray{Name: "valid_data", Dims: []int{1, Pixels}, Data: make([]float64, Pixels)})},
		{"wrong image size", write("small.mat",
			&MATArray{Name: "valid_data", Dims: []int{1, 4}, Data: make([]float64, 4)},
			&MATArray{Name: "valid_labels", Dims: []int{1, 26}, Data: make([]float64, 26)})},
		{"zero label row", write("zero.mat",
			&MATArray{Name: "valid_data", Dims: []int{1, Pixels}, Data: make([]float64, Pixels)},
			&MATArray{Name: "valid_labels", Dims: []int{1, 26}, Data: make([]float64, 26)})},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if s, err := LoadNIST26(tc.path); err == nil {
				t.Errorf("LoadNIST26(%s) = %d images, nil; want an error", tc.name, s.Len())
			}
		})
	}
}

func TestEMNISTSet(t *testing.T) {
	const n, side = 3, 28
	pix := make([]uint8, n*side*side) // image 1 stays blank
	for y := 4; y < 24; y++ {
		for x := 12; x < 15; x++ {
			pix[0*side*side+y*side+x] = 255 // a white bar on black: a "1"
			pix[2*side*side+x*side+y] = 255 // a horizontal bar
		}
	}
	imgs := &IDXArray{Dims: []int{n, side, side}, Uint8: pix}
	labels := &IDXArray{Dims: []int{n}, Uint8: []uint8{1, 2, 10}}
	s, err := emnistSet(imgs, labels, false)
	if err != nil {
		t.Fatalf("emnistSet: %v", err)
	}
	// The blank image is left out; '1' is class 27 and 'A' class 0.
	if fmt.Sprint(s.Y) != "[27 0]" {
		t.Fatalf("emnistSet labels %v; want [27 0]", s.Y)
	}
	for i, wantTall := range []bool{true, false} {
		st := glyph.Measure(s.Image(i))
		if tall := st.Box.Dy() > st.Box.Dx(); tall != wantTall {
			t.Errorf("image %d box %v: tall = %v; want %v (upright, not transposed)", i, st.Box, tall, wantTall)
		}
		if st.Ink <= 0 || st.Ink > 0.5 {
			t.Errorf("image %d mean ink %.2f; want dark ink on mostly white paper", i, st.Ink)
		}
	}
	if _, err := emnistSet(imgs, &IDXArray{Dims: []int{n}, Uint8: []uint8{1, 2, 36}}, false); err == nil {
		t.Error("emnistSet(label 36) = nil error; want an error")
	}
	if _, err := emnistSet(imgs, &IDXArray{Dims: []int{2}, Uint8: []uint8{1, 2}}, false); err == nil {
		t.Error("emnistSet(2 labels for 3 images) = nil error; want an error")
	}
}

// TestEMNISTSetKeepStroke checks that keepStroke leaves a tile's stroke
// width alone where the default brings it inside glyph.Normalize's bounds.
func TestEMNISTSetKeepStroke(t *testing.T) {
	const side = 28
	pix := make([]uint8, side*side)
	for y := 4; y < 24; y++ {
		for x := 11; x < 17; x++ {
			pix[y*side+x] = 255 // a bar 6 pixels wide and 20 tall: 7.5 pixels wide once 25 tall
		}
	}
	imgs := &IDXArray{Dims: []int{1, side, side}, Uint8: pix}
	labels := &IDXArray{Dims: []int{1}, Uint8: []uint8{1}}
	width := func(keep bool) float64 {
		s, err := emnistSet(imgs, labels, keep)
		if err != nil {
			t.Fatalf("emnistSet(keepStroke %v): %v", keep, err)
		}
		return glyph.Measure(s.Image(0)).Stroke
	}
	if bounded, kept := width(false), width(true); bounded > 4 || kept < 5.5 {
		t.Errorf("stroke width %.2f bounded, %.2f kept; want at most 4 and at least 5.5", bounded, kept)
	}
}
