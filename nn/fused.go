package nn

import (
	"math"

	"inkling/nn/internal/kernel"
)

// A Network runs some runs of layers as one fused layer, chosen from the
// layers alone when it first needs them (the layers, their parameters and
// the weights file stay as they are). Fusion changes no value: each fused
// layer does the same float32 operations in the same order, only without
// writing the intermediate results to memory and reading them back.

// fusion is a run of a network's layers executed as one.
type fusion[T Float] interface {
	Forward(x *Matrix[T]) *Matrix[T]
	Backward(dy *Matrix[T], wantDx bool) *Matrix[T]
	// input is the x of the last Forward.
	input() *Matrix[T]
}

// step is one stage of a network's plan: layers lo … hi−1, run by f or,
// when f is nil, by the one layer lo.
type step[T Float] struct {
	lo, hi int
	f      fusion[T]
}

// steps returns the network's plan, built again whenever Layers has changed
// since the last call (which is the only time it allocates).
func (n *Network[T]) steps() []step[T] {
	if len(n.planOf) == len(n.Layers) && len(n.plan) > 0 {
		same := true
		for i, l := range n.Layers {
			if n.planOf[i] != l {
				same = false
				break
			}
		}
		if same {
			return n.plan
		}
	}
	n.planOf = append(n.planOf[:0], n.Layers...)
	n.plan = n.plan[:0]
	for i := 0; i < len(n.Layers); {
		if f := fuseConvReLUPool(n.Layers[i:]); f != nil {
			n.plan = append(n.plan, step[T]{lo: i, hi: i + 3, f: f})
			i += 3
			continue
		}
		n.plan = append(n.plan, step[T]{lo: i, hi: i + 1})
		i++
	}
	return n.plan
}

// convReLUPool is a float32 Conv2D followed by a ReLU and a 2×2, stride-2
// max pool that tiles the convolution's output. Each chunk of samples is
// pooled while its product is in cache; since the ReLU is monotonic, it runs
// on the pooled values (max(0, max(a, b, c, d)) = max(max(0, a), …), with the
// same bits), a quarter of the convolution's output. The gradient goes back
// the same way: masked where the pooled output is 0, then routed to each
// window's maximum, straight into the convolution's own layout. The
// convolution's and ReLU's outputs are never written: the ReLU layer keeps
// no state, and the pool keeps its output and maxima as on its own.
type convReLUPool[T Float] struct {
	conv *Conv2D[T]
	pool *MaxPool[T]
}

// fuseConvReLUPool returns the fused layer for the first three of layers,
// or nil when they are not a float32 Conv2D, ReLU and a max pool whose 2×2
// windows tile the convolution's output.
func fuseConvReLUPool[T Float](layers []Layer[T]) *convReLUPool[T] {
	if len(layers) < 3 {
		return nil
	}
	conv, ok1 := layers[0].(*Conv2D[T])
	_, ok2 := layers[1].(*ReLU[T])
	pool, ok3 := layers[2].(*MaxPool[T])
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	if _, ok := any(conv.W.Data).([]float32); !ok {
		return nil
	}
	g := conv.Shape
	oh, ow := g.OutH(), g.OutW()
	if pool.Shape != (ConvShape{C: conv.K, H: oh, W: ow, Size: 2, Stride: 2}) || oh%2 != 0 || ow%2 != 0 ||
		conv.K*oh*ow > math.MaxInt32 {
		return nil
	}
	return &convReLUPool[T]{conv: conv, pool: pool}
}

// Forward returns the pool's output for x, the convolution's input.
func (f *convReLUPool[T]) Forward(x *Matrix[T]) *Matrix[T] {
	f.pool.reserve(x.Rows)
	f.conv.forward(x, f.pool)
	return &f.pool.y
}

// Backward takes the gradient of the pool's output and returns the
// convolution's input gradient.
func (f *convReLUPool[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	return f.conv.backward(dy, wantDx, f.pool)
}

func (f *convReLUPool[T]) input() *Matrix[T] { return f.conv.x }

// poolReLU pools, then rectifies, samples lo … hi−1 of a convolution's
// product out, whose rows (one per channel) are ld long and hold each
// sample's pixels in turn. The maxima's indices are those the pool records
// on its own: into the sample's C×H×W input row.
func (l *MaxPool[T]) poolReLU(out []T, ld, lo, hi int) {
	g := l.Shape
	oh, ow := g.OutH(), g.OutW()
	p, pp, o := g.H*g.W, oh*ow, g.C*oh*ow
	out32, y32 := any(out).([]float32), any(l.y.Data).([]float32)
	for s := lo; s < hi; s++ {
		y, arg := y32[s*o:(s+1)*o], l.arg[s*o:(s+1)*o]
		for k := 0; k < g.C; k++ {
			in := out32[k*ld+(s-lo)*p : k*ld+(s-lo+1)*p]
			kernel.MaxPool2(y[k*pp:(k+1)*pp], arg[k*pp:(k+1)*pp], in, g.W, ow, oh, k*p)
		}
		kernel.ReLU(y, y)
	}
}

// poolReLUGrad is the adjoint of poolReLU: it writes the gradient of samples
// lo … hi−1 of the product into out (every value of their columns), from
// dy, the gradient of the pool's output. mdy is scratch for one sample.
func (l *MaxPool[T]) poolReLUGrad(out []T, ld int, dy *Matrix[T], lo, hi int, mdy *[]T) {
	g := l.Shape
	oh, ow := g.OutH(), g.OutW()
	p, pp, o := g.H*g.W, oh*ow, g.C*oh*ow
	if len(*mdy) < o {
		*mdy = make([]T, o)
	}
	m := any((*mdy)[:o]).([]float32)
	out32, y32, dy32 := any(out).([]float32), any(l.y.Data).([]float32), any(dy.Data).([]float32)
	for s := lo; s < hi; s++ {
		kernel.ReLUGrad(m, dy32[s*o:(s+1)*o], y32[s*o:(s+1)*o])
		arg := l.arg[s*o : (s+1)*o]
		for k := 0; k < g.C; k++ {
			dst := out32[k*ld+(s-lo)*p : k*ld+(s-lo+1)*p]
			kernel.MaxPool2Grad(dst, m[k*pp:(k+1)*pp], arg[k*pp:(k+1)*pp], g.W, ow, oh, k*p)
		}
	}
}
