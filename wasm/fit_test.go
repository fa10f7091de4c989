//go:build js && wasm

package main

import "testing"

// TestClockStride: how many steps fit takes between clock reads, half of
// what fits in the slice's remaining time, from 1 to maxClockStride; with no
// step timed yet (perStep ≤ 0), the most.
func TestClockStride(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		remaining, perStep int64
		want               int
	}{
		{10_000_000, 0, maxClockStride},
		{10_000_000, -5, maxClockStride},
		{10_000_000, 100_000, 50},    // 100 steps fit, half of them
		{10_000_000, 10_000, 64},     // 1000 fit: capped
		{10_000_000, 4_000_000, 1},   // 2 fit: 1
		{10_000_000, 30_000_000, 1},  // none fits: still 1
		{0, 100_000, 1},              // the slice is over: 1
		{-1_000_000, 100_000, 1},     // past it: 1
		{1 << 62, 1, maxClockStride}, // no overflow
	} {
		if got := clockStride(tc.remaining, tc.perStep); got != tc.want {
			t.Errorf("clockStride(%d, %d) = %d, want %d", tc.remaining, tc.perStep, got, tc.want)
		}
	}
}
