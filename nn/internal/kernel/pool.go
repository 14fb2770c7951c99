package kernel

import "fmt"

// MaxPool2 is a 2×2, stride-2 max pool over rows pairs of image rows w values
// long, ow outputs a row: output j of pair r goes to y[r·ow+j] and is the
// first largest, compared with > in this order, of
//
//	in[2r·w+2j], in[2r·w+2j+1], in[(2r+1)·w+2j], in[(2r+1)·w+2j+1],
//
// and arg[r·ow+j] is its index in in plus base. A NaN never replaces the
// first value, which wins when it is a NaN itself.
func MaxPool2(y []float32, arg []int32, in []float32, w, ow, rows, base int) {
	if rows <= 0 || ow <= 0 {
		return
	}
	if 2*ow > w || len(y) < rows*ow || len(arg) < rows*ow || len(in) < (2*rows-1)*w+2*ow {
		panic(fmt.Sprintf("kernel: MaxPool2 of %d×%d outputs over rows of %d with %d inputs, %d and %d outputs",
			rows, ow, w, len(in), len(y), len(arg)))
	}
	if maxPool2Vec(y, arg, in, w, ow, rows, base) {
		return
	}
	for r := 0; r < rows; r++ {
		t := 2 * r * w
		top, bot := in[t:t+2*ow], in[t+w:t+w+2*ow]
		ys, as := y[r*ow:(r+1)*ow], arg[r*ow:(r+1)*ow]
		for j := range ys {
			best, m := t+2*j, top[2*j]
			if v := top[2*j+1]; v > m {
				best, m = t+2*j+1, v
			}
			if v := bot[2*j]; v > m {
				best, m = t+w+2*j, v
			}
			if v := bot[2*j+1]; v > m {
				best, m = t+w+2*j+1, v
			}
			ys[j], as[j] = m, int32(base+best)
		}
	}
}

// MaxPool2Grad is the backward pass of MaxPool2 over rows pairs of rows w
// = 2·ow values long that it tiles exactly: it writes all 2·rows·w values
// of dx, dy[o] at the input arg[o] − base and zeros elsewhere (so dx needs no
// clearing first). Each arg[o] must be one of its window's four inputs.
func MaxPool2Grad(dx, dy []float32, arg []int32, w, ow, rows, base int) {
	if rows <= 0 || ow <= 0 {
		return
	}
	n := rows * ow
	if w != 2*ow || len(dx) < 2*rows*w || len(dy) < n || len(arg) < n {
		panic(fmt.Sprintf("kernel: MaxPool2Grad of %d×%d outputs over rows of %d with %d inputs, %d and %d outputs",
			rows, ow, w, len(dx), len(dy), len(arg)))
	}
	if maxPool2GradVec(dx, dy, arg, w, ow, rows, base) {
		return
	}
	dx = dx[:2*rows*w]
	clear(dx)
	for o, d := range dy[:n] {
		dx[int(arg[o])-base] = d
	}
}
