//go:build !linux

package abtest

import "time"

// cpuTime is not measured on this platform; benchmarks report 0.
func cpuTime() time.Duration { return 0 }
