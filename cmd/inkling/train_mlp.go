package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"

	"inkling/nn"
)

// mlpConfig holds the hyperparameters of `inkling train mlp`.
type mlpConfig struct {
	Epochs int
	Batch  int
	LR     float64
	Hidden int
	Seed   uint64
	Cosine bool // cosine-anneal the rate to 1/20 of it; otherwise keep it constant
	// Jitter moves each training image by a whole pixel or none in x and y:
	// nearly free, and enough to keep the MLP from memorising positions.
	Jitter bool
}

func trainMLP(args []string) error {
	fs := flag.NewFlagSet("train mlp", flag.ContinueOnError)
	data := dataFlag(fs)
	var c mlpConfig
	fs.IntVar(&c.Epochs, "epochs", 40, "training epochs")
	fs.IntVar(&c.Batch, "batch", 32, "mini-batch size")
	fs.Float64Var(&c.LR, "lr", 0.01, "learning rate (on the batch-summed gradient, as in the course)")
	fs.IntVar(&c.Hidden, "hidden", 64, "hidden units (the course uses 64)")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed: the same seed gives the same model")
	fs.BoolVar(&c.Cosine, "cosine", true, "anneal the learning rate with a cosine schedule")
	fs.BoolVar(&c.Jitter, "jitter", true, "shift training images by -1, 0 or +1 pixel each epoch")
	out := fs.String("out", "out/mlp", "directory for plots")
	save := fs.String("save", "", "weights file to write (default OUT/mlp.inkw)")
	study := fs.Bool("study", false, "also train at 10x and 0.1x the rate and plot the three side by side")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *save == "" {
		*save = filepath.Join(*out, "mlp.inkw")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	sets, err := loadCharacters(*data, false)
	if err != nil {
		return err
	}
	progress := progressWriter(*quiet)

	runs := []float64{c.LR}
	if *study {
		runs = append(runs, c.LR*10, c.LR/10)
	}
	results := make([]studyRun, len(runs))
	var wg sync.WaitGroup
	for i, lr := range runs {
		wg.Add(1)
		go func() { // the study's runs share nothing, so they fill both cores
			defer wg.Done()
			rc := c
			rc.LR = lr
			p := progress
			if i > 0 {
				p = nil // one progress bar is enough
			}
			results[i] = runMLP(rc, sets, p)
		}()
	}
	wg.Wait()
	best := results[0]
	if best.err != nil {
		return best.err
	}
	net := best.net
	meta := classifierMeta("mlp", c.Seed, best.curves, fmt.Sprintf(
		"1024-%d sigmoid-36 softmax, Xavier-uniform, plain SGD batch %d, lr %g on the summed gradient, cosine %v, %d epochs, one-pixel jitter %v",
		c.Hidden, c.Batch, c.LR, c.Cosine, c.Epochs, c.Jitter))
	if err := finishClassifier(net, &meta, sets); err != nil {
		return err
	}
	if err := nn.SaveFile(*save, net); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", *save)
	if err := classifierPlots(*out, net, best.initial); err != nil {
		return err
	}
	if *study {
		if err := plotStudy(filepath.Join(*out, "lr_study.png"), results); err != nil {
			return err
		}
	}
	return printMetrics(meta)
}

// studyRun is the outcome of one training run of the learning-rate study.
type studyRun struct {
	lr      float64
	net     *nn.Network[float32]
	initial *nn.Matrix[float32] // first-layer weights before training
	curves  []nn.Epoch
	err     error
}

// runMLP trains the course's network once.
func runMLP(c mlpConfig, sets characterSets, progress io.Writer) studyRun {
	rng := rand.New(rand.NewPCG(c.Seed, 0x1eaf))
	first := nn.NewDense[float32](32*32, c.Hidden, rng)
	net := nn.NewNetwork[float32](first, &nn.Sigmoid[float32]{}, nn.NewDense[float32](c.Hidden, 36, rng), &nn.Softmax[float32]{})
	initial := first.W.Clone()
	var sched nn.Schedule = nn.StepDecay{Base: c.LR}
	if c.Cosine {
		sched = nn.CosineDecay{Base: c.LR, Floor: 0.05, Epochs: c.Epochs}
	}
	r := &classifierRun{Net: net, Opt: &nn.SGD[float32]{LR: c.LR}, Schedule: sched,
		Epochs: c.Epochs, Batch: c.Batch, Rng: rng, Label: fmt.Sprintf("mlp lr %g", c.LR), Progress: progress}
	if c.Jitter {
		var scratch [32 * 32]float32
		r.Augment = func(img []float32, rng *rand.Rand) { jitter(img, scratch[:], rng) }
	}
	curves, err := r.run(sets.train, sets.valid)
	return studyRun{lr: c.LR, net: net, initial: initial, curves: curves, err: err}
}

// jitter shifts the 32×32 image img by a random whole pixel in -1..1 on each
// axis, filling the uncovered border with paper (1).
func jitter(img, scratch []float32, rng *rand.Rand) {
	const side = 32
	dx, dy := rng.IntN(3)-1, rng.IntN(3)-1
	if dx == 0 && dy == 0 {
		return
	}
	copy(scratch, img)
	for y := 0; y < side; y++ {
		sy := y - dy
		for x := 0; x < side; x++ {
			sx := x - dx
			v := float32(1)
			if sx >= 0 && sx < side && sy >= 0 && sy < side {
				v = scratch[sy*side+sx]
			}
			img[y*side+x] = v
		}
	}
}
