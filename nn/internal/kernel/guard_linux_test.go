package kernel

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"unsafe"
)

// guarded returns a slice holding x's values whose last element is the last word before an
// inaccessible page, so that a kernel reading or writing past the end of the slice faults instead of
// silently touching the slack that make leaves after a small allocation.
func guarded(t *testing.T, x []float32) []float32 {
	t.Helper()
	page := syscall.Getpagesize()
	size := (len(x)*4+page-1)/page*page + page
	mem, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatalf("mmap: %v", err)
	}
	t.Cleanup(func() { syscall.Munmap(mem) })
	if err := syscall.Mprotect(mem[size-page:], syscall.PROT_NONE); err != nil {
		t.Fatalf("mprotect: %v", err)
	}
	end := size - page
	g := unsafe.Slice((*float32)(unsafe.Pointer(&mem[end-len(x)*4])), len(x))
	copy(g, x)
	return g
}

// TestSgemmGuardPages runs small products whose A, B and C end exactly at an unmapped page through
// every kernel and packing policy: the lead's report of a fault at m=1, n=8, k=16 was a kernel touching
// memory past the end of C, which a test on Go-allocated slices cannot see.
func TestSgemmGuardPages(t *testing.T) {
	shapes := [][3]int{ // m, n, k
		{1, 8, 16}, // the reported fault: one sample through a 16→8 Dense layer
		{1, 1, 1}, {1, 3, 2}, {2, 17, 5}, {3, 33, 7}, {4, 65, 9}, {5, 31, 4}, {8, 32, 16}, {9, 35, 3}, {1, 80, 3},
		{33, 90, 200}, // A·Bᵀ through its transpose (swap.go)
	}
	for _, p := range impls {
		for _, pp := range packings {
			t.Run(p.name+"/"+pp.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(9, 9))
				for _, s := range shapes {
					for _, ab := range [][2]float32{{1, 0}, {0.5, 1}} { // alpha, beta: overwrite and accumulate
						for _, tA := range []bool{false, true} {
							for _, tB := range []bool{false, true} {
								c := gemmCase{tA, tB, s[0], s[1], s[2], ab[0], ab[1], 0}
								a, lda, b, ldb, c0, ldc := c.operands(rng)
								if c.beta == 0 {
									clear(c0) // NaN-free, so that the guarded copy compares cleanly
								}
								want := append([]float32(nil), c0...)
								ga, gb, gc := guarded(t, a), guarded(t, b), guarded(t, c0)
								sgemm(p, pp.pk, c.transA, c.transB, c.m, c.n, c.k, c.alpha, ga, lda, gb, ldb, c.beta, gc, ldc)
								refGemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, want, ldc)
								check(t, c, a, lda, b, ldb, c0, gc, want, ldc)
							}
						}
					}
				}
			})
		}
	}
}
