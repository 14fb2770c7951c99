package main

import (
	"image"
	"image/color"
	"math/rand/v2"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"inkling/dataset"
	"inkling/nn"
)

// sheetClasses are the classes of the reconstruction sheet: two letters with
// curves, one with straight strokes, and two digits (A=0 … Z=25, 0=26 … 9=35).
var sheetClasses = []int{0, 6, 17, 28, 34} // A, G, R, 2, 8

// autoencoderPlots writes the loss curves (of every phase in the network's
// metadata) and this phase's PSNR curve, the reconstruction,
// denoising and interpolation sheets and the 2-D view of the codes into dir.
func autoencoderPlots(dir string, ae *nn.Autoencoder[float32], curves []aeEpoch, valid *dataset.Set) error {
	first := len(ae.Net.Meta.Curves) - len(curves) // epochs of an earlier phase (-init)
	psnr := make(plotter.XYs, len(curves))
	for i, e := range curves {
		psnr[i] = plotter.XY{X: float64(first + e.Epoch.Epoch), Y: e.ValidPSNR}
	}
	if err := plotCurves(filepath.Join(dir, "loss.png"), "summed squared error per image", "valid", ae.Net.Meta.Curves,
		func(e nn.Epoch) (float64, float64) { return e.TrainLoss, e.ValidLoss }); err != nil {
		return err
	}
	if err := plotPSNR(filepath.Join(dir, "psnr.png"), psnr); err != nil {
		return err
	}
	if err := writeTiles(filepath.Join(dir, "reconstructions.png"), reconstructionSheet(ae, valid)); err != nil {
		return err
	}
	if err := writeTiles(filepath.Join(dir, "denoising.png"), denoiseSheet(ae, valid)); err != nil {
		return err
	}
	if err := writeTiles(filepath.Join(dir, "interpolation.png"), interpolationSheet(ae, valid)); err != nil {
		return err
	}
	return plotCodes(filepath.Join(dir, "codes.png"), ae, valid)
}

// firstOfClass returns the first n images of class c in s.
func firstOfClass(s *dataset.Set, c, n int) [][]float32 {
	var out [][]float32
	for i, y := range s.Y {
		if y == c && len(out) < n {
			out = append(out, s.X[i*pixels:(i+1)*pixels])
		}
	}
	return out
}

// reconstructionSheet is 5 classes × 2 validation images: originals in the
// top row, their reconstructions below.
func reconstructionSheet(ae *nn.Autoencoder[float32], valid *dataset.Set) [][][]float32 {
	var top, bottom [][]float32
	for _, c := range sheetClasses {
		for _, img := range firstOfClass(valid, c, 2) {
			rec := make([]float32, pixels)
			ae.Reconstruct(rec, img)
			top, bottom = append(top, img), append(bottom, rec)
		}
	}
	return [][][]float32{top, bottom}
}

// denoiseSheet shows, for each demo corruption, clean / damaged / repaired
// rows of one validation image per sheet class.
func denoiseSheet(ae *nn.Autoencoder[float32], valid *dataset.Set) [][][]float32 {
	rng := rand.New(rand.NewPCG(1, 2)) // fixed: the sheet shows the same damage every run
	var rows [][][]float32
	for _, d := range demoCorruptions {
		var clean, damaged, repaired [][]float32
		for _, c := range sheetClasses {
			img := firstOfClass(valid, c, 1)[0]
			bad := slices.Clone(img)
			nn.Corrupt(bad, 32, d.c, rng)
			fixed := make([]float32, pixels)
			ae.Reconstruct(fixed, bad)
			clean, damaged, repaired = append(clean, img), append(damaged, bad), append(repaired, fixed)
		}
		rows = append(rows, clean, damaged, repaired)
	}
	return rows
}

// interpolationSheet decodes 8 points between the codes of pairs of characters.
func interpolationSheet(ae *nn.Autoencoder[float32], valid *dataset.Set) [][][]float32 {
	pairs := [][2]int{{0, 1}, {27, 33}, {14, 16}, {18, 31}} // A→B, 1→7, O→Q, S→5
	var rows [][][]float32
	for _, p := range pairs {
		a, b := firstOfClass(valid, p[0], 1), firstOfClass(valid, p[1], 1)
		if len(a) == 0 || len(b) == 0 {
			continue
		}
		rows = append(rows, ae.Interpolate(a[0], b[0], 8))
	}
	return rows
}

// writeTiles draws rows of 32×32 images (1 = white) as one PNG, 3 pixels per
// image pixel with a grey gap between tiles.
func writeTiles(path string, rows [][][]float32) error {
	const tile, gap, scale = 32, 2, 3
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	step := (tile + gap) * scale
	img := image.NewGray(image.Rect(0, 0, cols*step+gap*scale, len(rows)*step+gap*scale))
	for i := range img.Pix {
		img.Pix[i] = 160 // mid grey between tiles
	}
	for r, row := range rows {
		for c, t := range row {
			ox, oy := gap*scale+c*step, gap*scale+r*step
			for p, v := range t {
				g := color.Gray{uint8(255*min(1, max(0, v)) + 0.5)}
				for dy := range scale {
					for dx := range scale {
						img.SetGray(ox+(p%tile)*scale+dx, oy+(p/tile)*scale+dy, g)
					}
				}
			}
		}
	}
	return writePNG(path, img)
}

// plotPSNR draws the validation PSNR per epoch.
func plotPSNR(path string, xy plotter.XYs) error {
	p := plot.New()
	p.X.Label.Text, p.Y.Label.Text = "epoch", "validation PSNR (dB)"
	l, err := plotter.NewLine(xy)
	if err != nil {
		return err
	}
	l.Color = plotColor(1)
	p.Add(l, plotter.NewGrid())
	return p.Save(16*vg.Centimeter, 10*vg.Centimeter, path)
}

// plotCodes projects the validation codes to their two principal components
// and draws them coloured by class, each class's name at its centroid.
func plotCodes(path string, ae *nn.Autoencoder[float32], valid *dataset.Set) error {
	codes := make([]float32, valid.Len()*ae.CodeSize())
	for s := 0; s < valid.Len(); s += 512 {
		e := min(s+512, valid.Len())
		ae.Encode(codes[s*ae.CodeSize():e*ae.CodeSize()], valid.X[s*pixels:e*pixels])
	}
	p2, err := fitPCA(codes, ae.CodeSize(), 2)
	if err != nil {
		return err
	}
	xy := p2.project(codes)
	names := classNames()
	colors := palette.Rainbow(len(names), palette.Red, palette.Magenta, 1, 0.8, 1).Colors() // value 0.8: yellow still shows on white
	pl := plot.New()
	pl.Title.Text = "validation codes, first two principal components"
	pl.X.Label.Text, pl.Y.Label.Text = "PC 1", "PC 2"
	var labels plotter.XYLabels
	for c := range names {
		var pts plotter.XYs
		var cx, cy float64
		for i, y := range valid.Y {
			if y == c {
				pts = append(pts, plotter.XY{X: xy[2*i], Y: xy[2*i+1]})
				cx, cy = cx+xy[2*i], cy+xy[2*i+1]
			}
		}
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return err
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colors[c], Radius: vg.Points(1), Shape: draw.CircleGlyph{}}
		pl.Add(sc)
		labels.XYs = append(labels.XYs, plotter.XY{X: cx / float64(len(pts)), Y: cy / float64(len(pts))})
		labels.Labels = append(labels.Labels, names[c])
	}
	lb, err := plotter.NewLabels(labels)
	if err != nil {
		return err
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Size = vg.Points(11)
	}
	pl.Add(lb)
	return pl.Save(20*vg.Centimeter, 18*vg.Centimeter, path)
}
