package nn

import (
	"math/rand/v2"
	"testing"
)

// courseMLP is the course's network: 1024-64 sigmoid-36 softmax.
func courseMLP(rng *rand.Rand) *Network[float32] {
	return NewNetwork[float32](NewDense[float32](1024, 64, rng), &Sigmoid[float32]{}, NewDense[float32](64, 36, rng), &Softmax[float32]{})
}

func randInput(rng *rand.Rand, n, width int) *Matrix[float32] {
	x := NewMatrix[float32](n, width)
	for i := range x.Data {
		x.Data[i] = rng.Float32()
	}
	return x
}

// BenchmarkMLPInference is one 32×32 image through the MLP, as the browser does it.
func BenchmarkMLPInference(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	net := courseMLP(rng)
	x := randInput(rng, 1, 1024)
	net.Forward(x) // warm-up: buffers are allocated once
	b.ReportAllocs()
	for b.Loop() {
		net.Forward(x)
	}
}

// BenchmarkMLPTrain is one training step of batch 32 (forward, fused
// backward without the input gradient, SGD update); it reports samples/s.
func BenchmarkMLPTrain(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	net := courseMLP(rng)
	const batch = 32 // the course's and the peers' batch size
	x := randInput(rng, batch, 1024)
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = rng.IntN(36)
	}
	opt := &SGD[float32]{LR: 1e-3}
	params := net.Params()
	benchSteps(b, batch, func() {
		net.StepCrossEntropy(x, labels)
		opt.Step(params)
	})
}

// benchSteps times step, one training step on batch samples, after a
// warm-up call that allocates the buffers, and reports samples/s.
func benchSteps(b *testing.B, batch int, step func()) {
	step()
	b.ReportAllocs()
	for b.Loop() {
		step()
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "samples/s")
}

func TestInferenceAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	net := courseMLP(rng)
	x := randInput(rng, 1, 1024)
	net.Forward(x)
	if a := testing.AllocsPerRun(20, func() { net.Forward(x) }); a != 0 {
		t.Errorf("Forward allocates %v times per call after warm-up; want 0", a)
	}
}

// TestTrainingDeterministic: the same seed gives the same weights, bit for bit.
func TestTrainingDeterministic(t *testing.T) {
	train := func() []Param[float32] {
		rng := rand.New(rand.NewPCG(7, 7))
		net := courseMLP(rng)
		x := randInput(rng, 64, 1024)
		labels := make([]int, 64)
		for i := range labels {
			labels[i] = rng.IntN(36)
		}
		opt := &SGD[float32]{LR: 1e-2, Momentum: 0.9}
		for step := 0; step < 5; step++ {
			order := rng.Perm(64)[:16]
			var xb Matrix[float32]
			Gather(&xb, x.Data, 1024, order)
			lb := make([]int, len(order))
			for i, o := range order {
				lb[i] = labels[o]
			}
			net.StepCrossEntropy(&xb, lb)
			opt.Step(net.Params())
		}
		return net.Params()
	}
	a, b := train(), train()
	for i := range a {
		if !equalMatrix(a[i].Value, b[i].Value) {
			t.Errorf("param %d (%s) differs between two runs with the same seed", i, a[i].Name)
		}
	}
}

// BenchmarkAETrain is one training step of the course's autoencoder
// (1024-32-32-32 ReLU-1024 sigmoid, summed squared error, batch 36, SGD
// with momentum, no input gradient), as the peers' numpy_ae.py does it.
func BenchmarkAETrain(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	net := NewNetwork[float32](
		NewDense[float32](1024, 32, rng), &ReLU[float32]{},
		NewDense[float32](32, 32, rng), &ReLU[float32]{},
		NewDense[float32](32, 32, rng), &ReLU[float32]{},
		NewDense[float32](32, 1024, rng), &Sigmoid[float32]{})
	const batch = 36
	x := randInput(rng, batch, 1024)
	opt := &SGD[float32]{LR: 3e-5, Momentum: 0.9}
	params := net.Params()
	benchSteps(b, batch, func() {
		net.StepSquaredError(x, x)
		opt.Step(params)
	})
}
