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

// ZBCAST loads the float32 with the given bits into all lanes of zmm reg.
#define ZBCAST(bits, reg) MOVL $bits, AX; VPBROADCASTD AX, reg

// func expAVX512(dst, src *float32, n int, sigmoid int)
//
// expAVX512 is expAVX2 on 16 lanes (n a multiple of 16), with VRNDSCALEPS for VROUNDPS; the
// constants live in Z5..Z15 as there, and Z16..Z18 hold 1, 127 and the sign bit.
TEXT ·expAVX512(SB), NOSPLIT, $0-32
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	SHRQ $4, CX
	MOVQ sigmoid+24(FP), DX
	ZBCAST(0x42B0C0A5, Z5)  // expHi
	ZBCAST(0xC2AEAC50, Z6)  // expLo
	ZBCAST(0x3FB8AA3B, Z7)  // log2e
	ZBCAST(0x3F318000, Z8)  // ln2Hi
	ZBCAST(0xB95E8083, Z9)  // ln2Lo
	ZBCAST(0x39506967, Z10) // expP0
	ZBCAST(0x3AB743CE, Z11) // expP1
	ZBCAST(0x3C088908, Z12) // expP2
	ZBCAST(0x3D2AA9C1, Z13) // expP3
	ZBCAST(0x3E2AAAAA, Z14) // expP4
	ZBCAST(0x3F000000, Z15) // expP5
	ZBCAST(0x3F800000, Z16) // 1
	ZBCAST(0x0000007F, Z17) // 127
	ZBCAST(0x80000000, Z18) // sign bit
	TESTQ CX, CX
	JZ zdone

zloop:
	VMOVUPS (SI), Z0
	TESTQ DX, DX
	JZ zclamp
	VPXORD Z18, Z0, Z0 // sigmoid: e^-x

zclamp:
	VMINPS Z0, Z5, Z0
	VMAXPS Z0, Z6, Z0
	VMULPS Z7, Z0, Z1
	VRNDSCALEPS $0, Z1, Z1 // n = round(x·log2e), ties to even
	VMOVAPS Z0, Z2
	VFNMADD231PS Z8, Z1, Z2
	VFNMADD231PS Z9, Z1, Z2
	VMOVAPS Z10, Z3
	VFMADD213PS Z11, Z2, Z3
	VFMADD213PS Z12, Z2, Z3
	VFMADD213PS Z13, Z2, Z3
	VFMADD213PS Z14, Z2, Z3
	VFMADD213PS Z15, Z2, Z3
	VMULPS Z2, Z2, Z4
	VFMADD213PS Z2, Z4, Z3
	VADDPS Z16, Z3, Z3
	VCVTPS2DQ Z1, Z1
	VPADDD Z17, Z1, Z1
	VPSLLD $23, Z1, Z1
	VMULPS Z1, Z3, Z0
	TESTQ DX, DX
	JZ zstore
	VADDPS Z16, Z0, Z0
	VDIVPS Z0, Z16, Z0

zstore:
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	DECQ CX
	JNZ zloop

zdone:
	VZEROUPPER
	RET
