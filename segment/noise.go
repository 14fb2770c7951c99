package segment

import "image"

// Noise estimates the standard deviation of additive pixel noise in g, in
// grey levels. It convolves g with Immerkær's Laplacian-difference mask
//
//	 1 -2  1
//	-2  4 -2
//	 1 -2  1
//
// which cancels smooth image content, and takes the median absolute response,
// so that the few strong responses on ink edges do not count. For Gaussian
// noise the response has standard deviation 6σ (the mask's squared weights sum
// to 36), and the median of its absolute value is 0.6745 times that.
func Noise(g *image.Gray) float64 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 3 || h < 3 {
		return 0
	}
	const maxResp = 16 * 255 // the mask's absolute weights sum to 16
	var hist [maxResp + 1]int
	n := 0
	for y := 1; y < h-1; y++ {
		up := g.Pix[(y-1)*g.Stride:]
		mid := g.Pix[y*g.Stride:]
		dn := g.Pix[(y+1)*g.Stride:]
		for x := 1; x < w-1; x++ {
			v := int(up[x-1]) - 2*int(up[x]) + int(up[x+1]) -
				2*int(mid[x-1]) + 4*int(mid[x]) - 2*int(mid[x+1]) +
				int(dn[x-1]) - 2*int(dn[x]) + int(dn[x+1])
			if v < 0 {
				v = -v
			}
			hist[v]++
			n++
		}
	}
	half, acc := n/2, 0
	for v, c := range hist {
		acc += c
		if acc > half {
			return float64(v) / (0.6745 * 6)
		}
	}
	return 0
}

// Blur writes a (2r+1)x(2r+1) box blur of src into dst, which must have the
// same bounds. Edges are handled by averaging only the pixels inside.
func Blur(dst, src *image.Gray, r int) {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if r <= 0 {
		copy(dst.Pix, src.Pix)
		return
	}
	tmp := make([]uint16, w*h) // horizontal sums, (h, w)
	cnt := make([]uint16, w)   // how many pixels each horizontal sum holds
	for x := 0; x < w; x++ {
		cnt[x] = uint16(min(x+r, w-1) - max(x-r, 0) + 1)
	}
	for y := 0; y < h; y++ {
		row := src.Pix[y*src.Stride : y*src.Stride+w]
		var s int
		for x := 0; x < min(r, w); x++ {
			s += int(row[x])
		}
		for x := 0; x < w; x++ {
			if x+r < w {
				s += int(row[x+r])
			}
			if x-r-1 >= 0 {
				s -= int(row[x-r-1])
			}
			tmp[y*w+x] = uint16(s)
		}
	}
	col := make([]int, w) // running vertical sums of tmp
	for y := 0; y < min(r, h); y++ {
		for x := 0; x < w; x++ {
			col[x] += int(tmp[y*w+x])
		}
	}
	for y := 0; y < h; y++ {
		if y+r < h {
			for x := 0; x < w; x++ {
				col[x] += int(tmp[(y+r)*w+x])
			}
		}
		if y-r-1 >= 0 {
			for x := 0; x < w; x++ {
				col[x] -= int(tmp[(y-r-1)*w+x])
			}
		}
		rows := min(y+r, h-1) - max(y-r, 0) + 1
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x := range out {
			n := rows * int(cnt[x])
			out[x] = uint8((col[x] + n/2) / n)
		}
	}
}
