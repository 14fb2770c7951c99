package web

import (
	"fmt"
	"image"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/glyph"
)

// The pad.
const (
	// padSize is the side of the pad's pixel grid. CSS scales the canvas to
	// the screen; a fixed grid keeps the ink the network sees the same on a
	// phone and a desktop.
	padSize = 256
	// inkWidth is the pen's width in pad pixels: a character drawn across
	// two thirds of the pad then has strokes about as thick, relative to its
	// size, as the training data (2.9 of 25 pixels, see glyph).
	inkWidth = 16
	// liveEvery is the least time between two live readings while drawing,
	// in milliseconds: a few per second follow the pen without keeping the
	// one wasm thread busy.
	liveEvery = 100
)

// point is a position on the pad, in pad pixels.
type point struct{ x, y float64 }

// Draw is the page at /: a pad to draw one character on, the network's
// five best guesses, and the 32×32 image the network saw.
type Draw struct {
	app.Compo
	models *Models
	build  string

	mounted bool
	infos   []modelInfo
	model   string  // the model in use
	reading Reading // on show
	seq     int     // pen-up readings shown so far (data-seq)
	ms      float64 // pen-up to reading of the last one, in ms (data-ms)
	// computeMs is the part of ms spent normalising and classifying (data-compute-ms).
	computeMs float64

	pen              // the pad's pointer handling, its strokes and 2D context
	seen   app.Value // the 2D context of the 32×32 canvas
	lastAt float64
	busy   bool // a live reading is running
	asked  int  // number of the latest reading asked for
	shown  int  // number of the reading on show
	pixels []byte
}

// OnMount prepares the canvases and starts loading the models.
func (d *Draw) OnMount(ctx app.Context) {
	d.pad = app.Window().GetElementByID("pad").Call("getContext", "2d",
		map[string]any{"willReadFrequently": true})
	d.seen = app.Window().GetElementByID("seen").Call("getContext", "2d")
	d.clearPad()
	d.infos = newInfos(d.models.Names())
	d.model = d.models.Names()[0]
	d.reading = Reading{Status: msgEmpty}
	d.mounted = true
	loadInfos(ctx, d.models, func(ctx app.Context, mi modelInfo) {
		d.model = setInfo(d.infos, mi, d.model)
	})
	// The moment the page became usable, for the load-time measurement.
	app.Window().Set("inklingReadyAt", app.Window().Get("performance").Call("now"))
}

// Render draws the page.
func (d *Draw) Render() app.UI {
	top, p := "", 0.0
	if len(d.reading.Top) > 0 {
		top, p = d.reading.Top[0].Class, d.reading.Top[0].P
	}
	return layout(PathDraw, d.build, d.mounted,
		app.H1().Text("Draw a character"),
		app.Div().Class("draw").Body(
			app.Section().Class("pad-area").Aria("label", "Drawing").Body(
				padCanvas("pad", "Drawing pad: draw one letter or digit with a mouse, pen or finger. Keys: Ctrl+Z undoes a stroke, Delete clears.",
					d.onDown, d.onMove, d.onUp, d.onKey),
				app.Div().Class("tools").Body(
					app.Button().ID("undo").Type("button").Text("Undo").
						Disabled(len(d.strokes) == 0).OnClick(d.onUndo),
					app.Button().ID("clear").Type("button").Text("Clear").
						Disabled(len(d.strokes) == 0).OnClick(d.onClear),
				),
			),
			app.Section().Class("result").Aria("label", "Reading").Body(
				app.Div().Class("reading").Body(
					app.Div().Body(
						app.P().Class("label").Text("Top class"),
						app.P().ID("top-class").Class("top-class").
							DataSet("p", fmt.Sprintf("%.4f", p)).
							DataSet("seq", d.seq).
							DataSet("ms", fmt.Sprintf("%.2f", d.ms)).
							DataSet("compute-ms", fmt.Sprintf("%.2f", d.computeMs)).
							Aria("live", "polite").
							Text(top),
					),
					app.Figure().Class("seen").Body(
						app.Canvas().ID("seen").Width(glyph.Size).Height(glyph.Size).
							Role("img").Aria("label", "The 32 by 32 image the network saw"),
						app.FigCaption().Text("What the network saw: 32×32, normalised like the training data and the photo crops"),
					),
				),
				app.P().ID("status").Class("status").Aria("live", "polite").Text(d.reading.Status),
				app.Ol().ID("guesses").Class("guesses").Aria("label", "Five best guesses").Body(
					app.Range(d.reading.Top).Slice(func(i int) app.UI {
						g := d.reading.Top[i]
						pct := fmt.Sprintf("%.1f %%", 100*g.P)
						return app.Li().Body(
							app.Span().Class("class").Text(g.Class),
							app.Progress().Max(1).Value(g.P).Aria("label", g.Class+" "+pct),
							app.Span().Class("pct").Text(pct),
						)
					}),
				),
				modelSwitch(d.infos, d.model, d.onModel),
			),
		),
	)
}

// onModel switches the model and reads the pad again.
func (d *Draw) onModel(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		d.model = name
		if len(d.strokes) > 0 {
			d.ask(ctx, true, now())
		}
	}
}

func (d *Draw) onDown(ctx app.Context, e app.Event) {
	d.down(ctx, e)
}

func (d *Draw) onMove(ctx app.Context, e app.Event) {
	if !d.move(ctx, e) {
		return
	}
	if t := e.Get("timeStamp").Float(); !d.busy && t-d.lastAt >= liveEvery {
		d.lastAt, d.busy = t, true
		d.ask(ctx, false, t)
	}
}

func (d *Draw) onUp(ctx app.Context, e app.Event) {
	if d.up(ctx, e) {
		d.ask(ctx, true, e.Get("timeStamp").Float())
	}
}

func (d *Draw) onKey(ctx app.Context, e app.Event) {
	switch key := e.Get("key").String(); {
	case (key == "z" || key == "Z") && (e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()):
		e.PreventDefault()
		d.onUndo(ctx, e)
	case key == "Delete" || key == "Backspace" || key == "Escape":
		e.PreventDefault()
		d.onClear(ctx, e)
	default:
		ctx.PreventUpdate()
	}
}

func (d *Draw) onUndo(ctx app.Context, e app.Event) {
	if len(d.strokes) == 0 || d.drawing {
		return
	}
	d.strokes = d.strokes[:len(d.strokes)-1]
	d.redraw()
	if len(d.strokes) == 0 {
		d.reset()
		return
	}
	d.ask(ctx, true, now())
}

func (d *Draw) onClear(ctx app.Context, e app.Event) {
	if d.drawing {
		return
	}
	d.strokes = nil
	d.redraw()
	d.reset()
}

// reset shows the empty pad's message, dropping any reading still running.
func (d *Draw) reset() {
	d.asked++
	d.shown = d.asked
	d.show(Reading{Status: msgEmpty})
}

// ask reads the pad: the pixels now, on the UI goroutine, then the
// normalisation and the network in the background. final readings (pen-up,
// undo, a model switch) count in data-seq; t0 is when the user acted (ms,
// the clock of performance.now), for data-ms.
func (d *Draw) ask(ctx app.Context, final bool, t0 float64) {
	d.asked++
	n := d.asked
	data := d.pad.Call("getImageData", 0, 0, padSize, padSize).Get("data")
	if len(d.pixels) != 4*padSize*padSize {
		d.pixels = make([]byte, 4*padSize*padSize)
	}
	app.CopyBytesToGo(d.pixels, data)
	g := &image.Gray{}
	grayFromRGBA(g, d.pixels, padSize, padSize)
	ms, name := d.models, d.model
	ctx.Async(func() {
		c0 := now()
		r := readModel(ms, name, g)
		compute := now() - c0
		ctx.Dispatch(func(ctx app.Context) {
			d.receive(r, n, final, t0)
			if final && d.shown == n {
				d.computeMs = compute
			}
		})
	})
}

// readModel reads g with the named model.
func readModel(ms *Models, name string, g *image.Gray) Reading {
	meta, err := ms.Meta(name)
	if err != nil {
		return Reading{Status: err.Error()}
	}
	return read(g, meta.Classes, func(x []float32) ([]float32, error) {
		return ms.Classify(name, x)
	})
}

// receive shows reading number n, unless a newer one is already on show.
func (d *Draw) receive(r Reading, n int, final bool, t0 float64) {
	if !final {
		d.busy = false
	}
	if n <= d.shown {
		return
	}
	d.shown = n
	if final {
		d.seq++
		d.ms = now() - t0
	}
	d.show(r)
}

// show puts r on the page and its input on the 32×32 canvas.
func (d *Draw) show(r Reading) {
	d.reading = r
	if d.seen == nil {
		return
	}
	img := d.seen.Call("createImageData", glyph.Size, glyph.Size)
	app.CopyBytesToJS(img.Get("data"), inputRGBA(r.Input))
	d.seen.Call("putImageData", img, 0, 0)
}

// inputRGBA turns a network input (1 = paper) into opaque grey RGBA pixels;
// no input gives white.
func inputRGBA(in []float32) []byte {
	px := make([]byte, 4*glyph.Size*glyph.Size)
	for i := range glyph.Size * glyph.Size {
		v := byte(255)
		if in != nil {
			v = byte(255*min(max(in[i], 0), 1) + 0.5)
		}
		px[4*i], px[4*i+1], px[4*i+2], px[4*i+3] = v, v, v, 255
	}
	return px
}

// clearPad paints the pad white and sets the pen.
func (d *Draw) clearPad() {
	d.pad.Set("fillStyle", "#fff")
	d.pad.Call("fillRect", 0, 0, padSize, padSize)
	d.pad.Set("fillStyle", "#000")
	d.pad.Set("strokeStyle", "#000")
	d.pad.Set("lineWidth", inkWidth)
	d.pad.Set("lineCap", "round")
	d.pad.Set("lineJoin", "round")
}

// redraw paints every stroke again, after an undo or a clear.
func (d *Draw) redraw() {
	d.clearPad()
	for _, s := range d.strokes {
		d.pad.Call("beginPath")
		d.pad.Call("arc", s[0].x, s[0].y, inkWidth/2, 0, 6.2832)
		d.pad.Call("fill")
		d.pad.Call("beginPath")
		d.pad.Call("moveTo", s[0].x, s[0].y)
		for _, p := range s[1:] {
			d.pad.Call("lineTo", p.x, p.y)
		}
		d.pad.Call("stroke")
	}
}

// padPoint maps a pointer event to pad pixels. offsetX/Y are relative to
// the canvas's padding box, whose CSS size may differ from the pad's grid.
func padPoint(canvas, e app.Value) point {
	w, h := canvas.Get("clientWidth").Float(), canvas.Get("clientHeight").Float()
	if w == 0 || h == 0 {
		return point{}
	}
	return point{
		x: e.Get("offsetX").Float() * padSize / w,
		y: e.Get("offsetY").Float() * padSize / h,
	}
}

// now is the browser's performance.now(), in ms.
func now() float64 {
	return app.Window().Get("performance").Call("now").Float()
}
