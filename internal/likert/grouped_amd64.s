//go:build amd64 && !purego

#include "textflag.h"

// CELLS computes the cells of the 64 ratings at index R8+off into the
// 256-byte buffer at dst(SP): for 16 ratings per register, with
// d = min(r − Min, Clamp) (kept in the running maximum Z25), the class
// Cls[d] (VPERMD reads the low 4 bits of the index) plus min(g, NG)·N.
#define CELLS(off, dst) \
	VPMOVZXBD (off)(SI)(R8*1), Z0; \
	VPMOVZXBD (off+16)(SI)(R8*1), Z1; \
	VPMOVZXBD (off+32)(SI)(R8*1), Z2; \
	VPMOVZXBD (off+48)(SI)(R8*1), Z3; \
	VPSUBD Z21, Z0, Z0; \
	VPSUBD Z21, Z1, Z1; \
	VPSUBD Z21, Z2, Z2; \
	VPSUBD Z21, Z3, Z3; \
	VPMINUD Z22, Z0, Z0; \
	VPMINUD Z22, Z1, Z1; \
	VPMINUD Z22, Z2, Z2; \
	VPMINUD Z22, Z3, Z3; \
	VPMAXUD Z0, Z25, Z25; \
	VPMAXUD Z1, Z25, Z25; \
	VPMAXUD Z2, Z25, Z25; \
	VPMAXUD Z3, Z25, Z25; \
	VPERMD Z24, Z0, Z0; \
	VPERMD Z24, Z1, Z1; \
	VPERMD Z24, Z2, Z2; \
	VPERMD Z24, Z3, Z3; \
	VPMINUD (4*off)(DI)(R8*4), Z20, Z4; \
	VPMINUD (4*off+64)(DI)(R8*4), Z20, Z5; \
	VPMINUD (4*off+128)(DI)(R8*4), Z20, Z6; \
	VPMINUD (4*off+192)(DI)(R8*4), Z20, Z7; \
	VPMULLD Z23, Z4, Z4; \
	VPMULLD Z23, Z5, Z5; \
	VPMULLD Z23, Z6, Z6; \
	VPMULLD Z23, Z7, Z7; \
	VPADDD Z0, Z4, Z4; \
	VPADDD Z1, Z5, Z5; \
	VPADDD Z2, Z6, Z6; \
	VPADDD Z3, Z7, Z7; \
	VMOVDQU32 Z4, (dst)(SP); \
	VMOVDQU32 Z5, (dst+64)(SP); \
	VMOVDQU32 Z6, (dst+128)(SP); \
	VMOVDQU32 Z7, (dst+192)(SP)

// COUNT64 increments the 64 cells of the buffer at o(SP): uint32 counts,
// or uint16 ones with COUNTW64.
#define COUNT(o) MOVL o(SP), AX; INCL (BX)(AX*4)
#define COUNTW(o) MOVL o(SP), AX; INCW (BX)(AX*2)
#define COUNTW8(o) COUNTW(o); COUNTW(o+4); COUNTW(o+8); COUNTW(o+12); COUNTW(o+16); COUNTW(o+20); COUNTW(o+24); COUNTW(o+28)
#define COUNTW64(o) COUNTW8(o); COUNTW8(o+32); COUNTW8(o+64); COUNTW8(o+96); COUNTW8(o+128); COUNTW8(o+160); COUNTW8(o+192); COUNTW8(o+224)
#define COUNT8(o) COUNT(o); COUNT(o+4); COUNT(o+8); COUNT(o+12); COUNT(o+16); COUNT(o+20); COUNT(o+24); COUNT(o+28)
#define COUNT64(o) COUNT8(o); COUNT8(o+32); COUNT8(o+64); COUNT8(o+96); COUNT8(o+128); COUNT8(o+160); COUNT8(o+192); COUNT8(o+224)

// KERNEL is the body of both kernels, with COUNTS the macro that counts 64
// cells: two 256-byte buffers, so that the cells of the next 64 ratings are
// computed while the last 64 are counted.
#define KERNEL(COUNTS) \
	MOVQ ratings+0(FP), SI; \
	MOVQ groups+8(FP), DI; \
	MOVQ n+16(FP), CX; \
	MOVQ tab+24(FP), BX; \
	MOVQ k+32(FP), DX; \
	VPBROADCASTD 0(DX), Z20; \
	VPBROADCASTD 4(DX), Z21; \
	VPBROADCASTD 8(DX), Z22; \
	VPBROADCASTD 12(DX), Z23; \
	VMOVDQU32 16(DX), Z24; \
	VPXORD Z25, Z25, Z25; \
	XORQ R8, R8; \
	SUBQ $128, CX; \
	CELLS(0, 0); \
	JZ last; \
loop: \
	CELLS(64, 256); \
	COUNTS(0); \
	ADDQ $128, R8; \
	CELLS(0, 0); \
	COUNTS(256); \
	CMPQ R8, CX; \
	JLT loop; \
last: \
	CELLS(64, 256); \
	COUNTS(0); \
	COUNTS(256); \
	VMOVDQU32 Z25, 80(DX); \
	VZEROUPPER; \
	RET

// Registers: SI ratings, DI groups, CX n − 128, BX tab, DX k, R8 the index;
// Z20 NG, Z21 Min, Z22 Clamp, Z23 N, Z24 Cls, Z25 the largest d (stored to
// k.Max at the end).

// func countCells128(ratings *uint8, groups *int32, n int, tab *uint32, k *kernel)
TEXT ·countCells128(SB), NOSPLIT, $512-40
	KERNEL(COUNT64)

// func countCells128w(ratings *uint8, groups *int32, n int, tab *uint16, k *kernel)
TEXT ·countCells128w(SB), NOSPLIT, $512-40
	KERNEL(COUNTW64)
