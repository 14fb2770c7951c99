// Package dataset reads the character data sets (the course's MAT-files,
// EMNIST's IDX files) into one common type, Set, and makes the canonical
// train/valid/test split.
package dataset

import "inkling/glyph"

// Classes names the 36 classes in the course's order: class k is the
// character Classes[k], A-Z = 0..25, then 0-9 = 26..35.
const Classes = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// NumClasses is the number of classes, 36.
const NumClasses = len(Classes)

// Pixels is the number of pixels of one image, 32×32.
const Pixels = glyph.Size * glyph.Size

// Set is a labelled set of 32×32 character images in the course's layout.
type Set struct {
	X []float32 // (N, Pixels): row-major upright 32×32 images, 1 = paper, 0 = ink
	Y []int     // (N): class 0..35 (see Classes)
}

// Len returns the number of images.
func (s *Set) Len() int { return len(s.Y) }

// Image returns image i (len Pixels); it shares memory with s.X.
func (s *Set) Image(i int) []float32 { return s.X[i*Pixels : (i+1)*Pixels] }

// Subset returns a new Set with copies of the images idx, in that order.
func (s *Set) Subset(idx []int) *Set {
	out := &Set{X: make([]float32, 0, len(idx)*Pixels), Y: make([]int, 0, len(idx))}
	for _, i := range idx {
		out.X = append(out.X, s.Image(i)...)
		out.Y = append(out.Y, s.Y[i])
	}
	return out
}

// Counts returns the number of images of each class.
func (s *Set) Counts() [NumClasses]int {
	var c [NumClasses]int
	for _, y := range s.Y {
		c[y]++
	}
	return c
}

// Split makes THE canonical split of s: per class, in file order, the
// i-th sample of that class goes to test if i%10 == 0, to valid if
// i%10 == 1, and to train otherwise (80/10/10). Each part keeps file order.
//
// Split reorders s in place (the train rows, then valid, then test) and the
// three parts are views of its memory, so the pool is held once: a copy
// would double the peak memory of training on it (365 MB for EMNIST). So
// s.Rows(0, train.Len()+valid.Len()) is train and valid as one Set.
func Split(s *Set) (train, valid, test *Set) {
	var seen [NumClasses]int
	var tr, va, te []int
	for i, y := range s.Y {
		switch seen[y] % 10 {
		case 0:
			te = append(te, i)
		case 1:
			va = append(va, i)
		default:
			tr = append(tr, i)
		}
		seen[y]++
	}
	a, b := len(tr), len(tr)+len(va)
	s.permute(append(append(tr, va...), te...))
	return s.Rows(0, a), s.Rows(a, b), s.Rows(b, s.Len())
}

// Rows returns rows [a, b) of s as a Set sharing its memory; appending to
// the result cannot overwrite the rows after b.
func (s *Set) Rows(a, b int) *Set {
	return &Set{X: s.X[a*Pixels : b*Pixels : b*Pixels], Y: s.Y[a:b:b]}
}

// permute reorders s in place so that its row i is the old row order[i];
// order must be a permutation of 0..Len()-1. It follows each cycle of the
// permutation with one spare row, so it needs no second copy of s.
func (s *Set) permute(order []int) {
	done := make([]bool, len(order))
	spare := make([]float32, Pixels)
	for i := range order {
		if done[i] {
			continue
		}
		copy(spare, s.Image(i))
		y := s.Y[i]
		j := i
		for {
			done[j] = true
			k := order[j]
			if k == i {
				copy(s.Image(j), spare)
				s.Y[j] = y
				break
			}
			copy(s.Image(j), s.Image(k))
			s.Y[j] = s.Y[k]
			j = k
		}
	}
}
