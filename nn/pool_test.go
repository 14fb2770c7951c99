package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestPoolGradients(t *testing.T) {
	for _, tc := range []struct {
		name  string
		layer Layer[float64]
		in    int
	}{
		{"MaxPool 5x5x2 w2 s2", NewMaxPool[float64](2, 5, 5, 2, 2), 50},
		{"MaxPool 4x6x3 w3 s1", NewMaxPool[float64](3, 4, 6, 3, 1), 72},
		{"AvgPool 5x5x2 w2 s2", NewAvgPool[float64](2, 5, 5, 2, 2), 50},
		{"AvgPool 4x6x3 w3 s1", NewAvgPool[float64](3, 4, 6, 3, 1), 72},
		{"GlobalAvgPool 3x4x2", &GlobalAvgPool[float64]{C: 2, H: 3, W: 4}, 24},
		{"Flatten 2x3x4", &Flatten[float64]{C: 2, H: 3, W: 4}, 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkGrad(t, tc.layer, 2, tc.in) // N=2
		})
	}
}

func TestPoolForward(t *testing.T) {
	// One 1×4×4 image; 2×2 windows, stride 2.
	x := FromSlice(1, 16, []float64{
		1, 2, 0, -1,
		3, 4, -2, -3,
		0, 0, 5, 5,
		0, 9, 5, 6,
	})
	for _, tc := range []struct {
		name  string
		layer Layer[float64]
		want  []float64
	}{
		{"MaxPool", NewMaxPool[float64](1, 4, 4, 2, 2), []float64{4, 0, 9, 6}},
		{"AvgPool", NewAvgPool[float64](1, 4, 4, 2, 2), []float64{2.5, -1.5, 2.25, 5.25}},
		{"GlobalAvgPool", &GlobalAvgPool[float64]{C: 1, H: 4, W: 4}, []float64{34.0 / 16}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.layer.Forward(x)
			for i, w := range tc.want {
				if got.Data[i] != w {
					t.Fatalf("Forward(%v) = %v; want %v", x.Data, got.Data, tc.want)
				}
			}
		})
	}
}

// maxPoolNaive is the definition: each window's first largest value (in
// scan order) and its index in the input row.
func maxPoolNaive(x []float32, g ConvShape) ([]float32, []int32) {
	var y []float32
	var arg []int32
	for c := 0; c < g.C; c++ {
		for i := 0; i < g.OutH(); i++ {
			for j := 0; j < g.OutW(); j++ {
				best := -1
				for u := 0; u < g.Size; u++ {
					for v := 0; v < g.Size; v++ {
						k := (c*g.H+i*g.Stride+u)*g.W + j*g.Stride + v
						if best < 0 || x[k] > x[best] {
							best = k
						}
					}
				}
				y, arg = append(y, x[best]), append(arg, int32(best))
			}
		}
	}
	return y, arg
}

// TestMaxPoolMatchesNaive covers the 2×2 stride-2 fast path and the general
// loop on odd sizes, with many ties (values from {0, 1, 2}).
func TestMaxPoolMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, g := range []ConvShape{
		{C: 3, H: 6, W: 8, Size: 2, Stride: 2},
		{C: 2, H: 7, W: 5, Size: 2, Stride: 2}, // odd sides: the last row and column are dropped
		{C: 2, H: 7, W: 5, Size: 3, Stride: 2},
		{C: 1, H: 4, W: 6, Size: 2, Stride: 1},
	} {
		t.Run(fmt.Sprintf("%+v", g), func(t *testing.T) {
			l := NewMaxPool[float32](g.C, g.H, g.W, g.Size, g.Stride)
			x := NewMatrix[float32](3, g.In()) // 3 samples
			for i := range x.Data {
				x.Data[i] = float32(rng.IntN(3)) // 3 values: ties in most windows
			}
			got := l.Forward(x)
			dy := NewMatrix[float32](x.Rows, got.Cols)
			for i := range dy.Data {
				dy.Data[i] = float32(i + 1)
			}
			dx := l.Backward(dy, true)
			for n := 0; n < x.Rows; n++ {
				want, arg := maxPoolNaive(x.Row(n), g)
				wantDx := make([]float32, g.In())
				for o, k := range arg {
					wantDx[k] += dy.Row(n)[o]
				}
				for o := range want {
					if got.Row(n)[o] != want[o] || l.arg[n*len(want)+o] != arg[o] {
						t.Fatalf("sample %d: Forward[%d] = %v at %d; want %v at %d", n, o, got.Row(n)[o], l.arg[n*len(want)+o], want[o], arg[o])
					}
				}
				for k := range wantDx {
					if dx.Row(n)[k] != wantDx[k] {
						t.Fatalf("sample %d: Backward[%d] = %v; want %v", n, k, dx.Row(n)[k], wantDx[k])
					}
				}
			}
		})
	}
}

func BenchmarkMaxPool(b *testing.B) {
	l := NewMaxPool[float32](32, 32, 32, 2, 2)
	x := NewMatrix[float32](64, 32*32*32)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	for b.Loop() {
		l.Forward(x)
	}
}

// BenchmarkMaxPoolBackward is the backward pass of the peer CNN's first
// pool: 16×28×28 images, batch 32.
func BenchmarkMaxPoolBackward(b *testing.B) {
	l := NewMaxPool[float32](16, 28, 28, 2, 2)
	x := NewMatrix[float32](32, 16*28*28)
	rng := rand.New(rand.NewPCG(1, 1))
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	dy := l.Forward(x).Clone()
	for b.Loop() {
		l.Backward(dy, true)
	}
}
