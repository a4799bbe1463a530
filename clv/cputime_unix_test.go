//go:build unix

package clv

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user + system) used by the process so
// far, for time budgets that should not depend on the machine's load.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
