//go:build amd64 && !purego

#include "textflag.h"

// gemv kernels for the small-m path (small.go): y[j] = alpha·Σ_p x[p·xs]·b[p·ldb+j] + beta·y[j].
// A strip of y is held in vector registers while the loop walks down the k rows of B: strips of 4
// vectors first (64 columns on ZMM, 32 on YMM), then single vectors; the columns past the last whole
// vector are left to the caller, and the kernel returns how many it did.
//
// Registers: CX = k, SI = x, R8 = bytes per step of x, DI = b at the strip's first column, R9 = bytes
// per row of B, DX = y at the strip, BX = columns left, AX = beta's bits without the sign (0: overwrite y),
// R10/R11/R12 = x, B and the step counter inside a strip; Z0/Y0 = alpha, Z1/Y1 = beta, Z2/Y2 = a broadcast
// of x[p], Z16..Z19/Y4..Y7 = the strip.
//
// The two kernels differ only in vector width: keep them alike when editing one.

// func gemvAVX512(k int, x *float32, xs int, b *float32, ldb int, y *float32, n int, alpha, beta float32) int
TEXT ·gemvAVX512(SB), NOSPLIT, $0-72
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ xs+16(FP), R8
	SHLQ $2, R8
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R9
	SHLQ $2, R9
	MOVQ y+40(FP), DX
	MOVQ n+48(FP), BX
	VBROADCASTSS alpha+56(FP), Z0
	VBROADCASTSS beta+60(FP), Z1
	MOVL beta+60(FP), AX
	ANDL $0x7fffffff, AX

z4strip:
	CMPQ BX, $64
	JLT z1strip
	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	MOVQ SI, R10
	MOVQ DI, R11
	MOVQ CX, R12

z4loop:
	VBROADCASTSS (R10), Z2
	VFMADD231PS (R11), Z2, Z16
	VFMADD231PS 64(R11), Z2, Z17
	VFMADD231PS 128(R11), Z2, Z18
	VFMADD231PS 192(R11), Z2, Z19
	ADDQ R8, R10
	ADDQ R9, R11
	DECQ R12
	JNZ z4loop

	VMULPS Z0, Z16, Z16
	VMULPS Z0, Z17, Z17
	VMULPS Z0, Z18, Z18
	VMULPS Z0, Z19, Z19
	TESTL AX, AX
	JZ z4store
	VFMADD231PS (DX), Z1, Z16
	VFMADD231PS 64(DX), Z1, Z17
	VFMADD231PS 128(DX), Z1, Z18
	VFMADD231PS 192(DX), Z1, Z19

z4store:
	VMOVUPS Z16, (DX)
	VMOVUPS Z17, 64(DX)
	VMOVUPS Z18, 128(DX)
	VMOVUPS Z19, 192(DX)
	ADDQ $256, DI
	ADDQ $256, DX
	SUBQ $64, BX
	JMP z4strip

z1strip:
	CMPQ BX, $16
	JLT zdone
	VPXORD Z16, Z16, Z16
	MOVQ SI, R10
	MOVQ DI, R11
	MOVQ CX, R12

z1loop:
	VBROADCASTSS (R10), Z2
	VFMADD231PS (R11), Z2, Z16
	ADDQ R8, R10
	ADDQ R9, R11
	DECQ R12
	JNZ z1loop

	VMULPS Z0, Z16, Z16
	TESTL AX, AX
	JZ z1store
	VFMADD231PS (DX), Z1, Z16

z1store:
	VMOVUPS Z16, (DX)
	ADDQ $64, DI
	ADDQ $64, DX
	SUBQ $16, BX
	JMP z1strip

zdone:
	MOVQ n+48(FP), AX
	SUBQ BX, AX
	MOVQ AX, ret+64(FP)
	VZEROUPPER
	RET

// func gemvAVX2(k int, x *float32, xs int, b *float32, ldb int, y *float32, n int, alpha, beta float32) int
TEXT ·gemvAVX2(SB), NOSPLIT, $0-72
	MOVQ k+0(FP), CX
	MOVQ x+8(FP), SI
	MOVQ xs+16(FP), R8
	SHLQ $2, R8
	MOVQ b+24(FP), DI
	MOVQ ldb+32(FP), R9
	SHLQ $2, R9
	MOVQ y+40(FP), DX
	MOVQ n+48(FP), BX
	VBROADCASTSS alpha+56(FP), Y0
	VBROADCASTSS beta+60(FP), Y1
	MOVL beta+60(FP), AX
	ANDL $0x7fffffff, AX

y4strip:
	CMPQ BX, $32
	JLT y1strip
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	MOVQ SI, R10
	MOVQ DI, R11
	MOVQ CX, R12

y4loop:
	VBROADCASTSS (R10), Y2
	VFMADD231PS (R11), Y2, Y4
	VFMADD231PS 32(R11), Y2, Y5
	VFMADD231PS 64(R11), Y2, Y6
	VFMADD231PS 96(R11), Y2, Y7
	ADDQ R8, R10
	ADDQ R9, R11
	DECQ R12
	JNZ y4loop

	VMULPS Y0, Y4, Y4
	VMULPS Y0, Y5, Y5
	VMULPS Y0, Y6, Y6
	VMULPS Y0, Y7, Y7
	TESTL AX, AX
	JZ y4store
	VFMADD231PS (DX), Y1, Y4
	VFMADD231PS 32(DX), Y1, Y5
	VFMADD231PS 64(DX), Y1, Y6
	VFMADD231PS 96(DX), Y1, Y7

y4store:
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	VMOVUPS Y6, 64(DX)
	VMOVUPS Y7, 96(DX)
	ADDQ $128, DI
	ADDQ $128, DX
	SUBQ $32, BX
	JMP y4strip

y1strip:
	CMPQ BX, $8
	JLT ydone
	VXORPS Y4, Y4, Y4
	MOVQ SI, R10
	MOVQ DI, R11
	MOVQ CX, R12

y1loop:
	VBROADCASTSS (R10), Y2
	VFMADD231PS (R11), Y2, Y4
	ADDQ R8, R10
	ADDQ R9, R11
	DECQ R12
	JNZ y1loop

	VMULPS Y0, Y4, Y4
	TESTL AX, AX
	JZ y1store
	VFMADD231PS (DX), Y1, Y4

y1store:
	VMOVUPS Y4, (DX)
	ADDQ $32, DI
	ADDQ $32, DX
	SUBQ $8, BX
	JMP y1strip

ydone:
	MOVQ n+48(FP), AX
	SUBQ BX, AX
	MOVQ AX, ret+64(FP)
	VZEROUPPER
	RET
