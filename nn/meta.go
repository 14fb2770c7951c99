package nn

// Meta is what a weights file says about its model besides the numbers:
// enough for the app to show how the model was made and how well it does,
// with no separate data.
type Meta struct {
	Model   string   `json:"model"`             // "mlp", "cnn", "autoencoder", ...
	Classes []string `json:"classes,omitempty"` // output names, in output order
	// Input is the shape of one input sample, C×H×W ({1, 32, 32} for characters).
	Input []int `json:"input,omitempty"`

	Curves    []Epoch            `json:"curves,omitempty"`    // one entry per training epoch
	Metrics   map[string]float64 `json:"metrics,omitempty"`   // final figures, e.g. "test_accuracy"
	Confusion [][]int            `json:"confusion,omitempty"` // test confusion matrix, [truth][predicted]

	Data string `json:"data,omitempty"` // data set and split, e.g. "emnist36 canonical split"
	// ValidInTraining says the validation split was trained on too (a final
	// fit): the curves' valid figures are then not held out.
	ValidInTraining bool `json:"valid_in_training,omitempty"`
	// Preprocess names how the training data was prepared when it differs
	// from the default, so that evaluation prepares it the same way.
	Preprocess string `json:"preprocess,omitempty"`
	Seed       uint64 `json:"seed"`              // seed of the training run
	Date       string `json:"date,omitempty"`    // when training finished, RFC 3339
	Command    string `json:"command,omitempty"` // the command that produced the file
	Notes      string `json:"notes,omitempty"`   // free text: hyperparameters and the like
}

// ValidName is what charts call the per-epoch valid series: "valid", or
// "valid (seen)" when the model was trained on the validation split too.
func (m Meta) ValidName() string {
	if m.ValidInTraining {
		return "valid (seen)"
	}
	return "valid"
}

// Epoch records one training epoch. Loss is per sample.
type Epoch struct {
	Epoch     int     `json:"epoch"`
	LR        float64 `json:"lr"`
	TrainLoss float64 `json:"train_loss"`
	ValidLoss float64 `json:"valid_loss"`
	TrainAcc  float64 `json:"train_acc,omitempty"`
	ValidAcc  float64 `json:"valid_acc,omitempty"`
	Seconds   float64 `json:"seconds"`
}
