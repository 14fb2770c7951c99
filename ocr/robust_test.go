package ocr

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/draw"

	"inkling/nn"
	"inkling/segment"
)

// dataDir finds the shared data: $INKLING_DATA, else ../shared/data next to
// the module root (the directory holding go.mod).
func dataDir(t testing.TB) string {
	if d := os.Getenv("INKLING_DATA"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "data")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
}

// photo is one course photo with its ground truth lines.
type photo struct {
	name  string
	img   *image.Gray
	lines []string
}

// loadPhotos decodes the course photos (as grey, which is all the pipeline
// looks at) and their ground truth, or skips the test when they are absent.
func loadPhotos(t testing.TB) []photo {
	dir := filepath.Join(dataDir(t), "hw5", "images")
	f, err := os.Open(filepath.Join(dir, "ground_truth.tsv"))
	if err != nil {
		t.Skipf("course photos not found (%v); set INKLING_DATA", err)
	}
	defer f.Close()
	var photos []photo
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 3 || strings.HasPrefix(cols[0], "#") {
			continue
		}
		if len(photos) == 0 || photos[len(photos)-1].name != cols[0] {
			photos = append(photos, photo{name: cols[0]})
		}
		p := &photos[len(photos)-1]
		p.lines = append(p.lines, Canonical(cols[2]))
	}
	for i := range photos {
		r, err := os.Open(filepath.Join(dir, photos[i].name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := segment.Decode(r, 0)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		photos[i].img = segment.Grey(img, 0)
	}
	return photos
}

// transform is one way a photo may differ from the course's.
type transform struct {
	name string
	f    func(t testing.TB, g *image.Gray) image.Image
}

var transforms = []transform{
	{"original", func(_ testing.TB, g *image.Gray) image.Image { return g }},
	{"rotated +5°", func(_ testing.TB, g *image.Gray) image.Image { return rotate(g, 5) }},
	{"rotated -5°", func(_ testing.TB, g *image.Gray) image.Image { return rotate(g, -5) }},
	{"scaled 50%", func(_ testing.TB, g *image.Gray) image.Image {
		dst := image.NewGray(image.Rect(0, 0, g.Rect.Dx()/2, g.Rect.Dy()/2))
		draw.CatmullRom.Scale(dst, dst.Rect, g, g.Rect, draw.Src, nil)
		return dst
	}},
	{"lighting gradient", func(_ testing.TB, g *image.Gray) image.Image { return darken(g) }},
	{"JPEG quality 10", func(t testing.TB, g *image.Gray) image.Image {
		var buf bytes.Buffer
		if err := jpeg.Encode(&buf, g, &jpeg.Options{Quality: 10}); err != nil {
			t.Fatal(err)
		}
		img, err := jpeg.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return img
	}},
}

// rotate turns g by deg degrees (counter-clockwise) about its centre onto a
// canvas large enough to hold all of it, filled with the paper's grey.
func rotate(g *image.Gray, deg float64) *image.Gray {
	w, h := float64(g.Rect.Dx()), float64(g.Rect.Dy())
	sin, cos := math.Sincos(deg * math.Pi / 180)
	nw := int(math.Abs(w*cos) + math.Abs(h*sin))
	nh := int(math.Abs(w*sin) + math.Abs(h*cos))
	dst := image.NewGray(image.Rect(0, 0, nw, nh))
	levels := slices.Clone(g.Pix)
	slices.Sort(levels)
	paper := levels[len(levels)*9/10] // most of a page is paper
	for i := range dst.Pix {
		dst.Pix[i] = paper
	}
	// Map each destination pixel back into g and interpolate bilinearly.
	for y := 0; y < nh; y++ {
		for x := 0; x < nw; x++ {
			dx, dy := float64(x)-float64(nw)/2, float64(y)-float64(nh)/2
			sx := cos*dx - sin*dy + w/2 - 0.5
			sy := sin*dx + cos*dy + h/2 - 0.5
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			if x0 < 0 || y0 < 0 || x0+1 >= int(w) || y0+1 >= int(h) {
				continue
			}
			fx, fy := sx-float64(x0), sy-float64(y0)
			p := func(xx, yy int) float64 { return float64(g.Pix[yy*g.Stride+xx]) }
			v := (p(x0, y0)*(1-fx)+p(x0+1, y0)*fx)*(1-fy) + (p(x0, y0+1)*(1-fx)+p(x0+1, y0+1)*fx)*fy
			dst.Pix[y*dst.Stride+x] = uint8(v + 0.5)
		}
	}
	return dst
}

// darken multiplies g by a lighting gradient falling from full light at
// the top-left corner to a quarter of it at the bottom-right.
func darken(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	dst := image.NewGray(g.Rect)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			f := 1 - 0.75*float64(x+y)/float64(w+h)
			dst.Pix[y*dst.Stride+x] = uint8(float64(g.Pix[y*g.Stride+x])*f + 0.5)
		}
	}
	return dst
}

// lineCounts returns how many characters Segment finds in each line.
func lineCounts(p *segment.Page) []int {
	var n []int
	for _, l := range p.Lines {
		n = append(n, len(l.Chars))
	}
	return n
}

func TestDetectionRobust(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes and transforms the course photos")
	}
	for _, p := range loadPhotos(t) {
		var want []int
		for _, l := range p.lines {
			want = append(want, len(l))
		}
		for _, tr := range transforms {
			t.Run(fmt.Sprintf("%s/%s", p.name, tr.name), func(t *testing.T) {
				page, err := segment.Segment(tr.f(t, p.img), segment.Config{})
				if err != nil {
					t.Fatal(err)
				}
				if got := lineCounts(page); !slices.Equal(got, want) {
					t.Errorf("characters per line = %v; want %v", got, want)
				}
			})
		}
	}
}

// testReader loads $INKLING_MODEL, else the shipped default model
// (weights/cnn.inkw, else weights/mlp.inkw at the module root), or skips.
func testReader(t testing.TB) *Reader {
	paths := []string{os.Getenv("INKLING_MODEL")}
	if paths[0] == "" {
		root := mustGetwdRoot(t)
		paths = []string{filepath.Join(root, "weights", "cnn.inkw"), filepath.Join(root, "weights", "mlp.inkw")}
	}
	for _, p := range paths {
		net, err := nn.LoadFile[float32](p)
		if err != nil {
			continue
		}
		r, err := NewReader(net)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	t.Skipf("no model at %v", paths)
	return nil
}

// mustGetwdRoot returns the module root (the directory holding go.mod).
func mustGetwdRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = filepath.Dir(dir)
	}
}

// TestAccuracyRobust reads the transformed photos and checks that the
// pooled character accuracy stays within 5 points of the originals'.
func TestAccuracyRobust(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes, transforms and reads the course photos")
	}
	r := testReader(t)
	photos := loadPhotos(t)
	acc := map[string]float64{}
	for _, tr := range transforms {
		var edits, total int
		for _, p := range photos {
			res, err := r.Read(tr.f(t, p.img))
			if err != nil {
				t.Fatalf("%s %s: %v", p.name, tr.name, err)
			}
			want := strings.Join(p.lines, "")
			edits += EditDistance(Canonical(res.Text()), want)
			total += len(want)
		}
		acc[tr.name] = 1 - float64(edits)/float64(total)
		t.Logf("%-18s accuracy %.3f", tr.name, acc[tr.name])
	}
	for name, a := range acc {
		if a < acc["original"]-0.05 {
			t.Errorf("accuracy %s = %.3f; want within 0.05 of the original's %.3f", name, a, acc["original"])
		}
	}
}
