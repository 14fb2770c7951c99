package segment

import "image"

// Histogram counts the grey levels of g.
func Histogram(g *image.Gray) (hist [256]int) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			hist[v]++
		}
	}
	return hist
}

// Otsu returns the threshold t that best splits hist into two classes,
// levels <= t and levels > t, by maximising the between-class variance
// (Otsu 1979). It also returns the two class means, so callers can tell
// whether there is any contrast to split at all.
func Otsu(hist *[256]int) (t uint8, darkMean, lightMean float64) {
	var total, sum float64
	for v, c := range hist {
		total += float64(c)
		sum += float64(v) * float64(c)
	}
	if total == 0 {
		return 0, 0, 0
	}
	var w0, s0, best float64
	found := false
	for v := 0; v < 255; v++ {
		w0 += float64(hist[v])
		s0 += float64(v) * float64(hist[v])
		w1 := total - w0
		if w0 == 0 || w1 == 0 {
			continue
		}
		m0, m1 := s0/w0, (sum-s0)/w1
		between := w0 * w1 * (m0 - m1) * (m0 - m1)
		if !found || between > best {
			best, found = between, true
			t, darkMean, lightMean = uint8(v), m0, m1
		}
	}
	if !found { // a single grey level
		m := sum / total
		return uint8(m), m, m
	}
	return t, darkMean, lightMean
}

// Threshold writes a mask into dst (same bounds as src): 255 (ink) where
// src <= t and 0 (paper) elsewhere.
func Threshold(dst, src *image.Gray, t uint8) {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	for y := 0; y < h; y++ {
		in := src.Pix[y*src.Stride : y*src.Stride+w]
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		for x, v := range in {
			if v <= t {
				out[x] = 255
			} else {
				out[x] = 0
			}
		}
	}
}
