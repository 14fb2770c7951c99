// Package segment finds handwritten characters in a photo of a page.
//
// The pipeline is a chain of small steps, each exported so it can be tested
// and inspected on its own:
//
//	Grey       image.Image -> shrunk *image.Gray working copy
//	Noise      estimate the noise level; Blur removes it when it is high
//	Flatten    divide out the paper's illumination (shadows, gradients)
//	Otsu       pick the ink/paper threshold; Threshold makes the ink mask
//	Close      bridge small breaks in strokes (radius from StrokeWidth)
//	Label      8-connected components (union-find)
//	Segment    drop specks, borders and ruled lines, merge the fragments
//	           of one character, group characters into lines and words
//
// Masks are *image.Gray with 255 for ink and 0 for paper. Boxes are
// image.Rectangle in the coordinates of the image given to Segment.
// The package is pure Go with no OS-specific code, so it runs natively and
// in the browser (GOOS=js GOARCH=wasm).
package segment
