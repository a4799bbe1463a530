//go:build amd64 && !purego

#include "textflag.h"

// The two loops of levelKernel that run over every event or every step
// event; see findStepsGo and pairStepsGo for what they do. Go's register
// allocator keeps their state in memory, which made them two to three
// times slower in Go.

// func findStepsScalar(name, cust []int32, t []int64, stepOf []uint8, base int, prevC, prevT int64, steps []uint64) int
TEXT ·findStepsScalar(SB), NOSPLIT, $0-152
	MOVQ name_base+0(FP), SI
	MOVQ name_len+8(FP), R12
	MOVQ cust_base+24(FP), R13
	MOVQ t_base+48(FP), R14
	MOVQ stepOf_base+72(FP), DI
	MOVQ prevC+104(FP), BX
	MOVQ prevT+112(FP), R15
	MOVQ steps_base+120(FP), R10
	XORQ R11, R11 // steps found
	XORQ CX, CX   // event index
	XORL R9, R9   // order broken
	TESTQ R12, R12
	JZ scalarDone

scalarLoop:
	MOVL (SI)(CX*4), AX // name code, zero-extended: a negative one fails the bound
	CMPQ AX, stepOf_len+80(FP)
	JAE scalarBad
	MOVBQZX (DI)(AX*1), AX // step, 255 if none

	// Order: the customer must not go down; within a customer, time must
	// rise (R9 collects the second).
	MOVLQSX (R13)(CX*4), DX
	CMPQ DX, BX
	JLT scalarBad
	SETEQ R8B
	MOVQ DX, BX
	MOVQ (R14)(CX*8), DX
	CMPQ DX, R15
	MOVQ DX, R15
	SETLE DL
	ANDB R8B, DL
	ORB DL, R9B

	MOVQ base+96(FP), DX
	ADDQ CX, DX // position
	MOVQ AX, R8
	SHLQ $32, R8
	ORQ R8, DX
	MOVQ DX, (R10)(R11*8) // written for every event
	CMPB AL, $255
	ADCQ $0, R11          // kept for a step
	INCQ CX
	CMPQ CX, R12
	JB scalarLoop

scalarDone:
	TESTB R9B, R9B
	JNZ scalarBad
	MOVQ R11, ret+144(FP)
	RET

scalarBad:
	MOVQ $-1, ret+144(FP)
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

// func findSteps16(name, cust []int32, t []int64, vec *[32]uint32, ncodes, base int, prevC, prevT int64, steps []uint64) int
//
// 16 events at a time: check the name codes against ncodes and the order
// of (customer, time) against each event's predecessor (lane 15 of the
// last customers, lane 7 of the last times, shifted in with VALIGN), look
// the steps up in the 32-entry table with one two-table permute, and for
// each half of 8 compress the entries (position | step<<32) of the steps
// to the front and store all 8; the next store starts where the kept ones
// end.
TEXT ·findSteps16(SB), NOSPLIT, $0-144
	MOVQ name_base+0(FP), SI
	MOVQ name_len+8(FP), R12
	ANDQ $-16, R12
	MOVQ cust_base+24(FP), R8
	MOVQ t_base+48(FP), R9
	MOVQ vec+72(FP), AX
	VMOVDQU32 (AX), Z20
	VMOVDQU32 64(AX), Z21
	VPBROADCASTD ncodes+80(FP), Z22
	MOVL $255, AX
	VPBROADCASTD AX, Z23
	MOVQ base+88(FP), AX
	VPBROADCASTQ AX, Z24
	VPADDQ iota8<>(SB), Z24, Z24 // positions of lanes 0-7
	MOVQ $8, AX
	VPBROADCASTQ AX, Z25
	VPADDQ Z25, Z24, Z26 // positions of lanes 8-15
	MOVQ $16, AX
	VPBROADCASTQ AX, Z27
	VPBROADCASTD prevC+96(FP), Z12
	VPBROADCASTQ prevT+104(FP), Z13
	MOVQ steps_base+112(FP), DI
	XORQ R11, R11 // steps found
	XORQ CX, CX   // event index
	CMPQ CX, R12
	JAE vecDone

vecLoop:
	VMOVDQU32 (SI)(CX*4), Z1
	VPCMPUD $5, Z22, Z1, K1 // code ≥ ncodes (a negative one too)
	VMOVDQU32 (R8)(CX*4), Z10
	VALIGND $15, Z12, Z10, Z11 // each event's previous customer
	VPCMPD $1, Z11, Z10, K4    // customer went down
	VPCMPD $0, Z11, Z10, K5    // same customer
	VMOVDQU64 (R9)(CX*8), Z14
	VMOVDQU64 64(R9)(CX*8), Z15
	VALIGNQ $7, Z13, Z14, Z16 // each event's previous time
	VALIGNQ $7, Z14, Z15, Z17
	VPCMPQ $2, Z16, Z14, K6 // time did not rise
	VPCMPQ $2, Z17, Z15, K7
	KUNPCKBW K6, K7, K6
	KANDW K5, K6, K6
	KORW K4, K6, K6
	KORW K1, K6, K6
	KORTESTW K6, K6
	JNZ vecBad
	VMOVDQA64 Z10, Z12
	VMOVDQA64 Z15, Z13

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
	MOVQ R11, ret+136(FP)
	RET

vecBad:
	VZEROUPPER
	MOVQ $-1, ret+136(FP)
	RET

// pairState field offsets.
#define c12key 0
#define t12 8
#define last1key 16
#define starters 24

// func pairSteps(steps []uint64, cust []int32, t []int64, lim uint64, a1 []arrival, deep []stepEvent, st *pairState) (na, nd int)
//
// Registers: SI the next step event, BX cust, DI t, R9 and R11 where the
// next arrival and later-step event go, R15 c12key, R12 t12, R10 last1key,
// R13 starters. Local: the end of steps.
TEXT ·pairSteps(SB), NOSPLIT, $8-152
	MOVQ steps_base+0(FP), SI
	MOVQ steps_len+8(FP), AX
	LEAQ (SI)(AX*8), AX
	MOVQ AX, 0(SP)
	MOVQ cust_base+24(FP), BX
	MOVQ t_base+48(FP), DI
	MOVQ a1_base+80(FP), R9
	MOVQ deep_base+104(FP), R11
	MOVQ st+128(FP), AX
	MOVQ c12key(AX), R15
	MOVQ t12(AX), R12
	MOVQ last1key(AX), R10
	MOVQ starters(AX), R13
	CMPQ SI, 0(SP)
	JAE pairDone

pairLoop:
	MOVQ (SI), AX          // position | step<<32
	MOVL AX, CX            // position
	SHRQ $32, AX           // step m, below 256
	MOVLQSX (BX)(CX*4), DX // customer c
	MOVQ (DI)(CX*8), R8    // time
	MOVQ DX, R14
	SHLQ $32, R14
	ORQ CX, R14            // position | c<<32

	// Both records, written for every event (arrival: t, start, and
	// position and customer; later step: t, position and customer, step,
	// arrivals so far).
	MOVQ R8, 0(R9)
	MOVQ R12, 8(R9)
	MOVQ R14, 24(R9)
	MOVQ R8, 0(R11)
	MOVQ R14, 8(R11)
	MOVL AX, 16(R11)
	MOVQ R9, CX
	SUBQ a1_base+80(FP), CX
	SHRQ $5, CX
	MOVL CX, 20(R11) // arrivals so far
	SHLQ $8, DX
	ORQ AX, DX // key = c<<8 | m

	// A step 2 right after a step 1 of the same customer (key == c12key),
	// in time, keeps its arrival.
	MOVQ R8, CX
	SUBQ R12, CX
	LEAQ 32(R9), R14
	CMPQ DX, R15
	CMOVQNE R9, R14
	CMPQ CX, lim+72(FP)
	CMOVQHI R9, R14
	MOVQ R14, R9

	// A step 1 of a customer not seen with one yet changes last1key.
	MOVQ R10, R14
	TESTB AL, AL
	CMOVQEQ DX, R10
	SUBQ R10, R14
	NEGQ R14 // carry: it changed
	ADCQ $0, R13

	// A step 1 or 2 becomes the last one (c12key = key + 127m + 1); a
	// later step (m ≥ 2) keeps its record.
	IMUL3Q $127, AX, CX
	LEAQ 1(DX)(CX*1), CX
	LEAQ 24(R11), R14
	CMPB AL, $2
	CMOVQCS CX, R15
	CMOVQCS R8, R12
	CMOVQCC R14, R11

	ADDQ $8, SI
	CMPQ SI, 0(SP)
	JB pairLoop

pairDone:
	MOVQ st+128(FP), AX
	MOVQ R15, c12key(AX)
	MOVQ R12, t12(AX)
	MOVQ R10, last1key(AX)
	MOVQ R13, starters(AX)
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
