package dataset

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The TensorFlow.js layers format: model.json holds the Keras model config
// ("modelTopology") and a "weightsManifest", a list of groups, each with the
// shard files that hold it ("paths") and its tensors in order ("weights":
// name, shape, dtype). A group's shards, concatenated, are its tensors' raw
// little-endian values one after another, C order.

// ErrTFJS reports a TF.js model that ReadTFJS cannot read.
var ErrTFJS = errors.New("dataset: not a readable TF.js layers model")

// maxTFJSBytes bounds one model's weights (1 GiB), so a corrupt manifest
// cannot make ReadTFJS allocate without limit.
const maxTFJSBytes = 1 << 30

type tfjsModel struct {
	Manifest []struct {
		Paths   []string `json:"paths"`
		Weights []struct {
			Name         string          `json:"name"`
			Shape        []int           `json:"shape"`
			Dtype        string          `json:"dtype"`
			Quantization json.RawMessage `json:"quantization"`
		} `json:"weights"`
	} `json:"weightsManifest"`
}

// TFJS is the tensors of a TF.js layers model, by name.
type TFJS struct {
	Tensors map[string]*NPY
}

// ReadTFJS reads dir/model.json and the weight shards it lists. Only
// unquantised float32 weights are supported.
func ReadTFJS(dir string) (*TFJS, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	return parseTFJS(raw, func(name string) (io.ReadCloser, error) {
		if name != filepath.Base(name) || strings.HasPrefix(name, ".") {
			return nil, fmt.Errorf("%w: shard path %q leaves the model's directory", ErrTFJS, name)
		}
		return os.Open(filepath.Join(dir, name))
	})
}

// parseTFJS reads a model.json and its shards through open.
func parseTFJS(modelJSON []byte, open func(name string) (io.ReadCloser, error)) (*TFJS, error) {
	var m tfjsModel
	if err := json.Unmarshal(modelJSON, &m); err != nil {
		return nil, fmt.Errorf("%w: model.json: %v", ErrTFJS, err)
	}
	if len(m.Manifest) == 0 {
		return nil, fmt.Errorf("%w: model.json has no weightsManifest", ErrTFJS)
	}
	out := &TFJS{Tensors: map[string]*NPY{}}
	total := 0
	for g, group := range m.Manifest {
		need := 0
		for _, w := range group.Weights {
			if w.Dtype != "float32" {
				return nil, fmt.Errorf("%w: tensor %s has dtype %q; only float32 is supported", ErrTFJS, w.Name, w.Dtype)
			}
			if len(w.Quantization) > 0 && string(w.Quantization) != "null" {
				return nil, fmt.Errorf("%w: tensor %s is quantised; only plain float32 is supported", ErrTFJS, w.Name)
			}
			n := 1
			for _, d := range w.Shape {
				if d < 0 || d > maxTFJSBytes/4 || n*d > maxTFJSBytes/4 {
					return nil, fmt.Errorf("%w: tensor %s has shape %v", ErrTFJS, w.Name, w.Shape)
				}
				n *= d
			}
			need += 4 * n
			if total += 4 * n; total > maxTFJSBytes {
				return nil, fmt.Errorf("%w: weights larger than %d bytes", ErrTFJS, maxTFJSBytes)
			}
		}
		data := make([]byte, 0, need)
		for _, p := range group.Paths {
			r, err := open(p)
			if err != nil {
				return nil, fmt.Errorf("%w: group %d: %v", ErrTFJS, g+1, err)
			}
			b, err := io.ReadAll(io.LimitReader(r, int64(need-len(data)+1)))
			r.Close()
			if err != nil {
				return nil, fmt.Errorf("%w: shard %s: %v", ErrTFJS, p, err)
			}
			data = append(data, b...)
			if len(data) > need {
				return nil, fmt.Errorf("%w: group %d's shards hold more than its %d bytes of tensors", ErrTFJS, g+1, need)
			}
		}
		if len(data) != need {
			return nil, fmt.Errorf("%w: group %d's shards hold %d bytes; its tensors need %d", ErrTFJS, g+1, len(data), need)
		}
		for _, w := range group.Weights {
			n := 1
			for _, d := range w.Shape {
				n *= d
			}
			t := &NPY{Shape: slices.Clone(w.Shape), Data: make([]float32, n)}
			for i := range t.Data {
				t.Data[i] = math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:]))
			}
			data = data[4*n:]
			if _, dup := out.Tensors[w.Name]; dup {
				return nil, fmt.Errorf("%w: tensor %s appears twice", ErrTFJS, w.Name)
			}
			out.Tensors[w.Name] = t
		}
	}
	return out, nil
}

// Source returns the model's tensors by name, checking each shape; errors
// name the tensor. It has the signature of nn.TensorSource.
func (m *TFJS) Source() func(name string, shape []int) ([]float32, error) {
	return func(name string, shape []int) ([]float32, error) {
		t, ok := m.Tensors[name]
		if !ok {
			return nil, fmt.Errorf("dataset: tensor %s is not in the TF.js model", name)
		}
		if !slices.Equal(t.Shape, shape) {
			return nil, fmt.Errorf("dataset: tensor %s has shape %v; want %v", name, t.Shape, shape)
		}
		return t.Data, nil
	}
}
