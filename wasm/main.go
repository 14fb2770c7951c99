//go:build js && wasm

// Command wasm is the browser side of inkling: it registers the app's routes
// and runs the app. `make wasm` builds it into static/app.wasm. Started
// inside a Web Worker (static/read-worker.js), where there is no document,
// it runs as the /read page's photo reader instead.
package main

import (
	"syscall/js"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/web"
)

// version names the build; `make wasm` stamps it with -ldflags -X, so that
// every build differs and the server's version (a hash of what it serves)
// changes with it, which makes the service worker fetch the new app.
var version = "dev"

func main() {
	if js.Global().Get("document").IsUndefined() {
		web.RunWorker()
		return
	}
	web.Routes(version)
	app.RunWhenOnBrowser()
}
