package glyph

import "sync"

// scratch hands out zeroed slices from reusable arenas, so that Normalize,
// which runs some 89,000 times when the training data is loaded, allocates
// (and makes the garbage collector work) almost nothing. A nil *scratch
// allocates fresh slices.
type scratch struct {
	f32  []float32
	n32  int
	f64  []float64
	n64  int
	ints []int
	nInt int
}

// scratchPool holds the arenas between calls; each call takes its own.
var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// reset makes the whole arena available again; slices handed out before
// must no longer be used.
func (s *scratch) reset() { s.n32, s.n64, s.nInt = 0, 0, 0 }

func (s *scratch) float32s(n int) []float32 {
	if s == nil {
		return make([]float32, n)
	}
	if s.n32+n > len(s.f32) {
		// Start a new arena; slices already handed out keep the old one.
		s.f32, s.n32 = make([]float32, max(2*len(s.f32), n, 1<<14)), 0
	}
	r := s.f32[s.n32 : s.n32+n : s.n32+n]
	s.n32 += n
	clear(r)
	return r
}

func (s *scratch) float64s(n int) []float64 {
	if s == nil {
		return make([]float64, n)
	}
	if s.n64+n > len(s.f64) {
		s.f64, s.n64 = make([]float64, max(2*len(s.f64), n, 1<<13)), 0
	}
	r := s.f64[s.n64 : s.n64+n : s.n64+n]
	s.n64 += n
	clear(r)
	return r
}

func (s *scratch) intSlice(n int) []int {
	if s == nil {
		return make([]int, n)
	}
	if s.nInt+n > len(s.ints) {
		s.ints, s.nInt = make([]int, max(2*len(s.ints), n, 1<<10)), 0
	}
	r := s.ints[s.nInt : s.nInt+n : s.nInt+n]
	s.nInt += n
	clear(r)
	return r
}
