package kernel

import (
	"math"
	"testing"
)

// ulps returns the distance between got and want in units in the last place of float32 want.
func ulps(got float32, want float64) float64 {
	w := float32(want)
	ulp := math.Nextafter32(float32(math.Abs(float64(w))), float32(math.Inf(1))) - float32(math.Abs(float64(w)))
	return math.Abs(float64(got)-want) / float64(ulp)
}

// expInputs sweeps the clamped range finely, with the clamp limits and special values.
func expInputs() []float32 {
	var xs []float32
	for x := float32(-90); x <= 90; x += 0.00731 { // 0.00731: not a multiple of ln2 or of 2^-k
		xs = append(xs, x)
	}
	return append(xs, 0, float32(math.Copysign(0, -1)), expHi, expLo, 1e-8, -1e-8, 0.5*ln2Hi, -0.5*ln2Hi,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()))
}

// exps runs Exp and Sigmoid on their vector path (whole slice) and one at a time (the Go steps).
var exps = []struct {
	name string
	f    func(dst, src []float32)
}{
	{"vector", func(dst, src []float32) { Exp(dst, src) }},
	{"scalar", func(dst, src []float32) {
		for i, x := range src {
			dst[i] = exp32(x)
		}
	}},
}

func TestExp(t *testing.T) {
	xs := expInputs()
	for _, e := range exps {
		t.Run(e.name, func(t *testing.T) {
			got := make([]float32, len(xs))
			e.f(got, xs)
			for i, x := range xs {
				want := math.Exp(float64(x))
				switch {
				case math.IsNaN(float64(x)):
					if !math.IsNaN(float64(got[i])) {
						t.Errorf("Exp(NaN) = %v; want NaN", got[i])
					}
				case x > expHi: // clamped: e^expHi, expHi rounded to float32 as Exp sees it
					if w := math.Exp(float64(float32(expHi))); ulps(got[i], w) > 2 {
						t.Errorf("Exp(%v) = %v; want the clamped %v", x, got[i], w)
					}
				case x < expLo:
					if w := math.Exp(float64(float32(expLo))); ulps(got[i], w) > 2 {
						t.Errorf("Exp(%v) = %v; want the clamped %v", x, got[i], w)
					}
				default:
					if u := ulps(got[i], want); u > 2 { // Cephes states 1.7e-7 relative, about 1.5 ulp
						t.Errorf("Exp(%v) = %v; want %v (%.2f ulp)", x, got[i], want, u)
					}
				}
			}
		})
	}
}

func TestSigmoid(t *testing.T) {
	xs := expInputs()
	for _, vector := range []bool{true, false} {
		got := make([]float32, len(xs))
		if vector {
			Sigmoid(got, xs)
		} else {
			for i := range xs {
				Sigmoid(got[i:i+1], xs[i:i+1]) // one element: the Go tail
			}
		}
		for i, x := range xs {
			want := 1 / (1 + math.Exp(-float64(x)))
			switch {
			case math.IsNaN(float64(x)):
				if !math.IsNaN(float64(got[i])) {
					t.Errorf("Sigmoid(NaN) = %v; want NaN", got[i])
				}
			case want < 0x1p-126: // σ below the smallest normal float32: only an absolute bound is promised
				if math.Abs(float64(got[i])-want) > 5e-39 {
					t.Errorf("Sigmoid(%v) = %v; want %v within 5e-39", x, got[i], want)
				}
			default:
				if u := ulps(got[i], want); u > 3 { // Exp's 2 ulp, then 1+e and 1/(1+e) round once each
					t.Errorf("Sigmoid(%v) = %v; want %v (%.2f ulp, vector=%v)", x, got[i], want, u, vector)
				}
			}
		}
	}
}

func TestExpInPlace(t *testing.T) {
	x := []float32{0, 1, -1, 2, -2, 3, -3, 4, 5} // 9: one vector of 8 and a tail
	want := make([]float32, len(x))
	Exp(want, x)
	Exp(x, x)
	for i := range x {
		if x[i] != want[i] {
			t.Errorf("Exp in place: x[%d] = %v; want %v", i, x[i], want[i])
		}
	}
}

func BenchmarkExp(b *testing.B) {
	x := make([]float32, 36*1024) // the autoencoder's output layer, batch 36
	for i := range x {
		x[i] = float32(i%200)/10 - 10
	}
	y := make([]float32, len(x))
	b.Run("Sigmoid", func(b *testing.B) { cpuPerOp(b, func() { Sigmoid(y, x) }) })
	b.Run("math.Exp", func(b *testing.B) {
		cpuPerOp(b, func() {
			for i, v := range x {
				y[i] = float32(1 / (1 + math.Exp(-float64(v))))
			}
		})
	})
	b.Run("exp32", func(b *testing.B) {
		cpuPerOp(b, func() {
			for i, v := range x {
				y[i] = 1 / (1 + exp32(-v))
			}
		})
	})
}
