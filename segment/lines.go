package segment

import (
	"image"
	"math"
	"slices"
	"sort"
)

// piece is a set of components being assembled into a character.
type piece struct {
	box   image.Rectangle
	area  int
	parts []int32
}

func (p piece) cx() float64 { return float64(p.box.Min.X+p.box.Max.X) / 2 }
func (p piece) cy() float64 { return float64(p.box.Min.Y+p.box.Max.Y) / 2 }

// groupChars turns components into characters grouped into lines:
//  1. drop specks (smaller than a pen dot), page borders and ruled lines;
//  2. chain the character-sized pieces into lines, left to right, each
//     joining the line whose course (fitted through its last characters,
//     so tilted and curved lines work) passes closest to it;
//  3. merge the pieces of a line that overlap in x: the strokes of one
//     character drawn apart ('T', 'E', a 'D' in two strokes);
//  4. drop what stays small (full stops, commas, dust);
//  5. order the lines top to bottom and mark the word gaps.
func groupChars(comps []Component, sw int, bounds image.Rectangle) []Line {
	var pieces []piece
	for i, c := range comps {
		// A dot narrower than the pen in both directions is noise.
		if c.Box.Dx() < sw && c.Box.Dy() < sw {
			continue
		}
		pieces = append(pieces, piece{box: c.Box, area: c.Area, parts: []int32{int32(i + 1)}})
	}
	charH := typicalHeight(pieces, sw)
	if charH == 0 {
		return nil
	}
	pieces = slices.DeleteFunc(pieces, func(p piece) bool { return notText(p, charH, sw, bounds) })

	// Anchors are at least 40% of a typical character tall; flatter pieces
	// (the bar of a 'T', dots, dashes) join a line afterwards or are dropped.
	var anchors, small []piece
	for _, p := range pieces {
		if float64(p.box.Dy()) >= 0.4*charH {
			anchors = append(anchors, p)
		} else {
			small = append(small, p)
		}
	}
	lines, skew := chainLines(anchors, charH)
	for _, p := range small {
		if l := nearestLine(lines, p, skew); l != nil {
			*l = append(*l, p)
		}
	}
	for i, l := range lines {
		l = mergeOverlaps(l)
		lh := lineHeight(l)
		// What is still under a third of the line's height after merging is
		// punctuation or dust, not a capital letter or digit.
		lines[i] = slices.DeleteFunc(l, func(p piece) bool {
			return float64(max(p.box.Dx(), p.box.Dy())) < lh/3
		})
	}
	lines = slices.DeleteFunc(lines, func(l []piece) bool { return len(l) == 0 })
	split := wordSplit(lines)
	var out []Line
	for _, l := range lines {
		out = append(out, Line{Chars: words(l, split)})
	}
	sortLines(out)
	return out
}

// typicalHeight is the median height of the pieces that are clearly more
// than a dot (taller than three pen widths), or 0 if there are none.
func typicalHeight(pieces []piece, sw int) float64 {
	var hs []int
	for _, p := range pieces {
		if p.box.Dy() > 3*sw {
			hs = append(hs, p.box.Dy())
		}
	}
	if len(hs) == 0 {
		return 0
	}
	slices.Sort(hs)
	return float64(hs[len(hs)/2])
}

// notText reports pieces that are no character: far larger than a typical
// one (page edges, drawings), long thin rules, solid blobs (shadows,
// stains, fingers) and large shapes cut by the image border.
func notText(p piece, charH float64, sw int, bounds image.Rectangle) bool {
	w, h := float64(p.box.Dx()), float64(p.box.Dy())
	switch {
	case min(w, h) > 3*float64(sw) && float64(p.area) > 0.6*w*h:
		// Pen strokes cover well under half of their box (about 10-35% for
		// capitals and digits) unless the box is only a stroke or two wide.
		return true
	case h > 4*charH || w > 8*charH: // no single character is that big
		return true
	case w > 3*charH && h < 0.3*charH: // a ruled line
		return true
	case h > 3*charH && w < 0.3*charH: // a margin line
		return true
	}
	touches := p.box.Min.X <= bounds.Min.X || p.box.Min.Y <= bounds.Min.Y ||
		p.box.Max.X >= bounds.Max.X || p.box.Max.Y >= bounds.Max.Y
	// The page's edge, a shadow, or the dark world beyond a corner of the
	// page: larger than a character, or more solid than pen strokes.
	return touches && (w > 2*charH || h > 2*charH || float64(p.area) > 0.4*w*h)
}

// chainLines assigns anchors to lines, visiting them left to right. It
// runs twice: the first pass measures the page's skew (the median slope of
// its longer lines), the second follows that skew where a line has too few
// characters yet to show its own slope.
func chainLines(anchors []piece, charH float64) (lines [][]piece, skew float64) {
	sort.Slice(anchors, func(i, j int) bool { return anchors[i].cx() < anchors[j].cx() })
	lines = chainPass(anchors, charH, 0)
	var slopes []float64
	for _, l := range lines {
		if len(l) >= 3 {
			slopes = append(slopes, fitSlope(l, charH, 0))
		}
	}
	if len(slopes) == 0 {
		return lines, 0
	}
	slices.Sort(slopes)
	skew = slopes[len(slopes)/2]
	return chainPass(anchors, charH, skew), skew
}

// chainPass does one left-to-right pass of chainLines with the given skew.
func chainPass(anchors []piece, charH, skew float64) [][]piece {
	var lines [][]piece
	for _, p := range anchors {
		best, bestD := -1, math.Inf(1)
		for i, l := range lines {
			last := l[len(l)-1]
			// A line ends after a gap of 8 character heights; further right is
			// another column.
			if float64(p.box.Min.X-last.box.Max.X) > 8*charH {
				continue
			}
			lh := max(lineHeight(l), float64(p.box.Dy()))
			d := math.Abs(p.cy()-predictY(l, p.cx(), charH, skew)) / lh
			if d < bestD {
				best, bestD = i, d
			}
		}
		// Half a line height off the line's course: same line.
		if best >= 0 && bestD < 0.5 {
			lines[best] = append(lines[best], p)
		} else {
			lines = append(lines, []piece{p})
		}
	}
	return lines
}

// predictY extrapolates the centre line of l to x, along the slope fitted
// through its last six pieces.
func predictY(l []piece, x, charH, skew float64) float64 {
	tail := l[max(0, len(l)-6):]
	var mx, my float64
	for _, p := range tail {
		mx += p.cx()
		my += p.cy()
	}
	n := float64(len(tail))
	mx, my = mx/n, my/n
	return my + fitSlope(tail, charH, skew)*(x-mx)
}

// fitSlope is the least-squares slope of the centres of the last six pieces
// of l, pulled towards skew as if one more pair of points two character
// heights apart lay along it (so two close characters do not set the
// course of a line), and limited to ±0.3 (17 degrees).
func fitSlope(l []piece, charH, skew float64) float64 {
	tail := l[max(0, len(l)-6):]
	var mx, my float64
	for _, p := range tail {
		mx += p.cx()
		my += p.cy()
	}
	n := float64(len(tail))
	mx, my = mx/n, my/n
	var sxx, sxy float64
	for _, p := range tail {
		sxx += (p.cx() - mx) * (p.cx() - mx)
		sxy += (p.cx() - mx) * (p.cy() - my)
	}
	prior := 2 * charH * charH // Σ(x-mean)² of two points 2·charH apart
	return max(-0.3, min(0.3, (sxy+prior*skew)/(sxx+prior)))
}

// lineHeight is the median height of the pieces of l.
func lineHeight(l []piece) float64 {
	hs := make([]int, len(l))
	for i, p := range l {
		hs[i] = p.box.Dy()
	}
	slices.Sort(hs)
	return float64(hs[len(hs)/2])
}

// nearestLine returns the line whose x range holds p and whose course is
// closest to p's centre, if p lies within its height.
func nearestLine(lines [][]piece, p piece, skew float64) *[]piece {
	var best *[]piece
	bestD := math.Inf(1)
	for i := range lines {
		l := lines[i]
		lh := lineHeight(l)
		if p.cx() < float64(l[0].box.Min.X)-lh || p.cx() > float64(l[len(l)-1].box.Max.X)+lh {
			continue
		}
		d := math.Abs(p.cy()-predictY(l, p.cx(), lh, skew)) / lh
		if d < 0.75 && d < bestD { // within the line's band
			best, bestD = &lines[i], d
		}
	}
	return best
}

// mergeOverlaps merges the pieces of one line that overlap in x by more
// than half the narrower one's width, and returns them sorted by x.
func mergeOverlaps(l []piece) []piece {
	for merged := true; merged; {
		merged = false
		sort.Slice(l, func(i, j int) bool { return l[i].box.Min.X < l[j].box.Min.X })
		for i := 0; i+1 < len(l) && !merged; i++ {
			for j := i + 1; j < len(l) && l[j].box.Min.X < l[i].box.Max.X; j++ {
				a, b := l[i].box, l[j].box
				ov := min(a.Max.X, b.Max.X) - max(a.Min.X, b.Min.X)
				if 2*ov > min(a.Dx(), b.Dx()) {
					l[i].box = a.Union(b)
					l[i].area += l[j].area
					l[i].parts = append(l[i].parts, l[j].parts...)
					l = slices.Delete(l, j, j+1)
					merged = true
					break
				}
			}
		}
	}
	return l
}

// words turns a line's pieces (sorted by x) into characters, with a word
// gap before every character whose gap to its left neighbour, in line
// heights, exceeds split.
func words(l []piece, split float64) []Char {
	chars := make([]Char, len(l))
	lh := lineHeight(l)
	for i, p := range l {
		chars[i] = Char{work: p.box, parts: p.parts}
		if i > 0 {
			chars[i].SpaceBefore = float64(p.box.Min.X-l[i-1].box.Max.X)/lh > split
		}
	}
	return chars
}

// wordSplit finds the gap (in line heights) that separates the gaps
// between letters from those between words on the whole page: the split
// of all gaps into two groups with the largest between-group variance
// (Otsu's criterion on the sorted gaps). Word gaps must be at least 0.4 line
// heights and, on average, twice the letter gaps; a page where the gaps
// do not fall into two such groups has no word gaps.
func wordSplit(lines [][]piece) float64 {
	var gaps []float64
	for _, l := range lines {
		lh := lineHeight(l)
		for i := 1; i < len(l); i++ {
			gaps = append(gaps, float64(l[i].box.Min.X-l[i-1].box.Max.X)/lh)
		}
	}
	none := math.Inf(1)
	if len(gaps) < 2 {
		return none
	}
	slices.Sort(gaps)
	var total float64
	for _, g := range gaps {
		total += g
	}
	best, split := -1.0, none
	var s0 float64
	for i := 1; i < len(gaps); i++ {
		s0 += gaps[i-1]
		n0, n1 := float64(i), float64(len(gaps)-i)
		m0, m1 := s0/n0, (total-s0)/n1
		if v := n0 * n1 * (m1 - m0) * (m1 - m0); v > best && m1 > 2*max(m0, 0.05) {
			best, split = v, max((gaps[i-1]+gaps[i])/2, 0.4)
		}
	}
	return split
}

// sortLines orders lines top to bottom. Lines are compared where they
// cross the page's vertical centre line, following the median slope of
// the page's lines, so that tilted pages keep their order.
func sortLines(lines []Line) {
	var slopes []float64
	for _, l := range lines {
		if len(l.Chars) < 3 {
			continue
		}
		a, z := l.Chars[0].work, l.Chars[len(l.Chars)-1].work
		if dx := float64(z.Min.X+z.Max.X-a.Min.X-a.Max.X) / 2; dx > 0 {
			slopes = append(slopes, float64(z.Min.Y+z.Max.Y-a.Min.Y-a.Max.Y)/2/dx)
		}
	}
	slope := 0.0
	if len(slopes) > 0 {
		slices.Sort(slopes)
		slope = slopes[len(slopes)/2]
	}
	key := func(l Line) float64 {
		var s float64
		for _, c := range l.Chars {
			s += float64(c.work.Min.Y+c.work.Max.Y)/2 - slope*float64(c.work.Min.X+c.work.Max.X)/2
		}
		return s / float64(len(l.Chars))
	}
	sort.SliceStable(lines, func(i, j int) bool { return key(lines[i]) < key(lines[j]) })
}
