//go:build js && wasm

package web

import (
	"bytes"
	"encoding/json"
	"image"
	"syscall/js"

	"inkling/ocr"
	"inkling/segment"
)

// RunWorker runs app.wasm as the /read page's reader, inside the Web
// Worker of static/read-worker.js: it gives that script self.inkling
// (limits, probe, read), calls self.goReady, and never returns. The page's
// thread stays free while a photo is read.
func RunWorker() {
	self := js.Global()
	ms := NewModels(nil, fetchBytes)
	readers := map[string]*ocr.Reader{}
	post := func(msg map[string]any, transfer ...any) {
		self.Call("postMessage", msg, transfer)
	}
	limits := js.FuncOf(func(js.Value, []js.Value) any {
		return map[string]any{
			"maxFileBytes":   segment.MaxFileBytes,
			"maxImagePixels": segment.MaxImagePixel,
			"maxPixels":      segment.DefaultMaxPixels,
		}
	})
	// probe reads an image's size from the start of its file, or gives null.
	probe := js.FuncOf(func(_ js.Value, args []js.Value) any {
		head := make([]byte, args[0].Length())
		js.CopyBytesToGo(head, args[0])
		cfg, _, err := image.DecodeConfig(bytes.NewReader(head))
		if err != nil {
			return nil
		}
		return map[string]any{"width": cfg.Width, "height": cfg.Height}
	})
	// reader returns the named model's reader, loading it on first use.
	reader := func(name string) (*ocr.Reader, error) {
		if r := readers[name]; r != nil {
			return r, nil
		}
		net, err := ms.Network(name)
		if err != nil {
			return nil, err
		}
		r, err := ocr.NewReader(net)
		if err != nil {
			return nil, err
		}
		readers[name] = r
		return r, nil
	}
	// warm(model) loads the model in the background, before the first photo.
	warm := js.FuncOf(func(_ js.Value, args []js.Value) any {
		name := args[0].String()
		go reader(name) // an error shows when a photo is read
		return nil
	})
	// read(grey, width, height, model) reads a working-size grey photo in
	// the background and posts the result or an error.
	read := js.FuncOf(func(_ js.Value, args []js.Value) any {
		w, h, name := args[1].Int(), args[2].Int(), args[3].String()
		g := image.NewGray(image.Rect(0, 0, w, h))
		js.CopyBytesToGo(g.Pix, args[0])
		go func() {
			fail := func(msg string) { post(map[string]any{"type": "error", "message": msg}) }
			r, err := reader(name)
			if err != nil {
				fail("The reader could not load its model: " + err.Error())
				return
			}
			pr, err := readPhoto(r, g, func(stage string, done float64) {
				post(map[string]any{"type": "progress", "stage": stage, "value": done})
			})
			if err != nil {
				fail(photoError(err))
				return
			}
			b, err := json.Marshal(pr)
			if err != nil {
				fail(err.Error())
				return
			}
			inputs := js.Global().Get("Uint8Array").New(len(pr.inputs))
			js.CopyBytesToJS(inputs, pr.inputs)
			post(map[string]any{"type": "result", "json": string(b), "inputs": inputs},
				inputs.Get("buffer"))
		}()
		return nil
	})
	self.Set("inkling", map[string]any{"limits": limits, "probe": probe, "warm": warm, "read": read})
	self.Call("goReady")
	select {} // serve the worker's messages until it ends
}
