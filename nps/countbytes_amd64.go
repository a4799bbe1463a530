//go:build amd64 && !purego

package nps

import "golang.org/x/sys/cpu"

// useAVX512 says whether countBytes may use its AVX-512 loop; tests turn it
// off to check the other one.
var useAVX512 = cpu.X86.HasAVX512F && cpu.X86.HasAVX512BW && cpu.X86.HasPOPCNT

// countBytes counts the ratings ≥ 9 and ≥ 7; ok is false if a byte is
// above 10. With AVX-512 it takes 64 bytes at a time and leaves the rest
// to countBytesSWAR.
func countBytes(ratings []uint8) (pro, notDet int, ok bool) {
	if !useAVX512 || len(ratings) < 64 {
		return countBytesSWAR(ratings)
	}
	n := len(ratings) &^ 63
	pro, notDet, ok = countBytes64(ratings[:n])
	if !ok {
		return 0, 0, false
	}
	p, d, ok := countBytesSWAR(ratings[n:])
	return pro + p, notDet + d, ok
}

// countBytes64 is countBytes on a multiple of 64 bytes with AVX-512BW:
// three byte compares per 64 bytes, and the population counts of the
// masks.
//
//go:noescape
func countBytes64(ratings []uint8) (pro, notDet int, ok bool)
