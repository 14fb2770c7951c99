//go:build amd64 && !purego

#include "textflag.h"

// func transpose8x8AVX(dst *float32, ldd int, src *float32, lds int, blocks int)
//
// transpose8x8AVX transposes blocks 8×8 blocks: block q takes columns 8q..8q+7 of the 8 rows of src
// (lds floats apart) and writes them as rows 8q..8q+7 of dst (ldd floats apart), columns 0..7.
// Each YMM register is first loaded with 4 floats of row i in its low lane and 4 floats of row i+4
// in its high lane, so that the transpose is two independent 4×4 transposes per lane: 8 unpacks and
// 8 shuffles per block, with no lane-crossing shuffle.
//
// Registers: SI = src block, R8 = bytes per src row, R11/R12/R13 = 3, 5, 7 src rows;
// DI = dst block, R9 = bytes per dst row, R10/R14/BX = 3, 5, 7 dst rows; CX = blocks left.
TEXT ·transpose8x8AVX(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R9
	SHLQ $2, R9
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R8
	SHLQ $2, R8
	MOVQ blocks+32(FP), CX
	LEAQ (R8)(R8*2), R11
	LEAQ (R8)(R8*4), R12
	LEAQ (R11)(R8*4), R13
	LEAQ (R9)(R9*2), R10
	LEAQ (R9)(R9*4), R14
	LEAQ (R10)(R9*4), BX
	TESTQ CX, CX
	JZ done

loop:
	// Y0..Y3: columns 0..3 of rows (0,4), (1,5), (2,6), (3,7); Y4..Y7: columns 4..7.
	VMOVUPS (SI), X0
	VINSERTF128 $1, (SI)(R8*4), Y0, Y0
	VMOVUPS (SI)(R8*1), X1
	VINSERTF128 $1, (SI)(R12*1), Y1, Y1
	VMOVUPS (SI)(R8*2), X2
	VINSERTF128 $1, (SI)(R11*2), Y2, Y2
	VMOVUPS (SI)(R11*1), X3
	VINSERTF128 $1, (SI)(R13*1), Y3, Y3
	VMOVUPS 16(SI), X4
	VINSERTF128 $1, 16(SI)(R8*4), Y4, Y4
	VMOVUPS 16(SI)(R8*1), X5
	VINSERTF128 $1, 16(SI)(R12*1), Y5, Y5
	VMOVUPS 16(SI)(R8*2), X6
	VINSERTF128 $1, 16(SI)(R11*2), Y6, Y6
	VMOVUPS 16(SI)(R11*1), X7
	VINSERTF128 $1, 16(SI)(R13*1), Y7, Y7

	// 4×4 transposes within each lane.
	VUNPCKLPS Y1, Y0, Y8  // r0c0 r1c0 r0c1 r1c1
	VUNPCKHPS Y1, Y0, Y9  // r0c2 r1c2 r0c3 r1c3
	VUNPCKLPS Y3, Y2, Y10 // r2c0 r3c0 r2c1 r3c1
	VUNPCKHPS Y3, Y2, Y11
	VSHUFPS $0x44, Y10, Y8, Y0 // column 0
	VSHUFPS $0xEE, Y10, Y8, Y1 // column 1
	VSHUFPS $0x44, Y11, Y9, Y2 // column 2
	VSHUFPS $0xEE, Y11, Y9, Y3 // column 3
	VUNPCKLPS Y5, Y4, Y8
	VUNPCKHPS Y5, Y4, Y9
	VUNPCKLPS Y7, Y6, Y10
	VUNPCKHPS Y7, Y6, Y11
	VSHUFPS $0x44, Y10, Y8, Y4 // column 4
	VSHUFPS $0xEE, Y10, Y8, Y5
	VSHUFPS $0x44, Y11, Y9, Y6
	VSHUFPS $0xEE, Y11, Y9, Y7

	VMOVUPS Y0, (DI)
	VMOVUPS Y1, (DI)(R9*1)
	VMOVUPS Y2, (DI)(R9*2)
	VMOVUPS Y3, (DI)(R10*1)
	VMOVUPS Y4, (DI)(R9*4)
	VMOVUPS Y5, (DI)(R14*1)
	VMOVUPS Y6, (DI)(R10*2)
	VMOVUPS Y7, (DI)(BX*1)

	ADDQ $32, SI
	LEAQ (DI)(R9*8), DI
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	RET
