package core

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// The parity tests replay, in gotrain, training runs recorded from
// TensorFlow.js 4.22 by build/parity/gen.mjs (make parity-fixtures): the same
// model, initial weights, batch and optimizer, 5 trainOnBatch steps. Losses
// and weights must agree within parityTol. TF.js computes in float32, so the
// differences below are float32 rounding, not different math.

// parityTol bounds |got−want| / max(1, |want|) for every loss and weight.
const parityTol = 1e-5

type parityFixture struct {
	Name            string          `json:"name"`
	Optimizer       string          `json:"optimizer"`
	Shortcut        string          `json:"shortcut"`
	OptimizerConfig json.RawMessage `json:"optimizerConfig"`
	Loss            string          `json:"loss"`
	InputDim        int             `json:"inputDim"`
	Layers          []struct {
		Units      int     `json:"units"`
		Activation string  `json:"activation"`
		L1         float64 `json:"l1"`
		L2         float64 `json:"l2"`
	} `json:"layers"`
	X              [][]float64 `json:"x"`
	Y              [][]float64 `json:"y"`
	InitialWeights [][]float64 `json:"initialWeights"`
	Steps          []struct {
		Loss    float64     `json:"loss"`
		Weights [][]float64 `json:"weights"`
	} `json:"steps"`
}

// tjF32 rounds to float32, as TF.js stores the fixture's inputs.
func tjF32(v float64) float64 { return float64(float32(v)) }

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

func loadParityFixtures(t *testing.T) []parityFixture {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "tfjs", "parity_*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no parity fixtures in testdata/tfjs (run make parity-fixtures): %v", err)
	}
	sort.Strings(files)
	var out []parityFixture
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fx parityFixture
		if err := json.Unmarshal(b, &fx); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out = append(out, fx)
	}
	return out
}

// parityOptimizer returns the optimizer of a fixture: the string shortcut's
// defaults for shortcut cells, else the config TF.js recorded. (core/tfjs'
// TestOptimizersMatchFixtures checks that the TF.js format reads and writes
// these configs as TF.js does.)
func parityOptimizer(t *testing.T, fx parityFixture) *Optimizer {
	t.Helper()
	var oc struct {
		ClassName string `json:"class_name"`
		Config    struct {
			LearningRate, Momentum, Beta1, Beta2, Epsilon, Decay, InitialAccumulatorValue *float64
			UseNesterov                                                                   *bool
		} `json:"config"`
	}
	if err := json.Unmarshal(fx.OptimizerConfig, &oc); err != nil {
		t.Fatal(err)
	}
	cfg, err := DefaultOptimizerConfig(strings.ToLower(oc.ClassName))
	if err != nil {
		t.Fatal(err)
	}
	c := oc.Config
	for _, f := range []struct {
		src *float64
		dst *float64
	}{{c.LearningRate, &cfg.LearningRate}, {c.Momentum, &cfg.Momentum}, {c.Beta1, &cfg.Beta1}, {c.Beta2, &cfg.Beta2},
		{c.Epsilon, &cfg.Epsilon}, {c.Decay, &cfg.Rho}, {c.InitialAccumulatorValue, &cfg.InitialAccumulator}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if c.UseNesterov != nil {
		cfg.Nesterov = *c.UseNesterov
	}
	if fx.Shortcut != "" {
		sc, err := DefaultOptimizerConfig(fx.Shortcut)
		if err != nil {
			t.Fatal(err)
		}
		if sc != cfg {
			t.Errorf("DefaultOptimizerConfig(%q) = %+v, TF.js' shortcut gives %+v", fx.Shortcut, sc, cfg)
		}
	}
	opt, err := NewOptimizer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return opt
}

// runParity replays one fixture and returns the worst loss and weight
// differences.
func runParity(t *testing.T, fx parityFixture) (worstLoss, worstWeight float64) {
	t.Helper()
	m := NewSequential(1)
	for i, l := range fx.Layers {
		act, err := ParseActivation(l.Activation)
		if err != nil {
			t.Fatal(err)
		}
		cfg := DenseConfig{Units: l.Units, Activation: act, Regularizer: Regularizer{L1: l.L1, L2: l.L2}}
		if i == 0 {
			cfg.InputDim = fx.InputDim
		}
		d, err := NewDense(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	loss, err := ParseLoss(fx.Loss)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(CompileConfig{Optimizer: parityOptimizer(t, fx), Loss: loss}); err != nil {
		t.Fatal(err)
	}
	ws := m.GetWeights()
	if len(ws) != len(fx.InitialWeights) {
		t.Fatalf("model has %d weight arrays, fixture %d", len(ws), len(fx.InitialWeights))
	}
	for i := range ws {
		for j, v := range fx.InitialWeights[i] {
			ws[i].Data[j] = tjF32(v)
		}
	}
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	x, y := tjMatrix(fx.X), tjMatrix(fx.Y)
	for s, want := range fx.Steps {
		got, err := m.TrainOnBatch(x, y)
		if err != nil {
			t.Fatalf("step %d: %v", s+1, err)
		}
		if d := tjRelDiff(got, want.Loss); d > worstLoss {
			worstLoss = d
		}
		if d := tjRelDiff(got, want.Loss); d > parityTol {
			t.Errorf("step %d: loss got %.9g, want %.9g (TF.js); difference %.2g", s+1, got, want.Loss, d)
		}
		for i, w := range m.GetWeights() {
			for j, v := range w.Data {
				d := tjRelDiff(v, want.Weights[i][j])
				worstWeight = math.Max(worstWeight, d)
				if d > parityTol {
					t.Errorf("step %d: %s[%d] got %.9g, want %.9g (TF.js); difference %.2g", s+1, w.Name, j, v, want.Weights[i][j], d)
				}
			}
		}
	}
	return worstLoss, worstWeight
}

// TestParity compares gotrain's training with TF.js' cell by cell; with -v it
// logs a markdown table of the worst differences (for the README).
func TestParity(t *testing.T) {
	fixtures := loadParityFixtures(t)
	var table strings.Builder
	table.WriteString("\n| cell | optimizer | loss | worst loss diff | worst weight diff |\n|---|---|---|---|---|\n")
	for _, fx := range fixtures {
		t.Run(fx.Name, func(t *testing.T) {
			wl, ww := runParity(t, fx)
			t.Logf("worst difference over 5 steps: loss %.2g, weights %.2g", wl, ww)
			opt := fx.Optimizer
			if fx.Shortcut != "" {
				opt = fmt.Sprintf("'%s' (defaults)", fx.Shortcut)
			}
			fmt.Fprintf(&table, "| %s | %s | %s | %.1e | %.1e |\n", fx.Name, opt, fx.Loss, wl, ww)
		})
	}
	t.Log(table.String())
}

// TestParityLossEdges compares each loss and its gradient with TF.js' on
// predictions at and beyond the clip bounds, unnormalised rows and zeros
// where the label points (testdata/tfjs/loss_edges.json). It pins the two
// TF.js details gotrain follows: the bounds ε and 1−ε are float32 values
// (1−ε is 1−2⁻²³), and the sparse loss clips p before dividing by the row
// sum, so it differs from the one-hot categorical loss on such rows.
func TestParityLossEdges(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "tfjs", "loss_edges.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Cases []struct {
			Loss  string      `json:"loss"`
			Y     [][]float64 `json:"y"`
			P     [][]float64 `json:"p"`
			Value float64     `json:"value"`
			Grad  [][]float64 `json:"grad"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	for _, c := range fx.Cases {
		t.Run(c.Loss, func(t *testing.T) {
			loss, err := ParseLoss(c.Loss)
			if err != nil {
				t.Fatal(err)
			}
			y, p := tjMatrix(c.Y), tjMatrix(c.P)
			r, k := p.Dims()
			g := mat.NewDense(r, k, nil)
			got := loss.compute(y, p, g)
			if d := tjRelDiff(got, c.Value); d > parityTol {
				t.Errorf("loss got %.9g, want %.9g (TF.js); difference %.2g", got, c.Value, d)
			}
			worst := 0.0
			for i := 0; i < r; i++ {
				for j := 0; j < k; j++ {
					d := tjRelDiff(g.At(i, j), c.Grad[i][j])
					worst = math.Max(worst, d)
					if d > parityTol {
						t.Errorf("gradient[%d][%d] got %.9g, want %.9g (TF.js); p = %v", i, j, g.At(i, j), c.Grad[i][j], c.P[i])
					}
				}
			}
			t.Logf("worst difference: loss %.2g, gradient %.2g", tjRelDiff(got, c.Value), worst)
		})
	}
}
