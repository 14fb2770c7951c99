package main

import (
	"os"
	"strings"
	"time"

	"inkling/dataset"
	"inkling/nn"
)

// mobileNetDir is where the pretrained MobileNet lives inside the data directory.
const mobileNetDir = "pretrained/mobilenet_v1_0.25_224_tfjs"

// loadMobileNet builds the pretrained MobileNet v1 0.25 ImageNet classifier
// from its TF.js layers files, with metadata saying how to prepare its input.
func loadMobileNet(dir string) (*nn.Network[float32], error) {
	m, err := dataset.ReadTFJS(dir)
	if err != nil {
		return nil, err
	}
	net, err := nn.NewMobileNet[float32](m.Source())
	if err != nil {
		return nil, err
	}
	n := nn.MobileNetSize
	net.Meta = nn.Meta{
		Model: "mobilenet-v1-0.25-imagenet", Input: []int{3, n, n},
		Data:    "ImageNet (pretrained, TF.js mobilenet_v1_0.25_224); imported from " + dir,
		Date:    time.Now().UTC().Format(time.RFC3339),
		Command: "inkling " + strings.Join(os.Args[1:], " "),
		Notes:   "input: RGB photo resized to 224×224 (bilinear), x/127.5 − 1; BatchNorm folded into the convolutions; output 1000 ImageNet probabilities",
	}
	return net, nil
}
