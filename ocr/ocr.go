// Package ocr reads the handwritten text of a photo: segment finds the
// characters and their lines, glyph turns each into the network's input,
// and a trained nn classifier names them, all crops of a page in one batch.
package ocr

import (
	"errors"
	"fmt"
	"image"
	"math"
	"sort"
	"strings"
	"unicode"

	"inkling/glyph"
	"inkling/nn"
	"inkling/segment"
)

// Reader reads text with one classifier. A Reader is not safe for
// concurrent use, because its network is not.
type Reader struct {
	// Segment configures the character finder.
	Segment segment.Config
	// NoContext turns off the letter-or-digit prior taken from the other
	// characters of a word.
	NoContext bool

	net     *nn.Network[float32]
	classes []string
	letter  []bool             // letter[k]: class k is a letter (else a digit or other)
	x       nn.Matrix[float32] // (N, Size*Size) batch of crops, reused between pages
}

// Result is the text of one page.
type Result struct {
	Lines []Line `json:"lines"`
}

// Line is one line of handwriting.
type Line struct {
	Text  string `json:"text"` // the characters, with spaces at word gaps
	Chars []Char `json:"chars"`
}

// Char is one recognised character.
type Char struct {
	Box         [4]int  `json:"box"` // x0, y0, x1, y1 in image pixels (x1, y1 exclusive)
	Char        string  `json:"char"`
	P           float64 `json:"p"`    // probability of Char
	Top3        []Guess `json:"top3"` // the three likeliest classes, best first
	SpaceBefore bool    `json:"space_before,omitempty"`
}

// Guess is one candidate class with its probability.
type Guess struct {
	Char string  `json:"char"`
	P    float64 `json:"p"`
}

// Rect returns c.Box as an image.Rectangle.
func (c Char) Rect() image.Rectangle { return image.Rect(c.Box[0], c.Box[1], c.Box[2], c.Box[3]) }

// NewReader returns a Reader that classifies with net, which must take
// glyph.Size×glyph.Size inputs and name its output classes in Meta.Classes.
func NewReader(net *nn.Network[float32]) (*Reader, error) {
	if net == nil {
		return nil, errors.New("ocr: no network")
	}
	if in := net.InputSize(); in != glyph.Size*glyph.Size {
		return nil, fmt.Errorf("ocr: network takes %d inputs; characters need %d", in, glyph.Size*glyph.Size)
	}
	classes := net.Meta.Classes
	if len(classes) == 0 {
		return nil, errors.New("ocr: network names no classes (Meta.Classes is empty)")
	}
	r := &Reader{net: net, classes: classes, letter: make([]bool, len(classes))}
	for k, c := range classes {
		r.letter[k] = strings.IndexFunc(c, unicode.IsLetter) >= 0
	}
	return r, nil
}

// Read finds and reads the characters of img.
func (r *Reader) Read(img image.Image) (*Result, error) {
	page, err := segment.Segment(img, r.Segment)
	if err != nil {
		return nil, err
	}
	return r.ReadPage(page)
}

// ReadPage classifies the characters of a segmented page.
func (r *Reader) ReadPage(page *segment.Page) (*Result, error) {
	n := 0
	for _, l := range page.Lines {
		n += len(l.Chars)
	}
	res := &Result{Lines: []Line{}}
	if n == 0 {
		r.x.Rows = 0
		return res, nil
	}
	const in = glyph.Size * glyph.Size
	r.x.ReuseAs(n, in)
	i := 0
	for li := range page.Lines {
		for ci := range page.Lines[li].Chars {
			glyph.Normalize(r.x.Data[i*in:(i+1)*in], page.Crop(&page.Lines[li].Chars[ci]))
			i++
		}
	}
	probs := r.net.Forward(&r.x)
	if probs.Rows != n || probs.Cols != len(r.classes) {
		return nil, fmt.Errorf("ocr: network gave %dx%d outputs for %d characters and %d classes",
			probs.Rows, probs.Cols, n, len(r.classes))
	}
	p := make([][]float64, n) // (N, classes) copied out: probs belongs to the network
	for i := range p {
		p[i] = make([]float64, len(r.classes))
		for k, v := range probs.Row(i) {
			p[i][k] = float64(v)
		}
	}
	i = 0
	for _, l := range page.Lines {
		var line Line
		start := i
		for ci, c := range l.Chars {
			if ci > 0 && c.SpaceBefore {
				r.applyContext(p[start:i])
				start = i
			}
			line.Chars = append(line.Chars, Char{
				Box:         [4]int{c.Box.Min.X, c.Box.Min.Y, c.Box.Max.X, c.Box.Max.Y},
				SpaceBefore: ci > 0 && c.SpaceBefore,
			})
			i++
		}
		r.applyContext(p[start:i])
		var text strings.Builder
		for ci := range line.Chars {
			c := &line.Chars[ci]
			c.Top3 = r.top(p[i-len(line.Chars)+ci], 3)
			c.Char, c.P = c.Top3[0].Char, c.Top3[0].P
			if c.SpaceBefore {
				text.WriteByte(' ')
			}
			text.WriteString(c.Char)
		}
		line.Text = text.String()
		res.Lines = append(res.Lines, line)
	}
	return res, nil
}

// Inputs returns the network inputs of the characters of the last page
// read, glyph.Size×glyph.Size values each (1 = paper), in reading order:
// what the network saw, for the browser to show. They belong to the
// Reader and change with the next Read.
func (r *Reader) Inputs() []float32 {
	return r.x.Data[:r.x.Rows*r.x.Cols]
}

// mixedWord is the chance that a character does not match the type of
// its word (a letter in a number, a digit in a word): in English text
// words are nearly always all letters or all digits.
const mixedWord = 0.05

// applyContext reweighs the class probabilities of the characters of one
// word by what the rest of the word says: an 'O' among digits is more
// likely a '0'. The word is all letters or all digits, each equally likely
// a priori, and each character matches the word's type except with
// probability mixedWord. Given the letter probabilities L_j of the other
// characters, the word is letters with probability proportional to
// Π_j ((1-m)·L_j + m·(1-L_j)) (and digits likewise), which gives the prior
// for this character being a letter. A one-character word is unchanged.
func (r *Reader) applyContext(word [][]float64) {
	if r.NoContext || len(word) < 2 {
		return
	}
	const m = mixedWord
	letterMass := make([]float64, len(word))
	for i, p := range word {
		for k, v := range p {
			if r.letter[k] {
				letterMass[i] += v
			}
		}
	}
	for i, p := range word {
		// Log-likelihoods of the other characters under each word type.
		var ll, ld float64
		for j, l := range letterMass {
			if j != i {
				ll += math.Log((1-m)*l + m*(1-l))
				ld += math.Log(m*l + (1-m)*(1-l))
			}
		}
		wordIsLetters := 1 / (1 + math.Exp(ld-ll))
		prior := wordIsLetters*(1-m) + (1-wordIsLetters)*m
		var sum float64
		for k := range p {
			if r.letter[k] {
				p[k] *= prior
			} else {
				p[k] *= 1 - prior
			}
			sum += p[k]
		}
		if sum > 0 {
			for k := range p {
				p[k] /= sum
			}
		}
	}
}

// top returns the k likeliest classes of p, best first.
func (r *Reader) top(p []float64, k int) []Guess {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] > p[idx[b]] })
	k = min(k, len(p))
	g := make([]Guess, k)
	for i := range g {
		g[i] = Guess{Char: r.classes[idx[i]], P: p[idx[i]]}
	}
	return g
}

// Text returns the page's text: one line per line of handwriting.
func (res *Result) Text() string {
	var b strings.Builder
	for i, l := range res.Lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Text)
	}
	return b.String()
}
