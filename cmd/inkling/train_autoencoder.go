package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"inkling/nn"
)

// aeConfig holds the hyperparameters of `inkling train autoencoder`.
type aeConfig struct {
	Arch    string // "course", "wide" or hidden sizes (see aeHidden)
	Epochs  int
	Batch   int
	LR      float64
	Warmup  int     // epochs of linear warm-up
	Factor  float64 // the rate is multiplied by Factor every Every epochs
	Every   int
	Seed    uint64
	Adam    bool // Adam instead of the course's SGD with momentum 0.9
	Cosine  bool // cosine-anneal the rate to 1/20 of it instead of the step decay
	TrainN  int  // train on the first TrainN images only (0 = all), to explore quickly
	Corrupt nn.Corruption
	Share   float64 // fraction of training inputs corrupted
	Init    string  // weights file to continue training from ("" = fresh Xavier weights)
	Center  bool    // train on inputs minus the training mean (folded into the first layer's bias)
	Revive  bool    // re-initialise dead hidden units after each epoch
}

func trainAutoencoder(args []string) error {
	fs := flag.NewFlagSet("train autoencoder", flag.ContinueOnError)
	data := dataFlag(fs)
	var c aeConfig
	fs.StringVar(&c.Arch, "arch", "course", "course: 1024-32-32-32-1024 (the course's, exactly); wide: 1024-256-64-256-1024; or the hidden sizes, e.g. 512-256-64-256-512 (ReLU, then a 1024 sigmoid output)")
	fs.IntVar(&c.Epochs, "epochs", 100, "training epochs")
	fs.IntVar(&c.Batch, "batch", 36, "mini-batch size (the course uses 36)")
	fs.Float64Var(&c.LR, "lr", 3e-5, "learning rate on the batch-summed squared error (the course uses 3e-5)")
	fs.IntVar(&c.Warmup, "warmup", 0, "epochs over which the rate ramps up linearly from 0")
	fs.Float64Var(&c.Factor, "decay", 0.9, "multiply the rate by this every -every epochs (the course: 0.9)")
	fs.IntVar(&c.Every, "every", 20, "epochs between rate decays (the course: 20)")
	fs.BoolVar(&c.Adam, "adam", false, "use Adam (β 0.9, 0.999) instead of SGD with momentum 0.9")
	fs.BoolVar(&c.Cosine, "cosine", false, "cosine-anneal the rate to 1/20 of it instead of -decay/-every")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed: the same seed gives the same model")
	fs.IntVar(&c.TrainN, "train-n", 0, "train on the first N training images only (0 = all)")
	fs.Float64Var(&c.Corrupt.Noise, "noise", 0, "denoising: std of Gaussian noise added to training inputs")
	fs.IntVar(&c.Corrupt.Occlude, "occlude", 0, "denoising: side of a random square erased from training inputs")
	fs.Float64Var(&c.Corrupt.Thin, "thin", 0, "denoising: probability of thinning the strokes of a training input")
	fs.Float64Var(&c.Share, "corrupt-share", 0.5, "denoising: fraction of training inputs that are corrupted")
	fs.StringVar(&c.Init, "init", "", "continue training the autoencoder in this weights file (a second, lower-rate phase)")
	fs.BoolVar(&c.Center, "center", true, "train on the inputs minus the training set's mean image (folded into the first layer at the end, so the model takes raw images)")
	fs.BoolVar(&c.Revive, "revive", false, "after each epoch, give hidden units that no training image activates (dead ReLUs) fresh weights in and zero weights out")
	out := fs.String("out", "out/autoencoder", "directory for plots")
	save := fs.String("save", "", "weights file to write (default OUT/autoencoder.inkw)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *save == "" {
		*save = filepath.Join(*out, "autoencoder.inkw")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(c.Seed, 0xae))
	net, err := newAutoencoderNet(c.Arch, rng)
	if err != nil {
		return err
	}
	if c.Init != "" {
		if net, err = continueFrom(c.Init, net); err != nil {
			return err
		}
	}
	sets, err := loadCharacters(*data, false)
	if err != nil {
		return err
	}
	train := sets.train.X
	if c.TrainN > 0 && c.TrainN*pixels < len(train) {
		train = train[:c.TrainN*pixels]
	}
	var opt nn.Optimizer[float32] = &nn.SGD[float32]{LR: c.LR, Momentum: 0.9}
	if c.Adam {
		opt = nn.NewAdam[float32](c.LR)
	}
	var sched nn.Schedule = nn.StepDecay{Base: c.LR, Factor: c.Factor, Every: c.Every}
	if c.Cosine {
		sched = nn.CosineDecay{Base: c.LR, Floor: 0.05, Epochs: c.Epochs}
	}
	r := &aeRun{Net: net, Opt: opt, Schedule: sched, Warmup: c.Warmup,
		Epochs: c.Epochs, Batch: c.Batch, Rng: rng, Corrupt: c.Corrupt, CorruptShare: c.Share,
		Label: "autoencoder " + c.Arch, Progress: progressWriter(*quiet)}
	if c.Center {
		r.Center = meanImage(train)
	}
	r.Revive = c.Revive
	r.AfterEpoch = func([]aeEpoch) error { // a checkpoint, so a late failure cannot lose the run
		return nn.SaveFile(*save+".partial", net)
	}
	start := time.Now()
	curves, err := r.run(train, sets.valid.X)
	if err != nil {
		return err
	}
	net.SetTraining(false)
	meta := nn.Meta{Model: "autoencoder", Input: []int{1, 32, 32}, Metrics: map[string]float64{}, Seed: c.Seed,
		Data:    "EMNIST ByClass test set, digits and capitals (89,264), canonical split: per class i%10==0 test, ==1 valid, else train",
		Date:    time.Now().UTC().Format(time.RFC3339),
		Command: "inkling " + strings.Join(os.Args[1:], " "),
		Notes:   c.notes()}
	if c.Init != "" { // keep the first phase's record: one curve and both commands
		meta.Curves = net.Meta.Curves
		meta.Command = net.Meta.Command + " && " + meta.Command
		meta.Notes = net.Meta.Notes + "; then " + meta.Notes
	}
	done := len(meta.Curves) // epochs of the earlier phase
	for _, e := range curves {
		e.Epoch.Epoch += done
		meta.Curves = append(meta.Curves, e.Epoch)
	}
	meta.Metrics["train_seconds"] = time.Since(start).Seconds()
	meta.Metrics["train_n"] = float64(len(train) / pixels)
	ae, err := nn.NewAutoencoder(net)
	if err != nil {
		return err
	}
	if err := autoencoderMetrics(meta.Metrics, ae, sets, rand.New(rand.NewPCG(c.Seed, 0xe7a1))); err != nil {
		return err
	}
	net.Meta = meta
	if err := nn.SaveFile(*save, net); err != nil {
		return err
	}
	os.Remove(*save + ".partial")
	fmt.Fprintf(os.Stderr, "wrote %s\n", *save)
	if err := autoencoderPlots(*out, ae, curves, sets.valid); err != nil {
		return err
	}
	return printMetrics(meta)
}

// aeArchs are the named autoencoder architectures: their hidden sizes.
var aeArchs = map[string]string{"course": "32-32-32", "wide": "256-64-256"}

// aeHidden parses -arch into the hidden layer sizes.
func aeHidden(arch string) ([]int, error) {
	spec := arch
	if named, ok := aeArchs[arch]; ok {
		spec = named
	}
	var sizes []int
	for _, f := range strings.Split(spec, "-") {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 1<<14 {
			return nil, fmt.Errorf("train autoencoder: bad -arch %q; want course, wide or hidden sizes such as 512-64-512", arch)
		}
		sizes = append(sizes, n)
	}
	return sizes, nil
}

// newAutoencoderNet builds an untrained autoencoder with Xavier-uniform weights.
func newAutoencoderNet(arch string, rng *rand.Rand) (*nn.Network[float32], error) {
	hidden, err := aeHidden(arch)
	if err != nil {
		return nil, err
	}
	sizes := append(append([]int{pixels}, hidden...), pixels)
	var layers []nn.Layer[float32]
	for i := 0; i+1 < len(sizes); i++ {
		layers = append(layers, nn.NewDense[float32](sizes[i], sizes[i+1], rng))
		if i+2 < len(sizes) {
			layers = append(layers, &nn.ReLU[float32]{})
		} else {
			layers = append(layers, &nn.Sigmoid[float32]{})
		}
	}
	return nn.NewNetwork(layers...), nil
}

// continueFrom loads the weights file path, which must hold a network of the
// same architecture as fresh, for a further phase of training.
func continueFrom(path string, fresh *nn.Network[float32]) (*nn.Network[float32], error) {
	net, err := nn.LoadFile[float32](path)
	if err != nil {
		return nil, err
	}
	if len(net.Layers) != len(fresh.Layers) {
		return nil, fmt.Errorf("train autoencoder: %s has %d layers; -arch needs %d", path, len(net.Layers), len(fresh.Layers))
	}
	for i, l := range net.Layers {
		if l.Spec() != fresh.Layers[i].Spec() {
			return nil, fmt.Errorf("train autoencoder: layer %d of %s is %+v; -arch needs %+v", i, path, l.Spec(), fresh.Layers[i].Spec())
		}
	}
	net.SetTraining(true)
	return net, nil
}

func (c aeConfig) notes() string {
	hidden, _ := aeHidden(c.Arch)
	arch := fmt.Sprintf("1024-%s ReLU-1024 sigmoid", strings.Trim(strings.Join(strings.Fields(fmt.Sprint(hidden)), "-"), "[]"))
	opt, sched := "SGD momentum 0.9", fmt.Sprintf("×%g every %d epochs", c.Factor, c.Every)
	if c.Adam {
		opt = "Adam"
	}
	if c.Cosine {
		sched = "cosine-annealed to 1/20"
	}
	s := fmt.Sprintf("%s, Xavier-uniform, summed squared error, %s, batch %d, lr %g (warm-up %d epochs) %s, %d epochs",
		arch, opt, c.Batch, c.LR, c.Warmup, sched, c.Epochs)
	if c.Corrupt != (nn.Corruption{}) {
		s += fmt.Sprintf("; denoising: %.0f%% of inputs with noise σ %g, occlusion %d px, thinning p %g",
			100*c.Share, c.Corrupt.Noise, c.Corrupt.Occlude, c.Corrupt.Thin)
	}
	if c.Center {
		s += "; inputs centred on the training mean while training (folded into the first layer's bias)"
	}
	if c.Revive {
		s += "; dead hidden units re-initialised after each epoch"
	}
	if c.Init != "" {
		s += "; continued from " + c.Init
	}
	return s
}
