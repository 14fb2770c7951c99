package dataset

import (
	"os"
	"path/filepath"
	"testing"
)

// moduleRoot returns the directory holding go.mod, walking up from the
// working directory, or "" if there is none.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// dataDir returns $INKLING_DATA, or ../shared/data next to the module root.
func dataDir(root string) string {
	if d := os.Getenv("INKLING_DATA"); d != "" {
		return d
	}
	return filepath.Join(root, "..", "shared", "data")
}

func nist26Path(data string) string {
	return filepath.Join(data, "hw5", "nist", "nist26_valid.mat")
}

// requireData returns the data directory, or skips the test if path
// (relative to it) is missing.
func requireData(t testing.TB, path string) string {
	t.Helper()
	root := moduleRoot()
	if root == "" {
		t.Skip("no go.mod above the working directory; cannot find the data")
	}
	data := dataDir(root)
	if _, err := os.Stat(filepath.Join(data, path)); err != nil {
		t.Skipf("real data not found (%v); set INKLING_DATA to the shared data directory to run this test", err)
	}
	return data
}
