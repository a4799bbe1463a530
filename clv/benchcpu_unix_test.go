//go:build unix

package clv

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user + system, all threads) used by the
// process so far, and true.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
