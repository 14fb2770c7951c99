package kernel

// generic is the portable kernel, used on wasm, on other architectures and on x86 CPUs without
// AVX2+FMA. Its 4×4 tile keeps 16 accumulators, as many as fit in amd64's 16 SSE registers together
// with a few operands; wasm locals are not limited that way, but a bigger tile did not help there.
var generic = &impl{name: "go4x4", mr: 4, nr: 4, kc: blockK, mc: blockM, nc: blockN, kernel: kernel4x4, packRows: true}

// kernel4x4 is the microKernel for a 4×4 tile in plain Go.
func kernel4x4(kc int, a []float32, ars, as int, b []float32, bs int, c []float32, ldc int, alpha, beta float32) {
	var (
		c00, c01, c02, c03 float32
		c10, c11, c12, c13 float32
		c20, c21, c22, c23 float32
		c30, c31, c32, c33 float32
	)
	for p := range kc {
		ap := a[p*as:]
		bp := b[p*bs : p*bs+4 : p*bs+4]
		a0, a1, a2, a3 := ap[0], ap[ars], ap[2*ars], ap[3*ars]
		b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c02 += a0 * b2
		c03 += a0 * b3
		c10 += a1 * b0
		c11 += a1 * b1
		c12 += a1 * b2
		c13 += a1 * b3
		c20 += a2 * b0
		c21 += a2 * b1
		c22 += a2 * b2
		c23 += a2 * b3
		c30 += a3 * b0
		c31 += a3 * b1
		c32 += a3 * b2
		c33 += a3 * b3
	}
	store4(c[0*ldc:0*ldc+4], alpha, beta, c00, c01, c02, c03)
	store4(c[1*ldc:1*ldc+4], alpha, beta, c10, c11, c12, c13)
	store4(c[2*ldc:2*ldc+4], alpha, beta, c20, c21, c22, c23)
	store4(c[3*ldc:3*ldc+4], alpha, beta, c30, c31, c32, c33)
}

// store4 sets c[j] = alpha*sj + beta*c[j] for one row of a 4×4 tile, ignoring c when beta is 0.
func store4(c []float32, alpha, beta, s0, s1, s2, s3 float32) {
	c = c[:4]
	if beta == 0 {
		c[0], c[1], c[2], c[3] = alpha*s0, alpha*s1, alpha*s2, alpha*s3
		return
	}
	c[0] = alpha*s0 + beta*c[0]
	c[1] = alpha*s1 + beta*c[1]
	c[2] = alpha*s2 + beta*c[2]
	c[3] = alpha*s3 + beta*c[3]
}
