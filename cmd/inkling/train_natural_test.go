package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"inkling/dataset"
	"inkling/nn"
)

// naturalData returns the data directory ($INKLING_DATA or ../shared/data
// beside the repository), or skips the test when rel is missing from it.
func naturalData(t *testing.T, rel string) string {
	t.Helper()
	dir := os.Getenv("INKLING_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", defaultDataDir)
	}
	if _, err := os.Stat(filepath.Join(dir, rel)); err != nil {
		t.Skipf("%s is not in the data directory %s (set INKLING_DATA): %v", rel, dir, err)
	}
	return dir
}

// TestImportSqueezeNet: `inkling import squeezenet` writes a weights file
// that loads and computes fire9 of the reference input like the Keras model.
func TestImportSqueezeNet(t *testing.T) {
	data := naturalData(t, squeezeNetDir)
	out := filepath.Join(t.TempDir(), "sq.inkw")
	if err := runImport([]string{"squeezenet", "-data", data, "-out", out}); err != nil {
		t.Fatal(err)
	}
	net, err := nn.LoadFile[float32](out)
	if err != nil {
		t.Fatal(err)
	}
	in, err := dataset.ReadNPYFile(filepath.Join(data, squeezeNetDir, "ref_input_image_0812_227x227x3_bgr_meansub.npy"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := dataset.ReadNPYFile(filepath.Join(data, squeezeNetDir, "ref_fire9_output_13x13x512.npy"))
	if err != nil {
		t.Fatal(err)
	}
	const n, g, k = nn.SqueezeNetSize, nn.SqueezeNetGrid, nn.SqueezeNetFeatures
	x := nn.NewMatrix[float32](1, 3*n*n)
	for i, v := range in.Data { // HWC → CHW
		p, c := i/3, i%3
		x.Data[c*n*n+p] = v
	}
	y := net.Forward(x)
	var diff, scale float64
	for i, v := range want.Data {
		p, c := i/k, i%k
		got := float64(y.Data[c*g*g+p])
		diff, scale = max(diff, abs(got-float64(v))), max(scale, abs(float64(v)))
	}
	if diff > 1e-4*scale { // the bound
		t.Errorf("imported SqueezeNet differs from the reference by %.3g at scale %.3g", diff, scale)
	}
	if err := runImport([]string{"squeezenet", "-dir", t.TempDir(), "-out", out}); err == nil || !strings.Contains(err.Error(), "conv1/kernel") {
		t.Errorf("import from an empty directory: error %v; want one naming conv1/kernel", err)
	}
}

func abs(v float64) float64 { return max(v, -v) }

// TestMobileNetDaisies: the imported MobileNet names ImageNet's daisy (985)
// in its top 5 for every Flowers-17 test daisy (class 10), prepared by our
// own loader from the JPEGs.
func TestMobileNetDaisies(t *testing.T) {
	data := naturalData(t, mobileNetDir)
	naturalData(t, flowersDir)
	net, err := loadMobileNet(filepath.Join(data, mobileNetDir))
	if err != nil {
		t.Fatal(err)
	}
	set, err := dataset.ImageFolder(filepath.Join(data, flowersDir, "test"))
	if err != nil {
		t.Fatal(err)
	}
	var daisies []int
	for i, y := range set.Labels {
		if set.Classes[y] == "10" { // hw5/SOURCES.md: class 10 holds the daisies
			daisies = append(daisies, i)
		}
	}
	prep := dataset.Preprocess{Size: nn.MobileNetSize, Scale: 1 / 127.5, Mean: [3]float32{1, 1, 1}}
	l := &dataset.Loader{Set: set.Subset(daisies), Prep: prep, Workers: 2}
	b, err := l.LoadAll(10, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := net.Forward(nn.FromSlice(b.Len(), prep.Width(), b.X))
	const daisy = 985 // imagenet_class_index.json
	missed := 0
	for i := range b.Len() {
		row := p.Row(i)
		idx := make([]int, len(row))
		for j := range idx {
			idx[j] = j
		}
		slices.SortFunc(idx, func(a, b int) int {
			if row[a] > row[b] {
				return -1
			} else if row[a] < row[b] {
				return 1
			}
			return 0
		})
		if !slices.Contains(idx[:5], daisy) {
			missed++
			t.Logf("%s: top 5 %v", set.Names[daisies[i]], idx[:5])
		}
	}
	if b.Len() != 20 || missed > 0 { // 20 test images per class
		t.Errorf("daisy in the top 5 for %d of %d test daisies; want all 20", b.Len()-missed, b.Len())
	}
}

// TestTrainScratchTiny trains a tiny CNN end to end on a synthetic folder
// of red and blue squares with one corrupt JPEG, which must be skipped.
func TestTrainScratchTiny(t *testing.T) {
	dir := t.TempDir()
	for _, split := range []string{"train", "val", "test"} {
		for k, c := range []color.RGBA{{200, 30, 30, 255}, {30, 30, 200, 255}} {
			d := filepath.Join(dir, split, []string{"red", "blue"}[k])
			os.MkdirAll(d, 0o755)
			for i := range 6 {
				img := image.NewRGBA(image.Rect(0, 0, 12, 12))
				for p := 0; p < len(img.Pix); p += 4 {
					v := uint8(p*7 + i*13) // texture, so the images differ
					img.Pix[p], img.Pix[p+1], img.Pix[p+2], img.Pix[p+3] = c.R^v&15, c.G^v&15, c.B^v&15, 255
				}
				var b bytes.Buffer
				png.Encode(&b, img)
				os.WriteFile(filepath.Join(d, string(rune('a'+i))+".png"), b.Bytes(), 0o644)
			}
		}
	}
	os.WriteFile(filepath.Join(dir, "train", "red", "broken.jpg"), []byte("\xff\xd8\xff garbage"), 0o644)
	var sets [3]*dataset.ImageSet
	for i, split := range []string{"train", "val", "test"} {
		s, err := dataset.ImageFolder(filepath.Join(dir, split))
		if err != nil {
			t.Fatal(err)
		}
		sets[i] = s
	}
	c := scratchConfig{Arch: "c3x4,p,g", Size: 8, Resize: 10, Epochs: 8, Batch: 4, LR: 3e-2, Seed: 1, Workers: 2}
	net, err := trainScratch(c, "tiny", "synthetic", sets[0], sets[1], sets[2], nil)
	if err != nil {
		t.Fatal(err)
	}
	m := net.Meta.Metrics
	if m["skipped_images"] != 1 {
		t.Errorf("skipped_images = %v; want 1 (broken.jpg)", m["skipped_images"])
	}
	if m["test_accuracy"] < 0.9 || len(net.Meta.Curves) != c.Epochs { // red against blue is trivially separable
		t.Errorf("test accuracy %v after %d epochs; want ≥ 0.9 and %d curve entries", m["test_accuracy"], len(net.Meta.Curves), c.Epochs)
	}
}
