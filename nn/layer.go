package nn

// Layer is one stage of a network. Forward caches what Backward needs;
// Backward must follow the Forward whose output it differentiates.
type Layer[T Float] interface {
	// Forward returns the output for the batch x (N, in). The result is owned
	// by the layer and overwritten by the next call.
	Forward(x *Matrix[T]) *Matrix[T]
	// Backward takes dL/dy for the last Forward, accumulates the parameter
	// gradients (+=) and returns dL/dx (owned by the layer). With wantDx false
	// it may skip dL/dx and return nil: the first layer needs no input gradient.
	Backward(dy *Matrix[T], wantDx bool) *Matrix[T]
	// Params lists the layer's tensors in a fixed order.
	Params() []Param[T]
	// Spec describes the layer for the weights file.
	Spec() Spec
}

// Param is one named tensor of a layer and its gradient. Grad is nil for
// state that is saved but not trained (a BatchNorm's running statistics).
type Param[T Float] struct {
	Name  string
	Value *Matrix[T]
	Grad  *Matrix[T]
}

// trainingSwitch is implemented by layers that behave differently while
// training (Dropout, BatchNorm).
type trainingSwitch interface {
	SetTraining(on bool)
}
