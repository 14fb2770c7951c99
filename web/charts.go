package web

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strings"

	"inkling/nn"
)

// The charts of the model page are SVG built here as text, so that they
// are testable natively and need no drawing code in the browser. Colours
// come from classes styled in static/app.css.

// curveChart draws one or two series per epoch (e.g. train and valid loss)
// as lines, with the value range on the y axis.
func curveChart(title string, epochs []nn.Epoch, series ...curveSeries) string {
	const w, h, left, right, top, bottom = 320.0, 180.0, 40.0, 8.0, 20.0, 24.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, e := range epochs {
			if v := s.value(e); !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h, html.EscapeString(title))
	fmt.Fprintf(&b, `<text class="title" x="%g" y="13">%s</text>`, left, html.EscapeString(title))
	if len(epochs) == 0 || math.IsInf(lo, 1) {
		fmt.Fprintf(&b, `<text x="%g" y="%g">no training curve in this file</text></svg>`, left, h/2)
		return b.String()
	}
	if hi == lo {
		hi = lo + 1
	}
	x := func(i int) float64 {
		if len(epochs) == 1 {
			return left
		}
		return left + float64(i)*(w-left-right)/float64(len(epochs)-1)
	}
	y := func(v float64) float64 { return top + (hi-v)*(h-top-bottom)/(hi-lo) }
	fmt.Fprintf(&b, `<path class="axis" d="M%g %gV%gH%g"/>`, left, top, h-bottom, w-right)
	fmt.Fprintf(&b, `<text class="tick" x="%g" y="%g" text-anchor="end">%s</text>`, left-3, top+4, tick(hi))
	fmt.Fprintf(&b, `<text class="tick" x="%g" y="%g" text-anchor="end">%s</text>`, left-3, h-bottom, tick(lo))
	fmt.Fprintf(&b, `<text class="tick" x="%g" y="%g">epoch %d</text>`, left, h-6, epochs[0].Epoch)
	fmt.Fprintf(&b, `<text class="tick" x="%g" y="%g" text-anchor="end">%d</text>`, w-right, h-6, epochs[len(epochs)-1].Epoch)
	// Keys are right-aligned in the top margin, 60 units apart or wider when
	// the key to the right is long (about 6 units a character).
	keyEnd := make([]float64, len(series))
	for k := len(series) - 1; k >= 0; k-- {
		keyEnd[k] = w - right
		if k+1 < len(series) {
			keyEnd[k] = keyEnd[k+1] - max(60, 6*float64(len([]rune(series[k+1].name)))+16)
		}
	}
	for k, s := range series {
		var pts []string
		for i, e := range epochs {
			if v := s.value(e); !math.IsNaN(v) {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(i), y(v)))
			}
		}
		fmt.Fprintf(&b, `<polyline class="line %s" points="%s"/>`, s.class, strings.Join(pts, " "))
		fmt.Fprintf(&b, `<text class="key %s" x="%g" y="13" text-anchor="end">%s</text>`,
			s.class, keyEnd[k], html.EscapeString(s.name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// curveSeries is one line of a curve chart.
type curveSeries struct {
	name, class string
	value       func(nn.Epoch) float64 // NaN: no value this epoch
}

// The series the model page draws.
var (
	trainLoss = curveSeries{"train", "train", func(e nn.Epoch) float64 { return e.TrainLoss }}
	validLoss = curveSeries{"valid", "valid", func(e nn.Epoch) float64 { return e.ValidLoss }}
	trainAcc  = curveSeries{"train", "train", func(e nn.Epoch) float64 { return orNaN(e.TrainAcc) }}
	validAcc  = curveSeries{"valid", "valid", func(e nn.Epoch) float64 { return orNaN(e.ValidAcc) }}
)

// named returns s under another name, e.g. nn.Meta.ValidName's.
func (s curveSeries) named(name string) curveSeries {
	s.name = name
	return s
}

// orNaN marks an accuracy the file omits (stored as 0) as missing.
func orNaN(v float64) float64 {
	if v == 0 {
		return math.NaN()
	}
	return v
}

// tick formats an axis value compactly.
func tick(v float64) string {
	return fmt.Sprintf("%.3g", v)
}

// confusionChart draws the confusion matrix (rows: truth, columns:
// predicted) as a grid of cells shaded by the share of the row they hold.
// Misses are shaded by the square root of their share so that the small
// confusions that matter stay visible. Each cell carries data-t and data-p
// (its row and column) for the page's hover readout, and a <title>.
func confusionChart(conf [][]int, classes []string) string {
	n := len(conf)
	const cell, margin = 10.0, 12.0
	side := margin + cell*float64(n)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="confusion" viewBox="0 0 %g %g" role="img" aria-label="Confusion matrix: rows are the true classes, columns the predicted ones">`, side, side)
	for i := range n {
		c := html.EscapeString(className(classes, i))
		fmt.Fprintf(&b, `<text class="tick" x="%g" y="9" text-anchor="middle">%s</text>`, margin+cell*(float64(i)+0.5), c)
		fmt.Fprintf(&b, `<text class="tick" x="6" y="%g" text-anchor="middle">%s</text>`, margin+cell*float64(i)+8, c)
	}
	for t, row := range conf {
		total := rowTotal(row)
		for p, count := range row {
			if count == 0 {
				continue
			}
			share := float64(count) / float64(total)
			class, shade := "miss", math.Sqrt(share)
			if t == p {
				class, shade = "hit", share
			}
			fmt.Fprintf(&b, `<rect class="%s" x="%g" y="%g" width="%g" height="%g" fill-opacity="%.3f" data-t="%d" data-p="%d"><title>%s</title></rect>`,
				class, margin+cell*float64(p), margin+cell*float64(t), cell, cell, shade, t, p,
				html.EscapeString(cellText(conf, classes, t, p)))
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// cellText describes one cell of the confusion matrix in words.
func cellText(conf [][]int, classes []string, t, p int) string {
	if t < 0 || t >= len(conf) || p < 0 || p >= len(conf[t]) {
		return ""
	}
	total := rowTotal(conf[t])
	share := 0.0
	if total > 0 {
		share = 100 * float64(conf[t][p]) / float64(total)
	}
	return fmt.Sprintf("true %s, predicted %s: %d of %d test samples (%.1f %%)",
		className(classes, t), className(classes, p), conf[t][p], total, share)
}

func rowTotal(row []int) int {
	total := 0
	for _, c := range row {
		total += c
	}
	return total
}

// recall returns each class's recall (the share of its test samples
// predicted right) from the confusion matrix; NaN for a class without samples.
func recall(conf [][]int) []float64 {
	r := make([]float64, len(conf))
	for t, row := range conf {
		r[t] = math.NaN()
		if total := rowTotal(row); total > 0 && t < len(row) {
			r[t] = float64(row[t]) / float64(total)
		}
	}
	return r
}

// confusion is one off-diagonal cell of the confusion matrix.
type confusion struct {
	truth, pred, count int
}

// worstConfusions returns the k largest off-diagonal cells, largest first
// (ties in row-major order).
func worstConfusions(conf [][]int, k int) []confusion {
	var cs []confusion
	for t, row := range conf {
		for p, c := range row {
			if t != p && c > 0 {
				cs = append(cs, confusion{t, p, c})
			}
		}
	}
	sort.SliceStable(cs, func(a, b int) bool { return cs[a].count > cs[b].count })
	return cs[:min(k, len(cs))]
}
