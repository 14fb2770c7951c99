package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"time"

	"inkling/dataset"
	"inkling/nn"
)

// characterSets are the 36-class character data: the canonical EMNIST split
// and, when present, the course's own nist26 letters.
type characterSets struct {
	train, valid, test *dataset.Set
	trainValid         *dataset.Set // train then valid, sharing their memory
	nist26             *dataset.Set // nil when the file is absent
}

// nist26Path is where the course's letters live inside the data directory.
const nist26Path = "hw5/nist/nist26_valid.mat"

// loadCharacters loads the 36-class pool from dataDir and splits it. With
// keepStroke the tiles keep their own stroke widths (see keepsStroke).
func loadCharacters(dataDir string, keepStroke bool) (characterSets, error) {
	start := time.Now()
	all, err := dataset.LoadEMNIST36(dataDir, keepStroke)
	if err != nil {
		return characterSets{}, fmt.Errorf("loading the 36-class data (set -data or INKLING_DATA): %w", err)
	}
	var s characterSets
	s.train, s.valid, s.test = dataset.Split(all)
	s.trainValid = all.Rows(0, s.train.Len()+s.valid.Len())
	if n26, err := dataset.LoadNIST26(filepath.Join(dataDir, nist26Path)); err == nil {
		s.nist26 = n26
	} else {
		fmt.Fprintf(os.Stderr, "nist26 not evaluated: %v\n", err)
	}
	fmt.Fprintf(os.Stderr, "data: %d train, %d valid, %d test (loaded in %.1fs)\n",
		s.train.Len(), s.valid.Len(), s.test.Len(), time.Since(start).Seconds())
	return s, nil
}

// keepStrokeTag is the nn.Meta.Preprocess of a character model trained on
// EMNIST tiles that kept their own stroke widths (glyph.NormalizeKeepStroke):
// its test and validation figures are measured on tiles made the same way.
// Inputs of unknown scale (photos, the drawing pad) still go through
// glyph.Normalize, whose stroke widths lie inside the range the tiles cover.
const keepStrokeTag = "keep-stroke"

// keepsStroke reports whether a character model was trained on tiles that
// kept their stroke widths, so that it is evaluated on the same.
func keepsStroke(m nn.Meta) bool { return m.Preprocess == keepStrokeTag }

// classNames are the 36 outputs in order.
func classNames() []string {
	names := make([]string, len(dataset.Classes))
	for i, c := range dataset.Classes {
		names[i] = string(c)
	}
	return names
}

// classifierMeta starts the metadata of a trained character classifier.
func classifierMeta(model string, seed uint64, curves []nn.Epoch, notes string) nn.Meta {
	return nn.Meta{
		Model: model, Classes: classNames(), Input: []int{1, 32, 32},
		Curves: curves, Metrics: map[string]float64{}, Seed: seed,
		Data:    "EMNIST ByClass test set, digits and capitals (89,264), canonical split: per class i%10==0 test, ==1 valid, else train",
		Date:    time.Now().UTC().Format(time.RFC3339),
		Command: "inkling " + strings.Join(os.Args[1:], " "),
		Notes:   notes,
	}
}

// finishClassifier evaluates net on the test split, the validation split
// (unless meta says the model was trained on it) and nist26 and records
// the figures in meta, which becomes net.Meta.
func finishClassifier(net *nn.Network[float32], meta *nn.Meta, sets characterSets) error {
	net.SetTraining(false)
	m := classifierMetrics(net, sets.test, "test")
	if !meta.ValidInTraining {
		maps.Copy(m, classifierMetrics(net, sets.valid, "valid"))
	}
	_, conf := evaluate(net, sets.test)
	meta.Confusion = conf
	if sets.nist26 != nil {
		maps.Copy(m, nist26Metrics(net, sets.nist26))
	}
	maps.Copy(meta.Metrics, m)
	net.Meta = *meta
	return nil
}

// classifierMetrics returns <split>_accuracy, _balanced_accuracy, _loss and _n.
func classifierMetrics(net *nn.Network[float32], s *dataset.Set, split string) map[string]float64 {
	loss, conf := evaluate(net, s)
	return map[string]float64{
		split + "_accuracy":          nn.Accuracy(conf),
		split + "_balanced_accuracy": nn.BalancedAccuracy(conf),
		split + "_loss":              loss,
		split + "_n":                 float64(s.Len()),
	}
}

// nist26Metrics scores the course's letters two ways: the plain 36-way
// argmax, and the argmax over the 26 letter outputs only.
func nist26Metrics(net *nn.Network[float32], s *dataset.Set) map[string]float64 {
	probs := predict(net, s)
	all, letters := 0, 0
	for i := 0; i < probs.Rows; i++ {
		row := probs.Row(i)
		if argmax(row) == s.Y[i] {
			all++
		}
		if argmax(row[:26]) == s.Y[i] {
			letters++
		}
	}
	n := float64(max(1, s.Len()))
	return map[string]float64{
		"nist26_accuracy":         float64(all) / n,
		"nist26_letters_accuracy": float64(letters) / n,
		"nist26_n":                float64(s.Len()),
	}
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// printMetrics writes the final figures as one JSON object on stdout.
func printMetrics(m nn.Meta) error {
	enc := json.NewEncoder(os.Stdout)
	return enc.Encode(map[string]any{"model": m.Model, "metrics": m.Metrics, "top_confused": topConfused(m.Confusion, m.Classes, 10)})
}

// confusedPair is one entry of the most-confused list.
type confusedPair struct {
	Truth string  `json:"truth"`
	Pred  string  `json:"pred"`
	Count int     `json:"count"`
	Rate  float64 `json:"rate"` // share of the truth class's samples
}

func topConfused(conf [][]int, classes []string, n int) []confusedPair {
	var out []confusedPair
	for _, c := range nn.TopConfused(conf, n) {
		total := 0
		for _, v := range conf[c.Truth] {
			total += v
		}
		out = append(out, confusedPair{classes[c.Truth], classes[c.Pred], c.Count, float64(c.Count) / float64(max(1, total))})
	}
	return out
}
