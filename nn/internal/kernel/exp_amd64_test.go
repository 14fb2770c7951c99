//go:build amd64 && !purego

package kernel

import (
	"math"
	"testing"
)

// TestExpAVX512MatchesAVX2: the 16-lane and 8-lane assembly do the same operations per lane, so
// Exp and Sigmoid give the same bits whichever runs (TestExp checks the accuracy of both).
func TestExpAVX512MatchesAVX2(t *testing.T) {
	if !hasAVX512 || !hasAVX2FMA {
		t.Skip("kernel: this CPU lacks AVX-512 or AVX2+FMA")
	}
	xs := expInputs()
	for _, f := range []struct {
		name string
		fn   func(dst, src []float32)
	}{{"Exp", Exp}, {"Sigmoid", Sigmoid}} {
		wide := make([]float32, len(xs))
		f.fn(wide, xs)
		hasAVX512 = false
		narrow := make([]float32, len(xs))
		f.fn(narrow, xs)
		hasAVX512 = true
		for i := range xs {
			if math.Float32bits(wide[i]) != math.Float32bits(narrow[i]) {
				t.Fatalf("%s(%v) = %v with AVX-512; want AVX2's %v", f.name, xs[i], wide[i], narrow[i])
			}
		}
	}
}
