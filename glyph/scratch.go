package glyph

import "sync"

// scratch hands out zeroed slices from reusable arenas, so that Normalize,
// which runs some 89,000 times when the training data is loaded, allocates
// (and makes the garbage collector work) almost nothing. A nil *scratch
// allocates fresh slices.
type scratch struct {
	f32  arena[float32]
	f64  arena[float64]
	ints arena[int]
	taps arena[taps]
}

// scratchPool holds the arenas between calls; each call takes its own.
var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// reset makes the whole arena available again; slices handed out before
// must no longer be used.
func (s *scratch) reset() { s.f32.used, s.f64.used, s.ints.used, s.taps.used = 0, 0, 0, 0 }

// arena is one typed arena of a scratch: its storage and how much of it is
// handed out.
type arena[E any] struct {
	buf  []E
	used int
}

// take hands out n zeroed elements, starting a new buffer (at least least
// long, doubling) when the current one is full; slices already handed out
// keep the old buffer.
func take[E any](a *arena[E], n, least int) []E {
	if a.used+n > len(a.buf) {
		a.buf, a.used = make([]E, max(2*len(a.buf), n, least)), 0
	}
	r := a.buf[a.used : a.used+n : a.used+n]
	a.used += n
	clear(r)
	return r
}

func (s *scratch) float32s(n int) []float32 {
	if s == nil {
		return make([]float32, n)
	}
	return take(&s.f32, n, 1<<14)
}

func (s *scratch) float64s(n int) []float64 {
	if s == nil {
		return make([]float64, n)
	}
	return take(&s.f64, n, 1<<13)
}

func (s *scratch) intSlice(n int) []int {
	if s == nil {
		return make([]int, n)
	}
	return take(&s.ints, n, 1<<10)
}

func (s *scratch) tapSlice(n int) []taps {
	if s == nil {
		return make([]taps, n)
	}
	return take(&s.taps, n, 1<<7)
}
