//go:build !amd64 || purego

package funnel

// setVectorLoop does nothing where findSteps has no vector loop.
func setVectorLoop(bool) (restore func()) { return func() {} }
