package dataset

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
)

// WriteMAT writes arrays as an uncompressed MAT-file level 5 (readable by
// MATLAB, scipy.io.loadmat and ReadMAT), each as a double array stored
// as miDOUBLE, little-endian. Data is column-major, as in MATArray.
func WriteMAT(w io.Writer, arrays ...*MATArray) error {
	var header [matHeaderSize]byte
	text := "MATLAB 5.0 MAT-file, written by inkling/dataset"
	copy(header[:], text+strings.Repeat(" ", 116-len(text))) // text is space-padded

	binary.LittleEndian.PutUint16(header[124:], 0x0100)
	copy(header[126:], "IM")
	if _, err := w.Write(header[:]); err != nil {
		return fmt.Errorf("dataset: writing MAT-file: %w", err)
	}
	for _, a := range arrays {
		n := 1
		for _, d := range a.Dims {
			n *= d
		}
		if len(a.Dims) < 2 || n != len(a.Data) {
			return fmt.Errorf("dataset: WriteMAT %q: dimensions %v do not hold %d values", a.Name, a.Dims, len(a.Data))
		}
		body := matElement(nil, miUINT32, le32(mxDOUBLE, 0))
		dims := make([]uint32, len(a.Dims))
		for i, d := range a.Dims {
			dims[i] = uint32(d)
		}
		body = matElement(body, miINT32, le32(dims...))
		body = matElement(body, miINT8, []byte(a.Name))
		data := make([]byte, 8*len(a.Data))
		for i, v := range a.Data {
			binary.LittleEndian.PutUint64(data[8*i:], math.Float64bits(v))
		}
		body = matElement(body, miDOUBLE, data)
		if _, err := w.Write(matElement(nil, miMATRIX, body)); err != nil {
			return fmt.Errorf("dataset: writing MAT-file: %w", err)
		}
	}
	return nil
}

// matElement appends a data element (8-byte tag, data, padding to 8 bytes) to b.
func matElement(b []byte, typ uint32, data []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, typ)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	b = append(b, data...)
	return append(b, make([]byte, (8-len(data)%8)%8)...)
}

func le32(v ...uint32) []byte {
	b := make([]byte, 0, 4*len(v))
	for _, x := range v {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	return b
}
