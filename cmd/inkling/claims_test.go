package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"inkling/dataset"
	"inkling/nn"
)

// The shipped weights are checked against what weights/README.md claims for
// them: every row of its claims table (between the markers below) names a
// file, a metric and the least value it must reach. The test recomputes each
// metric from the data, with the same code as `inkling eval`, so a claim can
// only pass if the model really reaches it.
const (
	claimsBegin = "<!-- claims:begin -->"
	claimsEnd   = "<!-- claims:end -->"
)

type claim struct {
	file, metric string
	least        float64
}

func readClaims(t *testing.T) []claim {
	t.Helper()
	f, err := os.Open("../../weights/README.md")
	if err != nil {
		t.Fatalf("weights/README.md: %v", err)
	}
	defer f.Close()
	var claims []claim
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == claimsBegin:
			in = true
		case line == claimsEnd:
			in = false
		case in && strings.HasPrefix(line, "|") && !strings.Contains(line, "---"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			if len(cells) < 3 {
				continue
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(cells[2]), 64)
			if err != nil {
				continue // the header row
			}
			claims = append(claims, claim{strings.Trim(strings.TrimSpace(cells[0]), "`"), strings.TrimSpace(cells[1]), v})
		}
	}
	if len(claims) == 0 {
		t.Fatal("weights/README.md has no claims table")
	}
	return claims
}

// dataDir is the data location the tests use: $INKLING_DATA or ../shared/data
// beside the repository.
func testDataDir() string {
	if d := os.Getenv("INKLING_DATA"); d != "" {
		return d
	}
	return filepath.Join("..", "..", defaultDataDir)
}

// sharedSets loads the 36-class data once per test binary for each
// preparation: with the stroke widths bounded, and with the tiles' own
// (see keepsStroke).
var sharedSets = map[bool]func() (characterSets, error){
	false: sync.OnceValues(func() (characterSets, error) { return loadCharacters(testDataDir(), false) }),
	true:  sync.OnceValues(func() (characterSets, error) { return loadCharacters(testDataDir(), true) }),
}

// testCharacters loads the 36-class data, prepared as keepStroke says, once
// per test binary, or skips.
func testCharacters(t *testing.T, keepStroke bool) characterSets {
	t.Helper()
	dir := testDataDir()
	if _, err := os.Stat(filepath.Join(dir, "emnist", "derived")); err != nil {
		t.Skipf("the 36-class data is not at %s (set INKLING_DATA): %v", dir, err)
	}
	sets, err := sharedSets[keepStroke]()
	if err != nil {
		t.Fatal(err)
	}
	return sets
}

// measure recomputes one metric of a shipped weights file. Classifier
// metrics of one split are computed together, once per file (cache).
func measure(t *testing.T, net *nn.Network[float32], metric string, sets characterSets, cache map[string]float64) float64 {
	t.Helper()
	split, _, _ := strings.Cut(metric, "_")
	var set *dataset.Set
	switch split {
	case "test":
		set = sets.test
	case "valid":
		set = sets.valid
	case "nist26":
		if sets.nist26 == nil {
			t.Skip("nist26_valid.mat is absent")
		}
		return nist26Metrics(net, sets.nist26)[metric]
	default:
		t.Fatalf("claim on unknown metric %q", metric)
	}
	if strings.HasSuffix(metric, "_psnr") {
		ae, err := nn.NewAutoencoder(net)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := evalAutoencoderSet(ae, set, split)
		if err != nil {
			t.Fatal(err)
		}
		return rep.PSNR
	}
	if _, ok := cache[metric]; !ok {
		for k, v := range classifierMetrics(net, set, split) {
			cache[k] = v
		}
	}
	return cache[metric]
}

func TestShippedWeightsMeetClaims(t *testing.T) {
	claims := readClaims(t)
	nets := map[string]*nn.Network[float32]{}
	caches := map[string]map[string]float64{}
	for _, c := range claims {
		t.Run(c.file+"/"+c.metric, func(t *testing.T) {
			net, ok := nets[c.file]
			if !ok {
				var err error
				if net, err = nn.LoadFile[float32](filepath.Join("..", "..", "weights", c.file)); err != nil {
					t.Fatal(err)
				}
				nets[c.file] = net
				caches[c.file] = map[string]float64{}
			}
			got := measure(t, net, c.metric, testCharacters(t, keepsStroke(net.Meta)), caches[c.file])
			if got < c.least {
				t.Errorf("%s %s = %.4f; README claims at least %.4f", c.file, c.metric, got, c.least)
			}
			// The figure stored in the file at training time must be what
			// the file really does: recomputed, it agrees to rounding.
			if stored, ok := net.Meta.Metrics[c.metric]; ok && math.Abs(stored-got) > 1e-3 {
				t.Errorf("%s %s recomputed %.4f; the file's metadata says %.4f", c.file, c.metric, got, stored)
			}
			fmt.Printf("claim %s %s: %.4f (claimed ≥ %.4f)\n", c.file, c.metric, got, c.least)
		})
	}
}
