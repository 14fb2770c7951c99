package nn

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
)

// smallAutoencoder is the course's shape scaled down: 12 → h → h → h → 12
// (ReLU inside, sigmoid out) when wide is 0; otherwise 12 → wide → h → wide → 12.
func smallAutoencoder(h, wide int, rng *rand.Rand) *Network[float64] {
	const in = 12 // any width other than the hidden ones
	if wide == 0 {
		return NewNetwork[float64](
			NewDense[float64](in, h, rng), &ReLU[float64]{},
			NewDense[float64](h, h, rng), &ReLU[float64]{},
			NewDense[float64](h, h, rng), &ReLU[float64]{},
			NewDense[float64](h, in, rng), &Sigmoid[float64]{})
	}
	return NewNetwork[float64](
		NewDense[float64](in, wide, rng), &ReLU[float64]{},
		NewDense[float64](wide, h, rng), &ReLU[float64]{},
		NewDense[float64](h, wide, rng), &ReLU[float64]{},
		NewDense[float64](wide, in, rng), &Sigmoid[float64]{})
}

func TestCodeIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		name string
		net  *Network[float64]
		want int
	}{
		// Three equal 32-wide (here 3-wide) layers: the code is the middle ReLU's output.
		{"course", smallAutoencoder(3, 0, rng), 4},
		// 12-6-2-6-12: the code is after the ReLU of the 2-wide layer.
		{"bottleneck", smallAutoencoder(2, 6, rng), 4},
		// No activations at all: the narrowest dense output.
		{"linear", NewNetwork[float64](NewDense[float64](12, 5, rng), NewDense[float64](5, 3, rng), NewDense[float64](3, 12, rng)), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CodeIndex(tc.net)
			if err != nil || got != tc.want {
				t.Errorf("CodeIndex = %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}

func TestCodeIndexRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, tc := range []struct {
		name string
		net  *Network[float64]
	}{
		{"classifier", NewNetwork[float64](NewDense[float64](12, 5, rng), &ReLU[float64]{}, NewDense[float64](5, 3, rng))},
		{"one layer", NewNetwork[float64](NewDense[float64](12, 12, rng))},
		{"no fixed input", NewNetwork[float64](&ReLU[float64]{}, &Sigmoid[float64]{})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, err := NewAutoencoder(tc.net); err == nil {
				t.Errorf("NewAutoencoder = %+v; want an error", got)
			}
		})
	}
}

func randImages(rng *rand.Rand, n, width int) []float64 {
	x := make([]float64, n*width)
	for i := range x {
		x[i] = rng.Float64()
	}
	return x
}

// TestAutoencoderHalves checks that Decode(Encode(x)) and Reconstruct(x) are
// exactly the network's forward pass, for a batch of images.
func TestAutoencoderHalves(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	net := smallAutoencoder(2, 6, rng)
	ae, err := NewAutoencoder(net)
	if err != nil {
		t.Fatal(err)
	}
	if ae.InputSize() != 12 || ae.CodeSize() != 2 {
		t.Fatalf("sizes = %d, %d; want 12, 2", ae.InputSize(), ae.CodeSize())
	}
	const n = 3 // images in the batch
	x := randImages(rng, n, 12)
	want := net.Forward(FromSlice(n, 12, slices.Clone(x))).Clone()

	codes := make([]float64, n*ae.CodeSize())
	ae.Encode(codes, x)
	viaCode := make([]float64, len(x))
	ae.Decode(viaCode, codes)
	if !slices.Equal(viaCode, want.Data) {
		t.Errorf("Decode(Encode(x)) = %v; want %v", viaCode, want.Data)
	}
	rec := make([]float64, len(x))
	ae.Reconstruct(rec, x)
	if !slices.Equal(rec, want.Data) {
		t.Errorf("Reconstruct(x) = %v; want %v", rec, want.Data)
	}
	ae.Reconstruct(x, x) // in place
	if !slices.Equal(x, want.Data) {
		t.Errorf("Reconstruct(x, x) = %v; want %v", x, want.Data)
	}
}

func TestInterpolate(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	ae, err := NewAutoencoder(smallAutoencoder(2, 6, rng))
	if err != nil {
		t.Fatal(err)
	}
	a, b := randImages(rng, 1, 12), randImages(rng, 1, 12)
	const steps = 5 // ends plus three points between, the middle one at t = 0.5
	got := ae.Interpolate(a, b, steps)
	if len(got) != steps {
		t.Fatalf("Interpolate gave %d images; want %d", len(got), steps)
	}
	recA, recB := make([]float64, 12), make([]float64, 12)
	ae.Reconstruct(recA, a)
	ae.Reconstruct(recB, b)
	za, zb := make([]float64, 2), make([]float64, 2)
	ae.Encode(za, a)
	ae.Encode(zb, b)
	mid := make([]float64, 12)
	ae.Decode(mid, []float64{(za[0] + zb[0]) / 2, (za[1] + zb[1]) / 2})
	for _, tc := range []struct {
		name string
		i    int
		want []float64
	}{{"from", 0, recA}, {"middle", 2, mid}, {"to", 4, recB}} {
		t.Run(tc.name, func(t *testing.T) {
			if !floats.EqualApprox(got[tc.i], tc.want, 1e-12) { // float64 rounding of (1-t)·a + t·b
				t.Errorf("Interpolate(a, b, %d)[%d] = %v; want %v", steps, tc.i, got[tc.i], tc.want)
			}
		})
	}
	if one := ae.Interpolate(a, b, 1); len(one) != 1 || !floats.EqualApprox(one[0], recA, 1e-12) {
		t.Errorf("Interpolate(a, b, 1) = %v; want [%v]", one, recA)
	}
}

// TestAutoencoderGradients runs the course's architecture, scaled down,
// through the gradient check of the summed squared error.
func TestAutoencoderGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	net := smallAutoencoder(3, 0, rng)
	const n = 2 // batch
	x := FromSlice(n, 12, randImages(rng, n, 12))
	net.ZeroGrad()
	net.StepSquaredError(x, x)
	var d Matrix[float64]
	loss := func() float64 { return SquaredError(&d, net.Forward(x), x) }
	for i, p := range net.Params() {
		compareGrad(t, p.Name, slices.Clone(p.Grad.Data), p.Value.Data, loss)
		if t.Failed() {
			t.Fatalf("parameter %d (%s) fails the gradient check", i, p.Name)
		}
	}
}

// BenchmarkReconstruct times one 32×32 image through the app's default shape,
// 1024-256-64-256-1024, as the browser runs it (one image per call). Run it
// under wasm with
//
//	GOOS=js GOARCH=wasm go test -run XXX -bench Reconstruct -exec $(go env GOROOT)/lib/wasm/go_js_wasm_exec ./nn
func BenchmarkReconstruct(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	net := NewNetwork[float32](
		NewDense[float32](1024, 256, rng), &ReLU[float32]{},
		NewDense[float32](256, 64, rng), &ReLU[float32]{},
		NewDense[float32](64, 256, rng), &ReLU[float32]{},
		NewDense[float32](256, 1024, rng), &Sigmoid[float32]{})
	ae, err := NewAutoencoder(net)
	if err != nil {
		b.Fatal(err)
	}
	img, out := make([]float32, 1024), make([]float32, 1024)
	for i := range img {
		img[i] = rng.Float32()
	}
	for b.Loop() {
		ae.Reconstruct(out, img)
	}
}
