package dataset

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// IDXArray is the content of an IDX file (the MNIST/EMNIST container).
// Exactly one of Uint8 and Int32 is set, depending on the file's type.
type IDXArray struct {
	Dims  []int   // e.g. {N, 28, 28} for idx3 images, {N} for idx1 labels
	Uint8 []uint8 // (prod(Dims)) row-major, for type 0x08 (unsigned byte)
	Int32 []int32 // (prod(Dims)) row-major, for type 0x0C (int, big-endian in the file)
}

// IDX element types (the third byte of the magic number).
const (
	idxUint8 = 0x08
	idxInt32 = 0x0C
)

// maxIDXBytes caps the data of one IDX file (1 GiB); the EMNIST images hold 70 MB.
const maxIDXBytes = 1 << 30

// ErrIDXFormat is returned (wrapped) for input that is not a valid IDX file.
var ErrIDXFormat = errors.New("dataset: bad IDX file")

// ReadIDX reads an IDX file, plain or gzip-compressed (detected by its
// magic bytes). Only the unsigned byte and int32 element types are supported.
func ReadIDX(r io.Reader) (*IDXArray, error) {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrIDXFormat, err)
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return nil, fmt.Errorf("%w: reading magic: %v", ErrIDXFormat, err)
	}
	if head[0] != 0 || head[1] != 0 {
		return nil, fmt.Errorf("%w: magic % x does not start with two zero bytes", ErrIDXFormat, head)
	}
	typ, ndim := head[2], int(head[3])
	size := map[byte]int{idxUint8: 1, idxInt32: 4}[typ]
	if size == 0 {
		return nil, fmt.Errorf("%w: element type 0x%02x not supported (want 0x08 or 0x0C)", ErrIDXFormat, typ)
	}
	if ndim == 0 {
		return nil, fmt.Errorf("%w: zero dimensions", ErrIDXFormat)
	}
	dimBytes := make([]byte, 4*ndim)
	if _, err := io.ReadFull(r, dimBytes); err != nil {
		return nil, fmt.Errorf("%w: reading %d dimensions: %v", ErrIDXFormat, ndim, err)
	}
	a := &IDXArray{Dims: make([]int, ndim)}
	n := size
	for i := range a.Dims {
		d := int(binary.BigEndian.Uint32(dimBytes[4*i:]))
		a.Dims[i] = d
		if d != 0 && n > maxIDXBytes/d {
			return nil, fmt.Errorf("%w: dimensions %v exceed %d bytes", ErrIDXFormat, a.Dims[:i+1], maxIDXBytes)
		}
		n *= d
	}
	data, err := readN(r, n)
	if err != nil {
		return nil, fmt.Errorf("%w: data for dimensions %v: %v", ErrIDXFormat, a.Dims, err)
	}
	switch typ {
	case idxUint8:
		a.Uint8 = data
	case idxInt32:
		a.Int32 = make([]int32, n/4)
		for i := range a.Int32 {
			a.Int32[i] = int32(binary.BigEndian.Uint32(data[4*i:]))
		}
	}
	return a, nil
}

// ReadIDXFile reads the IDX file at path (see ReadIDX).
func ReadIDXFile(path string) (*IDXArray, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	a, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return a, nil
}

// readN reads exactly n bytes from r. The buffer starts at 1 MiB at most and
// doubles as data arrives, so a header that lies about n costs at most twice
// the data that is really there.
func readN(r io.Reader, n int) ([]byte, error) {
	const first = 1 << 20
	buf := make([]byte, min(n, first))
	got := 0
	for {
		m, err := io.ReadFull(r, buf[got:])
		got += m
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("got %d of %d bytes: %w", got, n, err)
		}
		if got == n {
			return buf, nil
		}
		buf = append(buf, make([]byte, min(n-got, got))...)
	}
}
