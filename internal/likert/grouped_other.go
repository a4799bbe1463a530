//go:build !amd64 || purego

package likert

// countBlock counts ratings into tab (see [kernel]) and reports whether it
// saw a bad rating; without the assembly kernel it is the Go loop.
func countBlock(ratings []uint8, groups []int32, tab []uint32, k *kernel) bool {
	return countBlockGo(ratings, groups, tab, k)
}
