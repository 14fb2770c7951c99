package dataset

import (
	"math"
	"math/rand/v2"
)

// Augment describes random distortions of 32×32 character images (1 = paper,
// 0 = ink, as glyph.Normalize writes them), drawn afresh for every sample
// during training so that the network sees a new variant each epoch. They
// mimic what the data does not show but users produce: characters drawn with
// a mouse or finger (shaky, slanted, thick or thin) and crops from photos
// (off-centre, rotated, scaled). Zero fields switch a distortion off.
type Augment struct {
	Shift  float64 // largest translation, pixels (uniform in ±Shift on each axis)
	Rotate float64 // largest rotation, degrees
	Scale  float64 // largest relative change of size (0.1: ×0.9 … ×1.1)
	Aspect float64 // largest relative change of width against height
	Shear  float64 // largest horizontal shear, x += Shear·y (slant)
	// Stroke is the probability of thinning or thickening the strokes (half
	// each), by a random part of one pixel on each side.
	Stroke float64
	// Elastic is the standard deviation, in pixels, of a smooth random
	// displacement field (Simard et al. 2003): random offsets on a coarse
	// grid, interpolated bilinearly. 0 switches it off.
	Elastic float64
	// Plain is the probability of leaving a sample exactly as it is: the
	// test images are never distorted.
	Plain float64
}

// DefaultAugment is the augmentation `inkling train cnn` uses: ±2 pixels,
// ±10°, ±12% size, ±5% aspect, shear ±0.25, stroke changes on 10% of the
// samples, elastic jitter of 0.7 pixel, and a quarter of the samples left
// as they are. Stroke width and aspect are kept mild: in the data they carry
// part of what tells O from 0 and I from 1 (letters are written with
// relatively thicker strokes and wider).
func DefaultAugment() Augment {
	return Augment{Shift: 2, Rotate: 10, Scale: 0.12, Aspect: 0.05, Shear: 0.25, Stroke: 0.1, Elastic: 0.7, Plain: 0.25}
}

const (
	side = 32 // image side
	// gridSide is the elastic field's control grid: 5×5 points over the
	// image, one every 7.75 pixels, so the field bends strokes, not pixels.
	gridSide = 5
)

// Augmenter applies an Augment with its own scratch buffers. It allocates
// nothing per image and is not safe for concurrent use.
type Augmenter struct {
	Augment
	ink, tmp [side * side]float32
	gx, gy   [gridSide * gridSide]float64
}

// NewAugmenter returns an Augmenter for a.
func NewAugmenter(a Augment) *Augmenter { return &Augmenter{Augment: a} }

// Apply distorts the 32×32 image img in place, drawing every random choice
// from rng, so a seeded generator gives the same images.
func (a *Augmenter) Apply(img []float32, rng *rand.Rand) {
	if len(img) != side*side {
		panic("dataset: Augmenter.Apply needs a 32×32 image")
	}
	if a.Plain > 0 && rng.Float64() < a.Plain {
		return
	}
	uni := func(r float64) float64 { return r * (2*rng.Float64() - 1) }
	theta := uni(a.Rotate) * math.Pi / 180
	s := 1 + uni(a.Scale)
	asp := 1 + uni(a.Aspect)
	sh := uni(a.Shear)
	tx, ty := uni(a.Shift), uni(a.Shift)
	// Forward map M = R(θ)·Shear(sh)·diag(s·asp, s); the sampler needs M⁻¹.
	sx, sy := s*asp, s
	cos, sin := math.Cos(theta), math.Sin(theta)
	m00, m01 := cos*sx, (cos*sh-sin)*sy
	m10, m11 := sin*sx, (sin*sh+cos)*sy
	det := m00*m11 - m01*m10
	i00, i01, i10, i11 := m11/det, -m01/det, -m10/det, m00/det
	elastic := a.Elastic > 0
	if elastic {
		for i := range a.gx {
			a.gx[i], a.gy[i] = a.Elastic*rng.NormFloat64(), a.Elastic*rng.NormFloat64()
		}
	}
	const c = (side - 1) / 2.0 // centre of the frame
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			px, py := float64(x)-c-tx, float64(y)-c-ty
			if elastic {
				dx, dy := a.field(float64(x), float64(y))
				px, py = px+dx, py+dy
			}
			u := i00*px + i01*py + c
			v := i10*px + i11*py + c
			a.tmp[y*side+x] = inkAt(img, u, v)
		}
	}
	a.ink = a.tmp
	if a.Stroke > 0 && rng.Float64() < a.Stroke {
		// How much of a one-pixel change on each side: up to all of it when
		// thickening, up to 60% when thinning, so 2.4-pixel strokes survive.
		thicken := rng.Float64() < 0.5
		amount := float32(0.3 + 0.7*rng.Float64())
		if !thicken {
			amount = float32(0.2 + 0.4*rng.Float64())
		}
		morph(a.tmp[:], a.ink[:], thicken)
		for i, v := range a.tmp {
			a.ink[i] += amount * (v - a.ink[i])
		}
	}
	for i, v := range a.ink {
		img[i] = 1 - min(max(v, 0), 1)
	}
}

// field is the elastic displacement at pixel (x, y), interpolated from the grid.
func (a *Augmenter) field(x, y float64) (float64, float64) {
	const step = (side - 1) / float64(gridSide-1)
	gx, gy := x/step, y/step
	i, j := min(int(gx), gridSide-2), min(int(gy), gridSide-2)
	fx, fy := gx-float64(i), gy-float64(j)
	at := func(g *[gridSide * gridSide]float64) float64 {
		k := j*gridSide + i
		return (1-fy)*((1-fx)*g[k]+fx*g[k+1]) + fy*((1-fx)*g[k+gridSide]+fx*g[k+gridSide+1])
	}
	return at(&a.gx), at(&a.gy)
}

// inkAt samples the ink (1 − img) at (u, v) with the Catmull-Rom kernel;
// outside the frame is paper. Bilinear sampling would soften the edges of
// every training image by a random amount, up to averaging neighbours at
// half a pixel off, while the test images are never resampled; Catmull-Rom
// keeps them close to their own sharpness (and the caller clamps its small
// overshoot at edges).
func inkAt(img []float32, u, v float64) float32 {
	x0, y0 := int(math.Floor(u)), int(math.Floor(v))
	wx, wy := catmullRom(u-float64(x0)), catmullRom(v-float64(y0))
	var sum float32
	for j := range 4 {
		y := y0 - 1 + j
		if y < 0 || y >= side || wy[j] == 0 {
			continue
		}
		var row float32
		for i := range 4 {
			x := x0 - 1 + i
			if x < 0 || x >= side {
				continue
			}
			row += wx[i] * (1 - img[y*side+x])
		}
		sum += wy[j] * row
	}
	return sum
}

// catmullRom returns the Catmull-Rom weights of the four samples at
// offsets -1, 0, 1 and 2 for a point t ∈ [0, 1) past the second. They sum
// to 1, and t = 0 gives the second sample alone.
func catmullRom(t float64) [4]float32 {
	t2, t3 := t*t, t*t*t
	return [4]float32{
		float32(-0.5*t3 + t2 - 0.5*t),
		float32(1.5*t3 - 2.5*t2 + 1),
		float32(-1.5*t3 + 2*t2 + 0.5*t),
		float32(0.5*t3 - 0.5*t2),
	}
}

// morph writes into dst the grey-level dilation (thicken) or erosion of the
// ink src with a 3×3 cross: each pixel becomes the max (min) of itself and
// its four neighbours, with paper beyond the border.
func morph(dst, src []float32, thicken bool) {
	for y := 0; y < side; y++ {
		for x := 0; x < side; x++ {
			v := src[y*side+x]
			for _, d := range [4][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
				xx, yy := x+d[0], y+d[1]
				var n float32 // paper
				if xx >= 0 && yy >= 0 && xx < side && yy < side {
					n = src[yy*side+xx]
				}
				if thicken {
					v = max(v, n)
				} else {
					v = min(v, n)
				}
			}
			dst[y*side+x] = v
		}
	}
}
