package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"inkling/dataset"
)

// sunDir is the course's 8-class SUN subset inside the data directory.
const sunDir = "hw5/sun_hw1"

// sunData describes the split for the weights file.
const sunData = "SUN 8-class subset of the course (hw5/sun_hw1): train_files.txt minus every 10th image (validation), test_files.txt (400)"

// sunClasses are the labels 0 … 7 of the file lists (hw5/SOURCES.md).
func sunClasses() []string {
	return []string{"aquarium", "desert", "highway", "kitchen", "laundromat", "park", "waterfall", "windmill"}
}

// loadSUN lists the SUN subset: the given training list, of which every
// 10th image is held out for validation, and the given test list.
func loadSUN(dataDir string) (train, valid, test *dataset.ImageSet, err error) {
	dir := filepath.Join(dataDir, sunDir)
	all, err := dataset.ImageFileList(dir, filepath.Join(dir, "train_files.txt"), filepath.Join(dir, "train_labels.txt"), sunClasses())
	if err != nil {
		return nil, nil, nil, fmt.Errorf("SUN subset (set -data or INKLING_DATA): %w", err)
	}
	if test, err = dataset.ImageFileList(dir, filepath.Join(dir, "test_files.txt"), filepath.Join(dir, "test_labels.txt"), sunClasses()); err != nil {
		return nil, nil, nil, err
	}
	var tr, va []int
	for i := range all.Len() {
		if i%10 == 9 {
			va = append(va, i)
		} else {
			tr = append(tr, i)
		}
	}
	return all.Subset(tr), all.Subset(va), test, nil
}

// trainSUN trains the SUN classifier: by default a new head on pretrained
// SqueezeNet features (`inkling train sun [flags]`), or a CNN from scratch
// (`inkling train sun scratch [flags]`).
func trainSUN(args []string) error {
	method := "finetune"
	if len(args) > 0 && (args[0] == "scratch" || args[0] == "finetune") {
		method, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("train sun "+method, flag.ContinueOnError)
	data := dataFlag(fs)
	var ft finetuneConfig
	var sc scratchConfig
	if method == "finetune" {
		finetuneFlags(fs, &ft)
	} else {
		scratchFlags(fs, &sc, scratchConfig{Arch: "c5x16,p,c3x32,p,c3x64,p,p,f128", Size: 64, Resize: 72,
			Epochs: 25, Batch: 32, LR: 2e-3, WD: 5e-4, Dropout: 0.3})
	}
	out := fs.String("out", "out/sun", "directory for plots")
	save := fs.String("save", "", "weights file to write (default OUT/sun-"+method+".inkw)")
	compare := fs.String("compare", "", "a weights file whose curves to draw next to these")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *save == "" {
		*save = filepath.Join(*out, "sun-"+method+".inkw")
	}
	train, valid, test, err := loadSUN(*data)
	if err != nil {
		return err
	}
	if method == "finetune" {
		ft.Classes, ft.Model, ft.Data, ft.Label = train.Classes, "sun-finetune", sunData, "sun"
		net, err := finetuneSqueezeNet(ft, *data, train, valid, test, progressWriter(*quiet))
		if err != nil {
			return err
		}
		return finishNatural(net, *out, *save, *compare)
	}
	net, err := trainScratch(sc, "sun-scratch", sunData, train, valid, test, progressWriter(*quiet))
	if err != nil {
		return err
	}
	return finishNatural(net, *out, *save, *compare)
}
