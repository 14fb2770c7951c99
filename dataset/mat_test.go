package dataset

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"testing"
)

// byteOrder is what binary.LittleEndian and binary.BigEndian both implement.
type byteOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

// matVar describes one variable for buildMAT.
type matVar struct {
	name     string
	dims     []int
	class    uint32    // mxDOUBLE, mxSINGLE, ...
	stored   uint32    // storage type of the data: miDOUBLE, miUINT8, ...
	values   []float64 // column-major
	compress bool
	complex  bool // append an imaginary part (all zeros)
}

// buildMAT writes a level 5 MAT-file in byte order o, using small data
// elements wherever the format allows, as MATLAB does.
func buildMAT(o byteOrder, vars ...matVar) []byte {
	file := make([]byte, matHeaderSize)
	copy(file, "MATLAB 5.0 MAT-file, test")
	if o.String() == binary.LittleEndian.String() {
		copy(file[126:], "IM")
	} else {
		copy(file[126:], "MI")
	}
	o.PutUint16(file[124:], 0x0100)
	for _, v := range vars {
		flags := v.class
		if v.complex {
			flags |= 0x0800
		}
		body := testElement(o, nil, miUINT32, u32(o, flags, 0))
		dims := make([]uint32, len(v.dims))
		for i, d := range v.dims {
			dims[i] = uint32(d)
		}
		body = testElement(o, body, miINT32, u32(o, dims...))
		body = testElement(o, body, miINT8, []byte(v.name))
		data := encode(o, v.stored, v.values)
		body = testElement(o, body, v.stored, data)
		if v.complex {
			body = testElement(o, body, v.stored, make([]byte, len(data)))
		}
		m := testElement(o, nil, miMATRIX, body)
		if v.compress {
			var z bytes.Buffer
			zw := zlib.NewWriter(&z)
			zw.Write(m)
			zw.Close()
			m = o.AppendUint32(o.AppendUint32(nil, miCOMPRESSED), uint32(z.Len()))
			m = append(m, z.Bytes()...) // compressed elements are not padded
		}
		file = append(file, m...)
	}
	return file
}

// testElement appends a data element; data of at most 4 bytes goes in the small format.
func testElement(o byteOrder, b []byte, typ uint32, data []byte) []byte {
	if len(data) <= 4 && typ != miMATRIX {
		b = o.AppendUint32(b, uint32(len(data))<<16|typ)
		return append(b, append(data, make([]byte, 4-len(data))...)...)
	}
	b = o.AppendUint32(b, typ)
	b = o.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	return append(b, make([]byte, (8-len(data)%8)%8)...)
}

func u32(o byteOrder, v ...uint32) []byte {
	var b []byte
	for _, x := range v {
		b = o.AppendUint32(b, x)
	}
	return b
}

// encode stores values as MAT type typ.
func encode(o byteOrder, typ uint32, values []float64) []byte {
	var b []byte
	for _, v := range values {
		switch typ {
		case miINT8:
			b = append(b, byte(int8(v)))
		case miUINT8:
			b = append(b, byte(v))
		case miINT16:
			b = o.AppendUint16(b, uint16(int16(v)))
		case miUINT16:
			b = o.AppendUint16(b, uint16(v))
		case miINT32:
			b = o.AppendUint32(b, uint32(int32(v)))
		case miUINT32:
			b = o.AppendUint32(b, uint32(v))
		case miSINGLE:
			b = o.AppendUint32(b, math.Float32bits(float32(v)))
		case miDOUBLE:
			b = o.AppendUint64(b, math.Float64bits(v))
		case miINT64:
			b = o.AppendUint64(b, uint64(int64(v)))
		case miUINT64:
			b = o.AppendUint64(b, uint64(v))
		}
	}
	return b
}

func equalFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadMAT(t *testing.T) {
	le, be := binary.LittleEndian, binary.BigEndian
	const mxINT16, mxUINT8 = 10, 9 // array classes used below
	tests := []struct {
		name  string
		order byteOrder
		v     matVar
	}{
		{"double", le, matVar{name: "x_data", dims: []int{2, 3}, class: mxDOUBLE, stored: miDOUBLE, values: []float64{1.5, -2, 3, 4, 5e-3, 6}}},
		{"double stored as uint8, compressed", le, matVar{name: "valid_labels", dims: []int{3, 2}, class: mxDOUBLE, stored: miUINT8, values: []float64{1, 0, 0, 0, 1, 1}, compress: true}},
		{"single", le, matVar{name: "s", dims: []int{1, 3}, class: mxSINGLE, stored: miSINGLE, values: []float64{0.5, -0.25, 8}}},
		{"int8", le, matVar{name: "i8", dims: []int{1, 3}, class: mxINT8, stored: miINT8, values: []float64{-128, 0, 127}}},
		{"int16 in uint8", le, matVar{name: "i16", dims: []int{2, 2}, class: mxINT16, stored: miUINT8, values: []float64{0, 1, 200, 255}}},
		{"uint16", be, matVar{name: "u16", dims: []int{1, 2}, class: mxDOUBLE, stored: miUINT16, values: []float64{65535, 7}}},
		{"int32", le, matVar{name: "i32", dims: []int{1, 3}, class: mxDOUBLE, stored: miINT32, values: []float64{-1 << 31, 0, 1<<31 - 1}}},
		{"uint32", be, matVar{name: "u32", dims: []int{1, 2}, class: mxDOUBLE, stored: miUINT32, values: []float64{1<<32 - 1, 3}}},
		{"int64", le, matVar{name: "i64", dims: []int{1, 2}, class: mxDOUBLE, stored: miINT64, values: []float64{-1 << 40, 5}}},
		{"uint64", le, matVar{name: "u64", dims: []int{1, 2}, class: mxUINT64, stored: miUINT64, values: []float64{1 << 50, 5}}},
		{"big-endian double, compressed", be, matVar{name: "b", dims: []int{2, 1}, class: mxDOUBLE, stored: miDOUBLE, values: []float64{math.Pi, -1}, compress: true}},
		{"one small value", le, matVar{name: "k", dims: []int{1, 1}, class: mxUINT8, stored: miUINT8, values: []float64{42}}},
		{"3-D", le, matVar{name: "cube", dims: []int{2, 2, 2}, class: mxDOUBLE, stored: miUINT8, values: []float64{1, 2, 3, 4, 5, 6, 7, 8}}},
		{"complex keeps the real part", le, matVar{name: "z", dims: []int{1, 2}, class: mxDOUBLE, stored: miDOUBLE, values: []float64{1, 2}, complex: true}},
		{"empty", le, matVar{name: "e", dims: []int{0, 5}, class: mxDOUBLE, stored: miDOUBLE}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vars, err := ReadMAT(bytes.NewReader(buildMAT(tc.order, tc.v)))
			if err != nil {
				t.Fatalf("ReadMAT: %v", err)
			}
			a := vars[tc.v.name]
			if a == nil {
				t.Fatalf("ReadMAT = %v; want variable %q", vars, tc.v.name)
			}
			if a.Name != tc.v.name || !equalInts(a.Dims, tc.v.dims) || !equalFloats(a.Data, append([]float64{}, tc.v.values...)) {
				t.Errorf("ReadMAT = %q %v %v; want %q %v %v", a.Name, a.Dims, a.Data, tc.v.name, tc.v.dims, tc.v.values)
			}
		})
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadMATSkipsNonNumeric(t *testing.T) {
	const mxCHAR, mxCELL = 4, 1 // array classes ReadMAT leaves out
	file := buildMAT(binary.LittleEndian,
		matVar{name: "text", dims: []int{1, 2}, class: mxCHAR, stored: miUINT16, values: []float64{'h', 'i'}},
		matVar{name: "x", dims: []int{1, 1}, class: mxDOUBLE, stored: miDOUBLE, values: []float64{7}, compress: true},
	)
	// A cell array: only its flags matter to ReadMAT.
	cell := testElement(binary.LittleEndian, nil, miUINT32, u32(binary.LittleEndian, mxCELL, 0))
	file = append(file, testElement(binary.LittleEndian, nil, miMATRIX, cell)...)
	vars, err := ReadMAT(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("ReadMAT: %v", err)
	}
	if len(vars) != 1 || vars["x"] == nil || vars["x"].Data[0] != 7 {
		t.Errorf("ReadMAT = %v; want only x = [7]", vars)
	}
}

func TestWriteMATRoundTrip(t *testing.T) {
	in := []*MATArray{
		{Name: "train_data", Dims: []int{2, 3}, Data: []float64{0.25, 1, -3, 4, 5, 6}},
		{Name: "y", Dims: []int{1, 1}, Data: []float64{9}},
	}
	var buf bytes.Buffer
	if err := WriteMAT(&buf, in...); err != nil {
		t.Fatalf("WriteMAT: %v", err)
	}
	out, err := ReadMAT(&buf)
	if err != nil {
		t.Fatalf("ReadMAT(WriteMAT output): %v", err)
	}
	for _, a := range in {
		b := out[a.Name]
		if b == nil || !equalInts(a.Dims, b.Dims) || !equalFloats(a.Data, b.Data) {
			t.Errorf("round trip of %q = %+v; want %+v", a.Name, b, a)
		}
	}
	if err := WriteMAT(&buf, &MATArray{Name: "bad", Dims: []int{2, 2}, Data: []float64{1}}); err == nil {
		t.Error("WriteMAT(2×2 dims, 1 value) = nil; want an error")
	}
}

func TestMATArrayRow(t *testing.T) {
	a := &MATArray{Dims: []int{2, 3}, Data: []float64{1, 4, 2, 5, 3, 6}} // [[1 2 3] [4 5 6]]
	if got := a.Row(nil, 1); !equalFloats(got, []float64{4, 5, 6}) {
		t.Errorf("Row(1) = %v; want [4 5 6]", got)
	}
	if got := a.At(0, 2); got != 3 {
		t.Errorf("At(0, 2) = %v; want 3", got)
	}
}

func TestReadMATErrors(t *testing.T) {
	le := binary.LittleEndian
	good := buildMAT(le, matVar{name: "x", dims: []int{2, 2}, class: mxDOUBLE, stored: miDOUBLE, values: []float64{1, 2, 3, 4}})
	patch := func(b []byte, off int, v uint32) []byte {
		b = append([]byte(nil), b...)
		le.PutUint32(b[off:], v)
		return b
	}
	// Offsets in good: 128 miMATRIX tag (type, size), 136 flags element,
	// 152 dims element (tag 152, size 156, values 160), 168 name (small).
	const matrixSize, dimsValue = 132, 160
	lyingZ := buildMAT(le, matVar{name: "x", dims: []int{2, 2}, class: mxDOUBLE, stored: miDOUBLE, values: []float64{1, 2, 3, 4}, compress: true})
	// Rewrite the compressed stream with an inner tag that claims 400 MB.
	inner := patch(good[128:], 4, 400<<20)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(inner)
	zw.Close()
	lyingZ = append(append(append([]byte(nil), lyingZ[:128]...), u32(le, miCOMPRESSED, uint32(z.Len()))...), z.Bytes()...)
	tests := []struct {
		name string
		file []byte
	}{
		{"empty", nil},
		{"short header", good[:100]},
		{"bad endian", append(append([]byte(nil), good[:126]...), 'X', 'X')},
		{"v7.3", patch(good, 124, 0x4d490200)},
		{"element longer than file", patch(good, matrixSize, 1<<30)},
		{"truncated", good[:len(good)-9]},
		{"dims too large", patch(good, dimsValue, 1<<30)},
		{"dims do not match data", patch(good, dimsValue, 3)},
		{"compressed garbage", append(append([]byte(nil), good[:128]...), u32(le, miCOMPRESSED, 8, 1, 2)...)},
		{"compressed size lie", lyingZ},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vars, err := ReadMAT(bytes.NewReader(tc.file))
			if err == nil {
				t.Fatalf("ReadMAT(%s) = %v, nil; want an error", tc.name, vars)
			}
			if !errors.Is(err, ErrMATFormat) {
				t.Errorf("ReadMAT(%s) error %q does not wrap ErrMATFormat", tc.name, err)
			}
		})
	}
}

func FuzzReadMAT(f *testing.F) {
	le, be := binary.LittleEndian, binary.BigEndian
	f.Add(buildMAT(le, matVar{name: "valid_data", dims: []int{2, 3}, class: mxDOUBLE, stored: miDOUBLE, values: []float64{1, 2, 3, 4, 5, 6}}))
	f.Add(buildMAT(le, matVar{name: "valid_labels", dims: []int{2, 2}, class: mxDOUBLE, stored: miUINT8, values: []float64{1, 0, 0, 1}, compress: true}))
	f.Add(buildMAT(be, matVar{name: "b", dims: []int{1, 1}, class: mxSINGLE, stored: miSINGLE, values: []float64{2}, compress: true}))
	if root := moduleRoot(); root != "" {
		if b, err := os.ReadFile(nist26Path(dataDir(root))); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		vars, err := ReadMAT(bytes.NewReader(b))
		if err != nil {
			return
		}
		for _, a := range vars {
			n := 1
			for _, d := range a.Dims {
				n *= d
			}
			if n != len(a.Data) {
				t.Fatalf("variable %q: dims %v but %d values", a.Name, a.Dims, len(a.Data))
			}
		}
	})
}
