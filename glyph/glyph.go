// Package glyph turns a picture of one handwritten character into the
// network's input: one function converts the training data (EMNIST tiles)
// and the character crops cut out of photos, so the two cannot drift apart.
// Normalize also bounds the stroke width, for inputs of unknown scale;
// NormalizeKeepStroke, the same function without the bounds, is for
// sources already at one known scale. Measure gives the statistics it was
// calibrated with (ink box, mean ink, stroke width).
package glyph

// Size is the side of the network input in pixels.
const Size = 32
