//go:build !wasm

package web

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/glyph"
	"inkling/nn"
)

// pad returns a white padSize×padSize pad with a black bar from (x0, y0)
// to (x1, y1), half-open.
func pad(x0, y0, x1, y1 int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, padSize, padSize))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			g.SetGray(x, y, color.Gray{})
		}
	}
	return g
}

// fixed returns a classify function with a fixed output.
func fixed(p []float32, err error) func([]float32) ([]float32, error) {
	return func([]float32) ([]float32, error) { return p, err }
}

func TestRead(t *testing.T) {
	sure := make([]float32, 36)
	sure[11] = 0.9 // "L"
	sure[0] = 0.1
	flat := make([]float32, 36)
	for i := range flat {
		flat[i] = 1.0 / 36
	}
	tests := []struct {
		name     string
		g        *image.Gray
		classify func([]float32) ([]float32, error)
		top      string
		status   string
	}{
		{"blank", pad(0, 0, 0, 0), fixed(sure, nil), "", msgEmpty},
		{"dot", pad(120, 120, 136, 136), fixed(sure, nil), "", msgTooSmall},  // 16 px: one pen width
		{"bar", pad(100, 40, 116, 220), fixed(sure, nil), "L", ""},           // a 180 px stroke
		{"unsure", pad(100, 40, 116, 220), fixed(flat, nil), "A", msgUnsure}, // ties keep class order
		{"error", pad(100, 40, 116, 220), fixed(nil, errors.New("boom")), "", "boom"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := read(tc.g, nil, tc.classify)
			top := ""
			if len(r.Top) > 0 {
				top = r.Top[0].Class
			}
			if top != tc.top || r.Status != tc.status {
				t.Errorf("read(%s) = top %q, status %q; want %q, %q", tc.name, top, r.Status, tc.top, tc.status)
			}
			if len(r.Input) != glyph.Size*glyph.Size {
				t.Errorf("read(%s).Input has %d values; want %d", tc.name, len(r.Input), glyph.Size*glyph.Size)
			}
		})
	}
}

func TestTopK(t *testing.T) {
	p := []float32{0.1, 0.5, 0.05, 0.3, 0.05}
	got := topK(p, []string{"a", "b", "c", "d", "e"}, 3)
	want := []Guess{{"b", 0.5}, {"d", 0.3}, {"a", 0.1}}
	if len(got) != len(want) {
		t.Fatalf("topK = %v; want %v", got, want)
	}
	for i := range want {
		if got[i].Class != want[i].Class || math.Abs(got[i].P-want[i].P) > 1e-6 {
			t.Errorf("topK[%d] = %v; want %v", i, got[i], want[i])
		}
	}
	if got := topK(p[:2], nil, 5); len(got) != 2 || got[0].Class != "B" {
		t.Errorf("topK of 2 with default names = %v; want 2 guesses, B first", got)
	}
}

func TestGrayFromRGBA(t *testing.T) {
	// 4×2 pixels, grey in the green channel: two 2×2 blocks.
	greens := []byte{
		0, 4, 200, 200,
		8, 0, 100, 101,
	}
	rgba := make([]byte, 4*len(greens))
	for i, v := range greens {
		rgba[4*i+1], rgba[4*i+3] = v, 255
	}
	var g image.Gray
	grayFromRGBA(&g, rgba, 4, 2)
	want := []byte{3, 150} // (0+4+8+0)/4, (200+200+100+101)/4 rounded
	if !bytes.Equal(g.Pix, want) || g.Bounds() != image.Rect(0, 0, 2, 1) {
		t.Errorf("grayFromRGBA = %v %v; want %v in 2×1", g.Pix, g.Bounds(), want)
	}
}

func TestInputRGBA(t *testing.T) {
	in := make([]float32, glyph.Size*glyph.Size)
	in[1] = 1
	in[2] = 2 // clamped
	px := inputRGBA(in)
	if px[0] != 0 || px[4] != 255 || px[8] != 255 || px[3] != 255 {
		t.Errorf("inputRGBA = %v…; want black, white, white, opaque", px[:12])
	}
	if white := inputRGBA(nil); white[0] != 255 || white[len(white)-1] != 255 {
		t.Errorf("inputRGBA(nil) is not white")
	}
}

// testNetwork is a tiny untrained classifier over 32×32 inputs.
func testNetwork(t *testing.T) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	net := nn.NewNetwork[float32](nn.NewDense[float32](1024, 4, rng), &nn.ReLU[float32]{},
		nn.NewDense[float32](4, 36, rng), &nn.Softmax[float32]{})
	net.Meta = nn.Meta{Model: "mlp", Metrics: map[string]float64{"test_accuracy": 0.875}}
	var b bytes.Buffer
	if err := nn.Save(&b, net); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestModels(t *testing.T) {
	file := testNetwork(t)
	fetches := 0
	ms := NewModels([]string{"cnn", "mlp"}, func(url string) ([]byte, error) {
		fetches++
		if url == weightsPath+"mlp.inkw" {
			return file, nil
		}
		return []byte("not a weights file"), nil
	})
	if _, err := ms.Meta("cnn"); err == nil || !strings.HasPrefix(err.Error(), "web: loading the cnn model") {
		t.Errorf("Meta(cnn) error = %v; want a web: loading error", err)
	}
	meta, err := ms.Meta("mlp")
	if err != nil || meta.Metrics["test_accuracy"] != 0.875 {
		t.Fatalf("Meta(mlp) = %v, %v; want the file's metadata", meta, err)
	}
	x := make([]float32, 1024)
	p, err := ms.Classify("mlp", x)
	if err != nil || len(p) != 36 {
		t.Fatalf("Classify = %d values, %v; want 36", len(p), err)
	}
	p2, _ := ms.Classify("mlp", x)
	p[0] = -1 // the copy is the caller's
	if p2[0] == -1 {
		t.Error("Classify returned the network's own buffer; want a copy")
	}
	if _, err := ms.Classify("mlp", x[:10]); err == nil {
		t.Error("Classify with 10 inputs: no error; want one")
	}
	if fetches != 2 {
		t.Errorf("%d fetches; want 2 (each file once)", fetches)
	}
}

func TestModelNames(t *testing.T) {
	tests := []struct {
		env  string
		want string
	}{
		{"", "mlp"},
		{"cnn,mlp", "cnn mlp"},
		{" cnn , ,mlp ", "cnn mlp"},
	}
	for _, tc := range tests {
		if got := strings.Join(modelNames(tc.env), " "); got != tc.want {
			t.Errorf("modelNames(%q) = %q; want %q", tc.env, got, tc.want)
		}
	}
}

func TestSetInfo(t *testing.T) {
	infos := newInfos([]string{"cnn", "mlp"})
	if got := setInfo(infos, modelInfo{name: "mlp", loaded: true}, "cnn"); got != "cnn" {
		t.Errorf("mlp loaded while cnn pending: use %q; want cnn", got)
	}
	if got := setInfo(infos, modelInfo{name: "cnn", err: errors.New("no file")}, "cnn"); got != "mlp" {
		t.Errorf("cnn failed: use %q; want mlp", got)
	}
	if l := infos[0].label(); l != "CNN (unavailable)" {
		t.Errorf("label of a failed model = %q", l)
	}
	ok := modelInfo{name: "mlp", loaded: true, meta: nn.Meta{Metrics: map[string]float64{"test_accuracy": 0.9123}}}
	if l := ok.label(); l != "MLP · 91.2 % test accuracy" {
		t.Errorf("label = %q; want MLP · 91.2 %% test accuracy", l)
	}
}

func TestCharts(t *testing.T) {
	conf := [][]int{{8, 2, 0}, {1, 9, 0}, {0, 0, 0}}
	classes := []string{"A", "B", "C"}
	svg := confusionChart(conf, classes)
	if n := strings.Count(svg, "<rect"); n != 4 { // the non-zero cells
		t.Errorf("confusionChart has %d cells; want 4", n)
	}
	if !strings.Contains(svg, "<title>true A, predicted B: 2 of 10 test samples (20.0 %)</title>") {
		t.Errorf("confusionChart lacks the A→B title: %s", svg)
	}
	r := recall(conf)
	if r[0] != 0.8 || r[1] != 0.9 || !math.IsNaN(r[2]) {
		t.Errorf("recall = %v; want [0.8 0.9 NaN]", r)
	}
	if w := worstConfusions(conf, 5); len(w) != 2 || w[0] != (confusion{0, 1, 2}) {
		t.Errorf("worstConfusions = %v; want A→B (2) then B→A (1)", w)
	}
	if got := cellText(conf, classes, 5, 0); got != "" {
		t.Errorf("cellText out of range = %q; want empty", got)
	}
	epochs := []nn.Epoch{{Epoch: 1, TrainLoss: 2, ValidLoss: 2.5}, {Epoch: 2, TrainLoss: 1, ValidLoss: 1.5}}
	chart := curveChart("loss", epochs, trainLoss, validLoss)
	if n := strings.Count(chart, "<polyline"); n != 2 {
		t.Errorf("curveChart has %d lines; want 2", n)
	}
	if !strings.Contains(chart, ">valid</text>") {
		t.Errorf("curveChart keys lack a plain valid: %s", chart)
	}
	seen := curveChart("loss", epochs, trainLoss, validLoss.named(nn.Meta{ValidInTraining: true}.ValidName()))
	if !strings.Contains(seen, ">valid (seen)</text>") || !strings.Contains(seen, `x="224"`) {
		t.Errorf("a model trained on valid: want its key \"valid (seen)\" and the train key moved left to 224: %s", seen)
	}
	if empty := curveChart("accuracy", epochs, trainAcc, validAcc); !strings.Contains(empty, "no training curve") {
		t.Errorf("curveChart without accuracies does not say so: %s", empty)
	}
}

func TestFirstLayerImages(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	dense := nn.NewNetwork[float32](nn.NewDense[float32](1024, 6, rng), &nn.Softmax[float32]{})
	fl, ok := firstLayerImages(dense)
	if !ok || fl.side != 32 || len(fl.imgs) != 6 || fl.kind != "unit" {
		t.Fatalf("firstLayerImages(dense 1024→6) = %s, side %d, %d images, %v; want 6 unit images of 32", fl.kind, fl.side, len(fl.imgs), ok)
	}
	w := dense.Layers[0].Params()[0].Value
	if got, want := fl.imgs[2][33], w.Data[33*w.Cols+2]; got != want { // pixel (1, 1) of unit 2
		t.Errorf("unit 2 pixel 33 = %v; want W[33][2] = %v", got, want)
	}
	// A convolution: 8 filters of 3×3 on one channel, W (K, C·S·S).
	conv := nn.NewNetwork[float32](nn.NewConv2D[float32](nn.ConvShape{C: 1, H: 32, W: 32, Size: 3, Stride: 1, Pad: 1}, 8, rng))
	fl, ok = firstLayerImages(conv)
	if !ok || fl.side != 3 || len(fl.imgs) != 8 || fl.kind != "filter" || fl.imgs[1][4] != conv.Layers[0].Params()[0].Value.Data[9+4] {
		t.Errorf("firstLayerImages(8 filters of 3×3) = %s, side %d, %d images, %v; want 8 filters of 3", fl.kind, fl.side, len(fl.imgs), ok)
	}
	px, pw, ph := tileRGBA(fl.imgs, fl.side, 4)
	if pw != 4*4+1 || ph != 2*4+1 || len(px) != 4*pw*ph { // 4 columns and 2 rows of 3+1 pixels, plus the border
		t.Errorf("tileRGBA = %d×%d (%d bytes); want 17×9", pw, ph, len(px))
	}
}

func TestDiverging(t *testing.T) {
	tests := []struct {
		v       float32
		r, g, b byte
	}{
		{0, 255, 255, 255},
		{1, 230, 97, 1},
		{-1, 33, 102, 172},
		{5, 230, 97, 1}, // clamped
	}
	for _, tc := range tests {
		if r, g, b := diverging(tc.v); r != tc.r || g != tc.g || b != tc.b {
			t.Errorf("diverging(%v) = %d,%d,%d; want %d,%d,%d", tc.v, r, g, b, tc.r, tc.g, tc.b)
		}
	}
}

// TestDrawPage renders the draw page with go-app's test engine and checks
// the hooks automated checks rely on.
func TestDrawPage(t *testing.T) {
	d := &Draw{models: NewModels([]string{"mlp"}, fetchBytes)}
	e := app.NewTestEngine()
	if err := e.Load(d); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	d.receive(Reading{Top: []Guess{{"Q", 0.75}}}, 1, true, 0)
	e.ConsumeAll()
	tree := d.Render()
	for _, id := range []string{"pad", "clear", "undo", "top-class", "status", "seen"} {
		if !hasID(tree, id) {
			t.Errorf("the draw page has no #%s", id)
		}
	}
	if d.seq != 1 || d.reading.Top[0].Class != "Q" {
		t.Errorf("after a pen-up reading: seq %d, top %v; want 1, Q", d.seq, d.reading.Top)
	}
	// An older reading arriving late does not replace a newer one.
	d.receive(Reading{Top: []Guess{{"Z", 0.5}}}, 1, false, 0)
	if d.reading.Top[0].Class != "Q" {
		t.Errorf("a stale reading replaced the newer one: top %v", d.reading.Top)
	}
	d.receive(Reading{Top: []Guess{{"Z", 0.5}}}, 2, false, 0)
	if d.reading.Top[0].Class != "Z" || d.seq != 1 {
		t.Errorf("live reading: top %v, seq %d; want Z, 1 (live readings do not count)", d.reading.Top, d.seq)
	}
}

func TestModelPage(t *testing.T) {
	m := &Model{models: NewModels([]string{"mlp"}, fetchBytes)}
	e := app.NewTestEngine()
	if err := e.Load(m); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	meta := nn.Meta{Model: "mlp", Classes: []string{"A", "B"}, Confusion: [][]int{{3, 1}, {0, 4}},
		Curves: []nn.Epoch{{Epoch: 1, TrainLoss: 1, ValidLoss: 1.2}}, Metrics: map[string]float64{"test_accuracy": 0.875}}
	m.infos = []modelInfo{{name: "mlp", loaded: true, meta: meta}}
	m.model = "mlp"
	m.hoverCell(0, 1)
	if m.hover != "true A, predicted B: 1 of 4 test samples (25.0 %)" {
		t.Errorf("hover readout = %q", m.hover)
	}
	tree := m.Render()
	for _, id := range []string{"confusion", "confusion-cell", "model-mlp"} {
		if !hasID(tree, id) {
			t.Errorf("the model page has no #%s", id)
		}
	}
}

// hasID reports whether the UI tree has an element with the given id.
func hasID(ui app.UI, id string) bool {
	var b bytes.Buffer
	app.PrintHTML(&b, ui)
	return strings.Contains(b.String(), `id="`+id+`"`)
}
