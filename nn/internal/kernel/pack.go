package kernel

// packA copies the mb×kb block of op(A) whose top-left element is op(A)[i0, p0] into dst as
// ceil(mb/mr) micro-panels. Micro-panel t holds rows t·mr..t·mr+mr-1 k-major: element (i, p) of the
// panel is at dst[t·mr·kb + p·mr + i]. Rows past mb are zero, so edge tiles need no special kernel.
// With edgeOnly, only a last, partial panel is packed (the kernels read full ones in place).
func packA(dst []float32, mr int, transA bool, a []float32, lda, i0, mb, p0, kb int, edgeOnly bool) {
	for ir := 0; ir < mb; ir += mr {
		panel := dst[ir*kb : (ir+mr)*kb]
		rows := min(mr, mb-ir)
		if edgeOnly && rows == mr {
			continue
		}
		if transA {
			// A is stored k×m: the mr elements of one k step are contiguous.
			for p := range kb {
				src := a[(p0+p)*lda+i0+ir:][:rows]
				d := panel[p*mr : p*mr+mr]
				for i, v := range src {
					d[i] = v
				}
				clear(d[rows:])
			}
			continue
		}
		// A is stored m×k: each row of the panel is contiguous in A and strided in the panel.
		for i := range rows {
			src := a[(i0+ir+i)*lda+p0:][:kb]
			for p, v := range src {
				panel[p*mr+i] = v
			}
		}
		for i := rows; i < mr; i++ {
			for p := range kb {
				panel[p*mr+i] = 0
			}
		}
	}
}

// packB copies the kb×nb block of op(B) whose top-left element is op(B)[p0, j0] into dst as
// ceil(nb/nr) micro-panels. Micro-panel t holds columns t·nr..t·nr+nr-1 k-major: element (p, j) of the
// panel is at dst[t·nr·kb + p·nr + j]. Columns past nb are zero.
// With edgeOnly, only a last, partial panel is packed.
func packB(dst []float32, nr int, transB bool, b []float32, ldb, p0, kb, j0, nb int, edgeOnly bool) {
	for jr := 0; jr < nb; jr += nr {
		panel := dst[jr*kb : (jr+nr)*kb]
		cols := min(nr, nb-jr)
		if edgeOnly && cols == nr {
			continue
		}
		if !transB {
			// B is stored k×n: one k step of the panel is a contiguous piece of a row of B.
			for p := range kb {
				d := panel[p*nr : p*nr+nr]
				copy(d, b[(p0+p)*ldb+j0+jr:][:cols])
				clear(d[cols:])
			}
			continue
		}
		// B is stored n×k: each column of the panel is a contiguous row of B. Groups of 8 columns
		// go through an 8×8 block transpose where the CPU has one; the rest is copied one by one.
		for j := 0; j < cols; {
			group := 1
			done := 0
			if j+8 <= cols {
				group = 8
				done = transpose8(panel[j:], nr, b[(j0+jr+j)*ldb+p0:], ldb, kb)
			}
			for jj := j; jj < j+group; jj++ {
				src := b[(j0+jr+jj)*ldb+p0:][:kb]
				for p := done; p < kb; p++ {
					panel[p*nr+jj] = src[p]
				}
			}
			j += group
		}
		for j := cols; j < nr; j++ {
			for p := range kb {
				panel[p*nr+j] = 0
			}
		}
	}
}
