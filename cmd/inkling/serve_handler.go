package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/web"
)

// classifiers are the draw page's models, best first: the app uses the
// first one the server has.
var classifiers = []string{"cnn", "mlp"}

// contentSecurityPolicy allows only the app's own files: scripts from this
// origin plus WebAssembly compilation, no inline script or style, and
// fetches (the weights) to this origin only.
const contentSecurityPolicy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; " +
	"manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'"

// server is the native side of the app: go-app's handler for the pages and
// its scripts, and the assets under /web/.
type server struct {
	assets  *assets
	handler *app.Handler
	mux     *http.ServeMux
}

// newServer reads the static files and weights and configures go-app.
func newServer(cfg serveConfig) (*server, error) {
	a, err := loadAssets(cfg.staticDir, cfg.weightsDir)
	if err != nil {
		return nil, err
	}
	wasm, ok := a.files["/web/app.wasm"]
	if !ok {
		return nil, errNoWasm
	}
	version := cfg.version
	if version == "" {
		version = a.version()
	}
	var models []string
	for _, m := range classifiers {
		if _, ok := a.files["/web/weights/"+m+".inkw"]; ok {
			models = append(models, m)
		}
	}
	// The reader worker's script, for /read offline (it runs app.wasm, cached anyway).
	cacheable := []string{"/web/icon.svg", "/web/icon-192.png", "/web/read-worker.js"}
	for _, p := range web.Paths() {
		if p != "/" { // go-app caches "/" itself
			cacheable = append(cacheable, p)
		}
	}
	// Of the weights, only the classifiers, which the app needs from its
	// first page: the others (the autoencoder's, 2 MB, and any other
	// file in the folder) are fetched, and then cached, by the page that
	// uses them, which keeps the first load within its budget.
	for _, m := range models {
		cacheable = append(cacheable, "/web/weights/"+m+".inkw")
	}
	h := &app.Handler{
		Name:            "inkling",
		ShortName:       "inkling",
		Title:           "inkling: handwriting recognition in your browser",
		Description:     "Draw a letter or digit and watch a neural network, running in your browser, read it.",
		Lang:            "en",
		BackgroundColor: "#fbfaf7",
		ThemeColor:      "#1f3b57",
		LoadingLabel:    "Loading inkling… {progress} %",
		Icon: app.Icon{ // local files: go-app's defaults are on a remote host, out of reach offline
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-512.png",
			SVG:      "/web/icon.svg",
		},
		Styles:             []string{"/web/app.css"},
		CacheableResources: cacheable,
		Resources:          a,
		Env:                map[string]string{web.ModelsEnv: strings.Join(models, ",")},
		Version:            version,
		// The raw size: the compressed Content-Length would put the
		// loading bar past 100 %.
		WasmContentLength: strconv.Itoa(len(wasm.raw)),
	}
	s := &server{assets: a, handler: h, mux: http.NewServeMux()}
	s.mux.Handle("/web/", a)
	s.mux.Handle("/", h)
	return s, nil
}

// ServeHTTP adds the security headers to every response.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy+"; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

// export writes the app as a static site that any file server can host:
// one HTML file per page, go-app's scripts, and every asset under web/
// with its .br and .gz forms beside it. A <meta> carries the security
// policy, since a plain file server sends no such header.
func (s *server) export(dir string) error {
	s.handler.RawHeaders = append(s.handler.RawHeaders,
		`<meta http-equiv="Content-Security-Policy" content="`+contentSecurityPolicy+`">`)
	if err := app.GenerateStaticWebsite(dir, s.handler, web.Paths()...); err != nil {
		return err
	}
	for _, u := range s.assets.urls() {
		f := s.assets.files[u]
		name := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(u, "/")))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		for ext, b := range map[string][]byte{"": f.raw, ".br": f.br, ".gz": f.gz} {
			if b == nil {
				continue
			}
			if err := os.WriteFile(name+ext, b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
