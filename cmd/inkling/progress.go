package main

import (
	"io"
	"time"

	"github.com/schollz/progressbar/v3"
)

// newBar is the one progress bar every trainer shows on w: a count of
// samples, their rate and the time left (schollz/progressbar rather than
// hand-written terminal code). It returns nil when w is nil (-quiet).
func newBar(w io.Writer, desc string, n int) *progressbar.ProgressBar {
	if w == nil {
		return nil
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("samples"),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(20),
	)
}
