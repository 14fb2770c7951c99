//go:build amd64 && !purego

#include "textflag.h"

// Vector versions of the loops in vec.go, 8 floats per step, n a multiple of 8. They multiply and
// subtract separately (no FMA), so every lane rounds as the Go loop does.

// func momentumAVX2(w, v, grad *float32, n int, mu, lr float32)
// v = mu·v - lr·g; w += v; g = 0.
TEXT ·momentumAVX2(SB), NOSPLIT, $0-40
	MOVQ w+0(FP), DI
	MOVQ v+8(FP), SI
	MOVQ grad+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	VBROADCASTSS mu+32(FP), Y6
	VBROADCASTSS lr+36(FP), Y7
	VXORPS Y5, Y5, Y5
	TESTQ CX, CX
	JZ mdone

mloop:
	VMULPS (SI), Y6, Y0 // mu·v
	VMULPS (DX), Y7, Y1 // lr·g
	VSUBPS Y1, Y0, Y0   // mu·v - lr·g
	VMOVUPS Y0, (SI)
	VADDPS (DI), Y0, Y2 // w + v
	VMOVUPS Y2, (DI)
	VMOVUPS Y5, (DX)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ mloop

mdone:
	VZEROUPPER
	RET

// func sigmoidGradAVX2(dx, dy, y *float32, n int)
// dx = (dy·y)·(1-y).
TEXT ·sigmoidGradAVX2(SB), NOSPLIT, $0-32
	MOVQ dx+0(FP), DI
	MOVQ dy+8(FP), SI
	MOVQ y+16(FP), DX
	MOVQ n+24(FP), CX
	SHRQ $3, CX
	MOVL $0x3F800000, AX // 1.0
	MOVD AX, X4
	VPBROADCASTD X4, Y4
	TESTQ CX, CX
	JZ sdone

sloop:
	VMOVUPS (DX), Y1
	VMULPS (SI), Y1, Y0 // dy·y
	VSUBPS Y1, Y4, Y2   // 1 - y
	VMULPS Y2, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ sloop

sdone:
	VZEROUPPER
	RET

// func sgdAVX2(w, grad *float32, n int, lr float32)
// w -= lr·g; g = 0.
TEXT ·sgdAVX2(SB), NOSPLIT, $0-28
	MOVQ w+0(FP), DI
	MOVQ grad+8(FP), DX
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	VBROADCASTSS lr+24(FP), Y7
	VXORPS Y5, Y5, Y5
	TESTQ CX, CX
	JZ gdone

gloop:
	VMULPS (DX), Y7, Y1 // lr·g
	VMOVUPS (DI), Y0
	VSUBPS Y1, Y0, Y0   // w - lr·g
	VMOVUPS Y0, (DI)
	VMOVUPS Y5, (DX)
	ADDQ $32, DI
	ADDQ $32, DX
	DECQ CX
	JNZ gloop

gdone:
	VZEROUPPER
	RET

// func squaredErrorAVX2(d, y, t *float32, n, sigmoid int) float64
// e = y - t; loss += e² in float64; d = 2e, or (2e·y)·(1-y) when sigmoid != 0.
TEXT ·squaredErrorAVX2(SB), NOSPLIT, $0-48
	MOVQ d+0(FP), DI
	MOVQ y+8(FP), SI
	MOVQ t+16(FP), DX
	MOVQ n+24(FP), CX
	MOVQ sigmoid+32(FP), BX
	SHRQ $3, CX
	MOVL $0x3F800000, AX // 1.0
	MOVD AX, X4
	VPBROADCASTD X4, Y4
	VXORPD Y8, Y8, Y8 // loss, lanes 0-3
	VXORPD Y9, Y9, Y9 // loss, lanes 4-7
	TESTQ CX, CX
	JZ qsum

qloop:
	VMOVUPS (SI), Y1
	VSUBPS (DX), Y1, Y0 // e = y - t
	VADDPS Y0, Y0, Y2   // 2e
	TESTQ BX, BX
	JZ qstore
	VMULPS Y1, Y2, Y2 // 2e·y
	VSUBPS Y1, Y4, Y3 // 1 - y
	VMULPS Y3, Y2, Y2

qstore:
	VMOVUPS Y2, (DI)
	VCVTPS2PD X0, Y5
	VEXTRACTF128 $1, Y0, X6
	VCVTPS2PD X6, Y6
	VFMADD231PD Y5, Y5, Y8
	VFMADD231PD Y6, Y6, Y9
	ADDQ $32, DI
	ADDQ $32, SI
	ADDQ $32, DX
	DECQ CX
	JNZ qloop

qsum:
	VADDPD Y9, Y8, Y8
	VEXTRACTF128 $1, Y8, X9
	VADDPD X9, X8, X8
	VPERMILPD $1, X8, X9
	VADDSD X9, X8, X8
	VMOVSD X8, ret+40(FP)
	VZEROUPPER
	RET

// func addAVX2(dst, src *float32, n int)
// dst += src.
TEXT ·addAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	TESTQ CX, CX
	JZ adone

aloop:
	VMOVUPS (DI), Y0
	VADDPS (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, DI
	ADDQ $32, SI
	DECQ CX
	JNZ aloop

adone:
	VZEROUPPER
	RET
