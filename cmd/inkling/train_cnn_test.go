package main

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"inkling/dataset"
	"inkling/nn"
)

// tinySet is n random 32×32 images whose class (0…k−1) shifts a bright
// square, learnable and cheap; classes get unequal counts (class c has
// weight c+1).
func tinySet(n, k int, seed uint64) *dataset.Set {
	rng := rand.New(rand.NewPCG(seed, 1))
	s := &dataset.Set{X: make([]float32, n*1024), Y: make([]int, n)}
	total := k * (k + 1) / 2
	for i := range n {
		c := 0
		for r := rng.IntN(total); r >= c+1; c++ {
			r -= c + 1
		}
		s.Y[i] = c
		img := s.X[i*1024 : (i+1)*1024]
		for j := range img {
			img[j] = 1 - 0.1*rng.Float32()
		}
		for y := 8; y < 16; y++ {
			for x := 4 * c; x < 4*c+8; x++ {
				img[y*32+x] = 0
			}
		}
	}
	return s
}

// tinyConfig is a small net that trains in well under a second.
var tinyConfig = cnnConfig{Arch: "c3x4,p,p,f8", Epochs: 3, Batch: 16, LR: 1e-2, WeightDecay: 1e-4,
	Dropout: 0.1, Balance: 0.5, Augment: true, Seed: 3}

// trainTiny runs c on a tiny set for epochs [from, to), checkpointing to
// dir, resuming from it when from > 0, and returns the network.
func trainTiny(t *testing.T, c cnnConfig, dir string, to int, resume bool) *nn.Network[float32] {
	t.Helper()
	pcg := rand.NewPCG(c.Seed, 0xc44)
	rng := rand.New(pcg)
	net, err := buildCNN(c.Arch, c.Dropout, rng)
	if err != nil {
		t.Fatal(err)
	}
	opt := nn.NewAdam[float32](c.LR)
	opt.WeightDecay = c.WeightDecay
	path := filepath.Join(dir, "checkpoint.inkc")
	start, curves := 0, []nn.Epoch(nil)
	if resume {
		if start, curves, err = loadCheckpoint(path, c, net, opt, pcg); err != nil {
			t.Fatal(err)
		}
	}
	aug := dataset.NewAugmenter(dataset.DefaultAugment())
	r := &classifierRun{Net: net, Opt: opt, Schedule: nn.CosineDecay{Base: c.LR, Floor: 0.02, Epochs: c.Epochs},
		Epochs: to, Batch: c.Batch, Rng: rng, StartEpoch: start, Curves: curves, Augment: aug.Apply,
		Order: func(rng *rand.Rand, s *dataset.Set) []int { return balancedOrder(rng, s, c.Balance) },
		AfterEpoch: func(e int, curves []nn.Epoch) error {
			return saveCheckpoint(path, c, e+1, curves, net, opt, pcg)
		}}
	if _, err := r.run(tinySet(200, 6, 1), tinySet(60, 6, 2)); err != nil {
		t.Fatal(err)
	}
	return net
}

// TestResumeIsExact: two epochs, stop, resume for the third gives the very
// same weights as three epochs in one go.
func TestResumeIsExact(t *testing.T) {
	straight := trainTiny(t, tinyConfig, t.TempDir(), 3, false)
	dir := t.TempDir()
	trainTiny(t, tinyConfig, dir, 2, false)
	resumed := trainTiny(t, tinyConfig, dir, 3, true)
	a, b := straight.Params(), resumed.Params()
	for i := range a {
		for j, v := range a[i].Value.Data {
			if b[i].Value.Data[j] != v {
				t.Fatalf("param %d (%s)[%d]: resumed %v; uninterrupted %v", i, a[i].Name, j, b[i].Value.Data[j], v)
			}
		}
	}
}

func TestResumeErrors(t *testing.T) {
	dir := t.TempDir()
	trainTiny(t, tinyConfig, dir, 1, false)
	path := filepath.Join(dir, "checkpoint.inkc")
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	other := tinyConfig
	other.Arch = "c3x5,p,p,f8"
	for _, tc := range []struct {
		name string
		data []byte
		c    cnnConfig
		want string
	}{
		{"truncated", good[:len(good)/2], tinyConfig, "truncated or corrupted"},
		{"empty", nil, tinyConfig, "not a checkpoint"},
		{"other architecture", good, other, "other settings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "checkpoint.inkc")
			if err := os.WriteFile(p, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			pcg := rand.NewPCG(1, 1)
			net, _ := buildCNN(tc.c.Arch, tc.c.Dropout, rand.New(pcg))
			_, _, err := loadCheckpoint(p, tc.c, net, nn.NewAdam[float32](1), pcg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("loadCheckpoint(%s) = %v; want an error saying %q", tc.name, err, tc.want)
			}
		})
	}
}

func TestBalancedOrder(t *testing.T) {
	s := tinySet(2100, 6, 4) // class c has about (c+1)·100 samples
	counts := map[int]int{}
	for _, y := range s.Y {
		counts[y]++
	}
	for _, tc := range []struct {
		alpha float64
	}{{0}, {0.5}, {1}} {
		order := balancedOrder(rand.New(rand.NewPCG(1, 1)), s, tc.alpha)
		drawn := map[int]int{}
		for _, i := range order {
			drawn[s.Y[i]]++
		}
		// Class c should get a share ∝ count(c)^alpha; allow one sample of rounding.
		var sum float64
		for _, n := range counts {
			sum += math.Pow(float64(n), tc.alpha)
		}
		for c, n := range counts {
			want := float64(s.Len()) * math.Pow(float64(n), tc.alpha) / sum
			if d := float64(drawn[c]) - want; d > 1 || d < -1 {
				t.Errorf("alpha %v: class %d drawn %d times; want %.1f", tc.alpha, c, drawn[c], want)
			}
		}
	}
}

func TestBuildCNN(t *testing.T) {
	net, err := buildCNN(defaultArch, 0.25, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	// 2·(32·32·16·9 + 16·16·24·144 + 8·8·48·216 + 4·4·80·432 + 1280·128 + 128·36): the budget is 5 MFLOP.
	if got, want := archFLOPs(net), 2*(32*32*16*9+16*16*24*144+8*8*48*216+4*4*80*432+1280*128+128*36); got != want || got > 5e6 {
		t.Errorf("archFLOPs(default) = %d; want %d", got, want)
	}
	// A depthwise-separable block: 3×3 per channel, then 1×1 across them.
	if net, err = buildCNN("c3x8,p,d3x16", 0, rand.New(rand.NewPCG(1, 1))); err != nil {
		t.Fatal(err)
	}
	if got, want := archFLOPs(net), 2*(32*32*8*9+16*16*8*9+16*16*16*8+16*16*16*36); got != want {
		t.Errorf("archFLOPs(c3x8,p,d3x16) = %d; want %d", got, want)
	}
	for _, bad := range []string{"", "c3", "cx16", "q", "f0", "f8,c3x4", "p,p,p,p,p,p", "d4x8", "dx8", "d3", "f8,d3x4"} {
		if _, err := buildCNN(bad, 0, rand.New(rand.NewPCG(1, 1))); err == nil {
			t.Errorf("buildCNN(%q) = nil error; want one", bad)
		}
	}
}

// TestCalibrate: an over-confident classifier (its logits three times too
// large) gets a temperature above 1 and a lower validation loss.
func TestCalibrate(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	const n, k = 400, 3 // samples, classes
	truth := nn.NewDense[float32](1024, k, rng)
	s := &dataset.Set{X: make([]float32, n*1024), Y: make([]int, n)}
	for i := range s.X {
		s.X[i] = float32(rng.NormFloat64())
	}
	// Labels drawn from softmax(x·W): a calibrated model is the truth itself.
	p := nn.NewNetwork[float32](truth, &nn.Softmax[float32]{})
	probs := predict(p, s)
	for i := range s.Y {
		r, c := rng.Float32(), 0
		for ; c < k-1 && r > probs.Row(i)[c]; c++ {
			r -= probs.Row(i)[c]
		}
		s.Y[i] = c
	}
	over := nn.NewDense[float32](1024, k, rng)
	for i, v := range truth.W.Data {
		over.W.Data[i] = 3 * v
	}
	net := nn.NewNetwork[float32](over, &nn.Softmax[float32]{})
	before, _ := evaluate(net, s)
	cal := fitCalibration(net, s, []int{1, 1, 1}, 1) // balance 1: no prior shift to fit
	cal.fold(net, []int{1, 1, 1})
	after, _ := evaluate(net, s)
	if cal.Temperature <= 1 || cal.Prior != 0 {
		t.Errorf("fitCalibration(3× over-confident) = %+v; want temperature > 1, prior 0", cal)
	}
	if after >= before {
		t.Errorf("validation loss %v after calibration; before %v", after, before)
	}
}

// TestTrainCNNCalibrationFlags: the flag errors come before any data is read.
func TestTrainCNNCalibrationFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-with-valid"}, "no held-out split"},
		{[]string{"-prior-shift", "0.3"}, "-prior-shift needs -temperature"},
		{[]string{"-temperature", "-1"}, "must not be negative"},
	} {
		args := append(tc.args, "-out", t.TempDir(), "-data", t.TempDir())
		if err := trainCNN(args); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("train cnn %v = %v; want an error saying %q", tc.args, err, tc.want)
		}
	}
}

// TestCalibrationFold: a given temperature and prior shift end up in the last
// dense layer as W/T and B/T + β·log count(c).
func TestCalibrationFold(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	d := nn.NewDense[float32](4, 3, rng)
	for c := range d.B.Data {
		d.B.Data[c] = float32(c) - 1
	}
	w := append([]float32(nil), d.W.Data...)
	net := nn.NewNetwork[float32](d, &nn.Softmax[float32]{})
	counts := []int{1, 10, 0}
	calibration{Temperature: 2, Prior: 0.5}.fold(net, counts)
	for i, v := range d.W.Data {
		if v != w[i]/2 {
			t.Fatalf("W[%d] = %v after folding T = 2; want %v", i, v, w[i]/2)
		}
	}
	for c, want := range []float64{-0.5, 0.5 * math.Log(10), 0.5} { // a count of 0 counts as 1
		if got := float64(d.B.Data[c]); math.Abs(got-want) > 1e-6 {
			t.Errorf("B[%d] = %v; want %v", c, got, want)
		}
	}
}
