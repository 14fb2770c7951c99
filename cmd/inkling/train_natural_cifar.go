package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"inkling/dataset"
)

// cifarDir holds the JPEG copy of CIFAR-10 inside the data directory.
const cifarDir = "cifar10"

// cifarData describes the split for the weights file.
const cifarData = "CIFAR-10 JPEG copy (cifar10/): the first 1,000 training images per class minus every 20th (validation), the 10,000 test images"

// loadCIFAR10 lists the JPEG copy of CIFAR-10: the 10,000 training images
// (every 20th held out for validation) and the 10,000 test images.
func loadCIFAR10(dataDir string) (train, valid, test *dataset.ImageSet, closer func(), err error) {
	dir := filepath.Join(dataDir, cifarDir)
	all, c1, err := dataset.ImageZip(filepath.Join(dir, "cifar10_train_first1000perclass_jpg.zip"))
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("CIFAR-10 (set -data or INKLING_DATA): %w", err)
	}
	test, c2, err := dataset.ImageZip(filepath.Join(dir, "cifar10_test_jpg.zip"))
	if err != nil {
		c1.Close()
		return nil, nil, nil, nil, err
	}
	// 32×32 JPEGs are read every epoch: decode the training images once.
	train, valid = holdOut(all.Decoded(0, os.Stderr), 20)
	return train, valid, test, func() { c1.Close(); c2.Close() }, nil
}

// loadCIFAR10Binary reads the standard binary batches from dir: data_batch_1
// … 5 for training (every 20th held out for validation) and test_batch.
func loadCIFAR10Binary(dir string) (train, valid, test *dataset.ImageSet, err error) {
	var paths []string
	for i := 1; i <= 5; i++ {
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("data_batch_%d.bin", i)))
	}
	all, err := dataset.ReadCIFAR10(paths...)
	if err != nil {
		return nil, nil, nil, err
	}
	if test, err = dataset.ReadCIFAR10(filepath.Join(dir, "test_batch.bin")); err != nil {
		return nil, nil, nil, err
	}
	train, valid = holdOut(all, 20)
	return train, valid, test, nil
}

// holdOut splits s: every k-th image (index mod k = k−1) to valid, the rest to train.
func holdOut(s *dataset.ImageSet, k int) (train, valid *dataset.ImageSet) {
	var tr, va []int
	for i := range s.Len() {
		if i%k == k-1 {
			va = append(va, i)
		} else {
			tr = append(tr, i)
		}
	}
	return s.Subset(tr), s.Subset(va)
}

func trainCIFAR10(args []string) error {
	fs := flag.NewFlagSet("train cifar10", flag.ContinueOnError)
	data := dataFlag(fs)
	var c scratchConfig
	scratchFlags(fs, &c, scratchConfig{Arch: "c3x32,p,c3x64,c3x64,p,c3x128,c3x128,p,c3x256,g", Size: 32, Resize: 32, Pad: 4,
		Epochs: 40, Batch: 64, LR: 3e-3, WD: 5e-4, Dropout: 0.3})
	bin := fs.String("bin", "", "directory with the standard binary batches (data_batch_1.bin … test_batch.bin) to use instead of the JPEG copy")
	out := fs.String("out", "out/cifar10", "directory for plots")
	save := fs.String("save", "", "weights file to write (default OUT/cifar10.inkw)")
	quiet := fs.Bool("quiet", false, "no progress bar")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *save == "" {
		*save = filepath.Join(*out, "cifar10.inkw")
	}
	var train, valid, test *dataset.ImageSet
	var err error
	desc := cifarData
	if *bin != "" {
		train, valid, test, err = loadCIFAR10Binary(*bin)
		desc = "CIFAR-10 binary batches from " + *bin + ": 50,000 training images minus every 20th (validation), 10,000 test"
	} else {
		var closer func()
		train, valid, test, closer, err = loadCIFAR10(*data)
		if closer != nil {
			defer closer()
		}
	}
	if err != nil {
		return err
	}
	net, err := trainScratch(c, "cifar10", desc, train, valid, test, progressWriter(*quiet))
	if err != nil {
		return err
	}
	return finishNatural(net, *out, *save, "")
}
