//go:build race

package segment

// raceEnabled is set under -race, which slows the code down about tenfold.
const raceEnabled = true
