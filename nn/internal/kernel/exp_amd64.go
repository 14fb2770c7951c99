//go:build amd64 && !purego

package kernel

import "golang.org/x/sys/cpu"

// hasAVX2FMA says whether the vector versions of Exp and Sigmoid can run.
var hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// expVec does Exp on the longest prefix of src that is a multiple of 8 and returns its length.
func expVec(dst, src []float32) int {
	n := len(src) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	expAVX2(&dst[0], &src[0], n, 0)
	return n
}

// sigmoidVec does Sigmoid on the longest prefix of src that is a multiple of 8 and returns its length.
func sigmoidVec(dst, src []float32) int {
	n := len(src) &^ 7
	if n == 0 || !hasAVX2FMA {
		return 0
	}
	expAVX2(&dst[0], &src[0], n, 1)
	return n
}

// expAVX2 sets dst[i] = e^src[i] (sigmoid = 0) or 1/(1+e^-src[i]) (sigmoid = 1) for i < n, n a
// multiple of 8.
//
//go:noescape
func expAVX2(dst, src *float32, n int, sigmoid int)
