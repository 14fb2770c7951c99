package dataset

import (
	"fmt"
	"os"
	"path/filepath"

	"inkling/glyph"
)

// LoadNIST26 reads the course's nist26 MAT-file (e.g. nist26_valid.mat:
// valid_data 1300×1024, valid_labels 1300×26 one-hot) into a Set: images
// transposed to upright row-major, labels A-Z = 0..25.
func LoadNIST26(path string) (*Set, error) {
	return loadCourseMAT(path, 26)
}

// LoadNIST36Dir reads nist36_train.mat, nist36_valid.mat and
// nist36_test.mat from dir, in the course's layout: variables
// <split>_data (N×1024, each row a 32×32 image flattened column-major,
// 1 = paper) and <split>_labels (N×36 one-hot, A-Z then 0-9).
func LoadNIST36Dir(dir string) (train, valid, test *Set, err error) {
	sets := make([]*Set, 3)
	for i, split := range []string{"train", "valid", "test"} {
		sets[i], err = loadCourseMAT(filepath.Join(dir, "nist36_"+split+".mat"), 36)
		if err != nil {
			return nil, nil, nil, err
		}
	}
	return sets[0], sets[1], sets[2], nil
}

// loadCourseMAT reads a course MAT-file holding one pair of variables
// <prefix>_data and <prefix>_labels with classes one-hot columns.
func loadCourseMAT(path string, classes int) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	vars, err := ReadMAT(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s, err := courseSet(vars, classes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// courseSet finds the one <prefix>_data / <prefix>_labels pair in vars and
// converts it.
func courseSet(vars map[string]*MATArray, classes int) (*Set, error) {
	var data, labels *MATArray
	for name, a := range vars {
		if len(name) > len("_data") && name[len(name)-len("_data"):] == "_data" {
			if data != nil {
				return nil, fmt.Errorf("dataset: more than one *_data variable (%s, %s)", data.Name, name)
			}
			data, labels = a, vars[name[:len(name)-len("_data")]+"_labels"]
		}
	}
	if data == nil || labels == nil {
		return nil, fmt.Errorf("dataset: no <split>_data and <split>_labels variables (have %d variables)", len(vars))
	}
	if len(data.Dims) != 2 || data.Cols() != Pixels {
		return nil, fmt.Errorf("dataset: %s has dimensions %v; want N×%d", data.Name, data.Dims, Pixels)
	}
	n := data.Rows()
	if len(labels.Dims) != 2 || labels.Rows() != n || labels.Cols() != classes {
		return nil, fmt.Errorf("dataset: %s has dimensions %v; want %d×%d", labels.Name, labels.Dims, n, classes)
	}
	s := &Set{X: make([]float32, n*Pixels), Y: make([]int, n)}
	// Column-major storage: pixel j of image i is data.Data[j*n+i], and
	// pixel j = x*32+y of the column-major flattened image is (x, y).
	const side = glyph.Size
	for j := range Pixels {
		x, y := j/side, j%side
		col := data.Data[j*n : (j+1)*n]
		for i, v := range col {
			s.X[i*Pixels+y*side+x] = float32(v)
		}
	}
	for i := range n {
		best, arg := 0.0, -1
		for k := range classes {
			if v := labels.At(i, k); v > best {
				best, arg = v, k
			}
		}
		if arg < 0 {
			return nil, fmt.Errorf("dataset: %s row %d has no positive label", labels.Name, i)
		}
		s.Y[i] = arg
	}
	return s, nil
}
