package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// testRNG returns a deterministic random source for tests.
func testRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x7465737473)) }

// clone returns a copy of v.
func clone(v []float64) []float64 { return append([]float64(nil), v...) }

// bitsEqual reports whether a and b hold the same values, bit for bit
// (NaNs included).
func bitsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// checkEqual reports a test error naming what unless got and want hold the
// same values.
func checkEqual(t testing.TB, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: got %d values %v, want %d values %v", what, len(got), got, len(want), want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s[%d] = %.17g, want %.17g (got %v, want %v)", what, i, got[i], want[i], got, want)
			return
		}
	}
}
