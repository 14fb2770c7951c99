package nn

import "inkling/nn/internal/kernel"

// span returns the output positions lo ≤ o < hi, out of [0, out), whose
// input position o·s + shift falls inside [0, n); the others read the zero
// padding. shift is a window offset minus the padding.
func span(n, shift, s, out int) (lo, hi int) {
	if s == 1 { // without the divisions, which cost more than the rest of a call
		lo = min(out, max(0, -shift))
		return lo, max(lo, min(out, n-shift))
	}
	if shift < 0 {
		lo = min(out, (s-1-shift)/s)
	}
	if e := n - 1 - shift; e >= 0 {
		hi = min(out, e/s+1)
	}
	return lo, max(lo, hi)
}

// im2col writes the receptive fields of one image x (C×H×W) into the columns
// off … off+OH·OW of cols, whose rows are ld long: row (c·S+u)·S+v holds, for
// every output pixel, the input pixel under window offset (u, v) of channel c.
// The pixels of one window offset form a rectangle of output rows i0 … i1 and
// columns j0 … j1 framed by zeros where the window hangs over the padding;
// at stride 1 its rows are runs of image pixels.
func im2col[T Float](cols []T, ld, off int, x []T, g ConvShape) {
	oh, ow, s := g.OutH(), g.OutW(), g.Stride
	hw, p := g.H*g.W, oh*ow
	r := 0
	for c := 0; c < g.C; c++ {
		img := x[c*hw : (c+1)*hw]
		if s == 1 && g.Pad == 0 { // whole runs for every offset: one call per window row
			for u := 0; u < g.Size; u++ {
				copyBlocks(cols[r*ld+off:], ow, ld, img[u*g.W:], g.W, 1, ow, oh, g.Size)
				r += g.Size
			}
			continue
		}
		for u := 0; u < g.Size; u++ {
			i0, i1 := span(g.H, u-g.Pad, s, oh)
			for v := 0; v < g.Size; v++ {
				dst := cols[r*ld+off : r*ld+off+p]
				r++
				j0, j1 := span(g.W, v-g.Pad, s, ow)
				if j0 == j1 {
					clear(dst)
					continue
				}
				clear(dst[:i0*ow])
				clear(dst[i1*ow:])
				if j0 > 0 || j1 < ow { // a column or two of padding: plain stores, no memclr calls
					for i := i0; i < i1; i++ {
						out := dst[i*ow : (i+1)*ow]
						for j := range j0 {
							out[j] = 0
						}
						for j := j1; j < ow; j++ {
							out[j] = 0
						}
					}
				}
				if i0 == i1 {
					continue
				}
				src := img[(i0*s+u-g.Pad)*g.W+j0*s+v-g.Pad:] // the pixel under output (i0, j0)
				if s == 1 {
					copyRuns(dst[i0*ow+j0:], ow, src, g.W, j1-j0, i1-i0)
					continue
				}
				for i := i0; i < i1; i++ {
					out, in := dst[i*ow+j0:i*ow+j1], src[(i-i0)*s*g.W:]
					for j := range out {
						out[j] = in[j*s]
					}
				}
			}
		}
	}
}

// col2im is the adjoint of im2col: it adds each column entry back onto the
// input pixel it was copied from, into dx (C×H×W). Every input pixel gets
// its window offsets (u, v) added in the same order as the loops of im2col.
func col2im[T Float](dx []T, cols []T, ld, off int, g ConvShape) {
	oh, ow, s := g.OutH(), g.OutW(), g.Stride
	hw, p := g.H*g.W, oh*ow
	r := 0
	for c := 0; c < g.C; c++ {
		img := dx[c*hw : (c+1)*hw]
		if s == 1 && g.Pad == 0 { // whole runs for every offset: one call per window row
			for u := 0; u < g.Size; u++ {
				addBlocks(img[u*g.W:], g.W, 1, cols[r*ld+off:], ow, ld, ow, oh, g.Size)
				r += g.Size
			}
			continue
		}
		for u := 0; u < g.Size; u++ {
			i0, i1 := span(g.H, u-g.Pad, s, oh)
			for v := 0; v < g.Size; v++ {
				src := cols[r*ld+off : r*ld+off+p]
				r++
				j0, j1 := span(g.W, v-g.Pad, s, ow)
				if i0 == i1 || j0 == j1 {
					continue
				}
				d := img[(i0*s+u-g.Pad)*g.W+j0*s+v-g.Pad:] // the pixel under output (i0, j0)
				if s == 1 {
					addRuns(d, g.W, src[i0*ow+j0:], ow, j1-j0, i1-i0)
					continue
				}
				for i := i0; i < i1; i++ {
					in, out := src[i*ow+j0:i*ow+j1], d[(i-i0)*s*g.W:]
					for j, a := range in {
						out[j*s] += a
					}
				}
			}
		}
	}
}

// copyRuns sets dst[r·ldd+j] = src[r·lds+j] for r < n, j < m; float32 goes
// through the kernel's vector loop.
func copyRuns[T Float](dst []T, ldd int, src []T, lds int, m, n int) {
	if d, ok := any(dst).([]float32); ok {
		kernel.CopyRuns(d, ldd, any(src).([]float32), lds, m, n)
		return
	}
	for r := 0; r < n; r++ {
		copy(dst[r*ldd:r*ldd+m], src[r*lds:r*lds+m])
	}
}

// addRuns sets dst[r·ldd+j] += src[r·lds+j] for r < n, j < m; float32 goes
// through the kernel's vector loop (the same single rounding per element).
func addRuns[T Float](dst []T, ldd int, src []T, lds int, m, n int) {
	if d, ok := any(dst).([]float32); ok {
		kernel.AddRuns(d, ldd, any(src).([]float32), lds, m, n)
		return
	}
	for r := 0; r < n; r++ {
		d, s := dst[r*ldd:r*ldd+m], src[r*lds:r*lds+m]
		for j, v := range s {
			d[j] += v
		}
	}
}

// copyBlocks does copyRuns on count blocks, block t from src[t·sstep:] to
// dst[t·dstep:].
func copyBlocks[T Float](dst []T, ldd, dstep int, src []T, lds, sstep int, m, n, count int) {
	if d, ok := any(dst).([]float32); ok {
		kernel.CopyBlocks(d, ldd, dstep, any(src).([]float32), lds, sstep, m, n, count)
		return
	}
	for t := 0; t < count; t++ {
		copyRuns(dst[t*dstep:], ldd, src[t*sstep:], lds, m, n)
	}
}

// addBlocks does addRuns on count blocks in the order of t, block t from
// src[t·sstep:] onto dst[t·dstep:].
func addBlocks[T Float](dst []T, ldd, dstep int, src []T, lds, sstep int, m, n, count int) {
	if d, ok := any(dst).([]float32); ok {
		kernel.AddBlocks(d, ldd, dstep, any(src).([]float32), lds, sstep, m, n, count)
		return
	}
	for t := 0; t < count; t++ {
		addRuns(dst[t*dstep:], ldd, src[t*sstep:], lds, m, n)
	}
}
