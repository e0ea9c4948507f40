//go:build !race

package timeline

// raceEnabled relaxes timing checks under the race detector.
const raceEnabled = false
