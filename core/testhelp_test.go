package core

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// Small helpers shared by the layer, loss, optimizer, metric and gradient
// tests. Their names start with "th" so that they do not collide with the
// helpers of other test files in the package.

// thRNG returns a deterministic random source for tests.
func thRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x7465737473)) }

// thMat returns an r×c matrix holding v row-major (zeros when v is nil).
func thMat(r, c int, v ...float64) *mat.Dense {
	if v == nil {
		return mat.NewDense(r, c, nil)
	}
	return mat.NewDense(r, c, append([]float64(nil), v...))
}

// thRandMat returns an r×c matrix of N(0, scale²) values.
func thRandMat(rng *rand.Rand, r, c int, scale float64) *mat.Dense {
	v := make([]float64, r*c)
	for i := range v {
		v[i] = scale * rng.NormFloat64()
	}
	return mat.NewDense(r, c, v)
}

// thDense returns NewDense(cfg) or stops the test.
func thDense(t testing.TB, cfg DenseConfig) *Dense {
	t.Helper()
	d, err := NewDense(cfg)
	if err != nil {
		t.Fatalf("NewDense(%+v): %v", cfg, err)
	}
	return d
}

// thDropout returns NewDropout(rate) or stops the test.
func thDropout(t testing.TB, rate float64) *Dropout {
	t.Helper()
	d, err := NewDropout(rate)
	if err != nil {
		t.Fatalf("NewDropout(%v): %v", rate, err)
	}
	return d
}

// thModel returns a model of the given layers, or stops the test.
func thModel(t testing.TB, seed uint64, layers ...Layer) *Sequential {
	t.Helper()
	m := NewSequential(seed)
	for _, l := range layers {
		if err := m.Add(l); err != nil {
			t.Fatalf("Add(%s): %v", l.Kind(), err)
		}
	}
	return m
}

// thCompile compiles m with loss, metrics and an optimizer by name (with
// its defaults), or stops the test.
func thCompile(t testing.TB, m *Sequential, loss Loss, opt string, metrics ...string) {
	t.Helper()
	o, err := NewOptimizer(MustOptimizerConfig(opt))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(CompileConfig{Optimizer: o, Loss: loss, Metrics: metrics}); err != nil {
		t.Fatalf("Compile: %v", err)
	}
}

// thClose reports whether got is within absTol or relTol (relative to the
// larger magnitude) of want.
func thClose(got, want, absTol, relTol float64) bool {
	if got == want {
		return true
	}
	d := math.Abs(got - want)
	return d <= absTol || d <= relTol*math.Max(math.Abs(got), math.Abs(want))
}

// thSlicesClose reports whether got and want have the same length and are
// element-wise within tolerance, returning the first bad index otherwise.
func thSlicesClose(got, want []float64, absTol, relTol float64) (int, bool) {
	if len(got) != len(want) {
		return -1, false
	}
	for i := range got {
		if !thClose(got[i], want[i], absTol, relTol) {
			return i, false
		}
	}
	return 0, true
}

// thCheckClose reports a test error naming what when got and want differ
// beyond tolerance.
func thCheckClose(t testing.TB, what string, got, want []float64, absTol, relTol float64) {
	t.Helper()
	if i, ok := thSlicesClose(got, want, absTol, relTol); !ok {
		if i < 0 {
			t.Errorf("%s: got %d values %v, want %d values %v", what, len(got), got, len(want), want)
			return
		}
		t.Errorf("%s[%d] = %.17g, want %.17g (got %v, want %v)", what, i, got[i], want[i], got, want)
	}
}

// thEqual reports whether a and b hold the same values, bit for bit.
func thEqual(a, b []float64) bool { return slices.Equal(a, b) }

// thKeys returns m's keys, sorted (nil when m is empty).
func thKeys(m map[string][]float64) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}
