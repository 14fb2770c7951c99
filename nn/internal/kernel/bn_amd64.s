//go:build amd64 && !purego

#include "textflag.h"

// Vector versions of bn.go's loops, 8 floats per step, n a multiple of 8. The sums widen 4 floats
// at a time to float64 (VCVTPS2PD) and keep two 4-lane accumulators; the element-wise loops
// multiply and add separately (no FMA), rounding as the Go loops do.

// func sumF64AVX2(x *float32, n int) float64
TEXT ·sumF64AVX2(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	SHRQ $3, CX
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

sloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VADDPD Y0, Y2, Y2
	VADDPD Y1, Y3, Y3
	ADDQ $32, SI
	DECQ CX
	JNZ sloop
	VADDPD Y3, Y2, Y2
	VEXTRACTF128 $1, Y2, X1
	VADDPD X1, X2, X2
	VHADDPD X2, X2, X2
	VMOVSD X2, ret+16(FP)
	VZEROUPPER
	RET

// func sqDevF64AVX2(x *float32, n int, mu float64) float64
TEXT ·sqDevF64AVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD mu+16(FP), Y4
	SHRQ $3, CX
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3

qloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VSUBPD Y4, Y0, Y0
	VSUBPD Y4, Y1, Y1
	VMULPD Y0, Y0, Y0
	VMULPD Y1, Y1, Y1
	VADDPD Y0, Y2, Y2
	VADDPD Y1, Y3, Y3
	ADDQ $32, SI
	DECQ CX
	JNZ qloop
	VADDPD Y3, Y2, Y2
	VEXTRACTF128 $1, Y2, X1
	VADDPD X1, X2, X2
	VHADDPD X2, X2, X2
	VMOVSD X2, ret+24(FP)
	VZEROUPPER
	RET

// func sumDotF64AVX2(d, xh *float32, n int) (a, b float64)
TEXT ·sumDotF64AVX2(SB), NOSPLIT, $0-40
	MOVQ d+0(FP), SI
	MOVQ xh+8(FP), DI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	VXORPD Y4, Y4, Y4 // Σ d
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6 // Σ d·xh
	VXORPD Y7, Y7, Y7

tloop:
	VMOVUPS (SI), Y0
	VMULPS (DI), Y0, Y1 // d·xh in float32
	VCVTPS2PD X0, Y2
	VEXTRACTF128 $1, Y0, X0
	VCVTPS2PD X0, Y3
	VADDPD Y2, Y4, Y4
	VADDPD Y3, Y5, Y5
	VCVTPS2PD X1, Y2
	VEXTRACTF128 $1, Y1, X1
	VCVTPS2PD X1, Y3
	VADDPD Y2, Y6, Y6
	VADDPD Y3, Y7, Y7
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ tloop
	VADDPD Y5, Y4, Y4
	VEXTRACTF128 $1, Y4, X1
	VADDPD X1, X4, X4
	VHADDPD X4, X4, X4
	VMOVSD X4, a+24(FP)
	VADDPD Y7, Y6, Y6
	VEXTRACTF128 $1, Y6, X1
	VADDPD X1, X6, X6
	VHADDPD X6, X6, X6
	VMOVSD X6, b+32(FP)
	VZEROUPPER
	RET

// func normaliseAVX2(y, xh, x *float32, n int, m, inv, scale, shift float32)
// xh = (x − m)·inv; y = scale·xh + shift.
TEXT ·normaliseAVX2(SB), NOSPLIT, $0-48
	MOVQ y+0(FP), DI
	MOVQ xh+8(FP), DX
	MOVQ x+16(FP), SI
	MOVQ n+24(FP), CX
	VBROADCASTSS m+32(FP), Y4
	VBROADCASTSS inv+36(FP), Y5
	VBROADCASTSS scale+40(FP), Y6
	VBROADCASTSS shift+44(FP), Y7
	SHRQ $3, CX

nloop:
	VMOVUPS (SI), Y0
	VSUBPS Y4, Y0, Y0
	VMULPS Y5, Y0, Y0
	VMOVUPS Y0, (DX)
	VMULPS Y6, Y0, Y0
	VADDPS Y7, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ nloop
	VZEROUPPER
	RET

// func batchNormGradAVX2(dx, d, xh *float32, n int, k, m, a, b float32)
// dx = k·((m·d − a) − xh·b).
TEXT ·batchNormGradAVX2(SB), NOSPLIT, $0-48
	MOVQ dx+0(FP), DI
	MOVQ d+8(FP), SI
	MOVQ xh+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS k+32(FP), Y4
	VBROADCASTSS m+36(FP), Y5
	VBROADCASTSS a+40(FP), Y6
	VBROADCASTSS b+44(FP), Y7
	SHRQ $3, CX

gloop:
	VMULPS (SI), Y5, Y0
	VSUBPS Y6, Y0, Y0
	VMULPS (DX), Y7, Y1
	VSUBPS Y1, Y0, Y0
	VMULPS Y4, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	DECQ CX
	JNZ gloop
	VZEROUPPER
	RET
