package dataset

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The NumPy .npy format (numpy.lib.format, versions 1.0, 2.0 and 3.0):
//
//	offset  size  field
//	0       6     magic "\x93NUMPY"
//	6       1     major version (1, 2 or 3)
//	7       1     minor version (0)
//	8       2|4   h: header length, uint16 (v1) or uint32 (v2, v3), little-endian
//	.       h     header: a Python dict literal, e.g.
//	              {'descr': '<f4', 'fortran_order': False, 'shape': (3, 3, 3, 64), }
//	              padded with spaces and a final '\n'
//	.       ...   the values, C order (last index fastest) unless fortran_order
//
// ReadNPY reads little-endian float32 ('<f4') and float64 ('<f8') arrays in C
// order and returns them as float32; anything else is a clear error.

// npyMagic starts every .npy file.
const npyMagic = "\x93NUMPY"

// maxNPYValues bounds the array a file may declare (1<<28 values, 1 GiB of
// float32), so a corrupt header cannot make ReadNPY allocate without limit.
const maxNPYValues = 1 << 28

// ErrNPY reports a file that is not a .npy array ReadNPY can read.
var ErrNPY = errors.New("dataset: not a readable .npy array")

// NPY is one array read from a .npy file.
type NPY struct {
	Shape []int     // dimensions, outermost first; empty for a scalar
	Data  []float32 // values in C order, len = product of Shape
}

// ReadNPYFile reads the .npy file at path.
func ReadNPYFile(path string) (*NPY, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	a, err := ReadNPY(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// ReadNPY reads one array in the .npy format from r.
func ReadNPY(r io.Reader) (*NPY, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, fmt.Errorf("%w: short preamble: %v", ErrNPY, err)
	}
	if string(pre[:6]) != npyMagic {
		return nil, fmt.Errorf("%w: bad magic", ErrNPY)
	}
	var hlen int
	switch pre[6] {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("%w: short header length: %v", ErrNPY, err)
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("%w: short header length: %v", ErrNPY, err)
		}
		hlen = int(binary.LittleEndian.Uint32(b[:]))
	default:
		return nil, fmt.Errorf("%w: format version %d.%d", ErrNPY, pre[6], pre[7])
	}
	const maxHeader = 1 << 16 // numpy itself refuses headers over 10,000 bytes by default
	if hlen > maxHeader {
		return nil, fmt.Errorf("%w: header of %d bytes", ErrNPY, hlen)
	}
	head := make([]byte, hlen)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, fmt.Errorf("%w: short header: %v", ErrNPY, err)
	}
	descr, fortran, shape, err := parseNPYHeader(string(head))
	if err != nil {
		return nil, err
	}
	if fortran {
		return nil, fmt.Errorf("%w: Fortran order is not supported; save with C order", ErrNPY)
	}
	size := 0
	switch descr {
	case "<f4":
		size = 4
	case "<f8":
		size = 8
	default:
		return nil, fmt.Errorf("%w: dtype %q; want little-endian float32 '<f4' or float64 '<f8'", ErrNPY, descr)
	}
	n := 1
	for _, d := range shape {
		if d < 0 || d > maxNPYValues || n*d > maxNPYValues {
			return nil, fmt.Errorf("%w: shape %v is too large", ErrNPY, shape)
		}
		n *= d
	}
	raw := make([]byte, n*size)
	if _, err := io.ReadFull(r, raw); err != nil {
		return nil, fmt.Errorf("%w: %d values of shape %v: %v", ErrNPY, n, shape, err)
	}
	data := make([]float32, n)
	for i := range data {
		if size == 4 {
			data[i] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:]))
		} else {
			data[i] = float32(math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:])))
		}
	}
	return &NPY{Shape: shape, Data: data}, nil
}

// parseNPYHeader reads the three keys of the header dict. The dict is a
// Python literal written by numpy, so a small scanner suffices: keys and
// strings are single-quoted, the shape is a tuple of integers.
func parseNPYHeader(h string) (descr string, fortran bool, shape []int, err error) {
	h = strings.TrimSpace(h)
	if !strings.HasPrefix(h, "{") || !strings.HasSuffix(h, "}") {
		return "", false, nil, fmt.Errorf("%w: header %q is not a dict", ErrNPY, h)
	}
	value := func(key string) (string, bool) {
		i := strings.Index(h, "'"+key+"'")
		if i < 0 {
			return "", false
		}
		rest := strings.TrimSpace(h[i+len(key)+2:])
		if !strings.HasPrefix(rest, ":") {
			return "", false
		}
		return strings.TrimSpace(rest[1:]), true
	}
	v, ok := value("descr")
	if !ok || !strings.HasPrefix(v, "'") {
		return "", false, nil, fmt.Errorf("%w: header %q has no descr", ErrNPY, h)
	}
	end := strings.IndexByte(v[1:], '\'')
	if end < 0 {
		return "", false, nil, fmt.Errorf("%w: header %q: unterminated descr", ErrNPY, h)
	}
	descr = v[1 : 1+end]
	if v, ok = value("fortran_order"); !ok {
		return "", false, nil, fmt.Errorf("%w: header %q has no fortran_order", ErrNPY, h)
	}
	switch {
	case strings.HasPrefix(v, "False"):
	case strings.HasPrefix(v, "True"):
		fortran = true
	default:
		return "", false, nil, fmt.Errorf("%w: header %q: fortran_order is not a bool", ErrNPY, h)
	}
	if v, ok = value("shape"); !ok || !strings.HasPrefix(v, "(") {
		return "", false, nil, fmt.Errorf("%w: header %q has no shape", ErrNPY, h)
	}
	end = strings.IndexByte(v, ')')
	if end < 0 {
		return "", false, nil, fmt.Errorf("%w: header %q: unterminated shape", ErrNPY, h)
	}
	shape = []int{} // a scalar has shape ()
	for _, f := range strings.Split(v[1:end], ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		f = strings.TrimSuffix(f, "L") // Python 2 longs
		d, err := strconv.Atoi(f)
		if err != nil || d < 0 {
			return "", false, nil, fmt.Errorf("%w: header %q: bad dimension %q", ErrNPY, h, f)
		}
		shape = append(shape, d)
	}
	return descr, fortran, shape, nil
}

// WriteNPY writes a float32 array in the .npy v1.0 format: '<f4', C order.
// It is the inverse of ReadNPY, for tests and exported features.
func WriteNPY(w io.Writer, shape []int, data []float32) error {
	n := 1
	dims := make([]string, len(shape))
	for i, d := range shape {
		n *= d
		dims[i] = strconv.Itoa(d)
	}
	if n != len(data) {
		return fmt.Errorf("dataset: WriteNPY: shape %v holds %d values, have %d", shape, n, len(data))
	}
	tuple := strings.Join(dims, ", ")
	if len(shape) == 1 {
		tuple += ","
	}
	head := fmt.Sprintf("{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }", tuple)
	// Pad so that the data starts on a 64-byte boundary, as numpy does.
	total := 10 + len(head) + 1
	head += strings.Repeat(" ", (64-total%64)%64) + "\n"
	var b bytes.Buffer
	b.WriteString(npyMagic)
	b.Write([]byte{1, 0})
	b.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(head))))
	b.WriteString(head)
	for _, v := range data {
		b.Write(binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// NPYDir returns a source of named tensors stored one per .npy file in dir,
// the file named after the tensor with '/' replaced by '_': "fire2/squeeze1x1/kernel"
// is dir/fire2_squeeze1x1_kernel.npy. Each tensor must have the shape asked
// for; errors name the tensor and the file. It has the signature of nn.TensorSource.
func NPYDir(dir string) func(name string, shape []int) ([]float32, error) {
	return func(name string, shape []int) ([]float32, error) {
		path := filepath.Join(dir, strings.ReplaceAll(name, "/", "_")+".npy")
		a, err := ReadNPYFile(path)
		if err != nil {
			return nil, fmt.Errorf("tensor %s: %w", name, err)
		}
		if !slices.Equal(a.Shape, shape) {
			return nil, fmt.Errorf("dataset: tensor %s (%s) has shape %v; want %v", name, path, a.Shape, shape)
		}
		return a.Data, nil
	}
}
