package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"

	"inkling/dataset"
	"inkling/nn"
)

// demoCorruptions are the damages the app shows being repaired, and the ones
// the denoising figures are reported for.
var demoCorruptions = []struct {
	name string
	c    nn.Corruption
}{
	{"noise", nn.Corruption{Noise: 0.3}},    // σ 0.3: speckle over the whole image
	{"occlude", nn.Corruption{Occlude: 10}}, // a 10×10 square erased: about a tenth of the image
	{"thin", nn.Corruption{Thin: 1}},        // strokes one pixel thinner
	{"all", nn.Corruption{Noise: 0.2, Occlude: 8, Thin: 0.5}},
}

// autoencoderMetrics fills m with the validation and test PSNR of ae, the
// PCA baseline with as many components as ae's code, and the denoising
// figures (damage drawn from rng, scored against the clean originals).
func autoencoderMetrics(m map[string]float64, ae *nn.Autoencoder[float32], sets characterSets, rng *rand.Rand) error {
	for _, s := range []struct {
		name string
		set  *dataset.Set
	}{{"valid", sets.valid}, {"test", sets.test}} {
		loss, psnr := reconstructionScores(s.set.X, reconstructAll(ae.Net, s.set.X))
		m[s.name+"_psnr"], m[s.name+"_loss"], m[s.name+"_n"] = psnr, loss, float64(s.set.Len())
	}
	k := ae.CodeSize()
	fit := strided(sets.train.X, pixels, pcaFitMax)
	m["pca_fit_n"] = float64(len(fit) / pixels)
	p, err := fitPCA(fit, pixels, k)
	if err != nil {
		return err
	}
	_, m[fmt.Sprintf("pca%d_valid_psnr", k)] = reconstructionScores(sets.valid.X, p.reconstruct(sets.valid.X, false))
	_, m[fmt.Sprintf("pca%d_valid_psnr_clipped", k)] = reconstructionScores(sets.valid.X, p.reconstruct(sets.valid.X, true))
	for name, v := range denoiseScores(ae.Net, sets.valid.X, rng) {
		m[name] = v
	}
	return nil
}

// pcaFitMax bounds how many training images the PCA baseline is fitted on:
// every m-th image, so at most 20,000. gonum's pure-Go GEMM and EigenSym take
// minutes on all 71,000 on a shared 2-core machine, and 20,000 samples of 1024
// pixels pin down the leading 64 components to well under 0.1 dB of PSNR.
const pcaFitMax = 20000

// strided returns every m-th row of x (rows of the given width), with m the
// smallest step that keeps at most maxRows rows.
func strided(x []float32, width, maxRows int) []float32 {
	n := len(x) / width
	step := (n + maxRows - 1) / maxRows
	if step <= 1 {
		return x
	}
	out := make([]float32, 0, (n/step+1)*width)
	for i := 0; i < n; i += step {
		out = append(out, x[i*width:(i+1)*width]...)
	}
	return out
}

// denoiseScores corrupts every image of xs with each demo corruption and
// returns, per corruption, the PSNR of the damaged input and of the network's
// repair, both against the clean original.
func denoiseScores(net *nn.Network[float32], xs []float32, rng *rand.Rand) map[string]float64 {
	m := map[string]float64{}
	for _, d := range demoCorruptions {
		damaged := slices.Clone(xs)
		for i := 0; i < len(xs); i += pixels {
			nn.Corrupt(damaged[i:i+pixels], 32, d.c, rng)
		}
		_, m["denoise_"+d.name+"_input_psnr"] = reconstructionScores(xs, damaged)
		_, m["denoise_"+d.name+"_psnr"] = reconstructionScores(xs, reconstructAll(net, damaged))
	}
	return m
}

// aeEvalReport is what `inkling eval -json` prints for an autoencoder.
type aeEvalReport struct {
	Model string  `json:"model"`
	File  string  `json:"file"`
	Split string  `json:"split"`
	N     int     `json:"n"`
	PSNR  float64 `json:"psnr"` // mean per-image PSNR in dB, data range 1
	Loss  float64 `json:"loss"` // summed squared error per image
	Code  int     `json:"code_size"`
}

// evalAutoencoderSet scores an autoencoder's reconstructions of one split.
func evalAutoencoderSet(ae *nn.Autoencoder[float32], set *dataset.Set, split string) (aeEvalReport, error) {
	if ae.InputSize() != pixels {
		return aeEvalReport{}, fmt.Errorf("eval: autoencoder %q takes %d inputs, not a 32×32 character", ae.Net.Meta.Model, ae.InputSize())
	}
	ae.Net.SetTraining(false)
	loss, psnr := reconstructionScores(set.X, reconstructAll(ae.Net, set.X))
	return aeEvalReport{Model: ae.Net.Meta.Model, Split: split, N: set.Len(), PSNR: psnr, Loss: loss, Code: ae.CodeSize()}, nil
}

// printAutoencoderEval prints the PSNR of an autoencoder on one split.
func printAutoencoderEval(ae *nn.Autoencoder[float32], set *dataset.Set, split, file string, asJSON bool) error {
	rep, err := evalAutoencoderSet(ae, set, split)
	if err != nil {
		return err
	}
	rep.File = file
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(rep)
	}
	fmt.Printf("%s on %s (%d): PSNR %.2f dB, squared error %.2f per image (code size %d)\n",
		rep.Model, rep.Split, rep.N, rep.PSNR, rep.Loss, rep.Code)
	return nil
}
