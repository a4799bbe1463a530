//go:build unix

package clv

import (
	"syscall"
	"time"
)

// spendCPUTime returns the CPU time (user + system) of the process so far,
// which the spend benchmarks report per operation next to the wall time:
// on a shared machine it moves much less with the load than the wall time.
func spendCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
