package nn_test

import (
	"path/filepath"
	"slices"
	"testing"

	"inkling/dataset"
	"inkling/nn"
)

// TestMobileNetReference runs the shipped reference input (the daisy,
// 224×224×3 in [-1, 1]) and compares the probabilities with Keras's.
func TestMobileNetReference(t *testing.T) {
	dir := pretrainedDir(t, "mobilenet_v1_0.25_224_tfjs")
	m, err := dataset.ReadTFJS(dir)
	if err != nil {
		t.Fatal(err)
	}
	net, err := nn.NewMobileNet[float32](m.Source())
	if err != nil {
		t.Fatal(err)
	}
	in, err := dataset.ReadNPYFile(filepath.Join(dir, "ref_input_image_0812_224x224x3_scaled_m1p1.npy"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := dataset.ReadNPYFile(filepath.Join(dir, "ref_probs_1000.npy"))
	if err != nil {
		t.Fatal(err)
	}
	const n = nn.MobileNetSize
	y := net.Forward(nn.FromSlice(1, 3*n*n, hwcToCHW(in.Data, n, n, 3)))
	diff, scale := maxAbsDiff(y.Data, want.Data)
	// The bound: max abs difference ≤ 1e-4 of the output scale.
	if diff > 1e-4*scale {
		t.Errorf("probabilities differ from the reference by up to %.4g (scale %.4g)", diff, scale)
	}
	t.Logf("max abs difference %.3g at output scale %.4g", diff, scale)
	top := topK(y.Row(0), 5)
	const daisy = 985 // imagenet_class_index.json: "985": "daisy"
	if !slices.Contains(top, daisy) {
		t.Errorf("top 5 = %v; want daisy (985) among them", top)
	}
}

// topK returns the indices of the k largest values, largest first.
func topK(v []float32, k int) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case v[a] > v[b]:
			return -1
		case v[a] < v[b]:
			return 1
		}
		return 0
	})
	return idx[:k]
}
