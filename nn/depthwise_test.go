package nn

import (
	"bytes"
	"math"
	"math/rand/v2"
	"testing"
)

func TestMobileLayerGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	dw := func(g ConvShape) *DepthwiseConv2D[float64] {
		l := NewDepthwiseConv2D[float64](g, rng)
		for i := range l.B.Data { // a non-zero bias exercises dB properly
			l.B.Data[i] = rng.NormFloat64()
		}
		return l
	}
	for _, tc := range []struct {
		name  string
		layer Layer[float64]
		in    int
	}{
		// Tiny, unequal sizes; both the stride-1 'same' and the stride-2 valid forms MobileNet uses.
		{"Depthwise s1 p1", dw(ConvShape{C: 2, H: 5, W: 4, Size: 3, Stride: 1, Pad: 1}), 2 * 5 * 4},
		{"Depthwise s2 p0", dw(ConvShape{C: 3, H: 5, W: 6, Size: 3, Stride: 2}), 3 * 5 * 6},
		{"ZeroPad", &ZeroPad[float64]{C: 2, H: 3, W: 4, Pad: 1}, 2 * 3 * 4},
		{"ReLU6", &ReLU6[float64]{}, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := tc.layer.(*ReLU6[float64]); ok {
				// Spread inputs over both kinks (0 and 6): checkGrad draws N(0,1), so scale via a wrapper.
				checkGrad(t, &scaled{tc.layer, 5}, 2, tc.in)
				return
			}
			checkGrad(t, tc.layer, 2, tc.in)
		})
	}
}

// scaled multiplies its input by k before the wrapped layer, so that a
// standard-normal test input reaches the layer's whole range.
type scaled struct {
	Layer[float64]
	k float64
}

func (s *scaled) Forward(x *Matrix[float64]) *Matrix[float64] {
	y := x.Clone()
	for i := range y.Data {
		y.Data[i] *= s.k
	}
	return s.Layer.Forward(y)
}

func (s *scaled) Backward(dy *Matrix[float64], wantDx bool) *Matrix[float64] {
	dx := s.Layer.Backward(dy, wantDx).Clone()
	for i := range dx.Data {
		dx.Data[i] *= s.k
	}
	return dx
}

// depthwiseShapes are the shapes the depthwise tests run: both kinds of
// loop (the 3×3 'same' one and the general one), strides 1 to 3, a filter
// wider than its image.
var depthwiseShapes = []ConvShape{
	{C: 3, H: 5, W: 6, Size: 3, Stride: 2},
	{C: 2, H: 4, W: 5, Size: 3, Stride: 1, Pad: 1},
	{C: 2, H: 7, W: 6, Size: 5, Stride: 2, Pad: 2},
	{C: 2, H: 2, W: 2, Size: 5, Stride: 1, Pad: 2}, // the filter wider than the image
	{C: 1, H: 3, W: 9, Size: 3, Stride: 3, Pad: 1},
	{C: 2, H: 3, W: 2, Size: 3, Stride: 1, Pad: 1}, // the 3×3 loops at their narrowest
}

// TestDepthwiseMatchesNaive: each channel is the naive convolution of that
// channel alone with its own filter.
func TestDepthwiseMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	for _, g := range depthwiseShapes {
		l := NewDepthwiseConv2D[float64](g, rng)
		for i := range l.B.Data {
			l.B.Data[i] = rng.NormFloat64()
		}
		x := randMatrix(rng, 2, g.In())
		y := l.Forward(x)
		one := g
		one.C = 1
		p := g.OutH() * g.OutW()
		for c := 0; c < g.C; c++ {
			xc := NewMatrix[float64](2, g.H*g.W)
			for n := 0; n < 2; n++ {
				copy(xc.Row(n), x.Row(n)[c*g.H*g.W:(c+1)*g.H*g.W])
			}
			want := convNaive(xc, one, 1, l.W.Row(c), l.B.Data[c:c+1])
			for n := 0; n < 2; n++ {
				for i, v := range want.Row(n) {
					if got := y.Row(n)[c*p+i]; math.Abs(got-v) > 1e-12 {
						t.Fatalf("%+v: Forward[%d][%d] = %v; want %v", g, n, c*p+i, got, v)
					}
				}
			}
		}
	}
}

func TestMobileLayersRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	n := NewNetwork[float32](
		&ZeroPad[float32]{C: 2, H: 6, W: 6, Pad: 1},
		NewDepthwiseConv2D[float32](ConvShape{C: 2, H: 7, W: 7, Size: 3, Stride: 2}, rng), // 2×3×3 out
		&ReLU6[float32]{},
		&GlobalAvgPool[float32]{C: 2, H: 3, W: 3})
	data := encode(t, n)
	got, err := Load[float32](bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	x := NewMatrix[float32](2, 2*6*6)
	for i := range x.Data {
		x.Data[i] = float32(i%13) - 4
	}
	if a, b := n.Forward(x), got.Forward(x); !equalMatrix(a, b) {
		t.Errorf("loaded network computes %v; original %v", b.Data, a.Data)
	}
	for _, s := range []Spec{
		{Type: "depthwise", C: 2, H: 2, W: 2, Size: 3, Stride: 1},     // window larger than the image
		{Type: "zeropad", C: 1 << 10, H: 1 << 10, W: 1 << 10, Pad: 1}, // too large
	} {
		if err := s.check(); err == nil {
			t.Errorf("check(%+v) = nil; want an error", s)
		}
	}
}

// TestDepthwiseBackwardMatchesNaive checks Backward's dx, dW and dB against
// the chain rule written out one output pixel and one tap at a time.
func TestDepthwiseBackwardMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	for _, g := range depthwiseShapes {
		l := NewDepthwiseConv2D[float64](g, rng)
		x := randMatrix(rng, 2, g.In())
		oh, ow, s := g.OutH(), g.OutW(), g.Size
		l.Forward(x)
		dy := randMatrix(rng, 2, g.C*oh*ow)
		dx := l.Backward(dy, true)

		wantDx := make([]float64, len(x.Data))
		wantDW := make([]float64, len(l.W.Data))
		wantDB := make([]float64, g.C)
		for n := range 2 {
			for c := range g.C {
				for i := range oh {
					for j := range ow {
						d := dy.Row(n)[(c*oh+i)*ow+j]
						wantDB[c] += d
						for u := range s {
							for v := range s {
								y, xx := i*g.Stride+u-g.Pad, j*g.Stride+v-g.Pad
								if y < 0 || y >= g.H || xx < 0 || xx >= g.W {
									continue
								}
								at := (c*g.H+y)*g.W + xx
								wantDW[c*s*s+u*s+v] += d * x.Row(n)[at]
								wantDx[n*g.In()+at] += d * l.W.Row(c)[u*s+v]
							}
						}
					}
				}
			}
		}
		for _, cmp := range []struct {
			name      string
			got, want []float64
		}{{"dx", dx.Data, wantDx}, {"dW", l.dW.Data, wantDW}, {"dB", l.dB.Data, wantDB}} {
			if worst, gap := maxGap(cmp.got, cmp.want); gap > 1e-12 {
				t.Errorf("%+v: %s[%d] = %v; want %v", g, cmp.name, worst, cmp.got[worst], cmp.want[worst])
			}
		}
	}
}
