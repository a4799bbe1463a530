//go:build amd64 && !purego

#include "textflag.h"

// Vector kernels of k-means over the panel layout (see panel.go): one ZMM
// register holds one feature of eight points, and each lane evaluates the
// expression of sqDist: d = x − c, the product d·d rounded (no fused
// multiply-add), four running sums over the features f ≡ 0..3 (mod 4),
// combined as (s0 + s1) + (s2 + s3). The nearest centre of a lane is
// tracked with a strict "<", as in the scalar scan: ties go to the lower
// index.

// LOAD8 loads the 8-feature panel at SI, one feature of eight points per
// register, into Z0–Z7.
#define LOAD8 \
	VMOVUPD 0(SI), Z0 \
	VMOVUPD 64(SI), Z1 \
	VMOVUPD 128(SI), Z2 \
	VMOVUPD 192(SI), Z3 \
	VMOVUPD 256(SI), Z4 \
	VMOVUPD 320(SI), Z5 \
	VMOVUPD 384(SI), Z6 \
	VMOVUPD 448(SI), Z7

// SQSUM8 squares the differences in r0–r7 and sums them, in the order of
// sqDist, into r0.
#define SQSUM8(r0, r1, r2, r3, r4, r5, r6, r7) \
	VMULPD r0, r0, r0 \
	VMULPD r1, r1, r1 \
	VMULPD r2, r2, r2 \
	VMULPD r3, r3, r3 \
	VMULPD r4, r4, r4 \
	VMULPD r5, r5, r5 \
	VMULPD r6, r6, r6 \
	VMULPD r7, r7, r7 \
	VADDPD r4, r0, r0 \
	VADDPD r5, r1, r1 \
	VADDPD r6, r2, r2 \
	VADDPD r7, r3, r3 \
	VADDPD r1, r0, r0 \
	VADDPD r3, r2, r2 \
	VADDPD r2, r0, r0

// DISTC8 leaves in r0 the squared distances of the panel in Z0–Z7 to the
// centre of 8 features at c, using r1–r7 as scratch.
#define DISTC8(c, r0, r1, r2, r3, r4, r5, r6, r7) \
	VSUBPD.BCST 0(c), Z0, r0 \
	VSUBPD.BCST 8(c), Z1, r1 \
	VSUBPD.BCST 16(c), Z2, r2 \
	VSUBPD.BCST 24(c), Z3, r3 \
	VSUBPD.BCST 32(c), Z4, r4 \
	VSUBPD.BCST 40(c), Z5, r5 \
	VSUBPD.BCST 48(c), Z6, r6 \
	VSUBPD.BCST 56(c), Z7, r7 \
	SQSUM8(r0, r1, r2, r3, r4, r5, r6, r7)

// BCAST8 broadcasts each of the 8 features of the centre at BX to a
// register, Z20–Z27.
#define BCAST8 \
	VBROADCASTSD 0(BX), Z20 \
	VBROADCASTSD 8(BX), Z21 \
	VBROADCASTSD 16(BX), Z22 \
	VBROADCASTSD 24(BX), Z23 \
	VBROADCASTSD 32(BX), Z24 \
	VBROADCASTSD 40(BX), Z25 \
	VBROADCASTSD 48(BX), Z26 \
	VBROADCASTSD 56(BX), Z27

// DIST8 leaves in Z0 the squared distances of the 8-feature panel at SI to
// the centre in Z20–Z27 (BCAST8), using Z1–Z7 as scratch.
#define DIST8 \
	VSUBPD 0(SI), Z20, Z0 \
	VSUBPD 64(SI), Z21, Z1 \
	VSUBPD 128(SI), Z22, Z2 \
	VSUBPD 192(SI), Z23, Z3 \
	VSUBPD 256(SI), Z24, Z4 \
	VSUBPD 320(SI), Z25, Z5 \
	VSUBPD 384(SI), Z26, Z6 \
	VSUBPD 448(SI), Z27, Z7 \
	SQSUM8(Z0, Z1, Z2, Z3, Z4, Z5, Z6, Z7)

// ZERO4 clears the four running sums Z12–Z15 of the general kernels.
#define ZERO4 \
	VPXORQ Z12, Z12, Z12 \
	VPXORQ Z13, Z13, Z13 \
	VPXORQ Z14, Z14, Z14 \
	VPXORQ Z15, Z15, Z15

// QUAD adds to Z12–Z15 the squared differences of the next four features of
// the panel at p and the centre at R9, and steps p and R9 past them.
#define QUAD(p) \
	VMOVUPD 0(p), Z16 \
	VMOVUPD 64(p), Z17 \
	VMOVUPD 128(p), Z18 \
	VMOVUPD 192(p), Z19 \
	VSUBPD.BCST 0(R9), Z16, Z16 \
	VSUBPD.BCST 8(R9), Z17, Z17 \
	VSUBPD.BCST 16(R9), Z18, Z18 \
	VSUBPD.BCST 24(R9), Z19, Z19 \
	VMULPD Z16, Z16, Z16 \
	VMULPD Z17, Z17, Z17 \
	VMULPD Z18, Z18, Z18 \
	VMULPD Z19, Z19, Z19 \
	VADDPD Z16, Z12, Z12 \
	VADDPD Z17, Z13, Z13 \
	VADDPD Z18, Z14, Z14 \
	VADDPD Z19, Z15, Z15 \
	ADDQ $256, p \
	ADDQ $32, R9

// FOLD4 combines the running sums as (s0 + s1) + (s2 + s3) into dst.
#define FOLD4(dst) \
	VADDPD Z13, Z12, Z12 \
	VADDPD Z15, Z14, Z14 \
	VADDPD Z14, Z12, dst

// DISTG leaves in dst the squared distances of the panel at SI (R13 groups
// of four features) to the centre at BX, and steps SI past the panel; loop
// names the label of its loop over the groups, which must differ per use.
#define DISTG(loop, dst) \
	ZERO4 \
	MOVQ   BX, R9 \
	MOVQ   R13, R12 \
loop: \
	QUAD(SI) \
	DECQ R12 \
	JNZ  loop \
	FOLD4(dst)

// CMPMOVE keeps, in lanes where the distance in Z11 is below the best so
// far (Z8), Z11 as the new best and the centre index Z10 in Z9; then it
// steps the centre index.
#define CMPMOVE \
	VCMPPD     $1, Z8, Z11, K1 \
	VMOVAPD    Z11, K1, Z8     \
	VMOVDQA64  Z10, K1, Z9     \
	VPADDQ     Z30, Z10, Z10

// NEARCONST sets the constants of the nearest-centre kernels: +Inf in every
// lane of Z31 (the starting best distance), 1 in every lane of Z30 (the
// step of the centre index).
#define NEARCONST \
	MOVQ $0x7FF0000000000000, AX \
	VPBROADCASTQ AX, Z31 \
	MOVQ $1, AX \
	VPBROADCASTQ AX, Z30

// NEARSTART starts the search of one panel: best distance Z8 = +Inf, best
// index Z9 = 0, centre index Z10 = 0, R9 at the first centre (BX) and R10 =
// the number of centres (DX) to go.
#define NEARSTART \
	VMOVAPD Z31, Z8 \
	VPXORQ  Z9, Z9, Z9 \
	VPXORQ  Z10, Z10, Z10 \
	MOVQ    BX, R9 \
	MOVQ    DX, R10

// NEARSTORE writes the panel's best indices (as int32) to DI and best
// distances to R8, and steps SI by step bytes (one panel) and DI and R8 by
// one panel's results.
#define NEARSTORE(step) \
	VPMOVQD Z9, (DI) \
	VMOVUPD Z8, (R8) \
	ADDQ step, SI \
	ADDQ $32, DI \
	ADDQ $64, R8

// func nearestPanels8(xt *float64, panels int, c *float64, k int, labels *int32, dist *float64)
TEXT ·nearestPanels8(SB), NOSPLIT, $0-48
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ c+16(FP), BX
	MOVQ k+24(FP), DX
	MOVQ labels+32(FP), DI
	MOVQ dist+40(FP), R8
	NEARCONST
	TESTQ CX, CX
	JZ   done8
	TESTQ DX, DX
	JZ   done8

panel8:
	LOAD8
	NEARSTART

centre8:
	DISTC8(R9, Z11, Z12, Z13, Z14, Z15, Z16, Z17, Z18)
	CMPMOVE
	ADDQ $64, R9
	DECQ R10
	JNZ  centre8

	NEARSTORE($512)
	DECQ CX
	JNZ  panel8

done8:
	VZEROUPPER
	RET

// func nearestPanels(xt *float64, panels, dp int, c *float64, k int, labels *int32, dist *float64)
TEXT ·nearestPanels(SB), NOSPLIT, $0-56
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ dp+16(FP), R13
	MOVQ c+24(FP), BX
	MOVQ k+32(FP), DX
	MOVQ labels+40(FP), DI
	MOVQ dist+48(FP), R8
	NEARCONST
	MOVQ R13, R14
	SHLQ $6, R14 // bytes per panel
	SHRQ $2, R13 // groups of four features
	TESTQ CX, CX
	JZ   doneg
	TESTQ DX, DX
	JZ   doneg
	TESTQ R13, R13
	JZ   doneg

panelg:
	NEARSTART

centreg:
	ZERO4
	MOVQ   SI, R11
	MOVQ   R13, R12

quadg:
	QUAD(R11)
	DECQ R12
	JNZ  quadg

	FOLD4(Z11)
	CMPMOVE
	DECQ R10
	JNZ  centreg

	NEARSTORE(R14)
	DECQ CX
	JNZ  panelg

doneg:
	VZEROUPPER
	RET

// func distPanels8(xt *float64, panels int, c *float64, out *float64)
TEXT ·distPanels8(SB), NOSPLIT, $0-32
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ c+16(FP), BX
	MOVQ out+24(FP), DI
	TESTQ CX, CX
	JZ   ddone8
	BCAST8

dloop8:
	DIST8
	VMOVUPD Z0, (DI)
	ADDQ $512, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  dloop8

ddone8:
	VZEROUPPER
	RET

// func distPanels(xt *float64, panels, dp int, c *float64, out *float64)
TEXT ·distPanels(SB), NOSPLIT, $0-40
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ dp+16(FP), R13
	MOVQ c+24(FP), BX
	MOVQ out+32(FP), DI
	SHRQ $2, R13
	TESTQ CX, CX
	JZ   ddoneg
	TESTQ R13, R13
	JZ   ddoneg

dpanelg:
	DISTG(dquadg, Z12)
	VMOVUPD Z12, (DI)
	ADDQ $64, DI
	DECQ CX
	JNZ  dpanelg

ddoneg:
	VZEROUPPER
	RET

// func minSumPanels8(xt *float64, panels int, c *float64, closest *float64, acc *float64, out *float64)
//
// For every panel: the squared distance of its 8 rows to c, written to out,
// and its minimum with closest (8 values per panel), added lane by lane to
// acc[0..7].
TEXT ·minSumPanels8(SB), NOSPLIT, $0-48
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ c+16(FP), BX
	MOVQ closest+24(FP), DI
	MOVQ acc+32(FP), R8
	MOVQ out+40(FP), DX
	TESTQ CX, CX
	JZ   mdone8
	VMOVUPD (R8), Z29
	BCAST8

mloop8:
	DIST8
	VMOVUPD Z0, (DX)
	VMINPD (DI), Z0, Z0
	VADDPD Z0, Z29, Z29
	ADDQ $512, SI
	ADDQ $64, DI
	ADDQ $64, DX
	DECQ CX
	JNZ  mloop8

	VMOVUPD Z29, (R8)

mdone8:
	VZEROUPPER
	RET

// func minSumPanels(xt *float64, panels, dp int, c *float64, closest *float64, acc *float64, out *float64)
TEXT ·minSumPanels(SB), NOSPLIT, $0-56
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ dp+16(FP), R13
	MOVQ c+24(FP), BX
	MOVQ closest+32(FP), DI
	MOVQ acc+40(FP), R8
	MOVQ out+48(FP), DX
	SHRQ $2, R13
	TESTQ CX, CX
	JZ   mdoneg
	TESTQ R13, R13
	JZ   mdoneg
	VMOVUPD (R8), Z29

mpanelg:
	DISTG(mquadg, Z12)
	VMOVUPD Z12, (DX)
	VMINPD (DI), Z12, Z12
	VADDPD Z12, Z29, Z29
	ADDQ $64, DI
	ADDQ $64, DX
	DECQ CX
	JNZ  mpanelg

	VMOVUPD Z29, (R8)

mdoneg:
	VZEROUPPER
	RET

// func tightenPanels(xt *float64, panels, dp int, c *float64, cnum int, closest *float64, labels *int32, lower *float64, acc *float64)
//
// For every panel: v = squared distance to c (8 features in registers when
// dp = 8, else groups of four); where v < closest, the label becomes cnum
// (a masked store); closest = min(closest, v); lower = min(lower,
// max(old closest, v)) unless lower is nil; acc += the new closest.
TEXT ·tightenPanels(SB), NOSPLIT, $0-72
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ dp+16(FP), R13
	MOVQ c+24(FP), BX
	MOVQ cnum+32(FP), AX
	MOVQ closest+40(FP), DI
	MOVQ labels+48(FP), DX
	MOVQ lower+56(FP), R10
	MOVQ acc+64(FP), R8
	TESTQ CX, CX
	JZ   tdone
	VPBROADCASTD AX, Y28
	VMOVUPD (R8), Z29
	XORQ R11, R11 // 1 for the 8-feature loop
	CMPQ R13, $8
	JNE  tgeneral
	MOVQ $1, R11
	BCAST8

tloop8:
	DIST8
	ADDQ $512, SI
	JMP  tupdate

tgeneral:
	SHRQ $2, R13

tpanelg:
	DISTG(tquadg, Z0)

tupdate:
	// Z0 = v, Z1 = near
	VMOVUPD   (DI), Z1
	VCMPPD    $1, Z1, Z0, K1
	VMOVDQU32 Y28, K1, (DX)
	VMINPD    Z0, Z1, Z2
	VMOVUPD   Z2, (DI)
	VADDPD    Z2, Z29, Z29
	TESTQ     R10, R10
	JZ        tnext
	VMAXPD    Z0, Z1, Z3
	VMINPD    (R10), Z3, Z3
	VMOVUPD   Z3, (R10)
	ADDQ      $64, R10

tnext:
	ADDQ $64, DI
	ADDQ $32, DX
	DECQ CX
	JZ   tend
	TESTQ R11, R11
	JNZ  tloop8
	JMP  tpanelg

tend:
	VMOVUPD Z29, (R8)

tdone:
	VZEROUPPER
	RET

// func minSumPanels8Multi(xt *float64, panels int, cands *float64, trials int, closest *float64, acc *float64)
//
// minSumPanels8 for several candidates at once: each panel is loaded once
// and compared with every candidate (cands: trials × 8, row-major); acc
// holds trials × 8 lane sums, candidate t's at acc[8t..8t+7]. Per
// candidate, the arithmetic and its order are minSumPanels8's.
TEXT ·minSumPanels8Multi(SB), NOSPLIT, $0-48
	MOVQ xt+0(FP), SI
	MOVQ panels+8(FP), CX
	MOVQ cands+16(FP), BX
	MOVQ trials+24(FP), R10
	MOVQ closest+32(FP), DI
	MOVQ acc+40(FP), R8
	TESTQ CX, CX
	JZ   xdone
	TESTQ R10, R10
	JZ   xdone

xloop:
	LOAD8
	VMOVUPD (DI), Z24
	MOVQ BX, R11
	MOVQ R8, R9
	MOVQ R10, R12

xcand:
	DISTC8(R11, Z8, Z9, Z10, Z11, Z12, Z13, Z14, Z15)
	VMINPD Z24, Z8, Z8
	VADDPD (R9), Z8, Z8
	VMOVUPD Z8, (R9)
	ADDQ $64, R11
	ADDQ $64, R9
	DECQ R12
	JNZ  xcand

	ADDQ $512, SI
	ADDQ $64, DI
	DECQ CX
	JNZ  xloop

xdone:
	VZEROUPPER
	RET

// func prefetchRows(x *float64, idx *int, n int, rowBytes int)
//
// prefetchRows asks for the first and the last cache line of rows idx[0..n)
// of x (rowBytes bytes per row) to be brought into the caches: a hint with
// no effect on results, which lets a gather of random rows wait on many
// memory reads at once instead of one after another.
TEXT ·prefetchRows(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ idx+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ rowBytes+24(FP), DX
	TESTQ CX, CX
	JZ   pfdone

pfloop:
	MOVQ (DI), AX
	IMULQ DX, AX
	ADDQ SI, AX
	PREFETCHT0 (AX)
	PREFETCHT0 -8(AX)(DX*1)
	ADDQ $8, DI
	DECQ CX
	JNZ  pfloop

pfdone:
	RET
