package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"inkling/nn/internal/kernel"
)

// ConvShape is the geometry of a convolution or pooling window over images
// of C channels, H×W pixels, stored as rows in C×H×W order.
type ConvShape struct {
	C, H, W int // input channels, height, width
	Size    int // square window side
	Stride  int // step between windows (≥ 1)
	Pad     int // zero rows/columns added on every side
}

// OutH is the output height: ⌊(H + 2·Pad − Size) / Stride⌋ + 1.
func (g ConvShape) OutH() int { return (g.H+2*g.Pad-g.Size)/g.Stride + 1 }

// OutW is the output width.
func (g ConvShape) OutW() int { return (g.W+2*g.Pad-g.Size)/g.Stride + 1 }

// In is the width of one input row, C·H·W.
func (g ConvShape) In() int { return g.C * g.H * g.W }

// valid reports whether the window fits at least once and every size is positive.
func (g ConvShape) valid() bool {
	return g.C > 0 && g.H > 0 && g.W > 0 && g.Size > 0 && g.Stride > 0 && g.Pad >= 0 &&
		g.Pad < g.Size && g.H+2*g.Pad >= g.Size && g.W+2*g.Pad >= g.Size
}

func (g ConvShape) mustValid(what string) {
	if !g.valid() {
		panic(fmt.Sprintf("nn: %s with shape %+v", what, g))
	}
}

// convChunk is the most samples one im2col block holds, and convCache the
// most values: 2^17 (512 KB of float32) keeps a block in a 1-2 MB L2 cache
// between im2col and the GEMMs that read it (8 % faster peer-CNN training
// than 16-sample blocks of 2.5 MB). The batch is cut into chunks that depend
// on the shape and batch size only, never on Workers, and the chunks' weight
// gradients are summed in chunk order, so the result is bit-identical for
// any Workers value.
const (
	convChunk = 16
	convCache = 1 << 17
)

// convDots is the largest weight gradient (C·S·S·K values) that Backward
// computes as dot products (kernel.DotsNT) rather than by GEMM.
const convDots = 1024

// Conv2D is a 2-D convolution (cross-correlation, as in every framework) of
// K filters over images stored as C×H×W rows:
//
//	y[k,i,j] = B[k] + Σ_{c,u,v} W[k, (c·S+u)·S+v] · x[c, i·stride+u−pad, j·stride+v−pad]
//
// Its output rows are K×OH×OW. Forward unrolls the receptive fields into a
// matrix (im2col) so that the whole layer is one GEMM per chunk of samples:
// W (K, C·S·S) · cols (C·S·S, n·OH·OW). On AVX-512 some float32 shapes run
// direct convolutions instead, which need no im2col matrix (direct5x5,
// directK32, directGrad, directGradK32, directDx): those of the peer CNN.
type Conv2D[T Float] struct {
	Shape  ConvShape
	K      int        // filters (output channels)
	W, B   *Matrix[T] // (K, C·S·S), (1, K)
	dW, dB *Matrix[T] // gradients, same shapes; Backward accumulates into them

	// Workers is how many goroutines share the chunks of a batch (0 or 1:
	// the caller's goroutine only). The results do not depend on it.
	Workers int

	x       *Matrix[T]       // (N, C·H·W) input cached by Forward for Backward
	dWt     Matrix[T]        // (C·S·S, K) the chunks' weight gradients summed, transposed
	chunks  []convGrads[T]   // per chunk: its gradients, summed in chunk order
	scratch []convScratch[T] // per worker: the im2col matrix and product of its current chunk
	y, dx   Matrix[T]        // (N, K·OH·OW), (N, C·H·W)
	wt      Matrix[T]        // (C·S·S, K) Wᵀ for directK32, set by each Forward
	wr      Matrix[T]        // (K·S·S, C) W with the channels innermost for directDx, set by each Backward
	win     *kernel.Window   // (C·S·S) each window entry's offset in an image, for directK32 and directGradK32
}

// convGrads are the weight and bias gradients of one chunk of samples.
type convGrads[T Float] struct {
	dWt Matrix[T] // (C·S·S, K) the chunk's weight gradient, transposed
	dB  []T       // (K) the chunk's bias gradient
}

// convScratch is one worker's buffers, reused for each of its chunks, so
// they stay in its L2 cache: Backward unrolls a chunk's input again rather
// than keep every chunk's im2col matrix from Forward, which had im2col
// writing (and the GEMMs reading) a whole batch's worth through L3.
type convScratch[T Float] struct {
	cols Matrix[T] // (C·S·S, n·P) unrolled input, then Wᵀ·dy
	out  Matrix[T] // (K, n·P) product, then dy in its layout
	pad  []T       // (C·(H+2·Pad)·(W+2·Pad)) one image with its zero border
	dpad []T       // (C·(H+2·Pad)·(W+2·Pad)) one image's gradient, border included
	mdy  []T       // (C·OH·OW of a fused pool) one image's pool gradient through the ReLU
	dyT  []T       // (OH·OW, K) one image's output gradient, pixel by pixel, for directGrad(K32)
	yT   []T       // (OH·OW, 32) one image's output, pixel by pixel, for directK32
	dxT  []T       // (H·W, 16) one image's input gradient, pixel by pixel, for directDx
}

// padded is the shape of g's images with their zero border made part of
// them (Pad 0). At stride 1 im2col and col2im run fastest on those: every
// window offset reads whole runs, in one call per window row, and no output
// row needs its padding columns set one by one.
func padded(g ConvShape) ConvShape {
	return ConvShape{C: g.C, H: g.H + 2*g.Pad, W: g.W + 2*g.Pad, Size: g.Size, Stride: 1}
}

// usePad reports whether im2col and col2im go through an image with its
// zero border (padded).
func usePad(g ConvShape) bool { return g.Pad > 0 && g.Stride == 1 }

// padIn copies image x into the interior of b.pad, whose border stays zero.
func (b *convScratch[T]) padIn(x []T, g ConvShape) []T {
	gp := padded(g)
	if len(b.pad) != gp.In() {
		b.pad = make([]T, gp.In()) // zero border, written once
	}
	for c := 0; c < g.C; c++ {
		for y := 0; y < g.H; y++ {
			copy(b.pad[(c*gp.H+y+g.Pad)*gp.W+g.Pad:], x[(c*g.H+y)*g.W:(c*g.H+y+1)*g.W])
		}
	}
	return b.pad
}

// directImage returns image x as the direct float32 kernels read it, with
// its zero border when usePad(g), and that image's width.
func (b *convScratch[T]) directImage(x []T, g ConvShape) ([]float32, int) {
	if usePad(g) {
		return any(b.padIn(x, g)).([]float32), padded(g).W
	}
	return any(x).([]float32), g.W
}

// col2imPad is col2im for usePad: the same additions in the same order into
// b.dpad, whose interior then goes to dx.
func (b *convScratch[T]) col2imPad(dx, cols []T, ld, off int, g ConvShape) {
	gp := padded(g)
	if len(b.dpad) != gp.In() {
		b.dpad = make([]T, gp.In())
	}
	clear(b.dpad)
	col2im(b.dpad, cols, ld, off, gp)
	for c := 0; c < g.C; c++ {
		for y := 0; y < g.H; y++ {
			copy(dx[(c*g.H+y)*g.W:(c*g.H+y+1)*g.W], b.dpad[(c*gp.H+y+g.Pad)*gp.W+g.Pad:])
		}
	}
}

var _ Layer[float32] = (*Conv2D[float32])(nil)

// NewConv2D returns a convolution with He-uniform weights (bound
// sqrt(6/fanIn), He et al. 2015, suited to ReLU) and zero bias.
func NewConv2D[T Float](g ConvShape, k int, rng *rand.Rand) *Conv2D[T] {
	l := newConv2D[T](g, k)
	a := math.Sqrt(6 / float64(l.W.Cols))
	for i := range l.W.Data {
		l.W.Data[i] = T((2*rng.Float64() - 1) * a)
	}
	return l
}

// newConv2D returns a convolution with zero weights.
func newConv2D[T Float](g ConvShape, k int) *Conv2D[T] {
	g.mustValid("Conv2D")
	if k <= 0 {
		panic(fmt.Sprintf("nn: Conv2D with %d filters", k))
	}
	css := g.C * g.Size * g.Size
	return &Conv2D[T]{Shape: g, K: k,
		W: NewMatrix[T](k, css), B: NewMatrix[T](1, k),
		dW: NewMatrix[T](k, css), dB: NewMatrix[T](1, k)}
}

// OutSize is the width of an output row, K·OH·OW.
func (l *Conv2D[T]) OutSize() int { return l.K * l.Shape.OutH() * l.Shape.OutW() }

// Forward returns the convolution of every row of x.
func (l *Conv2D[T]) Forward(x *Matrix[T]) *Matrix[T] {
	l.forward(x, nil)
	return &l.y
}

// forward computes the convolution of every row of x into l.y or, with a
// pool (see convReLUPool), straight into the pool's output: max pooling and
// ReLU then run on each chunk's product while it is in cache.
func (l *Conv2D[T]) forward(x *Matrix[T], pool *MaxPool[T]) {
	g := l.Shape
	mustCols("Conv2D input", x, g.In())
	l.x = x
	if pool == nil {
		l.y.ReuseAs(x.Rows, l.K*g.OutH()*g.OutW())
	}
	nc := l.numChunks(x.Rows)
	l.reserve(nc)
	if l.directK32() {
		l.prepareK32()
	}
	if l.Workers <= 1 || nc == 1 { // no closure: the inference path allocates nothing
		for c := 0; c < nc; c++ {
			l.forwardChunk(c, nc, &l.scratch[0], pool)
		}
	} else {
		parallel(nc, l.Workers, func(c, w int) { l.forwardChunk(c, nc, &l.scratch[w], pool) })
	}
}

// reserve makes room for the gradients of nc chunks and the scratch of
// every worker.
func (l *Conv2D[T]) reserve(nc int) {
	for len(l.chunks) < nc {
		l.chunks = append(l.chunks, convGrads[T]{})
	}
	for len(l.scratch) < max(1, min(l.Workers, nc)) {
		l.scratch = append(l.scratch, convScratch[T]{})
	}
}

// numChunks is how many chunks a batch of n samples is cut into: enough for
// at most convChunk samples and convCache im2col values each, and even (when
// n ≥ 2) so that two workers get the same share.
func (l *Conv2D[T]) numChunks(n int) int {
	per := l.W.Cols * l.Shape.OutH() * l.Shape.OutW() // im2col values of one sample
	nc := max((n+convChunk-1)/convChunk, (n*per+convCache-1)/convCache)
	if nc%2 == 1 && nc < n {
		nc++
	}
	return min(nc, n)
}

// chunkRange returns the samples lo … hi−1 of chunk c of nc over n samples;
// the sizes differ by at most one.
func chunkRange(c, nc, n int) (lo, hi int) {
	return c * n / nc, (c + 1) * n / nc
}

// forwardChunk computes the output rows of chunk c of nc (with a pool, the
// pool's output rows). The product starts from the bias (beta = 1), so each
// output row is then a plain copy.
func (l *Conv2D[T]) forwardChunk(c, nc int, b *convScratch[T], pool *MaxPool[T]) {
	g, x, css := l.Shape, l.x, l.W.Cols
	p := g.OutH() * g.OutW()
	lo, hi := chunkRange(c, nc, x.Rows)
	n := hi - lo
	out := &b.out
	if n == 1 && pool == nil { // the (K, P) product is the output row itself
		out = &Matrix[T]{Rows: l.K, Cols: p, Data: l.y.Row(lo)}
	}
	out.ReuseAs(l.K, n*p)
	if l.direct5x5() && l.K%8 == 0 {
		// Straight from the images, 8 filters at a time: 2.5 times the
		// GEMM's speed on the peer's first layer (k = 25), without im2col.
		o32, w32, b32 := any(out.Data).([]float32), any(l.W.Data).([]float32), any(l.B.Data).([]float32)
		for s := 0; s < n; s++ {
			for k := 0; k < l.K; k += 8 {
				kernel.Conv5x5x8(o32[k*n*p+s*p:], n*p, any(x.Row(lo+s)).([]float32), g.W, w32[k*css:], b32[k:], g.OutH(), g.OutW())
			}
		}
	} else if l.directK32() {
		// Straight from the images, pixel by pixel (kernel.ConvK32, 1.5 times
		// the GEMM's speed on the peer's second layer, without im2col), then
		// transposed into the product's layout.
		if len(b.yT) < p*32 {
			b.yT = make([]T, p*32)
		}
		o32, yT, b32 := any(out.Data).([]float32), any(b.yT).([]float32), any(l.B.Data).([]float32)
		wt := any(l.wt.Data).([]float32)
		for s := 0; s < n; s++ {
			img, w := b.directImage(x.Row(lo+s), g)
			kernel.ConvK32(yT, img, w, l.win, wt, 32, b32, g.OutH(), g.OutW())
			kernel.Transpose(o32[s*p:], n*p, yT, 32, p, 32)
		}
	} else {
		l.unroll(b, lo, hi)
		for k := 0; k < l.K; k++ {
			fill(out.Row(k), l.B.Data[k])
		}
		gemm(false, false, l.K, n*p, css, 1, l.W.Data, css, b.cols.Data, n*p, 1, out.Data, n*p)
	}
	if pool != nil {
		pool.poolReLU(out.Data, n*p, lo, hi)
		return
	}
	if n == 1 {
		return
	}
	for s := 0; s < n; s++ {
		row := l.y.Row(lo + s)
		for k := 0; k < l.K; k++ {
			copy(row[k*p:(k+1)*p], out.Data[k*n*p+s*p:])
		}
	}
}

// unroll writes the im2col matrix of samples lo … hi−1 into b.cols.
func (l *Conv2D[T]) unroll(b *convScratch[T], lo, hi int) {
	g := l.Shape
	p, n := g.OutH()*g.OutW(), hi-lo
	b.cols.ReuseAs(l.W.Cols, n*p)
	for s := 0; s < n; s++ {
		if usePad(g) {
			im2col(b.cols.Data, n*p, s*p, b.padIn(l.x.Row(lo+s), g), padded(g))
			continue
		}
		im2col(b.cols.Data, n*p, s*p, l.x.Row(lo+s), g)
	}
}

// fill sets every element of dst to v: a few by hand, then by doubling
// copies, which run as fast as memmove (a plain loop stores one at a time).
func fill[T Float](dst []T, v T) {
	n := min(len(dst), 8)
	for i := range n {
		dst[i] = v
	}
	for n < len(dst) {
		n += copy(dst[n:], dst[:n])
	}
}

// Backward accumulates dW += dy·colsᵀ and dB += Σ dy, and returns
// dx = col2im(Wᵀ·dy).
func (l *Conv2D[T]) Backward(dy *Matrix[T], wantDx bool) *Matrix[T] {
	return l.backward(dy, wantDx, nil)
}

// backward is Backward; with a pool (see convReLUPool), dy is the gradient
// of the pool's output, which each chunk routes back through the ReLU and
// the pool into its own layout.
func (l *Conv2D[T]) backward(dy *Matrix[T], wantDx bool, pool *MaxPool[T]) *Matrix[T] {
	g := l.Shape
	p := g.OutH() * g.OutW()
	if pool != nil {
		mustShape("Conv2D+ReLU+MaxPool dy", dy, l.x.Rows, poolOut(pool.Shape))
	} else {
		mustShape("Conv2D dy", dy, l.x.Rows, l.K*p)
	}
	if wantDx {
		l.dx.ReuseAs(l.x.Rows, g.In())
		if l.directDx() { // every value is written
			l.prepareDx()
		} else {
			l.dx.Zero()
		}
	}
	if l.directGradK32() {
		l.windowOffsets()
	}
	nc := l.numChunks(l.x.Rows)
	l.reserve(nc)
	if l.Workers <= 1 || nc == 1 {
		for c := 0; c < nc; c++ {
			l.backwardChunk(c, nc, &l.scratch[0], dy, wantDx, pool)
		}
	} else {
		parallel(nc, l.Workers, func(c, w int) { l.backwardChunk(c, nc, &l.scratch[w], dy, wantDx, pool) })
	}
	// The chunks' gradients add up in chunk order, whatever the scheduling.
	l.dWt.CopyFrom(&l.chunks[0].dWt)
	addTo(l.dB.Data, l.chunks[0].dB)
	for c := 1; c < nc; c++ {
		addTo(l.dWt.Data, l.chunks[c].dWt.Data)
		addTo(l.dB.Data, l.chunks[c].dB)
	}
	css := l.W.Cols
	for r := 0; r < css; r++ {
		for k, v := range l.dWt.Row(r) {
			l.dW.Data[k*css+r] += v
		}
	}
	if !wantDx {
		return nil
	}
	return &l.dx
}

// backwardChunk computes the weight gradients of chunk c of nc and, with
// wantDx, its rows of dx. With a pool, dy is the pool's output gradient.
func (l *Conv2D[T]) backwardChunk(c, nc int, b *convScratch[T], dy *Matrix[T], wantDx bool, pool *MaxPool[T]) {
	g, css := l.Shape, l.W.Cols
	p := g.OutH() * g.OutW()
	lo, hi := chunkRange(c, nc, l.x.Rows)
	gr := &l.chunks[c]
	n := hi - lo
	direct, directK := l.directGrad(), l.directGradK32()
	if !direct && !directK {
		l.unroll(b, lo, hi)
	}
	// out becomes dy in the (K, n·P) layout of the product.
	b.out.ReuseAs(l.K, n*p)
	if cap(gr.dB) < l.K {
		gr.dB = make([]T, l.K)
	}
	gr.dB = gr.dB[:l.K]
	clear(gr.dB)
	if pool != nil {
		pool.poolReLUGrad(b.out.Data, n*p, dy, lo, hi, &b.mdy)
	}
	for s := 0; s < n; s++ {
		for k := 0; k < l.K; k++ {
			dst := b.out.Data[k*n*p+s*p : k*n*p+(s+1)*p]
			if pool == nil {
				copy(dst, dy.Row(lo + s)[k*p:(k+1)*p])
			}
			gr.dB[k] += T(sum64(dst))
		}
	}
	// dWᵀ = cols·dyᵀ: with the im2col matrix as the left operand, the GEMM
	// reads it in place and transposes only dy (K rows), which took half the
	// time of dy·colsᵀ on the peer's first layer (16×25 over 4704 pixels).
	// A small dWᵀ (a first layer's, C = 1) is css·K dot products over n·P
	// pixels instead: 2.7-3.8 times faster than the GEMM there, whose tiles
	// would be mostly padding, and 2 times slower from 4608 values on
	// (peer and shipped CNN shapes).
	gr.dWt.ReuseAs(css, l.K)
	if direct || directK {
		// dWᵀ straight from the images: each sample's dy, pixel by pixel,
		// against the input under each window offset, with no im2col matrix
		// (ConvGradK32x5: 32 filters, two window rows at a time).
		dWt, out := any(gr.dWt.Data).([]float32), any(b.out.Data).([]float32)
		clear(dWt)
		if len(b.dyT) < p*l.K {
			b.dyT = make([]T, p*l.K)
		}
		dyT := any(b.dyT).([]float32)
		for s := 0; s < n; s++ {
			kernel.Transpose(dyT, l.K, out[s*p:], n*p, l.K, p)
			img, w := b.directImage(l.x.Row(lo+s), g)
			if direct {
				kernel.ConvGrad5x5x16(dWt, img, w, dyT, g.OutH(), g.OutW())
			} else {
				kernel.ConvGradK32x5(dWt, img, w, l.win, dyT, g.OutH(), g.OutW())
			}
		}
		b.cols.ReuseAs(css, n*p) // for Wᵀ·dy
	} else if dWt, ok := any(gr.dWt.Data).([]float32); ok && css*l.K <= convDots {
		kernel.DotsNT(dWt, l.K, any(b.cols.Data).([]float32), n*p, any(b.out.Data).([]float32), n*p, css, l.K, n*p)
	} else {
		gemm(false, true, css, l.K, n*p, 1, b.cols.Data, n*p, b.out.Data, n*p, 0, gr.dWt.Data, l.K)
	}
	if !wantDx {
		return
	}
	if l.directDx() {
		// Each image's input gradient straight from dy, pixel by pixel, then
		// transposed into its row of dx: no Wᵀ·dy matrix and no col2im.
		if len(b.dxT) < g.In() {
			b.dxT = make([]T, g.In())
		}
		dxT, out, wr := any(b.dxT).([]float32), any(b.out.Data).([]float32), any(l.wr.Data).([]float32)
		for s := 0; s < n; s++ {
			kernel.ConvInputGrad5x5C16(dxT, out[s*p:], n*p, wr, l.K, g.OutH(), g.OutW())
			kernel.Transpose(any(l.dx.Row(lo+s)).([]float32), g.H*g.W, dxT, 16, g.H*g.W, 16)
		}
		return
	}
	// cols is no longer needed: it receives Wᵀ·dy.
	gemm(true, false, css, n*p, l.K, 1, l.W.Data, css, b.out.Data, n*p, 0, b.cols.Data, n*p)
	for s := 0; s < n; s++ {
		if usePad(g) {
			b.col2imPad(l.dx.Row(lo+s), b.cols.Data, n*p, s*p, g)
			continue
		}
		col2im(l.dx.Row(lo+s), b.cols.Data, n*p, s*p, g)
	}
}

// direct5x5 reports whether the layer is a float32, single-channel,
// unpadded 5×5 convolution at stride 1, as the peer CNN's first, and the
// kernel's direct convolutions (no im2col) run here.
func (l *Conv2D[T]) direct5x5() bool {
	g := l.Shape
	_, f32 := any(l.W.Data).([]float32)
	return f32 && g.C == 1 && g.Size == 5 && g.Stride == 1 && g.Pad == 0 && kernel.HasDirectConv()
}

// directK32 reports whether Forward runs kernel.ConvK32: a float32
// convolution at stride 1 with 32 filters (other than a direct5x5 one).
func (l *Conv2D[T]) directK32() bool {
	_, f32 := any(l.W.Data).([]float32)
	return f32 && l.K == 32 && l.Shape.Stride == 1 && kernel.HasDirectConv() && !l.direct5x5()
}

// prepareK32 sets l.wt to the transposed weights and l.win (see
// windowOffsets) for kernel.ConvK32.
func (l *Conv2D[T]) prepareK32() {
	css := l.W.Cols
	l.wt.ReuseAs(css, l.K)
	kernel.Transpose(any(l.wt.Data).([]float32), l.K, any(l.W.Data).([]float32), css, l.K, css)
	l.windowOffsets()
}

// directGradK32 reports whether Backward computes the weight gradient
// straight from the input images with kernel.ConvGradK32x5: a float32
// convolution at stride 1 with 32 filters and 5×5 windows (the peer's
// second layer, where it and the transposes of dy took half the time of
// im2col and the GEMM).
func (l *Conv2D[T]) directGradK32() bool {
	_, f32 := any(l.W.Data).([]float32)
	return f32 && l.K == 32 && l.Shape.Size == 5 && l.Shape.Stride == 1 && kernel.HasDirectConv()
}

// directDx reports whether Backward computes the input gradient straight
// from dy with kernel.ConvInputGrad5x5C16: a float32, unpadded 5×5
// convolution at stride 1 over 16 channels, at most 16 output pixels wide
// (the peer's second layer, where the Wᵀ·dy GEMM and col2im took three
// times as long).
func (l *Conv2D[T]) directDx() bool {
	g := l.Shape
	_, f32 := any(l.W.Data).([]float32)
	return f32 && g.C == 16 && g.Size == 5 && g.Stride == 1 && g.Pad == 0 && g.OutW() <= 16 && kernel.HasDirectConv()
}

// prepareDx sets l.wr to the weights with the 16 channels innermost, as
// kernel.ConvInputGrad5x5C16 reads them: (K·25, 16).
func (l *Conv2D[T]) prepareDx() {
	l.wr.ReuseAs(l.K*25, 16)
	wr, w := any(l.wr.Data).([]float32), any(l.W.Data).([]float32)
	for k := 0; k < l.K; k++ {
		kernel.Transpose(wr[k*400:], 16, w[k*400:], 25, 16, 25)
	}
}

// windowOffsets sets l.win, once, to the window entries' offsets in an
// input image (with its zero border when usePad), in the order of W's
// columns.
func (l *Conv2D[T]) windowOffsets() {
	css := l.W.Cols
	if l.win != nil && l.win.Len() == css {
		return
	}
	g := l.Shape
	if usePad(g) {
		g = padded(g)
	}
	off := make([]int32, 0, css)
	for c := 0; c < g.C; c++ {
		for u := 0; u < g.Size; u++ {
			for v := 0; v < g.Size; v++ {
				off = append(off, int32((c*g.H+u)*g.W+v))
			}
		}
	}
	l.win = kernel.NewWindow(off)
}

// directGrad reports whether Backward computes the weight gradient straight
// from the input images (kernel.ConvGrad5x5x16): a direct5x5 layer with 16
// filters, where it took 0.2 of the im2col and dot-product path's time.
func (l *Conv2D[T]) directGrad() bool { return l.K == 16 && l.direct5x5() }

// parallel runs f(0, w) … f(n−1, w) on up to workers goroutines, w < workers
// naming the goroutine that runs item i (the caller's goroutine alone, w = 0,
// when workers ≤ 1 or n ≤ 1, which allocates nothing).
func parallel(n, workers int, f func(i, w int)) {
	if workers <= 1 || n <= 1 {
		for i := 0; i < n; i++ {
			f(i, 0)
		}
		return
	}
	workers = min(workers, n)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i, w)
			}
		}()
	}
	wg.Wait()
}

// rowSplit runs f on [0, rows) cut into at most workers contiguous blocks,
// one goroutine each. Callers with one worker call f(0, rows) themselves,
// so that the closure is not allocated then.
func rowSplit(rows, workers int, f func(a, b int)) {
	workers = max(1, min(workers, rows))
	parallel(workers, workers, func(w, _ int) { f(w*rows/workers, (w+1)*rows/workers) })
}

// SetWorkers sets Workers (see Network.SetWorkers).
func (l *Conv2D[T]) SetWorkers(n int) { l.Workers = n }

// Params returns W and B with their gradients.
func (l *Conv2D[T]) Params() []Param[T] {
	return []Param[T]{{"W", l.W, l.dW}, {"B", l.B, l.dB}}
}

// Spec describes the layer.
func (l *Conv2D[T]) Spec() Spec {
	g := l.Shape
	return Spec{Type: "conv2d", C: g.C, H: g.H, W: g.W, K: l.K, Size: g.Size, Stride: g.Stride, Pad: g.Pad}
}
