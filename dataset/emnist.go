package dataset

import (
	"fmt"
	"image"
	"path/filepath"
	"runtime"
	"sync"

	"inkling/glyph"
)

// EMNIST36 files, relative to the data directory (see emnist/SOURCES.md there).
const (
	emnistImages = "emnist/derived/emnist-byclass-test36-images-idx3-ubyte.gz"
	emnistLabels = "emnist/derived/emnist-byclass-test36-labels-idx1-ubyte.gz"
)

// LoadEMNIST36 reads the 36-class EMNIST ByClass test set (89,264 upright
// 28×28 tiles, white ink on black, labels 0-9 then A-Z) from dataDir
// (the directory holding emnist/derived) and converts each tile with
// glyph.Normalize, after inverting it, to the course's layout and class
// order (A-Z = 0..25, 0-9 = 26..35); with keepStroke, glyph.NormalizeKeepStroke
// instead, which leaves each tile's stroke width as it is. The conversion
// runs on all CPUs and its result does not depend on how many. Blank tiles,
// if any, are left out.
func LoadEMNIST36(dataDir string, keepStroke bool) (*Set, error) {
	imgs, err := ReadIDXFile(filepath.Join(dataDir, emnistImages))
	if err != nil {
		return nil, err
	}
	labels, err := ReadIDXFile(filepath.Join(dataDir, emnistLabels))
	if err != nil {
		return nil, err
	}
	return emnistSet(imgs, labels, keepStroke)
}

// emnistSet converts EMNIST images (N×H×W unsigned bytes) and labels (N).
func emnistSet(imgs, labels *IDXArray, keepStroke bool) (*Set, error) {
	if len(imgs.Dims) != 3 || imgs.Uint8 == nil {
		return nil, fmt.Errorf("dataset: EMNIST images have dimensions %v; want N×H×W bytes", imgs.Dims)
	}
	n, h, w := imgs.Dims[0], imgs.Dims[1], imgs.Dims[2]
	if len(labels.Dims) != 1 || labels.Dims[0] != n || labels.Uint8 == nil {
		return nil, fmt.Errorf("dataset: EMNIST labels have dimensions %v; want %d bytes", labels.Dims, n)
	}
	s := &Set{X: make([]float32, n*Pixels), Y: make([]int, n)}
	for i, e := range labels.Uint8 {
		if int(e) >= NumClasses {
			return nil, fmt.Errorf("dataset: EMNIST label %d of image %d is not one of the 36 classes", e, i)
		}
		s.Y[i] = courseClass(int(e))
	}
	inked := make([]bool, n)
	// Each worker converts a contiguous block of images into its own
	// rows of s.X, so the result is the same for any number of workers.
	normalize := glyph.Normalize
	if keepStroke {
		normalize = glyph.NormalizeKeepStroke
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			tile := image.NewGray(image.Rect(0, 0, w, h))
			for i := k * n / workers; i < (k+1)*n/workers; i++ {
				for j, v := range imgs.Uint8[i*h*w : (i+1)*h*w] {
					tile.Pix[j] = 255 - v // white ink on black -> dark ink on paper
				}
				inked[i] = normalize(s.Image(i), tile)
			}
		})
	}
	wg.Wait()
	keep := make([]int, 0, n)
	for i, ok := range inked {
		if ok {
			keep = append(keep, i)
		}
	}
	if len(keep) < n {
		s = s.Subset(keep)
	}
	return s, nil
}

// courseClass maps an EMNIST ByClass label (0-9 digits, 10-35 A-Z) to the
// course's class order (A-Z = 0..25, 0-9 = 26..35).
func courseClass(e int) int {
	if e < 10 {
		return e + 26
	}
	return e - 10
}
