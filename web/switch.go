package web

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/nn"
)

// modelInfo is what a page knows of one model: nothing until its weights
// file has loaded, then its metadata or the error.
type modelInfo struct {
	name   string
	loaded bool
	meta   nn.Meta
	err    error
}

// newInfos returns one not-yet-loaded entry per model.
func newInfos(names []string) []modelInfo {
	infos := make([]modelInfo, len(names))
	for i, n := range names {
		infos[i] = modelInfo{name: n}
	}
	return infos
}

// label is the model's name with its test accuracy, as the switch shows it.
func (mi modelInfo) label() string {
	name := strings.ToUpper(mi.name)
	switch {
	case mi.err != nil:
		return name + " (unavailable)"
	case !mi.loaded:
		return name + " (loading…)"
	}
	if acc, ok := mi.meta.Metrics["test_accuracy"]; ok {
		return fmt.Sprintf("%s · %.1f %% test accuracy", name, 100*acc)
	}
	return name
}

// loadInfos loads every model's metadata in the background and hands each
// one, on the UI goroutine, to done.
func loadInfos(ctx app.Context, ms *Models, done func(ctx app.Context, mi modelInfo)) {
	ctx.Async(func() {
		for _, name := range ms.Names() {
			meta, err := ms.Meta(name)
			mi := modelInfo{name: name, loaded: err == nil, meta: meta, err: err}
			ctx.Dispatch(func(ctx app.Context) { done(ctx, mi) })
		}
	})
}

// setInfo stores mi in infos and returns the model to use: current, or
// the first loaded one when current failed to load.
func setInfo(infos []modelInfo, mi modelInfo, current string) string {
	for i := range infos {
		if infos[i].name == mi.name {
			infos[i] = mi
		}
	}
	for _, in := range infos {
		if in.name == current && in.err == nil {
			return current
		}
	}
	for _, in := range infos {
		if in.loaded {
			return in.name
		}
	}
	return current
}

// modelSwitch renders the radio group that chooses the model.
func modelSwitch(infos []modelInfo, current string, choose func(name string) app.EventHandler) app.UI {
	return app.FieldSet().Class("models").Body(
		app.Legend().Text("Model"),
		app.Range(infos).Slice(func(i int) app.UI {
			mi := infos[i]
			id := "model-" + mi.name
			return app.Div().Class("choice").Body(
				app.Input().Type("radio").Name("model").ID(id).Value(mi.name).
					Checked(mi.name == current).Disabled(mi.err != nil).
					OnChange(choose(mi.name)),
				app.Label().For(id).Text(mi.label()),
			)
		}),
	)
}
