//go:build amd64 && !purego

#include "textflag.h"

// poolMask<>: 16 lanes of ones, then 16 of zeros. The 8 lanes from offset 64 − 4t mask the first t.
DATA poolMask<>+0(SB)/8, $0xffffffffffffffff
DATA poolMask<>+8(SB)/8, $0xffffffffffffffff
DATA poolMask<>+16(SB)/8, $0xffffffffffffffff
DATA poolMask<>+24(SB)/8, $0xffffffffffffffff
DATA poolMask<>+32(SB)/8, $0xffffffffffffffff
DATA poolMask<>+40(SB)/8, $0xffffffffffffffff
DATA poolMask<>+48(SB)/8, $0xffffffffffffffff
DATA poolMask<>+56(SB)/8, $0xffffffffffffffff
DATA poolMask<>+64(SB)/8, $0
DATA poolMask<>+72(SB)/8, $0
DATA poolMask<>+80(SB)/8, $0
DATA poolMask<>+88(SB)/8, $0
DATA poolMask<>+96(SB)/8, $0
DATA poolMask<>+104(SB)/8, $0
DATA poolMask<>+112(SB)/8, $0
DATA poolMask<>+120(SB)/8, $0
GLOBL poolMask<>(SB), RODATA|NOPTR, $128

// poolEvens<>: the int32 lanes 0, 2, …, 14, each output's offset of its top-left input.
DATA poolEvens<>+0(SB)/4, $0
DATA poolEvens<>+4(SB)/4, $2
DATA poolEvens<>+8(SB)/4, $4
DATA poolEvens<>+12(SB)/4, $6
DATA poolEvens<>+16(SB)/4, $8
DATA poolEvens<>+20(SB)/4, $10
DATA poolEvens<>+24(SB)/4, $12
DATA poolEvens<>+28(SB)/4, $14
GLOBL poolEvens<>(SB), RODATA|NOPTR, $32

// func maxPool2AVX2(y *float32, arg *int32, in *float32, w, ow, rows, base int)
// 8 outputs per step: the 16 inputs of each row split into even and odd lanes, then the four
// candidates are compared with > in MaxPool2's order (GT_OQ: false with a NaN), the values and
// index offsets following by blends. A row's last t < 8 outputs load and store under masks, which
// touch no memory outside them.
TEXT ·maxPool2AVX2(SB), NOSPLIT, $0-56
	MOVQ y+0(FP), DI
	MOVQ arg+8(FP), SI
	MOVQ in+16(FP), DX
	MOVQ w+24(FP), R8
	MOVQ ow+32(FP), R9
	MOVQ rows+40(FP), R10
	MOVQ base+48(FP), R11
	LEAQ poolMask<>(SB), BX
	MOVL $1, AX
	VMOVD AX, X14
	VPBROADCASTD X14, Y14 // offset 1: top right
	MOVL R8, AX
	VMOVD AX, X13
	VPBROADCASTD X13, Y13 // offset w: bottom left
	VPADDD Y14, Y13, Y12  // offset w+1: bottom right
	MOVL $16, AX
	VMOVD AX, X10
	VPBROADCASTD X10, Y10 // the base's step per 8 outputs
	VMOVDQU poolEvens<>(SB), Y15
	SHLQ $2, R8           // w in bytes

prow:
	MOVQ R11, AX
	VMOVD AX, X11
	VPBROADCASTD X11, Y11
	VPADDD Y15, Y11, Y11 // index of each output's top-left input
	MOVQ DX, R12         // the row pair's next inputs
	MOVQ R9, R13         // outputs left in the row

pblk:
	MOVQ $8, CX
	CMPQ R13, CX
	CMOVQLT R13, CX // t = min(8, left)
	MOVQ CX, AX
	NEGQ AX
	VMOVDQU 64(BX)(AX*8), Y4 // the first 2t of 16 inputs
	VMOVDQU 96(BX)(AX*8), Y5
	VMASKMOVPS (R12), Y4, Y0
	VMASKMOVPS 32(R12), Y5, Y1
	VMASKMOVPS (R12)(R8*1), Y4, Y2
	VMASKMOVPS 32(R12)(R8*1), Y5, Y3
	VSHUFPS $0x88, Y1, Y0, Y4
	VPERMPD $0xD8, Y4, Y4 // top left
	VSHUFPS $0xDD, Y1, Y0, Y5
	VPERMPD $0xD8, Y5, Y5 // top right
	VSHUFPS $0x88, Y3, Y2, Y6
	VPERMPD $0xD8, Y6, Y6 // bottom left
	VSHUFPS $0xDD, Y3, Y2, Y7
	VPERMPD $0xD8, Y7, Y7 // bottom right
	VPXOR Y8, Y8, Y8      // offsets of the maxima
	VCMPPS $0x1e, Y4, Y5, Y9
	VBLENDVPS Y9, Y5, Y4, Y4
	VBLENDVPS Y9, Y14, Y8, Y8
	VCMPPS $0x1e, Y4, Y6, Y9
	VBLENDVPS Y9, Y6, Y4, Y4
	VBLENDVPS Y9, Y13, Y8, Y8
	VCMPPS $0x1e, Y4, Y7, Y9
	VBLENDVPS Y9, Y7, Y4, Y4
	VBLENDVPS Y9, Y12, Y8, Y8
	VPADDD Y11, Y8, Y8
	VMOVDQU 64(BX)(AX*4), Y0 // the first t outputs
	VMASKMOVPS Y4, Y0, (DI)
	VMASKMOVPS Y8, Y0, (SI)
	LEAQ (DI)(CX*4), DI
	LEAQ (SI)(CX*4), SI
	LEAQ (R12)(CX*8), R12
	VPADDD Y10, Y11, Y11
	SUBQ CX, R13
	JNZ pblk

	LEAQ (DX)(R8*2), DX // the next row pair
	MOVQ R8, AX
	SHRQ $1, AX
	ADDQ AX, R11        // base += 2w
	DECQ R10
	JNZ prow
	VZEROUPPER
	RET

// func maxPool2GradAVX2(dx, dy *float32, arg *int32, w, ow, rows, base int)
// 8 outputs per step: each output's offset in its window (its index minus the window's top-left
// index) selects which of the four lanes gets dy, by compares and ANDs; the top-left and top-right
// lanes then interleave into 16 values of the top row, the bottom ones into the row below. A row's
// last t < 8 outputs load and store under masks.
TEXT ·maxPool2GradAVX2(SB), NOSPLIT, $0-56
	MOVQ dx+0(FP), DI
	MOVQ dy+8(FP), SI
	MOVQ arg+16(FP), DX
	MOVQ w+24(FP), R8
	MOVQ ow+32(FP), R9
	MOVQ rows+40(FP), R10
	MOVQ base+48(FP), R11
	LEAQ poolMask<>(SB), BX
	MOVL $1, AX
	VMOVD AX, X14
	VPBROADCASTD X14, Y14 // offset 1: top right
	MOVL R8, AX
	VMOVD AX, X13
	VPBROADCASTD X13, Y13 // offset w: bottom left
	VPADDD Y14, Y13, Y12  // offset w+1: bottom right
	MOVL $16, AX
	VMOVD AX, X10
	VPBROADCASTD X10, Y10 // the top-left index's step per 8 outputs
	VMOVDQU poolEvens<>(SB), Y15
	SHLQ $2, R8           // w in bytes

grow:
	MOVQ R11, AX
	VMOVD AX, X11
	VPBROADCASTD X11, Y11
	VPADDD Y15, Y11, Y11 // index of each output's top-left input
	MOVQ DI, R12         // the row pair's next inputs
	MOVQ R9, R13         // outputs left in the row

gblk:
	MOVQ $8, CX
	CMPQ R13, CX
	CMOVQLT R13, CX // t = min(8, left)
	MOVQ CX, AX
	NEGQ AX
	VMOVDQU 64(BX)(AX*4), Y9 // the first t outputs
	VMASKMOVPS (SI), Y9, Y0  // dy
	VMASKMOVPS (DX), Y9, Y1  // arg
	VPSUBD Y11, Y1, Y1       // offsets in the windows
	VPXOR Y2, Y2, Y2
	VPCMPEQD Y2, Y1, Y2      // top left
	VPCMPEQD Y14, Y1, Y3     // top right
	VPCMPEQD Y13, Y1, Y4     // bottom left
	VPCMPEQD Y12, Y1, Y5     // bottom right
	VANDPS Y0, Y2, Y2
	VANDPS Y0, Y3, Y3
	VANDPS Y0, Y4, Y4
	VANDPS Y0, Y5, Y5
	VUNPCKLPS Y3, Y2, Y6     // tl0 tr0 tl1 tr1 | tl4 tr4 tl5 tr5
	VUNPCKHPS Y3, Y2, Y7     // tl2 tr2 tl3 tr3 | tl6 tr6 tl7 tr7
	VPERM2F128 $0x20, Y7, Y6, Y2 // inputs 0-7 of the top row
	VPERM2F128 $0x31, Y7, Y6, Y3 // inputs 8-15
	VUNPCKLPS Y5, Y4, Y6
	VUNPCKHPS Y5, Y4, Y7
	VPERM2F128 $0x20, Y7, Y6, Y4 // the bottom row's
	VPERM2F128 $0x31, Y7, Y6, Y5
	VMOVDQU 64(BX)(AX*8), Y6 // the first 2t of 16 inputs
	VMOVDQU 96(BX)(AX*8), Y7
	VMASKMOVPS Y2, Y6, (R12)
	VMASKMOVPS Y3, Y7, 32(R12)
	VMASKMOVPS Y4, Y6, (R12)(R8*1)
	VMASKMOVPS Y5, Y7, 32(R12)(R8*1)
	LEAQ (SI)(CX*4), SI
	LEAQ (DX)(CX*4), DX
	LEAQ (R12)(CX*8), R12
	VPADDD Y10, Y11, Y11
	SUBQ CX, R13
	JNZ gblk

	LEAQ (DI)(R8*2), DI // the next row pair
	MOVQ R8, AX
	SHRQ $1, AX
	ADDQ AX, R11        // base += 2w
	DECQ R10
	JNZ grow
	VZEROUPPER
	RET
