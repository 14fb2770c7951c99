//go:build amd64 && !purego

#include "textflag.h"

// func dot2x4AVX2(sums *[8]float32, a0, a1, b0, b1, b2, b3 *float32, k8 int)
// Eight accumulators, one per (row of a, row of b), each summing 8 lanes of k with FMAs; then
// horizontal adds fold them into sums = a0·b0, a0·b1, a0·b2, a0·b3, a1·b0, …, a1·b3.
TEXT ·dot2x4AVX2(SB), NOSPLIT, $0-64
	MOVQ a0+8(FP), SI
	MOVQ a1+16(FP), DI
	MOVQ b0+24(FP), R8
	MOVQ b1+32(FP), R9
	MOVQ b2+40(FP), R10
	MOVQ b3+48(FP), R11
	MOVQ k8+56(FP), CX
	SHLQ $2, CX // bytes
	XORQ AX, AX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7

dloop:
	VMOVUPS (SI)(AX*1), Y8
	VMOVUPS (DI)(AX*1), Y9
	VMOVUPS (R8)(AX*1), Y10
	VFMADD231PS Y10, Y8, Y0
	VFMADD231PS Y10, Y9, Y4
	VMOVUPS (R9)(AX*1), Y11
	VFMADD231PS Y11, Y8, Y1
	VFMADD231PS Y11, Y9, Y5
	VMOVUPS (R10)(AX*1), Y12
	VFMADD231PS Y12, Y8, Y2
	VFMADD231PS Y12, Y9, Y6
	VMOVUPS (R11)(AX*1), Y13
	VFMADD231PS Y13, Y8, Y3
	VFMADD231PS Y13, Y9, Y7
	ADDQ $32, AX
	CMPQ AX, CX
	JLT dloop

	VHADDPS Y1, Y0, Y0   // a0b0 a0b0 a0b1 a0b1 | (upper lanes)
	VHADDPS Y3, Y2, Y2   // a0b2 a0b2 a0b3 a0b3 | …
	VHADDPS Y5, Y4, Y4
	VHADDPS Y7, Y6, Y6
	VHADDPS Y2, Y0, Y0   // a0b0 a0b1 a0b2 a0b3 | the same over the upper 4 lanes
	VHADDPS Y6, Y4, Y4   // a1b0 … a1b3 | …
	VPERM2F128 $0x20, Y4, Y0, Y1 // lower halves: row 0, row 1
	VPERM2F128 $0x31, Y4, Y0, Y2 // upper halves
	VADDPS Y2, Y1, Y1
	MOVQ sums+0(FP), DX
	VMOVUPS Y1, (DX)
	VZEROUPPER
	RET
