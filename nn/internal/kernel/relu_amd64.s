//go:build amd64 && !purego

#include "textflag.h"

// Vector versions of the loops in relu.go, 8 floats per step, n a multiple of 8.

// func reluAVX2(dst, src *float32, n int)
// dst = max(src, 0) as Go's max: MAXPS gives src > 0 ? src : +0, then NaN lanes take src back.
TEXT ·reluAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	TESTQ CX, CX
	JZ rdone
	VXORPS Y1, Y1, Y1

rloop:
	VMOVUPS (SI), Y0
	VMAXPS Y1, Y0, Y2          // Y2 = Y0 > 0 ? Y0 : 0
	VCMPPS $3, Y0, Y0, Y3      // Y3 = Y0 is NaN (unordered)
	VBLENDVPS Y3, Y0, Y2, Y2   // Y2 = Y3 ? Y0 : Y2
	VMOVUPS Y2, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	DECQ CX
	JNZ rloop

rdone:
	VZEROUPPER
	RET

// func reluGradAVX2(dx, dy, y *float32, n int)
// dx = y > 0 ? dy : +0.
TEXT ·reluGradAVX2(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ dy+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	TESTQ CX, CX
	JZ gdone
	VXORPS Y1, Y1, Y1

gloop:
	VMOVUPS (DX), Y0
	VCMPPS $0x1e, Y1, Y0, Y2   // Y2 = Y0 > 0 (GT_OQ: false for NaN)
	VANDPS (SI), Y2, Y2
	VMOVUPS Y2, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ gloop

gdone:
	VZEROUPPER
	RET
