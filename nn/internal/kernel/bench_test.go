package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// benchShapes are the products that dominate this project's training, plus a square reference.
var benchShapes = []struct {
	name           string
	transA, transB bool
	m, n, k        int
}{
	{"mlp_fwd_32x1024.1024x64", false, false, 32, 64, 1024},               // X·W, batch 32, 1024 -> 64
	{"mlp_dW_(32x1024)T.32x64", true, false, 1024, 64, 32},                // dW = Xᵀ·dY
	{"mlp_dX_32x64.(1024x64)T", false, true, 32, 1024, 64},                // dX = dY·Wᵀ
	{"ae_out_36x32.32x1024", false, false, 36, 1024, 32},                  // autoencoder output layer, batch 36
	{"conv1_im2col_25088x25.25x16", false, false, 32 * 28 * 28, 16, 25},   // batch 32, 28×28, 5×5 kernel, 16 maps
	{"conv2_im2col_3200x400.400x32", false, false, 32 * 10 * 10, 32, 400}, // batch 32, 10×10, 5×5×16, 32 maps
	{"square_1024", false, false, 1024, 1024, 1024},
	// The CNN of the peer benchmark as nn.Conv2D runs it: W·cols per chunk of 16 samples (K×css·css×np)
	// and the weight gradient dOut·colsᵀ.
	{"cnn_conv1_16x25.25x12544", false, false, 16, 12544, 25},
	{"cnn_conv2_32x400.400x1600", false, false, 32, 1600, 400},
	{"cnn_conv1_dW_16x12544.(25x12544)T", false, true, 16, 25, 12544},
	{"cnn_conv2_dW_32x1600.(400x1600)T", false, true, 32, 400, 1600},
}

// BenchmarkSgemm runs every shape through Sgemm, each kernel this CPU supports, the packAll path,
// the two-goroutine entry point and gonum's pure-Go Sgemm, reporting GFLOP/s = 2·m·n·k / time per call, over wall time and
// (on Linux) over the process's CPU time. Run with -cpu 1 for single-thread figures: gonum's Sgemm
// starts goroutines of its own.
func BenchmarkSgemm(b *testing.B) {
	for _, s := range benchShapes {
		ar, ac := s.m, s.k
		if s.transA {
			ar, ac = s.k, s.m
		}
		br, bc := s.k, s.n
		if s.transB {
			br, bc = s.n, s.k
		}
		rng := rand.New(rand.NewPCG(5, 6))
		x, y, z := matrix(rng, ar, ac, ac), matrix(rng, br, bc, bc), make([]float32, s.m*s.n)
		flops := 2 * float64(s.m) * float64(s.n) * float64(s.k)
		run := func(name string, f func()) {
			b.Run(fmt.Sprintf("%s/%s", s.name, name), func(b *testing.B) {
				b.ReportAllocs()
				f() // warm up: the first call allocates the packing buffers
				cpu0 := cpuTime()
				for b.Loop() {
					f()
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				if cpu := cpuTime() - cpu0; cpu0 > 0 && cpu > 0 {
					b.ReportMetric(flops*float64(b.N)/cpu.Seconds()/1e9, "GFLOP/s-cpu")
				}
			})
		}
		run("Sgemm", func() { Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, ac, y, bc, 0, z, s.n) })
		for _, p := range impls {
			run(p.name, func() { sgemm(p, packAuto, s.transA, s.transB, s.m, s.n, s.k, 1, x, ac, y, bc, 0, z, s.n) })
		}
		best := choose(s.n)
		run(best.name+"-packAll", func() { sgemm(best, packAll, s.transA, s.transB, s.m, s.n, s.k, 1, x, ac, y, bc, 0, z, s.n) })
		run(best.name+"-2threads", func() {
			sgemmParallel(best, packAuto, 2, s.transA, s.transB, s.m, s.n, s.k, 1, x, ac, y, bc, 0, z, s.n)
		})
		tA, tB := blas.NoTrans, blas.NoTrans
		if s.transA {
			tA = blas.Trans
		}
		if s.transB {
			tB = blas.Trans
		}
		run("gonum", func() { gonum.Implementation{}.Sgemm(tA, tB, s.m, s.n, s.k, 1, x, ac, y, bc, 0, z, s.n) })
	}
}

// BenchmarkSmall compares the small-m path with the blocked algorithm on one to six rows through the
// MLP's and the autoencoder's layers (the browser runs one image; smallRows is chosen from this).
func BenchmarkSmall(b *testing.B) {
	shapes := []struct {
		name string
		n, k int
	}{
		{"mlp_1024x64", 64, 1024},
		{"mlp_64x36", 36, 64},
		{"ae_1024x256", 256, 1024},
		{"ae_256x1024", 1024, 256},
		{"cnn_768x128", 128, 768},
	}
	p := impls[0]
	for _, s := range shapes {
		for m := 1; m <= smallRows+2; m++ {
			rng := rand.New(rand.NewPCG(5, 6))
			x, y, z := matrix(rng, m, s.k, s.k), matrix(rng, s.k, s.n, s.n), make([]float32, m*s.n)
			b.Run(fmt.Sprintf("%s/m=%d/small", s.name, m), func(b *testing.B) {
				cpuPerOp(b, func() { sgemmSmall(p, false, false, m, s.n, s.k, 1, x, s.k, y, s.n, 0, z, s.n) })
			})
			b.Run(fmt.Sprintf("%s/m=%d/blocked", s.name, m), func(b *testing.B) {
				cpuPerOp(b, func() { sgemmBlocked(p, packAuto, false, false, m, s.n, s.k, 1, x, s.k, y, s.n, 0, z, s.n) })
			})
		}
	}
}

// cpuPerOp runs f in the benchmark loop and reports, besides the wall time, the process's CPU time per
// call, which a loaded machine disturbs less.
func cpuPerOp(b *testing.B, f func()) {
	f() // warm up
	cpu0 := cpuTime()
	for b.Loop() {
		f()
	}
	if cpu := cpuTime() - cpu0; cpu0 > 0 && cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "ns-cpu/op")
	}
}

// BenchmarkSwap compares A·Bᵀ computed through its transpose (swap.go) with the direct blocked
// product, on the MLP's input gradient and the CNN's weight gradients.
func BenchmarkSwap(b *testing.B) {
	shapes := [][3]int{{32, 1024, 64}, {16, 25, 12544}, {32, 400, 1600}} // m, n, k
	p := impls[0]
	for _, s := range shapes {
		m, n, k := s[0], s[1], s[2]
		rng := rand.New(rand.NewPCG(5, 6))
		x, y, z := matrix(rng, m, k, k), matrix(rng, n, k, k), make([]float32, m*n)
		b.Run(fmt.Sprintf("%dx%dx%d/swapped", m, n, k), func(b *testing.B) {
			cpuPerOp(b, func() { sgemmSwapped(p, m, n, k, 1, x, k, y, k, z, n) })
		})
		b.Run(fmt.Sprintf("%dx%dx%d/direct", m, n, k), func(b *testing.B) {
			cpuPerOp(b, func() { sgemmBlocked(p, packAuto, false, true, m, n, k, 1, x, k, y, k, 0, z, n) })
		})
	}
}
