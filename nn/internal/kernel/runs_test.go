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

// TestAddBlocksOverlap checks AddBlocks with blocks one value apart in dst
// (col2im's window offsets of one window row) against the plain loop, in
// the order of t, bit for bit, for rows that fit 16 lanes and rows that do
// not; the values around the image rows are NaN sentinels left in place.
func TestAddBlocksOverlap(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 16))
	for _, tc := range []struct{ m, n, ldd, lds, count, sstep int }{
		{10, 10, 14, 10, 5, 400}, // the peer's second layer: 10 outputs of 5 offsets over a row of 14
		{1, 3, 4, 1, 1, 7},       // one value
		{12, 4, 16, 12, 5, 50},   // 16 lanes exactly
		{13, 4, 17, 13, 5, 60},   // 17: the general loop
		{16, 2, 18, 16, 3, 40},   // the shipped second layer, padded
		{3, 5, 9, 4, 7, 23},      // more offsets than outputs
	} {
		w := tc.m + tc.count - 1 // values of an image row the blocks reach
		src := make([]float32, (tc.count-1)*tc.sstep+(tc.n-1)*tc.lds+tc.m)
		for i := range src {
			src[i] = float32(rng.NormFloat64())
		}
		base := make([]float32, (tc.n-1)*tc.ldd+w+8) // 8 sentinels past the last row
		for i := range base {
			base[i] = float32(math.NaN())
		}
		for r := 0; r < tc.n; r++ {
			for j := 0; j < w; j++ {
				base[r*tc.ldd+j] = float32(rng.NormFloat64())
			}
		}
		want := append([]float32(nil), base...)
		for b := 0; b < tc.count; b++ {
			for r := 0; r < tc.n; r++ {
				for j := 0; j < tc.m; j++ {
					want[b+r*tc.ldd+j] += src[b*tc.sstep+r*tc.lds+j]
				}
			}
		}
		got := append([]float32(nil), base...)
		AddBlocks(got, tc.ldd, 1, src, tc.lds, tc.sstep, tc.m, tc.n, tc.count)
		for i := range base {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("%+v: AddBlocks[%d] = %v; want %v", tc, i, got[i], want[i])
			}
		}
	}
}
