package nn

import (
	"fmt"
	"math/rand/v2"
)

// Corruptions damage a character image (values in [0, 1], 1 = paper, 0 = ink,
// row-major with the given width) in place. A denoising autoencoder learns to
// undo them, and the app shows the damaged input next to the repair.

// Corruption says how to damage an image; the zero value leaves it intact.
type Corruption struct {
	Noise   float64 // standard deviation of Gaussian noise on every pixel, then clipped to [0, 1]
	Occlude int     // side of a square of paper painted at a random place; 0 = none
	Thin    float64 // probability of thinning the strokes by one pixel
}

// Corrupt applies c to img: thinning first, then occlusion, then noise.
func Corrupt[T Float](img []T, width int, c Corruption, rng *rand.Rand) {
	if c.Thin > 0 && rng.Float64() < c.Thin {
		src := append([]T(nil), img...)
		Thin(img, src, width)
	}
	if c.Occlude > 0 {
		Occlude(img, width, c.Occlude, rng)
	}
	if c.Noise > 0 {
		AddNoise(img, c.Noise, rng)
	}
}

// AddNoise adds Gaussian noise of standard deviation sigma to every pixel and
// clips the result to [0, 1].
func AddNoise[T Float](img []T, sigma float64, rng *rand.Rand) {
	for i, v := range img {
		img[i] = T(min(1, max(0, float64(v)+sigma*rng.NormFloat64())))
	}
}

// Occlude paints a side×side square of paper (1) at a uniformly random place
// inside the image, erasing whatever ink it covers.
func Occlude[T Float](img []T, width, side int, rng *rand.Rand) {
	height := imageHeight(len(img), width)
	side = min(side, width, height)
	if side <= 0 {
		return
	}
	x0, y0 := rng.IntN(width-side+1), rng.IntN(height-side+1)
	for y := y0; y < y0+side; y++ {
		row := img[y*width : (y+1)*width]
		for x := x0; x < x0+side; x++ {
			row[x] = 1
		}
	}
}

// Thin writes into dst the image src with every stroke one pixel thinner:
// each pixel becomes the lightest of itself and its four neighbours (a grey
// erosion of the ink with a cross). dst and src must not overlap.
func Thin[T Float](dst, src []T, width int) {
	height := imageHeight(len(src), width)
	if len(dst) != len(src) {
		panic(fmt.Sprintf("nn: Thin dst has %d values; want %d", len(dst), len(src)))
	}
	for y := range height {
		for x := range width {
			v := src[y*width+x]
			if x > 0 {
				v = max(v, src[y*width+x-1])
			}
			if x+1 < width {
				v = max(v, src[y*width+x+1])
			}
			if y > 0 {
				v = max(v, src[(y-1)*width+x])
			}
			if y+1 < height {
				v = max(v, src[(y+1)*width+x])
			}
			dst[y*width+x] = v
		}
	}
}

// imageHeight returns n/width, panicking when n is not whole rows.
func imageHeight(n, width int) int {
	if width <= 0 || n%width != 0 {
		panic(fmt.Sprintf("nn: an image of %d values cannot have width %d", n, width))
	}
	return n / width
}
