package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The /autoencoder page's browser test: a drawn character gets a
// reconstruction and a PSNR, the sliders damage it, and the strip fills.

// aeDraw draws strokes on the autoencoder's pad and waits for the
// reconstruction after the last pen-up.
func (tb *tab) aeDraw(t *testing.T, strokes []stroke) {
	t.Helper()
	x, y, w, h := tb.rect(t, "ae-pad")
	for _, s := range strokes {
		seq := eval[int](t, tb, `+document.getElementById("ae-psnr").dataset.seq`)
		tb.replay(t, s.points(x, y, w, h), false)
		tb.waitJS(t, fmt.Sprintf(`+document.getElementById("ae-psnr").dataset.seq > %d`, seq), "the reconstruction")
	}
}

// inked counts the canvas's pixels darker than mid-grey.
func (tb *tab) inked(t *testing.T, id string) int {
	return eval[int](t, tb, fmt.Sprintf(`(() => { const c = document.getElementById(%q); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n++; return n; })()`, id))
}

func (env *appEnv) testAutoencoder(t *testing.T) {
	tb := env.newTab(t, 1280, 900, false)
	tb.open(t, env.url+"/autoencoder")
	tb.waitJS(t, `document.getElementById("ae-status").textContent.startsWith("Draw")`, "the autoencoder to load")
	tb.aeDraw(t, glyphStrokes["H"])
	psnr := eval[string](t, tb, `document.getElementById("ae-psnr").textContent`)
	ms := eval[float64](t, tb, `+document.getElementById("ae-psnr").dataset.ms`)
	t.Logf("drew H: %q, %.2f ms after pen-up", psnr, ms)
	if !strings.Contains(psnr, "dB") {
		t.Errorf("#ae-psnr = %q; want a PSNR in dB", psnr)
	}
	// The input shows ink; the reconstruction is drawn (any picture: the
	// test model may be untrained, so only that it is not left blank white).
	if n := tb.inked(t, "ae-input"); n < 20 { // an H covers well over 20 of 1024 pixels
		t.Errorf("#ae-input has %d dark pixels; want the drawn H", n)
	}
	if drawn := eval[bool](t, tb, `(() => { const c = document.getElementById("ae-output"); const d = c.getContext("2d").getImageData(0, 0, 32, 32).data; return d.some((v, i) => i % 4 === 3 && v > 0); })()`); !drawn {
		t.Error("#ae-output is empty; want the reconstruction")
	}
	// Noise: the damaged input scores lower than a clean one could.
	seq := eval[int](t, tb, `+document.getElementById("ae-psnr").dataset.seq`)
	if err := chromedp.Do(tb.ctx, chromedp.SetValue(chromedp.ID("ae-noise"), "0.3")); err != nil {
		t.Fatal(err)
	}
	tb.evalVoid(t, `document.getElementById("ae-noise").dispatchEvent(new Event("input", {bubbles: true}))`)
	tb.waitJS(t, fmt.Sprintf(`+document.getElementById("ae-psnr").dataset.seq > %d`, seq), "the noisy reconstruction")
	if s := eval[string](t, tb, `document.getElementById("ae-psnr").textContent`); !strings.Contains(s, "damaged input") {
		t.Errorf("with noise: #ae-psnr = %q; want the damaged input's PSNR too", s)
	}
	// A sample the app renders, and the strip between two samples.
	seq = eval[int](t, tb, `+document.getElementById("ae-psnr").dataset.seq`)
	if err := chromedp.Do(tb.ctx, chromedp.Click(chromedp.ID("sample-S"))); err != nil {
		t.Fatal(err)
	}
	tb.waitJS(t, fmt.Sprintf(`+document.getElementById("ae-psnr").dataset.seq > %d`, seq), "the sample's reconstruction")
	tb.waitJS(t, `(() => { const c = document.getElementById("ae-strip"); const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data; return d.some((v, i) => i % 4 === 3 && v > 0); })()`, "the interpolation strip")
	if errs := tb.consoleErrors(); len(errs) > 0 {
		t.Errorf("console errors: %q", errs)
	}
}

func (tb *tab) evalVoid(t *testing.T, expr string) {
	t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Evaluate[any](expr+"; null")); err != nil {
		t.Fatalf("Evaluate(%s): %v", expr, err)
	}
}

// aeBudgetMs is the budget from pen-up to reconstruction.
const aeBudgetMs = 10

// measureAE reports the time from pen-up to reconstruction on /autoencoder.
func (env *appEnv) measureAE(t *testing.T, runs int, strict bool) {
	tb := env.newTab(t, 1280, 900, false)
	tb.open(t, env.url+"/autoencoder")
	tb.waitJS(t, `document.getElementById("ae-status").textContent.startsWith("Draw")`, "the autoencoder to load")
	tb.aeDraw(t, glyphStrokes["T"]) // warm-up
	var total, compute []float64
	letters := []string{"L", "X", "7"}
	for i := range runs {
		tb.evalVoid(t, `document.getElementById("ae-clear").click()`)
		tb.aeDraw(t, glyphStrokes[letters[i%len(letters)]][:1])
		total = append(total, eval[float64](t, tb, `+document.getElementById("ae-psnr").dataset.ms`))
		compute = append(compute, eval[float64](t, tb, `+document.getElementById("ae-psnr").dataset.computeMs`))
	}
	t.Logf("/autoencoder pen-up to reconstruction: median %.2f ms of %d strokes (max %.2f); of which normalising and reconstructing: median %.2f ms",
		median(total), len(total), slicesMax(total), median(compute))
	if strict && median(total) > aeBudgetMs {
		t.Errorf("/autoencoder: pen-up to reconstruction %.2f ms; want <= %d", median(total), aeBudgetMs)
	}
}
