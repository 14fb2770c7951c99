//go:build amd64 && !purego

package kernel

// maxPool2Vec does MaxPool2 (arguments checked) and reports whether it could.
func maxPool2Vec(y []float32, arg []int32, in []float32, w, ow, rows, base int) bool {
	if !hasAVX2FMA {
		return false
	}
	maxPool2AVX2(&y[0], &arg[0], &in[0], w, ow, rows, base)
	return true
}

//go:noescape
func maxPool2AVX2(y *float32, arg *int32, in *float32, w, ow, rows, base int)

// maxPool2GradVec does MaxPool2Grad (arguments checked) and reports whether it could.
func maxPool2GradVec(dx, dy []float32, arg []int32, w, ow, rows, base int) bool {
	if !hasAVX2FMA {
		return false
	}
	maxPool2GradAVX2(&dx[0], &dy[0], &arg[0], w, ow, rows, base)
	return true
}

//go:noescape
func maxPool2GradAVX2(dx, dy *float32, arg *int32, w, ow, rows, base int)
