//go:build amd64 && !purego

package funnel

// setVectorLoop turns findSteps's AVX-512 loop on (where the machine has
// it) or off, and returns a function that restores the setting.
func setVectorLoop(on bool) (restore func()) {
	was := useAVX512
	useAVX512 = on && was
	return func() { useAVX512 = was }
}
