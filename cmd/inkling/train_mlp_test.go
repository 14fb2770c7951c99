package main

import (
	"math/rand/v2"
	"testing"
)

// TestJitter: a one-pixel dot moves by at most one pixel on each axis, the
// amount of ink is kept unless the dot leaves the frame, and the uncovered
// border is paper.
func TestJitter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var scratch [32 * 32]float32
	moved := map[[2]int]bool{}
	for trial := 0; trial < 200; trial++ {
		img := make([]float32, 32*32)
		for i := range img {
			img[i] = 1
		}
		img[10*32+20] = 0 // ink at (x 20, y 10)
		jitter(img, scratch[:], rng)
		found := 0
		for i, v := range img {
			switch v {
			case 0:
				found++
				dx, dy := i%32-20, i/32-10
				if dx < -1 || dx > 1 || dy < -1 || dy > 1 {
					t.Fatalf("jitter moved the dot by (%d, %d); want at most one pixel", dx, dy)
				}
				moved[[2]int{dx, dy}] = true
			case 1:
			default:
				t.Fatalf("jitter wrote %v; want only paper and the ink value", v)
			}
		}
		if found != 1 {
			t.Fatalf("after jitter %d ink pixels; want 1", found)
		}
	}
	if len(moved) != 9 { // every shift in {-1,0,1}² occurs in 200 draws
		t.Errorf("jitter produced %d distinct shifts; want all 9", len(moved))
	}
	// A full-ink image gains paper on the uncovered border.
	img := make([]float32, 32*32)
	for i := 0; i < 50; i++ {
		jitter(img, scratch[:], rng)
	}
	paper := 0
	for _, v := range img {
		if v == 1 {
			paper++
		}
	}
	if paper == 0 {
		t.Error("shifting a full-ink image left no paper at the border")
	}
}
