package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func newTestBatchNorm(rng *rand.Rand, c, h, w int, training bool) *BatchNorm[float64] {
	l := NewBatchNorm[float64](c, h, w)
	for i := range c { // non-trivial scale, shift and running statistics
		l.G.Data[i] = 1 + rng.NormFloat64()/2
		l.B.Data[i] = rng.NormFloat64()
		l.Mean.Data[i] = rng.NormFloat64()
		l.Var.Data[i] = 0.5 + rng.Float64()
	}
	l.SetTraining(training)
	return l
}

func TestBatchNormGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		name     string
		c, h, w  int
		n        int
		training bool
	}{
		{"training 2x3x4, N=2", 2, 3, 4, 2, true},
		{"training after Dense (5 channels, 1x1), N=3", 5, 1, 1, 3, true},
		{"inference 2x3x4, N=2", 2, 3, 4, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkGrad(t, newTestBatchNorm(rng, tc.c, tc.h, tc.w, tc.training), tc.n, tc.c*tc.h*tc.w)
		})
	}
}

// TestBatchNormTraining: the batch's output has zero mean and unit variance
// per channel (then G and B), and the running averages move by bnMomentum.
func TestBatchNormTraining(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	const n, c, p = 3, 2, 4 // N, channels, pixels
	l := NewBatchNorm[float64](c, 2, 2)
	l.SetTraining(true)
	x := randMatrix(rng, n, c*p)
	y := l.Forward(x)
	for ch := range c {
		var mean, sq, xm float64
		for i := range n {
			for j := ch * p; j < (ch+1)*p; j++ {
				mean += y.Row(i)[j]
				xm += x.Row(i)[j]
			}
		}
		mean /= n * p
		xm /= n * p
		for i := range n {
			for j := ch * p; j < (ch+1)*p; j++ {
				sq += (y.Row(i)[j] - mean) * (y.Row(i)[j] - mean)
			}
		}
		if v := sq / (n * p); mean > 1e-12 || mean < -1e-12 || v < 1-1e-3 || v > 1 {
			t.Errorf("channel %d: mean %v, variance %v; want 0 and 1 (less ε)", ch, mean, v)
		}
		if got, want := l.Mean.Data[ch], bnMomentum*xm; got-want > 1e-12 || want-got > 1e-12 {
			t.Errorf("running mean[%d] = %v; want %v", ch, got, want)
		}
	}
}

// TestFoldBatchNorm: folding gives the same outputs as conv/depthwise/dense then BN.
func TestFoldBatchNorm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	g := ConvShape{C: 2, H: 5, W: 5, Size: 3, Stride: 2, Pad: 1}
	conv := newTestConv(rng, g, 3)
	dw := NewDepthwiseConv2D[float64](ConvShape{C: 3, H: 3, W: 3, Size: 3, Stride: 1, Pad: 1}, rng)
	for i := range dw.B.Data {
		dw.B.Data[i] = rng.NormFloat64()
	}
	dense := NewDense[float64](3*3*3, 4, rng)
	n := NewNetwork[float64](conv, newTestBatchNorm(rng, 3, 3, 3, false), &ReLU[float64]{},
		dw, newTestBatchNorm(rng, 3, 3, 3, false),
		NewDropout[float64](0.5, rng), dense, newTestBatchNorm(rng, 4, 1, 1, false))
	x := randMatrix(rng, 3, g.In())
	want := n.Forward(x).Clone()
	FoldBatchNorm(n)
	if len(n.Layers) != 4 {
		t.Fatalf("after FoldBatchNorm: %d layers; want 4 (conv, relu, depthwise, dense)", len(n.Layers))
	}
	got := n.Forward(x)
	if worst, gap := maxGap(got.Data, want.Data); gap > 1e-12 {
		t.Errorf("folded Forward = %v at %d; want %v", got.Data[worst], worst, want.Data[worst])
	}
}

// TestChannelSums checks the interleaved sums against plain loops for every
// length around their unrolling (4 and 2 lanes).
func TestChannelSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	for n := range 10 {
		x, y := randMatrix(rng, 1, n).Data, randMatrix(rng, 1, n).Data
		const mu = 0.25 // any centre
		var s, sq, a, b float64
		for i := range x {
			s += x[i]
			sq += (x[i] - mu) * (x[i] - mu)
			a += x[i]
			b += x[i] * y[i]
		}
		gotA, gotB := sumDot64(x, y)
		for _, c := range []struct {
			name      string
			got, want float64
		}{{"sum64", sum64(x), s}, {"sqDev64", sqDev64(x, mu), sq}, {"sumDot64 Σd", gotA, a}, {"sumDot64 Σd·xh", gotB, b}} {
			if math.Abs(c.got-c.want) > 1e-12 { // a few roundings apart
				t.Errorf("%s of %d values = %v; want %v", c.name, n, c.got, c.want)
			}
		}
	}
}

// TestBatchNormFloat32 checks the float32 path (the kernel's vector loops)
// against float64 on the same numbers, training and inference.
func TestBatchNormFloat32(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 14))
	for _, tc := range []struct {
		name     string
		c, h, w  int
		training bool
	}{
		{"training 3 channels of 4x6", 3, 4, 6, true},
		{"training 2 channels of 3x5", 2, 3, 5, true},
		{"training after Dense (5 channels, 1x1)", 5, 1, 1, true},
		{"inference 3 channels of 4x6", 3, 4, 6, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l64 := newTestBatchNorm(rng, tc.c, tc.h, tc.w, tc.training)
			l32 := NewBatchNorm[float32](tc.c, tc.h, tc.w)
			l32.SetTraining(tc.training)
			for i := range tc.c {
				l32.G.Data[i], l32.B.Data[i] = float32(l64.G.Data[i]), float32(l64.B.Data[i])
				l32.Mean.Data[i], l32.Var.Data[i] = float32(l64.Mean.Data[i]), float32(l64.Var.Data[i])
			}
			const n = 5 // samples
			in := tc.c * tc.h * tc.w
			x64, dy64 := randMatrix(rng, n, in), randMatrix(rng, n, in)
			x32, dy32 := NewMatrix[float32](n, in), NewMatrix[float32](n, in)
			for i := range x64.Data {
				x32.Data[i], dy32.Data[i] = float32(x64.Data[i]), float32(dy64.Data[i])
			}
			y64, y32 := l64.Forward(x64), l32.Forward(x32)
			dx64, dx32 := l64.Backward(dy64, true), l32.Backward(dy32, true)
			for _, c := range []struct {
				name string
				got  []float32
				want []float64
			}{{"y", y32.Data, y64.Data}, {"dx", dx32.Data, dx64.Data}, {"dG", l32.dG.Data, l64.dG.Data}, {"dB", l32.dB.Data, l64.dB.Data}} {
				for i, w := range c.want {
					if g := float64(c.got[i]); math.Abs(g-w) > 1e-4*(1+math.Abs(w)) { // float32 roundings
						t.Fatalf("%s[%d] = %v; want %v", c.name, i, g, w)
					}
				}
			}
		})
	}
}
