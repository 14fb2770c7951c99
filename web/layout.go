package web

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// layout frames a page: a skip link, the header with the navigation, the
// page's content and the footer. mounted adds the #app-ready marker, which
// automated checks wait for: it exists once the page's OnMount has run.
func layout(current, build string, mounted bool, content ...app.UI) app.UI {
	return app.Div().Class("shell").Body(
		app.A().Class("skip").Href("#main").Text("Skip to the content"),
		app.Header().Class("top").Body(
			app.A().Class("brand").Href(PathDraw).Text("inkling"),
			app.Nav().Aria("label", "Pages").Body(
				app.Ul().Body(
					app.Range(pages()).Slice(func(i int) app.UI {
						p := pages()[i]
						a := app.A().Href(p.path).Text(p.label)
						if p.path == current {
							a = a.Aria("current", "page")
						}
						return app.Li().Body(a)
					}),
				),
			),
		),
		app.Main().ID("main").Body(content...),
		app.Footer().Body(
			app.P().Text("The networks run in your browser: nothing you draw leaves this machine."),
			app.If(build != "", func() app.UI {
				return app.P().Class("build").Text("Build " + build)
			}),
		),
		app.If(mounted, func() app.UI {
			return app.Span().ID("app-ready").Hidden(true)
		}),
	)
}
