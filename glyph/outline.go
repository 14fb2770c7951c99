package glyph

import "math"

// signedDistance returns, for the pixels on one side of the outline of
// ink (w×h, row-major, 1 = ink, thresholded at 0.5), their Euclidean
// distance to it: outside the ink (as negative values) if outside is true,
// else inside. Pixels on the other side get ±0.5, as if next to the outline;
// moving the outline towards the computed side never reaches them. Pixel
// centres are a whole pixel apart, so the outline lies half a pixel beyond
// the last ink pixel's centre; beyond the border is paper. Distances are
// exact up to reach pixels; farther ones are only known to be farther.
func signedDistance(sc *scratch, ink []float32, w, h int, outside bool, reach int) []float32 {
	// f is the squared distance to the nearest feature: the ink when
	// measuring outside it, the paper when measuring inside.
	f := sc.float64s(w * h)
	for i, v := range ink {
		if (v >= 0.5) != outside {
			f[i] = math.Inf(1)
		}
	}
	sqDist(sc, f, w, h, !outside, reach)
	sd := sc.float32s(w * h)
	for i, v := range ink {
		switch in := v >= 0.5; {
		case outside && in:
			sd[i] = 0.5
		case outside:
			sd[i] = float32(0.5 - math.Sqrt(f[i]))
		case in:
			sd[i] = float32(math.Sqrt(f[i]) - 0.5)
		default:
			sd[i] = -0.5
		}
	}
	return sd
}

// outline renders the outline of a signedDistance image moved outwards by
// d pixels (inwards if d < 0), so strokes become 2·d wider, with a soft
// edge one pixel wide.
func outline(sc *scratch, sd []float32, d float64) []float32 {
	out := sc.float32s(len(sd))
	for i, v := range sd {
		out[i] = clamp01(v + float32(d) + 0.5)
	}
	return out
}

// sqDist turns f (w×h, 0 at the feature pixels, +Inf elsewhere) into the
// squared Euclidean distance to the nearest feature pixel, with the exact
// two-pass algorithm of Felzenszwalb and Huttenlocher (2012). With
// borderIsFeature, the pixels just beyond the image count as features.
func sqDist(sc *scratch, f []float64, w, h int, borderIsFeature bool, reach int) {
	n := max(w, h) + 2
	line := sc.float64s(n)
	out := sc.float64s(n)
	v := sc.intSlice(n)
	z := sc.float64s(n + 1)
	edge := math.Inf(1)
	if borderIsFeature {
		edge = 0
	}
	// Along rows the features are single pixels (f is 0 or +Inf), so the
	// nearest one is found by a scan in each direction.
	for y := range h {
		row := f[y*w : (y+1)*w]
		last := math.Inf(-1) // position of the nearest feature to the left
		if borderIsFeature {
			last = -1
		}
		for x := range row {
			if row[x] == 0 {
				last = float64(x)
			}
			row[x] = float64(x) - last
		}
		next := math.Inf(1) // position of the nearest feature to the right
		if borderIsFeature {
			next = float64(w)
		}
		for x := w - 1; x >= 0; x-- {
			if row[x] == 0 {
				next = float64(x)
			}
			d := min(row[x], next-float64(x))
			row[x] = d * d
		}
	}
	if reach < h/2 {
		boundedColumns(sc, f, w, h, edge, reach)
		return
	}
	// Index 0 and h+1 of line are the pixels beyond the two ends.
	for x := range w {
		line[0], line[h+1] = edge, edge
		for y := range h {
			line[y+1] = f[y*w+x]
		}
		dist1D(out[:h+2], line[:h+2], v, z)
		for y := range h {
			f[y*w+x] = out[y+1]
		}
	}
}

// boundedColumns finishes sqDist for distances up to reach: each pixel
// looks at the row distances of the pixels at most reach rows above and
// below it. Farther pixels get at least (reach+1)². It works on whole rows
// at a time, so the memory is read in order.
func boundedColumns(sc *scratch, f []float64, w, h int, edge float64, reach int) {
	far := float64((reach + 1) * (reach + 1))
	g := sc.float64s(len(f)) // the row distances, capped at far
	for i, v := range f {
		g[i] = min(v, far)
	}
	edgeRow := sc.float64s(w) // the rows beyond the top and bottom
	for x := range edgeRow {
		edgeRow[x] = min(edge, far)
	}
	row := func(y int) []float64 {
		if y < 0 || y >= h {
			return edgeRow
		}
		return g[y*w : (y+1)*w]
	}
	for y := range h {
		out := f[y*w : (y+1)*w]
		copy(out, row(y))
		for dy := 1; dy <= reach; dy++ {
			dd := float64(dy * dy)
			up, down := row(y-dy), row(y+dy)
			up, down = up[:len(out)], down[:len(out)]
			// Plain comparisons rather than the built-in min, which must handle NaN and -0 and
			// was a quarter of Normalize's time on thin strokes: the values here are ≥ 0 or +Inf.
			for x, o := range out {
				if u := dd + up[x]; u < o {
					o = u
				}
				if d := dd + down[x]; d < o {
					o = d
				}
				out[x] = o
			}
		}
	}
}

// dist1D computes d[q] = min over p of (q-p)² + f[p] (the lower envelope of
// parabolas); v and z are scratch of len(f) and len(f)+1.
func dist1D(d, f []float64, v []int, z []float64) {
	n := len(f)
	k := -1
	for q := range n {
		if math.IsInf(f[q], 1) {
			continue
		}
		for k >= 0 {
			s := ((f[q] + float64(q*q)) - (f[v[k]] + float64(v[k]*v[k]))) / float64(2*q-2*v[k])
			if s > z[k] {
				z[k+1] = s
				break
			}
			k--
		}
		if k < 0 {
			k = 0
			z[0] = math.Inf(-1)
		} else {
			k++
		}
		v[k] = q
		z[k+1] = math.Inf(1)
	}
	if k < 0 { // no finite value: everything stays infinitely far
		for q := range d {
			d[q] = math.Inf(1)
		}
		return
	}
	j := 0
	for q := range n {
		for z[j+1] < float64(q) {
			j++
		}
		dq := float64(q - v[j])
		d[q] = dq*dq + f[v[j]]
	}
}
