//go:build amd64 && !purego

package likert

import (
	"slices"

	"golang.org/x/sys/cpu"
)

// useAVX512 says whether countBlock may use its AVX-512 kernel (it needs
// AVX-512F only); tests turn it off to check the Go loop.
var useAVX512 = cpu.X86.HasAVX512F

// countBlock counts ratings into tab (see [kernel]) and reports whether it
// saw a bad rating. With AVX-512 the kernel takes 128 ratings per step: it
// computes their cells 16 at a time in vector registers and stores them to
// a buffer on the stack, and scalar increments count them (one
// read-modify-write per rating; no vector scatter, which is slower than
// that). It computes the next 64 cells while it counts the last 64, so
// that no load waits for the store that wrote its cell. The rest (under
// 128 ratings) goes to the Go loop; both give the same counts.
func countBlock[T uint16 | uint32](ratings []uint8, groups []int32, tab []T, k *kernel) bool {
	n := len(ratings) &^ 127
	bad := false
	if useAVX512 && n > 0 && k.Clamp < uint32(len(k.Cls)) && len(tab) >= int(k.NG+1)*int(k.N) && len(groups) >= n {
		switch t := any(tab).(type) {
		case []uint16:
			countCells128w(&ratings[0], &groups[0], n, &t[0], k)
		case []uint32:
			countCells128(&ratings[0], &groups[0], n, &t[0], k)
		}
		bad = slices.Contains(k.Max[:], k.Clamp)
		ratings, groups = ratings[n:], groups[n:]
	}
	return countBlockGo(ratings, groups, tab, k) || bad
}

// countCells128 counts n ratings (a positive multiple of 128) into tab,
// which has at least (k.NG + 1)·k.N cells: every cell it touches is
// min(g, NG)·N + Cls[…] with Cls[…] below N. It stores the largest d of
// each lane in k.Max.
//
//go:noescape
func countCells128(ratings *uint8, groups *int32, n int, tab *uint32, k *kernel)

// countCells128w is countCells128 for a table of uint16 counts.
//
//go:noescape
func countCells128w(ratings *uint8, groups *int32, n int, tab *uint16, k *kernel)
