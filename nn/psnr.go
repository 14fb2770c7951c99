package nn

import (
	"fmt"
	"math"
)

// PSNR is the peak signal-to-noise ratio of image b against the reference a,
// in decibels, for data range 1: 10·log10(1 / MSE). This is what
// scikit-image's peak_signal_noise_ratio gives for float images in [0, 1].
// Identical images give +Inf. The sums run in float64.
func PSNR[T Float](a, b []T) float64 {
	if len(a) != len(b) || len(a) == 0 {
		panic(fmt.Sprintf("nn: PSNR of %d and %d values", len(a), len(b)))
	}
	var sse float64
	for i, v := range a {
		d := float64(v) - float64(b[i])
		sse += d * d
	}
	return 10 * math.Log10(float64(len(a))/sse)
}

// MaxPSNR is what MeanPSNR counts for a row reproduced exactly (MSE below
// 1e-10), so that one perfect copy, such as an occlusion that fell on blank
// paper, cannot make a mean infinite.
const MaxPSNR = 100

// MeanPSNR is the PSNR of each row of b against the same row of a, each at
// most MaxPSNR, averaged over the rows, as the course reports it for a
// validation set.
func MeanPSNR[T Float](a, b *Matrix[T]) float64 {
	mustShape("MeanPSNR b", b, a.Rows, a.Cols)
	if a.Rows == 0 {
		return 0
	}
	var sum float64
	for i := 0; i < a.Rows; i++ {
		sum += min(PSNR(a.Row(i), b.Row(i)), MaxPSNR)
	}
	return sum / float64(a.Rows)
}
