package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"inkling/dataset"
	"inkling/nn"
)

// cnnConfig holds the hyperparameters of `inkling train cnn`. A checkpoint
// records it, and -resume refuses a checkpoint made with another one.
type cnnConfig struct {
	Arch        string  `json:"arch"`
	Epochs      int     `json:"epochs"`
	Batch       int     `json:"batch"`
	LR          float64 `json:"lr"`
	WeightDecay float64 `json:"weight_decay"`
	Dropout     float64 `json:"dropout"`
	Balance     float64 `json:"balance"`
	Augment     bool    `json:"augment"`
	Seed        uint64  `json:"seed"`
	Subset      int     `json:"subset"`
	KeepStroke  bool    `json:"keep_stroke"`
	Plain       float64 `json:"plain,omitempty"`
	// WithValid trains on the validation split too. Nothing held out is left
	// to fit the calibration on, so Temperature and PriorShift give it.
	WithValid   bool    `json:"with_valid,omitempty"`
	Temperature float64 `json:"temperature,omitempty"` // > 0: fixed, not fitted
	PriorShift  float64 `json:"prior_shift,omitempty"`
}

// defaultArch is the shipped recogniser: 4.8 MFLOP per character (see archFLOPs).
const defaultArch = "c3x16,p,c3x24,p,c3x48,p,c3x80,f128"

func trainCNN(args []string) error {
	fs := flag.NewFlagSet("train cnn", flag.ContinueOnError)
	data := dataFlag(fs)
	var c cnnConfig
	fs.StringVar(&c.Arch, "arch", defaultArch, archHelp)
	fs.IntVar(&c.Epochs, "epochs", 40, "training epochs")
	fs.IntVar(&c.Batch, "batch", 64, "mini-batch size")
	fs.Float64Var(&c.LR, "lr", 2e-3, "Adam learning rate, cosine-annealed to 1/50 of it")
	fs.Float64Var(&c.WeightDecay, "wd", 1e-4, "decoupled weight decay of the conv and dense weights")
	fs.Float64Var(&c.Dropout, "dropout", 0.25, "dropout rate before the last dense layer")
	fs.Float64Var(&c.Balance, "balance", 0.5, "class sampling: each epoch draws class c in proportion to count(c)^balance "+
		"(0: every class equally often, 1: as in the data)")
	fs.BoolVar(&c.Augment, "augment", true, "distort the training images on the fly (dataset.DefaultAugment)")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed: the same seed gives the same model")
	fs.BoolVar(&c.KeepStroke, "keep-stroke", true, "train on EMNIST tiles with their own stroke widths (glyph.NormalizeKeepStroke), "+
		"not brought inside glyph.Normalize's bounds: in the data letters have relatively thicker strokes than digits")
	fs.Float64Var(&c.Plain, "plain", dataset.DefaultAugment().Plain, "share of the training samples left undistorted (with -augment): the test images are never distorted")
	fs.IntVar(&c.Subset, "subset", 0, "train on this many samples only (0: all), for quick experiments")
	fs.BoolVar(&c.WithValid, "with-valid", false, "train on the validation split too (a final fit once the recipe is chosen); needs -temperature, "+
		"and the validation figures are then not held out")
	fs.Float64Var(&c.Temperature, "temperature", 0, "softmax temperature to fold into the last layer (0: fit it on the validation split)")
	fs.Float64Var(&c.PriorShift, "prior-shift", 0, "with -temperature: the prior shift β (β·log count(c) added to the logits) instead of fitting it")
	workers := fs.Int("workers", runtime.NumCPU(), "goroutines for the convolutions (the result does not depend on it)")
	out := fs.String("out", "out/cnn", "directory for plots and the checkpoint")
	save := fs.String("save", "", "weights file to write (default OUT/cnn.inkw)")
	resume := fs.Bool("resume", false, "continue from OUT/checkpoint.inkc")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if c.Epochs <= 0 || c.Batch <= 0 || c.LR <= 0 || c.Balance < 0 || c.Balance > 1 || c.Plain < 0 || c.Plain > 1 {
		return errors.New("train cnn: -epochs, -batch and -lr must be positive, -balance and -plain within 0…1")
	}
	if c.Temperature < 0 || c.PriorShift < 0 || (c.Temperature == 0 && c.PriorShift != 0) {
		return errors.New("train cnn: -temperature and -prior-shift must not be negative, and -prior-shift needs -temperature")
	}
	if c.WithValid && c.Temperature == 0 {
		return errors.New("train cnn: -with-valid leaves no held-out split to fit the calibration on: give -temperature and -prior-shift " +
			"(for example the values a run of the same recipe without -with-valid fitted)")
	}
	if *save == "" {
		*save = filepath.Join(*out, "cnn.inkw")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	pcg := rand.NewPCG(c.Seed, 0xc44)
	rng := rand.New(pcg)
	net, err := buildCNN(c.Arch, c.Dropout, rng)
	if err != nil {
		return err
	}
	net.SetWorkers(*workers)
	mflop := float64(archFLOPs(net)) / 1e6
	fmt.Fprintf(os.Stderr, "cnn %s: %d parameters, %.2f MFLOP per character\n", c.Arch, net.NumParams(), mflop)
	opt := nn.NewAdam[float32](c.LR)
	opt.WeightDecay = c.WeightDecay

	ckptPath := filepath.Join(*out, "checkpoint.inkc")
	var start int
	var curves []nn.Epoch
	if *resume {
		if start, curves, err = loadCheckpoint(ckptPath, c, net, opt, pcg); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "resuming %s after epoch %d of %d\n", ckptPath, start, c.Epochs)
	}

	sets, err := loadCharacters(*data, c.KeepStroke)
	if err != nil {
		return err
	}
	train := sets.train
	if c.WithValid {
		train = sets.trainValid
		fmt.Fprintf(os.Stderr, "training on the training and validation splits: %d images\n", train.Len())
	}
	if c.Subset > 0 && c.Subset < train.Len() {
		train = subset(train, c.Subset, c.Seed)
	}
	r := &classifierRun{Net: net, Opt: opt,
		Schedule: nn.CosineDecay{Base: c.LR, Floor: 0.02, Epochs: c.Epochs},
		Epochs:   c.Epochs, Batch: c.Batch, Rng: rng, StartEpoch: start, Curves: curves,
		Order: func(rng *rand.Rand, s *dataset.Set) []int { return balancedOrder(rng, s, c.Balance) },
		AfterEpoch: func(epoch int, curves []nn.Epoch) error {
			return saveCheckpoint(ckptPath, c, epoch+1, curves, net, opt, pcg)
		},
		Label: "cnn", Progress: progressWriter(*quiet)}
	if c.Augment {
		a := dataset.DefaultAugment()
		a.Plain = c.Plain
		aug := dataset.NewAugmenter(a)
		r.Augment = aug.Apply
	}
	curves, err = r.run(train, sets.valid)
	if err != nil {
		return err
	}

	// Export: BatchNorm folded into the convolutions, dropout removed, and
	// the logits' temperature and prior fitted on the validation split.
	net.SetTraining(false)
	nn.FoldBatchNorm(net)
	counts := train.Counts()
	cal, how := calibration{Temperature: c.Temperature, Prior: c.PriorShift}, "given"
	if c.Temperature == 0 {
		cal, how = fitCalibration(net, sets.valid, counts[:], c.Balance), "fitted on the validation split"
	}
	cal.fold(net, counts[:])
	trainedOn := "the training split"
	if c.WithValid {
		trainedOn = "the training and validation splits (the per-epoch valid figures are not held out)"
	}
	meta := classifierMeta("cnn", c.Seed, curves, fmt.Sprintf(
		"%s (BatchNorm folded), %.2f MFLOP per character; trained on %s; Adam lr %g cosine to 2%%, weight decay %g, dropout %g, batch %d, %d epochs; "+
			"class sampling ∝ count^%g; augmentation %v (share left undistorted %g); tiles keep their stroke widths %v; "+
			"%s: softmax temperature %.3f, prior shift %.2f·log count(c) added to the logits",
		c.Arch, mflop, trainedOn, c.LR, c.WeightDecay, c.Dropout, c.Batch, c.Epochs, c.Balance, c.Augment, c.Plain, c.KeepStroke,
		how, cal.Temperature, cal.Prior))
	if c.KeepStroke {
		meta.Preprocess = keepStrokeTag
	}
	meta.ValidInTraining = c.WithValid
	if err := finishClassifier(net, &meta, sets); err != nil {
		return err
	}
	meta.Metrics["mflop"] = mflop
	meta.Metrics["temperature"] = cal.Temperature
	meta.Metrics["prior_shift"] = cal.Prior
	net.Meta = meta
	if err := nn.SaveFile(*save, net); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", *save)
	if err := classifierPlots(*out, net, nil); err != nil {
		return err
	}
	return printMetrics(meta)
}

// buildCNN makes the network an -arch string describes, for 1×32×32 inputs.
func buildCNN(arch string, dropout float64, rng *rand.Rand) (*nn.Network[float32], error) {
	net, err := buildConvNet(arch, 1, 32, 32, 36, dropout, rng)
	if err != nil {
		return nil, fmt.Errorf("train cnn: %w", err)
	}
	return net, nil
}

// archHelp is the -arch flag's help: the grammar buildConvNet reads.
const archHelp = "layers, comma-separated: cKxN = K×K conv of N filters ('same' padding; cKxNv: none) + BatchNorm + ReLU, " +
	"dKxN = depthwise-separable (K×K conv of each channel + BatchNorm + ReLU, then 1×1 conv of N filters + BatchNorm + ReLU), " +
	"p = 2×2 max pool, g = global average pool, fN = dense N + BatchNorm + ReLU; dropout and a dense layer + softmax over the classes end the net"

// buildConvNet makes the network an -arch string describes for c×h×w input
// images and k classes. Tokens, comma-separated: cKxN = K×K conv of N
// filters ('same' padding; cKxNv: none) + BatchNorm + ReLU, dKxN = the
// depthwise-separable form (a K×K conv of each channel alone + BatchNorm +
// ReLU, then a 1×1 conv of N filters + BatchNorm + ReLU; K odd, 'same'
// padding), p = 2×2 max pool, g = global average pool, fN = dense N +
// BatchNorm + ReLU; then
// dropout and a dense k + softmax. The character and the natural-image
// trainers share it.
func buildConvNet(arch string, c, h, w, k int, dropout float64, rng *rand.Rand) (*nn.Network[float32], error) {
	var layers []nn.Layer[float32]
	bad := func(tok, why string) error {
		return fmt.Errorf("-arch %q: %q %s", arch, tok, why)
	}
	flat := false
	for _, tok := range strings.Split(arch, ",") {
		tok = strings.TrimSpace(tok)
		switch {
		case tok == "p":
			if flat || h < 2 || w < 2 {
				return nil, bad(tok, "needs an image of at least 2×2")
			}
			layers = append(layers, nn.NewMaxPool[float32](c, h, w, 2, 2))
			h, w = h/2, w/2
		case tok == "g":
			if flat {
				return nil, bad(tok, "needs an image")
			}
			layers = append(layers, &nn.GlobalAvgPool[float32]{C: c, H: h, W: w})
			h, w = 1, 1
		case strings.HasPrefix(tok, "c"):
			valid := strings.HasSuffix(tok, "v")
			size, filters, ok := parseKxN(strings.TrimSuffix(tok[1:], "v"))
			if !ok || flat {
				return nil, bad(tok, "is not cKxN or cKxNv after an image layer")
			}
			pad := size / 2
			if valid {
				pad = 0
			}
			g := nn.ConvShape{C: c, H: h, W: w, Size: size, Stride: 1, Pad: pad}
			if g.OutH() < 1 || g.OutW() < 1 {
				return nil, bad(tok, "does not fit the image")
			}
			layers = append(layers, nn.NewConv2D[float32](g, filters, rng))
			c, h, w = filters, g.OutH(), g.OutW()
			layers = append(layers, nn.NewBatchNorm[float32](c, h, w), &nn.ReLU[float32]{})
		case strings.HasPrefix(tok, "d"):
			size, filters, ok := parseKxN(tok[1:])
			if !ok || size%2 == 0 || flat {
				return nil, bad(tok, "is not dKxN (K odd) after an image layer")
			}
			g := nn.ConvShape{C: c, H: h, W: w, Size: size, Stride: 1, Pad: size / 2}
			layers = append(layers, nn.NewDepthwiseConv2D[float32](g, rng),
				nn.NewBatchNorm[float32](c, h, w), &nn.ReLU[float32]{},
				nn.NewConv2D[float32](nn.ConvShape{C: c, H: h, W: w, Size: 1, Stride: 1}, filters, rng),
				nn.NewBatchNorm[float32](filters, h, w), &nn.ReLU[float32]{})
			c = filters
		case strings.HasPrefix(tok, "f"):
			units, err := strconv.Atoi(tok[1:])
			if err != nil || units < 1 {
				return nil, bad(tok, "is not fN")
			}
			if !flat {
				layers = append(layers, &nn.Flatten[float32]{C: c, H: h, W: w})
				flat = true
			}
			layers = append(layers, nn.NewDense[float32](c*h*w, units, rng),
				nn.NewBatchNorm[float32](units, 1, 1), &nn.ReLU[float32]{})
			c, h, w = units, 1, 1
		default:
			return nil, bad(tok, "is not a layer")
		}
	}
	if !flat {
		layers = append(layers, &nn.Flatten[float32]{C: c, H: h, W: w})
	}
	if dropout > 0 {
		layers = append(layers, nn.NewDropout[float32](dropout, rng))
	}
	layers = append(layers, nn.NewDense[float32](c*h*w, k, rng), &nn.Softmax[float32]{})
	return nn.NewNetwork(layers...), nil
}

// parseKxN reads "KxN", a window size K and a filter count N, both positive.
func parseKxN(s string) (size, filters int, ok bool) {
	k, n, ok := strings.Cut(s, "x")
	size, err1 := strconv.Atoi(k)
	filters, err2 := strconv.Atoi(n)
	return size, filters, ok && err1 == nil && err2 == nil && size >= 1 && filters >= 1
}

// archFLOPs counts 2 × the multiply-adds of one sample's forward pass through
// the convolutions and dense layers (BatchNorm folds into them; pooling,
// ReLU and softmax are a few thousand operations more).
func archFLOPs(net *nn.Network[float32]) int {
	total := 0
	for _, l := range net.Layers {
		switch l := l.(type) {
		case *nn.Conv2D[float32]:
			total += 2 * l.OutSize() * l.W.Cols
		case *nn.DepthwiseConv2D[float32]:
			g := l.Shape
			total += 2 * g.C * g.Size * g.Size * g.OutH() * g.OutW()
		case *nn.Dense[float32]:
			total += 2 * l.W.Rows * l.W.Cols
		}
	}
	return total
}

// balancedOrder draws one epoch of len(s) samples in which class c appears
// in proportion to count(c)^alpha: alpha 1 is the data's own mix, 0 gives
// every class the same share (rare classes are repeated, common ones
// subsampled). Within a class the samples come from shuffled passes, so
// none repeats before all have been seen.
func balancedOrder(rng *rand.Rand, s *dataset.Set, alpha float64) []int {
	if alpha == 1 {
		return rng.Perm(s.Len())
	}
	byClass := map[int][]int{}
	for i, y := range s.Y {
		byClass[y] = append(byClass[y], i)
	}
	classes := make([]int, 0, len(byClass))
	for k := range byClass {
		classes = append(classes, k)
	}
	slices.Sort(classes)
	var sum float64
	for _, k := range classes {
		sum += math.Pow(float64(len(byClass[k])), alpha)
	}
	order := make([]int, 0, s.Len())
	for _, k := range classes {
		idx := byClass[k]
		want := int(math.Round(float64(s.Len()) * math.Pow(float64(len(idx)), alpha) / sum))
		for want > 0 {
			for _, j := range rng.Perm(len(idx))[:min(want, len(idx))] {
				order = append(order, idx[j])
			}
			want -= min(want, len(idx))
		}
	}
	rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return order
}

// subset returns n samples of s chosen with a seeded permutation.
func subset(s *dataset.Set, n int, seed uint64) *dataset.Set {
	perm := rand.New(rand.NewPCG(seed, 0x5b5e7)).Perm(s.Len())[:n]
	slices.Sort(perm)
	return s.Subset(perm)
}

// calibration is what calibrate folded into the last dense layer.
type calibration struct {
	Temperature float64 // logits are divided by it
	Prior       float64 // then Prior·log count(c) is added to logit c
}

// fitCalibration fits, on the validation split s, a softmax temperature T (the
// value minimising the cross-entropy of softmax(logits/T), by golden-section
// search over 0.5…3) and then a prior shift β: training drew class c in
// proportion to count(c)^balance, so the net's implicit prior is flattened;
// adding β·log count(c) to the logits moves it back towards the data's mix
// (β = 1 − balance restores it fully). β is the value in 0 … 1−balance, in
// steps of 0.05, with the best min(accuracy, balanced accuracy) on s.
// calibration.fold then folds both into the last dense layer, so the
// probabilities the page reader combines with context are calibrated.
func fitCalibration(net *nn.Network[float32], s *dataset.Set, counts []int, balance float64) calibration {
	last := len(net.Layers) - 2
	if _, ok := net.Layers[last].(*nn.Dense[float32]); !ok {
		return calibration{Temperature: 1}
	}
	sm := net.Layers[last+1]
	net.Layers = net.Layers[:last+1] // logits only
	logits := predict(net, s)
	net.Layers = append(net.Layers, sm)
	logCount := logCounts(counts)
	nll := func(t float64) float64 {
		var loss float64
		for i := 0; i < logits.Rows; i++ {
			row := logits.Row(i)
			m := float64(slices.Max(row))
			var z float64
			for _, v := range row {
				z += math.Exp((float64(v) - m) / t)
			}
			loss -= (float64(row[s.Y[i]])-m)/t - math.Log(z)
		}
		return loss
	}
	lo, hi := 0.5, 3.0 // temperatures outside this range would mean a badly trained net
	const phi = 0.6180339887498949
	for range 40 { // 40 golden-section steps shrink the interval by 0.618^40 ≈ 4e-9
		a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
		if nll(a) < nll(b) {
			hi = b
		} else {
			lo = a
		}
	}
	cal := calibration{Temperature: (lo + hi) / 2}
	score := func(beta float64) float64 {
		pred := make([]int, logits.Rows)
		for i := range pred {
			row := logits.Row(i)
			best, bestV := 0, math.Inf(-1)
			for c, v := range row {
				if u := float64(v)/cal.Temperature + beta*logCount[c]; u > bestV {
					best, bestV = c, u
				}
			}
			pred[i] = best
		}
		conf := nn.Confusion(s.Y, pred, logits.Cols)
		return min(nn.Accuracy(conf), nn.BalancedAccuracy(conf))
	}
	bestScore := score(0)
	for k := 1; float64(k)*0.05 <= 1-balance+1e-9; k++ {
		if sc := score(float64(k) * 0.05); sc > bestScore {
			cal.Prior, bestScore = float64(k)*0.05, sc
		}
	}
	return cal
}

// logCounts returns log count(c), a count of 0 taken as 1.
func logCounts(counts []int) []float64 {
	l := make([]float64, len(counts))
	for c, n := range counts {
		l[c] = math.Log(float64(max(n, 1)))
	}
	return l
}

// fold folds the calibration into net's last dense layer (the one before
// the softmax): W/T, B/T + β·log count(c).
func (cal calibration) fold(net *nn.Network[float32], counts []int) {
	d, ok := net.Layers[len(net.Layers)-2].(*nn.Dense[float32])
	if !ok {
		return
	}
	logCount := logCounts(counts)
	for i := range d.W.Data {
		d.W.Data[i] = float32(float64(d.W.Data[i]) / cal.Temperature)
	}
	for c := range d.B.Data {
		d.B.Data[c] = float32(float64(d.B.Data[c])/cal.Temperature + cal.Prior*logCount[c])
	}
}

// The checkpoint file, written atomically after every epoch:
//
//	"INKC", uint32 version 1,
//	then four blocks (uint32 length + bytes): the configuration (JSON), the
//	epochs done and curves (JSON), the network (nn weights format, unfolded,
//	BatchNorm running statistics included), the Adam state, the PCG state;
//	then the CRC-32 (IEEE) of everything before it.
const (
	ckptMagic   = "INKC"
	ckptVersion = 1
)

type ckptProgress struct {
	Epochs int        `json:"epochs"`
	Curves []nn.Epoch `json:"curves"`
}

func saveCheckpoint(path string, c cnnConfig, epochs int, curves []nn.Epoch, net *nn.Network[float32], opt *nn.Adam[float32], pcg *rand.PCG) error {
	var b bytes.Buffer
	b.WriteString(ckptMagic)
	b.Write(binary.LittleEndian.AppendUint32(nil, ckptVersion))
	block := func(p []byte) {
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(p))))
		b.Write(p)
	}
	cfg, _ := json.Marshal(c)
	block(cfg)
	prog, _ := json.Marshal(ckptProgress{epochs, curves})
	block(prog)
	var w bytes.Buffer
	if err := nn.Save(&w, net); err != nil {
		return err
	}
	block(w.Bytes())
	block(opt.MarshalState())
	state, err := pcg.MarshalBinary()
	if err != nil {
		return err
	}
	block(state)
	b.Write(binary.LittleEndian.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	return nn.WriteFileAtomic(path, b.Bytes())
}

// loadCheckpoint restores net, opt and pcg from path and returns the epochs
// done and their curves. Any mismatch with the current run is an error.
func loadCheckpoint(path string, c cnnConfig, net *nn.Network[float32], opt *nn.Adam[float32], pcg *rand.PCG) (int, []nn.Epoch, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, nil, fmt.Errorf("train cnn: -resume: %w", err)
	}
	bad := func(format string, args ...any) error {
		return fmt.Errorf("train cnn: -resume: %s: "+format, append([]any{path}, args...)...)
	}
	if len(data) < 12 || string(data[:4]) != ckptMagic {
		return 0, nil, bad("not a checkpoint")
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != ckptVersion {
		return 0, nil, bad("checkpoint version %d; this build reads %d", v, ckptVersion)
	}
	body := data[:len(data)-4]
	if crc32.ChecksumIEEE(body) != binary.LittleEndian.Uint32(data[len(data)-4:]) {
		return 0, nil, bad("checksum mismatch: the file is truncated or corrupted")
	}
	rest := body[8:]
	var blocks [5][]byte
	for i := range blocks {
		if len(rest) < 4 || int(binary.LittleEndian.Uint32(rest)) > len(rest)-4 {
			return 0, nil, bad("truncated")
		}
		n := int(binary.LittleEndian.Uint32(rest))
		blocks[i], rest = rest[4:4+n], rest[4+n:]
	}
	var saved cnnConfig
	if err := json.Unmarshal(blocks[0], &saved); err != nil {
		return 0, nil, bad("configuration: %v", err)
	}
	if saved != c {
		return 0, nil, bad("made with other settings (%+v); rerun with the same flags or without -resume", saved)
	}
	var prog ckptProgress
	if err := json.Unmarshal(blocks[1], &prog); err != nil {
		return 0, nil, bad("progress: %v", err)
	}
	loaded, err := nn.Load[float32](bytes.NewReader(blocks[2]))
	if err != nil {
		return 0, nil, bad("%v", err)
	}
	if err := sameArchitecture(loaded, net); err != nil {
		return 0, nil, bad("%v", err)
	}
	want, got := net.Params(), loaded.Params()
	for i := range want {
		copy(want[i].Value.Data, got[i].Value.Data)
	}
	if err := opt.UnmarshalState(blocks[3], want); err != nil {
		return 0, nil, bad("%v", err)
	}
	if err := pcg.UnmarshalBinary(blocks[4]); err != nil {
		return 0, nil, bad("random state: %v", err)
	}
	if prog.Epochs < 0 || prog.Epochs > c.Epochs || len(prog.Curves) != prog.Epochs {
		return 0, nil, bad("records %d epochs with %d curve entries", prog.Epochs, len(prog.Curves))
	}
	return prog.Epochs, prog.Curves, nil
}

// sameArchitecture reports how a loaded network differs from the one built.
func sameArchitecture(a, b *nn.Network[float32]) error {
	if len(a.Layers) != len(b.Layers) {
		return fmt.Errorf("the weights have %d layers; -arch builds %d", len(a.Layers), len(b.Layers))
	}
	for i := range a.Layers {
		if sa, sb := a.Layers[i].Spec(), b.Layers[i].Spec(); sa != sb {
			return fmt.Errorf("layer %d is %+v in the weights; -arch builds %+v", i, sa, sb)
		}
	}
	return nil
}
