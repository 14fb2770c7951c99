//go:build amd64 && !purego

#include "textflag.h"

// Micro-kernels for Sgemm (see sgemm.go). Each computes the mr×nr tile C = alpha·Ã·B̃ + beta·C with
// the whole tile held in vector registers (one row of the tile is nr/8 YMM or nr/16 ZMM registers):
// per k step it loads one row of B̃, broadcasts each of the mr elements of Ã and issues mr·nr/width
// FMAs. Element (i, p) of Ã is at a[i*ars + p*as] and row p of B̃ starts at b[p*bs], so the kernels
// read packed panels (ars = 1, as = mr, bs = nr) and, where the layout allows, A and B in place.
//
// Registers: SI = Ã at the current k step, R13/R11/R12/R14 = 1, 3, 5 and 7 rows of Ã in bytes (the
// other row offsets are scaled forms of these), R8 = bytes per k step of Ã, DI = B̃, R9 = bytes per
// k step of B̃, BX/CX = loop counters, DX = C, R10 = bytes per row of C, R11/R12 = C rows 3 and 6
// once the loop is done.
//
// The four kernels differ only in tile shape (6×16 and 3×16 on YMM, 8×32 and 4×32 on ZMM): keep
// them alike when editing one.

// STEP_6X16 does one k step: loads 2 vector(s) of B̃, broadcasts the 6 elements of Ã and
// accumulates their products into the 6×16 tile, then advances SI and DI by one k step.
#define STEP_6X16 \
	VMOVUPS 0(DI), Y0; \
	VMOVUPS 32(DI), Y1; \
	VBROADCASTSS (SI), Y2; \
	VFMADD231PS Y0, Y2, Y4; \
	VFMADD231PS Y1, Y2, Y5; \
	VBROADCASTSS (SI)(R13*1), Y3; \
	VFMADD231PS Y0, Y3, Y6; \
	VFMADD231PS Y1, Y3, Y7; \
	VBROADCASTSS (SI)(R13*2), Y2; \
	VFMADD231PS Y0, Y2, Y8; \
	VFMADD231PS Y1, Y2, Y9; \
	VBROADCASTSS (SI)(R11*1), Y3; \
	VFMADD231PS Y0, Y3, Y10; \
	VFMADD231PS Y1, Y3, Y11; \
	VBROADCASTSS (SI)(R13*4), Y2; \
	VFMADD231PS Y0, Y2, Y12; \
	VFMADD231PS Y1, Y2, Y13; \
	VBROADCASTSS (SI)(R12*1), Y3; \
	VFMADD231PS Y0, Y3, Y14; \
	VFMADD231PS Y1, Y3, Y15; \
	ADDQ R8, SI; \
	ADDQ R9, DI

// func kernel6x16AVX2(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)
TEXT ·kernel6x16AVX2(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ ars+16(FP), R13
	SHLQ $2, R13 // bytes between rows of Ã
	LEAQ (R13)(R13*2), R11 // 3 rows
	LEAQ (R13)(R13*4), R12 // 5 rows
	MOVQ as+24(FP), R8
	SHLQ $2, R8 // bytes per k step of Ã
	MOVQ b+32(FP), DI
	MOVQ bs+40(FP), R9
	SHLQ $2, R9 // bytes per k step of B̃
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R10
	SHLQ $2, R10 // bytes per row of C

	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	VXORPS Y12, Y12, Y12
	VXORPS Y13, Y13, Y13
	VXORPS Y14, Y14, Y14
	VXORPS Y15, Y15, Y15

	MOVQ CX, BX
	SHRQ $2, BX // k steps in groups of 4
	ANDQ $3, CX // and the rest
	TESTQ BX, BX
	JZ k6x16rest

k6x16loop4:
	STEP_6X16
	STEP_6X16
	STEP_6X16
	STEP_6X16
	DECQ BX
	JNZ k6x16loop4

k6x16rest:
	TESTQ CX, CX
	JZ k6x16done

k6x16loop1:
	STEP_6X16
	DECQ CX
	JNZ k6x16loop1

k6x16done:
	VBROADCASTSS alpha+64(FP), Y0
	VMULPS Y0, Y4, Y4
	VMULPS Y0, Y5, Y5
	VMULPS Y0, Y6, Y6
	VMULPS Y0, Y7, Y7
	VMULPS Y0, Y8, Y8
	VMULPS Y0, Y9, Y9
	VMULPS Y0, Y10, Y10
	VMULPS Y0, Y11, Y11
	VMULPS Y0, Y12, Y12
	VMULPS Y0, Y13, Y13
	VMULPS Y0, Y14, Y14
	VMULPS Y0, Y15, Y15
	LEAQ (DX)(R10*2), R11
	ADDQ R10, R11 // row 3
	MOVL beta+68(FP), AX
	ANDL $0x7fffffff, AX // beta == ±0: overwrite C without reading it
	JZ k6x16store
	VBROADCASTSS beta+68(FP), Y1
	VFMADD231PS (DX), Y1, Y4
	VFMADD231PS 32(DX), Y1, Y5
	VFMADD231PS (DX)(R10*1), Y1, Y6
	VFMADD231PS 32(DX)(R10*1), Y1, Y7
	VFMADD231PS (DX)(R10*2), Y1, Y8
	VFMADD231PS 32(DX)(R10*2), Y1, Y9
	VFMADD231PS (R11), Y1, Y10
	VFMADD231PS 32(R11), Y1, Y11
	VFMADD231PS (R11)(R10*1), Y1, Y12
	VFMADD231PS 32(R11)(R10*1), Y1, Y13
	VFMADD231PS (R11)(R10*2), Y1, Y14
	VFMADD231PS 32(R11)(R10*2), Y1, Y15

k6x16store:
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	VMOVUPS Y6, (DX)(R10*1)
	VMOVUPS Y7, 32(DX)(R10*1)
	VMOVUPS Y8, (DX)(R10*2)
	VMOVUPS Y9, 32(DX)(R10*2)
	VMOVUPS Y10, (R11)
	VMOVUPS Y11, 32(R11)
	VMOVUPS Y12, (R11)(R10*1)
	VMOVUPS Y13, 32(R11)(R10*1)
	VMOVUPS Y14, (R11)(R10*2)
	VMOVUPS Y15, 32(R11)(R10*2)
	VZEROUPPER
	RET

// STEP_3X16 does one k step: loads 2 vector(s) of B̃, broadcasts the 3 elements of Ã and
// accumulates their products into the 3×16 tile, then advances SI and DI by one k step.
#define STEP_3X16 \
	VMOVUPS 0(DI), Y0; \
	VMOVUPS 32(DI), Y1; \
	VBROADCASTSS (SI), Y2; \
	VFMADD231PS Y0, Y2, Y4; \
	VFMADD231PS Y1, Y2, Y5; \
	VBROADCASTSS (SI)(R13*1), Y3; \
	VFMADD231PS Y0, Y3, Y6; \
	VFMADD231PS Y1, Y3, Y7; \
	VBROADCASTSS (SI)(R13*2), Y2; \
	VFMADD231PS Y0, Y2, Y8; \
	VFMADD231PS Y1, Y2, Y9; \
	ADDQ R8, SI; \
	ADDQ R9, DI

// func kernel3x16AVX2(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)
TEXT ·kernel3x16AVX2(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ ars+16(FP), R13
	SHLQ $2, R13 // bytes between rows of Ã
	LEAQ (R13)(R13*2), R11 // 3 rows
	LEAQ (R13)(R13*4), R12 // 5 rows
	MOVQ as+24(FP), R8
	SHLQ $2, R8 // bytes per k step of Ã
	MOVQ b+32(FP), DI
	MOVQ bs+40(FP), R9
	SHLQ $2, R9 // bytes per k step of B̃
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R10
	SHLQ $2, R10 // bytes per row of C

	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9

	MOVQ CX, BX
	SHRQ $2, BX // k steps in groups of 4
	ANDQ $3, CX // and the rest
	TESTQ BX, BX
	JZ k3x16rest

k3x16loop4:
	STEP_3X16
	STEP_3X16
	STEP_3X16
	STEP_3X16
	DECQ BX
	JNZ k3x16loop4

k3x16rest:
	TESTQ CX, CX
	JZ k3x16done

k3x16loop1:
	STEP_3X16
	DECQ CX
	JNZ k3x16loop1

k3x16done:
	VBROADCASTSS alpha+64(FP), Y0
	VMULPS Y0, Y4, Y4
	VMULPS Y0, Y5, Y5
	VMULPS Y0, Y6, Y6
	VMULPS Y0, Y7, Y7
	VMULPS Y0, Y8, Y8
	VMULPS Y0, Y9, Y9
	LEAQ (DX)(R10*2), R11
	ADDQ R10, R11 // row 3
	MOVL beta+68(FP), AX
	ANDL $0x7fffffff, AX // beta == ±0: overwrite C without reading it
	JZ k3x16store
	VBROADCASTSS beta+68(FP), Y1
	VFMADD231PS (DX), Y1, Y4
	VFMADD231PS 32(DX), Y1, Y5
	VFMADD231PS (DX)(R10*1), Y1, Y6
	VFMADD231PS 32(DX)(R10*1), Y1, Y7
	VFMADD231PS (DX)(R10*2), Y1, Y8
	VFMADD231PS 32(DX)(R10*2), Y1, Y9

k3x16store:
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	VMOVUPS Y6, (DX)(R10*1)
	VMOVUPS Y7, 32(DX)(R10*1)
	VMOVUPS Y8, (DX)(R10*2)
	VMOVUPS Y9, 32(DX)(R10*2)
	VZEROUPPER
	RET

// STEP_8X32 does one k step: loads 2 vector(s) of B̃, broadcasts the 8 elements of Ã and
// accumulates their products into the 8×32 tile, then advances SI and DI by one k step.
#define STEP_8X32 \
	VMOVUPS 0(DI), Z0; \
	VMOVUPS 64(DI), Z1; \
	VBROADCASTSS (SI), Z2; \
	VFMADD231PS Z0, Z2, Z16; \
	VFMADD231PS Z1, Z2, Z17; \
	VBROADCASTSS (SI)(R13*1), Z3; \
	VFMADD231PS Z0, Z3, Z18; \
	VFMADD231PS Z1, Z3, Z19; \
	VBROADCASTSS (SI)(R13*2), Z2; \
	VFMADD231PS Z0, Z2, Z20; \
	VFMADD231PS Z1, Z2, Z21; \
	VBROADCASTSS (SI)(R11*1), Z3; \
	VFMADD231PS Z0, Z3, Z22; \
	VFMADD231PS Z1, Z3, Z23; \
	VBROADCASTSS (SI)(R13*4), Z2; \
	VFMADD231PS Z0, Z2, Z24; \
	VFMADD231PS Z1, Z2, Z25; \
	VBROADCASTSS (SI)(R12*1), Z3; \
	VFMADD231PS Z0, Z3, Z26; \
	VFMADD231PS Z1, Z3, Z27; \
	VBROADCASTSS (SI)(R11*2), Z2; \
	VFMADD231PS Z0, Z2, Z28; \
	VFMADD231PS Z1, Z2, Z29; \
	VBROADCASTSS (SI)(R14*1), Z3; \
	VFMADD231PS Z0, Z3, Z30; \
	VFMADD231PS Z1, Z3, Z31; \
	ADDQ R8, SI; \
	ADDQ R9, DI

// func kernel8x32AVX512(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)
TEXT ·kernel8x32AVX512(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ ars+16(FP), R13
	SHLQ $2, R13 // bytes between rows of Ã
	LEAQ (R13)(R13*2), R11 // 3 rows
	LEAQ (R13)(R13*4), R12 // 5 rows
	LEAQ (R11)(R13*4), R14 // 7 rows
	MOVQ as+24(FP), R8
	SHLQ $2, R8 // bytes per k step of Ã
	MOVQ b+32(FP), DI
	MOVQ bs+40(FP), R9
	SHLQ $2, R9 // bytes per k step of B̃
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R10
	SHLQ $2, R10 // bytes per row of C

	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23
	VPXORD Z24, Z24, Z24
	VPXORD Z25, Z25, Z25
	VPXORD Z26, Z26, Z26
	VPXORD Z27, Z27, Z27
	VPXORD Z28, Z28, Z28
	VPXORD Z29, Z29, Z29
	VPXORD Z30, Z30, Z30
	VPXORD Z31, Z31, Z31

	MOVQ CX, BX
	SHRQ $2, BX // k steps in groups of 4
	ANDQ $3, CX // and the rest
	TESTQ BX, BX
	JZ k8x32rest

k8x32loop4:
	STEP_8X32
	STEP_8X32
	STEP_8X32
	STEP_8X32
	DECQ BX
	JNZ k8x32loop4

k8x32rest:
	TESTQ CX, CX
	JZ k8x32done

k8x32loop1:
	STEP_8X32
	DECQ CX
	JNZ k8x32loop1

k8x32done:
	VBROADCASTSS alpha+64(FP), Z0
	VMULPS Z0, Z16, Z16
	VMULPS Z0, Z17, Z17
	VMULPS Z0, Z18, Z18
	VMULPS Z0, Z19, Z19
	VMULPS Z0, Z20, Z20
	VMULPS Z0, Z21, Z21
	VMULPS Z0, Z22, Z22
	VMULPS Z0, Z23, Z23
	VMULPS Z0, Z24, Z24
	VMULPS Z0, Z25, Z25
	VMULPS Z0, Z26, Z26
	VMULPS Z0, Z27, Z27
	VMULPS Z0, Z28, Z28
	VMULPS Z0, Z29, Z29
	VMULPS Z0, Z30, Z30
	VMULPS Z0, Z31, Z31
	LEAQ (DX)(R10*2), R11
	ADDQ R10, R11 // row 3
	LEAQ (R11)(R10*2), R12
	ADDQ R10, R12 // row 6
	MOVL beta+68(FP), AX
	ANDL $0x7fffffff, AX // beta == ±0: overwrite C without reading it
	JZ k8x32store
	VBROADCASTSS beta+68(FP), Z1
	VFMADD231PS (DX), Z1, Z16
	VFMADD231PS 64(DX), Z1, Z17
	VFMADD231PS (DX)(R10*1), Z1, Z18
	VFMADD231PS 64(DX)(R10*1), Z1, Z19
	VFMADD231PS (DX)(R10*2), Z1, Z20
	VFMADD231PS 64(DX)(R10*2), Z1, Z21
	VFMADD231PS (R11), Z1, Z22
	VFMADD231PS 64(R11), Z1, Z23
	VFMADD231PS (R11)(R10*1), Z1, Z24
	VFMADD231PS 64(R11)(R10*1), Z1, Z25
	VFMADD231PS (R11)(R10*2), Z1, Z26
	VFMADD231PS 64(R11)(R10*2), Z1, Z27
	VFMADD231PS (R12), Z1, Z28
	VFMADD231PS 64(R12), Z1, Z29
	VFMADD231PS (R12)(R10*1), Z1, Z30
	VFMADD231PS 64(R12)(R10*1), Z1, Z31

k8x32store:
	VMOVUPS Z16, (DX)
	VMOVUPS Z17, 64(DX)
	VMOVUPS Z18, (DX)(R10*1)
	VMOVUPS Z19, 64(DX)(R10*1)
	VMOVUPS Z20, (DX)(R10*2)
	VMOVUPS Z21, 64(DX)(R10*2)
	VMOVUPS Z22, (R11)
	VMOVUPS Z23, 64(R11)
	VMOVUPS Z24, (R11)(R10*1)
	VMOVUPS Z25, 64(R11)(R10*1)
	VMOVUPS Z26, (R11)(R10*2)
	VMOVUPS Z27, 64(R11)(R10*2)
	VMOVUPS Z28, (R12)
	VMOVUPS Z29, 64(R12)
	VMOVUPS Z30, (R12)(R10*1)
	VMOVUPS Z31, 64(R12)(R10*1)
	VZEROUPPER
	RET

// STEP_4X32 does one k step: loads 2 vector(s) of B̃, broadcasts the 4 elements of Ã and
// accumulates their products into the 4×32 tile, then advances SI and DI by one k step.
#define STEP_4X32 \
	VMOVUPS 0(DI), Z0; \
	VMOVUPS 64(DI), Z1; \
	VBROADCASTSS (SI), Z2; \
	VFMADD231PS Z0, Z2, Z16; \
	VFMADD231PS Z1, Z2, Z17; \
	VBROADCASTSS (SI)(R13*1), Z3; \
	VFMADD231PS Z0, Z3, Z18; \
	VFMADD231PS Z1, Z3, Z19; \
	VBROADCASTSS (SI)(R13*2), Z2; \
	VFMADD231PS Z0, Z2, Z20; \
	VFMADD231PS Z1, Z2, Z21; \
	VBROADCASTSS (SI)(R11*1), Z3; \
	VFMADD231PS Z0, Z3, Z22; \
	VFMADD231PS Z1, Z3, Z23; \
	ADDQ R8, SI; \
	ADDQ R9, DI

// func kernel4x32AVX512(kc int, a *float32, ars, as int, b *float32, bs int, c *float32, ldc int, alpha, beta float32)
TEXT ·kernel4x32AVX512(SB), NOSPLIT, $0-72
	MOVQ kc+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ ars+16(FP), R13
	SHLQ $2, R13 // bytes between rows of Ã
	LEAQ (R13)(R13*2), R11 // 3 rows
	LEAQ (R13)(R13*4), R12 // 5 rows
	MOVQ as+24(FP), R8
	SHLQ $2, R8 // bytes per k step of Ã
	MOVQ b+32(FP), DI
	MOVQ bs+40(FP), R9
	SHLQ $2, R9 // bytes per k step of B̃
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R10
	SHLQ $2, R10 // bytes per row of C

	VPXORD Z16, Z16, Z16
	VPXORD Z17, Z17, Z17
	VPXORD Z18, Z18, Z18
	VPXORD Z19, Z19, Z19
	VPXORD Z20, Z20, Z20
	VPXORD Z21, Z21, Z21
	VPXORD Z22, Z22, Z22
	VPXORD Z23, Z23, Z23

	MOVQ CX, BX
	SHRQ $2, BX // k steps in groups of 4
	ANDQ $3, CX // and the rest
	TESTQ BX, BX
	JZ k4x32rest

k4x32loop4:
	STEP_4X32
	STEP_4X32
	STEP_4X32
	STEP_4X32
	DECQ BX
	JNZ k4x32loop4

k4x32rest:
	TESTQ CX, CX
	JZ k4x32done

k4x32loop1:
	STEP_4X32
	DECQ CX
	JNZ k4x32loop1

k4x32done:
	VBROADCASTSS alpha+64(FP), Z0
	VMULPS Z0, Z16, Z16
	VMULPS Z0, Z17, Z17
	VMULPS Z0, Z18, Z18
	VMULPS Z0, Z19, Z19
	VMULPS Z0, Z20, Z20
	VMULPS Z0, Z21, Z21
	VMULPS Z0, Z22, Z22
	VMULPS Z0, Z23, Z23
	LEAQ (DX)(R10*2), R11
	ADDQ R10, R11 // row 3
	MOVL beta+68(FP), AX
	ANDL $0x7fffffff, AX // beta == ±0: overwrite C without reading it
	JZ k4x32store
	VBROADCASTSS beta+68(FP), Z1
	VFMADD231PS (DX), Z1, Z16
	VFMADD231PS 64(DX), Z1, Z17
	VFMADD231PS (DX)(R10*1), Z1, Z18
	VFMADD231PS 64(DX)(R10*1), Z1, Z19
	VFMADD231PS (DX)(R10*2), Z1, Z20
	VFMADD231PS 64(DX)(R10*2), Z1, Z21
	VFMADD231PS (R11), Z1, Z22
	VFMADD231PS 64(R11), Z1, Z23

k4x32store:
	VMOVUPS Z16, (DX)
	VMOVUPS Z17, 64(DX)
	VMOVUPS Z18, (DX)(R10*1)
	VMOVUPS Z19, 64(DX)(R10*1)
	VMOVUPS Z20, (DX)(R10*2)
	VMOVUPS Z21, 64(DX)(R10*2)
	VMOVUPS Z22, (R11)
	VMOVUPS Z23, 64(R11)
	VZEROUPPER
	RET
