package kernel

import "fmt"

// ConvInputGrad5x5C16 sets dx to the input gradient of a 5×5, stride-1,
// unpadded convolution over one image of 16 channels with k filters:
//
//	dx[(r·w+x)·16+c] = Σ_{f<k, u,v<5} wr[(f·25+u·5+v)·16+c] · dy[f·ldk+(r−u)·ow+(x−v)]
//
// over the output pixels (r−u, x−v) that exist, for every input pixel
// (r, x) of the (oh+4)×(w = ow+4) image, pixel by pixel (16 channels side
// by side). dy holds each filter's oh×ow output gradient, ldk apart, and wr
// the weights with the 16 channels innermost. A whole input row, 16 channels
// a pixel, stays in AVX-512 registers while every (u, filter) adds to it,
// each output gradient broadcast into five multiply-adds: no im2col matrix
// and no col2im. It needs ow ≤ 16 and reports false, doing nothing, without
// AVX-512; sums run over u, then the filters, then the output pixels of a
// row in order, one rounding per fused multiply-add.
func ConvInputGrad5x5C16(dx, dy []float32, ldk int, wr []float32, k, oh, ow int) bool {
	if k <= 0 || oh <= 0 || ow <= 0 {
		panic(fmt.Sprintf("kernel: ConvInputGrad5x5C16 of %d filters of %d×%d outputs", k, oh, ow))
	}
	if ow > 16 || ldk < oh*ow || len(dx) < (oh+4)*(ow+4)*16 || len(dy) < (k-1)*ldk+oh*ow || len(wr) < k*25*16 {
		panic(fmt.Sprintf("kernel: ConvInputGrad5x5C16 of %d filters of %d×%d outputs, %d apart, with %d gradients, %d weights into %d values",
			k, oh, ow, ldk, len(dy), len(wr), len(dx)))
	}
	if !hasDirectConv {
		return false
	}
	convDx5x5C16Vec(dx, dy, ldk, wr, k, oh, ow)
	return true
}
