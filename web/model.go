package web

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/nn"
)

// filterCols is how many weight images the first-layer grid shows per row.
const filterCols = 8

// Model is the page at /model: how the chosen model was trained and how
// well it does, all drawn from the metadata inside its weights file.
type Model struct {
	app.Compo
	models *Models
	build  string

	mounted bool
	infos   []modelInfo
	model   string
	hover   string // the confusion cell under the pointer, in words
	layer   firstLayer
	layerOK bool
	svg     map[string]charts // by model: drawn once, not on every hover
}

// charts are a model's SVG charts.
type charts struct {
	loss, accuracy, confusion string
}

// charts returns the charts of the model in use, drawing them on first use.
func (m *Model) charts(meta nn.Meta) charts {
	if c, ok := m.svg[m.model]; ok {
		return c
	}
	c := charts{
		loss:     curveChart("loss per sample", meta.Curves, trainLoss, validLoss.named(meta.ValidName())),
		accuracy: curveChart("accuracy", meta.Curves, trainAcc, validAcc.named(meta.ValidName())),
	}
	if len(meta.Confusion) > 0 {
		c.confusion = confusionChart(meta.Confusion, meta.Classes)
	}
	if m.svg == nil {
		m.svg = map[string]charts{}
	}
	m.svg[m.model] = c
	return c
}

// OnMount starts loading the models' metadata.
func (m *Model) OnMount(ctx app.Context) {
	m.infos = newInfos(m.models.Names())
	m.model = m.models.Names()[0]
	m.mounted = true
	loadInfos(ctx, m.models, func(ctx app.Context, mi modelInfo) {
		prev := m.model
		m.model = setInfo(m.infos, mi, m.model)
		if mi.name == m.model || prev != m.model {
			m.loadLayer(ctx)
		}
	})
	app.Window().Set("inklingReadyAt", app.Window().Get("performance").Call("now"))
}

// info returns what is known of the model in use.
func (m *Model) info() modelInfo {
	for _, mi := range m.infos {
		if mi.name == m.model {
			return mi
		}
	}
	return modelInfo{name: m.model}
}

// loadLayer reads the first-layer weights of the model in use and draws
// them once the page has updated.
func (m *Model) loadLayer(ctx app.Context) {
	net, err := m.models.Network(m.model) // loaded by now: loadInfos reported it
	if err != nil {
		m.layerOK = false
		return
	}
	m.layer, m.layerOK = firstLayerImages(net)
	ctx.Defer(func(app.Context) { m.drawLayer() })
}

// drawLayer paints the first-layer weight images onto #filters.
func (m *Model) drawLayer() {
	canvas := app.Window().GetElementByID("filters")
	if !m.layerOK || !canvas.Truthy() {
		return
	}
	px, w, h := tileRGBA(m.layer.imgs, m.layer.side, filterCols)
	canvas.Set("width", w)
	canvas.Set("height", h)
	c := canvas.Call("getContext", "2d")
	img := c.Call("createImageData", w, h)
	app.CopyBytesToJS(img.Get("data"), px)
	c.Call("putImageData", img, 0, 0)
}

func (m *Model) onModel(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		m.model, m.hover = name, ""
		m.loadLayer(ctx)
	}
}

// onHover shows the confusion cell under the pointer.
func (m *Model) onHover(ctx app.Context, e app.Event) {
	target := e.Get("target")
	if !target.Truthy() || !target.Get("getAttribute").Truthy() {
		return
	}
	t, p := target.Call("getAttribute", "data-t"), target.Call("getAttribute", "data-p")
	if !t.Truthy() || !p.Truthy() {
		return
	}
	ti, err1 := strconv.Atoi(t.String())
	pi, err2 := strconv.Atoi(p.String())
	if err1 == nil && err2 == nil {
		m.hoverCell(ti, pi)
	}
}

// hoverCell sets the readout for the confusion cell (t, p).
func (m *Model) hoverCell(t, p int) {
	mi := m.info()
	m.hover = cellText(mi.meta.Confusion, mi.meta.Classes, t, p)
}

// Render draws the page.
func (m *Model) Render() app.UI {
	mi := m.info()
	return layout(PathModel, m.build, m.mounted,
		app.H1().Text("Inside the model"),
		modelSwitch(m.infos, m.model, m.onModel),
		app.If(mi.err != nil, func() app.UI {
			return app.P().Class("status").Text(fmt.Sprint(mi.err))
		}).ElseIf(!mi.loaded, func() app.UI {
			return app.P().Class("status").Text("Loading the model…")
		}).Else(func() app.UI {
			return m.details(mi.meta)
		}),
	)
}

// details renders everything the weights file says about the model.
func (m *Model) details(meta nn.Meta) app.UI {
	c := m.charts(meta)
	return app.Div().Class("model").Body(
		app.Section().Class("card summary").Body(
			app.H2().Text("Summary"),
			summary(meta),
		),
		app.Section().Class("card").Body(
			app.H2().Text("Training"),
			app.Div().Class("charts").Body(
				app.Raw(c.loss),
				app.Raw(c.accuracy),
			),
		),
		app.Section().Class("card").Body(
			app.H2().Text("Confusion matrix (test set)"),
			app.If(len(meta.Confusion) == 0, func() app.UI {
				return app.P().Text("This weights file has no confusion matrix.")
			}).Else(func() app.UI {
				return app.Div().Body(
					app.Div().ID("confusion").Class("confusion-wrap").
						On("pointerover", m.onHover).
						Body(app.Raw(c.confusion)),
					app.P().ID("confusion-cell").Class("readout").Aria("live", "polite").
						Text(or(m.hover, "Point at a cell to see the pair and its counts.")),
					app.H3().Text("Most confused pairs"),
					confusionTable(meta),
				)
			}),
		),
		app.Section().Class("card").Body(
			app.H2().Text("Recall per class (test set)"),
			recallList(meta),
		),
		app.Section().Class("card").Body(
			app.H2().Text("First-layer weights"),
			app.If(!m.layerOK, func() app.UI {
				return app.P().Text("The first layer's weights cannot be shown as images.")
			}).Else(func() app.UI {
				return app.Figure().Class("filters").Body(
					app.Canvas().ID("filters").Role("img").
						Aria("label", fmt.Sprintf("%d first-layer weight images", len(m.layer.imgs))),
					app.FigCaption().Text(fmt.Sprintf(
						"Each square is one %s's weights as a %d×%d image, scaled to its own largest weight: orange is positive, blue negative.",
						m.layer.kind, m.layer.side, m.layer.side)),
				)
			}),
		),
	)
}

// summary lists the model's provenance and final metrics.
func summary(meta nn.Meta) app.UI {
	type row struct{ k, v string }
	var rows []row
	add := func(k, v string) {
		if v != "" {
			rows = append(rows, row{k, v})
		}
	}
	add("Model", strings.ToUpper(meta.Model))
	keys := make([]string, 0, len(meta.Metrics))
	for k := range meta.Metrics {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		add(strings.ReplaceAll(k, "_", " "), metricText(k, meta.Metrics[k]))
	}
	add("Data", meta.Data)
	add("Trained", meta.Date)
	add("Seed", fmt.Sprint(meta.Seed))
	add("Command", meta.Command)
	add("Notes", meta.Notes)
	return app.Dl().Body(
		app.Range(rows).Slice(func(i int) app.UI {
			return app.Div().Body(app.Dt().Text(rows[i].k), app.Dd().Text(rows[i].v))
		}),
	)
}

// metricText formats a metric: shares as percentages, the rest as numbers.
func metricText(name string, v float64) string {
	if strings.Contains(name, "accuracy") || strings.Contains(name, "recall") {
		return fmt.Sprintf("%.2f %%", 100*v)
	}
	return fmt.Sprintf("%.4g", v)
}

// confusionTable lists the largest confusions: the keyboard's (and the
// screen reader's) way into the matrix.
func confusionTable(meta nn.Meta) app.UI {
	cs := worstConfusions(meta.Confusion, 10) // ten: the pairs worth a look
	return app.Table().Class("pairs").Body(
		app.THead().Body(app.Tr().Body(
			app.Th().Text("True"), app.Th().Text("Predicted"), app.Th().Text("Count"), app.Th().Text("Share of the true class"),
		)),
		app.TBody().Body(app.Range(cs).Slice(func(i int) app.UI {
			c := cs[i]
			share := float64(c.count) / float64(rowTotal(meta.Confusion[c.truth]))
			return app.Tr().Body(
				app.Td().Text(className(meta.Classes, c.truth)),
				app.Td().Text(className(meta.Classes, c.pred)),
				app.Td().Text(c.count),
				app.Td().Text(fmt.Sprintf("%.1f %%", 100*share)),
			)
		})),
	)
}

// recallList shows each class's recall as a bar.
func recallList(meta nn.Meta) app.UI {
	r := recall(meta.Confusion)
	if len(r) == 0 {
		return app.P().Text("This weights file has no confusion matrix.")
	}
	return app.Ul().Class("recall").Body(app.Range(r).Slice(func(i int) app.UI {
		c := className(meta.Classes, i)
		if r[i] != r[i] { // NaN: no test samples
			return app.Li().Body(app.Span().Class("class").Text(c), app.Span().Class("pct").Text("no samples"))
		}
		pct := fmt.Sprintf("%.1f %%", 100*r[i])
		return app.Li().Body(
			app.Span().Class("class").Text(c),
			app.Meter().Min(0).Max(1).Low(0.8).High(0.95).Optimum(1).Value(r[i]).Aria("label", "recall of "+c+" "+pct),
			app.Span().Class("pct").Text(pct),
		)
	}))
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
