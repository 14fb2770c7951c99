package glyph

import (
	"image"
	"math"
	"slices"
)

// Calibration against the course's own 32×32 letters (nist26_valid.mat,
// 1300 images, measured with Measure; dataset's TestGlyphStatistics
// prints the comparison):
//   - ink box side (the longer side of the box of pixels ≥ half ink):
//     p5 19, median 25, p95 31 pixels, centred at (16, 16);
//   - stroke width: p10 2.38, median 2.91, p90 3.65 pixels;
//   - mean ink: median 0.16.
//
// The course's letters were not scaled to one size (their box side spreads
// from 19 to 31 pixels); Normalize scales every glyph to the median, so a
// model trained on its output should see random scaling of about ±20 %.
const (
	// boxSide is the side the longer side of the ink box is scaled to: the median of nist26.
	boxSide = 25
	// minStroke and maxStroke bound the output stroke width: nist26's p10 and p90, rounded.
	// Widths in between are kept, so the natural variation of the training data stays.
	minStroke = 2.4
	maxStroke = 3.6
	// minContrast is the smallest grey-level difference between paper and the
	// darkest pixel (of 255) that counts as ink; less is a blank image.
	minContrast = 40
	// noiseFloor is the ink level (0..1, after stretching the contrast) below
	// which a pixel counts as paper: it removes paper texture and JPEG noise.
	noiseFloor = 0.1
)

// Normalize writes the Size×Size network input for one character into dst
// (len Size*Size, row-major, upright, 1 = paper/white, 0 = ink/black).
// src is a grey image of one character, dark ink on light paper, of any
// size: a 28×28 EMNIST tile inverted, or a crop of a photo.
//
// Normalize stretches the contrast between paper and ink, finds the ink's
// bounding box (to a fraction of a pixel), scales it so that its longer
// side is 25 pixels (aspect kept, centred in the 32×32 frame), and
// resamples with x/image/draw's Catmull-Rom kernel, which low-pass filters
// when it shrinks. It estimates the stroke width as 2·area/perimeter; a
// width outside the range typical of the training data (2.4 to 3.6 output
// pixels) is moved to the nearest end of it by offsetting the ink's outline
// along its distance field, on a grid finer than the output, so that a
// 300-pixel photo crop drawn with a thin pen gives the same strokes as a
// 28-pixel tile. Widths inside the range are kept.
//
// An image without ink (no pixel at least 40 grey levels darker than the
// paper) gives an all-white dst and ok = false. Normalize panics if dst
// has the wrong length.
func Normalize(dst []float32, src *image.Gray) (ok bool) {
	return normalize(dst, src, true)
}

// NormalizeKeepStroke is Normalize without the stroke-width bounds: the
// stroke keeps its width relative to the ink box. It is for sources that all
// come at one known scale, such as EMNIST's 28-pixel tiles, where the
// width is the data's own and carries information: letters in EMNIST are
// written with relatively thicker strokes than digits, which is part of what
// tells O from 0 and I from 1. Inputs of unknown scale (photos, the drawing
// pad) go through Normalize, which brings their widths inside the range
// such tiles cover.
func NormalizeKeepStroke(dst []float32, src *image.Gray) (ok bool) {
	return normalize(dst, src, false)
}

// normalize is Normalize, with the stroke-width bounds when bound is set.
func normalize(dst []float32, src *image.Gray, bound bool) (ok bool) {
	if len(dst) != Size*Size {
		panic("glyph: Normalize dst must have Size*Size elements")
	}
	for i := range dst {
		dst[i] = 1
	}
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	sc.reset()
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	ink := inkMap(sc, src)
	if ink == nil {
		return false
	}
	x0, x1 := inkExtent(columnPeaks(sc, ink, sw, sh))
	y0, y1 := inkExtent(rowPeaks(sc, ink, sw, sh))
	if x1 <= x0 || y1 <= y0 {
		return false
	}

	// Choose the scale and the stroke change (both in source pixels).
	stroke := strokeWidth(sc, ink, sw, sh)
	side := max(x1-x0, y1-y0)
	width := stroke * boxSide / side // output stroke width without a change
	want := width
	if bound {
		want = min(max(width, minStroke), maxStroke)
	}
	if want != width {
		// Moving each edge outwards by d changes the stroke by 2·d and the
		// box side by the same amount, so side - stroke stays fixed:
		// solve side' - want·side'/boxSide = side - stroke for side'.
		side = max((side-stroke)/(1-want/boxSide), 1)
	}
	scale := boxSide / side // output pixels per source pixel
	// The output's pixel centres lie at ox + (x+0.5)/scale in the source:
	// the ink box's centre maps to the output's centre.
	ox := (x0+x1)/2 - Size/2/scale
	oy := (y0+y1)/2 - Size/2/scale

	var out []float32
	if want == width {
		out = resample(sc, ink, sw, sh, Size, ox, oy, scale)
	} else {
		// Move the outline along its distance field on a grid of 1.5 to 4
		// cells per output pixel (the source's own resolution if it lies
		// in between): fine enough that thresholding at half ink loses
		// little, and the soft edge of the redrawn outline is anti-aliased
		// by shrinking to the output.
		frame := Size / scale // source pixels across the output
		grid := min(max(int(math.Round(frame)), 3*Size/2), 4*Size)
		fine := resample(sc, ink, sw, sh, grid, ox, oy, float64(grid)/frame)
		cell := float64(Size) / float64(grid) // output pixels per grid cell
		d0 := math.Abs(want-stroke*scale) / 2 // first offset, output pixels
		// correctStroke moves the outline by at most 3·d0; one more cell
		// covers the soft edge.
		reach := int(math.Ceil(3*d0/cell)) + 1
		sd := signedDistance(sc, fine, grid, grid, want > width, reach)
		shrink := newResampler(sc, grid, grid, Size, 0, 0, cell)
		render := func(d float64) []float32 { // d in output pixels
			return shrink.resample(sc, outline(sc, sd, d/cell))
		}
		out = correctStroke(sc, render, stroke*scale, want)
	}
	for i, v := range out {
		dst[i] = 1 - v
	}
	return true
}

// correctStroke returns render(d) for the edge offset d (in output pixels)
// that gives stroke width want, starting from the width w0 of render(0).
// A stroke grows by 2·d in theory; in practice line ends, soft edges and
// whole pixels make it grow by more or less, so after the first step a few
// secant steps correct d using the measured widths.
func correctStroke(sc *scratch, render func(d float64) []float32, w0, want float64) []float32 {
	const (
		tolerance = 0.1 // pixels of stroke width; the estimate is not more precise
		steps     = 3   // secant steps; the relation is nearly linear, so one or two suffice
	)
	dPrev, wPrev := 0.0, w0
	d0 := (want - w0) / 2
	d := d0
	out := render(d)
	for range steps {
		w := strokeWidth(sc, out, Size, Size)
		if math.Abs(w-want) <= tolerance || math.Abs(w-wPrev) < 1e-3 {
			break
		}
		next := d + (want-w)*(d-dPrev)/(w-wPrev)
		if next*d <= 0 || math.Abs(next) > 3*math.Abs(d0) {
			// Crossing zero would need the other side's distances, and a
			// far step the distances beyond those computed (and means the
			// secant diverges): keep the last step.
			break
		}
		dPrev, wPrev, d = d, w, next
		out = render(d)
	}
	return out
}

// columnPeaks returns the largest ink value of each column of ink (w×h).
func columnPeaks(sc *scratch, ink []float32, w, h int) []float32 {
	p := sc.float32s(w)
	for y := range h {
		for x, v := range ink[y*w : (y+1)*w] {
			if v > p[x] { // ink holds no NaN, so a comparison is max without the built-in's NaN care
				p[x] = v
			}
		}
	}
	return p
}

// rowPeaks returns the largest ink value of each row of ink (w×h).
func rowPeaks(sc *scratch, ink []float32, w, h int) []float32 {
	p := sc.float32s(h)
	for y := range h {
		var m float32 // ink is ≥ 0 and holds no NaN (slices.Max, which checks for NaN, was 7 % of Normalize)
		for _, v := range ink[y*w : (y+1)*w] {
			if v > m {
				m = v
			}
		}
		p[y] = m
	}
	return p
}

// inkExtent returns where the peaks (of columns or rows) first and last
// cross half ink, to a fraction of a pixel: between two pixel centres the
// crossing is interpolated linearly, so a sharp edge falls on the pixel
// border. It returns lo >= hi if no peak reaches half ink.
func inkExtent(peaks []float32) (lo, hi float64) {
	first := slices.IndexFunc(peaks, func(v float32) bool { return v >= 0.5 })
	if first < 0 {
		return 0, 0
	}
	last := len(peaks) - 1
	for peaks[last] < 0.5 {
		last--
	}
	// Pixel i has its centre at i+0.5; beyond the border is paper (0).
	at := func(i int) float64 {
		if i < 0 || i >= len(peaks) {
			return 0
		}
		return float64(peaks[i])
	}
	a, b := at(first-1), at(first)
	lo = float64(first) - 0.5 + (0.5-a)/(b-a)
	a, b = at(last+1), at(last)
	hi = float64(last) + 1.5 - (0.5-a)/(b-a)
	return lo, hi
}

// inkMap returns the ink of src (row-major, 1 = ink, 0 = paper) after
// stretching the contrast between the paper level (the 95th percentile of
// the grey levels) and the darkest pixel, or nil if that contrast is below
// minContrast.
func inkMap(sc *scratch, src *image.Gray) []float32 {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return nil
	}
	var hist [256]int
	for y := range h {
		i := src.PixOffset(b.Min.X, b.Min.Y+y)
		for _, v := range src.Pix[i : i+w] {
			hist[v]++
		}
	}
	darkest := 0
	for hist[darkest] == 0 {
		darkest++
	}
	paper, seen := 0, 0
	for ; paper < 255; paper++ { // the 95th percentile: 95 % of the pixels are no brighter
		seen += hist[paper]
		if seen*100 >= w*h*95 {
			break
		}
	}
	if paper-darkest < minContrast {
		return nil
	}
	var lut [256]float32
	for v := range lut {
		a := float32(paper-v) / float32(paper-darkest)
		lut[v] = clamp01((a - noiseFloor) / (1 - 2*noiseFloor))
	}
	ink := sc.float32s(w * h)
	for y := range h {
		i := src.PixOffset(b.Min.X, b.Min.Y+y)
		for x, v := range src.Pix[i : i+w] {
			ink[y*w+x] = lut[v]
		}
	}
	return ink
}
