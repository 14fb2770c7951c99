package segment

import "image"

// Dilate writes into dst the mask src grown by a (2r+1)x(2r+1) square:
// a pixel is ink if any pixel within r (in both x and y) is ink.
// dst and src must have the same bounds and must not be the same image.
func Dilate(dst, src *image.Gray, r int) { morph(dst, src, r, 255) }

// Erode writes into dst the mask src shrunk by a (2r+1)x(2r+1) square:
// a pixel stays ink only if every pixel within r is ink. Pixels outside the
// image are ignored, so ink touching the border is not eaten from outside.
func Erode(dst, src *image.Gray, r int) { morph(dst, src, r, 0) }

// Close is a dilation followed by an erosion with the same square: it fills
// gaps and breaks narrower than 2r+1 pixels without growing the strokes.
func Close(dst, src *image.Gray, r int) {
	tmp := image.NewGray(src.Rect)
	Dilate(tmp, src, r)
	Erode(dst, tmp, r)
}

// morph runs the separable square filter: the output is `hit` where any
// pixel of the window equals hit, and the other value elsewhere.
func morph(dst, src *image.Gray, r int, hit uint8) {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if r <= 0 {
		for y := 0; y < h; y++ {
			copy(dst.Pix[y*dst.Stride:y*dst.Stride+w], src.Pix[y*src.Stride:y*src.Stride+w])
		}
		return
	}
	miss := 255 - hit
	tmp := make([]uint8, w*h) // horizontal pass, (h, w)
	for y := 0; y < h; y++ {
		in := src.Pix[y*src.Stride : y*src.Stride+w]
		out := tmp[y*w : (y+1)*w]
		last := -1 << 30 // column of the last hit seen so far
		// Sweep with a look-ahead of r: out[x] is hit if a hit lies in [x-r, x+r].
		for x := 0; x < w+r; x++ {
			if x < w && in[x] == hit {
				last = x
			}
			if ox := x - r; ox >= 0 {
				if ox-last <= r && last-ox <= r {
					out[ox] = hit
				} else {
					out[ox] = miss
				}
			}
		}
	}
	lastRow := make([]int, w) // row of the last hit seen in each column
	for x := range lastRow {
		lastRow[x] = -1 << 30
	}
	for y := 0; y < h+r; y++ {
		if y < h {
			row := tmp[y*w : (y+1)*w]
			for x, v := range row {
				if v == hit {
					lastRow[x] = y
				}
			}
		}
		oy := y - r
		if oy < 0 {
			continue
		}
		out := dst.Pix[oy*dst.Stride : oy*dst.Stride+w]
		for x := range out {
			if oy-lastRow[x] <= r && lastRow[x]-oy <= r {
				out[x] = hit
			} else {
				out[x] = miss
			}
		}
	}
}

// StrokeWidth estimates the pen width in pixels as the median length of
// the horizontal and vertical ink runs of mask: across a stroke a run is as
// long as the pen is wide, along it runs are long but few. It returns 0 for
// a mask without ink.
func StrokeWidth(mask *image.Gray) int {
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	var runs [256]int // runs[n]: how many runs of length n (longer ones count as 255)
	total := 0
	for y := 0; y < h; y++ {
		row := mask.Pix[y*mask.Stride : y*mask.Stride+w]
		n := 0
		for _, v := range row {
			if v != 0 {
				n++
			} else if n > 0 {
				runs[min(n, 255)]++
				total++
				n = 0
			}
		}
		if n > 0 {
			runs[min(n, 255)]++
			total++
		}
	}
	for x := 0; x < w; x++ {
		n := 0
		for y := 0; y < h; y++ {
			if mask.Pix[y*mask.Stride+x] != 0 {
				n++
			} else if n > 0 {
				runs[min(n, 255)]++
				total++
				n = 0
			}
		}
		if n > 0 {
			runs[min(n, 255)]++
			total++
		}
	}
	if total == 0 {
		return 0
	}
	return int(percentile(&runs, total, 0.5))
}
