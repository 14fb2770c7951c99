package kernel

import "fmt"

// ConvGrad5x5x16 adds to dw the weight gradient of a 5×5, stride-1,
// unpadded convolution with 16 filters over one single-channel image x:
//
//	dw[(u·5+v)·16+f] += Σ_{i<oh, j<ow} x[(i+u)·w+j+v] · dy[(i·ow+j)·16+f]
//
// where dy holds the output gradient pixel by pixel, the 16 filters of a
// pixel side by side. The 25×16 sums stay in AVX-512 registers over the
// whole image, each pixel one load of dy and 25 multiply-adds with a
// broadcast input value, so no im2col matrix is needed. The sums go pixel
// by pixel in order, each with one rounding per fused multiply-add. It
// reports false, doing nothing, without AVX-512; the caller then takes
// another path.
func ConvGrad5x5x16(dw, x []float32, w int, dy []float32, oh, ow int) bool {
	if oh <= 0 || ow <= 0 {
		return true
	}
	if w < ow+4 || len(dw) < 25*16 || len(x) < (oh+3)*w+ow+4 || len(dy) < oh*ow*16 {
		panic(fmt.Sprintf("kernel: ConvGrad5x5x16 of %d×%d outputs over rows of %d with %d inputs, %d gradients and %d weights",
			oh, ow, w, len(x), len(dy), len(dw)))
	}
	return convGrad5x5x16Vec(dw, x, w, dy, oh, ow)
}

// Transpose sets dst[j·ldd+i] = src[i·lds+j] for i < m, j < n: the m×n
// matrix src, transposed, into dst; whole blocks of 8×8 go through the
// vector transpose. (A convolution's output gradient, filter by filter, into
// the pixel-by-pixel order ConvGrad5x5x16 reads, and ConvK32's output back.)
func Transpose(dst []float32, ldd int, src []float32, lds int, m, n int) {
	if m <= 0 || n <= 0 {
		return
	}
	if ldd < m || lds < n || len(dst) < (n-1)*ldd+m || len(src) < (m-1)*lds+n {
		panic(fmt.Sprintf("kernel: Transpose of %d×%d, rows %d apart, from %d values into %d, rows %d apart", m, n, lds, len(src), len(dst), ldd))
	}
	i := 0
	for ; i+8 <= m; i += 8 {
		for j := transpose8(dst[i:], ldd, src[i*lds:], lds, n); j < n; j++ {
			for r := i; r < i+8; r++ {
				dst[j*ldd+r] = src[r*lds+j]
			}
		}
	}
	for ; i < m; i++ {
		for j := 0; j < n; j++ {
			dst[j*ldd+i] = src[i*lds+j]
		}
	}
}

// HasDirectConv reports whether the direct convolutions (ConvGrad5x5x16,
// Conv5x5x8, ConvK32) run here: they need AVX-512.
func HasDirectConv() bool { return hasDirectConv }

// Conv5x5x8 computes 8 filters of a 5×5, stride-1, unpadded convolution
// over one single-channel image x (rows w long) into y:
//
//	y[f·ldy+i·ow+j] = bias[f] + Σ_{u,v<5} wk[f·25+u·5+v] · x[(i+u)·w+j+v]
//
// for f < 8, i < oh, j < ow: 32 output pixels of a row in two AVX-512
// registers per filter, each window offset one load of the input row and 8
// multiply-adds with a broadcast weight, so no im2col matrix is needed. The
// sum starts from the bias and adds the offsets in order, with one rounding
// per fused multiply-add. It reports false, doing nothing, without AVX-512
// (see HasDirectConv).
func Conv5x5x8(y []float32, ldy int, x []float32, w int, wk, bias []float32, oh, ow int) bool {
	if oh <= 0 || ow <= 0 {
		return true
	}
	if w < ow+4 || ldy < oh*ow || len(y) < 7*ldy+oh*ow || len(x) < (oh+3)*w+ow+4 || len(wk) < 8*25 || len(bias) < 8 {
		panic(fmt.Sprintf("kernel: Conv5x5x8 of %d×%d outputs, %d apart, over rows of %d with %d inputs, %d outputs, %d weights and %d biases",
			oh, ow, ldy, w, len(x), len(y), len(wk), len(bias)))
	}
	if !hasDirectConv {
		return false
	}
	for j := 0; j < ow; j += 32 {
		conv5x5x8Vec(y[j:], ldy, x[j:], w, wk, bias, oh, ow, min(32, ow-j))
	}
	return true
}
