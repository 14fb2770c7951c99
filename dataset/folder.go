package dataset

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // the natural-image sets are JPEGs
	_ "image/png"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	_ "golang.org/x/image/bmp" // some SUN photos are BMPs named .jpg
)

// ImageSet is a labelled list of encoded images (files in class folders, a
// file list, or entries of a zip). It holds names only; images are read and
// decoded on demand, so memory does not grow with the number of images.
type ImageSet struct {
	Names   []string // one per image: its path, or "archive.zip:entry"
	Labels  []int    // class of each image, an index into Classes
	Classes []string // class names in label order

	get func(i int) (image.Image, error) // decodes image i; errors name it
}

// Len returns the number of images.
func (s *ImageSet) Len() int { return len(s.Names) }

// Decode reads and decodes image i. Errors name the file.
func (s *ImageSet) Decode(i int) (image.Image, error) { return s.get(i) }

// decoder returns a get function that decodes what open(i) reads.
func decoder(names []string, open func(i int) (io.ReadCloser, error)) func(i int) (image.Image, error) {
	return func(i int) (image.Image, error) {
		r, err := open(i)
		return decodeFrom(names[i], r, err)
	}
}

// decodeFrom decodes the image name that r reads.
func decodeFrom(name string, r io.ReadCloser, err error) (image.Image, error) {
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", name, err)
	}
	defer r.Close()
	// Read it whole first: a truncated file must be an error, not a grey tail.
	const maxImageBytes = 64 << 20 // no photo in the course sets comes near 64 MiB
	data, err := io.ReadAll(io.LimitReader(r, maxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", name, err)
	}
	if len(data) > maxImageBytes {
		return nil, fmt.Errorf("dataset: %s: larger than %d bytes", name, maxImageBytes)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", name, err)
	}
	const maxPixels = 1 << 26 // 64 Mpixel: refuse decompression bombs before allocating
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		return nil, fmt.Errorf("dataset: %s: %d×%d pixels", name, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", name, err)
	}
	return img, nil
}

// Subset returns the images idx, in that order, sharing the reader.
func (s *ImageSet) Subset(idx []int) *ImageSet {
	out := &ImageSet{Classes: s.Classes}
	for _, i := range idx {
		out.Names = append(out.Names, s.Names[i])
		out.Labels = append(out.Labels, s.Labels[i])
	}
	get := s.get
	out.get = func(j int) (image.Image, error) { return get(idx[j]) }
	return out
}

// fileOpener opens the named files.
func fileOpener(names []string) func(i int) (io.ReadCloser, error) {
	return func(i int) (io.ReadCloser, error) { return os.Open(names[i]) }
}

// isImageName reports whether a file name has an image extension.
func isImageName(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".bmp":
		return true
	}
	return false
}

// sortClasses orders class names numerically when all are integers
// ("2" before "10"), else alphabetically.
func sortClasses(names []string) {
	numeric := true
	for _, n := range names {
		if _, err := strconv.Atoi(n); err != nil {
			numeric = false
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		if numeric {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return x - y
		}
		return strings.Compare(a, b)
	})
}

// ImageFolder lists dir/<class>/<image>: each subdirectory is a class, the
// classes ordered numerically when their names are integers, else
// alphabetically; images are .jpg, .jpeg or .png, in name order.
func ImageFolder(dir string) (*ImageSet, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	var classes []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			classes = append(classes, e.Name())
		}
	}
	if len(classes) == 0 {
		return nil, fmt.Errorf("dataset: %s has no class folders", dir)
	}
	sortClasses(classes)
	s := &ImageSet{Classes: classes}
	for k, c := range classes {
		files, err := os.ReadDir(filepath.Join(dir, c))
		if err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
		for _, f := range files {
			if !f.IsDir() && isImageName(f.Name()) {
				s.Names = append(s.Names, filepath.Join(dir, c, f.Name()))
				s.Labels = append(s.Labels, k)
			}
		}
	}
	if s.Len() == 0 {
		return nil, fmt.Errorf("dataset: %s has no images", dir)
	}
	s.get = decoder(s.Names, fileOpener(s.Names))
	return s, nil
}

// ImageFileList reads a list of image paths (relative to root, one per
// line) and a parallel list of integer labels 0…len(classes)-1, the layout
// of the course's SUN subset (train_files.txt, train_labels.txt).
func ImageFileList(root, filesPath, labelsPath string, classes []string) (*ImageSet, error) {
	lines := func(p string) ([]string, error) {
		f, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
		defer f.Close()
		var out []string
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if l := strings.TrimSpace(sc.Text()); l != "" {
				out = append(out, l)
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("dataset: %s: %w", p, err)
		}
		return out, nil
	}
	files, err := lines(filesPath)
	if err != nil {
		return nil, err
	}
	labels, err := lines(labelsPath)
	if err != nil {
		return nil, err
	}
	if len(files) != len(labels) {
		return nil, fmt.Errorf("dataset: %s lists %d files but %s has %d labels", filesPath, len(files), labelsPath, len(labels))
	}
	s := &ImageSet{Classes: classes}
	for i, f := range files {
		k, err := strconv.Atoi(labels[i])
		if err != nil || k < 0 || k >= len(classes) {
			return nil, fmt.Errorf("dataset: %s line %d: label %q is not a class 0…%d", labelsPath, i+1, labels[i], len(classes)-1)
		}
		s.Names = append(s.Names, filepath.Join(root, filepath.FromSlash(f)))
		s.Labels = append(s.Labels, k)
	}
	s.get = decoder(s.Names, fileOpener(s.Names))
	return s, nil
}

// ImageZip lists the images of a zip archive laid out as [prefix/]<class>/<image>:
// the class is the entry's parent folder, classes ordered as in ImageFolder.
// The archive stays open for reading; Close releases it.
func ImageZip(zipPath string) (*ImageSet, io.Closer, error) {
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		return nil, nil, fmt.Errorf("dataset: %w", err)
	}
	var files []*zip.File
	seen := map[string]bool{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !isImageName(f.Name) || !strings.Contains(f.Name, "/") {
			continue
		}
		files = append(files, f)
		seen[path.Base(path.Dir(f.Name))] = true
	}
	if len(files) == 0 {
		zr.Close()
		return nil, nil, fmt.Errorf("dataset: %s has no images in class folders", zipPath)
	}
	classes := make([]string, 0, len(seen))
	for c := range seen {
		classes = append(classes, c)
	}
	sortClasses(classes)
	index := map[string]int{}
	for k, c := range classes {
		index[c] = k
	}
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	s := &ImageSet{Classes: classes}
	for _, f := range files {
		s.Names = append(s.Names, zipPath+":"+f.Name)
		s.Labels = append(s.Labels, index[path.Base(path.Dir(f.Name))])
	}
	// zip.File.Open reads through an io.SectionReader on the archive's
	// ReaderAt, so concurrent opens from the loader's workers are safe.
	s.get = decoder(s.Names, func(i int) (io.ReadCloser, error) { return files[i].Open() })
	return s, zr, nil
}

// Decoded returns a copy of s whose images are decoded once, now, and kept
// in memory, for sets that every epoch reads again: small images (CIFAR's
// 32×32) as they are (side 0), or photos resized to side×side, as
// Preprocess would resize them, so that each epoch only crops and flips.
// Images that fail to decode are left out, each reported to warn.
func (s *ImageSet) Decoded(side int, warn io.Writer) *ImageSet {
	out := &ImageSet{Classes: s.Classes}
	var imgs []image.Image
	for i := range s.Len() {
		img, err := s.Decode(i)
		if err != nil {
			fmt.Fprintf(warn, "warning: skipping an image that does not decode: %v\n", err)
			continue
		}
		if side > 0 {
			img = resize(img, side)
		}
		imgs = append(imgs, img)
		out.Names = append(out.Names, s.Names[i])
		out.Labels = append(out.Labels, s.Labels[i])
	}
	out.get = func(i int) (image.Image, error) { return imgs[i], nil }
	return out
}
