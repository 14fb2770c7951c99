package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
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

	// Center, when set (one 32×32 image, the training set's mean), makes the
	// network train on x - Center, the way the inputs are usually centred:
	// the images are mostly paper (1), so without it the first layer's
	// pre-activations share one large offset and a unit whose weights sum
	// below zero starts out, and stays, dead for every image (9 of the
	// course network's 32 were). The first layer is a Dense, and run
	// returns the network folded back to take raw images (bias b - Center·W),
	// which is also what the epoch's evaluation and AfterEpoch see.
	Center []float32

	// Revive, when set, re-initialises after each epoch every hidden unit that
	// no image of a fixed sample of the training set activates: a dead ReLU
	// has a zero gradient for good, and the course network loses about 5 of
	// its 32 first-layer units that way. The unit gets fresh Xavier weights
	// in, a zero bias and zero weights out, so the network's output does not
	// change and the unit can learn again.
	Revive bool

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
	Revived   int // dead units re-initialised after the epoch (with Revive)
}

// run trains on train and evaluates on valid, both (N, 1024) row-major, and
// returns one record per epoch. Losses are summed squared errors per sample.
func (r *aeRun) run(train, valid []float32) ([]aeEpoch, error) {
	n := len(train) / pixels
	var x, target, cx nn.Matrix[float32]
	corrupt := r.Corrupt != (nn.Corruption{})
	steps, warmSteps := 0, r.Warmup*((n+r.Batch-1)/r.Batch)
	var probe nn.Matrix[float32] // the training images that judge which units are dead
	if r.Revive {
		probe.CopyFrom(nn.FromSlice(min(n, reviveProbe), pixels, train[:min(n, reviveProbe)*pixels]))
		centre(&probe, r.Center)
	}
	var curves []aeEpoch
	params := r.Net.Params() // listed once: the layers do not change while training
	first, err := r.centring()
	if err != nil {
		return nil, err
	}
	if first != nil {
		shiftInput(first, r.Center, +1) // b + Center·W: the same function of x - Center
		defer shiftInput(first, r.Center, -1)
	}
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
			if first != nil {
				if !corrupt { // x is also the target: the input gets its own storage
					cx.CopyFrom(&x)
					in = &cx
				}
				centre(in, r.Center)
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
		revived := 0
		if r.Revive {
			revived = reviveDead(r.Net, &probe, r.Rng)
		}
		var vl, vp float64
		withRawInput(first, r.Center, func() error { vl, vp = evalAutoencoder(r.Net, valid); return nil })
		ep := aeEpoch{Epoch: nn.Epoch{Epoch: e + 1, LR: lr, TrainLoss: loss / float64(n), ValidLoss: vl, Seconds: secs}, ValidPSNR: vp, Revived: revived}
		curves = append(curves, ep)
		if bar != nil {
			bar.Finish()
			fmt.Fprintf(r.Progress, "\n%s epoch %d/%d: lr %.3g train loss %.3f | valid loss %.3f psnr %.2f dB | %.1fs (%.0f samples/s)",
				r.Label, e+1, r.Epochs, lr, ep.TrainLoss, ep.ValidLoss, vp, secs, float64(n)/secs)
			if r.Revive {
				fmt.Fprintf(r.Progress, " | %d dead units revived", revived)
			}
			fmt.Fprintln(r.Progress)
		}
		if r.AfterEpoch != nil {
			if err := withRawInput(first, r.Center, func() error { return r.AfterEpoch(curves) }); err != nil {
				return curves, err
			}
		}
	}
	return curves, nil
}

// reviveProbe is how many training images judge which units are dead.
const reviveProbe = 4096

// reviveDead re-initialises the hidden units of net that none of the images
// xs activates (see aeRun.Revive) and returns how many there were. A hidden
// unit is a ReLU output between two Dense layers.
func reviveDead(net *nn.Network[float32], xs *nn.Matrix[float32], rng *rand.Rand) int {
	revived := 0
	x := xs
	for i, l := range net.Layers {
		x = l.Forward(x)
		if _, ok := l.(*nn.ReLU[float32]); !ok || i == 0 || i+1 == len(net.Layers) {
			continue
		}
		in, ok1 := net.Layers[i-1].(*nn.Dense[float32])
		out, ok2 := net.Layers[i+1].(*nn.Dense[float32])
		if !ok1 || !ok2 {
			continue
		}
		a := math.Sqrt(6 / float64(in.W.Rows+in.W.Cols)) // Xavier-uniform, as at the start
		for j := range x.Cols {
			if !deadUnit(x, j) {
				continue
			}
			for r := range in.W.Rows {
				in.W.Data[r*in.W.Cols+j] = float32((2*rng.Float64() - 1) * a)
			}
			in.B.Data[j] = 0
			clear(out.W.Row(j)) // its weights out: the output does not change
			revived++
		}
	}
	return revived
}

// deadUnit reports whether column j of the activations x is zero throughout.
func deadUnit(x *nn.Matrix[float32], j int) bool {
	for r := range x.Rows {
		if x.Data[r*x.Cols+j] > 0 {
			return false
		}
	}
	return true
}

// centring returns the first layer when the run centres its inputs.
func (r *aeRun) centring() (*nn.Dense[float32], error) {
	if r.Center == nil {
		return nil, nil
	}
	first, ok := r.Net.Layers[0].(*nn.Dense[float32])
	if !ok || len(r.Center) != pixels || first.W.Rows != pixels {
		return nil, fmt.Errorf("centring the inputs needs a first Dense layer of %d inputs and a %d-pixel mean", pixels, pixels)
	}
	return first, nil
}

// shiftInput adds sign·Σ_i c_i W_ij to the bias b_j of d: with sign -1 the
// layer applied to x gives what it gave to x - c before.
func shiftInput(d *nn.Dense[float32], c []float32, sign float64) {
	for j := range d.B.Data {
		var s float64
		for i, m := range c {
			s += float64(m) * float64(d.W.Data[i*d.W.Cols+j])
		}
		d.B.Data[j] += float32(sign * s)
	}
}

// withRawInput runs f with first (when not nil) folded to take raw images,
// then restores its bias exactly, so evaluating and checkpointing do not
// perturb training.
func withRawInput(first *nn.Dense[float32], c []float32, f func() error) error {
	if first == nil {
		return f()
	}
	saved := slices.Clone(first.B.Data)
	shiftInput(first, c, -1)
	defer copy(first.B.Data, saved)
	return f()
}

// meanImage returns the mean of the images in xs (N, 1024).
func meanImage(xs []float32) []float32 {
	mean := make([]float32, pixels)
	for i, v := range columnMeans(xs, pixels) {
		mean[i] = float32(v)
	}
	return mean
}

// centre subtracts c (one image, or nil for nothing) from every row of m.
func centre(m *nn.Matrix[float32], c []float32) {
	if c == nil {
		return
	}
	for i := range m.Rows {
		row := m.Row(i)
		for j, v := range c {
			row[j] -= v
		}
	}
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
