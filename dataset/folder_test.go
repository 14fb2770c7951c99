package dataset

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/bmp"
)

// solidPNG encodes a w×h image of one colour.
func solidPNG(t testing.TB, w, h int, c color.RGBA) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testFolder writes dir/<class>/<n>.png for classes "2" and "10" (so that
// numeric ordering matters), 3 images each of the class's grey level, plus a
// corrupt JPEG and a truncated one in class "10", and a text file to ignore.
func testFolder(t *testing.T) (dir string, bad []string) {
	dir = t.TempDir()
	for _, c := range []string{"2", "10"} {
		os.MkdirAll(filepath.Join(dir, c), 0o755)
		for i := range 3 {
			v := uint8(20 * (i + 1))
			if c == "10" {
				v += 100
			}
			os.WriteFile(filepath.Join(dir, c, string(rune('a'+i))+".png"), solidPNG(t, 6, 4, color.RGBA{v, v, v, 255}), 0o644)
		}
	}
	var j bytes.Buffer
	jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 16, 16)), nil)
	bad = []string{filepath.Join(dir, "10", "corrupt.jpg"), filepath.Join(dir, "10", "truncated.jpg")}
	os.WriteFile(bad[0], []byte("not a jpeg at all"), 0o644)
	os.WriteFile(bad[1], j.Bytes()[:j.Len()/2], 0o644)
	os.WriteFile(filepath.Join(dir, "10", "notes.txt"), []byte("ignore me"), 0o644)
	return dir, bad
}

func TestImageFolder(t *testing.T) {
	dir, _ := testFolder(t)
	s, err := ImageFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2", "10"}; !slices.Equal(s.Classes, want) {
		t.Errorf("Classes = %v; want %v (numeric order)", s.Classes, want)
	}
	// 3 + 3 good images and the 2 bad JPEGs; the .txt is not an image.
	if s.Len() != 8 {
		t.Errorf("Len() = %d; want 8: %v", s.Len(), s.Names)
	}
	if _, err := ImageFolder(filepath.Join(dir, "2")); err == nil {
		t.Error("ImageFolder(folder without class folders) = nil error")
	}
}

// TestLoaderSkipsCorrupt: bad files are skipped, named once and counted;
// every good image arrives once, in the requested order.
func TestLoaderSkipsCorrupt(t *testing.T) {
	dir, bad := testFolder(t)
	s, err := ImageFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	var warn bytes.Buffer
	l := &Loader{Set: s, Prep: Preprocess{Size: 4}, Workers: 2, Warn: &warn}
	order := []int{7, 6, 5, 4, 3, 2, 1, 0}
	for epoch := range 2 { // the second epoch must not warn again
		ch, err := l.Batches(context.Background(), order, 3, uint64(epoch))
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for b := range ch {
			if len(b.X) != b.Len()*3*4*4 {
				t.Errorf("batch of %d images has %d values", b.Len(), len(b.X))
			}
			got = append(got, b.Index...)
		}
		var want []int
		for _, i := range order {
			if !strings.HasSuffix(s.Names[i], ".jpg") {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("epoch %d: images %v; want %v", epoch, got, want)
		}
	}
	if l.Skipped() != 2 {
		t.Errorf("Skipped() = %d; want 2", l.Skipped())
	}
	for _, b := range bad {
		if strings.Count(warn.String(), b) != 1 {
			t.Errorf("warnings %q do not name %s exactly once", warn.String(), b)
		}
	}
}

// TestLoaderDeterministic: random crops and flips do not depend on the
// number of workers.
func TestLoaderDeterministic(t *testing.T) {
	dir, _ := testFolder(t)
	s, _ := ImageFolder(dir)
	load := func(workers int) []float32 {
		l := &Loader{Set: s, Prep: Preprocess{Size: 3, Resize: 5, Pad: 1, RandomCrop: true, Flip: true}, Workers: workers, Warn: &bytes.Buffer{}}
		b, err := l.LoadAll(2, 42)
		if err != nil {
			t.Fatal(err)
		}
		return b.X
	}
	if a, b := load(1), load(3); !slices.Equal(a, b) {
		t.Error("LoadAll with 1 and 3 workers differ")
	}
}

func TestPreprocess(t *testing.T) {
	// A 2×2 image: left column red (200, 10, 0), right column blue (0, 10, 100).
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	for y := range 2 {
		img.SetRGBA(0, y, color.RGBA{200, 10, 0, 255})
		img.SetRGBA(1, y, color.RGBA{0, 10, 100, 255})
	}
	for _, tc := range []struct {
		name string
		p    Preprocess
		want []float32 // 3 planes of 2×2
	}{
		{"plain", Preprocess{Size: 2}, []float32{200, 0, 200, 0, 10, 10, 10, 10, 0, 100, 0, 100}},
		{"mirror", Preprocess{Size: 2, Mirror: true}, []float32{0, 200, 0, 200, 10, 10, 10, 10, 100, 0, 100, 0}},
		{"BGR minus mean", Preprocess{Size: 2, BGR: true, Mean: [3]float32{100, 10, 50}},
			[]float32{-100, 0, -100, 0, 0, 0, 0, 0, 150, -50, 150, -50}},
		{"scaled to ±1", Preprocess{Size: 2, Scale: 1 / 127.5, Mean: [3]float32{1, 1, 1}},
			[]float32{200/127.5 - 1, -1, 200/127.5 - 1, -1, 10/127.5 - 1, 10/127.5 - 1, 10/127.5 - 1, 10/127.5 - 1, -1, 100/127.5 - 1, -1, 100/127.5 - 1}},
		{"padded centre", Preprocess{Size: 2, Pad: 1, Std: [3]float32{2, 2, 2}}, // span 2: window at (1,1) = the image
			[]float32{100, 0, 100, 0, 5, 5, 5, 5, 0, 50, 0, 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := make([]float32, tc.p.Width())
			tc.p.Apply(got, img, nil)
			for i := range got {
				if d := got[i] - tc.want[i]; d > 1e-5 || d < -1e-5 {
					t.Fatalf("Apply = %v; want %v", got, tc.want)
				}
			}
		})
	}
}

func TestImageZipAndFileList(t *testing.T) {
	dir := t.TempDir()
	zp := filepath.Join(dir, "set.zip")
	f, _ := os.Create(zp)
	zw := zip.NewWriter(f)
	for _, name := range []string{"test/cat/0001.png", "test/airplane/0000.png", "test/cat/0000.png"} {
		w, _ := zw.Create(name)
		w.Write(solidPNG(t, 2, 2, color.RGBA{1, 2, 3, 255}))
	}
	zw.Close()
	f.Close()
	s, closer, err := ImageZip(zp)
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	if !slices.Equal(s.Classes, []string{"airplane", "cat"}) || !slices.Equal(s.Labels, []int{0, 1, 1}) {
		t.Errorf("ImageZip: classes %v labels %v; want [airplane cat] [0 1 1]", s.Classes, s.Labels)
	}
	if _, err := s.Decode(2); err != nil {
		t.Errorf("Decode(zip entry): %v", err)
	}

	os.WriteFile(filepath.Join(dir, "a.png"), solidPNG(t, 2, 2, color.RGBA{}), 0o644)
	os.WriteFile(filepath.Join(dir, "files.txt"), []byte("a.png\na.png\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "labels.txt"), []byte("1\n0\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("1\n7\n"), 0o644)
	fl, err := ImageFileList(dir, filepath.Join(dir, "files.txt"), filepath.Join(dir, "labels.txt"), []string{"x", "y"})
	if err != nil || !slices.Equal(fl.Labels, []int{1, 0}) {
		t.Errorf("ImageFileList = %v, %v; want labels [1 0]", fl, err)
	}
	if _, err := ImageFileList(dir, filepath.Join(dir, "files.txt"), filepath.Join(dir, "bad.txt"), []string{"x", "y"}); err == nil {
		t.Error("ImageFileList with label 7 of 2 classes = nil error")
	}
}

func TestDecoded(t *testing.T) {
	dir, bad := testFolder(t)
	s, _ := ImageFolder(dir)
	var warn bytes.Buffer
	d := s.Decoded(0, &warn)
	if d.Len() != 6 || !strings.Contains(warn.String(), bad[0]) || !strings.Contains(warn.String(), bad[1]) {
		t.Errorf("Decoded: %d images, warnings %q; want 6 and both bad files named", d.Len(), warn.String())
	}
	img, err := d.Decode(5)
	if err != nil || img.Bounds().Dx() != 6 {
		t.Errorf("Decode(5) = %v, %v; want a 6×4 image", img.Bounds(), err)
	}
	if img, _ := s.Decoded(3, &warn).Decode(0); img.Bounds() != image.Rect(0, 0, 3, 3) {
		t.Errorf("Decoded(3) gives a %v image; want 3×3", img.Bounds())
	}
}

// TestBMPNamedJPEG: images are decoded by content, so a BMP named .jpg
// (as in the SUN subset) is read, not skipped.
func TestBMPNamedJPEG(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "a"), 0o755)
	var b bytes.Buffer
	if err := bmp.Encode(&b, image.NewRGBA(image.Rect(0, 0, 5, 3))); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "a", "x.jpg"), b.Bytes(), 0o644)
	s, err := ImageFolder(dir)
	if err != nil {
		t.Fatal(err)
	}
	if img, err := s.Decode(0); err != nil || img.Bounds().Dx() != 5 {
		t.Errorf("Decode(BMP named .jpg) = %v, %v; want a 5×3 image", img, err)
	}
}
