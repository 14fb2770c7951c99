package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"inkling/nn"
)

// Training plots are drawn with gonum/plot: axes, legends and heat maps are
// its job, and its PNG output needs no system fonts or cgo.

// classifierPlots writes the curves, confusion matrix, per-class recall and
// first-layer weights of a trained classifier into dir.
func classifierPlots(dir string, net *nn.Network[float32], initial *nn.Matrix[float32]) error {
	m := net.Meta
	valid := m.ValidName()
	if err := plotCurves(filepath.Join(dir, "loss.png"), "loss per sample", valid, m.Curves,
		func(e nn.Epoch) (float64, float64) { return e.TrainLoss, e.ValidLoss }); err != nil {
		return err
	}
	if err := plotCurves(filepath.Join(dir, "accuracy.png"), "accuracy", valid, m.Curves,
		func(e nn.Epoch) (float64, float64) { return e.TrainAcc, e.ValidAcc }); err != nil {
		return err
	}
	if err := plotConfusion(filepath.Join(dir, "confusion.png"), m.Confusion, m.Classes); err != nil {
		return err
	}
	if err := plotRecall(filepath.Join(dir, "recall.png"), m.Confusion, m.Classes); err != nil {
		return err
	}
	if d, ok := net.Layers[0].(*nn.Dense[float32]); ok {
		if initial != nil {
			if err := writeWeightGrid(filepath.Join(dir, "weights_before.png"), initial); err != nil {
				return err
			}
		}
		if err := writeWeightGrid(filepath.Join(dir, "weights_after.png"), d.W); err != nil {
			return err
		}
	}
	if c, ok := net.Layers[0].(*nn.Conv2D[float32]); ok {
		if err := writeFilterGrid(filepath.Join(dir, "filters.png"), c); err != nil {
			return err
		}
	}
	return nil
}

// writeFilterGrid draws the first-layer filters of a convolution, one tile
// per filter (input channel 0), 8 to a row, each scaled to its own largest
// magnitude (grey = 0, white positive, black negative).
func writeFilterGrid(path string, c *nn.Conv2D[float32]) error {
	const cols, scale, pad = 8, 12, 1 // 12 screen pixels per weight, 1 weight-wide gap
	size := c.Shape.Size
	tile := (size + pad) * scale
	rows := (c.K + cols - 1) / cols
	img := image.NewGray(image.Rect(0, 0, cols*tile, rows*tile))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for k := 0; k < c.K; k++ {
		w := c.W.Row(k)[:size*size] // channel 0
		var lim float32
		for _, v := range w {
			lim = max(lim, float32(math.Abs(float64(v))))
		}
		if lim == 0 {
			lim = 1
		}
		ox, oy := (k%cols)*tile, (k/cols)*tile
		for p, v := range w {
			g := color.Gray{uint8(127.5 + 127.5*v/lim)}
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray(ox+(p%size)*scale+dx, oy+(p/size)*scale+dy, g)
				}
			}
		}
	}
	return writePNG(path, img)
}

// plotCurves draws the train and valid series that get picks from each
// epoch; validName labels the second.
func plotCurves(path, ylabel, validName string, curves []nn.Epoch, get func(nn.Epoch) (train, valid float64)) error {
	p := curvePlot(ylabel, curves, get, "train", validName)
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}

func curvePlot(ylabel string, curves []nn.Epoch, get func(nn.Epoch) (float64, float64), names ...string) *plot.Plot {
	p := plot.New()
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	series := make([]plotter.XYs, 2)
	for _, e := range curves {
		a, b := get(e)
		series[0] = append(series[0], plotter.XY{X: float64(e.Epoch), Y: a})
		series[1] = append(series[1], plotter.XY{X: float64(e.Epoch), Y: b})
	}
	for i, s := range series {
		if names[i] == "" {
			continue
		}
		l, err := plotter.NewLine(s)
		if err != nil {
			continue
		}
		l.Color = plotColor(i)
		p.Add(l)
		p.Legend.Add(names[i], l)
	}
	p.Add(plotter.NewGrid())
	return p
}

func plotColor(i int) color.Color {
	cs := []color.Color{
		color.RGBA{31, 119, 180, 255}, color.RGBA{255, 127, 14, 255},
		color.RGBA{44, 160, 44, 255}, color.RGBA{214, 39, 40, 255},
	}
	return cs[i%len(cs)]
}

// plotStudy draws the validation loss and accuracy of the learning-rate
// study's runs side by side.
func plotStudy(path string, runs []studyRun) error {
	loss, acc := plot.New(), plot.New()
	loss.Title.Text, acc.Title.Text = "validation loss", "validation accuracy"
	for _, p := range []*plot.Plot{loss, acc} {
		p.X.Label.Text = "epoch"
		p.Legend.Top = true
		p.Add(plotter.NewGrid())
	}
	for i, r := range runs {
		var l, a plotter.XYs
		for _, e := range r.curves {
			l = append(l, plotter.XY{X: float64(e.Epoch), Y: e.ValidLoss})
			a = append(a, plotter.XY{X: float64(e.Epoch), Y: e.ValidAcc})
		}
		name := fmt.Sprintf("lr %g", r.lr)
		if r.err != nil {
			name += " (diverged)"
		}
		for _, pair := range []struct {
			p  *plot.Plot
			xy plotter.XYs
		}{{loss, l}, {acc, a}} {
			if len(pair.xy) == 0 {
				continue
			}
			line, err := plotter.NewLine(pair.xy)
			if err != nil {
				continue
			}
			line.Color = plotColor(i)
			pair.p.Add(line)
			pair.p.Legend.Add(name, line)
		}
	}
	return saveSideBySide(path, loss, acc)
}

// saveSideBySide renders plots in one row into a PNG.
func saveSideBySide(path string, plots ...*plot.Plot) error {
	const w, h = 14 * vg.Centimeter, 10 * vg.Centimeter
	img := vgimg.New(w*vg.Length(len(plots)), h)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 1, Cols: len(plots), PadX: vg.Millimeter, PadY: vg.Millimeter}
	canvases := plot.Align([][]*plot.Plot{plots}, tiles, dc)
	for i, p := range plots {
		p.Draw(canvases[0][i])
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// confusionGrid adapts a confusion matrix to plotter.GridXYZ, normalised by
// row so rare classes show as clearly as common ones.
type confusionGrid struct{ rates [][]float64 }

func (g confusionGrid) Dims() (c, r int)   { return len(g.rates), len(g.rates) }
func (g confusionGrid) Z(c, r int) float64 { return g.rates[len(g.rates)-1-r][c] }
func (g confusionGrid) X(c int) float64    { return float64(c) }
func (g confusionGrid) Y(r int) float64    { return float64(r) }

// classTicks labels integer positions with class names.
type classTicks struct {
	names   []string
	reverse bool
}

func (t classTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	for i, n := range t.names {
		v := float64(i)
		if t.reverse {
			v = float64(len(t.names) - 1 - i)
		}
		ts = append(ts, plot.Tick{Value: v, Label: n})
	}
	return ts
}

// plotConfusion draws the confusion matrix as a labelled heat map, rows =
// truth, columns = prediction, each row scaled to its class's sample count.
func plotConfusion(path string, conf [][]int, classes []string) error {
	if len(conf) == 0 {
		return nil
	}
	rates := make([][]float64, len(conf))
	for i, row := range conf {
		total := 0
		for _, v := range row {
			total += v
		}
		rates[i] = make([]float64, len(row))
		for j, v := range row {
			rates[i][j] = math.Sqrt(float64(v) / float64(max(1, total))) // sqrt lifts small error rates into view
		}
	}
	p := plot.New()
	var worst []string
	for _, c := range topConfused(conf, classes, 6) {
		worst = append(worst, fmt.Sprintf("%s→%s %d", c.Truth, c.Pred, c.Count))
	}
	p.Title.Text = "test confusion (rows: truth, columns: prediction; colour: sqrt of row share)\nmost confused: " + strings.Join(worst, ", ")
	p.X.Label.Text, p.Y.Label.Text = "predicted", "true"
	pal := moreland.SmoothBlueRed().Palette(255)
	hm := plotter.NewHeatMap(confusionGrid{rates}, pal)
	hm.Min, hm.Max = 0, 1
	p.Add(hm)
	p.X.Tick.Marker = classTicks{names: classes}
	p.Y.Tick.Marker = classTicks{names: classes, reverse: true}
	return p.Save(22*vg.Centimeter, 20*vg.Centimeter, path)
}

// plotRecall draws each class's recall as a bar.
func plotRecall(path string, conf [][]int, classes []string) error {
	if len(conf) == 0 {
		return nil
	}
	recall := nn.Recall(conf)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("test recall per class (balanced accuracy %.3f)", nn.BalancedAccuracy(conf))
	p.Y.Min, p.Y.Max = 0, 1
	bars, err := plotter.NewBarChart(plotter.Values(recall), 8)
	if err != nil {
		return err
	}
	bars.Color = plotColor(0)
	p.Add(bars, plotter.NewGrid())
	p.NominalX(classes...)
	return p.Save(24*vg.Centimeter, 9*vg.Centimeter, path)
}

// writeWeightGrid draws the first 64 columns of w (1024 × hidden) as an 8×8
// grid of 32×32 tiles, each scaled to its own range (grey = 0 when symmetric).
func writeWeightGrid(path string, w *nn.Matrix[float32]) error {
	const tile, pad, cols = 32, 2, 8
	n := min(w.Cols, 64)
	rows := (n + cols - 1) / cols
	scale := 3 // pixels per weight, so the grid is visible
	img := image.NewGray(image.Rect(0, 0, cols*(tile+pad)*scale, rows*(tile+pad)*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for u := 0; u < n; u++ {
		var lim float32
		for p := 0; p < tile*tile; p++ {
			lim = max(lim, float32(math.Abs(float64(w.Data[p*w.Cols+u]))))
		}
		if lim == 0 {
			lim = 1
		}
		ox, oy := (u%cols)*(tile+pad)*scale, (u/cols)*(tile+pad)*scale
		for p := 0; p < tile*tile; p++ {
			v := uint8(127.5 + 127.5*w.Data[p*w.Cols+u]/lim)
			y, x := p/tile, p%tile
			for dy := 0; dy < scale; dy++ {
				for dx := 0; dx < scale; dx++ {
					img.SetGray(ox+x*scale+dx, oy+y*scale+dy, color.Gray{v})
				}
			}
		}
	}
	return writePNG(path, img)
}

// writePNG encodes img into a new file at path.
func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
