//go:build amd64 && !purego

#include "textflag.h"

// Vector versions of the loops in runs.go: each run goes 8 floats at a time, and its last m mod 8
// through VMASKMOVPS, which neither reads nor writes the masked-off lanes (so nothing past a run is
// touched). m ≥ 1, n ≥ 1.

// runMask<>: 8 lanes of ones, then 8 of zeros. The 8 lanes from offset 32 − 4t mask the first t.
DATA runMask<>+0(SB)/8, $0xffffffffffffffff
DATA runMask<>+8(SB)/8, $0xffffffffffffffff
DATA runMask<>+16(SB)/8, $0xffffffffffffffff
DATA runMask<>+24(SB)/8, $0xffffffffffffffff
DATA runMask<>+32(SB)/8, $0
DATA runMask<>+40(SB)/8, $0
DATA runMask<>+48(SB)/8, $0
DATA runMask<>+56(SB)/8, $0
GLOBL runMask<>(SB), RODATA|NOPTR, $64

// func copyRunsAVX2(dst *float32, ldd int, src *float32, lds int, m, n int)
TEXT ·copyRunsAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	MOVQ m+32(FP), R10
	MOVQ n+40(FP), CX
	SHLQ $2, R8
	SHLQ $2, R9
	MOVQ R10, AX
	ANDQ $7, AX
	NEGQ AX
	LEAQ runMask<>(SB), DX
	VMOVDQU 32(DX)(AX*4), Y15 // the tail's mask
	SHRQ $3, R10              // whole blocks of 8

crow:
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R10, BX
	TESTQ BX, BX
	JZ ctail

cblk:
	VMOVUPS (R12), Y0
	VMOVUPS Y0, (R11)
	ADDQ $32, R11
	ADDQ $32, R12
	DECQ BX
	JNZ cblk

ctail:
	VMASKMOVPS (R12), Y15, Y0
	VMASKMOVPS Y0, Y15, (R11)
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ CX
	JNZ crow
	VZEROUPPER
	RET

// func addRunsAVX2(dst *float32, ldd int, src *float32, lds int, m, n int)
// A run of m ≥ 8 ends with the 8 lanes m−8 … m−1, summed from the original values before the
// whole blocks are stored and stored last: where the two overlap both hold the same sums. (A masked
// store there would stall the next window offset's loads, which cannot be forwarded from it.)
// Runs shorter than 8 go one float at a time.
TEXT ·addRunsAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	MOVQ m+32(FP), R10
	MOVQ n+40(FP), CX
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ -32(R10*4), R13 // byte offset of the last 8 lanes
	CMPQ R10, $8
	JLT ashort
	SHRQ $3, R10 // whole blocks of 8

arow:
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R10, BX
	VMOVUPS (R12)(R13*1), Y1
	VADDPS (R11)(R13*1), Y1, Y1

ablk:
	VMOVUPS (R12), Y0
	VADDPS (R11), Y0, Y0
	VMOVUPS Y0, (R11)
	ADDQ $32, R11
	ADDQ $32, R12
	DECQ BX
	JNZ ablk
	VMOVUPS Y1, (DI)(R13*1)
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ CX
	JNZ arow
	VZEROUPPER
	RET

ashort:
	MOVQ DI, R11
	MOVQ SI, R12
	MOVQ R10, BX

aone:
	VMOVSS (R12), X0
	VADDSS (R11), X0, X0
	VMOVSS X0, (R11)
	ADDQ $4, R11
	ADDQ $4, R12
	DECQ BX
	JNZ aone
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ CX
	JNZ ashort
	VZEROUPPER
	RET

// func addBlocksAVX512(dst *float32, ldd int, src *float32, lds, sstep int, m, n, count int)
// AddBlocks with dstep = 1 (col2im's S window offsets of one window row, whose runs land one value
// apart) when a row's m+count−1 values fit 16 lanes: each image row is loaded once and stored once,
// and block t's run is added to lanes t … t+m−1 under the mask K2, its address t floats early so
// that its lanes line up. Each value gets its blocks' terms in the order of t, as AddBlocks adds
// them; merge-masked adds leave the other lanes alone, and masked-off lanes touch no memory.
TEXT ·addBlocksAVX512(SB), NOSPLIT, $0-64
	MOVQ dst+0(FP), DI
	MOVQ ldd+8(FP), R8
	MOVQ src+16(FP), SI
	MOVQ lds+24(FP), R9
	MOVQ sstep+32(FP), R10
	MOVQ m+40(FP), R11
	MOVQ n+48(FP), DX
	MOVQ count+56(FP), R12
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ -4(R10*4), R10 // sstep − 1 float, in bytes
	MOVQ R11, CX
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K3
	LEAQ -1(R11)(R12*1), CX
	MOVQ $1, AX
	SHLQ CX, AX
	DECQ AX
	KMOVW AX, K1

barow:
	VMOVUPS.Z (DI), K1, Z0
	MOVQ SI, R13
	KMOVW K3, K2
	MOVQ R12, BX

bablk:
	VADDPS (R13), Z0, K2, Z0
	ADDQ R10, R13
	KSHIFTLW $1, K2, K2
	DECQ BX
	JNZ bablk
	VMOVUPS Z0, K1, (DI)
	ADDQ R8, DI
	ADDQ R9, SI
	DECQ DX
	JNZ barow
	VZEROUPPER
	RET
