//go:build !amd64 || purego

package funnel

// levelFirst says that runFast tries levelKernel before columnKernel: not
// here, where levelKernel's loops are in Go and columnKernel is faster (on
// the 10-million-event benchmark, 84–87 ms for levelKernel alone against
// 75–80 ms for the whole funnel). Tests still run levelKernel directly.
const levelFirst = false

func findSteps(name, cust []int32, t []int64, tab *stepTable, base int, prevC int32, prevT int64, steps []uint64) int {
	return findStepsGo(name, cust, t, tab.of, base, prevC, prevT, steps)
}

func pairSteps(steps []uint64, cust []int32, t []int64, lim uint64, a1 []arrival, deep []stepEvent, st *pairState) (na, nd int) {
	return pairStepsGo(steps, cust, t, lim, a1, deep, st)
}
