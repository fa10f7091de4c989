package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The output layer's passes on every kernel path (make test-kernels runs
// this file with the WebAssembly modules attached): each must give the Go
// loop's bits, for softmax and sigmoid rows with ±0, NaN, ±Inf and values
// far out where e^x overflows or turns subnormal, for labels one-hot, soft,
// and as class indices, for probabilities clipped and not; then the fused
// gradients must equal the chain rule through the loss and the activation.

// outValue draws pre-activations: mostly moderate, sometimes extreme or
// special.
func outValue(rng *rand.Rand) float64 {
	switch rng.IntN(24) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return math.NaN()
	case 3:
		return math.Inf(1 - 2*rng.IntN(2))
	case 4:
		return (rng.Float64()*2 - 1) * 800 // e^x overflows or goes subnormal
	case 5:
		return -708 - 40*rng.Float64() // subnormal e^x
	case 6:
		return (rng.Float64()*2 - 1) * 0x1p-30 // near zero: 1 + x
	}
	return rng.NormFloat64() * math.Ldexp(1, rng.IntN(8)-3)
}

// probRow fills p with a probability row: a softmax of random values,
// sometimes with entries at or beyond the clip bounds.
func probRow(rng *rand.Rand, p []float64) {
	z := make([]float64, len(p))
	for j := range z {
		z[j] = rng.NormFloat64() * 3
		if rng.IntN(10) == 0 {
			z[j] = -40 // p below ε
		}
	}
	goSoftmaxBias(z, nil, p, len(p))
	if rng.IntN(12) == 0 {
		p[rng.IntN(len(p))] = 1 // above 1-ε
	}
	if rng.IntN(40) == 0 {
		p[rng.IntN(len(p))] = math.NaN()
	}
}

func TestOutputKernelsMatchGo(t *testing.T) {
	t.Parallel()
	rng := testRNG(37)
	cases := 0
	for trial := range 400 {
		rows, cols := 1+rng.IntN(9), 1+rng.IntN(12)
		if trial%7 == 0 {
			rows = 4 * (1 + rng.IntN(3))
		}
		n := rows * cols
		scale := 1 / float64(rows)

		for _, withBias := range []bool{true, false} {
			for _, act := range []struct {
				name     string
				f, ref   func(z, b, a []float64, cols int)
				needsRow bool
			}{
				{"SoftmaxBias", SoftmaxBias, goSoftmaxBias, true},
				{"SigmoidBias", SigmoidBias, goSigmoidBias, false},
			} {
				z, zBuf := elemBuf(rng, n, outValue)
				var b, bBuf, bCopy []float64
				if withBias {
					b, bBuf = elemBuf(rng, cols, outValue)
					bCopy = clone(bBuf)
				}
				a, aBuf := elemBuf(rng, n, outValue)
				zWant, aWant := clone(zBuf), clone(aBuf)
				act.ref(zWant[3:3+n], b, aWant[3:3+n], cols)
				act.f(z, b, a, cols)
				elemCompare(t, act.name+" z", rows, cols, zBuf, zWant)
				elemCompare(t, act.name+" a", rows, cols, aBuf, aWant)
				if withBias {
					elemCompare(t, act.name+" b", rows, cols, bBuf, bCopy)
				}
			}
		}

		// The fused losses, on probability rows.
		p, pBuf := elemBuf(rng, n, outValue)
		for lo := 0; lo < n; lo += cols {
			probRow(rng, p[lo:lo+cols])
		}
		pCopy := clone(pBuf)
		yOne, yBuf := elemBuf(rng, n, func(*rand.Rand) float64 { return 0 })
		classes := make([]float64, rows)
		for r := range rows {
			c := rng.IntN(cols)
			classes[r] = float64(c)
			if rng.IntN(4) == 0 { // soft labels
				for j := range cols {
					yOne[r*cols+j] = rng.Float64() / float64(cols)
				}
			} else {
				yOne[r*cols+c] = 1
			}
		}
		yCopy := clone(yBuf)

		dz, dzBuf := elemBuf(rng, n, outValue)
		dzWant := clone(dzBuf)
		lossWant := goSoftmaxXent(p, yOne, dzWant[3:3+n], cols, scale)
		loss := SoftmaxXent(p, yOne, dz, cols, scale)
		elemCompare(t, "SoftmaxXent dz", rows, cols, dzBuf, dzWant)
		elemCompare(t, "SoftmaxXent loss", rows, cols, []float64{loss}, []float64{lossWant})

		dz, dzBuf = elemBuf(rng, n, outValue)
		dzWant = clone(dzBuf)
		lossWant = goSoftmaxXentSparse(p, classes, dzWant[3:3+n], cols, scale)
		loss = SoftmaxXentSparse(p, classes, dz, cols, scale)
		elemCompare(t, "SoftmaxXentSparse dz", rows, cols, dzBuf, dzWant)
		elemCompare(t, "SoftmaxXentSparse loss", rows, cols, []float64{loss}, []float64{lossWant})

		dz, dzBuf = elemBuf(rng, n, outValue)
		dzWant = clone(dzBuf)
		lossWant = goSigmoidXent(p, yOne, dzWant[3:3+n], scale)
		loss = SigmoidXent(p, yOne, dz, scale)
		elemCompare(t, "SigmoidXent dz", rows, cols, dzBuf, dzWant)
		elemCompare(t, "SigmoidXent loss", rows, cols, []float64{loss}, []float64{lossWant})
		elemCompare(t, "the losses' p", rows, cols, pBuf, pCopy)
		elemCompare(t, "the losses' y", rows, cols, yBuf, yCopy)

		gb, gbBuf := elemBuf(rng, cols, outValue)
		gbWant := clone(gbBuf)
		goColumnSums(gbWant[3:3+cols], dz, cols)
		ColumnSums(gb, dz, cols)
		elemCompare(t, "ColumnSums", rows, cols, gbBuf, gbWant)
		cases++
	}
	t.Logf("%d shapes compared for the output layer's passes (%s kernel)", cases, Backend())
}

// TestOutputExpLog checks the kernels' e^x and log x where they differ most
// easily: the softmax of one value is e^0/e^0 = 1, and sigmoid, softmax and
// the losses agree with math.Exp and math.Log (which the Go loops call) on
// values from subnormal results to overflow.
func TestOutputExpLog(t *testing.T) {
	t.Parallel()
	xs := []float64{0, -0.5, 0.5, -1, 1, -20, 20, -700, 700, -708.5, -709.5, -744, -745.1, -746, 709.7, 710, 0x1p-29, -0x1p-29, 1e-300}
	z := make([]float64, 2*len(xs))
	for i, x := range xs {
		z[2*i], z[2*i+1] = x, 0
	}
	a := make([]float64, len(z))
	SoftmaxBias(clone(z), nil, a, 2)
	for i, x := range xs {
		// softmax(x, 0)[1] = 1/(1+e^x) = sigmoid(-x), computed as e^(0-m)/(...).
		m := math.Max(x, 0)
		e0, e1 := math.Exp(x-m), math.Exp(0-m)
		want := e1 / (e0 + e1)
		if got := a[2*i+1]; math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("softmax(%g, 0)[1] = %v (%#x), want %v (%#x) from math.Exp (%s kernel)", x, got, math.Float64bits(got), want, math.Float64bits(want), Backend())
		}
	}
	s := make([]float64, len(xs))
	SigmoidBias(clone(xs), nil, s, 1)
	for i, x := range xs {
		if want := sigmoid(x); math.Float64bits(s[i]) != math.Float64bits(want) {
			t.Errorf("sigmoid(%g) = %v, want %v (%s kernel)", x, s[i], want, Backend())
		}
	}
	// A sweep: 20,000 values through exp (sigmoid) and log (the binary
	// loss), kernel against Go loop, bit for bit.
	rng := testRNG(43)
	const sweep = 20000
	zs, ps := make([]float64, sweep), make([]float64, sweep)
	for i := range zs {
		zs[i] = rng.NormFloat64() * math.Ldexp(1, rng.IntN(12)-4)
		ps[i] = math.Ldexp(rng.Float64(), -rng.IntN(24))
	}
	ys := make([]float64, sweep)
	for i := range ys {
		ys[i] = float64(rng.IntN(2))
	}
	got, want := make([]float64, sweep), make([]float64, sweep)
	SigmoidBias(clone(zs), nil, got, 1)
	goSigmoidBias(clone(zs), nil, want, 1)
	elemCompare(t, "sigmoid sweep", 1, sweep, got, want)
	// One element at a time, so that each loss is compared.
	for i := range ps {
		g := SigmoidXent(ps[i:i+1], ys[i:i+1], got[i:i+1], 1)
		w := goSigmoidXent(ps[i:i+1], ys[i:i+1], want[i:i+1], 1)
		if math.Float64bits(g) != math.Float64bits(w) {
			t.Fatalf("binary loss of p=%v y=%v: %v, Go loop %v (%s kernel)", ps[i], ys[i], g, w, Backend())
		}
	}
	// log on the clip's range and just inside it.
	ps = []float64{clipLow, clipHigh, 0.5, 0.25, 1e-3, 0.999, 0x1.6a09e667f3bcdp-01, 0x1.6a09e667f3bccp-01, 1 - 0x1p-20}
	for _, p := range ps {
		dz := make([]float64, 1)
		got := SigmoidXent([]float64{p}, []float64{1}, dz, 1)
		if want := -(1*math.Log(clip(p)) + (1-1)*math.Log(1-clip(p))); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("SigmoidXent(p=%v, y=1) = %v, want %v from math.Log (%s kernel)", p, got, want, Backend())
		}
	}
}

// TestFusedGradientsMatchChainRule checks the fused gradients against the
// chain rule through the loss's gradient and the activation's Jacobian, on
// unclipped rows and rows with clipped entries: they agree to a few ulps.
func TestFusedGradientsMatchChainRule(t *testing.T) {
	t.Parallel()
	rng := testRNG(41)
	for trial := range 300 {
		rows, cols := 1+rng.IntN(6), 2+rng.IntN(8)
		n := rows * cols
		scale := 1 / float64(rows)
		p := make([]float64, n)
		for lo := 0; lo < n; lo += cols {
			z := make([]float64, cols)
			for j := range z {
				z[j] = rng.NormFloat64() * 4
				if trial%3 == 0 && rng.IntN(6) == 0 {
					z[j] = -30 // clipped below
				}
			}
			goSoftmaxBias(z, nil, p[lo:lo+cols], cols)
		}
		y := make([]float64, n)
		classes := make([]float64, rows)
		for r := range rows {
			c := rng.IntN(cols)
			classes[r] = float64(c)
			y[r*cols+c] = 1
		}
		check := func(name string, got, want []float64) {
			t.Helper()
			for i := range got {
				if d := math.Abs(got[i] - want[i]); d > 1e-12*math.Max(1, math.Abs(want[i]))+1e-15 {
					t.Fatalf("trial %d %s[%d] = %.17g, chain rule %.17g", trial, name, i, got[i], want[i])
				}
			}
		}
		// Chain rule for the categorical loss: g = dL/dp, dz = p ⊙ (g − p·g).
		chain := func(g []float64) []float64 {
			dz := make([]float64, n)
			for lo := 0; lo < n; lo += cols {
				var dot float64
				for j := range cols {
					dot += p[lo+j] * g[lo+j]
				}
				for j := range cols {
					dz[lo+j] = p[lo+j] * (g[lo+j] - dot)
				}
			}
			return dz
		}
		dz := make([]float64, n)
		SoftmaxXent(p, y, dz, cols, scale)
		g := make([]float64, n)
		for lo := 0; lo < n; lo += cols {
			var s float64
			for j := range cols {
				s += p[lo+j]
			}
			for j := range cols {
				if y[lo+j] != 0 {
					if q := p[lo+j] / s; clip(q) == q {
						for k := range cols {
							g[lo+k] += y[lo+j] / s * scale
						}
						g[lo+j] -= y[lo+j] / p[lo+j] * scale
					}
				}
			}
		}
		check("SoftmaxXent", dz, chain(g))

		SoftmaxXentSparse(p, classes, dz, cols, scale)
		clear(g)
		for r, lo := 0, 0; lo < n; r, lo = r+1, lo+cols {
			var s float64
			for j := range cols {
				s += clip(p[lo+j])
			}
			c := int(classes[r])
			if q := clip(p[lo+c]) / s; clip(q) != q {
				continue
			}
			for k := range cols {
				if clip(p[lo+k]) == p[lo+k] {
					g[lo+k] = 1 / s * scale
					if k == c {
						g[lo+k] -= 1 / p[lo+k] * scale
					}
				}
			}
		}
		check("SoftmaxXentSparse", dz, chain(g))

		// Binary: dz = dL/dp · p(1−p).
		SigmoidXent(p, y, dz, scale)
		want := make([]float64, n)
		for i, pv := range p {
			if c := clip(pv); c == pv {
				want[i] = (-y[i]/c + (1-y[i])/(1-c)) * scale * pv * (1 - pv)
			}
		}
		check("SigmoidXent", dz, want)
	}
}

func TestOutputKernelsPanicOnBadSlices(t *testing.T) {
	t.Parallel()
	s := make([]float64, 12)
	cases := []struct {
		name string
		f    func()
	}{
		{"SoftmaxBias cols 0", func() { SoftmaxBias(s, nil, s, 0) }},
		{"SoftmaxBias ragged", func() { SoftmaxBias(s[:10], nil, s, 4) }},
		{"SoftmaxBias short b", func() { SoftmaxBias(s, s[:3], s, 4) }},
		{"SigmoidBias short a", func() { SigmoidBias(s, nil, s[:11], 4) }},
		{"SoftmaxXent short y", func() { SoftmaxXent(s, s[:11], s, 4, 1) }},
		{"SoftmaxXent short dz", func() { SoftmaxXent(s, s, s[:8], 4, 1) }},
		{"SoftmaxXentSparse short y", func() { SoftmaxXentSparse(s, s[:2], s, 4, 1) }},
		{"SoftmaxXentSparse label 4", func() { SoftmaxXentSparse(s, []float64{0, 4, 0}, s, 4, 1) }},
		{"SoftmaxXentSparse label NaN", func() { SoftmaxXentSparse(s, []float64{0, math.NaN(), 0}, s, 4, 1) }},
		{"SoftmaxXentSparse label -1", func() { SoftmaxXentSparse(s, []float64{-1, 0, 0}, s, 4, 1) }},
		{"SigmoidXent short dz", func() { SigmoidXent(s, s, s[:5], 1) }},
		{"ColumnSums gb not cols", func() { ColumnSums(s[:3], s, 4) }},
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
