package segment

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"time"
)

// exifJPEG returns a small JPEG whose APP1 segment holds orientation o in
// the given byte order ("II" or "MM").
func exifJPEG(t testing.TB, w, h, o int, order string) []byte {
	var img bytes.Buffer
	if err := jpeg.Encode(&img, image.NewGray(image.Rect(0, 0, w, h)), nil); err != nil {
		t.Fatal(err)
	}
	var bo binary.AppendByteOrder = binary.LittleEndian
	if order == "MM" {
		bo = binary.BigEndian
	}
	tiff := []byte(order)
	tiff = bo.AppendUint16(tiff, 42)
	tiff = bo.AppendUint32(tiff, 8)      // IFD0 right after the header
	tiff = bo.AppendUint16(tiff, 2)      // two entries
	tiff = bo.AppendUint16(tiff, 0x010F) // Make, to be skipped
	tiff = bo.AppendUint16(tiff, 2)
	tiff = bo.AppendUint32(tiff, 4)
	tiff = append(tiff, 'G', 'o', 0, 0)
	tiff = bo.AppendUint16(tiff, 0x0112) // Orientation, SHORT, 1 value
	tiff = bo.AppendUint16(tiff, 3)
	tiff = bo.AppendUint32(tiff, 1)
	tiff = bo.AppendUint16(tiff, uint16(o))
	tiff = append(tiff, 0, 0)
	tiff = bo.AppendUint32(tiff, 0) // no next IFD
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, img.Bytes()[2:]...) // the encoder's JPEG without its SOI
}

func TestOrientation(t *testing.T) {
	for _, order := range []string{"II", "MM"} {
		for o := 1; o <= 8; o++ {
			if got := Orientation(exifJPEG(t, 4, 2, o, order)); got != o {
				t.Errorf("Orientation(%s, %d) = %d; want %d", order, o, got, o)
			}
		}
	}
	var plain bytes.Buffer
	jpeg.Encode(&plain, image.NewGray(image.Rect(0, 0, 3, 3)), nil)
	for name, data := range map[string][]byte{"no EXIF": plain.Bytes(), "empty": nil, "PNG magic": []byte("\x89PNG\r\n")} {
		if got := Orientation(data); got != 1 {
			t.Errorf("Orientation(%s) = %d; want 1", name, got)
		}
	}
}

func TestOrient(t *testing.T) {
	// A 3x2 image whose pixels are numbered 1..6 row by row:
	//   1 2 3
	//   4 5 6
	src := image.NewGray(image.Rect(0, 0, 3, 2))
	copy(src.Pix, []uint8{1, 2, 3, 4, 5, 6})
	tests := []struct {
		o    int
		w, h int
		want []uint8 // rows of the upright picture
	}{
		{1, 3, 2, []uint8{1, 2, 3, 4, 5, 6}},
		{2, 3, 2, []uint8{3, 2, 1, 6, 5, 4}},
		{3, 3, 2, []uint8{6, 5, 4, 3, 2, 1}},
		{4, 3, 2, []uint8{4, 5, 6, 1, 2, 3}},
		{5, 2, 3, []uint8{1, 4, 2, 5, 3, 6}},
		{6, 2, 3, []uint8{4, 1, 5, 2, 6, 3}},
		{7, 2, 3, []uint8{6, 3, 5, 2, 4, 1}},
		{8, 2, 3, []uint8{3, 6, 2, 5, 1, 4}},
	}
	for _, tt := range tests {
		got := Orient(src, tt.o)
		if b := got.Bounds(); b.Dx() != tt.w || b.Dy() != tt.h {
			t.Errorf("Orient(%d) bounds = %v; want %dx%d", tt.o, b, tt.w, tt.h)
			continue
		}
		for i, v := range tt.want {
			c := color.GrayModel.Convert(got.At(i%tt.w, i/tt.w)).(color.Gray).Y
			if c != v {
				t.Errorf("Orient(%d) pixel (%d,%d) = %d; want %d", tt.o, i%tt.w, i/tt.w, c, v)
			}
		}
	}
}

// pngHeader returns a PNG that claims w x h pixels: a valid IHDR and
// nothing else.
func pngHeader(w, h uint32) []byte {
	out := []byte("\x89PNG\r\n\x1a\n")
	ihdr := []byte("IHDR")
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit RGB
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

func TestDecodeBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"text", []byte("hello, this is not an image")},
		{"empty", nil},
		{"bomb", pngHeader(20000, 20000)},
		{"truncated PNG", pngHeader(10, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			img, err := Decode(bytes.NewReader(tt.data), 0)
			if err == nil {
				t.Fatalf("Decode(%s) = %v; want an error", tt.name, img.Bounds())
			}
			// A second is orders of magnitude more than refusing a header takes.
			if d := time.Since(start); d > time.Second {
				t.Errorf("Decode(%s) took %v", tt.name, d)
			}
		})
	}
}

func TestDecodeOrients(t *testing.T) {
	img, err := Decode(bytes.NewReader(exifJPEG(t, 8, 4, 6, "II")), 0)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 4 || b.Dy() != 8 {
		t.Errorf("Decode(8x4 JPEG, orientation 6) bounds = %v; want 4x8", b)
	}
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 5, 3)))
	img, err = Decode(&buf, 0)
	if err != nil || img.Bounds().Dx() != 5 {
		t.Errorf("Decode(5x3 PNG) = %v, %v; want a 5x3 image", img, err)
	}
}

func FuzzOrientation(f *testing.F) {
	f.Add(exifJPEG(f, 2, 2, 6, "II"))
	f.Add(exifJPEG(f, 2, 2, 3, "MM"))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02})
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := Orientation(data); o < 1 || o > 8 {
			t.Errorf("Orientation = %d; want 1..8", o)
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add(exifJPEG(f, 3, 2, 8, "MM"))
	f.Add(pngHeader(20000, 20000))
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 4, 4)))
	f.Add(buf.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := Decode(bytes.NewReader(data), 1<<20) // a megapixel keeps fuzzing fast
		if err == nil {
			if b := img.Bounds(); b.Dx()*b.Dy() > 1<<20 {
				t.Errorf("Decode gave %v, over the limit", b)
			}
			Segment(img, Config{}) // must not panic
		}
	})
}
