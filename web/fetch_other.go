//go:build !(js && wasm)

package web

import "errors"

// fetchBytes is only available in the browser; natively the pages render
// (for the server's pre-rendering and for tests) but load no model.
func fetchBytes(url string) ([]byte, error) {
	return nil, errors.New("web: no fetch outside the browser")
}
