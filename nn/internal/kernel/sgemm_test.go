package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// refGemm is the obviously correct triple loop: C = alpha*op(A)*op(B) + beta*C, summed in float64.
// beta == 0 overwrites C.
func refGemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				s += float64(at(a, lda, transA, i, p)) * float64(at(b, ldb, transB, p, j))
			}
			v := float64(alpha) * s
			if beta != 0 {
				v += float64(beta) * float64(c[i*ldc+j])
			}
			c[i*ldc+j] = float32(v)
		}
	}
}

// at returns element (i, j) of op(X) for X stored row-major with stride ld.
func at(x []float32, ld int, trans bool, i, j int) float32 {
	if trans {
		return x[j*ld+i]
	}
	return x[i*ld+j]
}

// magnitude returns |alpha|*Σ_p |op(A)[i,p]·op(B)[p,j]| + |beta·C[i,j]|, which bounds the rounding
// error of any summation order of C[i,j].
func magnitude(transA, transB bool, i, j, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta, cij float32) float64 {
	var s float64
	for p := range k {
		s += math.Abs(float64(at(a, lda, transA, i, p)) * float64(at(b, ldb, transB, p, j)))
	}
	m := math.Abs(float64(alpha)) * s
	if beta != 0 {
		m += math.Abs(float64(beta) * float64(cij))
	}
	return m
}

// matrix returns rows×cols random values in [-1, 1) stored with row stride ld; the ld-cols padding
// elements of each row are NaN, so reading them poisons the result.
func matrix(rng *rand.Rand, rows, cols, ld int) []float32 {
	x := make([]float32, max(0, (rows-1)*ld+cols))
	for i := range x {
		if i%ld < cols {
			x[i] = 2*rng.Float32() - 1
		} else {
			x[i] = float32(math.NaN())
		}
	}
	return x
}

type gemmCase struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	pad            int // extra elements at the end of every row of A, B and C (stride - row length)
}

func (c gemmCase) String() string {
	return fmt.Sprintf("tA=%v,tB=%v,%dx%dx%d,alpha=%v,beta=%v,pad=%d", c.transA, c.transB, c.m, c.n, c.k, c.alpha, c.beta, c.pad)
}

// operands builds A, B and C for a case. C's valid elements are NaN when beta is 0, to prove that
// beta = 0 overwrites C; its padding is NaN too and must be left alone.
func (c gemmCase) operands(rng *rand.Rand) (a []float32, lda int, b []float32, ldb int, cm []float32, ldc int) {
	ar, ac := c.m, c.k
	if c.transA {
		ar, ac = c.k, c.m
	}
	br, bc := c.k, c.n
	if c.transB {
		br, bc = c.n, c.k
	}
	lda, ldb, ldc = max(1, ac)+c.pad, max(1, bc)+c.pad, max(1, c.n)+c.pad
	a, b, cm = matrix(rng, ar, ac, lda), matrix(rng, br, bc, ldb), matrix(rng, c.m, c.n, ldc)
	if c.beta == 0 {
		for i := range cm {
			cm[i] = float32(math.NaN())
		}
	}
	return a, lda, b, ldb, cm, ldc
}

// cases is every combination of transposes, alpha/beta and strides over shapes chosen to hit edge
// tiles of every kernel (mr ∈ {4, 6, 8}, nr ∈ {4, 16, 32}) and more than one block of every size
// (kc = 256, nc = 512, mc = 960).
func cases() []gemmCase {
	shapes := [][3]int{ // m, n, k
		{1, 1, 1},
		{1, 37, 5},     // one row
		{37, 1, 5},     // one column
		{9, 33, 1},     // k = 1
		{5, 3, 2},      // smaller than every tile
		{8, 32, 16},    // exactly one AVX-512 tile
		{12, 48, 7},    // whole AVX2 tiles, edge AVX-512 tiles
		{13, 35, 300},  // k > kc: beta must be applied once only
		{17, 600, 9},   // n > nc
		{1000, 19, 3},  // m > mc
		{32, 64, 1024}, // the MLP forward shape
		{1, 64, 1024},  // the MLP forward shape for one image (small-m path)
		{1, 1024, 256}, // the autoencoder's output layer for one image
		{2, 100, 17},   // small m: 4-vector strips, single vectors and leftover columns
		{3, 129, 9},    // 129 = 2·64+1 and 4·32+1 columns
		{4, 83, 300},   // the largest small m
		{4, 2, 1},      // small m, k = 1: with transA, A has one row, shorter than m·lda (a Dense dW for a batch of one)
		{32, 1024, 64}, // the MLP's input gradient: with transB and beta 0, through the transpose (swap.go)
		{33, 90, 200},  // a swapped product with edge tiles and leftovers of the 8×8 transposes
	}
	scales := [][2]float32{ // alpha, beta
		{1, 0},    // C = A·B over NaN garbage
		{1, 1},    // accumulate
		{-0.5, 2}, // general
		{0, 0.5},  // alpha = 0 only scales C
	}
	var cs []gemmCase
	for _, s := range shapes {
		for _, ab := range scales {
			for _, pad := range []int{0, 3} { // 3: strides longer than the rows
				for _, tA := range []bool{false, true} {
					for _, tB := range []bool{false, true} {
						cs = append(cs, gemmCase{tA, tB, s[0], s[1], s[2], ab[0], ab[1], pad})
					}
				}
			}
		}
	}
	return cs
}

// check compares got with the reference result want for case c and reports the worst element.
func check(t *testing.T, c gemmCase, a []float32, lda int, b []float32, ldb int, c0, got, want []float32, ldc int) {
	t.Helper()
	const eps = 0x1p-23 // float32 machine epsilon
	for i := range c.m {
		for j := range c.n {
			g, w := got[i*ldc+j], want[i*ldc+j]
			tol := 2 * eps * float64(c.k+2) * magnitude(c.transA, c.transB, i, j, c.k, c.alpha, a, lda, b, ldb, c.beta, c0[i*ldc+j])
			if math.IsNaN(float64(g)) || math.Abs(float64(g)-float64(w)) > tol {
				t.Fatalf("Sgemm(%v): C[%d,%d] = %v; want %v (tolerance %.3g)", c, i, j, g, w, tol)
			}
		}
	}
	for i := range got { // the padding of C must not be touched
		if i%ldc >= c.n && !math.IsNaN(float64(got[i])) {
			t.Fatalf("Sgemm(%v): wrote %v into the padding of C at %d", c, got[i], i)
		}
	}
}

// packings names the packing policies every test runs.
var packings = []struct {
	name string
	pk   packing
}{{"auto", packAuto}, {"packAll", packAll}}

func TestSgemm(t *testing.T) {
	for _, p := range impls {
		for _, pp := range packings {
			t.Run(p.name+"/"+pp.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(1, 2))
				for _, c := range cases() {
					a, lda, b, ldb, c0, ldc := c.operands(rng)
					got := append([]float32(nil), c0...)
					want := append([]float32(nil), c0...)
					sgemm(p, pp.pk, c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, got, ldc)
					refGemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, want, ldc)
					check(t, c, a, lda, b, ldb, c0, got, want, ldc)
				}
			})
		}
	}
}

func TestSgemmZeroK(t *testing.T) {
	// k = 0: op(A)·op(B) is the zero matrix, so C = beta*C; with beta = 0 the NaNs must go.
	for _, beta := range []float32{0, 1, 3} {
		c := []float32{1, 2, float32(math.NaN()), 4}
		if beta == 0 {
			c = []float32{float32(math.NaN()), 2, 3, 4}
		}
		want := make([]float32, len(c))
		for i, v := range c {
			if beta != 0 { // beta = 0 leaves want at zero, NaN or not
				want[i] = beta * v
			}
		}
		Sgemm(false, false, 2, 2, 0, 1, nil, 1, nil, 2, beta, c, 2)
		for i := range c {
			if c[i] != want[i] && !(math.IsNaN(float64(c[i])) && math.IsNaN(float64(want[i]))) {
				t.Errorf("Sgemm(k=0, beta=%v) = %v; want %v", beta, c, want)
				break
			}
		}
	}
}

func TestSgemmParallelBitIdentical(t *testing.T) {
	shapes := [][3]int{{32, 64, 1024}, {1024, 64, 32}, {32, 1024, 64}, {37, 70, 300}, {3, 5, 7}}
	for _, p := range impls {
		for _, pp := range packings {
			pk := pp.pk
			for _, s := range shapes {
				for _, threads := range []int{0, 2, 3, 7} {
					for _, tA := range []bool{false, true} {
						c := gemmCase{transA: tA, transB: !tA, m: s[0], n: s[1], k: s[2], alpha: 0.75, beta: -1.5, pad: 1}
						t.Run(fmt.Sprintf("%s/%s/%v/threads=%d", p.name, pp.name, c, threads), func(t *testing.T) {
							a, lda, b, ldb, c0, ldc := c.operands(rand.New(rand.NewPCG(3, 4)))
							serial := append([]float32(nil), c0...)
							par := append([]float32(nil), c0...)
							sgemm(p, pk, c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, serial, ldc)
							sgemmParallel(p, pk, threads, c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, par, ldc)
							for i := range serial {
								if math.Float32bits(serial[i]) != math.Float32bits(par[i]) {
									t.Fatalf("SgemmParallel: C[%d] = %v; want Sgemm's %v", i, par[i], serial[i])
								}
							}
						})
					}
				}
			}
		}
	}
}

func TestSgemmBadArguments(t *testing.T) {
	ok := make([]float32, 6)
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"negative m", func() { Sgemm(false, false, -1, 2, 3, 1, ok, 3, ok, 2, 0, ok, 2) }, "negative dimension"},
		{"short A", func() { Sgemm(false, false, 3, 2, 3, 1, ok, 3, ok, 2, 0, ok, 2) }, "len(A)"},
		{"short C", func() { Sgemm(false, false, 2, 4, 3, 1, ok, 3, make([]float32, 12), 4, 0, ok, 4) }, "len(C)"},
		{"small ldb", func() { Sgemm(false, true, 2, 2, 3, 1, ok, 3, ok, 2, 0, ok, 2) }, "ldB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.HasPrefix(msg, "kernel: ") || !strings.Contains(msg, tt.want) {
					t.Errorf("panic %q; want a \"kernel: \" panic mentioning %q", msg, tt.want)
				}
			}()
			tt.call()
		})
	}
}

func TestSgemmAllocs(t *testing.T) {
	a, b, c := make([]float32, 32*1024), make([]float32, 1024*64), make([]float32, 32*64)
	tests := []struct {
		name string
		call func()
	}{
		{"Sgemm", func() { Sgemm(false, false, 32, 64, 1024, 1, a, 1024, b, 64, 0, c, 64) }},
		{"SgemmParallel", func() { SgemmParallel(2, false, false, 32, 64, 1024, 1, a, 1024, b, 64, 0, c, 64) }},
		{"Sgemm A·Bᵀ swapped", func() { Sgemm(false, true, 32, 1024, 64, 1, c, 64, b, 64, 0, a, 1024) }},
	}
	for _, tt := range tests {
		tt.call() // warm up: buffers and worker goroutines are made once
		if allocs := testing.AllocsPerRun(10, tt.call); allocs != 0 {
			t.Errorf("%s allocated %v times per call; want 0", tt.name, allocs)
		}
	}
}

func TestSgemmParallelConcurrentCallers(t *testing.T) {
	// Callers share the worker goroutines; each must still get its own, complete result.
	const callers = 4 // more callers than the 2 threads each asks for
	c := gemmCase{m: 40, n: 70, k: 50, alpha: 1, beta: 0}
	a, lda, b, ldb, c0, ldc := c.operands(rand.New(rand.NewPCG(7, 8)))
	want := append([]float32(nil), c0...)
	Sgemm(false, false, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, want, ldc)
	got := make([][]float32, callers)
	finished := make(chan int)
	for i := range callers {
		got[i] = append([]float32(nil), c0...)
		go func() {
			for range 20 { // repeat to interleave the callers' parts
				SgemmParallel(2, false, false, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, got[i], ldc)
			}
			finished <- i
		}()
	}
	for range callers {
		i := <-finished
		for j := range want {
			if math.Float32bits(got[i][j]) != math.Float32bits(want[j]) {
				t.Fatalf("caller %d: SgemmParallel C[%d] = %v; want %v", i, j, got[i][j], want[j])
			}
		}
	}
}

func TestSgemmSwapBitIdentical(t *testing.T) {
	// C = A·Bᵀ through its transpose must equal the direct blocked product bit for bit (swap.go).
	shapes := [][3]int{{32, 1024, 64}, {16, 25, 12544 / 16}, {32, 400, 160}, {33, 90, 200}} // m, n, k: MLP dX, conv dW (k cut for speed), edges
	for _, p := range impls {
		for _, s := range shapes {
			c := gemmCase{transB: true, m: s[0], n: s[1], k: s[2], alpha: 0.75, beta: 0, pad: 1}
			if !useSwap(p, packAuto, false, true, c.m, c.n, c.k, 0) {
				continue
			}
			t.Run(fmt.Sprintf("%s/%v", p.name, c), func(t *testing.T) {
				a, lda, b, ldb, c0, ldc := c.operands(rand.New(rand.NewPCG(5, 5)))
				swapped := append([]float32(nil), c0...)
				direct := append([]float32(nil), c0...)
				sgemm(p, packAuto, false, true, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, 0, swapped, ldc)
				sgemmBlocked(p, packAuto, false, true, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, 0, direct, ldc)
				for i := range direct {
					if math.Float32bits(swapped[i]) != math.Float32bits(direct[i]) && !(math.IsNaN(float64(swapped[i])) && math.IsNaN(float64(direct[i]))) {
						t.Fatalf("swapped Sgemm: C[%d] = %v; want the direct product's %v", i, swapped[i], direct[i])
					}
				}
			})
		}
	}
}
