package nn_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"inkling/dataset"
	"inkling/nn"
)

// pretrainedDir returns shared/data/pretrained/<name>, or skips the test when
// it is absent.
func pretrainedDir(t testing.TB, name string) string {
	t.Helper()
	data := os.Getenv("INKLING_DATA")
	if data == "" {
		dir, err := os.Getwd()
		if err != nil {
			t.Skip(err)
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				break
			}
			if filepath.Dir(dir) == dir {
				t.Skip("no go.mod above the working directory; cannot find the data")
			}
			dir = filepath.Dir(dir)
		}
		data = filepath.Join(dir, "..", "shared", "data")
	}
	p := filepath.Join(data, "pretrained", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("pretrained weights not found (%v); set INKLING_DATA to the shared data directory", err)
	}
	return p
}

// hwcToCHW turns an H×W×C image (numpy's layout) into the C×H×W rows nn uses.
func hwcToCHW(src []float32, h, w, c int) []float32 {
	dst := make([]float32, len(src))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			for k := 0; k < c; k++ {
				dst[(k*h+y)*w+x] = src[(y*w+x)*c+k]
			}
		}
	}
	return dst
}

// maxAbsDiff returns max |a-b| and max |b|.
func maxAbsDiff(a, b []float32) (diff, scale float64) {
	for i := range a {
		diff = math.Max(diff, math.Abs(float64(a[i])-float64(b[i])))
		scale = math.Max(scale, math.Abs(float64(b[i])))
	}
	return diff, scale
}

// TestSqueezeNetReference runs the shipped reference input (a daisy, BGR mean
// subtracted, 227×227×3) and compares fire9 with the stored Keras output.
func TestSqueezeNetReference(t *testing.T) {
	dir := pretrainedDir(t, "squeezenet1_1_imagenet_notop")
	net, err := nn.NewSqueezeNet[float32](dataset.NPYDir(filepath.Join(dir, "npy")))
	if err != nil {
		t.Fatal(err)
	}
	in, err := dataset.ReadNPYFile(filepath.Join(dir, "ref_input_image_0812_227x227x3_bgr_meansub.npy"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := dataset.ReadNPYFile(filepath.Join(dir, "ref_fire9_output_13x13x512.npy"))
	if err != nil {
		t.Fatal(err)
	}
	const n, g, k = nn.SqueezeNetSize, nn.SqueezeNetGrid, nn.SqueezeNetFeatures
	x := nn.FromSlice(1, 3*n*n, hwcToCHW(in.Data, n, n, 3))
	start := time.Now()
	y := net.Forward(x)
	t.Logf("forward of one 227×227 image: %v", time.Since(start))
	if y.Cols != k*g*g {
		t.Fatalf("output has %d columns; want %d", y.Cols, k*g*g)
	}
	diff, scale := maxAbsDiff(y.Data, hwcToCHW(want.Data, g, g, k))
	// The bound: max abs difference ≤ 1e-4 of the output scale.
	if diff > 1e-4*scale {
		t.Errorf("fire9 differs from the reference by up to %.4g (scale %.4g); want ≤ %.4g", diff, scale, 1e-4*scale)
	}
	t.Logf("max abs difference %.3g at output scale %.4g", diff, scale)
}

// TestSqueezeNetBadTensor: a tensor of the wrong shape or dtype is an error
// naming it.
func TestSqueezeNetBadTensor(t *testing.T) {
	dir := pretrainedDir(t, "squeezenet1_1_imagenet_notop")
	tmp := t.TempDir()
	entries, err := os.ReadDir(filepath.Join(dir, "npy"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries { // a copy of the weights, as symlinks
		if err := os.Symlink(filepath.Join(dir, "npy", e.Name()), filepath.Join(tmp, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, file string
		write      func(f *os.File) error
		want       string
	}{
		{"wrong shape", "fire5_expand3x3_kernel.npy", func(f *os.File) error {
			return dataset.WriteNPY(f, []int{3, 3, 32, 64}, make([]float32, 3*3*32*64))
		}, "tensor fire5/expand3x3/kernel"},
		{"wrong dtype", "conv1_bias.npy", func(f *os.File) error {
			head := "{'descr': '<i8', 'fortran_order': False, 'shape': (64,), }\n"
			_, err := f.WriteString("\x93NUMPY\x01\x00" + string(rune(len(head))) + "\x00" + head + strings.Repeat("\x00", 8*64))
			return err
		}, "tensor conv1/bias"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(tmp, tc.file)
			saved, err := os.Readlink(p)
			if err != nil {
				t.Fatal(err)
			}
			os.Remove(p)
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := tc.write(f); err != nil {
				t.Fatal(err)
			}
			f.Close()
			defer func() { os.Remove(p); os.Symlink(saved, p) }()
			_, err = nn.NewSqueezeNet[float32](dataset.NPYDir(tmp))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("NewSqueezeNet with a bad %s = %v; want an error naming %q", tc.file, err, tc.want)
			}
		})
	}
}

func BenchmarkSqueezeNetForward(b *testing.B) {
	dir := pretrainedDir(b, "squeezenet1_1_imagenet_notop")
	net, err := nn.NewSqueezeNet[float32](dataset.NPYDir(filepath.Join(dir, "npy")))
	if err != nil {
		b.Fatal(err)
	}
	x := nn.NewMatrix[float32](1, 3*nn.SqueezeNetSize*nn.SqueezeNetSize)
	for i := range x.Data {
		x.Data[i] = float32(i%255) - 120 // roughly the spread of mean-subtracted pixels
	}
	net.Forward(x)
	for b.Loop() {
		net.Forward(x)
	}
}
