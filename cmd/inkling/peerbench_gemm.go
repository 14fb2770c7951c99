package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"

	"inkling/nn"
)

// gemmShapes are the MLP's three training products, named as ../shared/bench/gemm.py names them:
// (m×k)·(k×n) with the stored operand transposed where the name says T.
var gemmShapes = []struct {
	name    string
	m, k, n int
	ta, tb  bool
}{
	{"fc_fwd_32x1024@1024x64", 32, 1024, 64, false, false},
	{"fc_gradW_(32x1024)T@32x64", 1024, 32, 64, true, false},
	{"fc_gradX_32x64@(1024x64)T", 32, 64, 1024, false, true},
}

// gemmPeer times the shapes with gemm.py's own bench() and operands, float32, one OpenBLAS thread,
// and prints one JSON line per shape.
const gemmPeer = `
import json, numpy as np, threadpoolctl, gemm
rng = np.random.default_rng(0)
with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
    for name, m, k, n in [s for s in gemm.SHAPES if s[0].startswith("fc_")]:
        A = rng.random((k, m)).T if name.startswith("fc_gradW") else rng.random((m, k))
        B = rng.random((n, k)).T if name.endswith(")T") else rng.random((k, n))
        A, B = A.astype(np.float32, order="K"), B.astype(np.float32, order="K")
        best, med = gemm.bench(A, B)
        print(json.dumps(dict(shape=name, gflops_median=2.0 * m * k * n / med / 1e9)), flush=True)
`

// gemmRound runs numpy's side, then ours, back to back, and appends each shape's median GFLOP/s to
// rates under "shape|numpy" and "shape|inkling".
func gemmRound(python, peerDir string, noPeers bool, rates map[string][]float64) error {
	if !noPeers {
		cmd := exec.Command(python, "-c", gemmPeer)
		cmd.Dir = peerDir
		cmd.Env = append(os.Environ(), "OMP_NUM_THREADS=1", "OPENBLAS_NUM_THREADS=1")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%w: %s", err, strings.TrimSpace(errb.String()))
		}
		for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
			var r struct {
				Shape  string  `json:"shape"`
				GFlops float64 `json:"gflops_median"`
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				return fmt.Errorf("reading %q: %w", line, err)
			}
			rates[r.Shape+"|numpy"] = append(rates[r.Shape+"|numpy"], r.GFlops)
			fmt.Fprintf(os.Stderr, "gemm %s numpy float32: %.1f GFLOP/s\n", r.Shape, r.GFlops)
		}
	}
	rng := rand.New(rand.NewPCG(0, 0))
	for _, s := range gemmShapes {
		a, b, c := make([]float32, s.m*s.k), make([]float32, s.k*s.n), make([]float32, s.m*s.n)
		for i := range a {
			a[i] = rng.Float32()
		}
		for i := range b {
			b[i] = rng.Float32()
		}
		lda, ldb := s.k, s.n
		if s.ta {
			lda = s.m
		}
		if s.tb {
			ldb = s.k
		}
		med := benchLikeGemmPy(func() { nn.Sgemm(s.ta, s.tb, s.m, s.n, s.k, 1, a, lda, b, ldb, 0, c, s.n) })
		g := 2 * float64(s.m) * float64(s.k) * float64(s.n) / med / 1e9
		rates[s.name+"|inkling"] = append(rates[s.name+"|inkling"], g)
		fmt.Fprintf(os.Stderr, "gemm %s inkling float32: %.1f GFLOP/s\n", s.name, g)
	}
	return nil
}

// benchLikeGemmPy is gemm.py's bench(): a warm-up call, a call count doubled until a batch takes a
// quarter of 0.25 s, scaled to 0.25 s, then 7 timed batches; it returns the median seconds per call.
func benchLikeGemmPy(f func()) float64 {
	const minTime, repeats = 0.25, 7
	f()
	n, t := 1, 0.0
	for t < minTime/4 {
		n *= 2
		start := time.Now()
		for range n {
			f()
		}
		t = time.Since(start).Seconds()
	}
	n = max(1, int(float64(n)*minTime/t))
	times := make([]float64, repeats)
	for i := range times {
		start := time.Now()
		for range n {
			f()
		}
		times[i] = time.Since(start).Seconds() / float64(n)
	}
	sort.Float64s(times)
	return times[repeats/2]
}

func printGemmTable(rates map[string][]float64) {
	fmt.Println("| GEMM float32, 1 thread | inkling GFLOP/s | numpy (OpenBLAS) GFLOP/s | inkling ÷ OpenBLAS |")
	fmt.Println("|---|---|---|---|")
	for _, s := range gemmShapes {
		ours, peer := medianOf(rates[s.name+"|inkling"]), medianOf(rates[s.name+"|numpy"])
		ratio := "–"
		if ours > 0 && peer > 0 {
			ratio = fmt.Sprintf("%.0f %%", 100*ours/peer)
		}
		fmt.Printf("| %s | %.1f | %.1f | %s |\n", s.name, ours, peer, ratio)
	}
}
