//go:build amd64 && !purego

#include "textflag.h"

// The two loops of levelKernel that run over every event or every step
// event; see findStepsGo and pairStepsGo for what they do. Go's register
// allocator keeps their state in memory, which makes them two to three
// times slower.

// func findStepsScalar(name []int32, stepOf []uint8, base int, steps []uint64) int
TEXT ·findStepsScalar(SB), NOSPLIT, $0-88
	MOVQ name_base+0(FP), SI
	MOVQ name_len+8(FP), R12
	MOVQ stepOf_base+24(FP), DI
	MOVQ stepOf_len+32(FP), R8
	MOVQ base+48(FP), R9
	MOVQ steps_base+56(FP), R10
	XORQ R11, R11 // steps found
	XORQ CX, CX   // event index
	TESTQ R12, R12
	JZ scalarDone

scalarLoop:
	MOVL (SI)(CX*4), AX // name code, zero-extended: a negative one fails the bound
	CMPQ AX, R8
	JAE scalarBad
	MOVBQZX (DI)(AX*1), AX // step, 255 if none
	LEAQ (R9)(CX*1), DX    // position
	MOVQ AX, BX
	SHLQ $32, BX
	ORQ BX, DX
	MOVQ DX, (R10)(R11*8)  // written for every event
	CMPB AL, $255
	ADCQ $0, R11           // kept for a step
	INCQ CX
	CMPQ CX, R12
	JB scalarLoop

scalarDone:
	MOVQ R11, ret+80(FP)
	RET

scalarBad:
	MOVQ $-1, ret+80(FP)
	RET

DATA iota8<>+0(SB)/8, $0
DATA iota8<>+8(SB)/8, $1
DATA iota8<>+16(SB)/8, $2
DATA iota8<>+24(SB)/8, $3
DATA iota8<>+32(SB)/8, $4
DATA iota8<>+40(SB)/8, $5
DATA iota8<>+48(SB)/8, $6
DATA iota8<>+56(SB)/8, $7
GLOBL iota8<>(SB), RODATA|NOPTR, $64

// func findSteps16(name []int32, vec *[32]uint32, ncodes, base int, steps []uint64) int
//
// 16 names at a time: check the codes against ncodes, look their steps up
// in the 32-entry table with one two-table permute, and for each half of 8
// compress the entries (position | step<<32) of the steps to the front
// and store all 8; the next store starts where the kept ones end.
TEXT ·findSteps16(SB), NOSPLIT, $0-80
	MOVQ name_base+0(FP), SI
	MOVQ name_len+8(FP), R12
	ANDQ $-16, R12
	MOVQ vec+24(FP), AX
	VMOVDQU32 (AX), Z20
	VMOVDQU32 64(AX), Z21
	VPBROADCASTD ncodes+32(FP), Z22
	MOVL $255, AX
	VPBROADCASTD AX, Z23
	MOVQ base+40(FP), AX
	VPBROADCASTQ AX, Z24
	VPADDQ iota8<>(SB), Z24, Z24 // positions of lanes 0-7
	MOVQ $8, AX
	VPBROADCASTQ AX, Z25
	VPADDQ Z25, Z24, Z26 // positions of lanes 8-15
	MOVQ $16, AX
	VPBROADCASTQ AX, Z27
	MOVQ steps_base+48(FP), DI
	XORQ R11, R11 // steps found
	XORQ CX, CX   // event index
	CMPQ CX, R12
	JAE vecDone

vecLoop:
	VMOVDQU32 (SI)(CX*4), Z1
	VPCMPUD $5, Z22, Z1, K1 // code ≥ ncodes (a negative one too)
	KORTESTW K1, K1
	JNZ vecBad
	VMOVDQA64 Z20, Z2
	VPERMT2D Z21, Z1, Z2    // Z2 = step of each code
	VPCMPUD $1, Z23, Z2, K2 // step < 255: a step event
	KMOVW K2, AX
	MOVL AX, DX

	VPMOVZXDQ Y2, Z3
	VPSLLQ $32, Z3, Z3
	VPORQ Z24, Z3, Z3
	VPCOMPRESSQ Z3, K2, Z4
	VMOVDQU64 Z4, (DI)(R11*8)
	ANDL $0xff, AX
	POPCNTL AX, AX
	ADDQ AX, R11

	VEXTRACTI64X4 $1, Z2, Y5
	VPMOVZXDQ Y5, Z5
	VPSLLQ $32, Z5, Z5
	VPORQ Z26, Z5, Z5
	KSHIFTRW $8, K2, K3
	VPCOMPRESSQ Z5, K3, Z6
	VMOVDQU64 Z6, (DI)(R11*8)
	SHRL $8, DX
	POPCNTL DX, DX
	ADDQ DX, R11

	VPADDQ Z27, Z24, Z24
	VPADDQ Z27, Z26, Z26
	ADDQ $16, CX
	CMPQ CX, R12
	JB vecLoop

vecDone:
	VZEROUPPER
	MOVQ R11, ret+72(FP)
	RET

vecBad:
	VZEROUPPER
	MOVQ $-1, ret+72(FP)
	RET

// pairState field offsets.
#define prevC 0
#define prevT 8
#define c12m 16
#define t12 24
#define last1x2 32
#define starters 40
#define bad 48

// func pairSteps(steps []uint64, cust []int32, t []int64, lim uint64, a1 []arrival, deep []stepEvent, st *pairState) (na, nd int)
//
// Registers: SI the next step event, BX cust, DI t, R9 and R11 where the
// next arrival and later-step event go, R13 and R14 the customer and time of
// the last step event, R15 and R12 c12m and t12, R10 last1x2. Locals: the
// end of steps, the order flag and the count of new starters.
TEXT ·pairSteps(SB), NOSPLIT, $24-152
	MOVQ steps_base+0(FP), SI
	MOVQ steps_len+8(FP), AX
	LEAQ (SI)(AX*8), AX
	MOVQ AX, 0(SP)
	MOVQ $0, 8(SP)
	MOVQ $0, 16(SP)
	MOVQ cust_base+24(FP), BX
	MOVQ t_base+48(FP), DI
	MOVQ a1_base+80(FP), R9
	MOVQ deep_base+104(FP), R11
	MOVQ st+128(FP), AX
	MOVQ prevC(AX), R13
	MOVQ prevT(AX), R14
	MOVQ c12m(AX), R15
	MOVQ t12(AX), R12
	MOVQ last1x2(AX), R10
	CMPQ SI, 0(SP)
	JAE pairDone

pairLoop:
	MOVQ (SI), AX          // position | step<<32
	MOVL AX, CX            // position
	SHRQ $32, AX           // step m, below 256
	MOVLQSX (BX)(CX*4), DX // customer c
	MOVQ (DI)(CX*8), R8    // time

	// Both records, written for every event (arrival: t, start, prev, pos,
	// cust; later step: t, pos, cust, step).
	MOVQ R8, 0(R9)
	MOVQ R12, 8(R9)
	MOVQ R12, 16(R9)
	MOVL CX, 24(R9)
	MOVL DX, 28(R9)
	MOVQ R8, 0(R11)
	MOVL CX, 8(R11)
	MOVL DX, 12(R11)
	MOVL AX, 16(R11)

	// Order: the customer must not go down; within a customer, time must rise.
	XORL CX, CX
	CMPQ R8, R14
	SETLE CL
	CMPQ DX, R13
	JLT pairDown
	SETEQ AH // AX is now m | same<<8; only AL is read below
	ANDB AH, CL
	ORB CL, 8(SP)
	MOVQ DX, R13
	MOVQ R8, R14

	// A later step (m ≥ 2) keeps its record.
	XORL CX, CX
	CMPB AL, $2
	SETCC CL
	LEAQ (CX)(CX*2), CX
	LEAQ (R11)(CX*8), R11

	// A step 2 right after a step 1 of the same customer, in time, keeps
	// its arrival.
	SHLQ $1, DX // 2c
	MOVQ R8, CX
	SUBQ R12, CX
	CMPQ CX, lim+72(FP)
	SETLS CL
	CMPQ R15, DX
	SETEQ CH
	ANDB CH, CL
	CMPB AL, $1
	SETEQ CH
	ANDB CH, CL
	MOVBQZX CL, CX
	SHLQ $5, CX
	ADDQ CX, R9

	// A step 1 of a customer not seen with one yet.
	XORL CX, CX
	TESTB AL, AL
	SETEQ CL
	CMPQ R10, DX
	SETNE CH
	ANDB CH, CL
	MOVBQZX CL, CX
	ADDQ CX, 16(SP)

	// Carry the state on.
	TESTB AL, AL
	CMOVQEQ DX, R10 // step 1: last1x2 = 2c
	MOVBQZX AL, CX
	ORQ DX, CX
	CMPB AL, $2
	CMOVQCS CX, R15 // step 1 or 2: c12m = 2c | m
	CMOVQCS R8, R12 //               t12 = time

	ADDQ $8, SI
	CMPQ SI, 0(SP)
	JB pairLoop

pairDone:
	MOVQ st+128(FP), AX
	MOVQ R13, prevC(AX)
	MOVQ R14, prevT(AX)
	MOVQ R15, c12m(AX)
	MOVQ R12, t12(AX)
	MOVQ R10, last1x2(AX)
	MOVQ 16(SP), CX
	ADDQ CX, starters(AX)
	MOVQ 8(SP), CX
	ORQ CX, bad(AX)
	MOVQ R9, CX
	SUBQ a1_base+80(FP), CX
	SHRQ $5, CX
	MOVQ CX, na+136(FP)
	MOVQ R11, AX
	SUBQ deep_base+104(FP), AX
	XORL DX, DX
	MOVQ $24, CX
	DIVQ CX
	MOVQ AX, nd+144(FP)
	RET

pairDown:
	MOVQ st+128(FP), AX
	ORQ $1, bad(AX)
	MOVQ $0, na+136(FP)
	MOVQ $0, nd+144(FP)
	RET
