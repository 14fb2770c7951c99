package kernel

import "math"

// Exp and Sigmoid are float32 element-wise functions for the activations of nn, which spend most of
// a sigmoid network's training time in float64 math.Exp otherwise. Both use Cephes' expf: x = n·ln2 + r
// with |r| ≤ ln2/2 (Cody–Waite, ln2 split in two), e^r by a degree-7 polynomial, and 2^n put straight
// into the exponent bits. The error is below 2 ulp over the whole range (TestExp). On amd64 with AVX2
// the bulk runs 8 lanes at a time in assembly; the rest, and other platforms, use the same steps in Go.

// Constants of expf, from Cephes (expf.c); the bit patterns in exp_amd64.s are these values.
const (
	expHi  = 88.37626    // largest x with round(x·log2e) ≤ 127, so that 2^n is a normal float32
	expLo  = -87.33655   // smallest x with round(x·log2e) ≥ -126
	log2e  = 1.442695041 // log2(e)
	ln2Hi  = 0.693359375 // ln2 = ln2Hi + ln2Lo; ln2Hi has 9 bits, so n·ln2Hi is exact
	ln2Lo  = -2.12194440e-4
	expP0  = 1.9875691500e-4
	expP1  = 1.3981999507e-3
	expP2  = 8.3334519073e-3
	expP3  = 4.1665795894e-2
	expP4  = 1.6666665459e-1
	expP5  = 5.0000001201e-1
	round  = 0x1.8p23 // adding it rounds a float32 of magnitude < 2^22 to an integer, ties to even
	expOne = 1
)

// Exp sets dst[i] = e^src[i] for i < len(src), with dst at least as long as src. Inputs are clamped to
// [-87.34, 88.38], the range whose results are normal float32s: e^x for x below it comes out as about
// 1.2e-38 instead of a subnormal or 0, and for x above it as about 2.4e38 instead of overflowing.
// NaN stays NaN. dst and src may be the same slice.
func Exp(dst, src []float32) {
	dst = dst[:len(src)]
	done := expVec(dst, src)
	for i := done; i < len(src); i++ {
		dst[i] = exp32(src[i])
	}
}

// Sigmoid sets dst[i] = 1/(1+e^-src[i]), with Exp's e^x: results are within 3 ulp of σ(x) for
// σ(x) ≥ 2^-126 and within 5e-39 of it otherwise. NaN stays NaN. dst and src may be the same slice.
func Sigmoid(dst, src []float32) {
	dst = dst[:len(src)]
	done := sigmoidVec(dst, src)
	for i := done; i < len(src); i++ {
		dst[i] = 1 / (1 + exp32(-src[i]))
	}
}

// exp32 is expf for one value, the steps of the assembly in Go.
func exp32(x float32) float32 {
	x = max(min(x, expHi), expLo) // min and max keep NaN
	t := x*log2e + round
	n := t - round
	r := x - n*ln2Hi - n*ln2Lo
	p := ((((expP0*r+expP1)*r+expP2)*r+expP3)*r+expP4)*r + expP5
	y := p*(r*r) + r + expOne
	// t's low mantissa bits hold n: its bits are those of round plus n.
	e := int32(math.Float32bits(t)) - int32(math.Float32bits(round)) + 127
	return y * math.Float32frombits(uint32(e)<<23)
}
