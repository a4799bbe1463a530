//go:build !unix

package clv

import "time"

var processStart = time.Now()

// cpuTime falls back to the wall time where getrusage is not available.
func cpuTime() time.Duration { return time.Since(processStart) }
