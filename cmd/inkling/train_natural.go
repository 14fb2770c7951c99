package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"inkling/dataset"
	"inkling/nn"
)

// The natural-image trainers (cifar10, sun, flowers-scratch,
// flowers-finetune) share one loop: mini-batches arrive on a channel, either
// from a dataset.Loader decoding photos on worker goroutines or from rows
// held in memory (cached features of a frozen network), and validation runs
// on prepared rows held in memory, averaging the predictions of its views.

// rows is a labelled set of prepared inputs held in memory.
type rows struct {
	X     []float32 // (N, Width)
	Width int
	Y     []int // (N)
}

// Len returns the number of rows.
func (r *rows) Len() int { return len(r.Y) }

// views are one split prepared several ways (plain, mirrored); a prediction
// is the mean of the views' probabilities.
type views []*rows

// optGroup is an optimiser and the parameters it steps, at Scale times the
// schedule's rate, so parts of a network can learn at different rates.
type optGroup struct {
	Opt    nn.Optimizer[float32]
	Params []nn.Param[float32]
	Scale  float64
}

// naturalRun is one training run of a natural-image classifier.
type naturalRun struct {
	Net      *nn.Network[float32]
	Groups   []optGroup
	Schedule nn.Schedule
	Epochs   int
	// Train starts epoch e's mini-batches and says how many samples it holds.
	Train    func(e int) (<-chan dataset.Batch, int, error)
	Valid    views
	Label    string
	Progress io.Writer // nil: no progress bar
	// EpochOffset numbers the epochs after an earlier stage's.
	EpochOffset int
}

// run trains and returns one entry per epoch.
func (r *naturalRun) run() ([]nn.Epoch, error) {
	var curves []nn.Epoch
	var x nn.Matrix[float32]
	var pred []int
	for e := 0; e < r.Epochs; e++ {
		lr := r.Schedule.LR(e)
		for _, g := range r.Groups {
			g.Opt.SetLR(lr * g.Scale)
		}
		batches, total, err := r.Train(e)
		if err != nil {
			return curves, err
		}
		bar := newBar(r.Progress, fmt.Sprintf("%s epoch %d/%d", r.Label, e+1, r.Epochs), total)
		start := time.Now()
		r.Net.SetTraining(true)
		var loss float64
		seen, correct := 0, 0
		for b := range batches {
			if b.Len() == 0 {
				continue
			}
			x.Rows, x.Cols, x.Data = b.Len(), len(b.X)/b.Len(), b.X
			l, p := r.Net.StepCrossEntropy(&x, b.Labels)
			if math.IsNaN(l) || math.IsInf(l, 0) {
				return curves, fmt.Errorf("%s epoch %d: the loss diverged (%v); lower the learning rate", r.Label, e+1, l)
			}
			loss += l
			pred = nn.Argmax(pred, p)
			for i, k := range pred {
				if k == b.Labels[i] {
					correct++
				}
			}
			seen += b.Len()
			for _, g := range r.Groups {
				g.Opt.Step(g.Params)
			}
			r.Net.ZeroGrad() // parameters outside every group (frozen) must not pile up gradients
			if bar != nil {
				bar.Add(b.Len())
			}
		}
		secs := time.Since(start).Seconds()
		r.Net.SetTraining(false)
		vl, conf := evaluateViews(r.Net, r.Valid)
		ep := nn.Epoch{Epoch: r.EpochOffset + e + 1, LR: lr, TrainLoss: loss / float64(max(1, seen)), ValidLoss: vl,
			TrainAcc: float64(correct) / float64(max(1, seen)), ValidAcc: nn.Accuracy(conf), Seconds: secs}
		curves = append(curves, ep)
		if bar != nil {
			bar.Finish()
			fmt.Fprintln(r.Progress)
		}
		fmt.Fprintf(os.Stderr, "%s epoch %d/%d: lr %.3g train loss %.4f acc %.4f | valid loss %.4f acc %.4f | %.1fs (%.0f samples/s)\n",
			r.Label, e+1, r.Epochs, lr, ep.TrainLoss, ep.TrainAcc, ep.ValidLoss, ep.ValidAcc, secs, float64(seen)/secs)
	}
	return curves, nil
}

// memoryBatches deals the rows of r out in shuffled mini-batches.
func memoryBatches(r *rows, batch int, rng *rand.Rand) <-chan dataset.Batch {
	order := rng.Perm(r.Len())
	ch := make(chan dataset.Batch, 2)
	go func() {
		defer close(ch)
		for s := 0; s < len(order); s += batch {
			idx := order[s:min(s+batch, len(order))]
			b := dataset.Batch{X: make([]float32, 0, len(idx)*r.Width), Labels: make([]int, 0, len(idx)), Index: idx}
			for _, i := range idx {
				b.X = append(b.X, r.X[i*r.Width:(i+1)*r.Width]...)
				b.Labels = append(b.Labels, r.Y[i])
			}
			ch <- b
		}
	}()
	return ch
}

// loaderBatches returns a Train function that streams a shuffled epoch of l's
// set, prepared afresh (random crops and flips) each epoch.
func loaderBatches(l *dataset.Loader, batch int, seed uint64) func(e int) (<-chan dataset.Batch, int, error) {
	return func(e int) (<-chan dataset.Batch, int, error) {
		rng := rand.New(rand.NewPCG(seed, uint64(e)))
		order := rng.Perm(l.Set.Len())
		ch, err := l.Batches(context.Background(), order, batch, seed^uint64(e+1)<<32)
		return ch, len(order), err
	}
}

// prepareRows prepares every image of set with prep into rows held in
// memory, decoding on workers goroutines; images that fail are skipped with
// a warning.
func prepareRows(set *dataset.ImageSet, prep dataset.Preprocess, workers int, seed uint64) (*rows, error) {
	l := &dataset.Loader{Set: set, Prep: prep, Workers: workers}
	b, err := l.LoadAll(64, seed)
	if err != nil {
		return nil, err
	}
	return &rows{X: b.X, Width: prep.Width(), Y: b.Labels}, nil
}

// forwardRows runs every row of in through net in batches and returns the outputs.
func forwardRows(net *nn.Network[float32], in *rows) *rows {
	const batch = 64
	out := &rows{Y: in.Y}
	var x nn.Matrix[float32]
	for s := 0; s < in.Len(); s += batch {
		n := min(batch, in.Len()-s)
		x.Rows, x.Cols, x.Data = n, in.Width, in.X[s*in.Width:(s+n)*in.Width]
		y := net.Forward(&x)
		if out.X == nil {
			out.Width = y.Cols
			out.X = make([]float32, 0, in.Len()*y.Cols)
		}
		out.X = append(out.X, y.Data...)
	}
	return out
}

// predictViews returns the mean probabilities of net over the views (N, K).
func predictViews(net *nn.Network[float32], vs views) *nn.Matrix[float32] {
	var mean *nn.Matrix[float32]
	for _, v := range vs {
		p := forwardRows(net, v)
		if mean == nil {
			mean = nn.NewMatrix[float32](v.Len(), p.Width)
		}
		for i, x := range p.X {
			mean.Data[i] += x / float32(len(vs))
		}
	}
	return mean
}

// evaluateViews returns the mean cross-entropy and confusion matrix of the
// view-averaged predictions.
func evaluateViews(net *nn.Network[float32], vs views) (float64, [][]int) {
	if len(vs) == 0 || vs[0].Len() == 0 {
		return 0, nil
	}
	p := predictViews(net, vs)
	y := vs[0].Y
	return nn.CrossEntropy(p, y) / float64(len(y)), nn.Confusion(y, nn.Argmax(nil, p), p.Cols)
}

// naturalMetrics records accuracy, balanced accuracy, loss and n of the
// split, from its first view alone and, with several views, from their mean.
func naturalMetrics(m map[string]float64, net *nn.Network[float32], vs views, split string) [][]int {
	loss, conf := evaluateViews(net, vs[:1])
	m[split+"_accuracy"] = nn.Accuracy(conf)
	m[split+"_balanced_accuracy"] = nn.BalancedAccuracy(conf)
	m[split+"_loss"] = loss
	m[split+"_n"] = float64(vs[0].Len())
	if len(vs) > 1 {
		_, c := evaluateViews(net, vs)
		m[split+"_accuracy_flip_averaged"] = nn.Accuracy(c)
	}
	return conf
}

// naturalMeta starts the metadata of a natural-image classifier.
func naturalMeta(model string, classes []string, input []int, seed uint64, data, notes string) nn.Meta {
	return nn.Meta{
		Model: model, Classes: classes, Input: input, Metrics: map[string]float64{}, Seed: seed,
		Data: data, Date: time.Now().UTC().Format(time.RFC3339),
		Command: "inkling " + strings.Join(os.Args[1:], " "), Notes: notes,
	}
}

// studyCurves are one run's curves, named for a legend.
type studyCurves struct {
	Name   string
	Curves []nn.Epoch
}

// plotCompare draws the validation loss and accuracy (and, dashed, the
// training accuracy) of several runs side by side.
func plotCompare(path string, runs []studyCurves) error {
	loss, acc := plot.New(), plot.New()
	loss.Title.Text, acc.Title.Text = "validation loss", "accuracy (solid: validation, dashed: training)"
	for _, p := range []*plot.Plot{loss, acc} {
		p.X.Label.Text = "epoch"
		p.Legend.Top = true
		p.Add(plotter.NewGrid())
	}
	for i, r := range runs {
		var l, a, ta plotter.XYs
		for _, e := range r.Curves {
			l = append(l, plotter.XY{X: float64(e.Epoch), Y: e.ValidLoss})
			a = append(a, plotter.XY{X: float64(e.Epoch), Y: e.ValidAcc})
			ta = append(ta, plotter.XY{X: float64(e.Epoch), Y: e.TrainAcc})
		}
		if len(l) == 0 {
			continue
		}
		for _, s := range []struct {
			p      *plot.Plot
			xy     plotter.XYs
			dashed bool
		}{{loss, l, false}, {acc, a, false}, {acc, ta, true}} {
			line, err := plotter.NewLine(s.xy)
			if err != nil {
				return err
			}
			line.Color = plotColor(i)
			if s.dashed {
				line.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
			} else {
				s.p.Legend.Add(r.Name, line)
			}
			s.p.Add(line)
		}
	}
	return saveSideBySide(path, loss, acc)
}
