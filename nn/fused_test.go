package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// fusedShapes are convolutions followed by ReLU and a 2×2 pool that tiles
// their output: odd channel counts, unequal sides, padding, several chunks.
var fusedShapes = []struct {
	name  string
	g     ConvShape
	k     int
	batch int
}{
	{"12x10x1 k3 p0", ConvShape{C: 1, H: 12, W: 10, Size: 3, Stride: 1}, 3, 5},            // 10×8 → 5×4
	{"8x6x2 k3 p1", ConvShape{C: 2, H: 8, W: 6, Size: 3, Stride: 1, Pad: 1}, 5, 3},        // padded path, 8×6 → 4×3
	{"9x7x3 k2 s1", ConvShape{C: 3, H: 9, W: 7, Size: 2, Stride: 1}, 7, 1},                // 8×6 → 4×3, batch of one
	{"32x32x1 k5 (peer conv1)", ConvShape{C: 1, H: 32, W: 32, Size: 5, Stride: 1}, 16, 7}, // many chunks, odd batch
	{"14x14x16 k5 (peer conv2)", ConvShape{C: 16, H: 14, W: 14, Size: 5, Stride: 1}, 32, 9},
	{"11x11x2 k3 s2 p1", ConvShape{C: 2, H: 11, W: 11, Size: 3, Stride: 2, Pad: 1}, 3, 4}, // strided: 6×6 → 3×3
}

// fusedLayers returns a convolution of shape g with k filters (random
// weights and biases, from seed), a ReLU and the 2×2 pool over its output.
func fusedLayers(g ConvShape, k int, seed uint64) []Layer[float32] {
	rng := rand.New(rand.NewPCG(seed, seed))
	conv := NewConv2D[float32](g, k, rng)
	for i := range conv.B.Data {
		conv.B.Data[i] = float32(rng.NormFloat64() * 0.1) // 0.1: a few outputs change sign
	}
	return []Layer[float32]{conv, &ReLU[float32]{}, NewMaxPool[float32](k, g.OutH(), g.OutW(), 2, 2)}
}

// fusedInput is a batch of random images, centred so that about half the
// convolution's outputs are negative, with the second image all zero (every
// output is then its bias: ties in every window).
func fusedInput(rng *rand.Rand, batch int, g ConvShape) *Matrix[float32] {
	x := NewMatrix[float32](batch, g.In())
	for i := range x.Data {
		x.Data[i] = rng.Float32() - 0.5
	}
	if batch > 1 {
		clear(x.Row(1))
	}
	return x
}

func sameBits(a, b []float32) (int, bool) {
	if len(a) != len(b) {
		return -1, false
	}
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) {
			return i, false
		}
	}
	return 0, true
}

// TestConvReLUPoolMatchesLayers checks the fused convolution, ReLU and max
// pool against the three layers run one after the other, bit for bit: the
// output, the input gradient and the parameter gradients, for 1 and 2
// workers. Fusion only applies when the pool's shape comes from the
// convolution's, so a pool that does not tile it is checked to stay unfused.
func TestConvReLUPoolMatchesLayers(t *testing.T) {
	for _, tc := range fusedShapes {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers%d", tc.name, workers), func(t *testing.T) {
				ref, fl := fusedLayers(tc.g, tc.k, 1), fusedLayers(tc.g, tc.k, 1)
				f := fuseConvReLUPool(fl)
				if f == nil {
					t.Fatalf("fuseConvReLUPool(%+v, %d filters) = nil; want a fused layer", tc.g, tc.k)
				}
				for _, l := range append(ref, fl...) {
					l.(interface{ SetWorkers(int) }).SetWorkers(workers)
				}
				rng := rand.New(rand.NewPCG(2, 2))
				x := fusedInput(rng, tc.batch, tc.g)
				for round := range 2 { // the second round reuses every buffer
					want := x
					for _, l := range ref {
						want = l.Forward(want)
					}
					got := f.Forward(x)
					if i, ok := sameBits(got.Data, want.Data); !ok {
						t.Fatalf("workers %d round %d: Forward()[%d] = %v; want %v", workers, round, i, got.Data[i], want.Data[i])
					}
					dy := NewMatrix[float32](want.Rows, want.Cols)
					for i := range dy.Data {
						dy.Data[i] = float32(rng.NormFloat64())
					}
					wantDx := dy
					for i := 2; i >= 0; i-- {
						wantDx = ref[i].Backward(wantDx, true)
					}
					gotDx := f.Backward(dy, true)
					if i, ok := sameBits(gotDx.Data, wantDx.Data); !ok {
						t.Fatalf("workers %d round %d: Backward dx[%d] = %v; want %v", workers, round, i, gotDx.Data[i], wantDx.Data[i])
					}
					for p, rp := range ref[0].Params() {
						gp := fl[0].Params()[p]
						if i, ok := sameBits(gp.Grad.Data, rp.Grad.Data); !ok {
							t.Fatalf("workers %d round %d: d%s[%d] = %v; want %v", workers, round, rp.Name, i, gp.Grad.Data[i], rp.Grad.Data[i])
						}
					}
				}
			})
		}
	}
	t.Run("not fused", func(t *testing.T) {
		g := ConvShape{C: 1, H: 9, W: 9, Size: 3, Stride: 1} // 7×7 output: 2×2 windows do not tile it
		conv := NewConv2D[float32](g, 2, rand.New(rand.NewPCG(1, 1)))
		for _, layers := range [][]Layer[float32]{
			{conv, &ReLU[float32]{}, NewMaxPool[float32](2, 7, 7, 2, 2)},
			{conv, &Sigmoid[float32]{}, NewMaxPool[float32](2, 7, 7, 2, 2)},
			{conv, &ReLU[float32]{}, NewMaxPool[float32](2, 7, 7, 3, 2)},
			{conv, &ReLU[float32]{}},
		} {
			if f := fuseConvReLUPool(layers); f != nil {
				t.Errorf("fuseConvReLUPool(%T, %T, …) fused; want nil", layers[0], layers[1])
			}
		}
		if f := fuseConvReLUPool(fusedLayers64()); f != nil {
			t.Errorf("fuseConvReLUPool(float64 layers) fused; want nil (float32 only)")
		}
	})
}

func fusedLayers64() []Layer[float64] {
	g := ConvShape{C: 1, H: 6, W: 6, Size: 3, Stride: 1}
	return []Layer[float64]{NewConv2D[float64](g, 2, rand.New(rand.NewPCG(1, 1))), &ReLU[float64]{}, NewMaxPool[float64](2, 4, 4, 2, 2)}
}

// fusedNet is a small network with two fusable runs and a layer before the
// first, so that the first run's input gradient is needed too.
func fusedNet() *Network[float32] {
	rng := rand.New(rand.NewPCG(6, 6))
	return NewNetwork[float32](
		&ReLU[float32]{},
		NewConv2D[float32](ConvShape{C: 1, H: 18, W: 14, Size: 3, Stride: 1}, 4, rng), &ReLU[float32]{}, NewMaxPool[float32](4, 16, 12, 2, 2),
		NewConv2D[float32](ConvShape{C: 4, H: 8, W: 6, Size: 3, Stride: 1, Pad: 1}, 6, rng), &ReLU[float32]{}, NewMaxPool[float32](6, 8, 6, 2, 2),
		&Flatten[float32]{C: 6, H: 4, W: 3},
		NewDense[float32](72, 5, rng), &Softmax[float32]{},
	)
}

// TestNetworkFusedMatchesLayers trains a network (fused) and the same
// network layer by layer, through Backward from the last layer and from a
// layer inside a fused run, and checks every gradient agrees bit for bit.
func TestNetworkFusedMatchesLayers(t *testing.T) {
	const batch = 5 // odd
	rng := rand.New(rand.NewPCG(7, 7))
	x := fusedInput(rng, batch, ConvShape{C: 1, H: 18, W: 14})
	net, ref := fusedNet(), fusedNet()
	if s := net.steps(); len(s) != len(net.Layers)-4 {
		t.Fatalf("the plan has %d steps for %d layers; want %d (two fused runs)", len(s), len(net.Layers), len(net.Layers)-4)
	}
	for _, last := range []int{len(net.Layers) - 2, 5, 6, 2} { // logits; inside and at the end of the second run; inside the first
		t.Run(fmt.Sprintf("last%d", last), func(t *testing.T) {
			net.ZeroGrad()
			ref.ZeroGrad()
			got := net.Forward(x)
			want := x
			for _, l := range ref.Layers {
				want = l.Forward(want)
			}
			if i, ok := sameBits(got.Data, want.Data); !ok {
				t.Fatalf("Forward()[%d] = %v; want %v", i, got.Data[i], want.Data[i])
			}
			// dy for the output of layer last, in the reference's shape.
			h := x
			for _, l := range ref.Layers[:last+1] {
				h = l.Forward(h)
			}
			dy := NewMatrix[float32](h.Rows, h.Cols)
			for i := range dy.Data {
				dy.Data[i] = float32(rng.NormFloat64())
			}
			net.Backward(dy, last)
			for i := last; i >= 0; i-- {
				dy = ref.Layers[i].Backward(dy, i > 0)
			}
			for p, rp := range ref.Params() {
				gp := net.Params()[p]
				if i, ok := sameBits(gp.Grad.Data, rp.Grad.Data); !ok {
					t.Fatalf("Backward(dy, %d): param %d (%s) grad[%d] = %v; want %v", last, p, rp.Name, i, gp.Grad.Data[i], rp.Grad.Data[i])
				}
			}
		})
	}
	// A changed layer list gets a new plan.
	net.Layers = net.Layers[:4]
	if s := net.steps(); len(s) != 2 {
		t.Errorf("after cutting to 4 layers the plan has %d steps; want 2", len(s))
	}
}
