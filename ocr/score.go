package ocr

import "strings"

// Canonical keeps only the graded characters of s, A–Z and 0–9 (letters
// upper-cased), in order: spaces and punctuation do not count.
func Canonical(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		}
		return -1
	}, s)
}

// EditDistance is the Levenshtein distance between a and b: the fewest
// insertions, deletions and substitutions of bytes turning a into b.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1) // distances from a[:i-1] to each prefix of b
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// CharAccuracy is 1 - EditDistance(pred, truth)/len(truth) over the
// canonical characters of both (it can go below 0 when pred is much longer
// than truth). An empty truth scores 1 if pred is empty too, else 0.
func CharAccuracy(pred, truth string) float64 {
	pred, truth = Canonical(pred), Canonical(truth)
	if len(truth) == 0 {
		if len(pred) == 0 {
			return 1
		}
		return 0
	}
	return 1 - float64(EditDistance(pred, truth))/float64(len(truth))
}
