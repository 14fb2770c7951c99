package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/schollz/progressbar/v3"

	"inkling/nn"
)

// pixels is the width of one character image.
const pixels = 32 * 32

// aeRun is one training run of an autoencoder on 32×32 characters with the
// summed squared error. Mini-batches are drawn from a seeded generator, so the
// same seed gives the same weights bit for bit (on one machine, with
// GOMAXPROCS=1: a parallel GEMM may split sums differently).
type aeRun struct {
	Net      *nn.Network[float32]
	Opt      nn.Optimizer[float32]
	Schedule nn.Schedule // rate per epoch
	Warmup   int         // epochs over which the rate ramps linearly from 0, step by step
	Epochs   int
	Batch    int
	Rng      *rand.Rand
	// Corrupt damages the inputs of a denoising autoencoder; the targets stay clean.
	Corrupt nn.Corruption
	// CorruptShare is the fraction of samples that are corrupted (0 means all when Corrupt is set).
	CorruptShare float64

	// AfterEpoch, when set, runs after each epoch (checkpoints).
	AfterEpoch func(curves []aeEpoch) error

	Label    string    // shown in the progress bar
	Progress io.Writer // nil: no progress bar
}

// aeEpoch is one epoch's record: the nn.Epoch that goes into the weights file
// and the validation PSNR, which nn.Epoch has no field for.
type aeEpoch struct {
	nn.Epoch
	ValidPSNR float64
}

// run trains on train and evaluates on valid, both (N, 1024) row-major, and
// returns one record per epoch. Losses are summed squared errors per sample.
func (r *aeRun) run(train, valid []float32) ([]aeEpoch, error) {
	n := len(train) / pixels
	var x, target nn.Matrix[float32]
	corrupt := r.Corrupt != (nn.Corruption{})
	steps, warmSteps := 0, r.Warmup*((n+r.Batch-1)/r.Batch)
	var curves []aeEpoch
	params := r.Net.Params() // listed once: the layers do not change while training
	for e := 0; e < r.Epochs; e++ {
		lr := r.Schedule.LR(e)
		r.Opt.SetLR(lr)
		order := r.Rng.Perm(n)
		bar := r.bar(e, n)
		start := time.Now()
		var loss float64
		for s := 0; s < n; s += r.Batch {
			idx := order[s:min(s+r.Batch, n)]
			nn.Gather(&x, train, pixels, idx)
			in := &x
			if corrupt {
				target.CopyFrom(&x)
				for i := range idx {
					if r.CorruptShare == 0 || r.Rng.Float64() < r.CorruptShare {
						nn.Corrupt(x.Row(i), 32, r.Corrupt, r.Rng)
					}
				}
			} else {
				target = x // the same storage: an autoencoder's target is its input
			}
			if steps < warmSteps {
				r.Opt.SetLR(lr * float64(steps+1) / float64(warmSteps))
			} else if steps == warmSteps {
				r.Opt.SetLR(lr)
			}
			steps++
			l := r.Net.StepSquaredError(in, &target)
			if math.IsNaN(l) || math.IsInf(l, 0) {
				return curves, fmt.Errorf("epoch %d: the loss diverged (%v); lower the learning rate", e+1, l)
			}
			loss += l
			r.Opt.Step(params)
			if bar != nil {
				bar.Add(len(idx))
				if (s/r.Batch)%100 == 0 {
					bar.Describe(fmt.Sprintf("%s epoch %d/%d loss %.2f", r.Label, e+1, r.Epochs, loss/float64(s+len(idx))))
				}
			}
		}
		secs := time.Since(start).Seconds()
		vl, vp := evalAutoencoder(r.Net, valid)
		ep := aeEpoch{Epoch: nn.Epoch{Epoch: e + 1, LR: lr, TrainLoss: loss / float64(n), ValidLoss: vl, Seconds: secs}, ValidPSNR: vp}
		curves = append(curves, ep)
		if bar != nil {
			bar.Finish()
			fmt.Fprintf(r.Progress, "\n%s epoch %d/%d: lr %.3g train loss %.3f | valid loss %.3f psnr %.2f dB | %.1fs (%.0f samples/s)\n",
				r.Label, e+1, r.Epochs, lr, ep.TrainLoss, ep.ValidLoss, vp, secs, float64(n)/secs)
		}
		if r.AfterEpoch != nil {
			if err := r.AfterEpoch(curves); err != nil {
				return curves, err
			}
		}
	}
	return curves, nil
}

func (r *aeRun) bar(e, n int) *progressbar.ProgressBar {
	if r.Progress == nil { // a nil *os.File in an io.Writer would not be nil
		return nil
	}
	return newBar(r.Progress, fmt.Sprintf("%s epoch %d/%d", r.Label, e+1, r.Epochs), n)
}

// reconstructAll returns the reconstructions of the images in xs (N, 1024),
// computed evalBatch images at a time.
func reconstructAll(net *nn.Network[float32], xs []float32) []float32 {
	const chunk = 512 * pixels
	out := make([]float32, len(xs))
	for s := 0; s < len(xs); s += chunk {
		part := xs[s:min(s+chunk, len(xs))]
		y := net.Forward(nn.FromSlice(len(part)/pixels, pixels, part))
		copy(out[s:], y.Data)
	}
	return out
}

// evalAutoencoder returns the summed squared error per image and the mean
// per-image PSNR of net's reconstructions of xs.
func evalAutoencoder(net *nn.Network[float32], xs []float32) (loss, psnr float64) {
	net.SetTraining(false)
	defer net.SetTraining(true)
	return reconstructionScores(xs, reconstructAll(net, xs))
}

// reconstructionScores compares reconstructions with the originals, both (N, 1024).
func reconstructionScores(orig, rec []float32) (loss, psnr float64) {
	n := len(orig) / pixels
	if n == 0 {
		return 0, 0
	}
	a, b := nn.FromSlice(n, pixels, orig), nn.FromSlice(n, pixels, rec)
	for i, v := range orig {
		d := float64(v) - float64(rec[i])
		loss += d * d
	}
	return loss / float64(n), nn.MeanPSNR(a, b)
}
