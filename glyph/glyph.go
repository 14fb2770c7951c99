// Package glyph turns a picture of one handwritten character into the
// network's input: the one function, Normalize, that converts the training
// data (EMNIST tiles) and the character crops cut out of photos, so the
// two cannot drift apart. Measure gives the statistics it was calibrated
// with (ink box, mean ink, stroke width).
package glyph

// Size is the side of the network input in pixels.
const Size = 32
