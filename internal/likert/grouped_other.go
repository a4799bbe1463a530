//go:build !amd64 || purego

package likert

// countBlock counts ratings into tab (see [kernel]) and reports whether it
// saw a bad rating; without the assembly kernel it is the Go loop.
func countBlock[T uint16 | uint32](ratings []uint8, groups []int32, tab []T, k *kernel) bool {
	return countBlockGo(ratings, groups, tab, k)
}
