package nn

import (
	"math"
	"testing"
)

func TestPSNR(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []float64
		want float64
	}{
		// MSE 0.01 → 10·log10(1/0.01) = 20 dB.
		{"uniform error 0.1", []float64{0, 0.5, 1, 0.25}, []float64{0.1, 0.4, 0.9, 0.35}, 20},
		// One pixel off by 1 out of 4: MSE 0.25 → 10·log10(4) ≈ 6.0206 dB.
		{"one pixel wrong", []float64{1, 1, 1, 1}, []float64{1, 0, 1, 1}, 10 * math.Log10(4)},
		// MSE 1e-4 → 40 dB.
		{"small error", []float64{0.5, 0.5}, []float64{0.51, 0.49}, 40},
		{"identical", []float64{0.3, 0.7}, []float64{0.3, 0.7}, math.Inf(1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := PSNR(tc.a, tc.b)
			if !(math.Abs(got-tc.want) < 1e-9 || got == tc.want) {
				t.Errorf("PSNR(%v, %v) = %v; want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// TestMeanPSNR checks that the mean is over per-image PSNRs, not the PSNR of
// the pooled error: 20 dB and 40 dB average to 30 dB, whereas the pooled MSE
// (0.01+0.0001)/2 would give about 23 dB.
func TestMeanPSNR(t *testing.T) {
	a := FromSlice(2, 2, []float32{0, 0, 0.5, 0.5})
	b := FromSlice(2, 2, []float32{0.1, 0.1, 0.51, 0.49})
	if got := MeanPSNR(a, b); math.Abs(got-30) > 1e-4 { // float32 inputs: 1e-4 dB slack
		t.Errorf("MeanPSNR = %v; want 30", got)
	}
}

// TestMeanPSNRExactCopy checks that an exactly reproduced row counts as
// MaxPSNR: rows at 20 dB and 100 dB average to 60 dB, not +Inf.
func TestMeanPSNRExactCopy(t *testing.T) {
	a := FromSlice(2, 2, []float64{0, 0, 0.5, 0.5})
	b := FromSlice(2, 2, []float64{0.1, 0.1, 0.5, 0.5})
	if got := MeanPSNR(a, b); math.Abs(got-60) > 1e-9 {
		t.Errorf("MeanPSNR = %v; want 60", got)
	}
}
