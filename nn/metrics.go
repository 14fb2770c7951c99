package nn

import "sort"

// Confusion counts, for k classes, how often truth i was predicted as j:
// the result is indexed [truth][predicted].
func Confusion(truth, pred []int, k int) [][]int {
	c := make([][]int, k)
	for i := range c {
		c[i] = make([]int, k)
	}
	for i, t := range truth {
		c[t][pred[i]]++
	}
	return c
}

// Accuracy is the fraction of the confusion matrix on its diagonal.
func Accuracy(c [][]int) float64 {
	right, total := 0, 0
	for i, row := range c {
		for j, v := range row {
			total += v
			if i == j {
				right += v
			}
		}
	}
	if total == 0 {
		return 0
	}
	return float64(right) / float64(total)
}

// Recall returns, per class, the fraction of its samples predicted correctly
// (0 for a class with no samples).
func Recall(c [][]int) []float64 {
	r := make([]float64, len(c))
	for i, row := range c {
		total := 0
		for _, v := range row {
			total += v
		}
		if total > 0 {
			r[i] = float64(row[i]) / float64(total)
		}
	}
	return r
}

// BalancedAccuracy is the mean recall over the classes that have samples.
func BalancedAccuracy(c [][]int) float64 {
	sum, n := 0.0, 0
	for i, r := range Recall(c) {
		total := 0
		for _, v := range c[i] {
			total += v
		}
		if total > 0 {
			sum += r
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// Confused is one off-diagonal cell: Truth predicted as Pred, Count times.
type Confused struct {
	Truth, Pred int
	Count       int
}

// TopConfused returns the n largest off-diagonal cells, largest first.
func TopConfused(c [][]int, n int) []Confused {
	var all []Confused
	for i, row := range c {
		for j, v := range row {
			if i != j && v > 0 {
				all = append(all, Confused{i, j, v})
			}
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].Count > all[b].Count })
	if len(all) > n {
		all = all[:n]
	}
	return all
}

// Argmax returns the index of the largest value in each row of p.
func Argmax[T Float](dst []int, p *Matrix[T]) []int {
	dst = dst[:0]
	for i := 0; i < p.Rows; i++ {
		row := p.Row(i)
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		dst = append(dst, best)
	}
	return dst
}
