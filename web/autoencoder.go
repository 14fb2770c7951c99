package web

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"strconv"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/glyph"
	"inkling/nn"
)

// aeModel is the autoencoder's weights file, /web/weights/autoencoder.inkw.
// It is fetched only when /autoencoder opens, not with the app.
const aeModel = "autoencoder"

// The interpolation strip.
const (
	stripSteps = 8 // decoded images from one character to the other, both ends included
	// sampleSet are the characters the app renders itself to start from,
	// one of each broad shape: straight, round, mixed, and two digits.
	sampleSet = "AKORS38"
	// sampleFont renders them: the browser's own sans-serif, bold, about
	// two thirds of the pad tall, like a drawn character.
	sampleFont = "bold 170px sans-serif"
)

// aeState is the loaded autoencoder and the lock that serialises its calls,
// shared by the UI goroutine and the background readings.
type aeState struct {
	mu  sync.Mutex
	ae  *nn.Autoencoder[float32]
	err error
}

// Autoencoder is the page at /autoencoder: draw a character, or pick one
// the app renders, and see the network squeeze it through its code and
// redraw it; damage the input with the sliders and watch it repaired; and
// walk the code space from one character to another.
type Autoencoder struct {
	app.Compo
	models *Models
	build  string

	mounted bool
	state   *aeState
	loaded  bool   // the weights file has loaded (or failed: status says so)
	status  string // a message for the user
	noise   float64
	occlude int
	psnr    float64 // of the reconstruction against the clean input
	psnrIn  float64 // of the damaged input against the clean one
	seq     int     // reconstructions shown (data-seq)
	ms      float64 // pen-up to reconstruction, ms (data-ms)
	compute float64 // of which normalising, damaging and reconstructing (data-compute-ms)
	from    string  // the interpolation's ends: a sample character, or "drawing"
	to      string

	pen             // the pad's pointer handling, its strokes and 2D context
	clean []float32 // the pad's character as the network input, nil when empty
	asked int
}

// OnMount prepares the pad and loads the autoencoder.
func (a *Autoencoder) OnMount(ctx app.Context) {
	a.pad = app.Window().GetElementByID("ae-pad").Call("getContext", "2d",
		map[string]any{"willReadFrequently": true})
	a.clearPad()
	a.state = &aeState{}
	a.status = "Loading the autoencoder…"
	a.from, a.to = sampleSet[0:1], sampleSet[1:2]
	a.mounted = true
	st, ms := a.state, a.models
	ctx.Async(func() {
		net, err := ms.Network(aeModel)
		var ae *nn.Autoencoder[float32]
		if err == nil {
			ae, err = nn.NewAutoencoder(net)
		}
		if err == nil && ae.InputSize() != glyph.Size*glyph.Size {
			err = fmt.Errorf("web: the autoencoder takes %d values, not a %d×%d character", ae.InputSize(), glyph.Size, glyph.Size)
		}
		st.mu.Lock()
		st.ae, st.err = ae, err
		st.mu.Unlock()
		ctx.Dispatch(func(ctx app.Context) {
			a.loaded = true
			if err != nil {
				a.status = "The autoencoder is not available: " + err.Error()
				return
			}
			a.status = "Draw a character, or pick one below."
			a.interpolate(ctx)
		})
	})
}

// Render draws the page.
func (a *Autoencoder) Render() app.UI {
	psnr := func(v float64) string {
		if math.IsInf(v, 1) {
			return "∞ dB"
		}
		return fmt.Sprintf("%.1f dB", v)
	}
	return layout(PathAutoencoder, a.build, a.mounted,
		app.H1().Text("Autoencoder: squeeze a character and redraw it"),
		app.Div().Class("ae").Body(
			app.Section().Class("pad-area").Aria("label", "Drawing").Body(
				padCanvas("ae-pad", "Drawing pad: draw one letter or digit. Delete clears.", a.onDown, a.onMove, a.onUp, a.onKey),
				app.Div().Class("tools").Body(
					app.Button().ID("ae-clear").Type("button").Text("Clear").OnClick(a.onClear),
				),
				app.P().Class("label").Text("Or start from a character the app draws:"),
				app.Div().Class("samples").Body(a.sampleButtons()...),
			),
			app.Section().Class("result").Aria("label", "Reconstruction").Body(
				app.P().ID("ae-status").Class("status").Aria("live", "polite").Text(a.status),
				app.Div().Class("ae-pair").Body(
					app.Figure().Body(
						app.Canvas().ID("ae-input").Class("ae-img").Width(glyph.Size).Height(glyph.Size).
							Role("img").Aria("label", "The network's input"),
						app.FigCaption().Text("Input (32×32)"),
					),
					app.Figure().Body(
						app.Canvas().ID("ae-output").Class("ae-img").Width(glyph.Size).Height(glyph.Size).
							Role("img").Aria("label", "The reconstruction"),
						app.FigCaption().Text("Reconstruction"),
					),
				),
				app.P().ID("ae-psnr").Class("psnr").
					DataSet("seq", a.seq).
					DataSet("ms", fmt.Sprintf("%.2f", a.ms)).
					DataSet("compute-ms", fmt.Sprintf("%.2f", a.compute)).
					DataSet("psnr", fmt.Sprintf("%.2f", a.psnr)).
					Text(func() string {
						if a.seq == 0 || a.clean == nil {
							return ""
						}
						s := "PSNR of the reconstruction: " + psnr(a.psnr)
						if a.noise > 0 || a.occlude > 0 {
							s += " (the damaged input: " + psnr(a.psnrIn) + ")"
						}
						return s
					}()),
				app.H2().Text("Damage the input"),
				app.Div().Class("slider").Body(
					app.Label().For("ae-noise").Text(fmt.Sprintf("Noise: σ = %.2f", a.noise)),
					app.Input().Type("range").ID("ae-noise").Min(0).Max(0.5).Step(0.05).
						Value(a.noise).OnInput(a.onNoise),
				),
				app.Div().Class("slider").Body(
					app.Label().For("ae-occlude").Text(fmt.Sprintf("Occlusion: a %d×%d square", a.occlude, a.occlude)),
					app.Input().Type("range").ID("ae-occlude").Min(0).Max(16).Step(1).
						Value(a.occlude).OnInput(a.onOcclude),
				),
			),
		),
		app.Section().Class("card interp").Aria("label", "Interpolation").Body(
			app.H2().Text("Walk through the code space"),
			app.P().Text(fmt.Sprintf("The codes of two characters, and %d steps on the straight line between them, each decoded.", stripSteps-2)),
			app.Div().Class("ends").Body(
				a.endChooser("ae-from", "From", a.from, func(v string) { a.from = v }),
				a.endChooser("ae-to", "To", a.to, func(v string) { a.to = v }),
			),
			app.Canvas().ID("ae-strip").Class("ae-strip").Width(stripSteps*glyph.Size).Height(glyph.Size).
				Role("img").Aria("label", fmt.Sprintf("%d images decoded from the first character's code to the second's", stripSteps)),
		),
	)
}

// sampleButtons are one button per sample character.
func (a *Autoencoder) sampleButtons() []app.UI {
	var bs []app.UI
	for i := range len(sampleSet) {
		c := sampleSet[i : i+1]
		bs = append(bs, app.Button().ID("sample-"+c).Type("button").Text(c).
			Aria("label", "Draw "+c+" on the pad").OnClick(a.onSample(c)))
	}
	return bs
}

// endChooser is a select of the samples and the drawing.
func (a *Autoencoder) endChooser(id, label, value string, set func(string)) app.UI {
	opts := []app.UI{}
	for i := range len(sampleSet) {
		c := sampleSet[i : i+1]
		opts = append(opts, app.Option().Value(c).Selected(c == value).Text(c))
	}
	opts = append(opts, app.Option().Value("drawing").Selected(value == "drawing").Text("my drawing"))
	return app.Div().Class("end").Body(
		app.Label().For(id).Text(label),
		app.Select().ID(id).Body(opts...).OnChange(func(ctx app.Context, e app.Event) {
			set(ctx.JSSrc().Get("value").String())
			a.interpolate(ctx)
		}),
	)
}

func (a *Autoencoder) onDown(ctx app.Context, e app.Event) {
	a.down(ctx, e)
}

func (a *Autoencoder) onMove(ctx app.Context, e app.Event) {
	a.move(ctx, e)
}

func (a *Autoencoder) onUp(ctx app.Context, e app.Event) {
	if a.up(ctx, e) {
		a.reconstruct(ctx, e.Get("timeStamp").Float(), true)
	}
}

func (a *Autoencoder) onKey(ctx app.Context, e app.Event) {
	switch e.Get("key").String() {
	case "Delete", "Backspace", "Escape":
		e.PreventDefault()
		a.onClear(ctx, e)
	default:
		ctx.PreventUpdate()
	}
}

func (a *Autoencoder) onClear(ctx app.Context, e app.Event) {
	a.strokes, a.clean = nil, nil
	a.asked++
	a.clearPad()
	blank(app.Window().GetElementByID("ae-input"))
	blank(app.Window().GetElementByID("ae-output"))
}

// onSample draws character c on the pad with the browser's font.
func (a *Autoencoder) onSample(c string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		a.strokes = nil
		a.clearPad()
		a.pad.Set("font", sampleFont)
		a.pad.Set("textAlign", "center")
		a.pad.Set("textBaseline", "middle")
		a.pad.Call("fillText", c, padSize/2, padSize/2)
		a.reconstruct(ctx, now(), true)
	}
}

func (a *Autoencoder) onNoise(ctx app.Context, e app.Event) {
	a.noise, _ = strconv.ParseFloat(ctx.JSSrc().Get("value").String(), 64)
	a.reconstruct(ctx, now(), false)
}

func (a *Autoencoder) onOcclude(ctx app.Context, e app.Event) {
	a.occlude, _ = strconv.Atoi(ctx.JSSrc().Get("value").String())
	a.reconstruct(ctx, now(), false)
}

// reconstruct reads the pad (fresh: after a change of the drawing) and
// shows the damaged input and its reconstruction; t0 is when the user acted.
func (a *Autoencoder) reconstruct(ctx app.Context, t0 float64, fresh bool) {
	if !fresh && a.clean == nil {
		return
	}
	a.asked++
	n := a.asked
	var g *image.Gray
	if fresh {
		g = a.padGray()
	}
	clean, st := a.clean, a.state
	c := nn.Corruption{Noise: a.noise, Occlude: a.occlude}
	ctx.Async(func() {
		c0 := now()
		if g != nil {
			clean = make([]float32, glyph.Size*glyph.Size)
			if !glyph.Normalize(clean, g) {
				clean = nil
			}
		}
		r := aeReconstruct(st, clean, c)
		compute := now() - c0
		ctx.Dispatch(func(ctx app.Context) {
			if n != a.asked {
				return // a newer one is on its way
			}
			a.clean = clean
			if r.err != "" {
				a.status = r.err
				return
			}
			if clean == nil {
				a.status = msgEmpty
				return
			}
			a.status = ""
			a.psnr, a.psnrIn = r.psnr, r.psnrIn
			a.seq++
			a.ms, a.compute = now()-t0, compute
			paint(app.Window().GetElementByID("ae-input"), r.input)
			paint(app.Window().GetElementByID("ae-output"), r.output)
			if fresh && (a.from == "drawing" || a.to == "drawing") {
				a.interpolate(ctx)
			}
		})
	})
}

// aeResult is one reconstruction.
type aeResult struct {
	input, output []float32 // the damaged input and its reconstruction
	psnr, psnrIn  float64   // of output and of input, against the clean input
	err           string
}

// aeReconstruct damages clean by c (with a fixed seed, so that a slider
// moved back gives the same picture) and reconstructs it.
func aeReconstruct(st *aeState, clean []float32, c nn.Corruption) aeResult {
	st.mu.Lock()
	defer st.mu.Unlock()
	switch {
	case st.err != nil:
		return aeResult{err: "The autoencoder is not available: " + st.err.Error()}
	case st.ae == nil:
		return aeResult{err: "The autoencoder is still loading…"}
	case clean == nil:
		return aeResult{}
	}
	in := append([]float32(nil), clean...)
	nn.Corrupt(in, glyph.Size, c, rand.New(rand.NewPCG(1, 2))) // any fixed seed
	out := make([]float32, len(in))
	st.ae.Reconstruct(out, in)
	return aeResult{input: in, output: out, psnr: nn.PSNR(clean, out), psnrIn: nn.PSNR(clean, in)}
}

// interpolate draws the strip between the chosen ends.
func (a *Autoencoder) interpolate(ctx app.Context) {
	ends := [2][]float32{}
	for i, name := range []string{a.from, a.to} {
		if name == "drawing" {
			ends[i] = a.clean
		} else {
			ends[i] = renderSample(name)
		}
		if ends[i] == nil {
			return // nothing drawn yet
		}
	}
	st := a.state
	ctx.Async(func() {
		st.mu.Lock()
		var imgs [][]float32
		if st.ae != nil {
			imgs = st.ae.Interpolate(ends[0], ends[1], stripSteps)
		}
		st.mu.Unlock()
		if imgs == nil {
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			cv := app.Window().GetElementByID("ae-strip")
			if !cv.Truthy() {
				return
			}
			cx := cv.Call("getContext", "2d")
			for s, img := range imgs {
				data := cx.Call("createImageData", glyph.Size, glyph.Size)
				app.CopyBytesToJS(data.Get("data"), inputRGBA(img))
				cx.Call("putImageData", data, s*glyph.Size, 0)
			}
		})
	})
}

// renderSample draws character c with the browser's font on a pad-sized
// canvas of its own and returns it as the network's input.
func renderSample(c string) []float32 {
	doc := app.Window().Get("document")
	cv := doc.Call("createElement", "canvas")
	cv.Set("width", padSize)
	cv.Set("height", padSize)
	cx := cv.Call("getContext", "2d", map[string]any{"willReadFrequently": true})
	cx.Set("fillStyle", "#fff")
	cx.Call("fillRect", 0, 0, padSize, padSize)
	cx.Set("fillStyle", "#000")
	cx.Set("font", sampleFont)
	cx.Set("textAlign", "center")
	cx.Set("textBaseline", "middle")
	cx.Call("fillText", c, padSize/2, padSize/2)
	g := canvasGray(cx)
	if g == nil {
		return nil
	}
	in := make([]float32, glyph.Size*glyph.Size)
	if !glyph.Normalize(in, g) {
		return nil
	}
	return in
}

// padGray reads the pad at half size, as the draw page does.
func (a *Autoencoder) padGray() *image.Gray {
	return canvasGray(a.pad)
}

// canvasGray reads a padSize canvas's 2D context into grey pixels at half
// size, or nil outside the browser.
func canvasGray(cx app.Value) *image.Gray {
	data := cx.Call("getImageData", 0, 0, padSize, padSize).Get("data")
	if !data.Truthy() {
		return nil
	}
	px := make([]byte, 4*padSize*padSize)
	app.CopyBytesToGo(px, data)
	g := &image.Gray{}
	grayFromRGBA(g, px, padSize, padSize)
	return g
}

// clearPad paints the pad white and sets the pen.
func (a *Autoencoder) clearPad() {
	a.pad.Set("fillStyle", "#fff")
	a.pad.Call("fillRect", 0, 0, padSize, padSize)
	a.pad.Set("fillStyle", "#000")
	a.pad.Set("strokeStyle", "#000")
	a.pad.Set("lineWidth", inkWidth)
	a.pad.Set("lineCap", "round")
	a.pad.Set("lineJoin", "round")
}

// paint shows a 32×32 image (1 = paper) on a canvas.
func paint(cv app.Value, img []float32) {
	if !cv.Truthy() {
		return
	}
	cx := cv.Call("getContext", "2d")
	data := cx.Call("createImageData", glyph.Size, glyph.Size)
	app.CopyBytesToJS(data.Get("data"), inputRGBA(img))
	cx.Call("putImageData", data, 0, 0)
}

// blank paints a 32×32 canvas white.
func blank(cv app.Value) { paint(cv, nil) }
