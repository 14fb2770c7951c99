// Command asmgen writes the unrolled AVX-512 direct-convolution kernels of
// package kernel: convdx_amd64.s, convk32_amd64.s and convgrad_amd64.s.
//
// Each kernel family is one Go function below; the unrolling over output
// widths, filters and window entries is a Go loop, so a change to a family is
// made once here and `go generate ./nn/internal/kernel` rewrites the files.
// TestAsmgen in package kernel checks that the committed files are exactly
// what this command writes.
//
// Usage:
//
//	go run ./asmgen [-out DIR]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	out := flag.String("out", ".", "directory to write the .s files into")
	flag.Parse()
	files := []struct {
		name string
		gen  func(*asm)
	}{
		{"convdx_amd64.s", convDxFile},
		{"convk32_amd64.s", convK32File},
		{"convgrad_amd64.s", convGradFile},
	}
	for _, f := range files {
		a := newAsm()
		f.gen(a)
		if err := os.WriteFile(filepath.Join(*out, f.name), []byte(a.String()), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "asmgen:", err)
			os.Exit(1)
		}
	}
}

// asm collects the text of one Go assembly file.
type asm struct{ strings.Builder }

// newAsm starts a file with the build constraint and textflag.h.
func newAsm() *asm {
	a := new(asm)
	a.WriteString("//go:build amd64 && !purego\n\n#include \"textflag.h\"\n")
	return a
}

// op writes one instruction: a tab, the mnemonic and its operands.
func (a *asm) op(mnemonic string, operands ...string) {
	fmt.Fprintf(a, "\t%s %s\n", mnemonic, strings.Join(operands, ", "))
}

// opc writes one instruction with a trailing comment.
func (a *asm) opc(comment, mnemonic string, operands ...string) {
	fmt.Fprintf(a, "\t%s %s // %s\n", mnemonic, strings.Join(operands, ", "), comment)
}

// noop writes an instruction without operands.
func (a *asm) noop(mnemonic string) { fmt.Fprintf(a, "\t%s\n", mnemonic) }

// blank writes an empty line.
func (a *asm) blank() { a.WriteString("\n") }

// label writes an empty line and a label.
func (a *asm) label(name string) { fmt.Fprintf(a, "\n%s:\n", name) }

// comment writes a block of // lines; text holds them separated by newlines.
func (a *asm) comment(text string) {
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		fmt.Fprintf(a, "// %s\n", l)
	}
}

// arg is a Go argument of a TEXT symbol and the register it is loaded into.
type arg struct{ name, reg string }

// text writes the TEXT line of fn with 8-byte arguments args and loads each
// argument into its register.
func (a *asm) text(fn string, args ...arg) {
	fmt.Fprintf(a, "TEXT ·%s(SB), NOSPLIT, $0-%d\n", fn, 8*len(args))
	for i, g := range args {
		a.op("MOVQ", fmt.Sprintf("%s+%d(FP)", g.name, 8*i), g.reg)
	}
}

// z names the vector register Z<i>.
func z(i int) string { return fmt.Sprintf("Z%d", i) }

// imm is an immediate operand.
func imm(v int) string { return fmt.Sprintf("$%d", v) }

// mem is the operand off(base), written with the offset even when it is 0.
func mem(off int, base string) string { return fmt.Sprintf("%d(%s)", off, base) }

// memNZ is the operand off(base), written as (base) when off is 0.
func memNZ(off int, base string) string {
	if off == 0 {
		return "(" + base + ")"
	}
	return mem(off, base)
}

// loadZ loads Z0 … Z(n-1) from n consecutive 64-byte vectors at base.
func (a *asm) loadZ(n int, base string) {
	for i := range n {
		a.op("VMOVUPS", mem(64*i, base), z(i))
	}
}

// storeZ stores Z0 … Z(n-1) to n consecutive 64-byte vectors at base.
func (a *asm) storeZ(n int, base string) {
	for i := range n {
		a.op("VMOVUPS", z(i), mem(64*i, base))
	}
}

// ret clears the upper vector state and returns.
func (a *asm) ret() {
	a.noop("VZEROUPPER")
	a.noop("RET")
}

// convDxFile writes convdx_amd64.s: convDx5x5C16w1 … convDx5x5C16w16.
func convDxFile(a *asm) {
	a.blank()
	a.comment(`
Input gradient of a 5×5 convolution over 16 channels, one image, output row by output row
(convDx5x5C16w<ow>, ow ≤ 16 pixels in a row of the output gradient): Z0 … Z(ow+3) hold input row
r's ow+4 pixels, 16 channels each. For each window row u whose output row i = r − u exists and
each filter, Z20 … Z24 are the filter's weights at (u, 0 … 4) for the 16 channels and the
gradient of each output pixel j of row i is broadcast into five multiply-adds, onto input
pixels j … j+4. CX is r, BX is u, R11 walks the filters' rows i of dy, R12 their weights.`)
	for ow := 1; ow <= 16; ow++ {
		convDx(a, ow)
	}
}

// convDx writes convDx5x5C16w<ow> for output rows of ow pixels.
func convDx(a *asm, ow int) {
	const (
		vec  = 16 * 4   // bytes of one pixel's 16 channels, one vector
		uRow = 5 * vec  // bytes of one filter's weights of one window row (5 offsets)
		filt = 5 * uRow // bytes of one filter's weights
		wReg = 20       // first of the five weight registers Z20 … Z24
		gReg = wReg + 5 // the broadcast output gradient, Z25
	)
	n := ow + 4 // input pixels of a row, in Z0 … Z(n-1)
	row, u, k, next := fmt.Sprintf("dxrow%d", ow), fmt.Sprintf("dxu%d", ow), fmt.Sprintf("dxk%d", ow), fmt.Sprintf("dxnext%d", ow)

	a.blank()
	fn := fmt.Sprintf("convDx5x5C16w%d", ow)
	a.comment(fmt.Sprintf("func %s(dx, dy *float32, ldk int, wr *float32, k, oh int)", fn))
	a.text(fn, arg{"dx", "DI"}, arg{"dy", "SI"}, arg{"ldk", "R8"}, arg{"wr", "DX"}, arg{"k", "R9"}, arg{"oh", "R10"})
	a.op("SHLQ", imm(2), "R8")
	a.op("XORQ", "CX", "CX")

	// Input row r starts from zero; u from 0.
	a.label(row)
	for i := range n {
		a.op("VXORPS", z(i), z(i), z(i))
	}
	a.op("XORQ", "BX", "BX")

	// Skip window row u unless output row i = r − u is in 0 … oh-1; else
	// point R11 at row i of the first filter's dy and R12 at its weights (u, 0).
	a.label(u)
	a.op("MOVQ", "CX", "AX")
	a.opc("i = r − u", "SUBQ", "BX", "AX")
	a.op("JLT", next)
	a.op("CMPQ", "AX", "R10")
	a.op("JGE", next)
	a.op("IMUL3Q", imm(4*ow), "AX", "AX")
	a.op("LEAQ", "(SI)(AX*1)", "R11")
	a.op("IMUL3Q", imm(uRow), "BX", "R12")
	a.op("ADDQ", "DX", "R12")
	a.op("MOVQ", "R9", "R13")

	// For each filter: its five weights of window row u, then each output
	// gradient j times them onto input pixels j … j+4.
	a.label(k)
	for v := range 5 {
		a.op("VMOVUPS", mem(vec*v, "R12"), z(wReg+v))
	}
	for j := range ow {
		a.op("VBROADCASTSS", mem(4*j, "R11"), z(gReg))
		for v := range 5 {
			a.op("VFMADD231PS", z(wReg+v), z(gReg), z(j+v))
		}
	}
	a.op("ADDQ", "R8", "R11")
	a.op("ADDQ", imm(filt), "R12")
	a.op("DECQ", "R13")
	a.op("JNZ", k)

	// Next u; after u = 4 store input row r and move on to row r+1 < oh+4.
	a.label(next)
	a.op("INCQ", "BX")
	a.op("CMPQ", "BX", imm(5))
	a.op("JLT", u)
	a.storeZ(n, "DI")
	a.op("ADDQ", imm(vec*n), "DI")
	a.op("INCQ", "CX")
	a.op("LEAQ", "4(R10)", "AX")
	a.op("CMPQ", "CX", "AX")
	a.op("JLT", row)
	a.ret()
}

// convK32File writes convk32_amd64.s: convK32x1 … convK32x12 and
// convGradK32x5r1, convGradK32x5r2.
func convK32File(a *asm) {
	a.blank()
	a.comment(`
Direct convolution with 32 filters, one segment of np ≤ 12 output pixels of a row per call
(convK32x<np>): Z(2j), Z(2j+1) hold pixel j's 32 outputs, started from the bias; for each of the
css window entries q the 32 weights wt[q·ldw …] are two registers and the input pixel under
entry q (off[q] floats past pixel j's top-left, x pointing at pixel 0's) is broadcast into
two multiply-adds per pixel. The pixels' 32 outputs go to y, 32 floats apart.`)
	for np := 1; np <= 12; np++ {
		convK32(a, np)
	}
	a.blank()
	a.comment(`
Weight gradient of a 5×5 convolution with 32 filters: convGradK32x5r<R> (R = 1 or 2 window rows
of 5 entries) keeps the R·5×32 sums in Z0 … Z19 (entry e's in Z(2e), Z(2e+1)) over a whole image;
per output pixel, Z20, Z21 are its 32 gradients and the input under each entry is broadcast into
two multiply-adds. AX and BX walk the two window rows' inputs.`)
	for r := 1; r <= 2; r++ {
		convGradK32(a, r)
	}
}

// convK32 writes convK32x<np> for segments of np pixels.
func convK32(a *asm, np int) {
	loop := fmt.Sprintf("k32q%d", np)
	a.blank()
	fn := fmt.Sprintf("convK32x%d", np)
	a.comment(fmt.Sprintf("func %s(y, x *float32, off *int32, css int, wt *float32, ldw int, bias *float32)", fn))
	a.text(fn, arg{"y", "DI"}, arg{"x", "SI"}, arg{"off", "R8"}, arg{"css", "CX"}, arg{"wt", "R11"}, arg{"ldw", "R12"}, arg{"bias", "AX"})
	a.op("SHLQ", imm(2), "R12")

	// The bias in Z30, Z31 starts every pixel's sums.
	a.op("VMOVUPS", "(AX)", "Z30")
	a.op("VMOVUPS", "64(AX)", "Z31")
	for j := range np {
		a.op("VMOVAPS", "Z30", z(2*j))
		a.op("VMOVAPS", "Z31", z(2*j+1))
	}

	// Window entry q: R10 points at the input under it for pixel 0, Z24, Z25
	// hold its 32 weights, and pixel j's input (4j bytes further) is broadcast.
	a.label(loop)
	a.op("MOVLQSX", "(R8)", "R9")
	a.op("LEAQ", "(SI)(R9*4)", "R10")
	a.op("VMOVUPS", "(R11)", "Z24")
	a.op("VMOVUPS", "64(R11)", "Z25")
	for j := range np {
		a.op("VBROADCASTSS", mem(4*j, "R10"), "Z26")
		a.op("VFMADD231PS", "Z24", "Z26", z(2*j))
		a.op("VFMADD231PS", "Z25", "Z26", z(2*j+1))
	}
	a.op("ADDQ", imm(4), "R8")
	a.op("ADDQ", "R12", "R11")
	a.op("DECQ", "CX")
	a.op("JNZ", loop)
	a.storeZ(2*np, "DI")
	a.ret()
}

// convGradK32 writes convGradK32x5r<r> for r = 1 or 2 window rows.
func convGradK32(a *asm, r int) {
	rowLoop, pixLoop := fmt.Sprintf("g32row%d", r), fmt.Sprintf("g32pix%d", r)
	n := 2 * 5 * r // sum registers: two for each of the r·5 window entries
	a.blank()
	fn := fmt.Sprintf("convGradK32x5r%d", r)
	a.comment(fmt.Sprintf("func %s(dw, xa, xb *float32, w int, dy *float32, oh, ow int)", fn))
	a.text(fn, arg{"dw", "DI"}, arg{"xa", "SI"}, arg{"xb", "R11"}, arg{"w", "R8"}, arg{"dy", "DX"}, arg{"oh", "R9"}, arg{"ow", "R10"})
	a.op("SHLQ", imm(2), "R8")
	a.loadZ(n, "DI")

	// Each output row: AX and BX start at the two window rows' inputs.
	a.label(rowLoop)
	a.op("MOVQ", "SI", "AX")
	a.op("MOVQ", "R11", "BX")
	a.op("MOVQ", "R10", "CX")

	// Each output pixel: its 32 gradients times the input under each entry.
	a.label(pixLoop)
	a.op("VMOVUPS", "(DX)", "Z20")
	a.op("VMOVUPS", "64(DX)", "Z21")
	for i, base := range []string{"AX", "BX"}[:r] {
		for v := range 5 {
			e := 5*i + v // window entry
			a.op("VBROADCASTSS", mem(4*v, base), "Z22")
			a.op("VFMADD231PS", "Z20", "Z22", z(2*e))
			a.op("VFMADD231PS", "Z21", "Z22", z(2*e+1))
		}
	}
	a.op("ADDQ", imm(128), "DX")
	a.op("ADDQ", imm(4), "AX")
	a.op("ADDQ", imm(4), "BX")
	a.op("DECQ", "CX")
	a.op("JNZ", pixLoop)
	a.op("ADDQ", "R8", "SI")
	a.op("ADDQ", "R8", "R11")
	a.op("DECQ", "R9")
	a.op("JNZ", rowLoop)
	a.storeZ(n, "DI")
	a.ret()
}

// convGradFile writes convgrad_amd64.s: convGrad5x5x16AVX512 and
// conv5x5x8AVX512.
func convGradFile(a *asm) {
	convGrad5x5x16(a)
	conv5x5x8(a)
}

// convGrad5x5x16 writes convGrad5x5x16AVX512, the weight gradient of a 5×5
// convolution with 16 filters.
func convGrad5x5x16(a *asm) {
	rows := []string{"AX", "BX", "CX", "R12", "R13"} // window row u's input pointer
	a.blank()
	a.comment(`
func convGrad5x5x16AVX512(dw, x *float32, w int, dy *float32, oh, ow int)
Z0 … Z24 hold dw's 25 rows (window offset u·5+v, 16 filters each) over the whole image. For
each output pixel Z31 is its 16 filters' gradients, and window row u's pointer (AX, BX, CX, R12,
R13 for u = 0 … 4) points at its input pixel under offset (u, 0): offset v is v·4 bytes further,
broadcast into the multiply-add.`)
	a.text("convGrad5x5x16AVX512", arg{"dw", "DI"}, arg{"x", "SI"}, arg{"w", "R8"}, arg{"dy", "DX"}, arg{"oh", "R9"}, arg{"ow", "R10"})
	a.opc("w in bytes", "SHLQ", imm(2), "R8")
	a.loadZ(25, "DI")

	// Each output row: the five window rows' pointers, w floats apart.
	a.label("cgrow")
	a.op("MOVQ", "SI", rows[0])
	for u := 1; u < 5; u++ {
		a.op("LEAQ", fmt.Sprintf("(%s)(R8*1)", rows[u-1]), rows[u])
	}
	a.op("MOVQ", "R10", "R11")

	// Each output pixel: its 16 gradients times each broadcast input.
	a.label("cgpix")
	a.op("VMOVUPS", "(DX)", "Z31")
	for u, base := range rows {
		for v := range 5 {
			a.op("VFMADD231PS.BCST", memNZ(4*v, base), "Z31", z(5*u+v))
		}
	}
	a.op("ADDQ", imm(64), "DX")
	for _, base := range rows {
		a.op("ADDQ", imm(4), base)
	}
	a.op("DECQ", "R11")
	a.op("JNZ", "cgpix")
	a.op("ADDQ", "R8", "SI")
	a.op("DECQ", "R9")
	a.op("JNZ", "cgrow")
	a.blank()
	a.storeZ(25, "DI")
	a.ret()
}

// conv5x5x8 writes conv5x5x8AVX512, a 5×5 convolution with 8 filters over
// rows of m ≤ 32 output pixels.
func conv5x5x8(a *asm) {
	const (
		filters = 8
		wk      = 25 * 4 // bytes of one filter's 5×5 weights
	)
	a.blank()
	a.comment(`
func conv5x5x8AVX512(y *float32, ldy int, x *float32, w int, wk, bias *float32, oh, ldo, m int)
For each of oh output rows, Z0 … Z15 hold filters 0 … 7 (two registers each: lanes 0 … 15 under
K1, 16 … 31 under K2, m in all) started from their biases; each window offset (u, v) loads the
input row u below under the same masks, shifted v pixels, and adds it times each filter's
broadcast weight. AX walks the window's input rows; R13 the filters' output rows.`)
	a.text("conv5x5x8AVX512", arg{"y", "DI"}, arg{"ldy", "R8"}, arg{"x", "SI"}, arg{"w", "R9"}, arg{"wk", "DX"},
		arg{"bias", "BX"}, arg{"oh", "R10"}, arg{"ldo", "R11"}, arg{"m", "CX"})
	a.op("SHLQ", imm(2), "R8")
	a.op("SHLQ", imm(2), "R9")
	a.op("SHLQ", imm(2), "R11")

	// K1, K2: the masks of the m lanes.
	a.op("MOVQ", imm(1), "AX")
	a.op("SHLQ", "CX", "AX")
	a.opc("the low m bits (m ≤ 32)", "DECQ", "AX")
	a.op("KMOVW", "AX", "K1")
	a.op("SHRQ", imm(16), "AX")
	a.op("KMOVW", "AX", "K2")

	// Each output row: every filter's two registers start from its bias.
	a.label("c5row")
	for f := range filters {
		a.op("VBROADCASTSS", mem(4*f, "BX"), z(2*f))
		a.op("VMOVAPS", z(2*f), z(2*f+1))
	}

	// Each window offset (u, v): the input row u shifted v pixels in Z16, Z17
	// times each filter's weight (u, v) broadcast in Z18.
	a.op("MOVQ", "SI", "AX")
	for u := range 5 {
		if u > 0 {
			a.op("ADDQ", "R9", "AX")
		}
		for v := range 5 {
			a.op("VMOVUPS.Z", mem(4*v, "AX"), "K1", "Z16")
			a.op("VMOVUPS.Z", mem(64+4*v, "AX"), "K2", "Z17")
			for f := range filters {
				a.op("VBROADCASTSS", mem(wk*f+4*(5*u+v), "DX"), "Z18")
				a.op("VFMADD231PS", "Z18", "Z16", z(2*f))
				a.op("VFMADD231PS", "Z18", "Z17", z(2*f+1))
			}
		}
	}

	// Store each filter's row under the masks, ldy apart, and move on.
	a.op("MOVQ", "DI", "R13")
	for f := range filters {
		if f > 0 {
			a.op("ADDQ", "R8", "R13")
		}
		a.op("VMOVUPS", z(2*f), "K1", "(R13)")
		a.op("VMOVUPS", z(2*f+1), "K2", "64(R13)")
	}
	a.op("ADDQ", "R11", "DI")
	a.op("ADDQ", "R9", "SI")
	a.op("DECQ", "R10")
	a.op("JNZ", "c5row")
	a.ret()
}
