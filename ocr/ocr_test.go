package ocr

import (
	"encoding/json"
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"inkling/glyph"
	"inkling/nn"
	"inkling/segment"
)

// classes36 are the network's classes: A-Z then 0-9.
func classes36() []string {
	var c []string
	for r := 'A'; r <= 'Z'; r++ {
		c = append(c, string(r))
	}
	for r := '0'; r <= '9'; r++ {
		c = append(c, string(r))
	}
	return c
}

// constantNet returns a 1024->36 classifier that ignores its input and
// always gives class k probability about 0.9: zero weights, and a bias
// that favours k.
func constantNet(k int) *nn.Network[float32] {
	d := nn.NewDense[float32](1024, 36, rand.New(rand.NewPCG(1, 1)))
	clear(d.W.Data)
	d.B.Data[k] = float32(math.Log(0.9 * 35 / 0.1)) // p_k = e^b / (e^b + 35) = 0.9
	net := nn.NewNetwork[float32](d, &nn.Softmax[float32]{})
	net.Meta.Classes = classes36()
	return net
}

// bars draws n groups of vertical bars (strokes of an 'I'), one group per
// word, on white paper.
func bars(words ...int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 400, 100))
	for i := range g.Pix {
		g.Pix[i] = 235
	}
	x := 20
	for _, n := range words {
		for i := 0; i < n; i++ {
			for y := 30; y < 70; y++ { // 40 pixels tall
				for dx := 0; dx < 5; dx++ { // 5 wide
					g.Pix[y*g.Stride+x+dx] = 30
				}
			}
			x += 25 // 20-pixel gaps between letters
		}
		x += 60 // and 80-pixel gaps between words
	}
	return g
}

func TestReadSynthetic(t *testing.T) {
	r, err := NewReader(constantNet(8)) // always 'I'
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Read(bars(3, 2))
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Text(); got != "III II" {
		t.Errorf("Read(3+2 bars).Text() = %q; want %q", got, "III II")
	}
	js, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back struct {
		Lines []struct {
			Text  string
			Chars []struct {
				Box  []int
				Char string
				P    float64
				Top3 []struct {
					Char string
					P    float64
				}
			}
		}
	}
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Lines) != 1 || len(back.Lines[0].Chars) != 5 {
		t.Fatalf("Read JSON = %s; want one line of 5 characters", js)
	}
	c := back.Lines[0].Chars[0]
	// 0.9 from the network, a little more after the word's letter prior.
	if c.Char != "I" || c.P < 0.9 || c.P > 1 || len(c.Top3) != 3 || c.Top3[0].Char != "I" || len(c.Box) != 4 {
		t.Errorf("first character = %+v; want I with p >= 0.9, 3 guesses and a box", c)
	}
	if b := c.Box; b[0] < 18 || b[0] > 22 || b[2] < 23 || b[2] > 27 { // the bar spans x 20..25
		t.Errorf("first box = %v; want about [20 30 25 70]", b)
	}
}

func TestReadBlank(t *testing.T) {
	r, err := NewReader(constantNet(0))
	if err != nil {
		t.Fatal(err)
	}
	res, err := r.Read(bars())
	if err != nil || len(res.Lines) != 0 {
		t.Errorf("Read(blank) = %v, %v; want no lines", res, err)
	}
}

func TestNewReaderErrors(t *testing.T) {
	noClasses := constantNet(0)
	noClasses.Meta.Classes = nil
	small := nn.NewNetwork[float32](nn.NewDense[float32](64, 36, rand.New(rand.NewPCG(1, 1))))
	small.Meta.Classes = classes36()
	for name, net := range map[string]*nn.Network[float32]{"nil": nil, "no classes": noClasses, "8x8 input": small} {
		if _, err := NewReader(net); err == nil || !strings.HasPrefix(err.Error(), "ocr: ") {
			t.Errorf("NewReader(%s) error = %v; want an ocr: error", name, err)
		}
	}
}

func TestApplyContext(t *testing.T) {
	r, err := NewReader(constantNet(0))
	if err != nil {
		t.Fatal(err)
	}
	idx := map[string]int{}
	for k, c := range r.classes {
		idx[c] = k
	}
	// probs puts probability on a few named classes and spreads the rest.
	probs := func(m map[string]float64) []float64 {
		p := make([]float64, len(r.classes))
		left := 1.0
		for c, v := range m {
			p[idx[c]] = v
			left -= v
		}
		for k := range p {
			if p[k] == 0 {
				p[k] = left / float64(len(p)-len(m))
			}
		}
		return p
	}
	argmax := func(p []float64) string {
		best := 0
		for k := range p {
			if p[k] > p[best] {
				best = k
			}
		}
		return r.classes[best]
	}
	tests := []struct {
		name string
		word []map[string]float64
		want string // what the ambiguous last character becomes
	}{
		{"O among letters", []map[string]float64{{"D": 0.9}, {"G": 0.9}, {"0": 0.5, "O": 0.4}}, "O"},
		{"O among digits", []map[string]float64{{"1": 0.9}, {"2": 0.9}, {"O": 0.5, "0": 0.4}}, "0"},
		{"alone it keeps its reading", []map[string]float64{{"0": 0.5, "O": 0.4}}, "0"},
		{"a sure digit among letters stays", []map[string]float64{{"D": 0.9}, {"G": 0.9}, {"2": 0.95}}, "2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var word [][]float64
			for _, m := range tt.word {
				word = append(word, probs(m))
			}
			r.applyContext(word)
			last := word[len(word)-1]
			if got := argmax(last); got != tt.want {
				t.Errorf("applyContext(%v) last = %s; want %s", tt.word, got, tt.want)
			}
			var sum float64
			for _, v := range last {
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("applyContext: probabilities sum to %v; want 1", sum)
			}
		})
	}
}

func TestInputs(t *testing.T) {
	r, err := NewReader(constantNet(8))
	if err != nil {
		t.Fatal(err)
	}
	page, err := segment.Segment(bars(3, 2), r.Segment)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.ReadPage(page); err != nil {
		t.Fatal(err)
	}
	const in = glyph.Size * glyph.Size
	got := r.Inputs()
	if len(got) != 5*in { // five bars
		t.Fatalf("Inputs() has %d values; want %d", len(got), 5*in)
	}
	want := make([]float32, in)
	i := 0
	for li := range page.Lines {
		for ci := range page.Lines[li].Chars {
			glyph.Normalize(want, page.Crop(&page.Lines[li].Chars[ci]))
			if !slices.Equal(got[i*in:(i+1)*in], want) {
				t.Errorf("Inputs() of character %d differ from glyph.Normalize of its crop", i)
			}
			i++
		}
	}
	if _, err := r.Read(bars()); err != nil { // blank paper: no characters
		t.Fatal(err)
	}
	if n := len(r.Inputs()); n != 0 {
		t.Errorf("Inputs() after a blank page has %d values; want 0", n)
	}
}
