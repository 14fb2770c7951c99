package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"inkling/web"
)

// testSite writes a small static folder and weights folder.
func testSite(t *testing.T) serveConfig {
	dir := t.TempDir()
	static, weights := filepath.Join(dir, "static"), filepath.Join(dir, "weights")
	files := map[string]string{
		filepath.Join(static, "app.wasm"):        "\x00asm" + strings.Repeat("wasm code ", 200), // compressible, > 512 bytes
		filepath.Join(static, "app.css"):         strings.Repeat("body { color: black } ", 40),
		filepath.Join(static, "icon.svg"):        "<svg/>",
		filepath.Join(static, "sub", "note.txt"): "a file in a sub-folder",
		filepath.Join(static, ".hidden"):         "secret",
		filepath.Join(weights, "mlp.inkw"):       "INKW" + strings.Repeat("\x01\x02", 400),
		filepath.Join(dir, "outside.txt"):        "outside the folders",
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return serveConfig{staticDir: static, weightsDir: weights}
}

func testServer(t *testing.T) (serveConfig, *httptest.Server) {
	web.Routes("")
	cfg := testSite(t)
	s, err := newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return cfg, ts
}

// fileOf returns the file behind an asset's URL path.
func fileOf(cfg serveConfig, path string) string {
	if name, ok := strings.CutPrefix(path, "/web/weights/"); ok {
		return filepath.Join(cfg.weightsDir, name)
	}
	return filepath.Join(cfg.staticDir, filepath.FromSlash(strings.TrimPrefix(path, "/web/")))
}

// get requests path with the given Accept-Encoding, without the client's
// own decompression.
func get(t *testing.T, url, encoding string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", encoding)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func TestServeAssets(t *testing.T) {
	cfg, ts := testServer(t)
	tests := []struct {
		path, encoding       string
		status               int
		ctype, contentEncode string
	}{
		{"/web/app.wasm", "gzip, deflate, br", 200, "application/wasm", "br"},
		{"/web/app.wasm", "gzip", 200, "application/wasm", "gzip"},
		{"/web/app.wasm", "br;q=0, gzip", 200, "application/wasm", "gzip"},
		{"/web/app.wasm", "", 200, "application/wasm", ""},
		{"/web/weights/mlp.inkw", "br", 200, "application/octet-stream", "br"},
		{"/web/app.css", "br", 200, "text/css; charset=utf-8", "br"},
		{"/web/icon.svg", "br", 200, "image/svg+xml", ""}, // too small to gain
		{"/web/sub/note.txt", "", 200, "text/plain; charset=utf-8", ""},
		{"/web/", "", 404, "", ""},                        // no directory listing
		{"/web/sub", "", 404, "", ""},                     // nor of a sub-folder
		{"/web/.hidden", "", 404, "", ""},                 // hidden files stay hidden
		{"/web/app.wasm.br", "", 404, "", ""},             // caches are not files of the app
		{"/web/weights/../../outside.txt", "", 0, "", ""}, // cleaned and redirected, never served
		{"/web/%2e%2e/outside.txt", "", 404, "", ""},
		{"/nowhere", "", 404, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.path+" "+tc.encoding, func(t *testing.T) {
			res := get(t, ts.URL+tc.path, tc.encoding)
			body, _ := io.ReadAll(res.Body)
			if strings.Contains(string(body), "outside the folders") || strings.Contains(string(body), "secret") {
				t.Fatalf("GET %s served a file outside the app's folders", tc.path)
			}
			if tc.status == 0 {
				if res.StatusCode == 200 {
					t.Errorf("GET %s = 200; want a redirect or 404", tc.path)
				}
				return
			}
			if res.StatusCode != tc.status {
				t.Fatalf("GET %s = %d; want %d", tc.path, res.StatusCode, tc.status)
			}
			if tc.status != 200 {
				return
			}
			if got := res.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("Content-Type = %q; want %q", got, tc.ctype)
			}
			if got := res.Header.Get("Content-Encoding"); got != tc.contentEncode {
				t.Errorf("Content-Encoding = %q; want %q", got, tc.contentEncode)
			}
			if res.Header.Get("Cache-Control") == "" || res.Header.Get("ETag") == "" {
				t.Errorf("no cache headers: %v", res.Header)
			}
			want, err := os.ReadFile(fileOf(cfg, tc.path))
			if err != nil {
				t.Fatal(err)
			}
			if got := decode(t, body, tc.contentEncode); !bytes.Equal(got, want) {
				t.Errorf("GET %s (%s) decodes to %d bytes that differ from the file's %d", tc.path, tc.contentEncode, len(got), len(want))
			}
		})
	}
}

// decode undoes a Content-Encoding.
func decode(t *testing.T, body []byte, enc string) []byte {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	switch enc {
	case "br":
		r = brotli.NewReader(r)
	case "gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decoding %s: %v", enc, err)
	}
	return b
}

func TestServeRevalidation(t *testing.T) {
	_, ts := testServer(t)
	first := get(t, ts.URL+"/web/app.wasm", "br")
	etag := first.Header.Get("ETag")
	if again := get(t, ts.URL+"/web/app.wasm", "br", "If-None-Match", etag); again.StatusCode != http.StatusNotModified {
		t.Errorf("GET with If-None-Match %s = %d; want 304", etag, again.StatusCode)
	}
	if other := get(t, ts.URL+"/web/app.wasm", "gzip", "If-None-Match", etag); other.StatusCode != http.StatusOK {
		t.Errorf("GET gzip with the brotli ETag = %d; want 200 (another representation)", other.StatusCode)
	}
	res, err := http.Post(ts.URL+"/web/app.wasm", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /web/app.wasm = %d; want 405", res.StatusCode)
	}
}

func TestServeSecurityHeaders(t *testing.T) {
	_, ts := testServer(t)
	for _, path := range []string{"/", "/model", "/web/app.wasm", "/app.js", "/nowhere"} {
		res := get(t, ts.URL+path, "")
		for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
			if res.Header.Get(h) == "" {
				t.Errorf("GET %s: no %s header", path, h)
			}
		}
	}
	page := get(t, ts.URL+"/", "")
	body, _ := io.ReadAll(page.Body)
	if strings.Contains(string(body), "githubusercontent") {
		t.Error("the page refers to go-app's remote default icon; want local icons only")
	}
	if page.StatusCode != 200 || !strings.Contains(page.Header.Get("Content-Type"), "text/html") {
		t.Errorf("GET / = %d %s; want the HTML page", page.StatusCode, page.Header.Get("Content-Type"))
	}
}

func TestServeNeedsWasm(t *testing.T) {
	cfg := testSite(t)
	if err := os.Remove(filepath.Join(cfg.staticDir, "app.wasm")); err != nil {
		t.Fatal(err)
	}
	if _, err := newServer(cfg); err != errNoWasm {
		t.Errorf("newServer without app.wasm: %v; want %v", err, errNoWasm)
	}
}

func TestAssetsVersion(t *testing.T) {
	cfg := testSite(t)
	a, err := loadAssets(cfg.staticDir, cfg.weightsDir)
	if err != nil {
		t.Fatal(err)
	}
	v1 := a.version()
	if err := os.WriteFile(filepath.Join(cfg.weightsDir, "mlp.inkw"), []byte("INKW other weights"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := loadAssets(cfg.staticDir, cfg.weightsDir)
	if err != nil {
		t.Fatal(err)
	}
	if v2 := b.version(); v2 == v1 {
		t.Errorf("version %s did not change with the weights", v1)
	}
}

func TestAcceptedEncodings(t *testing.T) {
	tests := []struct {
		header string
		want   string
	}{
		{"", ""},
		{"gzip, deflate, br, zstd", "br deflate gzip zstd"},
		{"br;q=0, gzip;q=0.5", "gzip"},
		{"BR", "br"},
		{"gzip;q=junk", ""},
	}
	for _, tc := range tests {
		var got []string
		for _, e := range []string{"br", "deflate", "gzip", "zstd"} {
			if acceptedEncodings(tc.header)[e] {
				got = append(got, e)
			}
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("acceptedEncodings(%q) = %v; want %q", tc.header, got, tc.want)
		}
	}
}

// TestServeShutdown checks that the server stops cleanly when its context
// ends, as on SIGINT or SIGTERM.
func TestServeShutdown(t *testing.T) {
	web.Routes("")
	s, err := newServer(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.run(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/web/app.css")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel = %v; want nil", err)
		}
	case <-time.After(10 * time.Second): // far longer than the 5 s shutdown grace
		t.Fatal("the server did not stop")
	}
}

func TestExport(t *testing.T) {
	web.Routes("")
	s, err := newServer(testSite(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := s.export(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"index.html", "model.html", "app.js", "app-worker.js", "wasm_exec.js",
		"manifest.webmanifest", "web/app.wasm", "web/app.wasm.br", "web/app.wasm.gz", "web/weights/mlp.inkw", "web/app.css"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the static site lacks %s", f)
		}
	}
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(index), `http-equiv="Content-Security-Policy"`) {
		t.Error("index.html carries no Content-Security-Policy meta")
	}
}

// TestLazyWeights checks that only the classifiers' weights are in the
// service worker's install: the autoencoder's (fetched by /autoencoder
// only) and any other file in the folder stay out.
func TestLazyWeights(t *testing.T) {
	cfg := testSite(t)
	ae := filepath.Join(cfg.weightsDir, "autoencoder.inkw")
	if err := os.WriteFile(ae, []byte("INKW"+strings.Repeat("\x03", 600)), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(cfg.weightsDir, "flowers.inkw")
	if err := os.WriteFile(other, []byte("INKW"+strings.Repeat("\x04", 600)), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cached := map[string]bool{}
	for _, u := range s.handler.CacheableResources {
		cached[u] = true
	}
	tests := []struct {
		url    string
		cached bool
	}{
		{"/web/weights/mlp.inkw", true},
		{"/web/weights/autoencoder.inkw", false},
		{"/web/weights/flowers.inkw", false},
		{"/web/read-worker.js", true},
	}
	for _, tc := range tests {
		if cached[tc.url] != tc.cached {
			t.Errorf("CacheableResources has %s: %v; want %v", tc.url, cached[tc.url], tc.cached)
		}
	}
	if _, ok := s.assets.files["/web/weights/autoencoder.inkw"]; !ok {
		t.Error("the autoencoder's weights are not served at all")
	}
}
