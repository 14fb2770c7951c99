package nn

// colRange returns the output columns j0 ≤ j < j1 whose window column v
// falls inside the image: 0 ≤ j·Stride + v − Pad < W. The other columns read
// the zero padding.
func colRange(g ConvShape, v, ow int) (j0, j1 int) {
	s := g.Stride
	if d := g.Pad - v; d > 0 {
		j0 = min(ow, (d+s-1)/s)
	}
	if e := g.W - 1 + g.Pad - v; e >= 0 {
		j1 = min(ow, e/s+1)
	}
	return j0, max(j0, j1)
}

// im2col writes the receptive fields of one image x (C×H×W) into the columns
// off … off+OH·OW of cols, whose rows are ld long: row (c·S+u)·S+v holds, for
// every output pixel, the input pixel under window offset (u, v) of channel c.
// Each output row is a run of image pixels (copied whole at stride 1) between
// zero borders where the window hangs over the padding.
func im2col[T Float](cols []T, ld, off int, x []T, g ConvShape) {
	oh, ow, s := g.OutH(), g.OutW(), g.Stride
	hw, p := g.H*g.W, oh*ow
	r := 0
	for c := 0; c < g.C; c++ {
		img := x[c*hw : (c+1)*hw]
		for u := 0; u < g.Size; u++ {
			for v := 0; v < g.Size; v++ {
				dst := cols[r*ld+off : r*ld+off+p]
				r++
				j0, j1 := colRange(g, v, ow)
				x0 := j0*s + v - g.Pad // image column under output column j0
				for i := 0; i < oh; i++ {
					out := dst[i*ow : (i+1)*ow]
					y := i*s + u - g.Pad
					if y < 0 || y >= g.H || j0 == j1 {
						clear(out)
						continue
					}
					if j0 > 0 {
						clear(out[:j0])
					}
					if j1 < ow {
						clear(out[j1:])
					}
					seg, src := out[j0:j1], img[y*g.W+x0:(y+1)*g.W]
					if s == 1 {
						copy(seg, src)
						continue
					}
					for j := range seg {
						seg[j] = src[j*s]
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
		for u := 0; u < g.Size; u++ {
			for v := 0; v < g.Size; v++ {
				src := cols[r*ld+off : r*ld+off+p]
				r++
				j0, j1 := colRange(g, v, ow)
				if j0 == j1 {
					continue
				}
				x0 := j0*s + v - g.Pad // image column under output column j0
				for i := 0; i < oh; i++ {
					y := i*s + u - g.Pad
					if y < 0 || y >= g.H {
						continue
					}
					in, d := src[i*ow+j0:i*ow+j1], img[y*g.W+x0:(y+1)*g.W]
					if s == 1 {
						d = d[:len(in)]
						for j, a := range in {
							d[j] += a
						}
						continue
					}
					for j, a := range in {
						d[j*s] += a
					}
				}
			}
		}
	}
}
