package nn

import (
	"fmt"
	"math"

	"inkling/nn/internal/kernel"
)

// BatchNorm normalises each channel (Ioffe & Szegedy 2015). Rows are C×H×W
// (H = W = 1 after a Dense layer); the statistics of channel c run over the
// batch and its H·W pixels. While training it uses the batch's mean and
// variance and updates running averages; at inference it uses the running
// averages, which makes it an affine map per channel that FoldBatchNorm
// merges into the preceding convolution.
//
//	y = G · (x − μ) / sqrt(σ² + ε) + B
type BatchNorm[T Float] struct {
	C, H, W   int
	G, B      *Matrix[T] // (1, C) scale and shift
	dG, dB    *Matrix[T] // gradients
	Mean, Var *Matrix[T] // (1, C) running statistics: saved, not trained

	training bool
	rows     int
	xhat     Matrix[T] // (N, C·H·W) normalised input, cached for Backward
	inv      []T       // (C) 1/sqrt(σ²+ε) used by the last Forward
	y, dx    Matrix[T] // (N, C·H·W)
	sums     []float64 // (2C) scratch for the channel sums
}

const (
	// bnEps keeps the division finite for a constant channel (PyTorch's default).
	bnEps = 1e-5
	// bnMomentum is the weight of the new batch in the running averages (PyTorch's default).
	bnMomentum = 0.1
)

var _ Layer[float32] = (*BatchNorm[float32])(nil)

// NewBatchNorm returns the identity normalisation for c channels of h×w
// pixels: G = 1, B = 0, running mean 0 and variance 1.
func NewBatchNorm[T Float](c, h, w int) *BatchNorm[T] {
	if c <= 0 || h <= 0 || w <= 0 {
		panic(fmt.Sprintf("nn: BatchNorm(%d, %d, %d)", c, h, w))
	}
	l := &BatchNorm[T]{C: c, H: h, W: w,
		G: NewMatrix[T](1, c), B: NewMatrix[T](1, c), dG: NewMatrix[T](1, c), dB: NewMatrix[T](1, c),
		Mean: NewMatrix[T](1, c), Var: NewMatrix[T](1, c), inv: make([]T, c), sums: make([]float64, 2*c)}
	for i := range c {
		l.G.Data[i], l.Var.Data[i] = 1, 1
	}
	return l
}

// SetTraining chooses batch statistics (on) or running statistics (off).
func (l *BatchNorm[T]) SetTraining(on bool) { l.training = on }

// Forward normalises x.
func (l *BatchNorm[T]) Forward(x *Matrix[T]) *Matrix[T] {
	p := l.H * l.W
	mustCols("BatchNorm input", x, l.C*p)
	l.rows = x.Rows
	l.y.ReuseAs(x.Rows, x.Cols)
	l.xhat.ReuseAs(x.Rows, x.Cols)
	mean, vr := l.Mean.Data, l.Var.Data
	if l.training {
		// Two passes in float64: the mean, then the squared deviations.
		m := float64(x.Rows * p)
		sum, sq := l.sums[:l.C], l.sums[l.C:]
		clear(l.sums)
		for n := 0; n < x.Rows; n++ {
			row := x.Row(n)
			for c := range l.C {
				sum[c] += sum64(row[c*p : (c+1)*p])
			}
		}
		for c := range sum {
			sum[c] /= m
		}
		for n := 0; n < x.Rows; n++ {
			row := x.Row(n)
			for c := range l.C {
				sq[c] += sqDev64(row[c*p:(c+1)*p], sum[c])
			}
		}
		for c := range l.C {
			v := sq[c] / m
			l.inv[c] = T(1 / math.Sqrt(v+bnEps))
			unbiased := v * m / math.Max(1, m-1)
			mean[c] = T((1-bnMomentum)*float64(mean[c]) + bnMomentum*sum[c])
			vr[c] = T((1-bnMomentum)*float64(vr[c]) + bnMomentum*unbiased)
		}
		l.normalise(x, sum)
		return &l.y
	}
	for c := range l.C {
		l.inv[c] = T(1 / math.Sqrt(float64(vr[c])+bnEps))
		l.sums[c] = float64(mean[c])
	}
	l.normalise(x, l.sums[:l.C])
	return &l.y
}

// normalise writes xhat = (x − mu)·inv and y = G·xhat + B.
func (l *BatchNorm[T]) normalise(x *Matrix[T], mu []float64) {
	p := l.H * l.W
	for n := 0; n < x.Rows; n++ {
		row, xh, y := x.Row(n), l.xhat.Row(n), l.y.Row(n)
		for c := range l.C {
			m, inv, g, b := T(mu[c]), l.inv[c], l.G.Data[c], l.B.Data[c]
			if y32, ok := any(y[c*p : (c+1)*p]).([]float32); ok { // the same roundings, 8 lanes at a time
				kernel.Normalise(y32, any(xh[c*p:(c+1)*p]).([]float32), any(row[c*p:(c+1)*p]).([]float32),
					float32(m), float32(inv), float32(g), float32(b))
				continue
			}
			for i := c * p; i < (c+1)*p; i++ {
				h := (row[i] - m) * inv
				xh[i] = h
				y[i] = g*h + b
			}
		}
	}
}

// Backward accumulates dG += Σ dy·xhat and dB += Σ dy and returns dx. In
// training mode the batch statistics depend on x, which gives
// dx = G·inv/M · (M·dy − Σdy − xhat·Σ dy·xhat), M = N·H·W; at inference
// dx = G·inv·dy.
func (l *BatchNorm[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	p := l.H * l.W
	mustShape("BatchNorm dy", dy, l.rows, l.C*p)
	sdy, sdyx := l.sums[:l.C], l.sums[l.C:]
	clear(l.sums)
	for n := 0; n < l.rows; n++ {
		d, xh := dy.Row(n), l.xhat.Row(n)
		for c := range l.C {
			a, b := sumDot64(d[c*p:(c+1)*p], xh[c*p:(c+1)*p])
			sdy[c] += a
			sdyx[c] += b
		}
	}
	for c := range l.C {
		l.dB.Data[c] += T(sdy[c])
		l.dG.Data[c] += T(sdyx[c])
	}
	if !wantDx {
		return nil
	}
	l.dx.ReuseAs(l.rows, l.C*p)
	m := T(l.rows * p)
	for n := 0; n < l.rows; n++ {
		d, xh, dx := dy.Row(n), l.xhat.Row(n), l.dx.Row(n)
		for c := range l.C {
			k := l.G.Data[c] * l.inv[c]
			if !l.training {
				for i := c * p; i < (c+1)*p; i++ {
					dx[i] = k * d[i]
				}
				continue
			}
			a, b := T(sdy[c]), T(sdyx[c])
			k /= m
			if dx32, ok := any(dx[c*p : (c+1)*p]).([]float32); ok {
				kernel.BatchNormGrad(dx32, any(d[c*p:(c+1)*p]).([]float32), any(xh[c*p:(c+1)*p]).([]float32),
					float32(k), float32(m), float32(a), float32(b))
				continue
			}
			for i := c * p; i < (c+1)*p; i++ {
				dx[i] = k * (m*d[i] - a - xh[i]*b)
			}
		}
	}
	return &l.dx
}

// The channel sums below run in float64, each in 4 interleaved partial sums:
// four independent chains of additions take about a quarter of the time of
// one (BatchNorm's passes were 15 % of the shipped CNN's training step).
// float32 data goes through the kernel's vector loops.

// sum64 returns Σ x.
func sum64[T Float](x []T) float64 {
	if x32, ok := any(x).([]float32); ok {
		return kernel.SumF64(x32)
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i])
		s1 += float64(x[i+1])
		s2 += float64(x[i+2])
		s3 += float64(x[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i])
	}
	return (s0 + s1) + (s2 + s3)
}

// sqDev64 returns Σ (x − mu)².
func sqDev64[T Float](x []T, mu float64) float64 {
	if x32, ok := any(x).([]float32); ok {
		return kernel.SqDevF64(x32, mu)
	}
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		d0, d1, d2, d3 := float64(x[i])-mu, float64(x[i+1])-mu, float64(x[i+2])-mu, float64(x[i+3])-mu
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(x); i++ {
		d := float64(x[i]) - mu
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}

// sumDot64 returns Σ d and Σ d·xh (each product rounded to T, as the layer
// computes it); xh is at least as long as d.
func sumDot64[T Float](d, xh []T) (a, b float64) {
	if d32, ok := any(d).([]float32); ok {
		return kernel.SumDotF64(d32, any(xh).([]float32))
	}
	xh = xh[:len(d)]
	var a0, a1, b0, b1 float64
	i := 0
	for ; i+2 <= len(d); i += 2 {
		a0 += float64(d[i])
		a1 += float64(d[i+1])
		b0 += float64(d[i] * xh[i])
		b1 += float64(d[i+1] * xh[i+1])
	}
	for ; i < len(d); i++ {
		a0 += float64(d[i])
		b0 += float64(d[i] * xh[i])
	}
	return a0 + a1, b0 + b1
}

// Params returns G and B with their gradients, then the running mean and
// variance, which are saved but have no gradient.
func (l *BatchNorm[T]) Params() []Param[T] {
	return []Param[T]{{"G", l.G, l.dG}, {"B", l.B, l.dB}, {"Mean", l.Mean, nil}, {"Var", l.Var, nil}}
}

// Spec describes the layer.
func (l *BatchNorm[T]) Spec() Spec { return Spec{Type: "batchnorm", C: l.C, H: l.H, W: l.W} }

// FoldBatchNorm merges every inference-mode BatchNorm that directly follows a
// Conv2D, DepthwiseConv2D or Dense layer into that layer's weights and
// removes it, so the exported network computes the same function with fewer
// passes:
// W'ₖ = Wₖ·gₖ, B'ₖ = (Bₖ − μₖ)·gₖ + βₖ with gₖ = Gₖ/sqrt(σₖ² + ε).
// It rewrites n in place; n is for inference afterwards (train the unfolded one).
// Drop-out layers are removed too, since they are the identity at inference.
func FoldBatchNorm[T Float](n *Network[T]) {
	var out []Layer[T]
	for _, l := range n.Layers {
		if _, ok := l.(*Dropout[T]); ok {
			continue
		}
		bn, ok := l.(*BatchNorm[T])
		if !ok || len(out) == 0 {
			out = append(out, l)
			continue
		}
		scale := func(k int) T {
			return T(float64(bn.G.Data[k]) / math.Sqrt(float64(bn.Var.Data[k])+bnEps))
		}
		shift := func(k int, b T) T {
			return (b-bn.Mean.Data[k])*scale(k) + bn.B.Data[k]
		}
		// A convolution, plain or depthwise, has one row of W and one bias per
		// output channel.
		foldRows := func(w, b *Matrix[T]) {
			for k := range w.Rows {
				g, row := scale(k), w.Row(k)
				for i := range row {
					row[i] *= g
				}
				b.Data[k] = shift(k, b.Data[k])
			}
		}
		switch prev := out[len(out)-1].(type) {
		case *Conv2D[T]:
			if prev.K != bn.C {
				out = append(out, l)
				continue
			}
			foldRows(prev.W, prev.B)
		case *DepthwiseConv2D[T]:
			if prev.Shape.C != bn.C {
				out = append(out, l)
				continue
			}
			foldRows(prev.W, prev.B)
		case *Dense[T]:
			if prev.W.Cols != bn.C || bn.H*bn.W != 1 {
				out = append(out, l)
				continue
			}
			for k := range prev.W.Cols {
				g := scale(k)
				for i := range prev.W.Rows {
					prev.W.Data[i*prev.W.Cols+k] *= g
				}
				prev.B.Data[k] = shift(k, prev.B.Data[k])
			}
		default:
			out = append(out, l)
		}
	}
	n.Layers = out
}
