//go:build amd64 && !purego

package kernel

import "golang.org/x/sys/cpu"

// hasAVX2FMA says whether the vector versions of Exp and Sigmoid can run; hasAVX512 whether the
// 16-lane one can.
var (
	hasAVX2FMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	hasAVX512  = cpu.X86.HasAVX512F
)

// expVec does Exp on the longest prefix of src that is a multiple of 8 and returns its length.
func expVec(dst, src []float32) int { return expLanes(dst, src, 0) }

// sigmoidVec does Sigmoid on the longest prefix of src that is a multiple of 8 and returns its length.
func sigmoidVec(dst, src []float32) int { return expLanes(dst, src, 1) }

// expLanes runs expAVX512 on whole groups of 16, then expAVX2 on a group of 8, and returns how many
// elements it did (a multiple of 8); sigmoid selects the function as in expAVX2.
func expLanes(dst, src []float32, sigmoid int) int {
	if !hasAVX2FMA {
		return 0
	}
	done := 0
	if n := len(src) &^ 15; n > 0 && hasAVX512 {
		expAVX512(&dst[0], &src[0], n, sigmoid)
		done = n
	}
	if n := (len(src) - done) &^ 7; n > 0 {
		expAVX2(&dst[done], &src[done], n, sigmoid)
		done += n
	}
	return done
}

// expAVX2 sets dst[i] = e^src[i] (sigmoid = 0) or 1/(1+e^-src[i]) (sigmoid = 1) for i < n, n a
// multiple of 8.
//
//go:noescape
func expAVX2(dst, src *float32, n int, sigmoid int)

// expAVX512 is expAVX2 on 16 lanes, for n a multiple of 16.
//
//go:noescape
func expAVX512(dst, src *float32, n int, sigmoid int)
