package glyph

import (
	"math"

	"golang.org/x/image/draw"
)

// kernel is the resampling filter: Catmull-Rom, sharp like the bicubic
// resizing the course data went through, and widened by the scale factor
// when shrinking, so it low-pass filters instead of aliasing.
var kernel = draw.CatmullRom

// taps are the source pixels, and their weights, that make up one output
// pixel along one axis.
type taps struct {
	first int       // index of the first source pixel
	w     []float32 // weights of source pixels first, first+1, ...
}

// weights returns the taps of m output pixels taken from n source pixels
// with kernel k, where the centre of output pixel x lies at the source
// coordinate origin + (x+0.5)/scale (source pixel i spans [i, i+1)). This is
// how x/image/draw's Kernel.Scale weighs pixels (newDistrib in
// x/image/draw/scale.go), generalised to a sub-pixel origin; unlike
// Kernel.Scale, source pixels beyond the border count as paper (zero)
// rather than being left out. TestResampleMatchesDraw checks the two.
func weights(sc *scratch, k *draw.Kernel, m, n int, origin, scale float64) []taps {
	half, arg := k.Support, 1.0
	if scale < 1 { // shrinking: widen the kernel to cover every source pixel
		half /= scale
		arg = scale
	}
	out := sc.tapSlice(m)
	for x := range out {
		centre := origin + (float64(x)+0.5)/scale - 0.5 // in pixel-index units
		lo := int(math.Floor(centre - half))
		hi := int(math.Ceil(centre + half))
		i, j := max(lo, 0), max(min(hi, n), max(lo, 0))
		w := sc.float32s(j - i)
		var total float64
		for c := lo; c < hi; c++ {
			t := math.Abs((centre - float64(c)) * arg)
			if t >= k.Support {
				continue
			}
			v := k.At(t)
			total += v
			if c >= i && c < j {
				w[c-i] = float32(v)
			}
		}
		for c := range w {
			w[c] /= float32(total)
		}
		out[x] = taps{first: i, w: w}
	}
	return out
}

// resampler maps a w×h source image to an m×m output: the centre of
// output pixel (x, y) lies at the source point (ox + (x+0.5)/scale,
// oy + (y+0.5)/scale). It keeps the kernel weights, so images of the same
// geometry are resampled without recomputing them.
type resampler struct {
	w, h, m int
	tx, ty  []taps
}

func newResampler(sc *scratch, w, h, m int, ox, oy, scale float64) *resampler {
	return &resampler{w: w, h: h, m: m,
		tx: weights(sc, kernel, m, w, ox, scale),
		ty: weights(sc, kernel, m, h, oy, scale),
	}
}

// resample filters src (w×h, row-major, 0 = paper, also beyond the
// border) with kernel, separably in float32, and clamps the result to [0, 1].
func (r *resampler) resample(sc *scratch, src []float32) []float32 {
	w, m := r.w, r.m
	// The source rows that any output row reads.
	r0, r1 := r.h, 0
	for _, t := range r.ty {
		if len(t.w) > 0 {
			r0, r1 = min(r0, t.first), max(r1, t.first+len(t.w))
		}
	}
	tmp := sc.float32s(r.h * m) // (h rows, m columns): src resampled along x
	inked := sc.intSlice(r.h)   // 1 for the rows of src that hold ink, whose rows of tmp are not all zero
	// Products with paper pixels are ±0, and adding ±0 to a sum that started at +0 changes nothing
	// (a sum is never -0: exact cancellation rounds to +0). So each output pixel sums only the taps
	// over the row's ink span, rows of paper are skipped in both passes, and the result is the same to
	// the bit as summing every tap.
	for y := r0; y < r1; y++ {
		row := src[y*w : (y+1)*w]
		a, b := inkSpan(row)
		if a == b {
			continue
		}
		inked[y] = 1
		out := tmp[y*m : (y+1)*m]
		for x, t := range r.tx {
			lo, hi := max(t.first, a), min(t.first+len(t.w), b)
			if lo >= hi {
				continue // only paper under the taps: tmp is already zero
			}
			// Slicing the pixels to the taps' length lets the compiler drop the bounds checks
			// from the inner loop, the hottest of Normalize.
			wt := t.w[lo-t.first : hi-t.first]
			px := row[lo:][:len(wt)]
			var s float32
			for k, c := range wt {
				s += c * px[k]
			}
			out[x] = s
		}
	}
	dst := sc.float32s(m * m)
	for y, t := range r.ty {
		out := dst[y*m : (y+1)*m]
		for k, wt := range t.w {
			if wt == 0 || inked[t.first+k] == 0 {
				continue
			}
			in := tmp[(t.first+k)*m:][:len(out)]
			for x, v := range in {
				out[x] += wt * v
			}
		}
	}
	for i, v := range dst {
		dst[i] = clamp01(v)
	}
	return dst
}

// resample returns src (w×h) resampled to m×m with a one-off resampler.
func resample(sc *scratch, src []float32, w, h, m int, ox, oy, scale float64) []float32 {
	return newResampler(sc, w, h, m, ox, oy, scale).resample(sc, src)
}

// inkSpan returns the half-open range [a, b) from the first to the last non-zero value of row; a == b
// when the row is all paper.
func inkSpan(row []float32) (a, b int) {
	for a < len(row) && row[a] == 0 {
		a++
	}
	if a == len(row) {
		return 0, 0
	}
	b = len(row)
	for row[b-1] == 0 {
		b--
	}
	return a, b
}
