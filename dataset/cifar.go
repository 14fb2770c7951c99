package dataset

import (
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
)

// The CIFAR-10 binary format (data_batch_1.bin … data_batch_5.bin,
// test_batch.bin): records of 1 + 3072 bytes, one per image, no header:
//
//	offset  size  field
//	0       1     label 0…9
//	1       1024  red plane, 32×32, row-major
//	1025    1024  green plane
//	2049    1024  blue plane
//
// A batch file holds 10,000 records (30,730,000 bytes).
const (
	cifarSide   = 32
	cifarRecord = 1 + 3*cifarSide*cifarSide
)

// CIFAR10Classes are the ten classes in label order (batches.meta.txt).
func CIFAR10Classes() []string {
	return []string{"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"}
}

// ReadCIFAR10 reads CIFAR-10 binary batch files into one in-memory ImageSet.
// Every file must be a whole number of records with labels 0…9.
func ReadCIFAR10(paths ...string) (*ImageSet, error) {
	s := &ImageSet{Classes: CIFAR10Classes()}
	var imgs []*image.RGBA
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
		n := len(imgs)
		imgs, s.Labels, err = readCIFARRecords(f, imgs, s.Labels)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("dataset: %s: %w", p, err)
		}
		for i := n; i < len(imgs); i++ {
			s.Names = append(s.Names, fmt.Sprintf("%s#%d", filepath.Base(p), i-n))
		}
	}
	s.get = func(i int) (image.Image, error) { return imgs[i], nil }
	return s, nil
}

// readCIFARRecords appends the records of r to imgs and labels.
func readCIFARRecords(r io.Reader, imgs []*image.RGBA, labels []int) ([]*image.RGBA, []int, error) {
	var rec [cifarRecord]byte
	const p = cifarSide * cifarSide
	for k := 0; ; k++ {
		n, err := io.ReadFull(r, rec[:])
		if err == io.EOF {
			return imgs, labels, nil
		}
		if err != nil {
			return nil, nil, fmt.Errorf("record %d is %d bytes; want %d (not a CIFAR-10 binary batch?)", k, n, cifarRecord)
		}
		if rec[0] > 9 {
			return nil, nil, fmt.Errorf("record %d has label %d; want 0…9", k, rec[0])
		}
		img := image.NewRGBA(image.Rect(0, 0, cifarSide, cifarSide))
		for i := 0; i < p; i++ {
			img.Pix[4*i], img.Pix[4*i+1], img.Pix[4*i+2], img.Pix[4*i+3] = rec[1+i], rec[1+p+i], rec[1+2*p+i], 255
		}
		imgs = append(imgs, img)
		labels = append(labels, int(rec[0]))
	}
}
