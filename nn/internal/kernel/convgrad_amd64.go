//go:build amd64 && !purego

package kernel

var hasDirectConv = hasAVX512

// convGrad5x5x16Vec runs convGrad5x5x16AVX512 when the CPU has AVX-512.
func convGrad5x5x16Vec(dw, x []float32, w int, dy []float32, oh, ow int) bool {
	if !hasAVX512 {
		return false
	}
	convGrad5x5x16AVX512(&dw[0], &x[0], w, &dy[0], oh, ow)
	return true
}

//go:noescape
func convGrad5x5x16AVX512(dw, x *float32, w int, dy *float32, oh, ow int)

// conv5x5x8Vec runs conv5x5x8AVX512 on m ≤ 32 columns.
func conv5x5x8Vec(y []float32, ldy int, x []float32, w int, wk, bias []float32, oh, ldo, m int) {
	conv5x5x8AVX512(&y[0], ldy, &x[0], w, &wk[0], &bias[0], oh, ldo, m)
}

//go:noescape
func conv5x5x8AVX512(y *float32, ldy int, x *float32, w int, wk, bias *float32, oh, ldo, m int)
