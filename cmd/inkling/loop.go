package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"

	"inkling/dataset"
	"inkling/nn"
)

// classifierRun is one training run of a classifier on 32×32 characters:
// mini-batches drawn at random each epoch from a seeded generator, so a run
// with the same seed is reproducible.
type classifierRun struct {
	Net      *nn.Network[float32]
	Opt      nn.Optimizer[float32]
	Schedule nn.Schedule
	Epochs   int
	Batch    int
	Rng      *rand.Rand

	// Order, when set, returns the sample order of one epoch (for example a
	// class-balanced draw); by default it is a fresh permutation.
	Order func(rng *rand.Rand, s *dataset.Set) []int
	// Augment, when set, rewrites one input image in place before training on it.
	Augment func(img []float32, rng *rand.Rand)
	// AfterEpoch, when set, runs after each epoch (checkpoints).
	AfterEpoch func(epoch int, curve []nn.Epoch) error
	// StartEpoch skips epochs already done (resuming a checkpoint).
	StartEpoch int
	// Curves already recorded (resuming).
	Curves []nn.Epoch

	Label    string    // shown in the progress bar and the per-epoch lines on stderr
	Progress io.Writer // nil: no progress bar
}

// run trains and returns one entry per epoch.
func (r *classifierRun) run(train, valid *dataset.Set) ([]nn.Epoch, error) {
	const width = 32 * 32
	var x nn.Matrix[float32]
	labels := make([]int, 0, r.Batch)
	curves := r.Curves
	params := r.Net.Params() // listed once: the layers do not change while training
	for e := r.StartEpoch; e < r.Epochs; e++ {
		lr := r.Schedule.LR(e)
		r.Opt.SetLR(lr)
		var order []int
		if r.Order != nil {
			order = r.Order(r.Rng, train)
		} else {
			order = r.Rng.Perm(train.Len())
		}
		bar := r.bar(e, len(order))
		start := time.Now()
		r.Net.SetTraining(true)
		var loss float64
		correct := 0
		var pred []int
		for s := 0; s < len(order); s += r.Batch {
			idx := order[s:min(s+r.Batch, len(order))]
			nn.Gather(&x, train.X, width, idx)
			if r.Augment != nil {
				for i := range idx {
					r.Augment(x.Row(i), r.Rng)
				}
			}
			labels = labels[:0]
			for _, i := range idx {
				labels = append(labels, train.Y[i])
			}
			l, p := r.Net.StepCrossEntropy(&x, labels)
			if math.IsNaN(l) || math.IsInf(l, 0) {
				return curves, fmt.Errorf("epoch %d: the loss diverged (%v); lower the learning rate", e+1, l)
			}
			loss += l
			pred = nn.Argmax(pred, p)
			for i, p := range pred {
				if p == labels[i] {
					correct++
				}
			}
			r.Opt.Step(params)
			if bar != nil {
				bar.Add(len(idx))
				if (s/r.Batch)%50 == 0 {
					bar.Describe(fmt.Sprintf("%s epoch %d/%d loss %.3f", r.Label, e+1, r.Epochs, loss/float64(s+len(idx))))
				}
			}
		}
		secs := time.Since(start).Seconds()
		r.Net.SetTraining(false)
		vl, conf := evaluate(r.Net, valid)
		ep := nn.Epoch{Epoch: e + 1, LR: lr, TrainLoss: loss / float64(len(order)), ValidLoss: vl,
			TrainAcc: float64(correct) / float64(len(order)), ValidAcc: nn.Accuracy(conf), Seconds: secs}
		curves = append(curves, ep)
		if bar != nil {
			bar.Finish()
			fmt.Fprintln(r.Progress)
		}
		fmt.Fprintf(os.Stderr, "%s epoch %d/%d: lr %.3g train loss %.4f acc %.4f | valid loss %.4f acc %.4f | %.1fs (%.0f samples/s)\n",
			r.Label, e+1, r.Epochs, lr, ep.TrainLoss, ep.TrainAcc, ep.ValidLoss, ep.ValidAcc, secs, float64(len(order))/secs)
		if r.AfterEpoch != nil {
			if err := r.AfterEpoch(e, curves); err != nil {
				return curves, err
			}
		}
	}
	return curves, nil
}

func (r *classifierRun) bar(e, n int) *progressbar.ProgressBar {
	if r.Progress == nil { // a nil *os.File in an io.Writer would not be nil
		return nil
	}
	return newBar(r.Progress, fmt.Sprintf("%s epoch %d/%d", r.Label, e+1, r.Epochs), n)
}

// evalBatch is how many samples evaluate sends through the network at once:
// enough for the GEMMs to run at full speed, few enough that the CNN's
// activations stay small (about 50 MB at 128, four times that at 512).
const evalBatch = 128

// evaluate returns the mean cross-entropy and the confusion matrix of net on s.
func evaluate(net *nn.Network[float32], s *dataset.Set) (float64, [][]int) {
	probs := predict(net, s)
	k := probs.Cols
	var loss float64
	pred := nn.Argmax(nil, probs)
	loss = nn.CrossEntropy(probs, s.Y)
	return loss / float64(max(1, s.Len())), nn.Confusion(s.Y, pred, k)
}

// predict returns the class probabilities of every sample of s, (N, K).
func predict(net *nn.Network[float32], s *dataset.Set) *nn.Matrix[float32] {
	const width = 32 * 32
	var x nn.Matrix[float32]
	var out *nn.Matrix[float32]
	idx := make([]int, 0, evalBatch)
	for start := 0; start < s.Len(); start += evalBatch {
		idx = idx[:0]
		for i := start; i < min(start+evalBatch, s.Len()); i++ {
			idx = append(idx, i)
		}
		nn.Gather(&x, s.X, width, idx)
		p := net.Forward(&x)
		if out == nil {
			out = nn.NewMatrix[float32](s.Len(), p.Cols)
		}
		copy(out.Data[start*p.Cols:], p.Data)
	}
	if out == nil {
		out = nn.NewMatrix[float32](0, 0)
	}
	return out
}

// progressWriter is where progress bars go: stderr, unless quiet.
func progressWriter(quiet bool) io.Writer {
	if quiet {
		return nil
	}
	return os.Stderr
}
