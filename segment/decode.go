package segment

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // decoders for Decode
	_ "image/jpeg"
	_ "image/png"
	"io"

	_ "golang.org/x/image/webp"
)

// Limits for Decode. A phone photo is 12-50 megapixels; 64 megapixels of
// RGBA is 256 MB, the most a page photo should ever need.
const (
	MaxFileBytes  = 64 << 20
	MaxImagePixel = 64_000_000
)

// Decode reads a JPEG, PNG, GIF or WebP image, refusing files larger than
// MaxFileBytes and images with more than maxPixels pixels (0 means
// MaxImagePixel) before decoding them, so a small file that claims huge
// dimensions (a decompression bomb) costs nothing. JPEG photos are turned
// upright according to their EXIF orientation.
func Decode(r io.Reader, maxPixels int) (image.Image, error) {
	if maxPixels <= 0 {
		maxPixels = MaxImagePixel
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("segment: reading image: %w", err)
	}
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("segment: image file larger than %d MB", MaxFileBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("segment: not a supported image (JPEG, PNG, GIF, WebP): %w", err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, ErrEmpty
	}
	if cfg.Width > maxPixels/cfg.Height {
		return nil, fmt.Errorf("segment: image of %dx%d pixels is larger than the %d megapixel limit",
			cfg.Width, cfg.Height, maxPixels/1_000_000)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("segment: decoding %s: %w", format, err)
	}
	if format == "jpeg" {
		img = Orient(img, Orientation(data))
	}
	return img, nil
}

// Orientation returns the EXIF orientation (1-8) of a JPEG file, or 1 when
// it has none or the data cannot be read. It walks the JPEG markers to the
// APP1 "Exif" segment and reads tag 0x0112 from the TIFF IFD0.
func Orientation(jpeg []byte) int {
	if len(jpeg) < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8 {
		return 1
	}
	p := 2
	for p+4 <= len(jpeg) {
		if jpeg[p] != 0xFF {
			return 1
		}
		marker := jpeg[p+1]
		switch {
		case marker == 0xFF: // a fill byte before a marker
			p++
			continue
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8): // markers without a length
			p += 2
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // image data starts: no EXIF before it
			return 1
		}
		n := int(binary.BigEndian.Uint16(jpeg[p+2:]))
		if n < 2 || p+2+n > len(jpeg) {
			return 1
		}
		seg := jpeg[p+4 : p+2+n]
		if marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00" {
			if o, ok := tiffOrientation(seg[6:]); ok {
				return o
			}
		}
		p += 2 + n
	}
	return 1
}

// tiffOrientation reads the Orientation tag from the first IFD of a TIFF
// structure (the body of an EXIF segment).
func tiffOrientation(t []byte) (int, bool) {
	if len(t) < 8 {
		return 0, false
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0, false
	}
	if bo.Uint16(t[2:]) != 42 {
		return 0, false
	}
	ifd := int(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > len(t) {
		return 0, false
	}
	count := int(bo.Uint16(t[ifd:]))
	for i := 0; i < count; i++ {
		e := ifd + 2 + 12*i // each entry: tag, type, count (4), value (4)
		if e+12 > len(t) {
			return 0, false
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if typ := bo.Uint16(t[e+2:]); typ != 3 { // SHORT
			return 0, false
		}
		o := int(bo.Uint16(t[e+8:]))
		if o < 1 || o > 8 {
			return 0, false
		}
		return o, true
	}
	return 0, false
}

// Orient returns img turned upright for EXIF orientation o: 1 (or an
// unknown value) returns img itself; 2-8 flip and/or rotate it into a new
// image.
func Orient(img image.Image, o int) image.Image {
	if o < 2 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 { // 5-8 swap the axes
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	at := pixelReader(img)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // rotated 180
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored vertically
				dx, dy = x, h-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // camera turned 90 degrees clockwise: rotate the picture clockwise
				dx, dy = h-1-y, x
			case 7: // transversed
				dx, dy = h-1-y, w-1-x
			case 8: // rotate counter-clockwise
				dx, dy = y, w-1-x
			}
			c := at(b.Min.X+x, b.Min.Y+y)
			i := dst.PixOffset(dx, dy)
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = c.R, c.G, c.B, c.A
		}
	}
	return dst
}

// pixelReader returns a fast RGBA accessor for JPEG's YCbCr images and a
// generic one for the rest.
func pixelReader(img image.Image) func(x, y int) color.RGBA {
	if m, ok := img.(*image.YCbCr); ok {
		return func(x, y int) color.RGBA {
			yi, ci := m.YOffset(x, y), m.COffset(x, y)
			r, g, b := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
			return color.RGBA{r, g, b, 255}
		}
	}
	return func(x, y int) color.RGBA {
		return color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
	}
}
