//go:build !unix

package clv

import "time"

// spendCPUTime is not available here; the benchmarks then report 0.
func spendCPUTime() time.Duration { return 0 }
