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
// With center, the inputs are centred on the training mean (see aeRun.Center)
// and dead units are revived (aeRun.Revive): the shipped course recipe.
func trainSmall(t *testing.T, seed uint64, c nn.Corruption, center bool) (*nn.Network[float32], []aeEpoch) {
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
	if center {
		r.Center, r.Revive = meanImage(data[:200*pixels]), true
	}
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
	for _, center := range []bool{false, true} {
		t.Run(fmt.Sprintf("center=%v", center), func(t *testing.T) {
			a, _ := trainSmall(t, 7, denoise, center)
			b, _ := trainSmall(t, 7, denoise, center)
			c, _ := trainSmall(t, 8, denoise, center)
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
		})
	}
}

// TestAutoencoderLearns checks the loop lowers the validation error, and
// that a centred run hands back a network for raw images: the last epoch's
// validation PSNR is what the returned network gives on the raw images.
func TestAutoencoderLearns(t *testing.T) {
	valid := blobs(240, rand.New(rand.NewPCG(9, 9)))[200*pixels:] // trainSmall's validation images
	for _, center := range []bool{false, true} {
		t.Run(fmt.Sprintf("center=%v", center), func(t *testing.T) {
			net, curves := trainSmall(t, 1, nn.Corruption{}, center)
			first, last := curves[0], curves[len(curves)-1]
			if !(last.ValidLoss < first.ValidLoss) || !(last.ValidPSNR > first.ValidPSNR) {
				t.Errorf("valid loss %.2f → %.2f, PSNR %.2f → %.2f dB; want the loss down and the PSNR up",
					first.ValidLoss, last.ValidLoss, first.ValidPSNR, last.ValidPSNR)
			}
			if _, psnr := evalAutoencoder(net, valid); psnr != last.ValidPSNR {
				t.Errorf("the returned network gives %v dB on the raw validation images; the last epoch measured %v", psnr, last.ValidPSNR)
			}
		})
	}
}

// TestShiftInput checks the folding of a centring into a Dense layer: the
// folded layer on x gives what the layer gave on x - c, and withRawInput
// puts the bias back bit for bit.
func TestShiftInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	d := nn.NewDense[float32](pixels, 5, rng) // 5 outputs: any small width
	for i := range d.B.Data {
		d.B.Data[i] = float32(rng.NormFloat64())
	}
	x, c := make([]float32, pixels), make([]float32, pixels)
	xc := make([]float32, pixels)
	for i := range x {
		x[i], c[i] = rng.Float32(), rng.Float32()
		xc[i] = x[i] - c[i]
	}
	want := slices.Clone(d.Forward(nn.FromSlice(1, pixels, xc)).Data)
	bias := slices.Clone(d.B.Data)
	var got []float32
	withRawInput(d, c, func() error {
		got = slices.Clone(d.Forward(nn.FromSlice(1, pixels, x)).Data)
		return nil
	})
	for j := range want {
		if math.Abs(float64(got[j]-want[j])) > 1e-4 { // float32 sums of 1024 terms of size ~1
			t.Errorf("folded output %d = %v; want %v", j, got[j], want[j])
		}
		if math.Float32bits(d.B.Data[j]) != math.Float32bits(bias[j]) {
			t.Errorf("bias %d = %v after withRawInput; want %v restored", j, d.B.Data[j], bias[j])
		}
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

// TestReviveDead kills one hidden unit and checks reviveDead finds it alone,
// gives it fresh weights in and zero weights out, and leaves the output as it was.
func TestReviveDead(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	net, err := newAutoencoderNet("16-8-16", rng) // any small net with three hidden layers
	if err != nil {
		t.Fatal(err)
	}
	imgs := blobs(40, rand.New(rand.NewPCG(6, 6)))
	mean := meanImage(imgs)
	for i := range imgs { // centred, as training centres them: then no unit starts dead
		imgs[i] -= mean[i%pixels]
	}
	x := nn.FromSlice(40, pixels, imgs)
	if n := reviveDead(net, x, rng); n != 0 {
		t.Fatalf("a fresh network on centred images has %d dead units; want 0", n)
	}
	first := net.Layers[0].(*nn.Dense[float32])
	const victim = 3            // any unit of the first hidden layer
	first.B.Data[victim] = -1e6 // below any input's pre-activation: dead
	before := slices.Clone(net.Forward(x).Data)
	oldIn := first.W.Data[victim] // its weight from pixel 0
	if n := reviveDead(net, x, rng); n != 1 {
		t.Fatalf("reviveDead = %d; want the 1 dead unit", n)
	}
	if first.B.Data[victim] != 0 || first.W.Data[victim] == oldIn {
		t.Errorf("unit %d: bias %v, weight from pixel 0 %v → %v; want bias 0 and fresh weights", victim, first.B.Data[victim], oldIn, first.W.Data[victim])
	}
	for k, w := range net.Layers[2].(*nn.Dense[float32]).W.Row(victim) {
		if w != 0 {
			t.Fatalf("weight out of unit %d to %d = %v; want 0", victim, k, w)
		}
	}
	after := net.Forward(x).Data
	for i := range before {
		if math.Abs(float64(after[i]-before[i])) > 1e-6 { // float32 outputs in [0, 1]
			t.Fatalf("output %d changed from %v to %v", i, before[i], after[i])
		}
	}
	if n := reviveDead(net, x, rng); n != 0 {
		t.Errorf("second reviveDead = %d; want 0 (the revived unit is alive)", n)
	}
}
