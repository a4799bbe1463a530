//go:build amd64 && !purego

package funnel

import "golang.org/x/sys/cpu"

// levelFirst says that runFast tries levelKernel before columnKernel: with
// its loops in assembly it is the faster of the two.
const levelFirst = true

// useAVX512 says whether findSteps may use its AVX-512 loop; tests turn it
// off to check the scalar one.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasPOPCNT

// findSteps is findStepsGo in assembly: with AVX-512, 16 events at a time
// when there are at most 32 name codes, and one at a time otherwise.
func findSteps(name, cust []int32, t []int64, tab *stepTable, base int, prevC int32, prevT int64, steps []uint64) int {
	cust = cust[:len(name)]
	t = t[:len(name)]
	n, done := 0, 0
	if useAVX512 && len(tab.of) <= len(tab.vec) && len(name) >= 16 {
		if n = findSteps16(name, cust, t, &tab.vec, len(tab.of), base, int64(prevC), prevT, steps); n < 0 {
			return n
		}
		done = len(name) &^ 15
		prevC, prevT = cust[done-1], t[done-1]
	}
	if done < len(name) {
		m := findStepsScalar(name[done:], cust[done:], t[done:], tab.of, base+done, int64(prevC), prevT, steps[n:])
		if m < 0 {
			return m
		}
		n += m
	}
	return n
}

// findSteps16 runs over the first len(name) &^ 15 events with AVX-512.
//
//go:noescape
func findSteps16(name, cust []int32, t []int64, vec *[32]uint32, ncodes, base int, prevC, prevT int64, steps []uint64) int

// findStepsScalar is findStepsGo in assembly.
//
//go:noescape
func findStepsScalar(name, cust []int32, t []int64, stepOf []uint8, base int, prevC, prevT int64, steps []uint64) int

// pairSteps is pairStepsGo in assembly.
//
//go:noescape
func pairSteps(steps []uint64, cust []int32, t []int64, lim uint64, a1 []arrival, deep []stepEvent, st *pairState) (na, nd int)
