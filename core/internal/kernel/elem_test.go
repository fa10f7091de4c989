package kernel

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// The element loops of a training step (Adam, ReluBias, ReluBackwardBias)
// on every kernel path (see backend_test.go for
// how make test-kernels runs this file with the WebAssembly modules): each
// must give the Go loop's bits, on odd and even widths, one row and many,
// with ±0, NaN and values around zero, and write nothing outside its
// outputs.

// elemValue draws values that probe relu's and Adam's edges: ±0, NaN,
// values just either side of zero, and normal values of many magnitudes.
func elemValue(rng *rand.Rand) float64 {
	switch rng.IntN(20) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return math.NaN()
	case 3:
		return math.SmallestNonzeroFloat64 * float64(rng.IntN(5)-2)
	}
	return rng.NormFloat64() * math.Ldexp(1, rng.IntN(30)-15)
}

// elemBuf returns n values inside a buffer with sentinels on both sides,
// and the buffer.
func elemBuf(rng *rand.Rand, n int, fill func(*rand.Rand) float64) ([]float64, []float64) {
	buf := make([]float64, n+6)
	for i := range buf {
		buf[i] = kernelSentinel
	}
	s := buf[3 : 3+n]
	for i := range s {
		s[i] = fill(rng)
	}
	return s, buf
}

func TestElementKernelsMatchGo(t *testing.T) {
	t.Parallel()
	rng := testRNG(31)
	cases := 0
	for trial := range 400 {
		rows, cols := 1+rng.IntN(9), kernelDim(rng)
		switch trial % 8 {
		case 0:
			rows = 1
		case 1:
			cols = 1
		case 2:
			rows, cols = 4*(1+rng.IntN(3)), 2*(1+rng.IntN(8)) // whole blocks of four rows, pairs
		}
		n := rows * cols

		// ReluBias: z and a change, b must not.
		z, zBuf := elemBuf(rng, n, elemValue)
		b, bBuf := elemBuf(rng, cols, elemValue)
		a, aBuf := elemBuf(rng, n, elemValue)
		zWant, aWant := clone(zBuf), clone(aBuf)
		bCopy := clone(bBuf)
		goReluBias(zWant[3:3+n], b, aWant[3:3+n], cols)
		ReluBias(z, b, a, cols)
		elemCompare(t, "ReluBias z", rows, cols, zBuf, zWant)
		elemCompare(t, "ReluBias a", rows, cols, aBuf, aWant)
		elemCompare(t, "ReluBias b", rows, cols, bBuf, bCopy)

		// ReluBackwardBias: dz and gb change, z and da must not.
		da, daBuf := elemBuf(rng, n, elemValue)
		dz, dzBuf := elemBuf(rng, n, elemValue)
		gb, gbBuf := elemBuf(rng, cols, elemValue)
		dzWant, gbWant := clone(dzBuf), clone(gbBuf)
		zCopy, daCopy := clone(zBuf), clone(daBuf)
		goReluBackward(z, da, dzWant[3:3+n], gbWant[3:3+cols], cols)
		ReluBackwardBias(z, da, dz, gb, cols)
		elemCompare(t, "ReluBackwardBias dz", rows, cols, dzBuf, dzWant)
		elemCompare(t, "ReluBackwardBias gb", rows, cols, gbBuf, gbWant)
		elemCompare(t, "ReluBackwardBias z", rows, cols, zBuf, zCopy)
		elemCompare(t, "ReluBackwardBias da", rows, cols, daBuf, daCopy)

		// Adam on n parameters: w, m, v change, g must not. State
		// v ≥ 0 as Adam keeps it; constants as one step of Adam makes them.
		nonNeg := func(r *rand.Rand) float64 { return math.Abs(elemValue(r)) }
		w, wBuf := elemBuf(rng, n, elemValue)
		g, gBuf := elemBuf(rng, n, elemValue)
		m, mBuf := elemBuf(rng, n, elemValue)
		v, vBuf := elemBuf(rng, n, nonNeg)
		wWant, mWant, vWant, gCopy := clone(wBuf), clone(mBuf), clone(vBuf), clone(gBuf)
		step := 1 + rng.IntN(50)
		b1, b2, eps, lr := 0.9, 0.999, 1e-7, 0.01
		c1, c2 := 1-math.Pow(b1, float64(step)), 1-math.Pow(b2, float64(step))
		lrc, rc2 := -lr/c1, 1/c2
		goAdam(wWant[3:3+n], g, mWant[3:3+n], vWant[3:3+n], b1, b2, 1-b1, 1-b2, lrc, rc2, eps)
		Adam(w, g, m, v, b1, b2, 1-b1, 1-b2, lrc, rc2, eps)
		elemCompare(t, "Adam w", rows, cols, wBuf, wWant)
		elemCompare(t, "Adam m", rows, cols, mBuf, mWant)
		elemCompare(t, "Adam v", rows, cols, vBuf, vWant)
		elemCompare(t, "Adam g", rows, cols, gBuf, gCopy)
		cases++
	}
	t.Logf("%d shapes compared for ReluBias, ReluBackwardBias and Adam (%s kernel)", cases, Backend())
}

// elemCompare fails unless got and want are equal bit for bit (NaNs too),
// sentinels included.
func elemCompare(t *testing.T, what string, rows, cols int, got, want []float64) {
	t.Helper()
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
			where := "outside the slice"
			if i >= 3 && i < len(got)-3 {
				where = "element " + strconv.Itoa(i-3)
			}
			t.Fatalf("%s, %d×%d (%s kernel): %s = %v (bits %#x), Go loop gives %v (bits %#x)",
				what, rows, cols, Backend(), where, got[i], math.Float64bits(got[i]), want[i], math.Float64bits(want[i]))
		}
	}
}

// TestElementKernelsPanicOnBadSlices checks the bounds the kernels rely on.
func TestElementKernelsPanicOnBadSlices(t *testing.T) {
	t.Parallel()
	s := make([]float64, 12)
	cases := []struct {
		name string
		f    func()
	}{
		{"ReluBias cols 0", func() { ReluBias(s, s, s, 0) }},
		{"ReluBias ragged", func() { ReluBias(s[:10], s, s, 4) }},
		{"ReluBias short b", func() { ReluBias(s, s[:3], s, 4) }},
		{"ReluBias short a", func() { ReluBias(s, s, s[:11], 4) }},
		{"ReluBackwardBias gb not cols", func() { ReluBackwardBias(s, s, s, s[:5], 4) }},
		{"ReluBackwardBias short da", func() { ReluBackwardBias(s, s[:8], s, s[:4], 4) }},
		{"ReluBackwardBias short dz", func() { ReluBackwardBias(s, s, s[:8], s[:4], 4) }},
		{"Adam short w", func() { Adam(s[:3], s, s, s, 0.9, 0.999, 0.1, 0.001, -1, 1, 1e-7) }},
		{"Adam short v", func() { Adam(s, s, s, s[:11], 0.9, 0.999, 0.1, 0.001, -1, 1, 1e-7) }},
	}
	for _, c := range cases {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}
}
