package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tfjsFiles is a tiny model: group 1 holds "a" (2×2) and "b" (3) in one
// shard; group 2 holds "c" (1) split over two shards.
func tfjsFiles() (string, map[string][]byte) {
	model := `{"modelTopology": {}, "weightsManifest": [
	 {"paths": ["g1"], "weights": [{"name": "a", "shape": [2, 2], "dtype": "float32"}, {"name": "b", "shape": [3], "dtype": "float32"}]},
	 {"paths": ["g2a", "g2b"], "weights": [{"name": "c", "shape": [1], "dtype": "float32"}]}]}`
	c := f4(9)
	return model, map[string][]byte{"g1": f4(1, 2, 3, 4, 5, 6, 7), "g2a": c[:1], "g2b": c[1:]}
}

func openFrom(files map[string][]byte) func(string) (io.ReadCloser, error) {
	return func(name string) (io.ReadCloser, error) {
		b, ok := files[name]
		if !ok {
			return nil, fmt.Errorf("no file %s", name)
		}
		return io.NopCloser(bytes.NewReader(b)), nil
	}
}

func TestParseTFJS(t *testing.T) {
	model, files := tfjsFiles()
	m, err := parseTFJS([]byte(model), openFrom(files))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][]float32{"a": {1, 2, 3, 4}, "b": {5, 6, 7}, "c": {9}} {
		if got := m.Tensors[name]; got == nil || !slices.Equal(got.Data, want) {
			t.Errorf("tensor %s = %v; want %v", name, got, want)
		}
	}
	src := m.Source()
	if _, err := src("a", []int{4}); err == nil || !strings.Contains(err.Error(), "tensor a") {
		t.Errorf("Source()(a, [4]) error = %v; want one naming tensor a", err)
	}
	if _, err := src("zz", []int{1}); err == nil || !strings.Contains(err.Error(), "tensor zz") {
		t.Errorf("Source()(zz) error = %v; want one naming tensor zz", err)
	}
}

func TestParseTFJSErrors(t *testing.T) {
	model, files := tfjsFiles()
	short := map[string][]byte{"g1": files["g1"][:27], "g2a": files["g2a"], "g2b": files["g2b"]}
	long := map[string][]byte{"g1": append(slices.Clone(files["g1"]), 0), "g2a": files["g2a"], "g2b": files["g2b"]}
	for _, tc := range []struct {
		name, model string
		files       map[string][]byte
		want        string
	}{
		{"not json", "{", files, "model.json"},
		{"no manifest", `{"modelTopology": {}}`, files, "no weightsManifest"},
		{"int32", strings.Replace(model, `"dtype": "float32"}, {"name": "b"`, `"dtype": "int32"}, {"name": "b"`, 1), files, "tensor a has dtype"},
		{"quantised", strings.Replace(model, `"dtype": "float32"}]}]}`, `"dtype": "float32", "quantization": {"dtype": "uint8"}}]}]}`, 1), files, "tensor c is quantised"},
		{"short shard", model, short, "group 1's shards hold 27 bytes"},
		{"long shard", model, long, "more than"},
		{"missing shard", model, map[string][]byte{"g1": files["g1"]}, "no file g2a"},
		{"negative shape", strings.Replace(model, "[3]", "[-3]", 1), files, "shape [-3]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseTFJS([]byte(tc.model), openFrom(tc.files))
			if err == nil || !errors.Is(err, ErrTFJS) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("parseTFJS(%s) error = %v; want ErrTFJS mentioning %q", tc.name, err, tc.want)
			}
		})
	}
}

func TestReadTFJSFiles(t *testing.T) {
	dir := t.TempDir()
	model, files := tfjsFiles()
	os.WriteFile(filepath.Join(dir, "model.json"), []byte(model), 0o644)
	for n, b := range files {
		os.WriteFile(filepath.Join(dir, n), b, 0o644)
	}
	if _, err := ReadTFJS(dir); err != nil {
		t.Errorf("ReadTFJS: %v", err)
	}
	escape := strings.Replace(model, `"g1"`, `"../g1"`, 1)
	os.WriteFile(filepath.Join(dir, "model.json"), []byte(escape), 0o644)
	if _, err := ReadTFJS(dir); err == nil {
		t.Error("ReadTFJS with a shard path ../g1 = nil error; want one")
	}
}

func FuzzParseTFJS(f *testing.F) {
	model, files := tfjsFiles()
	f.Add([]byte(model), files["g1"])
	f.Fuzz(func(t *testing.T, model, shard []byte) {
		m, err := parseTFJS(model, func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(shard)), nil })
		if err != nil {
			return
		}
		for name, ts := range m.Tensors {
			n := 1
			for _, d := range ts.Shape {
				n *= d
			}
			if n != len(ts.Data) {
				t.Errorf("tensor %s: shape %v but %d values", name, ts.Shape, len(ts.Data))
			}
		}
	})
}
