//go:build amd64 && !purego

package journey

// findSteps is findStepsGo in assembly.
//
//go:noescape
func findSteps(name []int32, stepOf []uint8, base int, steps *[levelBlock]uint64) int

// pairSteps is pairStepsGo in assembly.
//
//go:noescape
func pairSteps(steps []uint64, cust []int32, t []int64, lim uint64, a1 []arrival, deep []stepEvent, st *pairState) (na, nd int)
