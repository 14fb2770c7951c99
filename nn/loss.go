package nn

import (
	"fmt"
	"inkling/nn/internal/kernel"
	"math"
)

// Losses are summed over the batch, as the course does: the gradient a batch
// produces grows with its size and the learning rate is chosen accordingly.

// probFloor keeps log(p) finite when a probability underflows to 0.
const probFloor = 1e-30

// CrossEntropy returns Σ_i -log p_i[labels[i]] for the probabilities p (N, K).
func CrossEntropy[T Float](p *Matrix[T], labels []int) float64 {
	if len(labels) != p.Rows {
		panic(fmt.Sprintf("nn: CrossEntropy with %d labels for %d rows", len(labels), p.Rows))
	}
	var loss float64
	for i, c := range labels {
		loss -= math.Log(max(float64(p.Data[i*p.Cols+c]), probFloor))
	}
	return loss
}

// SoftmaxCrossEntropyGrad writes the fused gradient of cross-entropy with
// respect to the logits that produced p: d = p - onehot(labels).
func SoftmaxCrossEntropyGrad[T Float](d, p *Matrix[T], labels []int) {
	d.CopyFrom(p)
	for i, c := range labels {
		d.Data[i*d.Cols+c]--
	}
}

// SquaredError returns Σ (y - t)² and writes its gradient 2(y - t) into d.
func SquaredError[T Float](d, y, t *Matrix[T]) float64 {
	return squaredError(d, y, t, false)
}

// squaredError is SquaredError; with sigmoid, y is the output of a Sigmoid
// layer and d is the gradient with respect to that layer's input,
// 2(y-t)·y·(1-y), the same values Sigmoid.Backward would give from 2(y-t).
func squaredError[T Float](d, y, t *Matrix[T], sigmoid bool) float64 {
	mustShape("SquaredError target", t, y.Rows, y.Cols)
	d.ReuseAs(y.Rows, y.Cols)
	if d32, ok := any(d.Data).([]float32); ok { // the same float32 operations, 8 lanes at a time
		return kernel.SquaredError(d32, any(y.Data).([]float32), any(t.Data).([]float32), sigmoid)
	}
	var loss float64
	for i, v := range y.Data {
		e := v - t.Data[i]
		loss += float64(e) * float64(e)
		if sigmoid {
			d.Data[i] = 2 * e * v * (1 - v)
		} else {
			d.Data[i] = 2 * e
		}
	}
	return loss
}
