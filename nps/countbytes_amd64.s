//go:build amd64 && !purego

#include "textflag.h"

// func countBytes64(ratings []uint8) (pro, notDet int, ok bool)
//
// 64 ratings at a time: K1 marks the bytes ≥ 9, K2 those ≥ 7, K3 those
// above 10 (collected in K4 and checked once at the end); the counts are
// the population counts of K1 and K2.
TEXT ·countBytes64(SB), NOSPLIT, $0-41
	MOVQ ratings_base+0(FP), SI
	MOVQ ratings_len+8(FP), CX
	ANDQ $-64, CX
	ADDQ SI, CX // end
	MOVL $9, AX
	VPBROADCASTB AX, Z9
	MOVL $7, AX
	VPBROADCASTB AX, Z7
	MOVL $10, AX
	VPBROADCASTB AX, Z10
	KXORQ K4, K4, K4
	XORQ R8, R8 // ≥ 9
	XORQ R9, R9 // ≥ 7
	CMPQ SI, CX
	JAE done

loop:
	VMOVDQU8 (SI), Z0
	VPCMPUB $5, Z9, Z0, K1  // ≥ 9
	VPCMPUB $5, Z7, Z0, K2  // ≥ 7
	VPCMPUB $6, Z10, Z0, K3 // > 10
	KORQ K3, K4, K4
	KMOVQ K1, AX
	POPCNTQ AX, AX
	ADDQ AX, R8
	KMOVQ K2, BX
	POPCNTQ BX, BX
	ADDQ BX, R9
	ADDQ $64, SI
	CMPQ SI, CX
	JB loop

done:
	VZEROUPPER
	MOVQ R8, pro+24(FP)
	MOVQ R9, notDet+32(FP)
	KORTESTQ K4, K4
	SETEQ ok+40(FP)
	RET
