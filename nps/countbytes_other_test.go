//go:build !amd64 || purego

package nps

// setVectorLoop does nothing where countBytes has no vector loop.
func setVectorLoop(bool) (restore func()) { return func() {} }
