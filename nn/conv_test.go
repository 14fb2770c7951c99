package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

// convNaive is the reference convolution: the definition, loop by loop.
func convNaive(x *Matrix[float64], g ConvShape, k int, w, b []float64) *Matrix[float64] {
	oh, ow := g.OutH(), g.OutW()
	y := NewMatrix[float64](x.Rows, k*oh*ow)
	for n := 0; n < x.Rows; n++ {
		in, out := x.Row(n), y.Row(n)
		for f := 0; f < k; f++ {
			for i := 0; i < oh; i++ {
				for j := 0; j < ow; j++ {
					s := b[f]
					for c := 0; c < g.C; c++ {
						for u := 0; u < g.Size; u++ {
							for v := 0; v < g.Size; v++ {
								yy, xx := i*g.Stride+u-g.Pad, j*g.Stride+v-g.Pad
								if yy < 0 || yy >= g.H || xx < 0 || xx >= g.W {
									continue
								}
								s += w[f*g.C*g.Size*g.Size+(c*g.Size+u)*g.Size+v] * in[(c*g.H+yy)*g.W+xx]
							}
						}
					}
					out[(f*oh+i)*ow+j] = s
				}
			}
		}
	}
	return y
}

// convShapes are tiny, unequal geometries: every stride/padding combination
// the fast path branches on (stride 1 copies runs, other strides gather).
var convShapes = []struct {
	name string
	g    ConvShape
	k    int
}{
	{"5x5x2 k3 s2 p1", ConvShape{C: 2, H: 5, W: 5, Size: 3, Stride: 2, Pad: 1}, 3},
	{"4x6x3 k3 s1 p1", ConvShape{C: 3, H: 4, W: 6, Size: 3, Stride: 1, Pad: 1}, 2},
	{"6x5x1 k2 s1 p0", ConvShape{C: 1, H: 6, W: 5, Size: 2, Stride: 1, Pad: 0}, 4},
	{"7x7x2 k5 s1 p2", ConvShape{C: 2, H: 7, W: 7, Size: 5, Stride: 1, Pad: 2}, 3},
	{"5x6x2 k3 s3 p0", ConvShape{C: 2, H: 5, W: 6, Size: 3, Stride: 3, Pad: 0}, 2},
	{"3x1x2 k3 s1 p2", ConvShape{C: 2, H: 3, W: 1, Size: 3, Stride: 1, Pad: 2}, 3},  // windows wider than the image
	{"9x4x1 k4 s2 p1", ConvShape{C: 1, H: 9, W: 4, Size: 4, Stride: 2, Pad: 1}, 9},  // even window, 9 filters
	{"12x10x1 k5 s1 p0", ConvShape{C: 1, H: 12, W: 10, Size: 5, Stride: 1}, 5},      // the peer's first layer, smaller
	{"6x7x3 k3 s2 p0", ConvShape{C: 3, H: 6, W: 7, Size: 3, Stride: 2, Pad: 0}, 11}, // odd sizes, 11 filters
}

// im2colNaive is the definition of im2col: entry ((c·S+u)·S+v, i·OW+j) is
// the input pixel under window offset (u, v) of output pixel (i, j), or 0.
func im2colNaive(x []float64, g ConvShape) [][]float64 {
	oh, ow := g.OutH(), g.OutW()
	var cols [][]float64
	for c := 0; c < g.C; c++ {
		for u := 0; u < g.Size; u++ {
			for v := 0; v < g.Size; v++ {
				row := make([]float64, oh*ow)
				for i := 0; i < oh; i++ {
					for j := 0; j < ow; j++ {
						yy, xx := i*g.Stride+u-g.Pad, j*g.Stride+v-g.Pad
						if yy >= 0 && yy < g.H && xx >= 0 && xx < g.W {
							row[i*ow+j] = x[(c*g.H+yy)*g.W+xx]
						}
					}
				}
				cols = append(cols, row)
			}
		}
	}
	return cols
}

// col2imNaive is the adjoint of im2colNaive: every entry of cols is added
// onto the input pixel it was read from, window offsets (u, v) in order.
func col2imNaive(cols [][]float64, g ConvShape) []float64 {
	oh, ow := g.OutH(), g.OutW()
	dx := make([]float64, g.In())
	r := 0
	for c := 0; c < g.C; c++ {
		for u := 0; u < g.Size; u++ {
			for v := 0; v < g.Size; v++ {
				for i := 0; i < oh; i++ {
					for j := 0; j < ow; j++ {
						yy, xx := i*g.Stride+u-g.Pad, j*g.Stride+v-g.Pad
						if yy >= 0 && yy < g.H && xx >= 0 && xx < g.W {
							dx[(c*g.H+yy)*g.W+xx] += cols[r][i*ow+j]
						}
					}
				}
				r++
			}
		}
	}
	return dx
}

// TestIm2colMatchesNaive checks im2col against its definition and col2im
// against its adjoint's, both at an offset inside wider rows (as in a chunk).
func TestIm2colMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, tc := range convShapes {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.g
			p := g.OutH() * g.OutW()
			const off, pad = 3, 5 // the image's columns start at 3 in rows 3+p+5 long
			ld, css := off+p+pad, g.C*g.Size*g.Size
			x := randMatrix(rng, 1, g.In()).Data
			want := im2colNaive(x, g)
			cols := make([]float64, css*ld)
			for i := range cols {
				cols[i] = math.NaN() // every entry of the block must be written
			}
			im2col(cols, ld, off, x, g)
			for r := 0; r < css; r++ {
				for q := 0; q < p; q++ {
					if got := cols[r*ld+off+q]; got != want[r][q] {
						t.Fatalf("im2col[%d][%d] = %v; want %v", r, q, got, want[r][q])
					}
				}
			}
			// col2im: the same rows of random gradients, summed back by the definition.
			src := make([][]float64, css)
			grad := make([]float64, css*ld)
			for r := range src {
				src[r] = randMatrix(rng, 1, p).Data
				copy(grad[r*ld+off:], src[r])
			}
			wantDx := col2imNaive(src, g)
			dx := make([]float64, g.In())
			col2im(dx, grad, ld, off, g)
			for i := range dx {
				if dx[i] != wantDx[i] {
					t.Fatalf("col2im[%d] = %v; want %v", i, dx[i], wantDx[i])
				}
			}
		})
	}
}

func newTestConv(rng *rand.Rand, g ConvShape, k int) *Conv2D[float64] {
	l := NewConv2D[float64](g, k, rng)
	for i := range l.B.Data { // a non-zero bias exercises dB properly
		l.B.Data[i] = rng.NormFloat64()
	}
	return l
}

func TestConv2DMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range convShapes {
		t.Run(tc.name, func(t *testing.T) {
			l := newTestConv(rng, tc.g, tc.k)
			// 70 samples: several chunks of convChunk, the last one partial.
			x := randMatrix(rng, 70, tc.g.In())
			want := convNaive(x, tc.g, tc.k, l.W.Data, l.B.Data)
			for _, workers := range []int{1, 2} {
				l.Workers = workers
				got := l.Forward(x)
				if worst, gap := maxGap(got.Data, want.Data); gap > 1e-12 {
					t.Errorf("workers %d: Forward = %v at %d; want %v", workers, got.Data[worst], worst, want.Data[worst])
				}
			}
		})
	}
}

func maxGap(a, b []float64) (int, float64) {
	worst, gap := 0, 0.0
	for i := range a {
		if d := math.Abs(a[i] - b[i]); d > gap || math.IsNaN(d) {
			worst, gap = i, d
		}
	}
	return worst, gap
}

func TestConv2DGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range convShapes {
		t.Run(tc.name, func(t *testing.T) {
			checkGrad(t, newTestConv(rng, tc.g, tc.k), 2, tc.g.In()) // N=2: tiny and unequal to every size
		})
	}
}

// TestConv2DWorkersBitIdentical: the chunked batch gives the same bits
// whatever the number of goroutines, which keeps training reproducible.
func TestConv2DWorkersBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	g := ConvShape{C: 2, H: 8, W: 8, Size: 3, Stride: 1, Pad: 1}
	x32 := NewMatrix[float32](3*convChunk+5, g.In()) // 4 chunks, the last partial
	for i := range x32.Data {
		x32.Data[i] = float32(rng.NormFloat64())
	}
	dy := NewMatrix[float32](x32.Rows, 4*64)
	for i := range dy.Data {
		dy.Data[i] = float32(rng.NormFloat64())
	}
	var dws [][]float32
	var dxs [][]float32
	for _, workers := range []int{1, 2, 3} {
		l := NewConv2D[float32](g, 4, rand.New(rand.NewPCG(3, 3)))
		l.Workers = workers
		l.Forward(x32)
		dx := l.Backward(dy, true)
		dws = append(dws, append([]float32(nil), l.dW.Data...))
		dxs = append(dxs, append([]float32(nil), dx.Data...))
	}
	for w := 1; w < len(dws); w++ {
		for i := range dws[0] {
			if dws[w][i] != dws[0][i] {
				t.Fatalf("dW[%d] with %d workers = %v; with 1 worker %v", i, w+1, dws[w][i], dws[0][i])
			}
		}
		for i := range dxs[0] {
			if dxs[w][i] != dxs[0][i] {
				t.Fatalf("dx[%d] with %d workers = %v; with 1 worker %v", i, w+1, dxs[w][i], dxs[0][i])
			}
		}
	}
}

// testConvNetwork is a small CNN with every image layer, for the codec tests.
func testConvNetwork() *Network[float32] {
	rng := rand.New(rand.NewPCG(7, 7))
	n := NewNetwork[float32](
		NewConv2D[float32](ConvShape{C: 1, H: 8, W: 8, Size: 3, Stride: 1, Pad: 1}, 4, rng),
		NewBatchNorm[float32](4, 8, 8), &ReLU[float32]{},
		NewMaxPool[float32](4, 8, 8, 2, 2),
		NewConv2D[float32](ConvShape{C: 4, H: 4, W: 4, Size: 3, Stride: 2, Pad: 1}, 6, rng),
		NewAvgPool[float32](6, 2, 2, 2, 1),
		&GlobalAvgPool[float32]{C: 6, H: 1, W: 1},
		&Flatten[float32]{C: 6, H: 1, W: 1},
		NewDropout[float32](0.25, rng),
		NewDense[float32](6, 3, rng), &Softmax[float32]{},
	)
	n.Meta = Meta{Model: "cnn", Classes: []string{"a", "b", "c"}, Input: []int{1, 8, 8}, Seed: 7}
	return n
}

func TestConvNetworkRoundTrip(t *testing.T) {
	n := testConvNetwork()
	bn := n.Layers[1].(*BatchNorm[float32])
	for i := range bn.Mean.Data { // running statistics must survive the round trip
		bn.Mean.Data[i], bn.Var.Data[i] = float32(i)/10, 1+float32(i)
	}
	data := encode(t, n)
	got, err := Load[float32](bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if in := got.InputSize(); in != 64 {
		t.Errorf("InputSize() = %d; want 64", in)
	}
	x := NewMatrix[float32](2, 64)
	for i := range x.Data {
		x.Data[i] = float32(i%7) / 7
	}
	if a, b := n.Forward(x), got.Forward(x); !equalMatrix(a, b) {
		t.Errorf("loaded network computes %v; original %v", b.Data, a.Data)
	}
	if again := encode(t, got); !bytes.Equal(again, data) {
		t.Error("Save(Load(b)) != b")
	}
}

// TestLoadBadConvSpecs: impossible image layers are refused with ErrFormat.
func TestLoadBadConvSpecs(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    Spec
	}{
		{"zero stride", Spec{Type: "conv2d", C: 1, H: 4, W: 4, K: 2, Size: 3}},
		{"window larger than image", Spec{Type: "maxpool", C: 1, H: 2, W: 2, Size: 3, Stride: 1}},
		{"pad as large as window", Spec{Type: "conv2d", C: 1, H: 4, W: 4, K: 2, Size: 3, Stride: 1, Pad: 3}},
		{"padded pool", Spec{Type: "avgpool", C: 1, H: 4, W: 4, Size: 2, Stride: 2, Pad: 1}},
		{"no filters", Spec{Type: "conv2d", C: 1, H: 4, W: 4, Size: 3, Stride: 1}},
		{"empty image", Spec{Type: "batchnorm", C: 3}},
		{"huge image", Spec{Type: "flatten", C: 1 << 20, H: 1 << 20, W: 1 << 20}},
		{"huge im2col", Spec{Type: "conv2d", C: 1, H: 1, W: 1, K: 1, Size: 4000, Stride: 1, Pad: 3999}},
		{"dropout rate 1", Spec{Type: "dropout", Rate: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.s.check(); err == nil {
				t.Errorf("check(%+v) = nil; want an error", tc.s)
			}
		})
	}
}

// TestLoadConvChain: a conv net whose layers do not connect is refused.
func TestLoadConvChain(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	n := NewNetwork[float32](
		NewConv2D[float32](ConvShape{C: 1, H: 8, W: 8, Size: 3, Stride: 1, Pad: 0}, 4, rng), // 4×6×6 out
		NewMaxPool[float32](4, 8, 8, 2, 2),                                                  // expects 4×8×8
	)
	if _, err := Load[float32](bytes.NewReader(encode(t, n))); err == nil {
		t.Error("Load(conv 4×6×6 into pool over 4×8×8) = nil error; want ErrFormat")
	}
}

func BenchmarkConv2DForward(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, batch := range []int{1, 64} {
		b.Run(map[int]string{1: "N1", 64: "N64"}[batch], func(b *testing.B) {
			l := NewConv2D[float32](ConvShape{C: 16, H: 16, W: 16, Size: 3, Stride: 1, Pad: 1}, 32, rng)
			x := NewMatrix[float32](batch, 16*16*16)
			l.Forward(x)
			b.ReportAllocs()
			for b.Loop() {
				l.Forward(x)
			}
		})
	}
}

// TestSpan compares span with a scan of every output position.
func TestSpan(t *testing.T) {
	for n := 1; n <= 6; n++ {
		for shift := -5; shift <= 5; shift++ {
			for s := 1; s <= 3; s++ {
				for out := 0; out <= 7; out++ {
					lo, hi := span(n, shift, s, out)
					for o := 0; o < out; o++ {
						inside := o*s+shift >= 0 && o*s+shift < n
						if inside != (o >= lo && o < hi) {
							t.Fatalf("span(%d, %d, %d, %d) = [%d, %d); position %d inside = %v", n, shift, s, out, lo, hi, o, inside)
						}
					}
					if lo > hi || hi > out {
						t.Fatalf("span(%d, %d, %d, %d) = [%d, %d); want 0 ≤ lo ≤ hi ≤ out", n, shift, s, out, lo, hi)
					}
				}
			}
		}
	}
}

// TestFill covers the lengths around fill's hand-written start and its doublings.
func TestFill(t *testing.T) {
	for n := range 40 {
		x := make([]float32, n+1)
		x[n] = -1 // a sentinel past the end
		fill(x[:n], 2.5)
		for i, v := range x[:n] {
			if v != 2.5 {
				t.Fatalf("fill of %d: [%d] = %v; want 2.5", n, i, v)
			}
		}
		if x[n] != -1 {
			t.Fatalf("fill of %d wrote past the end", n)
		}
	}
}

// TestConv2DFloat32Backward checks the float32 paths (vector im2col and
// col2im, dot products, GEMM, directGrad or directGradK32 for dW,
// direct5x5's and directK32's forward, directDx)
// against float64 on the same numbers, for a weight gradient below and
// above convDots; the output is checked too.
func TestConv2DFloat32Backward(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 12))
	for _, tc := range []struct {
		name string
		g    ConvShape
		k    int
	}{
		{"dots 12x10x1 k5 (125 values)", ConvShape{C: 1, H: 12, W: 10, Size: 5, Stride: 1}, 5},
		{"gemm 9x9x16 k3 p1 (2304 values)", ConvShape{C: 16, H: 9, W: 9, Size: 3, Stride: 1, Pad: 1}, 16},
		{"direct 13x11x1 k5 16 filters", ConvShape{C: 1, H: 13, W: 11, Size: 5, Stride: 1}, 16},       // direct5x5 and directGrad with AVX-512
		{"direct 7x37x1 k5 8 filters", ConvShape{C: 1, H: 7, W: 37, Size: 5, Stride: 1}, 8},           // direct5x5, rows of 33: two blocks
		{"k32 9x15x3 k3 p1 32 filters", ConvShape{C: 3, H: 9, W: 15, Size: 3, Stride: 1, Pad: 1}, 32}, // directK32 on the padded image, rows of 12 + 3
		{"k32 14x14x16 k5 32 filters", ConvShape{C: 16, H: 14, W: 14, Size: 5, Stride: 1}, 32},        // directK32 and directGradK32, the peer's second layer
		{"k32 7x9x3 k5 p2 32 filters", ConvShape{C: 3, H: 7, W: 9, Size: 5, Stride: 1, Pad: 2}, 32},   // both on the padded image, 15 window rows
		{"dx 9x20x16 k5 3 filters", ConvShape{C: 16, H: 9, W: 20, Size: 5, Stride: 1}, 3},             // directDx with rows of 16
	} {
		t.Run(tc.name, func(t *testing.T) {
			l64 := newTestConv(rng, tc.g, tc.k)
			l32 := newConv2D[float32](tc.g, tc.k)
			for i, v := range l64.W.Data {
				l32.W.Data[i] = float32(v)
			}
			for i, v := range l64.B.Data {
				l32.B.Data[i] = float32(v)
			}
			const n = 37 // samples: several uneven chunks
			x64 := randMatrix(rng, n, tc.g.In())
			dy64 := randMatrix(rng, n, l64.OutSize())
			x32, dy32 := NewMatrix[float32](n, tc.g.In()), NewMatrix[float32](n, l64.OutSize())
			for i, v := range x64.Data {
				x32.Data[i] = float32(v)
			}
			for i, v := range dy64.Data {
				dy32.Data[i] = float32(v)
			}
			y64 := l64.Forward(x64)
			dx64 := l64.Backward(dy64, true)
			y32 := l32.Forward(x32)
			dx32 := l32.Backward(dy32, true)
			for _, c := range []struct {
				name string
				got  []float32
				want []float64
			}{{"y", y32.Data, y64.Data}, {"dW", l32.dW.Data, l64.dW.Data}, {"dB", l32.dB.Data, l64.dB.Data}, {"dx", dx32.Data, dx64.Data}} {
				for i, w := range c.want {
					// float32 sums of up to n·P products of unit-size values
					if g := float64(c.got[i]); math.Abs(g-w) > 1e-3*(1+math.Abs(w)) {
						t.Fatalf("%s[%d] = %v; want %v", c.name, i, g, w)
					}
				}
			}
		})
	}
}
