package web

import (
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"inkling/nn"
)

// weightsPath is where the server and the static site put the weights
// files: /web/weights/NAME.inkw, fetched like any other static file.
const weightsPath = "/web/weights/"

// lazy reports whether url is a weights file that the app fetches only on
// the page that needs it (the autoencoder's on /autoencoder), not with the
// app: every weights file but the classifiers of ModelsEnv. The server
// leaves those out of the service worker's install, which keeps the first
// load small, and fetchBytes caches them itself once fetched, so that
// they work offline after one visit.
func lazy(url string) bool {
	name, ok := strings.CutPrefix(url, weightsPath)
	if !ok {
		return false
	}
	for _, m := range modelNames(app.Getenv(ModelsEnv)) {
		if name == m+".inkw" {
			return false
		}
	}
	return true
}

// ModelsEnv is the go-app environment variable through which the server
// tells the app which weights files it serves, best model first ("cnn,mlp").
const ModelsEnv = "INKLING_MODELS"

// Models loads the app's networks on first use and keeps them for every
// page. Its methods block while a file downloads: call them in ctx.Async,
// never on the UI goroutine.
type Models struct {
	names  []string
	fetch  func(url string) ([]byte, error) // the bytes of a URL
	mu     sync.Mutex
	byName map[string]*model
}

// model is one network and the lock that serialises its Forward calls,
// which reuse the network's buffers.
type model struct {
	once sync.Once
	mu   sync.Mutex
	net  *nn.Network[float32]
	err  error
}

// NewModels returns a store for the named models (best first), which reads
// weights files with fetch.
func NewModels(names []string, fetch func(url string) ([]byte, error)) *Models {
	return &Models{names: names, fetch: fetch, byName: map[string]*model{}}
}

// modelNames parses the value of ModelsEnv; without one, the app uses the MLP.
func modelNames(env string) []string {
	var names []string
	for _, n := range strings.Split(env, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return []string{"mlp"}
	}
	return names
}

// Names lists the models, best first.
func (ms *Models) Names() []string {
	return ms.names
}

// get returns the named model, loading it on first use.
func (ms *Models) get(name string) *model {
	ms.mu.Lock()
	m := ms.byName[name]
	if m == nil {
		m = &model{}
		ms.byName[name] = m
	}
	ms.mu.Unlock()
	m.once.Do(func() {
		b, err := ms.fetch(weightsPath + name + ".inkw")
		if err != nil {
			m.err = fmt.Errorf("web: loading the %s model: %w", name, err)
			return
		}
		m.net, m.err = nn.Load[float32](bytes.NewReader(b))
		if m.err != nil {
			m.err = fmt.Errorf("web: loading the %s model: %w", name, m.err)
		}
	})
	return m
}

// Meta returns the metadata of the named model's weights file.
func (ms *Models) Meta(name string) (nn.Meta, error) {
	m := ms.get(name)
	if m.err != nil {
		return nn.Meta{}, m.err
	}
	return m.net.Meta, nil
}

// Network returns the named network. It is not safe for concurrent use:
// run it through Classify, or hold no reference across goroutines.
func (ms *Models) Network(name string) (*nn.Network[float32], error) {
	m := ms.get(name)
	return m.net, m.err
}

// Classify runs one input (C·H·W values) through the named classifier and
// returns a copy of its output probabilities.
func (ms *Models) Classify(name string, x []float32) ([]float32, error) {
	m := ms.get(name)
	if m.err != nil {
		return nil, m.err
	}
	if in := m.net.InputSize(); in != 0 && in != len(x) {
		return nil, fmt.Errorf("web: the %s model takes %d inputs, not %d", name, in, len(x))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	y := m.net.Forward(nn.FromSlice(1, len(x), x))
	return append([]float32(nil), y.Data...), nil
}
