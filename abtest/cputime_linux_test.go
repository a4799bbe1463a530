package abtest

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system, all threads) used by the
// process so far, so that benchmarks on a shared machine can report CPU
// time per operation next to wall time (the peers report both).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
