// Package kernel is a float32 matrix multiply (SGEMM) for row-major matrices, in pure Go with
// amd64 assembly micro-kernels (AVX2+FMA and AVX-512) chosen at run time, and no cgo.
//
// # Blocking scheme
//
// Sgemm follows GotoBLAS/BLIS. A micro-kernel multiplies an mr×kc sliver of op(A) by a kc×nr sliver
// of op(B) into an mr×nr tile of C held in registers, and cache blocking around it keeps each operand
// in the cache level that its reuse needs:
//
//	for ic in 0..m step mc:                 A block, mc×kc, lives in L3 (L2 when m is small)
//	  for pc in 0..k step kc:
//	    pack A[ic:ic+mc, pc:pc+kc] into mr-row micro-panels, each kc×mr k-major
//	    for jc in 0..n step nc:             B block, kc×nc, lives in L2
//	      pack B[pc:pc+kc, jc:jc+nc] into nr-column micro-panels, each kc×nr k-major
//	      for ir in 0..mc step mr:          A micro-panel, mr×kc, stays in L1
//	        for jr in 0..nc step nr:        B micro-panels stream from L2
//	          C[ir:ir+mr, jr:jr+nr] = alpha·Ã·B̃ + beta·C   (micro-kernel, registers)
//
// The vectors of the micro-kernel run along n (a row of the C tile is one or two SIMD registers) and
// the mr elements of A are broadcast, so the broadcast operand (A) is the one kept in L1: this is BLIS's
// order for column-major C with the roles of A and B swapped. beta is applied by the first kc block
// only; later blocks add to C.
//
// "Pack" means: copy into a contiguous buffer in the order the micro-kernel reads. The kernels also
// accept strides, so a full panel whose layout already fits (any panel of op(A), a panel of B when B
// is not transposed and its rows are close) is read in place; see sgemm. Panels at the bottom or
// right edge (m or n not a multiple of mr or nr) are always packed with zero padding, their tile is
// computed into a scratch tile and the valid part added to C, so the kernels only see full tiles.
//
// Packing buffers are kept on a free list, so a call allocates nothing in steady state.
package kernel

import "fmt"

// Sgemm computes C = alpha*op(A)*op(B) + beta*C for row-major matrices, where op(X) is X or its
// transpose. A is m×k (or k×m when transA), B is k×n (or n×k when transB), C is m×n; lda, ldb, ldc
// are row strides. When beta is 0, C is overwritten and its previous contents (even NaN) are ignored.
// Sgemm panics with a message that starts "kernel:" when a dimension is negative, a stride is too
// small or a slice is too short.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemm(choose(n), packAuto, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// SgemmParallel is Sgemm split over at most threads goroutines (threads < 1 means 1). C is cut into
// blocks of whole micro-tiles, along m or n, whichever is longer; each goroutine runs the serial
// algorithm on its block, so every element of C is summed in the same order as by Sgemm and the
// result is bit-identical to Sgemm's.
func SgemmParallel(threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	sgemmParallel(choose(n), packAuto, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// microKernel computes the mr×nr tile C = alpha·Ã·B̃ + beta·C, where Ã is mr×kc with element (i, p) at
// a[i*ars+p*as] and B̃ is kc×nr with element (p, j) at b[p*bs+j]; C's rows are ldc apart. beta == 0 must
// overwrite C without reading it.
type microKernel func(kc int, a []float32, ars, as int, b []float32, bs int, c []float32, ldc int, alpha, beta float32)

// impl is one micro-kernel with its tile shape (mr×nr) and the block sizes (kc, mc, nc) that fit it
// to the caches; see the package comment for what each block size bounds. half, when not nil, is the
// same kernel for an (mr/2)×nr tile, used for the last rows when m mod mr ≤ mr/2 (the autoencoder's
// batch of 36 = 4·8 + 4 rows), which would otherwise cost a whole padded tile.
// gemv, when not nil, is the vector kernel of the small-m path (small.go).
//
// packRows makes sgemm pack an untransposed A even when it could be read in place: the Go kernel
// reads such a panel (mr elements lda apart per k step) about 1.6 times slower than a packed one
// under wasm, while the assembly kernels, whose broadcasts take any address, do not care.
type impl struct {
	name       string
	mr, nr     int
	kc, mc, nc int
	kernel     microKernel
	half       microKernel
	gemv       gemvKernel
	packRows   bool
}

// Block sizes shared by all kernels, upper bounds that balance shrinks so that blocks come out equal.
// They are sized for this project's machines, x86 cores with a 32 KiB L1d and a 1 MiB L2 (Intel Xeon
// Skylake-SP/Cooper Lake):
//   - kc = 256: the A micro-panel, mr×kc floats (8×256×4 B = 8 KiB for AVX-512), stays in L1 with room
//     for the streaming B micro-panels; a longer kc also amortizes loading and storing the C tile.
//     kc = 128, 384 and 512 measured the same within noise on the benchmark shapes.
//   - nc = 512: the packed B block, kc×nc floats, is 512 KiB, half of L2.
//   - mc = 960: the packed A block, mc×kc floats, is 960 KiB; it is a multiple of every mr (4, 6, 8).
const (
	blockK = 256
	blockN = 512
	blockM = 960
)

// workspaces is a free list of packing buffers (about 1.5 MB each). Unlike a sync.Pool it is not
// emptied by garbage collections, so a training loop that allocates elsewhere does not make Sgemm
// reallocate its buffers after every GC. Its capacity bounds the buffers kept, not the callers.
var workspaces = make(chan *workspace, 8)

func getWorkspace(p *impl) *workspace {
	var w *workspace
	select {
	case w = <-workspaces:
	default:
		w = new(workspace)
	}
	w.reserve(p)
	return w
}

func putWorkspace(w *workspace) {
	select {
	case workspaces <- w:
	default:
	}
}

// workspace is the per-call scratch memory: packed A and B blocks and one edge tile.
type workspace struct {
	a, b []float32
	tile []float32
	swap []float32 // the transposed result of a swapped product (swap.go), grown on demand
}

// maxTile bounds mr*nr over all kernels (AVX-512's 8×32).
const maxTile = 8 * 32

func (w *workspace) reserve(p *impl) {
	if n := p.mc * p.kc; len(w.a) < n {
		w.a = make([]float32, n)
	}
	if n := p.kc * p.nc; len(w.b) < n {
		w.b = make([]float32, n)
	}
	if len(w.tile) < maxTile {
		w.tile = make([]float32, maxTile)
	}
}

// checkArgs panics unless the slices and strides can hold the matrices described.
func checkArgs(transA, transB bool, m, n, k int, a []float32, lda int, b []float32, ldb int, c []float32, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernel: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	ar, ac := m, k
	if transA {
		ar, ac = k, m
	}
	br, bc := k, n
	if transB {
		br, bc = n, k
	}
	checkMatrix("A", ar, ac, len(a), lda)
	checkMatrix("B", br, bc, len(b), ldb)
	checkMatrix("C", m, n, len(c), ldc)
}

func checkMatrix(name string, rows, cols, size, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("kernel: ld%s = %d < max(1, %d columns)", name, ld, cols))
	}
	if rows > 0 && cols > 0 && size < (rows-1)*ld+cols {
		panic(fmt.Sprintf("kernel: len(%s) = %d, want at least %d for %d×%d with stride %d", name, size, (rows-1)*ld+cols, rows, cols, ld))
	}
}

// packing says which operands sgemm copies into micro-panels.
type packing uint8

const (
	// packAuto packs what pays for itself: op(A) and op(B) are read in place wherever their layout
	// already is a micro-panel's (see sgemm), and packed otherwise.
	packAuto packing = iota
	// packAll packs every panel of A and B, the textbook scheme; tests use it to cover that path.
	packAll
)

// inPlaceB and aliasStride decide when B, not transposed, is packed although it could be read in
// place: when the kb rows that a block reads span more than a quarter of L2 (1 MiB) and lie a
// multiple of 2 KiB apart, so that they map to one or two groups of L1 and L2 sets and evict each
// other: square 1024 (rows 4 KiB apart, 1 MiB per block) runs 1.85 times faster packed. Other large
// strides read in place: the im2col products of the CNN (B of 25 or 400 rows, 12544 or 1600 floats
// apart) ran 1.56 and 1.85 times faster in place than packed (BenchmarkSgemm, conv shapes).
const (
	inPlaceB    = 256 << 10
	aliasStride = 2 << 10
)

// sgemm is Sgemm with an explicit kernel and packing policy, so tests can run every kernel this CPU
// supports on every path.
//
// A micro-kernel reads element (i, p) of Ã at a[i*ars+p*as] and row p of B̃ at b[p*bs], so a full
// mr×kc panel of op(A) can be read in place whatever transA is (ars, as = lda, 1 or 1, lda), and a
// full kc×nr panel of B when B is not transposed (bs = ldb). Reading in place skips the copy, which
// costs as much as the multiply itself for the MLP's small products (32×1024·1024×64 reuses each
// element of A twice only). Panels that would run past the matrix edge are always packed, with zero
// padding, and B is packed when transposed (its panels would be strided along n) or when its rows
// would evict each other from the caches (inPlaceB). Products of a few rows take the small-m path instead
// (small.go), and A·Bᵀ with a wide B is computed through its transpose (swap.go).
func sgemm(p *impl, pk packing, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	if m == 0 || n == 0 {
		return
	}
	if k == 0 || alpha == 0 {
		scale(m, n, beta, c, ldc)
		return
	}
	if useSmall(pk, transA, transB, m) {
		sgemmSmall(p, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	if useSwap(p, pk, transA, transB, m, n, k, beta) {
		sgemmSwapped(p, m, n, k, alpha, a, lda, b, ldb, c, ldc)
		return
	}
	sgemmBlocked(p, pk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// sgemmBlocked is the blocked algorithm of the package comment, for checked arguments with m, n, k ≥ 1
// and alpha ≠ 0.
func sgemmBlocked(p *impl, pk packing, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	w := getWorkspace(p)
	mc, kc, nc := balance(m, p.mc, p.mr), balance(k, p.kc, 1), balance(n, p.nc, p.nr)
	for ic := 0; ic < m; ic += mc {
		mb := min(mc, m-ic)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			op := operands{transA: transA, a: a, lda: lda, b: b, ldb: ldb, ic: ic, pc: pc}
			op.packA = pk == packAll || (p.packRows && !transA)
			packA(w.a, p.mr, transA, a, lda, ic, mb, pc, kb, !op.packA)
			bet := beta
			if pc > 0 {
				bet = 1 // beta was applied by the first kc block
			}
			op.packB = pk == packAll || transB || (kb*ldb*4 > inPlaceB && ldb*4%aliasStride == 0)
			for jc := 0; jc < n; jc += nc {
				nb := min(nc, n-jc)
				op.jc = jc
				packB(w.b, p.nr, transB, b, ldb, pc, kb, jc, nb, !op.packB)
				macroKernel(p, w, &op, mb, nb, kb, alpha, bet, c[ic*ldc+jc:], ldc)
			}
		}
	}
	putWorkspace(w)
}

// balance returns the block size, at most block and a multiple of unit, that cuts total into as few
// blocks as block does but of nearly equal sizes: m = 1024 with mc = 960 becomes 512+512, not 960+64,
// whose second block would repack all of B for 64 rows. block must be a multiple of unit.
func balance(total, block, unit int) int {
	parts := (total + block - 1) / block
	size := (total + parts - 1) / parts
	return (size + unit - 1) / unit * unit
}

// operands says where macroKernel finds the panels of the current block: in the packed buffers, or
// (when packA or packB is false) in a and b themselves, whose block starts at op(A)[ic, pc] and
// op(B)[pc, jc].
type operands struct {
	transA       bool
	a, b         []float32
	lda, ldb     int
	ic, pc, jc   int
	packA, packB bool
}

// macroKernel multiplies the mb×kb block of op(A) by the kb×nb block of op(B) into C (whose top-left
// element is c[0]), one mr×nr tile at a time.
func macroKernel(p *impl, w *workspace, op *operands, mb, nb, kb int, alpha, beta float32, c []float32, ldc int) {
	mr, nr := p.mr, p.nr
	tile := w.tile[:mr*nr]
	for ir := 0; ir < mb; ir += mr {
		rows := min(mr, mb-ir)
		kernel, kr := p.kernel, mr // kr: rows of the kernel's tile
		if rows <= mr/2 && p.half != nil {
			kernel, kr = p.half, mr/2
		}
		// Micro-panel ir/mr of the packed block starts at (ir/mr)·mr·kb; a partial one is always packed.
		ap, ars, as := w.a[ir*kb:(ir+mr)*kb], 1, mr
		switch {
		case op.packA || rows < kr:
		case op.transA:
			ap, ars, as = op.a[op.pc*op.lda+op.ic+ir:], 1, op.lda
		default:
			ap, ars, as = op.a[(op.ic+ir)*op.lda+op.pc:], op.lda, 1
		}
		for jr := 0; jr < nb; jr += nr {
			cols := min(nr, nb-jr)
			bp, bs := w.b[jr*kb:(jr+nr)*kb], nr
			if !op.packB && cols == nr {
				bp, bs = op.b[op.pc*op.ldb+op.jc+jr:], op.ldb
			}
			ct := c[ir*ldc+jr:]
			if rows == kr && cols == nr {
				kernel(kb, ap, ars, as, bp, bs, ct, ldc, alpha, beta)
				continue
			}
			kernel(kb, ap, ars, as, bp, bs, tile, nr, 1, 0)
			for i := range rows {
				ci := ct[i*ldc : i*ldc+cols]
				ti := tile[i*nr : i*nr+cols]
				if beta == 0 {
					for j, t := range ti {
						ci[j] = alpha * t
					}
				} else {
					for j, t := range ti {
						ci[j] = alpha*t + beta*ci[j]
					}
				}
			}
		}
	}
}

// scale sets C = beta*C (C = 0 when beta is 0, whatever C held).
func scale(m, n int, beta float32, c []float32, ldc int) {
	for i := range m {
		ci := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(ci)
		case 1:
		default:
			for j := range ci {
				ci[j] *= beta
			}
		}
	}
}
