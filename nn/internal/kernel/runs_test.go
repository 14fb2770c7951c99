package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestRunsBitIdentical checks CopyRuns and AddRuns against the plain loops for
// run lengths around the 8-lane step, and that nothing between or after the
// runs is touched (those values are NaN sentinels left in place).
func TestRunsBitIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	for _, tc := range []struct{ m, n, ldd, lds int }{
		{1, 1, 1, 1}, {5, 3, 7, 9}, {8, 4, 8, 10}, {10, 10, 14, 10}, {13, 2, 13, 20}, {28, 28, 32, 28}, {3, 5, 3, 3},
	} {
		src := make([]float32, (tc.n-1)*tc.lds+tc.m)
		for i := range src {
			src[i] = float32(rng.NormFloat64())
		}
		size := (tc.n-1)*tc.ldd + tc.m + 8 // 8 sentinels past the last run
		base := make([]float32, size)
		for i := range base {
			base[i] = float32(math.NaN())
		}
		for r := 0; r < tc.n; r++ {
			for j := 0; j < tc.m; j++ {
				base[r*tc.ldd+j] = float32(rng.NormFloat64())
			}
		}
		wantCopy, wantAdd := append([]float32(nil), base...), append([]float32(nil), base...)
		for r := 0; r < tc.n; r++ {
			for j := 0; j < tc.m; j++ {
				wantCopy[r*tc.ldd+j] = src[r*tc.lds+j]
				wantAdd[r*tc.ldd+j] += src[r*tc.lds+j]
			}
		}
		gotCopy, gotAdd := append([]float32(nil), base...), append([]float32(nil), base...)
		CopyRuns(gotCopy, tc.ldd, src, tc.lds, tc.m, tc.n)
		AddRuns(gotAdd, tc.ldd, src, tc.lds, tc.m, tc.n)
		for i := range base {
			if math.Float32bits(gotCopy[i]) != math.Float32bits(wantCopy[i]) {
				t.Fatalf("%+v: CopyRuns[%d] = %v; want %v", tc, i, gotCopy[i], wantCopy[i])
			}
			if math.Float32bits(gotAdd[i]) != math.Float32bits(wantAdd[i]) {
				t.Fatalf("%+v: AddRuns[%d] = %v; want %v", tc, i, gotAdd[i], wantAdd[i])
			}
		}
	}
}

// TestRunsPanics: runs that do not fit their slices are a programmer error.
func TestRunsPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Errorf("CopyRuns past the end of dst did not panic")
		}
	}()
	CopyRuns(make([]float32, 10), 5, make([]float32, 20), 5, 6, 2) // the second run ends at 11 > 10
}

// TestBlocks checks CopyBlocks and AddBlocks against CopyRuns and AddRuns
// block by block, with overlapping source blocks (step 1, as in im2col).
func TestBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 15))
	for _, tc := range []struct{ m, n, ldd, lds, count int }{{10, 10, 10, 14, 5}, {3, 4, 3, 7, 5}, {28, 28, 28, 32, 5}, {16, 2, 20, 16, 3}} {
		dstep := (tc.n-1)*tc.ldd + tc.m + 3 // 3 untouched values between blocks
		src := make([]float32, (tc.count-1)+(tc.n-1)*tc.lds+tc.m)
		for i := range src {
			src[i] = float32(rng.NormFloat64())
		}
		base := make([]float32, (tc.count-1)*dstep+(tc.n-1)*tc.ldd+tc.m+8)
		for i := range base {
			base[i] = float32(rng.NormFloat64())
		}
		wantCopy, wantAdd := append([]float32(nil), base...), append([]float32(nil), base...)
		for b := 0; b < tc.count; b++ {
			CopyRuns(wantCopy[b*dstep:], tc.ldd, src[b:], tc.lds, tc.m, tc.n)
			AddRuns(wantAdd[b*dstep:], tc.ldd, src[b:], tc.lds, tc.m, tc.n)
		}
		gotCopy, gotAdd := append([]float32(nil), base...), append([]float32(nil), base...)
		CopyBlocks(gotCopy, tc.ldd, dstep, src, tc.lds, 1, tc.m, tc.n, tc.count)
		AddBlocks(gotAdd, tc.ldd, dstep, src, tc.lds, 1, tc.m, tc.n, tc.count)
		for i := range base {
			if math.Float32bits(gotCopy[i]) != math.Float32bits(wantCopy[i]) {
				t.Fatalf("%+v: CopyBlocks[%d] = %v; want %v", tc, i, gotCopy[i], wantCopy[i])
			}
			if math.Float32bits(gotAdd[i]) != math.Float32bits(wantAdd[i]) {
				t.Fatalf("%+v: AddBlocks[%d] = %v; want %v", tc, i, gotAdd[i], wantAdd[i])
			}
		}
	}
}
