//go:build amd64 && !purego

package kernel

// convDx5x5C16Vec runs the assembly for rows of ow ≤ 16 output pixels.
func convDx5x5C16Vec(dx, dy []float32, ldk int, wr []float32, k, oh, ow int) {
	convDx5x5C16[ow-1](&dx[0], &dy[0], ldk, &wr[0], k, oh)
}

// convDx5x5C16 holds convDx5x5C16w1 … convDx5x5C16w16.
var convDx5x5C16 = [16]func(dx, dy *float32, ldk int, wr *float32, k, oh int){
	convDx5x5C16w1, convDx5x5C16w2, convDx5x5C16w3, convDx5x5C16w4, convDx5x5C16w5, convDx5x5C16w6, convDx5x5C16w7, convDx5x5C16w8,
	convDx5x5C16w9, convDx5x5C16w10, convDx5x5C16w11, convDx5x5C16w12, convDx5x5C16w13, convDx5x5C16w14, convDx5x5C16w15, convDx5x5C16w16,
}

//go:noescape
func convDx5x5C16w1(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w2(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w3(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w4(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w5(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w6(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w7(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w8(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w9(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w10(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w11(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w12(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w13(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w14(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w15(dx, dy *float32, ldk int, wr *float32, k, oh int)

//go:noescape
func convDx5x5C16w16(dx, dy *float32, ldk int, wr *float32, k, oh int)
