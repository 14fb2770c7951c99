package nn

import "fmt"

// Gather copies the rows idx of src, a row-major array of width columns, into
// dst (len(idx), width), converting the element type where they differ.
func Gather[T, S Float](dst *Matrix[T], src []S, width int, idx []int) {
	dst.ReuseAs(len(idx), width)
	for i, r := range idx {
		if (r+1)*width > len(src) || r < 0 {
			panic(fmt.Sprintf("nn: Gather row %d of %d", r, len(src)/width))
		}
		row := src[r*width : (r+1)*width]
		out := dst.Row(i)
		for j, v := range row {
			out[j] = T(v)
		}
	}
}
