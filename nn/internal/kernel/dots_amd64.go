//go:build amd64 && !purego

package kernel

// dot2x4Vec sets sums to the 2×4 dot products of rows a0, a1 with b0 … b3
// over their first k &^ 7 values and returns that length (0 without AVX2).
func dot2x4Vec(sums *[8]float32, a0, a1, b0, b1, b2, b3 []float32, k int) int {
	k8 := k &^ 7
	if k8 == 0 || !hasAVX2FMA {
		return 0
	}
	_, _, _, _, _, _ = a0[k8-1], a1[k8-1], b0[k8-1], b1[k8-1], b2[k8-1], b3[k8-1] // bounds
	dot2x4AVX2(sums, &a0[0], &a1[0], &b0[0], &b1[0], &b2[0], &b3[0], k8)
	return k8
}

//go:noescape
func dot2x4AVX2(sums *[8]float32, a0, a1, b0, b1, b2, b3 *float32, k8 int)
