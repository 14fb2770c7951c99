package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"inkling/nn"
)

// blobs returns n synthetic 32×32 characters: a dark square of random size
// and place on white paper, so an autoencoder has something to learn.
func blobs(n int, rng *rand.Rand) []float32 {
	x := make([]float32, n*pixels)
	for i := range n {
		img := x[i*pixels : (i+1)*pixels]
		for j := range img {
			img[j] = 1
		}
		side := 6 + rng.IntN(14)                           // 6..19 pixels
		x0, y0 := rng.IntN(32-side+1), rng.IntN(32-side+1) // fully inside
		for y := y0; y < y0+side; y++ {
			for x := x0; x < x0+side; x++ {
				img[y*32+x] = 0
			}
		}
	}
	return x
}

// trainSmall trains the course's autoencoder for a few epochs on synthetic data.
func trainSmall(t *testing.T, seed uint64, c nn.Corruption) (*nn.Network[float32], []aeEpoch) {
	t.Helper()
	data := blobs(240, rand.New(rand.NewPCG(9, 9))) // 200 train + 40 valid: a few seconds of training
	rng := rand.New(rand.NewPCG(seed, 0xae))
	net, err := newAutoencoderNet("course", rng)
	if err != nil {
		t.Fatal(err)
	}
	const lr = 1e-4 // a rate at which the course net learns the blobs in a few epochs
	r := &aeRun{Net: net, Opt: &nn.SGD[float32]{LR: lr, Momentum: 0.9}, Schedule: nn.StepDecay{Base: lr, Factor: 0.9, Every: 2},
		Warmup: 1, Epochs: 4, Batch: 36, Rng: rng, Corrupt: c, CorruptShare: 0.5}
	curves, err := r.run(data[:200*pixels], data[200*pixels:])
	if err != nil {
		t.Fatal(err)
	}
	return net, curves
}

// TestAutoencoderDeterministic trains twice with one seed in single-threaded
// mode and checks the weights agree bit for bit, and differ for another seed.
func TestAutoencoderDeterministic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	denoise := nn.Corruption{Noise: 0.2, Occlude: 6, Thin: 0.5} // exercises the rng inside the loop too
	a, _ := trainSmall(t, 7, denoise)
	b, _ := trainSmall(t, 7, denoise)
	c, _ := trainSmall(t, 8, denoise)
	same, differ := true, false
	for i, p := range a.Params() {
		q, r := b.Params()[i].Value.Data, c.Params()[i].Value.Data
		for j, v := range p.Value.Data {
			same = same && math.Float32bits(v) == math.Float32bits(q[j])
			differ = differ || v != r[j]
		}
	}
	if !same {
		t.Error("two runs with seed 7 gave different weights")
	}
	if !differ {
		t.Error("seeds 7 and 8 gave identical weights")
	}
}

// TestAutoencoderLearns checks the loop lowers the validation error.
func TestAutoencoderLearns(t *testing.T) {
	_, curves := trainSmall(t, 1, nn.Corruption{})
	first, last := curves[0], curves[len(curves)-1]
	if !(last.ValidLoss < first.ValidLoss) || !(last.ValidPSNR > first.ValidPSNR) {
		t.Errorf("valid loss %.2f → %.2f, PSNR %.2f → %.2f dB; want the loss down and the PSNR up",
			first.ValidLoss, last.ValidLoss, first.ValidPSNR, last.ValidPSNR)
	}
}

// TestFitPCA checks the covariance-based PCA against gonum's stat.PC, the
// slow reference, by comparing the reconstructions (signs of components may differ).
func TestFitPCA(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	const n, width = 50, 7 // tiny, unequal sizes
	x := make([]float32, n*width)
	for i := range x {
		x[i] = float32(rng.Float64())
	}
	xs := mat.NewDense(n, width, nil)
	for i, v := range x {
		xs.Set(i/width, i%width, float64(v))
	}
	var pc stat.PC
	if !pc.PrincipalComponents(xs, nil) {
		t.Fatal("stat.PC failed")
	}
	var vecs mat.Dense
	pc.VectorsTo(&vecs)
	for _, k := range []int{1, 3, width} {
		t.Run("", func(t *testing.T) {
			p, err := fitPCA(x, width, k)
			if err != nil {
				t.Fatal(err)
			}
			got := p.reconstruct(x, false)
			// Reference: μ + (x-μ)·V_k·V_kᵀ with stat.PC's first k vectors.
			vk := vecs.Slice(0, width, 0, k)
			var centred, back mat.Dense
			centred.Apply(func(i, j int, v float64) float64 { return v - p.mean[j] }, xs)
			back.Product(&centred, vk, vk.T())
			for i, v := range got {
				want := back.At(i/width, i%width) + p.mean[i%width]
				if math.Abs(float64(v)-want) > 1e-5 { // float32 output
					t.Fatalf("k=%d: reconstruct[%d] = %v; want %v", k, i, v, want)
				}
			}
			if k == width {
				if ratio := p.explained(x); math.Abs(ratio-1) > 1e-9 {
					t.Errorf("explained with all components = %v; want 1", ratio)
				}
			}
		})
	}
}

func TestReconstructionScores(t *testing.T) {
	orig := make([]float32, 2*pixels)
	rec := slices.Clone(orig)
	for i := range rec[:pixels] {
		rec[i] = 0.1 // image 0: MSE 0.01 → 20 dB, squared error 10.24
	}
	for i := range rec[pixels:] {
		rec[pixels+i] = 0.01 // image 1: MSE 1e-4 → 40 dB, squared error 0.1024
	}
	loss, psnr := reconstructionScores(orig, rec)
	if math.Abs(psnr-30) > 1e-3 || math.Abs(loss-(10.24+0.1024)/2) > 1e-3 { // float32 rounding
		t.Errorf("reconstructionScores = %v, %v; want %v, 30", loss, psnr, (10.24+0.1024)/2)
	}
}

func TestAEHidden(t *testing.T) {
	tests := []struct {
		arch string
		want string // fmt of the sizes, or "error"
	}{
		{"course", "[32 32 32]"},
		{"wide", "[256 64 256]"},
		{"512-128-512", "[512 128 512]"},
		{"64", "[64]"},
		{"", "error"},
		{"512--512", "error"},
		{"0-1", "error"},
		{"deep", "error"},
	}
	for _, tc := range tests {
		t.Run(tc.arch, func(t *testing.T) {
			got, err := aeHidden(tc.arch)
			s := fmt.Sprint(got)
			if err != nil {
				s = "error"
			}
			if s != tc.want {
				t.Errorf("aeHidden(%q) = %v, %v; want %s", tc.arch, got, err, tc.want)
			}
		})
	}
}
