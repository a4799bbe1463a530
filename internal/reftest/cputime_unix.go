//go:build unix

package reftest

import (
	"syscall"
	"time"
)

// CPUTime returns the CPU time (user + system, all threads) the process has
// used so far, so that benchmarks on a shared, loaded machine can report the
// CPU cost of an operation next to its wall time, as the Python peers do
// (cpu_median_s). It returns 0 if the time is unavailable.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
