//go:build race

package clv

// raceEnabled reports whether the tests run under the race detector (which
// slows the fits several times).
const raceEnabled = true
