package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"inkling/dataset"
	"inkling/nn"
)

// squeezeNetDir is where the pretrained SqueezeNet lives inside the data directory.
const squeezeNetDir = "pretrained/squeezenet1_1_imagenet_notop"

// runImport converts a pretrained network into an inkling weights file.
func runImport(args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("import: which model? squeezenet or mobilenet")
	}
	model, args := args[0], args[1:]
	fs := flag.NewFlagSet("import "+model, flag.ContinueOnError)
	data := dataFlag(fs)
	dir := fs.String("dir", "", "directory of the pretrained files (default: its place under -data)")
	out := fs.String("out", "", "weights file to write (default out/<model>.inkw)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		*out = filepath.Join("out", model+".inkw")
	}
	var net *nn.Network[float32]
	var err error
	switch model {
	case "squeezenet":
		if *dir == "" {
			*dir = filepath.Join(*data, squeezeNetDir, "npy")
		}
		net, err = loadSqueezeNet(*dir)
	case "mobilenet":
		if *dir == "" {
			*dir = filepath.Join(*data, mobileNetDir)
		}
		net, err = loadMobileNet(*dir)
	default:
		return fmt.Errorf("import: unknown model %q; want squeezenet or mobilenet", model)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", model, err)
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	if err := nn.SaveFile(*out, net); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: %s, %d parameters\n", *out, net.Meta.Model, net.NumParams())
	return nil
}

// loadSqueezeNet builds the pretrained SqueezeNet v1.1 features (conv1 …
// fire9) from a directory of .npy tensors, with metadata saying how to
// prepare its input.
func loadSqueezeNet(dir string) (*nn.Network[float32], error) {
	net, err := nn.NewSqueezeNet[float32](dataset.NPYDir(dir))
	if err != nil {
		return nil, err
	}
	n := nn.SqueezeNetSize
	net.Meta = nn.Meta{
		Model: "squeezenet1.1-features", Input: []int{3, n, n},
		Data:    "ImageNet (pretrained, Keras port of DeepScale's Caffe weights); imported from " + dir,
		Date:    time.Now().UTC().Format(time.RFC3339),
		Command: "inkling " + strings.Join(os.Args[1:], " "),
		Notes:   squeezeNetPrepNote,
	}
	return net, nil
}

// squeezeNetPrepNote tells a reader of the weights file how inputs are made.
const squeezeNetPrepNote = "input: RGB photo resized to 227×227 (bilinear), channels B, G, R, 0…255 minus the means 103.939, 116.779, 123.68; output fire9 512×13×13"

// squeezeNetPrep is that preparation as a dataset.Preprocess.
func squeezeNetPrep() dataset.Preprocess {
	m := nn.SqueezeNetMeanBGR()
	return dataset.Preprocess{Size: nn.SqueezeNetSize, BGR: true, Mean: m}
}
