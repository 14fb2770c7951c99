package dataset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// npyBytes builds a .npy file by hand: version major, the header text
// (padded here to a 16-byte multiple, like numpy) and the raw values.
func npyBytes(major byte, header string, raw []byte) []byte {
	var b bytes.Buffer
	b.WriteString(npyMagic)
	b.Write([]byte{major, 0})
	lenBytes := 2
	if major > 1 {
		lenBytes = 4
	}
	pad := (16 - (8+lenBytes+len(header)+1)%16) % 16
	header += strings.Repeat(" ", pad) + "\n"
	if major == 1 {
		b.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(header))))
	} else {
		b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(header))))
	}
	b.WriteString(header)
	b.Write(raw)
	return b.Bytes()
}

func f4(v ...float32) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
	}
	return b
}

func f8(v ...float64) []byte {
	var b []byte
	for _, x := range v {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

func TestReadNPY(t *testing.T) {
	for _, tc := range []struct {
		name      string
		file      []byte
		wantShape []int
		wantData  []float32
	}{
		{"v1 f4 2x3", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f4(1, 2, 3, 4, 5, -6)),
			[]int{2, 3}, []float32{1, 2, 3, 4, 5, -6}},
		{"v2 f8 vector", npyBytes(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", f8(0.5, -1.25, 1e10)),
			[]int{3}, []float32{0.5, -1.25, 1e10}},
		{"v3 scalar", npyBytes(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", f4(7)),
			[]int{}, []float32{7}},
		{"keys reordered, no spaces", npyBytes(1, "{'shape':(1,2),'fortran_order':False,'descr':'<f4'}", f4(8, 9)),
			[]int{1, 2}, []float32{8, 9}},
		{"empty array", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4), }", nil),
			[]int{0, 4}, []float32{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ReadNPY(bytes.NewReader(tc.file))
			if err != nil {
				t.Fatalf("ReadNPY: %v", err)
			}
			if !slices.Equal(a.Shape, tc.wantShape) || !slices.Equal(a.Data, tc.wantData) {
				t.Errorf("ReadNPY = %v %v; want %v %v", a.Shape, a.Data, tc.wantShape, tc.wantData)
			}
		})
	}
}

func TestReadNPYErrors(t *testing.T) {
	good := npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", f4(1, 2))
	for _, tc := range []struct {
		name, want string // want: a fragment of the error text
		file       []byte
	}{
		{"empty", "preamble", nil},
		{"bad magic", "magic", append([]byte("\x93NUMPZ"), good[6:]...)},
		{"version 4", "version 4", append(append([]byte(npyMagic), 4, 0), good[8:]...)},
		{"big-endian", "dtype \">f4\"", npyBytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", f4(1, 2))},
		{"int32", "dtype \"<i4\"", npyBytes(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", f4(1, 2))},
		{"fortran", "Fortran", npyBytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", f4(1, 2))},
		{"no shape", "no shape", npyBytes(1, "{'descr': '<f4', 'fortran_order': False}", nil)},
		{"negative dim", "bad dimension", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", nil)},
		{"huge", "too large", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536), }", nil)},
		{"truncated data", "2 values", good[:len(good)-1]},
		{"not a dict", "not a dict", npyBytes(1, "descr", nil)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadNPY(bytes.NewReader(tc.file))
			if err == nil || !errors.Is(err, ErrNPY) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadNPY(%s) error = %v; want ErrNPY mentioning %q", tc.name, err, tc.want)
			}
		})
	}
}

func TestWriteNPYRoundTrip(t *testing.T) {
	for _, shape := range [][]int{{5}, {2, 3}, {1, 2, 2, 1}} {
		n := 1
		for _, d := range shape {
			n *= d
		}
		data := make([]float32, n)
		for i := range data {
			data[i] = float32(i) - 1.5
		}
		var b bytes.Buffer
		if err := WriteNPY(&b, shape, data); err != nil {
			t.Fatal(err)
		}
		if (b.Len()-4*n)%64 != 0 { // numpy aligns the data on 64 bytes
			t.Errorf("WriteNPY(%v): data starts at %d, not 64-aligned", shape, b.Len()-4*n)
		}
		a, err := ReadNPY(&b)
		if err != nil {
			t.Fatalf("ReadNPY(WriteNPY(%v)): %v", shape, err)
		}
		if !slices.Equal(a.Shape, shape) || !slices.Equal(a.Data, data) {
			t.Errorf("ReadNPY(WriteNPY(%v)) = %v %v", shape, a.Shape, a.Data)
		}
	}
}

// TestReadNPYReal reads a tensor of the shipped SqueezeNet weights.
func TestReadNPYReal(t *testing.T) {
	const rel = "pretrained/squeezenet1_1_imagenet_notop/npy/conv1_kernel.npy"
	data := requireData(t, rel)
	a, err := ReadNPYFile(filepath.Join(data, rel))
	if err != nil {
		t.Fatal(err)
	}
	// pretrained/SOURCES.md: conv1 is 3×3×3×64, HWIO.
	if want := []int{3, 3, 3, 64}; !slices.Equal(a.Shape, want) || len(a.Data) != 3*3*3*64 {
		t.Errorf("conv1 kernel shape %v (%d values); want %v", a.Shape, len(a.Data), want)
	}
}

func FuzzReadNPY(f *testing.F) {
	f.Add(npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", f4(1, 2, 3, 4, 5, 6)))
	f.Add(npyBytes(2, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", f8(1)))
	f.Add(npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", f4(1)))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadNPY(bytes.NewReader(b))
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Shape {
			n *= d
		}
		if n != len(a.Data) {
			t.Errorf("ReadNPY: shape %v but %d values", a.Shape, len(a.Data))
		}
	})
}
