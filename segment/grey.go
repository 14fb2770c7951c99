package segment

import (
	"image"
	"image/color"
	"math"
)

// Grey returns a grey copy of src shrunk by area averaging so that it holds
// at most maxPixels pixels (it is never enlarged). Transparent pixels are
// composited over white paper. The returned image's bounds start at (0, 0).
func Grey(src image.Image, maxPixels int) *image.Gray {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= 0 || h <= 0 {
		return image.NewGray(image.Rect(0, 0, 0, 0))
	}
	dw, dh := w, h
	if maxPixels > 0 && w*h > maxPixels {
		s := math.Sqrt(float64(w) * float64(h) / float64(maxPixels))
		dw = max(1, int(float64(w)/s))
		dh = max(1, int(float64(h)/s))
	}
	dst := image.NewGray(image.Rect(0, 0, dw, dh))
	row := make([]uint8, w)   // luma of one source row
	sums := make([]uint32, w) // column sums over the source rows of one dst row
	xs := make([]int, dw+1)   // xs[x] is the first source column of dst column x
	for x := range xs {
		xs[x] = x * w / dw
	}
	read := lumaReader(src)
	direct, _ := src.(*image.YCbCr) // JPEG: sum the luma plane in place
	for y := 0; y < dh; y++ {
		sy0, sy1 := y*h/dh, (y+1)*h/dh
		clear(sums)
		for sy := sy0; sy < sy1; sy++ {
			r := row
			if direct != nil {
				i := direct.YOffset(b.Min.X, b.Min.Y+sy)
				r = direct.Y[i : i+w]
			} else {
				read(row, b.Min.Y+sy)
			}
			for i, v := range r {
				sums[i] += uint32(v)
			}
		}
		n := uint32(sy1 - sy0)
		out := dst.Pix[y*dst.Stride : y*dst.Stride+dw]
		for x := range out {
			var s uint32
			for _, v := range sums[xs[x]:xs[x+1]] {
				s += v
			}
			cnt := n * uint32(xs[x+1]-xs[x])
			out[x] = uint8((s + cnt/2) / cnt)
		}
	}
	return dst
}

// lumaReader returns a function that fills row with the luma of source row y.
// Common decoder outputs get fast paths; anything else goes through At.
func lumaReader(src image.Image) func(row []uint8, y int) {
	b := src.Bounds()
	switch m := src.(type) {
	case *image.Gray:
		return func(row []uint8, y int) {
			i := m.PixOffset(b.Min.X, y)
			copy(row, m.Pix[i:i+len(row)])
		}
	case *image.YCbCr:
		return func(row []uint8, y int) {
			i := m.YOffset(b.Min.X, y)
			copy(row, m.Y[i:i+len(row)])
		}
	case *image.RGBA:
		return func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range row {
				r, g, bl, a := uint32(p[4*x]), uint32(p[4*x+1]), uint32(p[4*x+2]), uint32(p[4*x+3])
				// Premultiplied: add the white paper showing through.
				row[x] = luma8(r+255-a, g+255-a, bl+255-a)
			}
		}
	case *image.NRGBA:
		return func(row []uint8, y int) {
			p := m.Pix[m.PixOffset(b.Min.X, y):]
			for x := range row {
				a := uint32(p[4*x+3])
				l := uint32(luma8(uint32(p[4*x]), uint32(p[4*x+1]), uint32(p[4*x+2])))
				row[x] = uint8((l*a + 255*(255-a) + 127) / 255)
			}
		}
	}
	return func(row []uint8, y int) {
		for x := range row {
			r, g, bl, a := src.At(b.Min.X+x, y).RGBA()
			// 16-bit premultiplied: add the white paper showing through.
			c := color.RGBA64{uint16(r + 0xffff - a), uint16(g + 0xffff - a), uint16(bl + 0xffff - a), 0xffff}
			row[x] = color.GrayModel.Convert(c).(color.Gray).Y
		}
	}
}

// luma8 is color.GrayModel's weighting (ITU-R 601) on 8-bit channels.
func luma8(r, g, b uint32) uint8 {
	return uint8((19595*min(r, 255) + 38470*min(g, 255) + 7471*min(b, 255) + 1<<15) >> 16)
}
