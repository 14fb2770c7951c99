package nn

import (
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
