//go:build amd64 && !purego

package kernel

import "golang.org/x/sys/cpu"

// Tile shapes of the assembly kernels. A tile must fit in the vector registers with the operands of
// one k step: AVX2's 16 YMM registers hold a 6×16 tile (12 accumulators, 2 for a row of B̃, 2 for
// broadcasts of Ã), BLIS's Haswell sgemm shape; AVX-512's 32 ZMM registers hold an 8×32 tile
// (16 accumulators), whose 8 rows divide the batch sizes used in training (32) with no padding.
var (
	avx2   = &impl{name: "avx2-6x16", mr: 6, nr: 16, kc: blockK, mc: blockM, nc: blockN, kernel: kernel6x16, half: kernel3x16, gemv: gemv8}
	avx512 = &impl{name: "avx512-8x32", mr: 8, nr: 32, kc: blockK, mc: blockM, nc: blockN, kernel: kernel8x32, half: kernel4x32, gemv: gemv16}
)

// impls lists the kernels this CPU can run, fastest first.
var impls = supported()

// choose returns the kernel for a product with n columns: the fastest, except that for n ≤ 16 an
// AVX-512 tile (32 columns) would be half padding, and the 16-column AVX2 tile does the same work
// in fewer instructions (im2col convolutions with 16 feature maps).
func choose(n int) *impl {
	if impls[0] == avx512 && n <= avx2.nr && len(impls) > 1 && impls[1] == avx2 {
		return avx2
	}
	return impls[0]
}

func supported() []*impl {
	var s []*impl
	if cpu.X86.HasAVX512F {
		s = append(s, avx512)
	}
	if cpu.X86.HasAVX2 && cpu.X86.HasFMA {
		s = append(s, avx2)
	}
	return append(s, generic)
}

// kernel6x16 is the microKernel of avx2. The packing code guarantees that the slices hold the
// whole tile; the assembly does not check.
func kernel6x16(kc int, a []float32, ars, as int, b []float32, bs int, c []float32, ldc int, alpha, beta float32) {
	kernel6x16AVX2(kc, &a[0], ars, as, &b[0], bs, &c[0], ldc, alpha, beta)
}

// kernel8x32 is the microKernel of avx512.
func kernel8x32(kc int, a []float32, ars, as int, b []float32, bs int, c []float32, ldc int, alpha, beta float32) {
	kernel8x32AVX512(kc, &a[0], ars, as, &b[0], bs, &c[0], ldc, alpha, beta)
}

// kernel3x16 is the half-height microKernel of avx2.
func kernel3x16(kc int, a []float32, ars, as int, b []float32, bs int, c []float32, ldc int, alpha, beta float32) {
	kernel3x16AVX2(kc, &a[0], ars, as, &b[0], bs, &c[0], ldc, alpha, beta)
}

// kernel4x32 is the half-height microKernel of avx512.
func kernel4x32(kc int, a []float32, ars, as int, b []float32, bs int, c []float32, ldc int, alpha, beta float32) {
	kernel4x32AVX512(kc, &a[0], ars, as, &b[0], bs, &c[0], ldc, alpha, beta)
}

//go:noescape
func kernel3x16AVX2(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel4x32AVX512(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel6x16AVX2(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

//go:noescape
func kernel8x32AVX512(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)

// transpose8 writes dst[p*ldd+j] = src[j*lds+p] for j < 8 and p < kb rounded down to a multiple of 8,
// and returns that count; the caller transposes the rest.
func transpose8(dst []float32, ldd int, src []float32, lds int, kb int) int {
	blocks := kb / 8
	if blocks == 0 || !cpu.X86.HasAVX {
		return 0
	}
	_ = dst[(blocks*8-1)*ldd+7] // bounds: last row written
	_ = src[7*lds+blocks*8-1]   // bounds: last element read
	transpose8x8AVX(&dst[0], ldd, &src[0], lds, blocks)
	return blocks * 8
}

//go:noescape
func transpose8x8AVX(dst *float32, ldd int, src *float32, lds int, blocks int)

// gemv16 is the gemvKernel of avx512: it does the columns in whole ZMM vectors (multiples of 16).
func gemv16(k int, x []float32, xs int, b []float32, ldb int, y []float32, n int, alpha, beta float32) int {
	n16 := n &^ 15
	if n16 == 0 {
		return 0
	}
	_ = x[(k-1)*xs]        // bounds: last element of x read
	_ = b[(k-1)*ldb+n16-1] // bounds: last element of B read
	_ = y[n16-1]           // bounds: last element of y written
	return gemvAVX512(k, &x[0], xs, &b[0], ldb, &y[0], n16, alpha, beta)
}

// gemv8 is the gemvKernel of avx2: it does the columns in whole YMM vectors (multiples of 8).
func gemv8(k int, x []float32, xs int, b []float32, ldb int, y []float32, n int, alpha, beta float32) int {
	n8 := n &^ 7
	if n8 == 0 {
		return 0
	}
	_ = x[(k-1)*xs]
	_ = b[(k-1)*ldb+n8-1]
	_ = y[n8-1]
	return gemvAVX2(k, &x[0], xs, &b[0], ldb, &y[0], n8, alpha, beta)
}

//go:noescape
func gemvAVX512(k int, x *float32, xs int, b *float32, ldb int, y *float32, n int, alpha, beta float32) int

//go:noescape
func gemvAVX2(k int, x *float32, xs int, b *float32, ldb int, y *float32, n int, alpha, beta float32) int
