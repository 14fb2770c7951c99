//go:build js && wasm

package web

import (
	"errors"
	"fmt"
	"syscall/js"
)

// lazyCache is the Cache Storage cache of the lazily fetched weights.
const lazyCache = "inkling-lazy"

// fetchBytes downloads url with the browser's fetch, which goes through the
// service worker (so it works offline) and undoes the Content-Encoding. It
// blocks until the download ends: call it off the UI goroutine.
func fetchBytes(url string) ([]byte, error) {
	resp, err := await(js.Global().Call("fetch", url))
	if err != nil {
		return nil, err
	}
	if !resp.Get("ok").Bool() {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Get("status").String())
	}
	// Only the page caches: the reader worker fetches the classifiers,
	// which the service worker has, and knows no ModelsEnv.
	page := js.Global().Get("document").Truthy()
	if caches := js.Global().Get("caches"); page && lazy(url) && caches.Truthy() {
		// The service worker answers from any cache, this one included;
		// it drops it (as every old cache) when a new version activates.
		keep := resp.Call("clone")
		var put js.Func
		put = js.FuncOf(func(_ js.Value, args []js.Value) any {
			args[0].Call("put", url, keep)
			put.Release()
			return nil
		})
		caches.Call("open", lazyCache).Call("then", put)
	}
	buf, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		return nil, err
	}
	u8 := js.Global().Get("Uint8Array").New(buf)
	b := make([]byte, u8.Length())
	js.CopyBytesToGo(b, u8)
	return b, nil
}

// await waits for a JavaScript promise and returns its value or its error.
func await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	defer then.Release()
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: errors.New(args[0].Call("toString").String())}
		return nil
	})
	defer fail.Release()
	p.Call("then", then, fail)
	r := <-ch
	return r.v, r.err
}
