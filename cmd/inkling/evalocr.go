package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"inkling/ocr"
	"inkling/segment"
)

// groundTruthPath is the course photos' ground truth, relative to -data.
const groundTruthPath = "hw5/images/ground_truth.tsv"

// ocrImageReport is eval-ocr's result for one photo.
type ocrImageReport struct {
	Image         string   `json:"image"`
	Expected      int      `json:"expected"` // characters in the ground truth
	Found         int      `json:"found"`    // characters detected
	LinesExpected int      `json:"lines_expected"`
	LinesFound    int      `json:"lines_found"`
	LineCounts    []string `json:"line_counts"` // found/expected per line, when the line counts agree
	Accuracy      *float64 `json:"accuracy,omitempty"`
	Text          string   `json:"text,omitempty"` // what was read, one line per line
	Truth         string   `json:"truth"`
	Millis        float64  `json:"ms"` // segmentation and recognition, without decoding
}

// ocrReport is eval-ocr's whole result.
type ocrReport struct {
	Model    string           `json:"model,omitempty"`
	Images   []ocrImageReport `json:"images"`
	Expected int              `json:"expected"`
	Found    int              `json:"found"`
	Exact    int              `json:"images_with_exact_counts"` // images whose every line has the right count
	Accuracy *float64         `json:"accuracy,omitempty"`       // pooled: 1 - Σ edits / Σ truth length
}

func runEvalOCR(args []string) error {
	fs := flag.NewFlagSet("eval-ocr", flag.ContinueOnError)
	data := dataFlag(fs)
	model := fs.String("model", "", "weights file (default weights/cnn.inkw if it exists, else weights/mlp.inkw)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	detectOnly := fs.Bool("detect", false, "only count the characters found (no model needed)")
	noContext := fs.Bool("no-context", false, "turn off the letter-or-digit prior from the rest of each word")
	if err := fs.Parse(args); err != nil {
		return err
	}
	truth, order, err := readGroundTruth(filepath.Join(*data, groundTruthPath))
	if err != nil {
		return err
	}
	rep := ocrReport{}
	var reader *ocr.Reader
	if !*detectOnly {
		if reader, rep.Model, err = loadOCRReader(*model); err != nil {
			return fmt.Errorf("eval-ocr: %w (use -detect to count characters without a model)", err)
		}
		reader.NoContext = *noContext
	}
	var edits, total int
	for _, name := range order {
		lines := truth[name]
		img, err := decodeImageFile(filepath.Join(*data, "hw5/images", name))
		if err != nil {
			return err
		}
		start := time.Now()
		page, err := segment.Segment(img, segment.Config{})
		if err != nil {
			return err
		}
		ir := ocrImageReport{Image: name, LinesExpected: len(lines), LinesFound: len(page.Lines),
			Truth: strings.Join(lines, "\n")}
		for _, l := range lines {
			ir.Expected += len(l)
		}
		for i, l := range page.Lines {
			ir.Found += len(l.Chars)
			if len(page.Lines) == len(lines) {
				ir.LineCounts = append(ir.LineCounts, fmt.Sprintf("%d/%d", len(l.Chars), len(lines[i])))
			}
		}
		if reader != nil {
			res, err := reader.ReadPage(page)
			if err != nil {
				return err
			}
			ir.Text = res.Text()
			pred, want := ocr.Canonical(ir.Text), strings.Join(lines, "")
			acc := ocr.CharAccuracy(pred, want)
			ir.Accuracy = &acc
			edits += ocr.EditDistance(pred, want)
			total += len(want)
		}
		ir.Millis = float64(time.Since(start).Microseconds()) / 1000
		exact := len(page.Lines) == len(lines)
		for i := 0; exact && i < len(lines); i++ {
			exact = len(page.Lines[i].Chars) == len(lines[i])
		}
		if exact {
			rep.Exact++
		}
		rep.Expected += ir.Expected
		rep.Found += ir.Found
		rep.Images = append(rep.Images, ir)
	}
	if reader != nil && total > 0 {
		acc := 1 - float64(edits)/float64(total)
		rep.Accuracy = &acc
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", " ")
		return enc.Encode(rep)
	}
	printOCRReport(rep)
	return nil
}

// printOCRReport prints rep as a table, then the text read from each photo.
func printOCRReport(rep ocrReport) {
	if rep.Model != "" {
		fmt.Println("model:", rep.Model)
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "image\tfound/expected\tlines\taccuracy\tms")
	accText := func(a *float64) string {
		if a == nil {
			return "-"
		}
		return fmt.Sprintf("%.3f", *a)
	}
	for _, ir := range rep.Images {
		fmt.Fprintf(tw, "%s\t%d/%d\t%d/%d\t%s\t%.0f\n", ir.Image, ir.Found, ir.Expected,
			ir.LinesFound, ir.LinesExpected, accText(ir.Accuracy), ir.Millis)
	}
	fmt.Fprintf(tw, "overall\t%d/%d\t%d/%d images exact\t%s\t\n", rep.Found, rep.Expected,
		rep.Exact, len(rep.Images), accText(rep.Accuracy))
	tw.Flush()
	for _, ir := range rep.Images {
		if ir.Text != "" {
			fmt.Printf("\n%s:\n%s\n", ir.Image, ir.Text)
		}
	}
}

// readGroundTruth reads ground_truth.tsv: for each image, the graded
// characters of each of its lines, top to bottom; and the images in file
// order.
func readGroundTruth(path string) (map[string][]string, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("eval-ocr: %w (set -data or INKLING_DATA)", err)
	}
	defer f.Close()
	truth := map[string][]string{}
	var order []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 3 {
			return nil, nil, fmt.Errorf("eval-ocr: %s:%d: want image, line, characters separated by tabs", path, n)
		}
		if _, ok := truth[cols[0]]; !ok {
			order = append(order, cols[0])
		}
		truth[cols[0]] = append(truth[cols[0]], ocr.Canonical(cols[2]))
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("eval-ocr: %s: %w", path, err)
	}
	if len(order) == 0 {
		return nil, nil, fmt.Errorf("eval-ocr: %s: no ground truth lines", path)
	}
	return truth, order, nil
}
