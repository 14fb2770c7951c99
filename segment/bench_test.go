package segment

import (
	"image"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// deepPhoto decodes the course's largest photo, 04_deep.jpg (4032x3024),
// or skips when the data is absent. The data is $INKLING_DATA, else
// ../shared/data next to the module root.
func deepPhoto(b testing.TB) image.Image {
	dir := os.Getenv("INKLING_DATA")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			b.Fatal(err)
		}
		for dir = wd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			if filepath.Dir(dir) == dir {
				b.Skip("no go.mod above the test directory")
			}
		}
		dir = filepath.Join(dir, "..", "shared", "data")
	}
	f, err := os.Open(filepath.Join(dir, "hw5", "images", "04_deep.jpg"))
	if err != nil {
		b.Skipf("course photo not found (%v); set INKLING_DATA", err)
	}
	defer f.Close()
	img, err := Decode(f, 0)
	if err != nil {
		b.Fatal(err)
	}
	return img
}

// BenchmarkSegmentDeep times Segment on the decoded 12-megapixel photo
// (decoding is not included: the browser decodes with its own codecs).
func BenchmarkSegmentDeep(b *testing.B) {
	img := deepPhoto(b)
	b.ReportAllocs()
	for b.Loop() {
		p, err := Segment(img, Config{})
		if err != nil {
			b.Fatal(err)
		}
		for i := range p.Lines {
			for j := range p.Lines[i].Chars {
				p.Crop(&p.Lines[i].Chars[j])
			}
		}
	}
}

// BenchmarkDecodeDeep times decoding the JPEG, for comparison.
func BenchmarkDecodeDeep(b *testing.B) {
	deepPhoto(b) // skip without data
	for b.Loop() {
		deepPhoto(b)
	}
}

// TestSegmentMemory checks that segmenting the 12-megapixel photo keeps the
// heap well under the 200 MB budget (the decoded photo itself is 18 MB).
func TestSegmentMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes a 12-megapixel photo")
	}
	img := deepPhoto(t)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := Segment(img, Config{}); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// TotalAlloc bounds the peak from above: everything Segment allocated.
	if got := after.TotalAlloc - before.TotalAlloc; got > 100<<20 {
		t.Errorf("Segment allocated %d MB; want under 100 MB", got>>20)
	}
}
