package web

import (
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/glyph"
	"inkling/ocr"
)

// workerURL is the reader worker's script (static/read-worker.js).
const workerURL = "/web/read-worker.js"

// The states of the /read page (data-state of #read-status).
const (
	stateStarting = "starting" // the reader worker is loading
	stateReady    = "ready"    // waiting for a photo
	stateWorking  = "working"
	stateDone     = "done"
	stateError    = "error"
)

// Photo is the page at /read: it reads a photo of handwritten notes. The
// photo is decoded, shrunk and read in a Web Worker (static/read-worker.js,
// running app.wasm's RunWorker), so the page answers while it works.
type Photo struct {
	app.Compo
	models *Models
	build  string

	mounted  bool
	state    string
	stage    string  // what the worker is doing, or the error
	progress float64 // 0..1
	width    int     // of the photo at the working size, 0 without one
	height   int
	srcW     int // of the photo as decoded
	srcH     int
	lines    []ocr.Line // read, with the user's corrections
	inputs   []byte     // each character's network input, in reading order
	grey     string     // hash of the pixels the reader saw (data-grey)
	text     string     // the text area's content
	selLine  int        // the character on show: line, index (see selected)
	selChar  int
	seq      int     // readings ended, done or failed (data-seq)
	t0       float64 // when the file was chosen (performance.now, ms)
	ms       float64 // file chosen to text shown (data-ms)
	split    string  // the worker's timings, for data-split

	worker    app.Value
	onMessage app.Func
	onPaste   app.Func
}

// OnMount starts the reader worker and listens for pasted images.
func (p *Photo) OnMount(ctx app.Context) {
	p.state, p.stage, p.selLine = stateStarting, "Starting the reader…", -1
	p.mounted = true
	p.worker = app.Window().Get("Worker").New(workerURL)
	p.onMessage = app.FuncOf(func(_ app.Value, args []app.Value) any {
		msg := args[0].Get("data")
		ctx.Dispatch(func(ctx app.Context) { p.receive(ctx, msg) })
		return nil
	})
	p.worker.Set("onmessage", p.onMessage)
	p.onPaste = app.FuncOf(func(_ app.Value, args []app.Value) any {
		items := args[0].Get("clipboardData").Get("files")
		if items.Truthy() && items.Length() > 0 {
			args[0].Call("preventDefault")
			f := items.Index(0)
			ctx.Dispatch(func(ctx app.Context) { p.choose(ctx, f) })
		}
		return nil
	})
	app.Window().Call("addEventListener", "paste", p.onPaste)
}

// OnDismount stops the worker and releases the callbacks.
func (p *Photo) OnDismount() {
	if p.worker != nil {
		p.worker.Call("terminate")
	}
	if p.onPaste != nil {
		app.Window().Call("removeEventListener", "paste", p.onPaste)
		p.onPaste.Release()
	}
	if p.onMessage != nil {
		p.onMessage.Release()
	}
}

// onFile handles the file inputs.
func (p *Photo) onFile(ctx app.Context, e app.Event) {
	files := ctx.JSSrc().Get("files")
	if files.Length() == 0 {
		return
	}
	p.choose(ctx, files.Index(0))
	ctx.JSSrc().Set("value", "") // the same file chosen again reads again
}

func (p *Photo) onDragOver(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.PreventDefault()
}

func (p *Photo) onDrop(ctx app.Context, e app.Event) {
	e.PreventDefault()
	files := e.Get("dataTransfer").Get("files")
	if files.Truthy() && files.Length() > 0 {
		p.choose(ctx, files.Index(0))
	}
}

// choose sends a file to the worker.
func (p *Photo) choose(ctx app.Context, file app.Value) {
	if p.state == stateWorking {
		return
	}
	p.t0 = now()
	p.lines, p.inputs, p.text, p.selLine, p.width, p.grey = nil, nil, "", -1, 0, ""
	if file.Get("size").Int() == 0 {
		p.fail("This file is empty (0 bytes): choose a photo.")
		return
	}
	p.state, p.stage, p.progress = stateWorking, "Sending the photo to the reader", 0.02
	p.worker.Call("postMessage", map[string]any{"type": "read", "file": file, "model": p.model()})
}

// model is the classifier that reads photos: the best the server has, as
// `inkling extract` picks it.
func (p *Photo) model() string {
	if names := p.models.Names(); len(names) > 0 {
		return names[0]
	}
	return ""
}

func (p *Photo) fail(msg string) {
	p.state, p.stage, p.progress = stateError, msg, 0
	p.seq++
}

// receive handles a message of the worker.
func (p *Photo) receive(ctx app.Context, msg app.Value) {
	switch msg.Get("type").String() {
	case "ready":
		if p.state == stateStarting {
			p.state, p.stage = stateReady, "Choose, drop or paste a photo of handwritten notes."
		}
		p.worker.Call("postMessage", map[string]any{"type": "warm", "model": p.model()})
	case "progress":
		p.stage, p.progress = msg.Get("stage").String(), msg.Get("value").Float()
	case "error":
		p.fail(msg.Get("message").String())
	case "photo":
		p.width, p.height = msg.Get("width").Int(), msg.Get("height").Int()
		p.srcW, p.srcH = msg.Get("srcWidth").Int(), msg.Get("srcHeight").Int()
		canvas := app.Window().GetElementByID("photo-view")
		canvas.Set("width", p.width)
		canvas.Set("height", p.height)
		bitmap := msg.Get("bitmap")
		canvas.Call("getContext", "2d").Call("drawImage", bitmap, 0, 0)
		bitmap.Call("close")
	case "result":
		var pr photoReading
		if err := json.Unmarshal([]byte(msg.Get("json").String()), &pr); err != nil {
			p.fail("The reader sent a result the page cannot read: " + err.Error())
			return
		}
		in := msg.Get("inputs")
		p.inputs = make([]byte, in.Length())
		app.CopyBytesToGo(p.inputs, in)
		p.lines, p.grey = pr.Lines, pr.Grey
		p.split = fmt.Sprintf("segment %.0f ms, read %.0f ms", pr.SegmentMs, pr.ReadMs)
		p.state, p.progress = stateDone, 1
		p.seq++
		p.stage = fmt.Sprintf("Read %d lines. Click a box to see the character and correct it.", len(p.lines))
		if len(p.lines) == 0 {
			p.stage = msgNoWriting
		}
		p.setText(ctx, pageText(p.lines))
		p.ms = now() - p.t0
	}
}

// setText replaces the text area's content, also when the user has typed in it.
func (p *Photo) setText(ctx app.Context, s string) {
	p.text = s
	ctx.Defer(func(app.Context) {
		if el := app.Window().GetElementByID("read-text"); el.Truthy() {
			el.Set("textContent", s) // the default value, for automated checks
			el.Set("value", s)
		}
	})
}

func (p *Photo) onEdit(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	p.text = ctx.JSSrc().Get("value").String()
}

// selected returns the character on show, if any.
func (p *Photo) selected() (*ocr.Char, bool) {
	if p.selLine < 0 || p.selLine >= len(p.lines) || p.selChar < 0 || p.selChar >= len(p.lines[p.selLine].Chars) {
		return nil, false
	}
	return &p.lines[p.selLine].Chars[p.selChar], true
}

// charIndex is the position of character ci of line li in reading order.
func (p *Photo) charIndex(li, ci int) int {
	n := 0
	for _, l := range p.lines[:li] {
		n += len(l.Chars)
	}
	return n + ci
}

// drawSelected draws the selected character's crop and network input.
func (p *Photo) drawSelected() {
	c, ok := p.selected()
	if !ok {
		return
	}
	photo := app.Window().GetElementByID("photo-view")
	crop := app.Window().GetElementByID("char-crop")
	r := c.Rect().Inset(-4) // a little paper around the ink
	side := max(r.Dx(), r.Dy())
	cx := crop.Call("getContext", "2d")
	cx.Set("fillStyle", "#fff")
	cx.Call("fillRect", 0, 0, 96, 96)
	scale := 96 / float64(side) // the crop canvas is 96 px: its CSS size
	cx.Call("drawImage", photo, r.Min.X, r.Min.Y, r.Dx(), r.Dy(),
		(96-float64(r.Dx())*scale)/2, (96-float64(r.Dy())*scale)/2, float64(r.Dx())*scale, float64(r.Dy())*scale)
	const n = glyph.Size * glyph.Size
	i := p.charIndex(p.selLine, p.selChar)
	if (i+1)*n > len(p.inputs) {
		return
	}
	in := make([]float32, n)
	for k, v := range p.inputs[i*n : (i+1)*n] {
		in[k] = float32(v) / 255
	}
	seen := app.Window().GetElementByID("char-input").Call("getContext", "2d")
	img := seen.Call("createImageData", glyph.Size, glyph.Size)
	app.CopyBytesToJS(img.Get("data"), inputRGBA(in))
	seen.Call("putImageData", img, 0, 0)
}

// fix corrects the selected character and rebuilds the text.
func (p *Photo) fix(ch string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		p.correct(ctx, ch)
	}
}

func (p *Photo) onFixOther(ctx app.Context, e app.Event) {
	v := ctx.JSSrc().Get("value").String()
	ctx.JSSrc().Set("value", "")
	if r := []rune(v); len(r) > 0 {
		p.correct(ctx, string(r[0]))
	}
}

func (p *Photo) correct(ctx app.Context, ch string) {
	if p.applyFix(ch) {
		p.setText(ctx, p.text)
	}
}

// applyFix makes ch the selected character and rebuilds the text; it
// reports whether there was a character to correct.
func (p *Photo) applyFix(ch string) bool {
	c, ok := p.selected()
	if !ok || ch == "" {
		return false
	}
	c.Char, c.P = ch, 1 // the user is sure
	p.lines[p.selLine].Text = lineText(p.lines[p.selLine])
	p.text = pageText(p.lines)
	return true
}

func (p *Photo) onCopy(ctx app.Context, e app.Event) {
	app.Window().Get("navigator").Get("clipboard").Call("writeText", p.text)
	p.stage = "Copied the text."
}

// onDownload saves the text as notes.txt, from a blob: URL (no upload).
func (p *Photo) onDownload(ctx app.Context, e app.Event) {
	blob := app.Window().Get("Blob").New([]any{p.text}, map[string]any{"type": "text/plain;charset=utf-8"})
	url := app.Window().Get("URL").Call("createObjectURL", blob)
	a := app.Window().Get("document").Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", "notes.txt")
	a.Call("click")
	app.Window().Get("URL").Call("revokeObjectURL", url)
}

// Render draws the page.
func (p *Photo) Render() app.UI {
	text := app.Textarea().ID("read-text").Class("read-text").
		Rows(max(4, len(p.lines)+1)).Spellcheck(false).
		Aria("label", "The recognised text, one line per line of handwriting; you can edit it").
		DataSet("ms", fmt.Sprintf("%.0f", p.ms)).
		DataSet("split", p.split).
		DataSet("grey", p.grey).
		OnInput(p.onEdit).
		Text(p.text)
	if p.state == stateDone {
		text = text.DataSet("done", "true")
	}
	busy := p.state == stateWorking || p.state == stateStarting
	return layout(PathRead, p.build, p.mounted,
		app.H1().Text("Read a photo of handwritten notes"),
		app.P().Class("lead").Text("Your photo is read here, in your browser: it is never uploaded."),
		app.Div().Class("drop").
			On("dragover", p.onDragOver).
			On("drop", p.onDrop).
			Body(
				app.Input().Type("file").ID("photo").Accept("image/*").Disabled(busy).OnChange(p.onFile),
				app.Label().For("photo").Class("pick").Text("Choose a photo"),
				app.Input().Type("file").ID("camera").Accept("image/*").Attr("capture", "environment").
					Disabled(busy).OnChange(p.onFile),
				app.Label().For("camera").Class("pick camera").Text("Take a photo"),
				app.P().Class("hint").Text("…or drop one here, or paste one (Ctrl+V)."),
			),
		app.Div().Class("read-status").Body(
			app.P().ID("read-status").DataSet("state", p.state).DataSet("seq", p.seq).
				Aria("live", "polite").Text(p.stage),
			app.Progress().ID("read-progress").Max(1).Value(p.progress).
				Aria("label", "Reading progress").Hidden(p.state != stateWorking),
		),
		app.Div().Class("read").Body(
			app.Section().Class("photo-area").Aria("label", "The photo with the characters found").Body(
				app.Div().Class("photo-wrap").Hidden(p.width == 0).Body(
					app.Canvas().ID("photo-view").Class("photo-view").Role("img").
						Aria("label", "Your photo"),
					p.renderBoxes(),
				),
			),
			app.Section().Class("text-area").Aria("label", "Text").Body(
				app.H2().Text("Text"),
				text,
				app.Div().Class("tools").Body(
					app.Button().ID("copy-text").Type("button").Text("Copy").
						Disabled(p.text == "").OnClick(p.onCopy),
					app.Button().ID("download-text").Type("button").Text("Download .txt").
						Disabled(p.text == "").OnClick(p.onDownload),
				),
				p.renderChar(),
			),
		),
	)
}

// renderBoxes draws a box over every character, coloured by confidence,
// as an SVG in the photo's working-size coordinates. Clicks and keys reach
// onBoxEvent through the wrapper, which reads the box's data-i.
func (p *Photo) renderBoxes() app.UI {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="boxes" viewBox="0 0 %d %d" preserveAspectRatio="none">`, max(1, p.width), max(1, p.height))
	// Strokes 1/400 of the longer side wide: visible at any screen size.
	sw := float64(max(p.width, p.height)) / 400
	i := 0
	for li, l := range p.lines {
		for ci, c := range l.Chars {
			cls := confidence(c.P)
			if li == p.selLine && ci == p.selChar {
				cls += " selected"
			}
			fmt.Fprintf(&b, `<rect class="%s" data-i="%d" x="%d" y="%d" width="%d" height="%d" stroke-width="%.1f" tabindex="0" role="button" aria-label="%s, line %d, %.0f %%"></rect>`,
				cls, i, c.Box[0], c.Box[1], c.Box[2]-c.Box[0], c.Box[3]-c.Box[1], sw,
				html.EscapeString(c.Char), li+1, 100*c.P)
			i++
		}
	}
	b.WriteString(`</svg>`)
	return app.Div().ID("boxes").Class("boxes-wrap").
		On("click", p.onBoxEvent).
		On("keydown", p.onBoxEvent).
		Body(app.Raw(b.String()))
}

// onBoxEvent selects the character of the box clicked, or focused when
// Enter or Space is pressed.
func (p *Photo) onBoxEvent(ctx app.Context, e app.Event) {
	if e.Get("type").String() == "keydown" {
		if k := e.Get("key").String(); k != "Enter" && k != " " {
			ctx.PreventUpdate()
			return
		}
		e.PreventDefault()
	}
	v := e.Get("target").Get("dataset").Get("i")
	if !v.Truthy() {
		ctx.PreventUpdate()
		return
	}
	i, err := strconv.Atoi(v.String())
	if err != nil {
		return
	}
	for li, l := range p.lines {
		if i < len(l.Chars) {
			p.selLine, p.selChar = li, i
			p.drawSelected()
			return
		}
		i -= len(l.Chars)
	}
}

// renderChar shows the selected character: its crop, the network's input
// and its three likeliest classes, any of which corrects it.
func (p *Photo) renderChar() app.UI {
	c, ok := p.selected()
	if !ok {
		c = &ocr.Char{}
	}
	return app.Div().ID("char-detail").Class("char-detail").Hidden(!ok).Body(
		app.H3().Text("Character "+strconv.Quote(c.Char)),
		app.Div().Class("char-images").Body(
			app.Figure().Body(
				app.Canvas().ID("char-crop").Width(96).Height(96).Role("img").Aria("label", "The character in the photo"),
				app.FigCaption().Text("In the photo"),
			),
			app.Figure().Body(
				app.Canvas().ID("char-input").Width(glyph.Size).Height(glyph.Size).Role("img").
					Aria("label", "The 32 by 32 image the network saw"),
				app.FigCaption().Text("What the network saw (32×32)"),
			),
		),
		app.P().Class("label").Text("Three likeliest; choose one to correct:"),
		app.Div().Class("top3").Body(
			app.Range(c.Top3).Slice(func(i int) app.UI {
				g := c.Top3[i]
				return app.Button().ID("fix-"+strconv.Itoa(i)).Type("button").
					Text(fmt.Sprintf("%s %.0f %%", g.Char, 100*g.P)).
					Aria("label", fmt.Sprintf("Correct to %s (%.0f %%)", g.Char, 100*g.P)).
					OnClick(p.fix(g.Char))
			}),
			app.Input().ID("fix-other").Type("text").MaxLength(1).Size(2).
				Aria("label", "Or type the right character").Placeholder("?").OnChange(p.onFixOther),
		),
	)
}
