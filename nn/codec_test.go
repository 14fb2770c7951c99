package nn

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func testNetwork() *Network[float32] {
	rng := rand.New(rand.NewPCG(5, 5))
	n := NewNetwork[float32](NewDense[float32](16, 8, rng), &Sigmoid[float32]{}, NewDense[float32](8, 4, rng), &Softmax[float32]{})
	n.Meta = Meta{Model: "mlp", Classes: []string{"A", "B", "C", "D"}, Input: []int{1, 4, 4}, Seed: 5,
		Curves:  []Epoch{{Epoch: 1, LR: 0.01, TrainLoss: 1.5, ValidLoss: 1.6, TrainAcc: 0.4, ValidAcc: 0.38}},
		Metrics: map[string]float64{"test_accuracy": 0.5}, Confusion: [][]int{{1, 0}, {2, 3}}}
	return n
}

func encode(t testing.TB, n *Network[float32]) []byte {
	var b bytes.Buffer
	if err := Save(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSaveLoadRoundTrip(t *testing.T) {
	n := testNetwork()
	data := encode(t, n)
	got, err := Load[float32](bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(got.Layers) != len(n.Layers) {
		t.Fatalf("Load gave %d layers; want %d", len(got.Layers), len(n.Layers))
	}
	for i, p := range n.Params() {
		q := got.Params()[i]
		if !equalMatrix(p.Value, q.Value) {
			t.Errorf("tensor %d (%s) differs after the round trip", i, p.Name)
		}
	}
	if got.Meta.Model != "mlp" || got.Meta.Metrics["test_accuracy"] != 0.5 || got.Meta.Confusion[1][1] != 3 || got.Meta.Curves[0].ValidAcc != 0.38 {
		t.Errorf("metadata = %+v; want %+v", got.Meta, n.Meta)
	}
	x := FromSlice(1, 16, make([]float32, 16))
	if a, b := n.Forward(x), got.Forward(x); !equalMatrix(a, b) {
		t.Errorf("loaded network computes %v; original %v", b.Data, a.Data)
	}
	// float64 networks read the same bytes.
	if _, err := Load[float64](bytes.NewReader(data)); err != nil {
		t.Errorf("Load[float64]: %v", err)
	}
	// Saving again gives the same bytes.
	if again := encode(t, got); !bytes.Equal(again, data) {
		t.Error("Save(Load(b)) != b")
	}
}

func equalMatrix[T Float](a, b *Matrix[T]) bool {
	if a.Rows != b.Rows || a.Cols != b.Cols {
		return false
	}
	for i := range a.Data {
		if a.Data[i] != b.Data[i] {
			return false
		}
	}
	return true
}

func TestLoadErrors(t *testing.T) {
	good := encode(t, testNetwork())
	flip := append([]byte(nil), good...)
	flip[len(flip)/2] ^= 0x40
	badVersion := append([]byte(nil), good...)
	badVersion[4] = 9
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrFormat},
		{"magic", []byte("GIF89a........"), ErrFormat},
		{"truncated", good[:len(good)-10], ErrFormat},
		{"header only", good[:12], ErrFormat},
		{"corrupted", flip, ErrFormat},
		{"version", badVersion, ErrVersion},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load[float32](bytes.NewReader(tc.data))
			if !errors.Is(err, tc.want) {
				t.Errorf("Load(%s) = %v; want %v", tc.name, err, tc.want)
			}
		})
	}
}

// TestLoadWrongShape: a file whose tensor does not fit its architecture is
// refused even when its checksum is valid.
func TestLoadWrongShape(t *testing.T) {
	n := testNetwork()
	n.Layers[0].(*Dense[float32]).B = NewMatrix[float32](1, 9) // architecture says 8
	_, err := Load[float32](bytes.NewReader(encode(t, n)))
	if !errors.Is(err, ErrFormat) {
		t.Errorf("Load(wrong bias shape) = %v; want ErrFormat", err)
	}
}

func TestSaveFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.inkw")
	if err := SaveFile(path, testNetwork()); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile[float32](path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after SaveFile; want only the weights file", len(entries))
	}
}

func FuzzLoad(f *testing.F) {
	good := encode(f, testNetwork())
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good[:len(good)-4]) // without its checksum: the fuzz body appends a valid one
	f.Add([]byte(magic))
	f.Add(encode(f, testConvNetwork())) // every image layer: conv, batchnorm, pools, flatten, dropout
	// The shipped models, when present, seed the corpus with real files.
	if files, _ := filepath.Glob("../weights/*.inkw"); len(files) > 0 {
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Try the bytes as they are, and with a valid checksum appended so
		// the fuzzer also reaches the parser behind the checksum.
		fixed := append(append([]byte(nil), data...), 0, 0, 0, 0)
		binary.LittleEndian.PutUint32(fixed[len(data):], crc32.ChecksumIEEE(data))
		for _, b := range [][]byte{data, fixed} {
			loadAndRun(b)
		}
	})
}

func loadAndRun(data []byte) {
	n, err := Load[float32](bytes.NewReader(data))
	if err != nil {
		return
	}
	// A file that loads must run: Load has checked that the layers chain.
	if in := n.InputSize(); in > 0 && in < 1<<16 {
		n.Forward(NewMatrix[float32](1, in))
	}
}

// TestLoadBrokenChain: layers whose sizes do not connect are refused at load
// time instead of panicking on the first Forward.
func TestLoadBrokenChain(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	n := NewNetwork[float32](NewDense[float32](4, 8, rng), NewDense[float32](3, 2, rng))
	_, err := Load[float32](bytes.NewReader(encode(t, n)))
	if !errors.Is(err, ErrFormat) {
		t.Errorf("Load(4→8 then 3→2) = %v; want ErrFormat", err)
	}
}
