package dataset

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
)

// MATArray is one numeric variable of a MAT-file, converted to float64.
type MATArray struct {
	Name string
	Dims []int     // MATLAB dimensions, e.g. {rows, cols}
	Data []float64 // (prod(Dims)) column-major, as MATLAB stores it
}

// Rows returns Dims[0], the number of rows of a 2-D array.
func (a *MATArray) Rows() int { return a.Dims[0] }

// Cols returns the number of columns of a 2-D array (the product of Dims[1:]).
func (a *MATArray) Cols() int {
	c := 1
	for _, d := range a.Dims[1:] {
		c *= d
	}
	return c
}

// At returns element (i, j) of a 2-D array.
func (a *MATArray) At(i, j int) float64 {
	return a.Data[j*a.Dims[0]+i]
}

// Row copies row i of a 2-D array into dst (len Cols) and returns dst;
// a nil dst is allocated. The data is column-major, so a row is strided.
func (a *MATArray) Row(dst []float64, i int) []float64 {
	r, c := a.Rows(), a.Cols()
	if i < 0 || i >= r {
		panic(fmt.Sprintf("dataset: MATArray.Row(%d) of %d rows", i, r))
	}
	if dst == nil {
		dst = make([]float64, c)
	}
	if len(dst) != c {
		panic(fmt.Sprintf("dataset: MATArray.Row dst len %d; want %d", len(dst), c))
	}
	for j := range dst {
		dst[j] = a.Data[j*r+i]
	}
	return dst
}

// MAT-file level 5 data types (MATLAB "MAT-File Format", table 1-1).
const (
	miINT8       = 1
	miUINT8      = 2
	miINT16      = 3
	miUINT16     = 4
	miINT32      = 5
	miUINT32     = 6
	miSINGLE     = 7
	miDOUBLE     = 9
	miINT64      = 12
	miUINT64     = 13
	miMATRIX     = 14
	miCOMPRESSED = 15
)

// MATLAB array classes (the low byte of the array flags).
const (
	mxDOUBLE = 6
	mxSINGLE = 7
	mxINT8   = 8
	mxUINT64 = 15
)

// matHeaderSize is the fixed size of a level 5 MAT-file header:
// 116 bytes text, 8 bytes subsystem offset, 2 bytes version, 2 bytes endian indicator.
const matHeaderSize = 128

// Limits that keep a small or lying file from making ReadMAT allocate
// without bound. The largest course file, nist36_train.mat, holds one
// variable of 10800×1024 doubles: 88 MB, 11 M values.
const (
	maxMATElement = 512 << 20 // bytes of one decompressed variable
	maxMATValues  = 64 << 20  // values of one variable
)

// ErrMATFormat is returned (wrapped) for input that is not a valid level 5 MAT-file.
var ErrMATFormat = errors.New("dataset: bad MAT-file")

func matErrorf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrMATFormat}, args...)...)
}

// ReadMAT reads a MAT-file level 5 (MATLAB -v6/-v7, not -v7.3/HDF5) and
// returns its numeric variables by name. Compressed (zlib) variables and
// data stored in a smaller type than the array class (MATLAB does this,
// e.g. uint8 storage for a double array of small integers) are handled.
// Variables of other classes (cell, struct, char, sparse, objects) are
// skipped; of a complex array only the real part is kept.
func ReadMAT(r io.Reader) (map[string]*MATArray, error) {
	file, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("dataset: reading MAT-file: %w", err)
	}
	if len(file) < matHeaderSize {
		return nil, matErrorf("%d bytes is shorter than the 128-byte header", len(file))
	}
	var order binary.ByteOrder
	switch string(file[126:128]) {
	case "IM":
		order = binary.LittleEndian
	case "MI":
		order = binary.BigEndian
	default:
		return nil, matErrorf("endian indicator %q is neither IM nor MI (is it a v7.3/HDF5 file?)", file[126:128])
	}
	if v := order.Uint16(file[124:126]); v != 0x0100 {
		return nil, matErrorf("version 0x%04x; want 0x0100 (v7.3 HDF5 files are not supported)", v)
	}
	p := matParser{order: order}
	vars := make(map[string]*MATArray)
	rest := file[matHeaderSize:]
	for len(rest) > 0 {
		if len(rest) < 8 && allZero(rest) {
			break // trailing padding
		}
		typ, data, next, err := p.element(rest)
		if err != nil {
			return nil, err
		}
		rest = next
		switch typ {
		case miCOMPRESSED:
			data, err = p.inflate(data)
			if err != nil {
				return nil, err
			}
			var inner []byte
			typ, inner, _, err = p.element(data)
			if err != nil {
				return nil, err
			}
			data = inner
		}
		if typ != miMATRIX {
			continue // not a variable
		}
		a, err := p.matrix(data)
		if err != nil {
			return nil, err
		}
		if a != nil {
			vars[a.Name] = a
		}
	}
	return vars, nil
}

type matParser struct {
	order binary.ByteOrder
}

// element splits one data element off b: its type, its data and what follows.
func (p matParser) element(b []byte) (typ uint32, data, rest []byte, err error) {
	if len(b) < 8 {
		return 0, nil, nil, matErrorf("truncated element tag (%d bytes left)", len(b))
	}
	first := p.order.Uint32(b)
	if first>>16 != 0 { // small data element: 2-byte size, 2-byte type, up to 4 bytes of data
		n := int(first >> 16)
		if n > 4 {
			return 0, nil, nil, matErrorf("small element of %d bytes (max 4)", n)
		}
		return first & 0xffff, b[4 : 4+n], b[8:], nil
	}
	n := uint64(p.order.Uint32(b[4:]))
	b = b[8:]
	if n > uint64(len(b)) {
		return 0, nil, nil, matErrorf("element of type %d claims %d bytes, only %d left", first, n, len(b))
	}
	data, rest = b[:n], b[n:]
	if first != miCOMPRESSED { // other elements are padded to 8 bytes
		pad := (8 - n%8) % 8
		if pad > uint64(len(rest)) {
			pad = uint64(len(rest))
		}
		rest = rest[pad:]
	}
	return first, data, rest, nil
}

// inflate decompresses the zlib stream of an miCOMPRESSED element, reading
// only as much as the inner element's tag declares (and at most maxMATElement).
func (p matParser) inflate(z []byte) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, matErrorf("compressed element: %v", err)
	}
	defer zr.Close()
	var tag [8]byte
	if _, err := io.ReadFull(zr, tag[:]); err != nil {
		return nil, matErrorf("compressed element: reading tag: %v", err)
	}
	n := uint64(p.order.Uint32(tag[4:]))
	if p.order.Uint32(tag[:])>>16 != 0 {
		n = 0 // a small element holds its data in the tag
	}
	if n > maxMATElement {
		return nil, matErrorf("compressed element claims %d bytes (limit %d)", n, maxMATElement)
	}
	var buf bytes.Buffer
	buf.Write(tag[:])
	// CopyN grows the buffer with the data actually present, so a lying
	// size cannot force a large allocation.
	if _, err := io.CopyN(&buf, zr, int64(n)); err != nil {
		return nil, matErrorf("compressed element: %d of %d bytes: %v", buf.Len()-8, n, err)
	}
	return buf.Bytes(), nil
}

// matrix decodes the subelements of an miMATRIX element. It returns nil, nil
// for a variable of a class ReadMAT does not support.
func (p matParser) matrix(b []byte) (*MATArray, error) {
	if len(b) == 0 {
		return nil, nil // an empty miMATRIX is MATLAB's empty array placeholder
	}
	typ, flags, b, err := p.element(b)
	if err != nil {
		return nil, err
	}
	if typ != miUINT32 || len(flags) != 8 {
		return nil, matErrorf("array flags: type %d, %d bytes; want miUINT32, 8 bytes", typ, len(flags))
	}
	class := p.order.Uint32(flags) & 0xff
	if class < mxDOUBLE || class > mxUINT64 {
		return nil, nil // cell, struct, object, char, sparse: not numeric data
	}
	typ, dimBytes, b, err := p.element(b)
	if err != nil {
		return nil, err
	}
	if typ != miINT32 || len(dimBytes) < 8 || len(dimBytes)%4 != 0 {
		return nil, matErrorf("dimensions: type %d, %d bytes; want miINT32, >= 2 values", typ, len(dimBytes))
	}
	dims := make([]int, len(dimBytes)/4)
	count := 1
	for i := range dims {
		d := int32(p.order.Uint32(dimBytes[4*i:]))
		if d < 0 {
			return nil, matErrorf("negative dimension %d", d)
		}
		dims[i] = int(d)
		if d != 0 && count > maxMATValues/int(d) {
			return nil, matErrorf("dimensions %v too large", dims[:i+1])
		}
		count *= int(d)
	}
	typ, name, b, err := p.element(b)
	if err != nil {
		return nil, err
	}
	if typ != miINT8 {
		return nil, matErrorf("array name: type %d; want miINT8", typ)
	}
	typ, real, _, err := p.element(b)
	if err != nil {
		return nil, err
	}
	data, err := p.numbers(typ, real)
	if err != nil {
		return nil, fmt.Errorf("%w (variable %q)", err, name)
	}
	if len(data) != count {
		return nil, matErrorf("variable %q: %d values for dimensions %v", name, len(data), dims)
	}
	return &MATArray{Name: string(name), Dims: dims, Data: data}, nil
}

// numbers converts stored numeric data of MAT type typ to float64.
func (p matParser) numbers(typ uint32, b []byte) ([]float64, error) {
	size := map[uint32]int{miINT8: 1, miUINT8: 1, miINT16: 2, miUINT16: 2, miINT32: 4, miUINT32: 4,
		miSINGLE: 4, miDOUBLE: 8, miINT64: 8, miUINT64: 8}[typ]
	if size == 0 {
		return nil, matErrorf("numeric data of unsupported type %d", typ)
	}
	if len(b)%size != 0 {
		return nil, matErrorf("%d bytes of type %d are not a whole number of values", len(b), typ)
	}
	if len(b)/size > maxMATValues {
		return nil, matErrorf("%d values (limit %d)", len(b)/size, maxMATValues)
	}
	out := make([]float64, len(b)/size)
	o := p.order
	for i := range out {
		v := b[i*size:]
		switch typ {
		case miINT8:
			out[i] = float64(int8(v[0]))
		case miUINT8:
			out[i] = float64(v[0])
		case miINT16:
			out[i] = float64(int16(o.Uint16(v)))
		case miUINT16:
			out[i] = float64(o.Uint16(v))
		case miINT32:
			out[i] = float64(int32(o.Uint32(v)))
		case miUINT32:
			out[i] = float64(o.Uint32(v))
		case miSINGLE:
			out[i] = float64(math.Float32frombits(o.Uint32(v)))
		case miDOUBLE:
			out[i] = math.Float64frombits(o.Uint64(v))
		case miINT64:
			out[i] = float64(int64(o.Uint64(v)))
		case miUINT64:
			out[i] = float64(o.Uint64(v))
		}
	}
	return out, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
