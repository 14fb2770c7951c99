package segment

import (
	"image"
	"slices"
)

// Flatten divides out the paper's brightness: it estimates the background
// (blank paper, with its shadows and gradients) on a grid of block x block
// cells and writes src/background, scaled so that paper becomes 255, into
// dst (same bounds as src). It returns the median paper brightness of src,
// which tells a photo of paper from a dark or empty frame.
//
// Each cell's paper level is a high percentile of its pixels, since ink
// covers only a small part of a cell. A 3x3 median over cells then replaces
// the odd cell that ink filled (and keeps gradients), and the level of each
// pixel is interpolated bilinearly between cell centres.
func Flatten(dst, src *image.Gray, block int) (paper uint8) {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if w == 0 || h == 0 {
		return 0
	}
	block = max(block, 2)
	gw, gh := (w+block-1)/block, (h+block-1)/block
	grid := make([]float64, gw*gh) // (gh, gw) paper level per cell
	var hist [256]int
	for cy := 0; cy < gh; cy++ {
		for cx := 0; cx < gw; cx++ {
			clear(hist[:])
			x0, x1 := cx*block, min((cx+1)*block, w)
			y0, y1 := cy*block, min((cy+1)*block, h)
			for y := y0; y < y1; y++ {
				for _, v := range src.Pix[y*src.Stride+x0 : y*src.Stride+x1] {
					hist[v]++
				}
			}
			// 90th percentile: paper unless ink covers more than 10% of the cell.
			grid[cy*gw+cx] = float64(percentile(&hist, (x1-x0)*(y1-y0), 0.9))
		}
	}
	levels := slices.Clone(grid)
	slices.Sort(levels)
	paper = uint8(levels[len(levels)/2])
	grid = median3(grid, gw, gh)

	// Per column: the cell to its left and the weight of the next one.
	cellX := make([]int, w)
	wx := make([]float64, w)
	for x := range cellX {
		cellX[x], wx[x] = cellPos((float64(x)+0.5)/float64(block)-0.5, gw)
	}
	rowLevel := make([]float64, gw) // the grid interpolated to the current row
	for y := 0; y < h; y++ {
		y0, ty := cellPos((float64(y)+0.5)/float64(block)-0.5, gh)
		y1 := min(y0+1, gh-1)
		for cx := range rowLevel {
			rowLevel[cx] = max(grid[y0*gw+cx]*(1-ty)+grid[y1*gw+cx]*ty, 1)
		}
		out := dst.Pix[y*dst.Stride : y*dst.Stride+w]
		in := src.Pix[y*src.Stride : y*src.Stride+w]
		for x, v := range in {
			x0 := cellX[x]
			x1 := min(x0+1, gw-1)
			bg := rowLevel[x0]*(1-wx[x]) + rowLevel[x1]*wx[x]
			out[x] = uint8(min(float64(v)*255/bg+0.5, 255))
		}
	}
	return paper
}

// cellPos splits a fractional cell coordinate into a cell index and the
// weight of the next cell, clamped to the grid of n cells.
func cellPos(f float64, n int) (int, float64) {
	if f <= 0 {
		return 0, 0
	}
	if f >= float64(n-1) {
		return n - 1, 0
	}
	i := int(f)
	return i, f - float64(i)
}

// percentile returns the smallest value v such that more than q*n of the
// n counted values are <= v.
func percentile(hist *[256]int, n int, q float64) uint8 {
	want := int(q * float64(n))
	acc := 0
	for v, c := range hist {
		acc += c
		if acc > want {
			return uint8(v)
		}
	}
	return 255
}

// median3 returns the 3x3 median of a w x h grid (the window is cut at
// the borders; an even count takes the lower median: too dark a paper
// level only saturates paper at 255, too bright a level greys it).
func median3(g []float64, w, h int) []float64 {
	out := make([]float64, len(g))
	win := make([]float64, 0, 9)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			win = win[:0]
			for yy := max(y-1, 0); yy <= min(y+1, h-1); yy++ {
				for xx := max(x-1, 0); xx <= min(x+1, w-1); xx++ {
					win = append(win, g[yy*w+xx])
				}
			}
			slices.Sort(win)
			out[y*w+x] = win[(len(win)-1)/2]
		}
	}
	return out
}
