package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"
)

// buildIDX writes an IDX file of element type typ (0x08 or 0x0C) with the
// given dimensions and raw big-endian data.
func buildIDX(typ byte, dims []int, data []byte) []byte {
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return append(b, data...)
}

func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

func TestReadIDX(t *testing.T) {
	int32s := []byte{0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0} // -2, 256
	tests := []struct {
		name  string
		file  []byte
		dims  []int
		bytes []uint8
		ints  []int32
	}{
		{"idx1 labels", buildIDX(idxUint8, []int{3}, []byte{7, 0, 35}), []int{3}, []uint8{7, 0, 35}, nil},
		{"idx3 images", buildIDX(idxUint8, []int{2, 1, 2}, []byte{1, 2, 3, 4}), []int{2, 1, 2}, []uint8{1, 2, 3, 4}, nil},
		{"int32", buildIDX(idxInt32, []int{2}, int32s), []int{2}, nil, []int32{-2, 256}},
		{"gzip", gzipped(buildIDX(idxUint8, []int{2, 2}, []byte{9, 8, 7, 6})), []int{2, 2}, []uint8{9, 8, 7, 6}, nil},
		{"empty", buildIDX(idxUint8, []int{0, 28, 28}, nil), []int{0, 28, 28}, []uint8{}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ReadIDX(bytes.NewReader(tc.file))
			if err != nil {
				t.Fatalf("ReadIDX: %v", err)
			}
			if !equalInts(a.Dims, tc.dims) || !bytes.Equal(a.Uint8, tc.bytes) || len(a.Int32) != len(tc.ints) {
				t.Fatalf("ReadIDX = %v %v %v; want %v %v %v", a.Dims, a.Uint8, a.Int32, tc.dims, tc.bytes, tc.ints)
			}
			for i := range tc.ints {
				if a.Int32[i] != tc.ints[i] {
					t.Errorf("ReadIDX Int32 = %v; want %v", a.Int32, tc.ints)
				}
			}
		})
	}
}

func TestReadIDXErrors(t *testing.T) {
	tests := []struct {
		name string
		file []byte
	}{
		{"empty", nil},
		{"bad magic", []byte{1, 0, 8, 1, 0, 0, 0, 0}},
		{"float type", buildIDX(0x0D, []int{1}, []byte{0, 0, 0, 0})},
		{"no dimensions", buildIDX(idxUint8, nil, nil)},
		{"short dimensions", []byte{0, 0, 8, 3, 0, 0, 0, 1}},
		{"truncated data", buildIDX(idxUint8, []int{10}, []byte{1, 2, 3})},
		{"truncated gzip", gzipped(buildIDX(idxUint8, []int{10}, []byte{1, 2, 3}))[:20]},
		{"too large", buildIDX(idxUint8, []int{1 << 16, 1 << 16}, nil)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ReadIDX(bytes.NewReader(tc.file))
			if err == nil {
				t.Fatalf("ReadIDX(%s) = %v, nil; want an error", tc.name, a.Dims)
			}
			if !errors.Is(err, ErrIDXFormat) {
				t.Errorf("ReadIDX(%s) error %q does not wrap ErrIDXFormat", tc.name, err)
			}
		})
	}
}

// TestReadIDXLyingHeader checks that a header claiming far more data than
// the file holds fails without allocating anything like the claimed size.
func TestReadIDXLyingHeader(t *testing.T) {
	file := buildIDX(idxUint8, []int{1 << 14, 1 << 15}, make([]byte, 100)) // claims 512 MiB
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := ReadIDX(bytes.NewReader(file)); err == nil {
		t.Fatal("ReadIDX(lying header) = nil error; want an error")
	}
	runtime.ReadMemStats(&after)
	// readN starts with 1 MiB; 8 MiB leaves room for bufio and the runtime.
	if got := after.TotalAlloc - before.TotalAlloc; got > 8<<20 {
		t.Errorf("ReadIDX(lying header) allocated %d bytes; want < 8 MiB", got)
	}
}

func FuzzReadIDX(f *testing.F) {
	f.Add(buildIDX(idxUint8, []int{2, 2, 2}, []byte{1, 2, 3, 4, 5, 6, 7, 8}))
	f.Add(buildIDX(idxInt32, []int{1}, []byte{0, 0, 0, 5}))
	f.Add(gzipped(buildIDX(idxUint8, []int{3}, []byte{1, 2, 3})))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadIDX(bytes.NewReader(b))
		if err != nil {
			return
		}
		n := 1
		for _, d := range a.Dims {
			n *= d
		}
		if len(a.Uint8)+len(a.Int32) != n {
			t.Fatalf("dims %v but %d bytes and %d ints", a.Dims, len(a.Uint8), len(a.Int32))
		}
	})
}
