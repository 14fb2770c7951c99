package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"inkling/dataset"
	"inkling/nn"
)

// evalReport is what `inkling eval -json` prints.
type evalReport struct {
	Model            string         `json:"model"`
	File             string         `json:"file"`
	Split            string         `json:"split"`
	N                int            `json:"n"`
	Accuracy         float64        `json:"accuracy"`
	BalancedAccuracy float64        `json:"balanced_accuracy"`
	LettersAccuracy  *float64       `json:"letters_accuracy,omitempty"` // nist26: argmax over the 26 letters only
	Loss             float64        `json:"loss"`
	TopConfused      []confusedPair `json:"top_confused"`
}

func runEval(args []string) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	data := dataFlag(fs)
	model := fs.String("model", "weights/mlp.inkw", "weights file")
	split := fs.String("split", "test", "test, valid or nist26")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := fs.Parse(args); err != nil {
		return err
	}
	net, err := nn.LoadFile[float32](*model)
	if err != nil {
		return err
	}
	if in := net.Meta.Input; len(in) == 3 && in[0] == 3 { // a colour-photo model: see train_natural_eval.go
		return evalNatural(net, *data, *split, *model, *asJSON)
	}
	var set *dataset.Set
	switch *split {
	case "test", "valid":
		sets, err := loadCharacters(*data, keepsStroke(net.Meta))
		if err != nil {
			return err
		}
		set = sets.test
		if *split == "valid" {
			set = sets.valid
			if net.Meta.ValidInTraining {
				fmt.Fprintf(os.Stderr, "eval: %s was trained on the validation split too: these figures are not held out\n", *model)
			}
		}
	case "nist26":
		if set, err = dataset.LoadNIST26(filepath.Join(*data, nist26Path)); err != nil {
			return err
		}
	default:
		return fmt.Errorf("eval: unknown split %q; want test, valid or nist26", *split)
	}
	if ae, aeErr := nn.NewAutoencoder(net); aeErr == nil { // output as wide as the input: an autoencoder
		return printAutoencoderEval(ae, set, *split, *model, *asJSON)
	}
	rep, err := evalClassifier(net, set, *split)
	if err != nil {
		return err
	}
	rep.File = *model
	if *asJSON {
		return json.NewEncoder(os.Stdout).Encode(rep)
	}
	fmt.Printf("%s on %s (%d): accuracy %.4f, balanced %.4f\n", rep.Model, rep.Split, rep.N, rep.Accuracy, rep.BalancedAccuracy)
	if rep.LettersAccuracy != nil {
		fmt.Printf("restricted to the 26 letters: %.4f\n", *rep.LettersAccuracy)
	}
	for _, c := range rep.TopConfused {
		fmt.Printf("  %s → %s  %d (%.1f%%)\n", c.Truth, c.Pred, c.Count, 100*c.Rate)
	}
	return nil
}

// evalClassifier scores a character classifier on one split.
func evalClassifier(net *nn.Network[float32], set *dataset.Set, split string) (evalReport, error) {
	if in := net.InputSize(); in != 0 && in != 32*32 {
		return evalReport{}, fmt.Errorf("eval: model %q takes %d inputs, not a 32×32 character", net.Meta.Model, in)
	}
	net.SetTraining(false)
	if out := net.Forward(nn.NewMatrix[float32](1, 32*32)).Cols; out != 36 {
		return evalReport{}, fmt.Errorf("eval: model %q has %d outputs, not the 36 classes", net.Meta.Model, out)
	}
	loss, conf := evaluate(net, set)
	rep := evalReport{Model: net.Meta.Model, Split: split, N: set.Len(), Accuracy: nn.Accuracy(conf),
		BalancedAccuracy: nn.BalancedAccuracy(conf), Loss: loss, TopConfused: topConfused(conf, classNames(), 10)}
	if split == "nist26" {
		m := nist26Metrics(net, set)
		la := m["nist26_letters_accuracy"]
		rep.LettersAccuracy = &la
		// Only letters are present: the mean recall is over the 26 classes that have samples.
	}
	return rep, nil
}
