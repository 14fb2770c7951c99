package dataset

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sync"
)

// Loader decodes and prepares the images of an ImageSet in mini-batches on a
// pool of worker goroutines, so decoding overlaps training. At most
// Workers+1 batches are decoded or waiting at any time, so memory stays
// bounded however large the set. Images that fail to decode are skipped:
// the first time, a warning naming the file goes to Warn, and Skipped counts
// them; a batch then holds fewer images.
type Loader struct {
	Set     *ImageSet
	Prep    Preprocess
	Workers int       // decoding goroutines (< 1: 1)
	Warn    io.Writer // where skipped files are reported (nil: os.Stderr)

	mu  sync.Mutex
	bad map[int]bool // images that failed to decode
}

// Batch is one mini-batch of prepared images.
type Batch struct {
	X      []float32 // (n, Prep.Width()) rows in the network's layout
	Labels []int     // (n)
	Index  []int     // (n) the images' indices in the set
}

// Len returns the number of images in the batch.
func (b *Batch) Len() int { return len(b.Labels) }

// Skipped returns how many distinct images have failed to decode so far.
func (l *Loader) Skipped() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.bad)
}

// Batches prepares the images order[0:batch], order[batch:2·batch], … and
// delivers them in that order on the returned channel, which is closed at
// the end or when ctx is cancelled. The random choices of image i come from
// a generator seeded with (seed, i), so they do not depend on the number of
// workers or their scheduling; pass a new seed each epoch.
func (l *Loader) Batches(ctx context.Context, order []int, batch int, seed uint64) (<-chan Batch, error) {
	if err := l.Prep.check(); err != nil {
		return nil, err
	}
	if batch <= 0 {
		return nil, fmt.Errorf("dataset: batch size %d", batch)
	}
	for _, i := range order {
		if i < 0 || i >= l.Set.Len() {
			return nil, fmt.Errorf("dataset: image %d of a set of %d", i, l.Set.Len())
		}
	}
	workers := max(1, l.Workers)
	nb := (len(order) + batch - 1) / batch
	results := make([]chan Batch, nb) // one slot per batch, so they can finish out of order
	for b := range results {
		results[b] = make(chan Batch, 1)
	}
	tokens := make(chan struct{}, workers+1) // batches in flight
	jobs := make(chan int)
	go func() { // feeder: hands out batch numbers while tokens last
		defer close(jobs)
		for b := 0; b < nb; b++ {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		go func() {
			var s prepScratch
			for b := range jobs {
				results[b] <- l.prepare(order[b*batch:min((b+1)*batch, len(order))], seed, &s)
			}
		}()
	}
	out := make(chan Batch)
	go func() { // deliverer: batches in order
		defer close(out)
		for b := 0; b < nb; b++ {
			var bt Batch
			select {
			case bt = <-results[b]:
			case <-ctx.Done():
				return
			}
			select {
			case out <- bt:
			case <-ctx.Done():
				return
			}
			<-tokens
		}
	}()
	return out, nil
}

// prepare decodes and prepares the images idx into a new batch.
func (l *Loader) prepare(idx []int, seed uint64, s *prepScratch) Batch {
	w := l.Prep.Width()
	b := Batch{X: make([]float32, 0, len(idx)*w)}
	for _, i := range idx {
		if l.isBad(i) {
			continue
		}
		img, err := l.Set.Decode(i)
		if err != nil {
			l.markBad(i, err)
			continue
		}
		n := len(b.X)
		b.X = b.X[:n+w]
		l.Prep.apply(b.X[n:], img, rand.New(rand.NewPCG(seed, uint64(i))), s)
		b.Labels = append(b.Labels, l.Set.Labels[i])
		b.Index = append(b.Index, i)
	}
	return b
}

func (l *Loader) isBad(i int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bad[i]
}

func (l *Loader) markBad(i int, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.bad == nil {
		l.bad = map[int]bool{}
	}
	if l.bad[i] {
		return
	}
	l.bad[i] = true
	w := l.Warn
	if w == nil {
		w = os.Stderr
	}
	fmt.Fprintf(w, "warning: skipping an image that does not decode: %v\n", err)
}

// LoadAll prepares every image of the loader's set once, in order, and
// returns them as one batch (skipped images left out). For sets small
// enough to keep in memory, such as the course's test splits.
func (l *Loader) LoadAll(batch int, seed uint64) (Batch, error) {
	order := make([]int, l.Set.Len())
	for i := range order {
		order[i] = i
	}
	ch, err := l.Batches(context.Background(), order, batch, seed)
	if err != nil {
		return Batch{}, err
	}
	var all Batch
	for b := range ch {
		all.X = append(all.X, b.X...)
		all.Labels = append(all.Labels, b.Labels...)
		all.Index = append(all.Index, b.Index...)
	}
	return all, nil
}
