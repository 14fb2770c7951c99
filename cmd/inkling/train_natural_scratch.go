package main

import (
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"time"

	"inkling/dataset"
	"inkling/nn"
)

// scratchConfig holds the hyperparameters of a CNN trained from scratch on
// photos streamed through a dataset.Loader.
type scratchConfig struct {
	Arch    string
	Size    int     // network input side
	Resize  int     // photos are resized to this side, then cropped to Size at random
	Pad     int     // zero border before cropping (CIFAR's usual 4)
	Epochs  int     // training epochs
	Batch   int     // mini-batch size
	LR      float64 // Adam rate, cosine-annealed to 1/50
	WD      float64 // decoupled weight decay
	Dropout float64 // before the last dense layer
	Seed    uint64
	Workers int  // goroutines for decoding and for the convolutions
	Cache   bool // decode and resize the training photos once, keeping them in memory
}

// scratchFlags registers the flags of a from-scratch trainer with defaults d.
func scratchFlags(fs *flag.FlagSet, c *scratchConfig, d scratchConfig) {
	fs.StringVar(&c.Arch, "arch", d.Arch, archHelp)
	fs.IntVar(&c.Size, "size", d.Size, "input side in pixels")
	fs.IntVar(&c.Resize, "resize", d.Resize, "photos are resized to this side and a random -size window is cropped for training (the centre one for testing)")
	fs.IntVar(&c.Pad, "pad", d.Pad, "zero border added before cropping")
	fs.IntVar(&c.Epochs, "epochs", d.Epochs, "training epochs")
	fs.IntVar(&c.Batch, "batch", d.Batch, "mini-batch size")
	fs.Float64Var(&c.LR, "lr", d.LR, "Adam learning rate, cosine-annealed to 1/50")
	fs.Float64Var(&c.WD, "wd", d.WD, "decoupled weight decay")
	fs.Float64Var(&c.Dropout, "dropout", d.Dropout, "dropout before the last dense layer")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed")
	fs.IntVar(&c.Workers, "workers", runtime.NumCPU(), "goroutines for JPEG decoding and the convolutions")
	fs.BoolVar(&c.Cache, "cache", true, "decode and resize the training photos once and keep them in memory "+
		"(false: decode every epoch on the worker pool; memory stays bounded however large the set)")
}

// photoPrep is the input preparation of the from-scratch nets: RGB scaled to
// about ±1 with ImageNet's channel means and deviations.
func photoPrep(c scratchConfig) dataset.Preprocess {
	return dataset.Preprocess{Size: c.Size, Resize: c.Resize, Pad: c.Pad, Scale: 1.0 / 255,
		Mean: [3]float32{0.485, 0.456, 0.406}, Std: [3]float32{0.229, 0.224, 0.225}}
}

// trainScratch trains buildConvNet(c.Arch) on train, streamed with
// random crops and flips, validating on valid, and returns the network
// (BatchNorm folded, dropout left in: it is the identity at inference)
// evaluated on test, with mirrored test views averaged as an extra metric.
func trainScratch(c scratchConfig, model, data string, train, valid, test *dataset.ImageSet, progress io.Writer) (*nn.Network[float32], error) {
	if c.Epochs < 1 || c.Batch < 1 || c.LR <= 0 || c.Size < 4 || c.Resize < c.Size-2*c.Pad {
		return nil, fmt.Errorf("train %s: -epochs, -batch, -lr must be positive and -resize + 2·-pad ≥ -size ≥ 4", model)
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0x5c7a))
	k := len(train.Classes)
	net, err := buildConvNet(c.Arch, 3, c.Size, c.Size, k, c.Dropout, rng)
	if err != nil {
		return nil, fmt.Errorf("train %s: %w", model, err)
	}
	net.SetWorkers(c.Workers)
	mflop := float64(archFLOPs(net)) / 1e6
	fmt.Fprintf(os.Stderr, "%s %s: %d parameters, %.1f MFLOP per image\n", model, c.Arch, net.NumParams(), mflop)

	prep := photoPrep(c)
	aug := prep
	aug.RandomCrop, aug.Flip = true, true
	mirror := prep
	mirror.Mirror = true
	start := time.Now()
	var validViews, testViews views
	for _, p := range []dataset.Preprocess{prep, mirror} {
		v, err := prepareRows(valid, p, c.Workers, 0)
		if err != nil {
			return nil, err
		}
		tv, err := prepareRows(test, p, c.Workers, 0)
		if err != nil {
			return nil, err
		}
		validViews, testViews = append(validViews, v), append(testViews, tv)
	}
	fmt.Fprintf(os.Stderr, "%s: validation and test images prepared in %.1fs\n", model, time.Since(start).Seconds())

	skipped := 0
	if c.Cache {
		n := train.Len()
		train = train.Decoded(c.Resize, os.Stderr)
		skipped = n - train.Len()
		fmt.Fprintf(os.Stderr, "%s: %d training photos decoded and resized to %d×%d in %.1fs\n", model, train.Len(), c.Resize, c.Resize, time.Since(start).Seconds())
	}
	opt := nn.NewAdam[float32](c.LR)
	opt.WeightDecay = c.WD
	loader := &dataset.Loader{Set: train, Prep: aug, Workers: c.Workers}
	r := &naturalRun{Net: net, Groups: []optGroup{{opt, net.Params(), 1}},
		Schedule: nn.CosineDecay{Base: c.LR, Floor: 0.02, Epochs: c.Epochs}, Epochs: c.Epochs,
		Train: loaderBatches(loader, c.Batch, c.Seed), Valid: validViews, Label: model, Progress: progress}
	curves, err := r.run()
	if err != nil {
		return nil, err
	}
	skipped += loader.Skipped()
	if n := skipped; n > 0 {
		fmt.Fprintf(os.Stderr, "%s: %d training images skipped (they do not decode)\n", model, n)
	}
	net.SetTraining(false)
	nn.FoldBatchNorm(net)
	meta := naturalMeta(model, train.Classes, []int{3, c.Size, c.Size}, c.Seed, data, fmt.Sprintf(
		"from scratch: %s (BatchNorm folded), %.1f MFLOP per image; Adam lr %g cosine to 2%%, weight decay %g, dropout %g, batch %d, %d epochs; "+
			"training crops: resize to %d, pad %d, random %d×%d window, random mirror; input RGB/255 minus ImageNet means over deviations",
		c.Arch, mflop, c.LR, c.WD, c.Dropout, c.Batch, c.Epochs, c.Resize, c.Pad, c.Size, c.Size))
	naturalMetrics(meta.Metrics, net, validViews, "valid")
	meta.Confusion = naturalMetrics(meta.Metrics, net, testViews, "test")
	meta.Metrics["mflop"] = mflop
	meta.Metrics["skipped_images"] = float64(skipped)
	// How test images are prepared, for `inkling eval`: resize, then the centre window of the padded photo.
	meta.Metrics["input_resize"], meta.Metrics["input_pad"] = float64(c.Resize), float64(c.Pad)
	meta.Curves = curves
	net.Meta = meta
	return net, nil
}

func trainFlowersScratch(args []string) error {
	fs := flag.NewFlagSet("train flowers-scratch", flag.ContinueOnError)
	data := dataFlag(fs)
	var c scratchConfig
	// 3 conv + 2 dense layers, as the course asks.
	scratchFlags(fs, &c, scratchConfig{Arch: "c5x16,p,c3x32,p,c3x64,p,p,f128", Size: 64, Resize: 72,
		Epochs: 40, Batch: 32, LR: 2e-3, WD: 5e-4, Dropout: 0.5})
	out := fs.String("out", "out/flowers-scratch", "directory for plots")
	save := fs.String("save", "", "weights file to write (default OUT/flowers-scratch.inkw)")
	compare := fs.String("compare", "", "a weights file whose curves to draw next to these")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *save == "" {
		*save = *out + "/flowers-scratch.inkw"
	}
	train, valid, test, err := loadFlowers(*data)
	if err != nil {
		return err
	}
	net, err := trainScratch(c, "flowers-scratch", flowersData, train, valid, test, progressWriter(*quiet))
	if err != nil {
		return err
	}
	return finishNatural(net, *out, *save, *compare)
}
