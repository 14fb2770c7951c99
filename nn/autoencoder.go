package nn

import (
	"fmt"
	"slices"
)

// Autoencoder is a Network read as two halves: the layers before Code map an
// image to its code (the encoder) and the rest map a code back to an image
// (the decoder). It adds no tensors of its own, so it works on any network
// loaded from a weights file. The methods take and return flat slices,
// one image (or code) after another, so the browser can call them without
// building matrices. Like Network it is not safe for concurrent use.
type Autoencoder[T Float] struct {
	Net  *Network[T]
	Code int // Net.Layers[:Code] encode, Net.Layers[Code:] decode

	in, code int       // widths of one image and of one code
	x        Matrix[T] // view of the caller's input, reused between calls
}

// NewAutoencoder splits net at its code layer, found by CodeIndex.
func NewAutoencoder[T Float](net *Network[T]) (*Autoencoder[T], error) {
	code, widths, err := codeIndex(net)
	if err != nil {
		return nil, err
	}
	return &Autoencoder[T]{Net: net, Code: code, in: widths[0], code: widths[code]}, nil
}

// CodeIndex returns where net's code sits: the number of layers that make up
// the encoder. The code is the narrowest output in the network; where several
// layers share that width (a dense layer and its activation, or the course's
// three 32-wide layers) it prefers outputs of parameter-free layers, so the
// code is taken after an activation, and among those the middle one.
func CodeIndex[T Float](net *Network[T]) (int, error) {
	code, _, err := codeIndex(net)
	return code, err
}

// codeIndex also returns the width of the data before each layer and after
// the last one: widths[0] is the image, widths[len(Layers)] the output.
func codeIndex[T Float](net *Network[T]) (int, []int, error) {
	in := net.InputSize()
	if in <= 0 || len(net.Layers) < 2 {
		return 0, nil, fmt.Errorf("nn: an autoencoder needs at least 2 layers and a fixed input width")
	}
	widths := []int{in}
	x := NewMatrix[T](1, in)
	for _, l := range net.Layers {
		x = l.Forward(x)
		widths = append(widths, x.Cols)
	}
	if out := widths[len(widths)-1]; out != in {
		return 0, nil, fmt.Errorf("nn: not an autoencoder: %d inputs but %d outputs", in, out)
	}
	inner := widths[1:len(net.Layers)] // candidate codes: after layer 0 … after the last-but-one
	narrow := slices.Min(inner)
	var all, afterActivation []int
	for i, w := range inner {
		if w != narrow {
			continue
		}
		all = append(all, i+1)
		if len(net.Layers[i].Params()) == 0 {
			afterActivation = append(afterActivation, i+1)
		}
	}
	pick := all
	if len(afterActivation) > 0 {
		pick = afterActivation
	}
	return pick[(len(pick)-1)/2], widths, nil
}

// InputSize is the width of one image.
func (a *Autoencoder[T]) InputSize() int { return a.in }

// CodeSize is the width of one code.
func (a *Autoencoder[T]) CodeSize() int { return a.code }

// view wraps src, which holds whole rows of the given width, as a matrix
// without copying it.
func (a *Autoencoder[T]) view(src []T, width int, what string) *Matrix[T] {
	if len(src) == 0 || len(src)%width != 0 {
		panic(fmt.Sprintf("nn: Autoencoder %s has %d values; want a multiple of %d", what, len(src), width))
	}
	a.x = Matrix[T]{Rows: len(src) / width, Cols: width, Data: src}
	return &a.x
}

// run sends x through layers [from, to) and returns the result, owned by the last layer.
func (a *Autoencoder[T]) run(x *Matrix[T], from, to int) *Matrix[T] {
	for _, l := range a.Net.Layers[from:to] {
		x = l.Forward(x)
	}
	return x
}

// finish copies y into dst, which must have exactly its size.
func finish[T Float](dst []T, y *Matrix[T], what string) {
	if len(dst) != len(y.Data) {
		panic(fmt.Sprintf("nn: Autoencoder %s dst has %d values; want %d", what, len(dst), len(y.Data)))
	}
	copy(dst, y.Data)
}

// Encode writes the codes of the images in src into dst (one code per image).
func (a *Autoencoder[T]) Encode(dst, src []T) {
	finish(dst, a.run(a.view(src, a.in, "Encode src"), 0, a.Code), "Encode")
}

// Decode writes the images decoded from the codes in src into dst.
func (a *Autoencoder[T]) Decode(dst, src []T) {
	finish(dst, a.run(a.view(src, a.code, "Decode src"), a.Code, len(a.Net.Layers)), "Decode")
}

// Reconstruct writes the reconstructions of the images in src into dst;
// dst and src have the same length and may be the same slice.
func (a *Autoencoder[T]) Reconstruct(dst, src []T) {
	finish(dst, a.run(a.view(src, a.in, "Reconstruct src"), 0, len(a.Net.Layers)), "Reconstruct")
}

// Interpolate decodes steps evenly spaced points on the straight line from
// the code of image from to the code of image to, both ends included. With
// steps == 1 it returns the reconstruction of from.
func (a *Autoencoder[T]) Interpolate(from, to []T, steps int) [][]T {
	if steps < 1 {
		panic(fmt.Sprintf("nn: Interpolate with %d steps", steps))
	}
	if len(from) != a.in || len(to) != a.in {
		panic(fmt.Sprintf("nn: Interpolate images have %d and %d values; want %d", len(from), len(to), a.in))
	}
	pair := make([]T, 2*a.in)
	copy(pair, from)
	copy(pair[a.in:], to)
	ends := make([]T, 2*a.code)
	a.Encode(ends, pair)
	za, zb := ends[:a.code], ends[a.code:]
	codes := make([]T, steps*a.code)
	for s := range steps {
		t := 0.0
		if steps > 1 {
			t = float64(s) / float64(steps-1)
		}
		z := codes[s*a.code : (s+1)*a.code]
		for j := range z {
			z[j] = T((1-t)*float64(za[j]) + t*float64(zb[j]))
		}
	}
	flat := make([]T, steps*a.in)
	a.Decode(flat, codes)
	out := make([][]T, steps)
	for s := range out {
		out[s] = flat[s*a.in : (s+1)*a.in : (s+1)*a.in]
	}
	return out
}
