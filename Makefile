# inkling: two commands on a fresh machine: `make run` and `make test`.
GO      ?= go
ADDR    ?= 127.0.0.1:8000
DATA    ?= $(or $(INKLING_DATA),../shared/data)
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)-$(shell date +%s)

.PHONY: run test build wasm static vet fmt-check unit wasm-build bench clean

## run: build the browser app and serve it on http://$(ADDR) with the shipped weights.
## The server's version is a hash of what it serves, so a new build always reaches the service worker.
run: wasm
	$(GO) run ./cmd/inkling serve -addr $(ADDR)

## wasm: compile the browser entry point into static/app.wasm.
wasm:
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w -X main.version=$(VERSION)' -o static/app.wasm ./wasm

## static: write a static site to dist/ that any file server can host.
static: wasm
	$(GO) run ./cmd/inkling serve -export dist

## browser-test: only the tests in headless Chromium (`unit` runs them too, with everything else).
browser-test:
	$(GO) test -count=1 -run '^TestBrowser$$' -v ./cmd/inkling/

## test: everything CI checks: formatting, vet, unit and browser tests, the wasm build.
test: fmt-check vet unit wasm-build

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

unit:
	$(GO) test -count=1 -timeout 30m ./...

wasm-build:
	GOOS=js GOARCH=wasm $(GO) build ./...

## bench: the speed work's Go benchmarks (GEMM kernels, exp, nn inference and training, glyph.Normalize;
## one thread), then `inkling peerbench`: training side by side with ../shared/bench's numpy and PyTorch
## peers on the same synthetic data, and GEMM against numpy's OpenBLAS, printed as one table of medians.
## It takes 20-40 minutes on the shared machine; PEERBENCH_FLAGS="-runs 1 -threads 1" shortens it.
PEERBENCH_FLAGS ?= -threads 1,2 -runs 3
bench:
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./nn/internal/kernel ./nn ./glyph
	$(GO) run ./cmd/inkling peerbench $(PEERBENCH_FLAGS)

clean:
	rm -rf bin out static/app.wasm static/app.wasm.*
