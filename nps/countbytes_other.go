//go:build !amd64 || purego

package nps

// countBytes counts the ratings ≥ 9 and ≥ 7; ok is false if a byte is
// above 10.
func countBytes(ratings []uint8) (pro, notDet int, ok bool) { return countBytesSWAR(ratings) }
