package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// asset is one static file, read at startup, with its compressed forms.
type asset struct {
	ctype    string
	etag     string // strong validator of the identity form: a hash of the bytes
	raw      []byte
	br, gz   []byte // nil when not worth compressing
	modified time.Time
}

// assets serves the files under /web/: the static folder and the weights
// files, all read into memory at startup. It only ever answers with a file
// from that table, so it lists no directories and cannot reach a path
// outside its folders, whatever the URL.
type assets struct {
	files map[string]*asset // by URL path, e.g. "/web/app.wasm"
}

// brotliQuality trades startup time for size: 6 compresses app.wasm
// (8 MB) in about 4 s on a shared 2-core machine to 1.78 MB; 11 gains
// 14 % more but takes about 2 minutes.
const brotliQuality = 6

// compressible lists the types worth compressing; images are compressed already.
var compressible = map[string]bool{
	".wasm": true, ".js": true, ".css": true, ".svg": true, ".json": true,
	".webmanifest": true, ".html": true, ".txt": true, ".inkw": true,
}

// loadAssets reads every regular file of staticDir as /web/<path> and every
// weights file (*.inkw) of weightsDir as /web/weights/<name>. Compressed
// forms of the static files are cached beside them as NAME.br and NAME.gz
// (ignored by git) and remade when older than the file; those of the
// weights are made in memory.
func loadAssets(staticDir, weightsDir string) (*assets, error) {
	a := &assets{files: map[string]*asset{}}
	root, err := os.OpenRoot(staticDir) // no symlink leads out of it
	if err != nil {
		return nil, fmt.Errorf("serve: static folder: %w", err)
	}
	defer root.Close()
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() || strings.HasSuffix(name, ".br") || strings.HasSuffix(name, ".gz") {
			return nil
		}
		return a.add("/web/"+p, filepath.Join(staticDir, filepath.FromSlash(p)), true)
	})
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	names, err := filepath.Glob(filepath.Join(weightsDir, "*.inkw"))
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	for _, n := range names {
		if err := a.add("/web/weights/"+filepath.Base(n), n, false); err != nil {
			return nil, fmt.Errorf("serve: %w", err)
		}
	}
	return a, nil
}

// add reads file as the asset at url. With cache, compressed forms are
// kept on disk beside it.
func (a *assets) add(url, file string, cache bool) error {
	info, err := os.Stat(file)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(raw)
	ext := path.Ext(url)
	ctype := mime.TypeByExtension(ext)
	switch ext { // types the platform's table may lack or get wrong
	case ".wasm":
		ctype = "application/wasm"
	case ".inkw":
		ctype = "application/octet-stream"
	case ".webmanifest":
		ctype = "application/manifest+json"
	case ".svg":
		ctype = "image/svg+xml"
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	f := &asset{ctype: ctype, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, raw: raw, modified: info.ModTime()}
	if compressible[ext] && len(raw) > 512 { // smaller files gain less than the headers cost
		if f.br, err = compressed(file, ".br", info.ModTime(), cache, raw, brotliEncode); err != nil {
			return err
		}
		if f.gz, err = compressed(file, ".gz", info.ModTime(), cache, raw, gzipEncode); err != nil {
			return err
		}
	}
	a.files[url] = f
	return nil
}

// compressed returns raw encoded, from file+ext when that cache is newer
// than the file, else by encoding it (and, with cache, saving the result).
func compressed(file, ext string, modified time.Time, cache bool, raw []byte, encode func([]byte) ([]byte, error)) ([]byte, error) {
	if cache {
		if info, err := os.Stat(file + ext); err == nil && !info.ModTime().Before(modified) {
			if b, err := os.ReadFile(file + ext); err == nil {
				return b, nil
			}
		}
	}
	b, err := encode(raw)
	if err != nil {
		return nil, fmt.Errorf("compressing %s: %w", file, err)
	}
	if cache {
		// A read-only checkout still serves, only slower to start next time.
		if err := os.WriteFile(file+ext, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "inkling: serve: cannot cache", err)
		}
	}
	return b, nil
}

func brotliEncode(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: brotliQuality, LGWin: 24}) // 16 MB window: all of app.wasm
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	err := w.Close()
	return b.Bytes(), err
}

func gzipEncode(raw []byte) ([]byte, error) {
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(raw); err != nil {
		return nil, err
	}
	err = w.Close()
	return b.Bytes(), err
}

// Resolve implements app.ResourceResolver: /web/ paths are served by
// assets under the same path.
func (a *assets) Resolve(location string) string {
	if location == "" {
		return "/"
	}
	return location
}

// version is a hash of every asset: it changes exactly when something the
// app is made of changes, which is when the service worker must update.
func (a *assets) version() string {
	h := sha256.New()
	for _, url := range a.urls() {
		fmt.Fprintf(h, "%s %s\n", url, a.files[url].etag)
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// urls lists the assets' URL paths in order.
func (a *assets) urls() []string {
	urls := make([]string, 0, len(a.files))
	for u := range a.files {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	return urls
}

// ServeHTTP sends an asset in the best encoding the client accepts. The
// URLs carry no version, so every response says no-cache with an ETag: the
// browser revalidates (a 304 costs a few hundred bytes), and the service
// worker keeps the app working offline.
func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	f, ok := a.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, enc, etag := f.raw, "", f.etag
	switch accepted := acceptedEncodings(r.Header.Get("Accept-Encoding")); {
	case f.br != nil && accepted["br"]:
		body, enc, etag = f.br, "br", strings.TrimSuffix(f.etag, `"`)+`-br"`
	case f.gz != nil && accepted["gzip"]:
		body, enc, etag = f.gz, "gzip", strings.TrimSuffix(f.etag, `"`)+`-gz"`
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", etag)
	h.Set("Last-Modified", f.modified.UTC().Format(http.TimeFormat))
	if f.br != nil {
		h.Set("Vary", "Accept-Encoding")
	}
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if enc != "" {
		h.Set("Content-Encoding", enc)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(body)
	}
}

// acceptedEncodings parses an Accept-Encoding header into the codings it
// accepts (q > 0).
func acceptedEncodings(header string) map[string]bool {
	ok := map[string]bool{}
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if q, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if v, err := strconv.ParseFloat(q, 64); err != nil || v <= 0 {
				continue
			}
		}
		if name != "" {
			ok[name] = true
		}
	}
	return ok
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// errNoWasm explains the commonest reason the app cannot start.
var errNoWasm = errors.New("serve: no app.wasm in the static folder: run `make wasm` (or `make run`)")
