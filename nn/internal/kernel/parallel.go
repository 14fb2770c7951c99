package kernel

import "sync"

// maxParts caps the goroutines that one SgemmParallel call uses.
const maxParts = 64

// part is one block of C, computed by the serial sgemm, with the channel to report completion on.
type part struct {
	p              *impl
	pk             packing
	transA, transB bool
	m, n, k        int
	alpha, beta    float32
	a, b, c        []float32
	lda, ldb, ldc  int
	done           chan struct{}
}

func (t *part) run() {
	sgemm(t.p, t.pk, t.transA, t.transB, t.m, t.n, t.k, t.alpha, t.a, t.lda, t.b, t.ldb, t.beta, t.c, t.ldc)
}

// Worker goroutines are started on first need and then wait on parts for the rest of the program,
// so that a parallel call allocates nothing: a part travels by value and completion channels are
// reused.
var (
	parts     = make(chan part)
	workersMu sync.Mutex
	workers   int                           // goroutines started so far
	dones     = make(chan chan struct{}, 8) // free list of completion channels, each with room for maxParts signals
)

// ensureWorkers starts worker goroutines until there are at least n.
func ensureWorkers(n int) {
	workersMu.Lock()
	defer workersMu.Unlock()
	for ; workers < n; workers++ {
		go func() {
			for t := range parts {
				t.run()
				t.done <- struct{}{}
			}
		}()
	}
}

// sgemmParallel is SgemmParallel with an explicit kernel and packing policy.
func sgemmParallel(p *impl, pk packing, threads int, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
	// Cut along the longer side, into at most threads parts of whole tiles.
	splitM := m >= n
	size, tileSize := n, p.nr
	if splitM {
		size, tileSize = m, p.mr
	}
	tiles := (size + tileSize - 1) / tileSize
	nparts := min(max(threads, 1), tiles, maxParts)
	if nparts <= 1 || k == 0 || alpha == 0 {
		sgemm(p, pk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	ensureWorkers(nparts - 1)
	var done chan struct{}
	select {
	case done = <-dones:
	default:
		done = make(chan struct{}, maxParts)
	}
	for i := range nparts {
		lo := i * tiles / nparts * tileSize
		hi := min((i+1)*tiles/nparts*tileSize, size)
		t := part{p: p, pk: pk, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta,
			a: a, b: b, c: c, lda: lda, ldb: ldb, ldc: ldc, done: done}
		if splitM { // rows lo..hi of op(A) and C
			t.m, t.c = hi-lo, c[lo*ldc:]
			if transA {
				t.a = a[lo:]
			} else {
				t.a = a[lo*lda:]
			}
		} else { // columns lo..hi of op(B) and C
			t.n, t.c = hi-lo, c[lo:]
			if transB {
				t.b = b[lo*ldb:]
			} else {
				t.b = b[lo:]
			}
		}
		if i == nparts-1 {
			t.run() // the caller's goroutine takes the last part
			continue
		}
		parts <- t
	}
	for range nparts - 1 {
		<-done
	}
	select {
	case dones <- done:
	default:
	}
}
