// Package web is inkling's browser app: the go-app components of every page
// and Routes, the one route table that both the wasm entry point and the
// native server register (go-app needs the same routes on both sides).
//
// The networks run here, in the browser, from the same nn package the
// trainer uses; nothing a user draws leaves their machine.
package web

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The app's pages.
const (
	PathDraw        = "/"
	PathModel       = "/model"
	PathRead        = "/read"
	PathAutoencoder = "/autoencoder"
)

// page is one entry of the navigation.
type page struct {
	path, label string
}

// pages lists the navigation in order. A new page (/read, /autoencoder)
// adds its entry here and its route in Routes.
func pages() []page {
	return []page{
		{PathDraw, "Draw"},
		{PathRead, "Read a photo"},
		{PathAutoencoder, "Autoencoder"},
		{PathModel, "Model"},
	}
}

// Paths lists every page's path, for the server and the static site
// (which writes one HTML file per page) and for offline caching.
func Paths() []string {
	var ps []string
	for _, p := range pages() {
		ps = append(ps, p.path)
	}
	return ps
}

// Routes registers every page. build names the app.wasm build and is shown
// in the footer; the server, whose pre-rendered HTML the client replaces,
// passes "".
func Routes(build string) {
	ms := NewModels(modelNames(app.Getenv(ModelsEnv)), fetchBytes)
	app.Route(PathDraw, func() app.Composer { return &Draw{models: ms, build: build} })
	app.Route(PathModel, func() app.Composer { return &Model{models: ms, build: build} })
	app.Route(PathRead, func() app.Composer { return &Photo{models: ms, build: build} })
	app.Route(PathAutoencoder, func() app.Composer { return &Autoencoder{models: ms, build: build} })
}
