//go:build amd64 && !purego

#include "textflag.h"

// expAVX2 is exp32 (exp.go) on 8 lanes, with FMAs where exp32 multiplies and adds. With sigmoid ≠ 0
// it computes 1/(1+e^-x) instead.
//
// Registers: DI = dst, SI = src, CX = groups of 8 left, DX = sigmoid; Y0 = x, then the result;
// Y1 = n; Y2 = r; Y3 = p; Y4 = scratch; Y5..Y15 = the constants below.

// BCAST loads the float32 with the given bits into all lanes of reg.
#define BCAST(bits, reg) MOVL $bits, AX; MOVD AX, X4; VPBROADCASTD X4, reg

// func expAVX2(dst, src *float32, n int, sigmoid int)
TEXT ·expAVX2(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $3, CX
	MOVQ sigmoid+24(FP), DX
	BCAST(0x42B0C0A5, Y5)  // expHi
	BCAST(0xC2AEAC50, Y6)  // expLo
	BCAST(0x3FB8AA3B, Y7)  // log2e
	BCAST(0x3F318000, Y8)  // ln2Hi
	BCAST(0xB95E8083, Y9)  // ln2Lo
	BCAST(0x39506967, Y10) // expP0
	BCAST(0x3AB743CE, Y11) // expP1
	BCAST(0x3C088908, Y12) // expP2
	BCAST(0x3D2AA9C1, Y13) // expP3
	BCAST(0x3E2AAAAA, Y14) // expP4
	BCAST(0x3F000000, Y15) // expP5
	TESTQ CX, CX
	JZ done

loop:
	VMOVUPS (SI), Y0
	TESTQ DX, DX
	JZ clamp
	BCAST(0x80000000, Y4)
	VXORPS Y4, Y0, Y0 // sigmoid: e^-x

clamp:
	// Intel's min/max return their second source when either is NaN: x is that operand here.
	VMINPS Y0, Y5, Y0
	VMAXPS Y0, Y6, Y0
	VMULPS Y7, Y0, Y1
	VROUNDPS $0, Y1, Y1 // n = round(x·log2e), ties to even
	VMOVAPS Y0, Y2
	VFNMADD231PS Y8, Y1, Y2 // r = x - n·ln2Hi
	VFNMADD231PS Y9, Y1, Y2 // r -= n·ln2Lo
	VMOVAPS Y10, Y3
	VFMADD213PS Y11, Y2, Y3 // p = p·r + P1
	VFMADD213PS Y12, Y2, Y3
	VFMADD213PS Y13, Y2, Y3
	VFMADD213PS Y14, Y2, Y3
	VFMADD213PS Y15, Y2, Y3
	VMULPS Y2, Y2, Y4 // r²
	VFMADD213PS Y2, Y4, Y3 // p·r² + r
	BCAST(0x3F800000, Y4)
	VADDPS Y4, Y3, Y3 // + 1
	VCVTPS2DQ Y1, Y1 // 2^n: (n + 127) << 23
	MOVL $127, AX
	MOVD AX, X4
	VPBROADCASTD X4, Y4
	VPADDD Y4, Y1, Y1
	VPSLLD $23, Y1, Y1
	VMULPS Y1, Y3, Y0
	TESTQ DX, DX
	JZ store
	BCAST(0x3F800000, Y4)
	VADDPS Y4, Y0, Y0 // 1 + e^-x
	VDIVPS Y0, Y4, Y0 // 1 / (1 + e^-x)

store:
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	DECQ CX
	JNZ loop

done:
	VZEROUPPER
	RET
