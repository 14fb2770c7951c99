package nn

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
)

// The weights file. One format serves the native trainer, the server and the
// browser. All integers are little-endian.
//
//	offset  size  field
//	0       4     magic "INKW"
//	4       4     version (uint32), currently 1
//	8       4     a: length of the architecture
//	12      a     architecture: JSON array of Spec, one per layer
//	.       4     t: number of tensors
//	              each tensor, in Network.Params order:
//	.       2       name length (uint16), then the name "<layer>.<param>", e.g. "0.W"
//	.       1       dtype: 1 = float32
//	.       1       rank: 2
//	.       8       rows, cols (uint32 each)
//	.       4·r·c   values, row-major float32
//	.       4     m: length of the metadata
//	.       m     metadata: JSON object (Meta)
//	end-4   4     CRC-32 (IEEE) of every byte before it
//
// Load verifies the magic, the version, the checksum and every shape before
// it builds anything, so a truncated or corrupted file is an error, never a
// panic or a half-loaded network.
const (
	magic   = "INKW"
	version = 1

	dtypeFloat32 = 1

	// maxFileSize bounds what Load reads: inkling's largest model is a few MB.
	maxFileSize = 256 << 20
)

var (
	// ErrFormat reports a file that is not a valid inkling weights file.
	ErrFormat = errors.New("nn: not a valid weights file")
	// ErrVersion reports a weights file written by an unknown version of the format.
	ErrVersion = errors.New("nn: unsupported weights file version")
)

// Save writes n in the weights format.
func Save[T Float](w io.Writer, n *Network[T]) error {
	var b bytes.Buffer
	b.WriteString(magic)
	le := binary.LittleEndian
	b.Write(le.AppendUint32(nil, version))

	specs := make([]Spec, len(n.Layers))
	for i, l := range n.Layers {
		specs[i] = l.Spec()
	}
	arch, err := json.Marshal(specs)
	if err != nil {
		return fmt.Errorf("nn: encoding architecture: %w", err)
	}
	writeBlock(&b, arch)

	var count uint32
	for _, l := range n.Layers {
		count += uint32(len(l.Params()))
	}
	b.Write(le.AppendUint32(nil, count))
	var buf []byte
	for i, l := range n.Layers {
		for _, p := range l.Params() {
			name := strconv.Itoa(i) + "." + p.Name
			b.Write(le.AppendUint16(nil, uint16(len(name))))
			b.WriteString(name)
			b.WriteByte(dtypeFloat32)
			b.WriteByte(2)
			b.Write(le.AppendUint32(nil, uint32(p.Value.Rows)))
			b.Write(le.AppendUint32(nil, uint32(p.Value.Cols)))
			buf = buf[:0]
			for _, v := range p.Value.Data {
				buf = le.AppendUint32(buf, math.Float32bits(float32(v)))
			}
			b.Write(buf)
		}
	}

	meta, err := json.Marshal(n.Meta)
	if err != nil {
		return fmt.Errorf("nn: encoding metadata: %w", err)
	}
	writeBlock(&b, meta)
	b.Write(le.AppendUint32(nil, crc32.ChecksumIEEE(b.Bytes())))
	_, err = w.Write(b.Bytes())
	return err
}

func writeBlock(b *bytes.Buffer, data []byte) {
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(data))))
	b.Write(data)
}

// SaveFile writes n to path atomically: it writes a temporary file in the
// same directory, syncs it and renames it over path, so an interrupted run
// never leaves a broken file behind.
func SaveFile[T Float](path string, n *Network[T]) error {
	var b bytes.Buffer
	if err := Save(&b, n); err != nil {
		return err
	}
	return WriteFileAtomic(path, b.Bytes())
}

// WriteFileAtomic writes data to path through a synced temporary file and a rename.
func WriteFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // best effort: makes the rename durable where the OS allows it
		d.Close()
	}
	return nil
}

// LoadFile reads a weights file from disk.
func LoadFile[T Float](path string) (*Network[T], error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n, err := Load[T](f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// Load reads a network written by Save. Errors wrap ErrFormat or ErrVersion.
func Load[T Float](r io.Reader) (*Network[T], error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("nn: reading weights: %w", err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrFormat, maxFileSize)
	}
	if len(data) < len(magic)+4 || string(data[:4]) != magic {
		return nil, fmt.Errorf("%w: bad magic", ErrFormat)
	}
	if v := binary.LittleEndian.Uint32(data[4:]); v != version {
		return nil, fmt.Errorf("%w: %d (this build reads %d)", ErrVersion, v, version)
	}
	if len(data) < 12+4 {
		return nil, fmt.Errorf("%w: truncated", ErrFormat)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch (truncated or corrupted)", ErrFormat)
	}
	d := decoder{buf: body[8:]}

	var specs []Spec
	if err := json.Unmarshal(d.block(), &specs); err != nil || d.err != nil {
		return nil, fmt.Errorf("%w: architecture: %v", ErrFormat, errors.Join(d.err, err))
	}
	values := 0
	for _, s := range specs {
		if err := s.check(); err != nil {
			return nil, err
		}
		values += s.numValues()
		if values > len(d.buf)/4 {
			return nil, fmt.Errorf("%w: architecture needs more values than the file holds", ErrFormat)
		}
	}
	if err := checkChain(specs); err != nil {
		return nil, err
	}
	n := &Network[T]{}
	for _, s := range specs {
		l, err := newLayer[T](s)
		if err != nil {
			return nil, err
		}
		n.Layers = append(n.Layers, l)
	}

	want := 0
	for _, l := range n.Layers {
		want += len(l.Params())
	}
	if got := int(d.u32()); d.err != nil || got != want {
		return nil, fmt.Errorf("%w: %d tensors for an architecture with %d", ErrFormat, got, want)
	}
	for i, l := range n.Layers {
		for _, p := range l.Params() {
			if err := readTensor(&d, strconv.Itoa(i)+"."+p.Name, p.Value); err != nil {
				return nil, err
			}
		}
	}
	if err := json.Unmarshal(d.block(), &n.Meta); err != nil || d.err != nil {
		return nil, fmt.Errorf("%w: metadata: %v", ErrFormat, errors.Join(d.err, err))
	}
	if len(d.buf) != 0 {
		return nil, fmt.Errorf("%w: %d unexpected bytes before the checksum", ErrFormat, len(d.buf))
	}
	return n, nil
}

// decoder reads little-endian fields from buf, remembering the first error.
type decoder struct {
	buf []byte
	err error
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.buf) {
		d.err = fmt.Errorf("%w: truncated", ErrFormat)
		return nil
	}
	b := d.buf[:n]
	d.buf = d.buf[n:]
	return b
}

func (d *decoder) u32() uint32 {
	b := d.take(4)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint32(b)
}

func (d *decoder) block() []byte {
	return d.take(int(d.u32()))
}

// readTensor reads the next tensor into dst, checking its name, type and shape.
func readTensor[T Float](d *decoder, name string, dst *Matrix[T]) error {
	var nameLen int
	if b := d.take(2); b != nil {
		nameLen = int(binary.LittleEndian.Uint16(b))
	}
	got := string(d.take(nameLen))
	head := d.take(2 + 8)
	if d.err != nil {
		return fmt.Errorf("%w: tensor %s", d.err, name)
	}
	if got != name {
		return fmt.Errorf("%w: tensor %q where %q belongs", ErrFormat, got, name)
	}
	if head[0] != dtypeFloat32 || head[1] != 2 {
		return fmt.Errorf("%w: tensor %s has dtype %d rank %d; want float32 rank 2", ErrFormat, name, head[0], head[1])
	}
	rows, cols := binary.LittleEndian.Uint32(head[2:]), binary.LittleEndian.Uint32(head[6:])
	if int(rows) != dst.Rows || int(cols) != dst.Cols {
		return fmt.Errorf("%w: tensor %s is %d×%d; the architecture needs %d×%d", ErrFormat, name, rows, cols, dst.Rows, dst.Cols)
	}
	raw := d.take(4 * dst.Rows * dst.Cols)
	if d.err != nil {
		return fmt.Errorf("%w: tensor %s", d.err, name)
	}
	for i := range dst.Data {
		dst.Data[i] = T(math.Float32frombits(binary.LittleEndian.Uint32(raw[4*i:])))
	}
	return nil
}
