package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strings"

	"inkling/dataset"
	"inkling/nn"
)

// evalNatural scores a natural-image classifier (flowers-*, sun-*, cifar10)
// on a split of its data set: test or valid.
func evalNatural(net *nn.Network[float32], dataDir, split, file string, asJSON bool) error {
	m := net.Meta
	var train, valid, test *dataset.ImageSet
	var err error
	switch {
	case strings.HasPrefix(m.Model, "flowers"):
		train, valid, test, err = loadFlowers(dataDir)
	case strings.HasPrefix(m.Model, "sun"):
		train, valid, test, err = loadSUN(dataDir)
	case strings.HasPrefix(m.Model, "cifar10"):
		var closer func()
		train, valid, test, closer, err = loadCIFAR10(dataDir)
		if closer != nil {
			defer closer()
		}
	default:
		return fmt.Errorf("eval: no data set for colour model %q", m.Model)
	}
	if err != nil {
		return err
	}
	set := test
	switch split {
	case "test":
	case "valid":
		set = valid
	default:
		return fmt.Errorf("eval: split %q; %s models have test and valid", split, m.Model)
	}
	if len(m.Classes) != len(train.Classes) {
		return fmt.Errorf("eval: model %q has %d classes; the data has %d", m.Model, len(m.Classes), len(train.Classes))
	}
	prep, err := naturalPrep(m)
	if err != nil {
		return err
	}
	if in := net.InputSize(); in != 0 && in != prep.Width() {
		return fmt.Errorf("eval: model %q takes %d inputs, not 3×%d×%d", m.Model, in, prep.Size, prep.Size)
	}
	net.SetWorkers(runtime.NumCPU())
	net.SetTraining(false)
	mirror := prep
	mirror.Mirror = true
	var vs views
	for _, p := range []dataset.Preprocess{prep, mirror} {
		r, err := prepareRows(set, p, runtime.NumCPU(), 0)
		if err != nil {
			return err
		}
		vs = append(vs, r)
	}
	metrics := map[string]float64{}
	conf := naturalMetrics(metrics, net, vs, split)
	rep := evalReport{Model: m.Model, File: file, Split: split, N: vs[0].Len(), Accuracy: metrics[split+"_accuracy"],
		BalancedAccuracy: metrics[split+"_balanced_accuracy"], Loss: metrics[split+"_loss"], TopConfused: topConfused(conf, m.Classes, 10)}
	if asJSON {
		return json.NewEncoder(os.Stdout).Encode(struct {
			evalReport
			FlipAveraged float64 `json:"accuracy_flip_averaged"`
		}{rep, metrics[split+"_accuracy_flip_averaged"]})
	}
	fmt.Printf("%s on %s (%d): accuracy %.4f, balanced %.4f; averaged with the mirrored images %.4f\n",
		rep.Model, rep.Split, rep.N, rep.Accuracy, rep.BalancedAccuracy, metrics[split+"_accuracy_flip_averaged"])
	for _, c := range rep.TopConfused {
		fmt.Printf("  %s → %s  %d (%.1f%%)\n", c.Truth, c.Pred, c.Count, 100*c.Rate)
	}
	return nil
}

// naturalPrep is the input preparation a natural-image model was trained
// with: SqueezeNet's for the fine-tuned models, else photoPrep with the
// resize and pad recorded in the metrics.
func naturalPrep(m nn.Meta) (dataset.Preprocess, error) {
	if strings.HasSuffix(m.Model, "-finetune") {
		return squeezeNetPrep(), nil
	}
	if len(m.Input) != 3 || m.Input[1] != m.Input[2] {
		return dataset.Preprocess{}, fmt.Errorf("eval: model %q has input %v; want 3×S×S", m.Model, m.Input)
	}
	c := scratchConfig{Size: m.Input[1], Resize: int(m.Metrics["input_resize"]), Pad: int(m.Metrics["input_pad"])}
	if c.Resize == 0 {
		c.Resize = c.Size
	}
	return photoPrep(c), nil
}
