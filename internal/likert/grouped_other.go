//go:build !amd64 || purego

package likert

// countBlock counts ratings into tab (see [kernel]); without the assembly
// kernel it is the Go loop.
func countBlock(ratings []uint8, groups []int32, tab []uint32, k *kernel) {
	countBlockGo(ratings, groups, tab, k)
}
