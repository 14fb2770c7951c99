//go:build !amd64 || purego

package kernel

// maxPool2Vec is the hook for a vector MaxPool2; without assembly it does nothing.
func maxPool2Vec(y []float32, arg []int32, in []float32, w, ow, rows, base int) bool { return false }

// maxPool2GradVec is the hook for a vector MaxPool2Grad; without assembly it does nothing.
func maxPool2GradVec(dx, dy []float32, arg []int32, w, ow, rows, base int) bool { return false }
