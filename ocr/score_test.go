package ocr

import (
	"math"
	"testing"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"ABC", "", 3}, {"", "AB", 2}, {"KITTEN", "SITTING", 3},
		{"TODOLIST", "TODOLIST", 0}, {"TODLIST", "TODOLIST", 1}, {"0D0", "ODO", 2},
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCharAccuracy(t *testing.T) {
	tests := []struct {
		pred, truth string
		want        float64
	}{
		{"TO DO LIST", "TODOLIST", 1},     // spaces do not count
		{"1. MAKE", "1MAKE", 1},           // nor punctuation
		{"to do", "TODO", 1},              // case is folded
		{"TODO LIS", "TODOLIST", 7.0 / 8}, // one character missed
		{"", "AB", 0},
		{"ABCD", "AB", 0}, // two extra characters: 1 - 2/2
		{"", "", 1},
	}
	for _, tt := range tests {
		if got := CharAccuracy(tt.pred, tt.truth); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("CharAccuracy(%q, %q) = %v; want %v", tt.pred, tt.truth, got, tt.want)
		}
	}
}
