package segment

import "image"

// Component is one 8-connected blob of ink.
type Component struct {
	Box  image.Rectangle // bounding box, in mask coordinates
	Area int             // number of ink pixels
}

// Label finds the 8-connected components of the ink (non-zero) pixels of
// mask with the classic two-pass algorithm and a union-find forest. It
// returns labels, one per pixel in row-major order of mask's bounds (0 for
// paper, i+1 for pixels of comps[i]), and the components.
func Label(mask *image.Gray) (labels []int32, comps []Component) {
	w, h := mask.Rect.Dx(), mask.Rect.Dy()
	labels = make([]int32, w*h)
	parent := []int32{0} // union-find forest over provisional labels; 0 is paper
	find := func(a int32) int32 {
		for parent[a] != a {
			parent[a] = parent[parent[a]] // path halving
			a = parent[a]
		}
		return a
	}
	union := func(a, b int32) int32 {
		a, b = find(a), find(b)
		if a == b {
			return a
		}
		if a < b {
			parent[b] = a
			return a
		}
		parent[a] = b
		return b
	}
	// First pass: provisional labels from the already visited neighbours
	// (west, north-west, north, north-east), recording equivalences.
	for y := 0; y < h; y++ {
		row := mask.Pix[y*mask.Stride : y*mask.Stride+w]
		for x, v := range row {
			if v == 0 {
				continue
			}
			var l int32
			join := func(n int32) {
				if n == 0 {
					return
				}
				if l == 0 {
					l = n
				} else if l != n {
					l = union(l, n)
				}
			}
			if x > 0 {
				join(labels[y*w+x-1])
			}
			if y > 0 {
				up := labels[(y-1)*w:]
				if x > 0 {
					join(up[x-1])
				}
				join(up[x])
				if x+1 < w {
					join(up[x+1])
				}
			}
			if l == 0 {
				l = int32(len(parent))
				parent = append(parent, l)
			}
			labels[y*w+x] = l
		}
	}
	// Second pass: resolve to roots, number the roots 1.. in scan order
	// and collect each component's box and area.
	final := make([]int32, len(parent))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := y*w + x
			if labels[i] == 0 {
				continue
			}
			r := find(labels[i])
			if final[r] == 0 {
				comps = append(comps, Component{Box: image.Rect(x, y, x+1, y+1)})
				final[r] = int32(len(comps))
			}
			f := final[r]
			labels[i] = f
			c := &comps[f-1]
			c.Area++
			c.Box.Min.X = min(c.Box.Min.X, x)
			c.Box.Max.X = max(c.Box.Max.X, x+1)
			c.Box.Max.Y = y + 1 // rows are scanned in order
		}
	}
	return labels, comps
}
