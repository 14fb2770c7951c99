package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// defaultCNN is the shape of inkling's shipped recogniser after export
// (BatchNorm folded, dropout removed): 4.8 MFLOP per 32×32 character.
func defaultCNN() *Network[float32] {
	rng := rand.New(rand.NewPCG(1, 1))
	conv := func(c, hw, k int) *Conv2D[float32] {
		return NewConv2D[float32](ConvShape{C: c, H: hw, W: hw, Size: 3, Stride: 1, Pad: 1}, k, rng)
	}
	return NewNetwork[float32](
		conv(1, 32, 16), &ReLU[float32]{}, NewMaxPool[float32](16, 32, 32, 2, 2),
		conv(16, 16, 24), &ReLU[float32]{}, NewMaxPool[float32](24, 16, 16, 2, 2),
		conv(24, 8, 48), &ReLU[float32]{}, NewMaxPool[float32](48, 8, 8, 2, 2),
		conv(48, 4, 80), &ReLU[float32]{},
		&Flatten[float32]{C: 80, H: 4, W: 4},
		NewDense[float32](1280, 128, rng), &ReLU[float32]{},
		NewDense[float32](128, 36, rng), &Softmax[float32]{},
	)
}

// BenchmarkCNNInference is one character through the default recogniser, as
// the browser runs it: single-threaded, batch of one.
func BenchmarkCNNInference(b *testing.B) {
	net := defaultCNN()
	x := NewMatrix[float32](1, 1024)
	for i := range x.Data {
		x.Data[i] = float32(i%17) / 17
	}
	net.Forward(x) // warm-up: buffers are allocated once
	b.ReportAllocs()
	for b.Loop() {
		net.Forward(x)
	}
}

// BenchmarkCNNTrainStep is one training batch of 64 through the default
// recogniser with BatchNorm: forward, fused cross-entropy backward, Adam.
func BenchmarkCNNTrainStep(b *testing.B) {
	rng := rand.New(rand.NewPCG(2, 2))
	conv := func(c, hw, k int) *Conv2D[float32] {
		l := NewConv2D[float32](ConvShape{C: c, H: hw, W: hw, Size: 3, Stride: 1, Pad: 1}, k, rng)
		l.Workers = 2
		return l
	}
	net := NewNetwork[float32](
		conv(1, 32, 16), NewBatchNorm[float32](16, 32, 32), &ReLU[float32]{}, NewMaxPool[float32](16, 32, 32, 2, 2),
		conv(16, 16, 24), NewBatchNorm[float32](24, 16, 16), &ReLU[float32]{}, NewMaxPool[float32](24, 16, 16, 2, 2),
		conv(24, 8, 48), NewBatchNorm[float32](48, 8, 8), &ReLU[float32]{}, NewMaxPool[float32](48, 8, 8, 2, 2),
		conv(48, 4, 80), NewBatchNorm[float32](80, 4, 4), &ReLU[float32]{},
		&Flatten[float32]{C: 80, H: 4, W: 4},
		NewDense[float32](1280, 128, rng), NewBatchNorm[float32](128, 1, 1), &ReLU[float32]{},
		NewDense[float32](128, 36, rng), &Softmax[float32]{},
	)
	net.SetTraining(true)
	const batch = 64 // the trainer's default
	x := NewMatrix[float32](batch, 1024)
	for i := range x.Data {
		x.Data[i] = float32(rng.Float64())
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = i % 36
	}
	opt := NewAdam[float32](1e-3)
	for b.Loop() {
		net.StepCrossEntropy(x, labels)
		opt.Step(net.Params())
	}
	b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkTorchCNNTrain is ../shared/bench/torch_cnn.py's network and
// settings in Go, for the side-by-side speed comparison: conv5x5×16 (valid)
// → ReLU → maxpool2 → conv5x5×32 (valid) → ReLU → maxpool2 → 800 → FC128 →
// ReLU → FC36, SGD momentum 0.9, batch 32, no gradient for the input
// images. Sub-benchmarks set the network's workers to 1 and 2 (run with
// -cpu 1 and -cpu 2 to match torch's thread count).
func BenchmarkTorchCNNTrain(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers1", 2: "workers2"}[workers], func(b *testing.B) {
			rng := rand.New(rand.NewPCG(3, 3))
			c1 := NewConv2D[float32](ConvShape{C: 1, H: 32, W: 32, Size: 5, Stride: 1}, 16, rng)
			c2 := NewConv2D[float32](ConvShape{C: 16, H: 14, W: 14, Size: 5, Stride: 1}, 32, rng)
			net := NewNetwork[float32](
				c1, &ReLU[float32]{}, NewMaxPool[float32](16, 28, 28, 2, 2),
				c2, &ReLU[float32]{}, NewMaxPool[float32](32, 10, 10, 2, 2),
				&Flatten[float32]{C: 32, H: 5, W: 5},
				NewDense[float32](800, 128, rng), &ReLU[float32]{},
				NewDense[float32](128, 36, rng), &Softmax[float32]{},
			)
			net.SetWorkers(workers)
			const batch = 32 // torch_cnn.py's default
			x := NewMatrix[float32](batch, 1024)
			for i := range x.Data {
				x.Data[i] = rng.Float32()
			}
			labels := make([]int, batch)
			for i := range labels {
				labels[i] = rng.IntN(36)
			}
			opt := &SGD[float32]{LR: 0.01 / batch, Momentum: 0.9} // torch's mean loss at lr 0.01
			for b.Loop() {
				net.StepCrossEntropy(x, labels)
				opt.Step(net.Params())
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}

// BenchmarkIm2col unrolls, and BenchmarkCol2im folds back, one chunk of 4
// samples of the peer network's two convolutions.
func BenchmarkIm2col(b *testing.B) {
	for _, tc := range []struct {
		name string
		g    ConvShape
	}{
		{"conv1", ConvShape{C: 1, H: 32, W: 32, Size: 5, Stride: 1}},
		{"conv2", ConvShape{C: 16, H: 14, W: 14, Size: 5, Stride: 1}},
		{"shipped2", ConvShape{C: 16, H: 16, W: 16, Size: 3, Stride: 1, Pad: 1}},
	} {
		const n = 4 // samples per chunk
		g, p := tc.g, tc.g.OutH()*tc.g.OutW()
		x := make([]float32, n*g.In())
		cols := make([]float32, g.C*g.Size*g.Size*n*p)
		b.Run("im2col/"+tc.name, func(b *testing.B) {
			for b.Loop() {
				for s := 0; s < n; s++ {
					im2col(cols, n*p, s*p, x[s*g.In():(s+1)*g.In()], g)
				}
			}
		})
		b.Run("col2im/"+tc.name, func(b *testing.B) {
			for b.Loop() {
				for s := 0; s < n; s++ {
					col2im(x[s*g.In():(s+1)*g.In()], cols, n*p, s*p, g)
				}
			}
		})
	}
}

// peerCNN is BenchmarkTorchCNNTrain's network with every layer that can
// split a batch set to workers goroutines.
func peerCNN(workers int) *Network[float32] {
	rng := rand.New(rand.NewPCG(3, 3))
	net := NewNetwork[float32](
		NewConv2D[float32](ConvShape{C: 1, H: 32, W: 32, Size: 5, Stride: 1}, 16, rng), &ReLU[float32]{}, NewMaxPool[float32](16, 28, 28, 2, 2),
		NewConv2D[float32](ConvShape{C: 16, H: 14, W: 14, Size: 5, Stride: 1}, 32, rng), &ReLU[float32]{}, NewMaxPool[float32](32, 10, 10, 2, 2),
		NewMaxPool[float32](32, 5, 5, 3, 1), // an overlapping, general-path pool too
		&Flatten[float32]{C: 32, H: 3, W: 3},
		NewDense[float32](288, 36, rng), &Softmax[float32]{},
	)
	net.SetWorkers(workers)
	return net
}

// TestNetworkWorkersBitIdentical trains the peer network a few steps with 1,
// 2 and 3 workers on an odd batch and checks the weights agree bit for bit:
// splitting the batch between goroutines must not change the result.
func TestNetworkWorkersBitIdentical(t *testing.T) {
	const batch = 7 // odd, so the rows do not split evenly
	rng := rand.New(rand.NewPCG(4, 4))
	x := randInput(rng, batch, 1024)
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = rng.IntN(36)
	}
	var want []float32
	for _, workers := range []int{1, 2, 3} {
		net := peerCNN(workers)
		opt := &SGD[float32]{LR: 1e-3, Momentum: 0.9}
		for range 3 {
			net.StepCrossEntropy(x, labels)
			opt.Step(net.Params())
		}
		var got []float32
		for _, p := range net.Params() {
			got = append(got, p.Value.Data...)
		}
		if want == nil {
			want = got
			continue
		}
		for i := range want {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("workers %d: parameter value %d = %v; want %v (workers 1)", workers, i, got[i], want[i])
			}
		}
	}
}

// TestTrainStepAllocs checks a training step of the peer network allocates
// nothing after warm-up when it runs on the calling goroutine.
func TestTrainStepAllocs(t *testing.T) {
	net := peerCNN(1)
	rng := rand.New(rand.NewPCG(5, 5))
	x := randInput(rng, 8, 1024) // any small batch
	labels := []int{0, 1, 2, 3, 4, 5, 6, 7}
	opt := &SGD[float32]{LR: 1e-3, Momentum: 0.9}
	params := net.Params()
	step := func() {
		net.StepCrossEntropy(x, labels)
		opt.Step(params)
	}
	step()
	if a := testing.AllocsPerRun(10, step); a != 0 {
		t.Errorf("a training step allocates %v times; want 0", a)
	}
}

// BenchmarkDepthwise is one forward and backward pass of a 3×3 depthwise
// convolution ('same', stride 1) over a batch of 64 images of 48×16×16,
// single-threaded: the 16×16 stage of a depthwise-separable character net.
func BenchmarkDepthwise(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	l := NewDepthwiseConv2D[float32](ConvShape{C: 48, H: 16, W: 16, Size: 3, Stride: 1, Pad: 1}, rng)
	x := NewMatrix[float32](64, 48*16*16)
	for i := range x.Data {
		x.Data[i] = float32(rng.Float64())
	}
	for b.Loop() {
		dy := l.Forward(x)
		l.Backward(dy, true)
	}
}
