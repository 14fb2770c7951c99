package web

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// pen is the pointer handling of a drawing pad, shared by the pages that
// draw: it follows one pointer (mouse, pen or finger; a second finger or
// another button is ignored), records its strokes in pad pixels and draws
// them on the pad's 2D context. Its handlers never re-render the page.
type pen struct {
	pad     app.Value // the pad's 2D context
	strokes [][]point
	drawing bool // a pointer is down on the pad
	pointer int  // its pointerId
}

// down starts a stroke with a dot; it reports whether one started.
func (p *pen) down(ctx app.Context, e app.Event) bool {
	ctx.PreventUpdate()
	if p.drawing || e.Get("button").Int() != 0 { // a second finger, or not the main button
		return false
	}
	e.PreventDefault()
	p.drawing, p.pointer = true, e.Get("pointerId").Int()
	ctx.JSSrc().Call("setPointerCapture", p.pointer)
	pt := padPoint(ctx.JSSrc(), e.Value)
	p.strokes = append(p.strokes, []point{pt})
	p.pad.Call("beginPath")
	p.pad.Call("arc", pt.x, pt.y, inkWidth/2, 0, 6.2832) // a full circle: the dot of a tap
	p.pad.Call("fill")
	return true
}

// move extends the stroke with every sample since the last event (the
// coalesced events, where the browser has them); it reports whether the
// stroke grew.
func (p *pen) move(ctx app.Context, e app.Event) bool {
	ctx.PreventUpdate()
	if !p.drawing || e.Get("pointerId").Int() != p.pointer {
		return false
	}
	e.PreventDefault()
	canvas := ctx.JSSrc()
	events := []app.Value{e.Value}
	if e.Get("getCoalescedEvents").Truthy() { // every sample since the last frame, not only the last
		list := e.Call("getCoalescedEvents")
		if n := list.Length(); n > 0 {
			events = events[:0]
			for i := range n {
				events = append(events, list.Index(i))
			}
		}
	}
	s := &p.strokes[len(p.strokes)-1]
	p.pad.Call("beginPath")
	last := (*s)[len(*s)-1]
	p.pad.Call("moveTo", last.x, last.y)
	for _, ev := range events {
		pt := padPoint(canvas, ev)
		p.pad.Call("lineTo", pt.x, pt.y)
		*s = append(*s, pt)
	}
	p.pad.Call("stroke")
	return true
}

// up ends the stroke; it reports whether one ended.
func (p *pen) up(ctx app.Context, e app.Event) bool {
	ctx.PreventUpdate()
	if !p.drawing || e.Get("pointerId").Int() != p.pointer {
		return false
	}
	p.drawing = false
	return true
}

// padCanvas is a drawing pad: a square canvas that takes focus, with its
// pointer and key events going to the page's handlers (a cancelled pointer
// ends the stroke like a lifted one).
func padCanvas(id, label string, down, move, up, key app.EventHandler) app.HTMLCanvas {
	return app.Canvas().ID(id).Class("pad").Width(padSize).Height(padSize).
		TabIndex(0).Role("img").
		Aria("label", label).
		On("pointerdown", down).
		On("pointermove", move).
		On("pointerup", up).
		On("pointercancel", up).
		On("keydown", key)
}
