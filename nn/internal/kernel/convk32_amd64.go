//go:build amd64 && !purego

package kernel

// convK32Vec runs the assembly for np ≤ 12 pixels.
func convK32Vec(y, x []float32, off []int32, wt []float32, ldw int, bias []float32, np int) {
	convK32[np-1](&y[0], &x[0], &off[0], len(off), &wt[0], ldw, &bias[0])
}

// convK32 holds convK32x1 … convK32x12.
var convK32 = [12]func(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32){
	convK32x1, convK32x2, convK32x3, convK32x4, convK32x5, convK32x6,
	convK32x7, convK32x8, convK32x9, convK32x10, convK32x11, convK32x12,
}

//go:noescape
func convK32x1(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x2(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x3(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x4(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x5(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x6(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x7(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x8(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x9(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x10(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x11(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

//go:noescape
func convK32x12(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)

// convGradK32x5Vec runs the assembly for n = 1 or 2 window rows starting at xa and xb.
func convGradK32x5Vec(dw, xa, xb []float32, w int, dy []float32, oh, ow, n int) {
	if n == 2 {
		convGradK32x5r2(&dw[0], &xa[0], &xb[0], w, &dy[0], oh, ow)
		return
	}
	convGradK32x5r1(&dw[0], &xa[0], &xb[0], w, &dy[0], oh, ow)
}

//go:noescape
func convGradK32x5r1(dw, xa, xb *float32, w int, dy *float32, oh, ow int)

//go:noescape
func convGradK32x5r2(dw, xa, xb *float32, w int, dy *float32, oh, ow int)
