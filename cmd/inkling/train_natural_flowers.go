package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"inkling/dataset"
	"inkling/nn"
)

// flowersDir is Flowers-17 inside the data directory: train/, val/, test/,
// each with class folders 0 … 16.
const flowersDir = "hw5/oxford-flowers17"

// flowersData describes the split for the weights file.
const flowersData = "Oxford Flowers-17, the course's split (hw5/oxford-flowers17): 680 train, 340 val, 340 test"

// loadFlowers lists the three splits of Flowers-17.
func loadFlowers(dataDir string) (train, valid, test *dataset.ImageSet, err error) {
	dir := filepath.Join(dataDir, flowersDir)
	if train, err = dataset.ImageFolder(filepath.Join(dir, "train")); err != nil {
		return nil, nil, nil, fmt.Errorf("Flowers-17 (set -data or INKLING_DATA): %w", err)
	}
	if valid, err = dataset.ImageFolder(filepath.Join(dir, "val")); err != nil {
		return nil, nil, nil, err
	}
	if test, err = dataset.ImageFolder(filepath.Join(dir, "test")); err != nil {
		return nil, nil, nil, err
	}
	return train, valid, test, nil
}

// finetuneConfig holds the hyperparameters of a pretrained-features trainer.
type finetuneConfig struct {
	Views    int     // prepared variants of each training image (plain, mirrored, random crops)
	Epochs   int     // epochs of the new head on frozen features
	FTEpochs int     // epochs with the last Unfreeze fire modules trainable too
	Unfreeze int     // fire modules unfrozen in the second stage (0: none)
	Batch    int     // mini-batch size
	LR       float64 // Adam rate of the head
	FTScale  float64 // rate of the unfrozen fire modules as a fraction of the head's
	WD       float64 // decoupled weight decay of the head
	Dropout  float64 // dropout before the new dense layer
	Seed     uint64
	Workers  int    // goroutines for decoding and the convolutions
	CacheDir string // where the frozen trunk's outputs are kept between runs ("": nowhere)
	Progress bool
	Classes  []string
	Model    string
	Data     string
	Label    string
}

// finetuneFlags registers the fine-tuning flags on fs with the defaults used
// for Flowers-17.
func finetuneFlags(fs *flag.FlagSet, c *finetuneConfig) {
	fs.IntVar(&c.Views, "views", 4, "prepared variants of each training image: plain, mirrored, then random crops and flips")
	fs.IntVar(&c.Epochs, "epochs", 30, "epochs training the new head on frozen SqueezeNet features")
	fs.IntVar(&c.FTEpochs, "ft-epochs", 10, "epochs fine-tuning the last -unfreeze fire modules with the head")
	fs.IntVar(&c.Unfreeze, "unfreeze", 1, "fire modules (counted from fire9 back) trained in the second stage; 0 skips it")
	fs.IntVar(&c.Batch, "batch", 32, "mini-batch size")
	fs.Float64Var(&c.LR, "lr", 1e-3, "Adam learning rate of the head, cosine-annealed to 1/20")
	fs.Float64Var(&c.FTScale, "ft-scale", 0.1, "learning rate of the unfrozen fire modules relative to the head's")
	fs.Float64Var(&c.WD, "wd", 1e-3, "decoupled weight decay of the head's weights")
	fs.Float64Var(&c.Dropout, "dropout", 0.5, "dropout rate before the new dense layer")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed")
	fs.IntVar(&c.Workers, "workers", runtime.NumCPU(), "goroutines for JPEG decoding and the convolutions")
	fs.StringVar(&c.CacheDir, "cache", "", "directory keeping the frozen network's outputs as .npy files, reused by later runs with the same views")
}

func trainFlowersFinetune(args []string) error {
	fs := flag.NewFlagSet("train flowers-finetune", flag.ContinueOnError)
	data := dataFlag(fs)
	var c finetuneConfig
	finetuneFlags(fs, &c)
	out := fs.String("out", "out/flowers-finetune", "directory for plots")
	save := fs.String("save", "", "weights file to write (default OUT/flowers.inkw)")
	compare := fs.String("compare", "", "a flowers-scratch weights file whose curves to draw next to these")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *save == "" {
		*save = filepath.Join(*out, "flowers.inkw")
	}
	train, valid, test, err := loadFlowers(*data)
	if err != nil {
		return err
	}
	c.Classes, c.Model, c.Data, c.Label = train.Classes, "flowers-finetune", flowersData, "flowers"
	net, err := finetuneSqueezeNet(c, *data, train, valid, test, progressWriter(*quiet))
	if err != nil {
		return err
	}
	return finishNatural(net, *out, *save, *compare)
}

// finetuneSqueezeNet trains a new classifier on SqueezeNet's pretrained
// features. The frozen part runs once per prepared image and its outputs
// are cached in memory: first a head (global average pool, dropout, dense,
// softmax) learns on them, then optionally the last fire modules learn
// too, at a lower rate. It returns the whole network, evaluated.
func finetuneSqueezeNet(c finetuneConfig, dataDir string, train, valid, test *dataset.ImageSet, progress io.Writer) (*nn.Network[float32], error) {
	if c.Views < 1 || c.Epochs < 0 || c.FTEpochs < 0 || c.Batch < 1 || c.LR <= 0 || c.Unfreeze < 0 || c.Unfreeze > 8 {
		return nil, fmt.Errorf("train %s: -views and -batch must be ≥ 1, -lr > 0, -unfreeze 0…8", c.Model)
	}
	base, err := loadSqueezeNet(filepath.Join(dataDir, squeezeNetDir, "npy"))
	if err != nil {
		return nil, fmt.Errorf("train %s: %w", c.Model, err)
	}
	base.SetWorkers(c.Workers)
	cut := len(base.Layers) - c.Unfreeze
	if c.FTEpochs == 0 {
		cut = len(base.Layers)
	}
	trunk := nn.NewNetwork(base.Layers[:cut]...)
	tail := base.Layers[cut:]

	// The frozen trunk's outputs for every prepared view.
	prep := squeezeNetPrep()
	mirror := prep
	mirror.Mirror = true
	crop := prep
	crop.Resize, crop.RandomCrop, crop.Flip = 256, true, true // 227 of 256: up to 13% zoom
	start := time.Now()
	cache := func(set *dataset.ImageSet, p dataset.Preprocess, seed uint64) (*rows, error) {
		return trunkRows(trunk, set, p, c.Workers, seed, c.CacheDir, fmt.Sprintf("%s-cut%d", c.Label, cut))
	}
	var trainRows rows
	for v := 0; v < c.Views; v++ {
		p := []dataset.Preprocess{prep, mirror, crop}[min(v, 2)]
		r, err := cache(train, p, c.Seed+uint64(v))
		if err != nil {
			return nil, err
		}
		trainRows.X, trainRows.Width = append(trainRows.X, r.X...), r.Width
		trainRows.Y = append(trainRows.Y, r.Y...)
		fmt.Fprintf(os.Stderr, "%s: features of training view %d/%d (%.0fs)\n", c.Label, v+1, c.Views, time.Since(start).Seconds())
	}
	var validViews, testViews views
	for _, p := range []dataset.Preprocess{prep, mirror} {
		r, err := cache(valid, p, 0)
		if err != nil {
			return nil, err
		}
		validViews = append(validViews, r)
		if r, err = cache(test, p, 0); err != nil {
			return nil, err
		}
		testViews = append(testViews, r)
	}
	featSecs := time.Since(start).Seconds()
	nImages := train.Len()*c.Views + 2*valid.Len() + 2*test.Len()
	fmt.Fprintf(os.Stderr, "%s: %d images through the frozen SqueezeNet in %.0fs (%.1f images/s)\n",
		c.Label, nImages, featSecs, float64(nImages)/featSecs)

	// Stage 1: the head alone, on the tail's (fixed) pooled outputs.
	rng := rand.New(rand.NewPCG(c.Seed, 0xf10))
	k := len(c.Classes)
	gap := &nn.GlobalAvgPool[float32]{C: nn.SqueezeNetFeatures, H: nn.SqueezeNetGrid, W: nn.SqueezeNetGrid}
	dense := nn.NewDense[float32](nn.SqueezeNetFeatures, k, rng)
	drop := nn.NewDropout[float32](c.Dropout, rng)
	pooled := nn.NewNetwork(append(append([]nn.Layer[float32]{}, tail...), gap)...)
	pool := func(r *rows) *rows { return forwardRows(pooled, r) }
	head := nn.NewNetwork[float32](drop, dense, &nn.Softmax[float32]{})
	headOpt := nn.NewAdam[float32](c.LR)
	headOpt.WeightDecay = c.WD
	feats := pool(&trainRows)
	stage1 := &naturalRun{Net: head, Groups: []optGroup{{headOpt, head.Params(), 1}},
		Schedule: nn.CosineDecay{Base: c.LR, Floor: 0.05, Epochs: c.Epochs}, Epochs: c.Epochs,
		Train: func(e int) (<-chan dataset.Batch, int, error) {
			return memoryBatches(feats, c.Batch, rng), feats.Len(), nil
		},
		Valid: views{pool(validViews[0]), pool(validViews[1])}, Label: c.Label + " head", Progress: progress}
	trainStart := time.Now()
	curves, err := stage1.run()
	if err != nil {
		return nil, err
	}

	// Stage 2: the last fire modules and the head together.
	ftNet := nn.NewNetwork(append(append([]nn.Layer[float32]{}, tail...), gap, drop, dense, &nn.Softmax[float32]{})...)
	if c.FTEpochs > 0 && len(tail) > 0 {
		var tailParams []nn.Param[float32]
		for _, l := range tail {
			tailParams = append(tailParams, l.Params()...)
		}
		tailOpt := nn.NewAdam[float32](c.LR * c.FTScale)
		headOpt2 := nn.NewAdam[float32](c.LR)
		headOpt2.WeightDecay = c.WD
		ftLR := c.LR * 0.3 // the head is trained already: continue below its starting rate
		stage2 := &naturalRun{Net: ftNet,
			Groups:   []optGroup{{tailOpt, tailParams, c.FTScale}, {headOpt2, dense.Params(), 1}},
			Schedule: nn.CosineDecay{Base: ftLR, Floor: 0.05, Epochs: c.FTEpochs}, Epochs: c.FTEpochs,
			Train: func(e int) (<-chan dataset.Batch, int, error) {
				return memoryBatches(&trainRows, c.Batch, rng), trainRows.Len(), nil
			},
			Valid: validViews, Label: c.Label + " fine-tune", Progress: progress, EpochOffset: c.Epochs}
		more, err := stage2.run()
		curves = append(curves, more...)
		if err != nil {
			return nil, err
		}
	}
	trainSecs := time.Since(trainStart).Seconds()

	// The exported network: trunk, tail, pool, dense, softmax (dropout is
	// the identity at inference and is left out).
	all := append(append(append([]nn.Layer[float32]{}, trunk.Layers...), tail...), gap, dense, &nn.Softmax[float32]{})
	evalNet := nn.NewNetwork(append(append([]nn.Layer[float32]{}, tail...), gap, dense, &nn.Softmax[float32]{})...)
	evalNet.SetTraining(false)
	meta := naturalMeta(c.Model, c.Classes, []int{3, nn.SqueezeNetSize, nn.SqueezeNetSize}, c.Seed, c.Data, fmt.Sprintf(
		"SqueezeNet v1.1 (ImageNet) features + new head (global average pool, dropout %g, dense %d); head %d epochs on frozen features, "+
			"then fire modules from fire%d on %d epochs at %g× the rate; Adam lr %g cosine, weight decay %g, batch %d; "+
			"%d training views (plain, mirrored, random 227 crops of 256 with flips). %s",
		c.Dropout, k, c.Epochs, 10-c.Unfreeze, c.FTEpochs, c.FTScale, c.LR, c.WD, c.Batch, c.Views, squeezeNetPrepNote))
	naturalMetrics(meta.Metrics, evalNet, validViews, "valid")
	meta.Confusion = naturalMetrics(meta.Metrics, evalNet, testViews, "test")
	meta.Metrics["frozen_images_per_second"] = float64(nImages) / featSecs
	meta.Metrics["train_seconds"] = trainSecs
	if c.FTEpochs > 0 && len(tail) > 0 { // throughput of the fine-tuning stage, forward and backward
		var secs float64
		for _, e := range curves[c.Epochs:] {
			secs += e.Seconds
		}
		meta.Metrics["finetune_samples_per_second"] = float64(c.FTEpochs*trainRows.Len()) / secs
	}
	meta.Curves = curves
	net := nn.NewNetwork(all...)
	net.Meta = meta
	return net, nil
}

// finishNatural saves net, draws its plots (and, with compare, its curves
// next to another run's) and prints the metrics as JSON.
func finishNatural(net *nn.Network[float32], outDir, save, compare string) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(save), 0o755); err != nil {
		return err
	}
	if err := nn.SaveFile(save, net); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", save)
	if err := classifierPlots(outDir, net, nil); err != nil {
		return err
	}
	if compare != "" {
		other, err := nn.LoadFile[float32](compare)
		if err != nil {
			return err
		}
		runs := []studyCurves{{net.Meta.Model, net.Meta.Curves}, {other.Meta.Model, other.Meta.Curves}}
		if err := plotCompare(filepath.Join(outDir, "compare.png"), runs); err != nil {
			return err
		}
	}
	return printMetrics(net.Meta)
}

// trunkRows runs the images of set, prepared with p, through the frozen
// trunk as they are decoded, and returns the outputs. With a cache
// directory, the outputs are read from, or written to, .npy files named
// after key and a hash of the preparation and the image list.
func trunkRows(trunk *nn.Network[float32], set *dataset.ImageSet, p dataset.Preprocess, workers int, seed uint64, dir, key string) (*rows, error) {
	var path string
	if dir != "" {
		h := fnv.New64a()
		fmt.Fprintf(h, "%+v %d %v", p, seed, set.Names)
		path = filepath.Join(dir, fmt.Sprintf("%s-%016x", key, h.Sum64()))
		if r, err := readRowsNPY(path); err == nil {
			return r, nil
		}
	}
	l := &dataset.Loader{Set: set, Prep: p, Workers: workers}
	order := make([]int, set.Len())
	for i := range order {
		order[i] = i
	}
	ch, err := l.Batches(context.Background(), order, 32, seed)
	if err != nil {
		return nil, err
	}
	out := &rows{}
	var x nn.Matrix[float32]
	for b := range ch {
		if b.Len() == 0 {
			continue
		}
		x.Rows, x.Cols, x.Data = b.Len(), p.Width(), b.X
		y := trunk.Forward(&x)
		out.Width = y.Cols
		out.X = append(out.X, y.Data...)
		out.Y = append(out.Y, b.Labels...)
	}
	if path != "" {
		if err := writeRowsNPY(path, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// writeRowsNPY saves r as path.x.npy (N, Width) and path.y.npy (N).
func writeRowsNPY(path string, r *rows) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	var b bytes.Buffer
	if err := dataset.WriteNPY(&b, []int{r.Len(), r.Width}, r.X); err != nil {
		return err
	}
	if err := nn.WriteFileAtomic(path+".x.npy", b.Bytes()); err != nil {
		return err
	}
	y := make([]float32, r.Len())
	for i, v := range r.Y {
		y[i] = float32(v)
	}
	b.Reset()
	if err := dataset.WriteNPY(&b, []int{r.Len()}, y); err != nil {
		return err
	}
	return nn.WriteFileAtomic(path+".y.npy", b.Bytes())
}

// readRowsNPY loads what writeRowsNPY saved.
func readRowsNPY(path string) (*rows, error) {
	x, err := dataset.ReadNPYFile(path + ".x.npy")
	if err != nil {
		return nil, err
	}
	y, err := dataset.ReadNPYFile(path + ".y.npy")
	if err != nil {
		return nil, err
	}
	if len(x.Shape) != 2 || len(y.Shape) != 1 || x.Shape[0] != y.Shape[0] {
		return nil, fmt.Errorf("%s: shapes %v and %v do not match", path, x.Shape, y.Shape)
	}
	r := &rows{X: x.Data, Width: x.Shape[1], Y: make([]int, len(y.Data))}
	for i, v := range y.Data {
		r.Y[i] = int(v)
	}
	return r, nil
}
