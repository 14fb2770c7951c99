package ocr

import (
	"os"
	"path/filepath"
	"testing"

	"inkling/segment"
)

// BenchmarkReadDeep is the whole extraction of the course's largest photo,
// 04_deep.jpg (4032×3024), with the shipped default model: segmentation,
// normalisation of every crop and one batched recognition. Decoding the JPEG
// is outside the loop (the browser decodes with its own codecs;
// segment.BenchmarkDecodeDeep times Go's decoder).
func BenchmarkReadDeep(b *testing.B) {
	f, err := os.Open(filepath.Join(dataDir(b), "hw5", "images", "04_deep.jpg"))
	if err != nil {
		b.Skipf("course photo not found (%v); set INKLING_DATA", err)
	}
	img, err := segment.Decode(f, 0)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	r := testReader(b)
	b.ReportAllocs()
	for b.Loop() {
		res, err := r.Read(img)
		if err != nil {
			b.Fatal(err)
		}
		if n := len(res.Lines); n != 3 { // the photo has three lines of handwriting
			b.Fatalf("Read found %d lines; want 3", n)
		}
	}
}
