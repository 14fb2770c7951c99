package dataset

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// cifarRecordBytes builds one record: label, then R, G, B planes where pixel
// i of plane c holds (i + 50·c) mod 256.
func cifarRecordBytes(label byte) []byte {
	b := []byte{label}
	for c := range 3 {
		for i := range 1024 {
			b = append(b, byte(i+50*c))
		}
	}
	return b
}

func TestReadCIFAR10(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "data_batch_1.bin")
	b := filepath.Join(dir, "data_batch_2.bin")
	os.WriteFile(a, append(cifarRecordBytes(3), cifarRecordBytes(9)...), 0o644)
	os.WriteFile(b, cifarRecordBytes(0), 0o644)
	s, err := ReadCIFAR10(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.Labels, []int{3, 9, 0}) || s.Names[2] != "data_batch_2.bin#0" {
		t.Errorf("ReadCIFAR10: labels %v names %v; want [3 9 0], data_batch_2.bin#0 last", s.Labels, s.Names)
	}
	img, err := s.Decode(1)
	if err != nil {
		t.Fatal(err)
	}
	// Pixel (x=5, y=2) is plane index 2·32+5 = 69: R 69, G 119, B 169.
	r, g, bl, _ := img.At(5, 2).RGBA()
	if r>>8 != 69 || g>>8 != 119 || bl>>8 != 169 || img.Bounds() != image.Rect(0, 0, 32, 32) {
		t.Errorf("pixel (5,2) = %d %d %d in %v; want 69 119 169 in 32×32", r>>8, g>>8, bl>>8, img.Bounds())
	}
	// It feeds the Loader like any other set.
	l := &Loader{Set: s, Prep: Preprocess{Size: 32}, Workers: 2}
	all, err := l.LoadAll(2, 1)
	if err != nil || all.Len() != 3 || all.X[69] != 69 || all.X[1024+69] != 119 {
		t.Errorf("LoadAll = %d images, err %v; want 3 with the planes intact", all.Len(), err)
	}
}

func TestReadCIFAR10Errors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"short record", cifarRecordBytes(1)[:3000], "record 0 is 3000 bytes"},
		{"bad label", cifarRecordBytes(10), "label 10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name+".bin")
			os.WriteFile(p, tc.data, 0o644)
			_, err := ReadCIFAR10(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Errorf("ReadCIFAR10(%s) error = %v; want one naming the file and %q", tc.name, err, tc.want)
			}
		})
	}
	if _, err := ReadCIFAR10(filepath.Join(dir, "missing.bin")); err == nil {
		t.Error("ReadCIFAR10(missing file) = nil error")
	}
}

func FuzzReadCIFARRecords(f *testing.F) {
	f.Add(cifarRecordBytes(2))
	f.Fuzz(func(t *testing.T, b []byte) {
		imgs, labels, err := readCIFARRecords(bytes.NewReader(b), nil, nil)
		if err == nil && (len(imgs) != len(labels) || len(b) != len(imgs)*cifarRecord) {
			t.Errorf("%d bytes gave %d images, %d labels", len(b), len(imgs), len(labels))
		}
	})
}
