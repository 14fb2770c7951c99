package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"inkling/nn"
	"inkling/ocr"
	"inkling/segment"
)

// ocrModels are the default classifiers for extract and eval-ocr, best first.
var ocrModels = []string{"weights/cnn.inkw", "weights/mlp.inkw"}

func runExtract(args []string) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	model := fs.String("model", "", "weights file (default weights/cnn.inkw if it exists, else weights/mlp.inkw)")
	asJSON := fs.Bool("json", false, "print the lines, boxes, characters and probabilities as JSON")
	annotate := fs.String("annotate", "", "write the photo with boxes and the recognised characters to this PNG")
	files, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return errors.New("extract: want one image: inkling extract IMAGE [-model FILE] [-json] [-annotate out.png]")
	}
	reader, _, err := loadOCRReader(*model)
	if err != nil {
		return err
	}
	img, err := decodeImageFile(files[0])
	if err != nil {
		return err
	}
	res, err := reader.Read(img)
	if err != nil {
		return err
	}
	if *annotate != "" {
		if err := writeAnnotated(*annotate, img, res); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", " ")
		return enc.Encode(res)
	}
	if len(res.Lines) > 0 {
		fmt.Println(res.Text())
	}
	return nil
}

// parseInterleaved parses fs from args where flags may follow the
// positional arguments (inkling extract IMAGE -json), and returns those.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// loadOCRReader loads the classifier at path, or the first default model
// that exists, and returns a Reader for it and the path used.
func loadOCRReader(path string) (*ocr.Reader, string, error) {
	if path == "" {
		for _, p := range ocrModels {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
		if path == "" {
			return nil, "", fmt.Errorf("no model: none of %v exists (train one with inkling train mlp, or pass -model)", ocrModels)
		}
	}
	net, err := nn.LoadFile[float32](path)
	if err != nil {
		return nil, "", err
	}
	r, err := ocr.NewReader(net)
	return r, path, err
}

// decodeImageFile reads an image file with segment.Decode's size limits
// and EXIF orientation.
func decodeImageFile(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := segment.Decode(f, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return img, nil
}

// confidenceColor colours a box by the probability of its character:
// green when sure, orange when unsure, red when probably wrong.
func confidenceColor(p float64) color.RGBA {
	switch {
	case p >= 0.9:
		return color.RGBA{0, 170, 0, 255}
	case p >= 0.6:
		return color.RGBA{240, 140, 0, 255}
	}
	return color.RGBA{220, 0, 0, 255}
}

// writeAnnotated writes img as a PNG with a box around every character,
// coloured by confidence, and the recognised character drawn above it.
func writeAnnotated(path string, img image.Image, res *ocr.Result) error {
	b := img.Bounds()
	out := image.NewRGBA(b)
	draw.Draw(out, b, img, b.Min, draw.Src)
	// Lines 1/600 of the longer side thick: visible on a phone photo.
	thick := max(1, max(b.Dx(), b.Dy())/600)
	for _, l := range res.Lines {
		for _, c := range l.Chars {
			col := confidenceColor(c.P)
			r := c.Rect()
			for _, edge := range []image.Rectangle{
				{r.Min, image.Pt(r.Max.X, r.Min.Y+thick)}, {image.Pt(r.Min.X, r.Max.Y-thick), r.Max},
				{r.Min, image.Pt(r.Min.X+thick, r.Max.Y)}, {image.Pt(r.Max.X-thick, r.Min.Y), r.Max},
			} {
				draw.Draw(out, edge, image.NewUniform(col), image.Point{}, draw.Src)
			}
			drawLabel(out, c.Char, r, col)
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(f, out); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// drawLabel draws s above box r, about 40% as tall as the box, by drawing
// it with the 7x13 bitmap font and scaling that up.
func drawLabel(dst *image.RGBA, s string, r image.Rectangle, col color.RGBA) {
	face := basicfont.Face7x13
	small := image.NewAlpha(image.Rect(0, 0, 7*len(s), 13))
	d := font.Drawer{Dst: small, Src: image.Opaque, Face: face, Dot: fixed.P(0, 11)}
	d.DrawString(s)
	h := max(13, r.Dy()*2/5)
	w := h * small.Rect.Dx() / 13
	at := image.Rect(r.Min.X, r.Min.Y-h-2, r.Min.X+w, r.Min.Y-2)
	if at.Min.Y < dst.Rect.Min.Y { // no room above: write it below the box
		at = image.Rect(r.Min.X, r.Max.Y+2, r.Min.X+w, r.Max.Y+h+2)
	}
	big := image.NewAlpha(image.Rect(0, 0, w, h))
	xdraw.NearestNeighbor.Scale(big, big.Rect, small, small.Rect, xdraw.Src, nil)
	draw.DrawMask(dst, at, image.NewUniform(col), image.Point{}, big, image.Point{}, draw.Over)
}
