package tfjs

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Helpers of the TF.js format's tests, as core's tests have them.

// thRNG returns a deterministic random source for tests.
func thRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x7465737473)) }

// thMat returns an r×c matrix holding v row-major.
func thMat(r, c int, v ...float64) *mat.Dense {
	return mat.NewDense(r, c, append([]float64(nil), v...))
}

// thDense returns core.NewDense(cfg) or stops the test.
func thDense(t testing.TB, cfg core.DenseConfig) *core.Dense {
	t.Helper()
	d, err := core.NewDense(cfg)
	if err != nil {
		t.Fatalf("NewDense(%+v): %v", cfg, err)
	}
	return d
}

// thDropout returns core.NewDropout(rate) or stops the test.
func thDropout(t testing.TB, rate float64) *core.Dropout {
	t.Helper()
	d, err := core.NewDropout(rate)
	if err != nil {
		t.Fatalf("NewDropout(%v): %v", rate, err)
	}
	return d
}

// thModel returns a model of the given layers, or stops the test.
func thModel(t testing.TB, seed uint64, layers ...core.Layer) *core.Sequential {
	t.Helper()
	m := core.NewSequential(seed)
	for _, l := range layers {
		if err := m.Add(l); err != nil {
			t.Fatalf("Add(%s): %v", l.Kind(), err)
		}
	}
	return m
}

// thCompile compiles m with loss, metrics and an optimizer by name (with
// its defaults), or stops the test.
func thCompile(t testing.TB, m *core.Sequential, loss core.Loss, opt string, metrics ...string) {
	t.Helper()
	o, err := core.NewOptimizer(core.MustOptimizerConfig(opt))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(core.CompileConfig{Optimizer: o, Loss: loss, Metrics: metrics}); err != nil {
		t.Fatalf("Compile: %v", err)
	}
}

// thDenseString formats a matrix for a test message.
func thDenseString(m *mat.Dense, _ bool) string {
	r, _ := m.Dims()
	rows := make([][]float64, r)
	for i := range rows {
		rows[i] = thDenseRow(m, i)
	}
	return fmt.Sprint(rows)
}

// thDenseRow returns a copy of row i of m.
func thDenseRow(m *mat.Dense, i int) []float64 {
	return append([]float64(nil), m.RawRowView(i)...)
}

// tjF32 rounds to float32, as TF.js stores its inputs.
func tjF32(v float64) float64 { return float64(float32(v)) }

// tjMatrix returns rows as a matrix of float32-rounded values.
func tjMatrix(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		for j, v := range r {
			m.Set(i, j, tjF32(v))
		}
	}
	return m
}

// tjRelDiff is |got−want| relative to max(1, |want|).
func tjRelDiff(got, want float64) float64 {
	return math.Abs(got-want) / math.Max(1, math.Abs(want))
}

// tjJSONEqual compares two JSON documents as values.
func tjJSONEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

// optimizerJSON is an optimizer's {class_name, config} as Export writes it.
func optimizerJSON(c core.OptimizerConfig) []byte {
	var w jsonlite.Writer
	writeOptimizer(&w, c)
	return w.B
}
