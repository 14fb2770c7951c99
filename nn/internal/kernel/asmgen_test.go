package kernel

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// TestAsmgen runs the generator (asmgen/main.go) into a temporary directory
// and checks that every file it writes equals the committed one, so that the
// generator and the .s files cannot drift apart.
func TestAsmgen(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out := t.TempDir()
	cmd := exec.Command(goCmd, "run", "./asmgen", "-out", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./asmgen -out %s: %v\n%s", out, err, msg)
	}
	gen, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(gen) == 0 {
		t.Fatal("asmgen wrote no files")
	}
	for _, e := range gen {
		t.Run(e.Name(), func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(out, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(e.Name())
			if err != nil {
				t.Fatalf("committed file: %v", err)
			}
			if line, g, w, ok := firstDiff(got, want); !ok {
				t.Errorf("%s line %d = %q; asmgen writes %q (run go generate ./nn/internal/kernel)", e.Name(), line, g, w)
			}
		})
	}
}

// firstDiff reports the first line (from 1) where a and b differ and the two
// lines there, or ok when they are equal. A missing line reads as "<EOF>".
func firstDiff(a, b []byte) (line int, la, lb string, ok bool) {
	if bytes.Equal(a, b) {
		return 0, "", "", true
	}
	as, bs := bytes.SplitAfter(a, []byte("\n")), bytes.SplitAfter(b, []byte("\n"))
	at := func(s [][]byte, i int) string {
		if i < len(s) && len(s[i]) > 0 { // SplitAfter ends in "" after a final newline
			return string(s[i])
		}
		return "<EOF>"
	}
	for i := 0; ; i++ {
		if x, y := at(as, i), at(bs, i); x != y {
			return i + 1, x, y, false
		}
	}
}

func TestFirstDiff(t *testing.T) {
	tests := []struct {
		a, b   string
		line   int
		la, lb string
		ok     bool
	}{
		{"x\ny\n", "x\ny\n", 0, "", "", true},
		{"x\ny\n", "x\nz\n", 2, "y\n", "z\n", false},
		{"x\n", "x\ny\n", 2, "<EOF>", "y\n", false},
		{"x\ny", "x\ny\n", 2, "y", "y\n", false}, // a missing final newline
	}
	for _, tt := range tests {
		t.Run(tt.a+"|"+tt.b, func(t *testing.T) {
			line, la, lb, ok := firstDiff([]byte(tt.a), []byte(tt.b))
			if line != tt.line || la != tt.la || lb != tt.lb || ok != tt.ok {
				t.Errorf("firstDiff(%q, %q) = %d, %q, %q, %v; want %d, %q, %q, %v",
					tt.a, tt.b, line, la, lb, ok, tt.line, tt.la, tt.lb, tt.ok)
			}
		})
	}
}
