package core

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// optTol is the tolerance of the hand-computed updates: the expected values
// below are written with decimal literals, which differ from the binary
// arithmetic by a few ulps.
const optTol = 1e-12

// The weights and the gradients of three successive steps used throughout.
var (
	optW0    = []float64{1, -2}
	optGrads = [][]float64{{0.5, -0.25}, {0.1, 0.2}, {-0.3, 0.05}}
)

func optParam(w []float64) *Param {
	p := newParam("w/kernel", 1, len(w), Regularizer{})
	copy(raw(p.Value), w)
	return p
}

func optNew(t *testing.T, cfg OptimizerConfig) *Optimizer {
	t.Helper()
	o, err := NewOptimizer(cfg)
	if err != nil {
		t.Fatalf("NewOptimizer(%+v): %v", cfg, err)
	}
	return o
}

func optWith(name string, change func(*OptimizerConfig)) OptimizerConfig {
	c := MustOptimizerConfig(name)
	if change != nil {
		change(&c)
	}
	return c
}

// TestOptimizerSteps runs three steps of every optimizer on w = (1, -2)
// with gradients (0.5, -0.25), (0.1, 0.2), (-0.3, 0.05) and compares the
// weights after each step and the final state with the TF.js update rules,
// worked out by hand with the literal numbers.
func TestOptimizerSteps(t *testing.T) {
	// Adam: m and v after each step, with β1 = 0.9, β2 = 0.999.
	// m1 = 0.1·g1 = (0.05, -0.025); v1 = 0.001·g1² = (0.00025, 0.0000625)
	// m2 = (0.9·0.05 + 0.1·0.1, 0.9·-0.025 + 0.1·0.2) = (0.055, -0.0025)
	// v2 = (0.999·0.00025 + 0.001·0.01, 0.999·0.0000625 + 0.001·0.04) = (0.00025975, 0.0001024375)
	// m3 = (0.9·0.055 - 0.1·0.3, 0.9·-0.0025 + 0.1·0.05) = (0.0195, 0.00275)
	// v3 = (0.999·0.00025975 + 0.001·0.09, 0.999·0.0001024375 + 0.001·0.0025) = (0.00034949025, 0.0001048350625)
	// Bias corrections 1-0.9ᵗ: 0.1, 0.19, 0.271; 1-0.999ᵗ: 0.001, 0.001999, 0.002997001.
	adam1 := []float64{1 - 0.001*(0.05/0.1)/(math.Sqrt(0.00025/0.001)+1e-7), -2 - 0.001*(-0.025/0.1)/(math.Sqrt(0.0000625/0.001)+1e-7)}
	adam2 := []float64{adam1[0] - 0.001*(0.055/0.19)/(math.Sqrt(0.00025975/0.001999)+1e-7), adam1[1] - 0.001*(-0.0025/0.19)/(math.Sqrt(0.0001024375/0.001999)+1e-7)}
	adam3 := []float64{adam2[0] - 0.001*(0.0195/0.271)/(math.Sqrt(0.00034949025/0.002997001)+1e-7), adam2[1] - 0.001*(0.00275/0.271)/(math.Sqrt(0.0001048350625/0.002997001)+1e-7)}

	// RMSprop, ρ = 0.9, ε = 1e-7 inside the square root:
	// s1 = 0.1·g1² = (0.025, 0.00625); s2 = (0.9·0.025 + 0.1·0.01, 0.9·0.00625 + 0.1·0.04) = (0.0235, 0.009625)
	// s3 = (0.9·0.0235 + 0.1·0.09, 0.9·0.009625 + 0.1·0.0025) = (0.03015, 0.0089125)
	rms1 := []float64{1 - 0.001*0.5/math.Sqrt(0.0250001), -2 + 0.001*0.25/math.Sqrt(0.0062501)}
	rms2 := []float64{rms1[0] - 0.001*0.1/math.Sqrt(0.0235001), rms1[1] - 0.001*0.2/math.Sqrt(0.0096251)}
	rms3 := []float64{rms2[0] + 0.001*0.3/math.Sqrt(0.0301501), rms2[1] - 0.001*0.05/math.Sqrt(0.0089126)}
	// With momentum 0.5: u = 0.5·u + lr·g/sqrt(s + ε); w -= u.
	u1 := []float64{0.001 * 0.5 / math.Sqrt(0.0250001), -0.001 * 0.25 / math.Sqrt(0.0062501)}
	u2 := []float64{0.5*u1[0] + 0.001*0.1/math.Sqrt(0.0235001), 0.5*u1[1] + 0.001*0.2/math.Sqrt(0.0096251)}
	u3 := []float64{0.5*u2[0] - 0.001*0.3/math.Sqrt(0.0301501), 0.5*u2[1] + 0.001*0.05/math.Sqrt(0.0089126)}
	rmsm1 := []float64{1 - u1[0], -2 - u1[1]}
	rmsm2 := []float64{rmsm1[0] - u2[0], rmsm1[1] - u2[1]}
	rmsm3 := []float64{rmsm2[0] - u3[0], rmsm2[1] - u3[1]}

	// Adagrad, accumulators from 0.1: (0.35, 0.1625), (0.36, 0.2025), (0.45, 0.205).
	ada1 := []float64{1 - 0.01*0.5/math.Sqrt(0.3500001), -2 + 0.01*0.25/math.Sqrt(0.1625001)}
	ada2 := []float64{ada1[0] - 0.01*0.1/math.Sqrt(0.3600001), ada1[1] - 0.01*0.2/math.Sqrt(0.2025001)}
	ada3 := []float64{ada2[0] + 0.01*0.3/math.Sqrt(0.4500001), ada2[1] - 0.01*0.05/math.Sqrt(0.2050001)}

	tests := []struct {
		name      string
		cfg       OptimizerConfig
		want      [][]float64 // weights after steps 1, 2, 3
		wantState map[string][]float64
	}{
		{"sgd", MustOptimizerConfig("sgd"),
			[][]float64{{0.995, -1.9975}, {0.994, -1.9995}, {0.997, -2.0}},
			map[string][]float64{}},
		{"sgd lr 0.1", OptimizerConfig{Name: "sgd", LearningRate: 0.1},
			[][]float64{{0.95, -1.975}, {0.94, -1.995}, {0.97, -2.0}},
			map[string][]float64{}},
		// velocity: (0.5, -0.25), (0.55, -0.025), (0.195, 0.0275)
		{"momentum", MustOptimizerConfig("momentum"),
			[][]float64{{0.995, -1.9975}, {0.9895, -1.99725}, {0.98755, -1.997525}},
			map[string][]float64{"velocity": {0.195, 0.0275}}},
		// w -= lr·(g + μ·a): (0.95, -0.475)·0.01, (0.595, 0.1775)·0.01, (-0.1245, 0.07475)·0.01
		{"momentum nesterov", optWith("momentum", func(c *OptimizerConfig) { c.Nesterov = true }),
			[][]float64{{0.9905, -1.99525}, {0.98455, -1.997025}, {0.985795, -1.9977725}},
			map[string][]float64{"velocity": {0.195, 0.0275}}},
		{"adam", MustOptimizerConfig("adam"),
			[][]float64{adam1, adam2, adam3},
			map[string][]float64{"m": {0.0195, 0.00275}, "v": {0.00034949025, 0.0001048350625}}},
		{"rmsprop", MustOptimizerConfig("rmsprop"),
			[][]float64{rms1, rms2, rms3},
			map[string][]float64{"meanSquare": {0.03015, 0.0089125}}},
		{"rmsprop momentum 0.5", optWith("rmsprop", func(c *OptimizerConfig) { c.Momentum = 0.5 }),
			[][]float64{rmsm1, rmsm2, rmsm3},
			map[string][]float64{"meanSquare": {0.03015, 0.0089125}, "momentum": u3}},
		{"adagrad", MustOptimizerConfig("adagrad"),
			[][]float64{ada1, ada2, ada3},
			map[string][]float64{"accumulator": {0.45, 0.205}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := optNew(t, tt.cfg)
			p := optParam(optW0)
			if got := o.State(p); len(got) != 0 {
				t.Errorf("State before any step = %v, want empty", got)
			}
			for step, g := range optGrads {
				copy(raw(p.Grad), g)
				o.Step([]*Param{p})
				thCheckClose(t, "weights after step "+string(rune('1'+step)), raw(p.Value), tt.want[step], optTol, optTol)
				if got := o.Iterations(); got != step+1 {
					t.Errorf("Iterations() = %d, want %d", got, step+1)
				}
			}
			st := o.State(p)
			if got, want := thKeys(st), thKeys(tt.wantState); !slices.Equal(got, want) {
				t.Fatalf("State keys = %v, want %v", got, want)
			}
			for k, want := range tt.wantState {
				thCheckClose(t, "state "+k, st[k], want, optTol, optTol)
			}
			if got, want := o.StateNames(), thKeys(tt.wantState); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("StateNames() = %v, want %v", got, want)
			}
		})
	}
}

// optAll lists one config of every optimizer and variant.
func optAll() []OptimizerConfig {
	return []OptimizerConfig{
		MustOptimizerConfig("sgd"),
		MustOptimizerConfig("momentum"),
		optWith("momentum", func(c *OptimizerConfig) { c.Nesterov = true }),
		MustOptimizerConfig("adam"),
		MustOptimizerConfig("rmsprop"),
		optWith("rmsprop", func(c *OptimizerConfig) { c.Momentum = 0.9 }),
		MustOptimizerConfig("adagrad"),
	}
}

func optName(c OptimizerConfig) string {
	n := c.Name
	if c.Nesterov {
		n += "+nesterov"
	}
	if c.Name == "rmsprop" && c.Momentum > 0 {
		n += "+momentum"
	}
	return n
}

func TestOptimizerDefaults(t *testing.T) {
	tests := []struct {
		name string
		want OptimizerConfig
	}{
		{"sgd", OptimizerConfig{Name: "sgd", LearningRate: 0.01}},
		{"momentum", OptimizerConfig{Name: "momentum", LearningRate: 0.01, Momentum: 0.9}},
		{"adam", OptimizerConfig{Name: "adam", LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}},
		{"rmsprop", OptimizerConfig{Name: "rmsprop", LearningRate: 0.001, Rho: 0.9, Momentum: 0, Epsilon: 1e-7}},
		{"adagrad", OptimizerConfig{Name: "adagrad", LearningRate: 0.01, InitialAccumulator: 0.1, Epsilon: 1e-7}},
		{"ADAM", OptimizerConfig{Name: "adam", LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DefaultOptimizerConfig(tt.name)
			if err != nil || got != tt.want {
				t.Errorf("DefaultOptimizerConfig(%q) = %+v, %v; want %+v", tt.name, got, err, tt.want)
			}
			o := optNew(t, got)
			if o.Config() != tt.want {
				t.Errorf("Config() = %+v, want %+v", o.Config(), tt.want)
			}
		})
	}
	if _, err := DefaultOptimizerConfig("lbfgs"); err == nil || !strings.Contains(err.Error(), "unknown optimizer 'lbfgs'") {
		t.Errorf("DefaultOptimizerConfig(lbfgs) error = %v, want unknown optimizer", err)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("MustOptimizerConfig(lbfgs) did not panic")
			}
		}()
		MustOptimizerConfig("lbfgs")
	}()
	// Compile without an optimizer uses RMSprop with its defaults, as Keras.
	m := thModel(t, 1, thDense(t, DenseConfig{Units: 1, InputDim: 2}))
	if err := m.Compile(CompileConfig{}); err != nil {
		t.Fatal(err)
	}
	if got, want := m.Optimizer().Config(), MustOptimizerConfig("rmsprop"); got != want {
		t.Errorf("default compile optimizer = %+v, want %+v", got, want)
	}
	// A name in another case is accepted and stored in lower case.
	if o := optNew(t, OptimizerConfig{Name: "SGD", LearningRate: 0.1}); o.Config().Name != "sgd" {
		t.Errorf("Config().Name = %q, want sgd", o.Config().Name)
	}
}

func TestOptimizerValidation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name    string
		cfg     OptimizerConfig
		wantErr string
	}{
		{"unknown", OptimizerConfig{Name: "nadam", LearningRate: 0.1}, "unknown optimizer 'nadam' (known: sgd, momentum, adam, rmsprop, adagrad)"},
		{"empty name", OptimizerConfig{LearningRate: 0.1}, "unknown optimizer ''"},
		{"negative lr", OptimizerConfig{Name: "sgd", LearningRate: -0.1}, "sgd: learning rate must be a finite number ≥ 0, got -0.1"},
		{"NaN lr", OptimizerConfig{Name: "sgd", LearningRate: nan}, "sgd: learning rate must be a finite number ≥ 0, got NaN"},
		{"Inf lr", OptimizerConfig{Name: "adam", LearningRate: inf, Beta1: 0.9, Beta2: 0.999}, "adam: learning rate must be a finite number ≥ 0, got +Inf"},
		{"momentum 1", optWith("momentum", func(c *OptimizerConfig) { c.Momentum = 1 }), "momentum: momentum must be in [0, 1), got 1"},
		{"momentum negative", optWith("momentum", func(c *OptimizerConfig) { c.Momentum = -0.5 }), "momentum: momentum must be in [0, 1), got -0.5"},
		{"momentum NaN", optWith("momentum", func(c *OptimizerConfig) { c.Momentum = nan }), "momentum: momentum must be in [0, 1), got NaN"},
		{"beta1 1", optWith("adam", func(c *OptimizerConfig) { c.Beta1 = 1 }), "adam: beta1 must be in [0, 1), got 1"},
		{"beta2 1.5", optWith("adam", func(c *OptimizerConfig) { c.Beta2 = 1.5 }), "adam: beta2 must be in [0, 1), got 1.5"},
		{"beta2 NaN", optWith("adam", func(c *OptimizerConfig) { c.Beta2 = nan }), "adam: beta2 must be in [0, 1), got NaN"},
		{"rho 1", optWith("rmsprop", func(c *OptimizerConfig) { c.Rho = 1 }), "rmsprop: rho must be in [0, 1), got 1"},
		{"rmsprop momentum 1", optWith("rmsprop", func(c *OptimizerConfig) { c.Momentum = 1 }), "rmsprop: momentum must be in [0, 1), got 1"},
		{"negative epsilon", optWith("adam", func(c *OptimizerConfig) { c.Epsilon = -1e-7 }), "adam: epsilon and initial accumulator must be finite and ≥ 0"},
		{"Inf epsilon", optWith("rmsprop", func(c *OptimizerConfig) { c.Epsilon = inf }), "rmsprop: epsilon and initial accumulator must be finite and ≥ 0"},
		{"negative accumulator", optWith("adagrad", func(c *OptimizerConfig) { c.InitialAccumulator = -0.1 }), "adagrad: epsilon and initial accumulator must be finite and ≥ 0"},
		{"NaN accumulator", optWith("adagrad", func(c *OptimizerConfig) { c.InitialAccumulator = nan }), "adagrad: epsilon and initial accumulator must be finite and ≥ 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := NewOptimizer(tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("NewOptimizer(%+v) = %v, %v; want error containing %q", tt.cfg, o, err, tt.wantErr)
			}
		})
	}
	// The edges of the valid ranges are accepted.
	for _, cfg := range []OptimizerConfig{
		{Name: "sgd", LearningRate: 0},
		optWith("momentum", func(c *OptimizerConfig) { c.Momentum = 0 }),
		optWith("adam", func(c *OptimizerConfig) { c.Beta1, c.Beta2 = 0, 0.9999999 }),
		optWith("adagrad", func(c *OptimizerConfig) { c.InitialAccumulator = 0 }),
	} {
		if _, err := NewOptimizer(cfg); err != nil {
			t.Errorf("NewOptimizer(%+v): %v, want no error", cfg, err)
		}
	}
}

// TestOptimizerDelta checks that Delta reports exactly the change the next
// Step makes and changes no state, both before the first step and later.
func TestOptimizerDelta(t *testing.T) {
	for _, cfg := range optAll() {
		t.Run(optName(cfg), func(t *testing.T) {
			o := optNew(t, cfg)
			p, q := optParam(optW0), optParam([]float64{0.5, 3})
			for step, g := range optGrads {
				copy(raw(p.Grad), g)
				copy(raw(q.Grad), []float64{-g[1], 2 * g[0]})
				before := map[*Param]map[string][]float64{p: o.State(p), q: o.State(q)}
				iters := o.Iterations()
				dp, dq := make([]float64, 2), make([]float64, 2)
				o.Delta(p, dp)
				o.Delta(q, dq)
				o.Delta(p, dp) // twice: still no state change
				if o.Iterations() != iters {
					t.Fatalf("Delta changed Iterations from %d to %d", iters, o.Iterations())
				}
				for prm, want := range before {
					if got := o.State(prm); !reflect.DeepEqual(got, want) {
						t.Fatalf("step %d: Delta changed state of %p from %v to %v", step, prm, want, got)
					}
				}
				// new - old differs from the change by at most an ulp of the
				// weights (|w| ≤ 3): hence the absolute tolerance 1e-15.
				wp, wq := clone(raw(p.Value)), clone(raw(q.Value))
				o.Step([]*Param{p, q})
				for i := range 2 {
					if got := raw(p.Value)[i] - wp[i]; !thClose(got, dp[i], 1e-15, 1e-12) {
						t.Errorf("step %d: change of p[%d] = %.17g, Delta said %.17g", step+1, i, got, dp[i])
					}
					if got := raw(q.Value)[i] - wq[i]; !thClose(got, dq[i], 1e-15, 1e-12) {
						t.Errorf("step %d: change of q[%d] = %.17g, Delta said %.17g", step+1, i, got, dq[i])
					}
				}
			}
		})
	}
}

// TestOptimizerReset checks that Reset forgets everything: the next step is
// a fresh optimizer's first step, bit for bit.
func TestOptimizerReset(t *testing.T) {
	for _, cfg := range optAll() {
		t.Run(optName(cfg), func(t *testing.T) {
			o := optNew(t, cfg)
			p := optParam(optW0)
			for _, g := range optGrads[:2] {
				copy(raw(p.Grad), g)
				o.Step([]*Param{p})
			}
			o.Reset()
			if o.Iterations() != 0 {
				t.Errorf("Iterations() after Reset = %d, want 0", o.Iterations())
			}
			if st := o.State(p); len(st) != 0 {
				t.Errorf("State after Reset = %v, want empty", st)
			}
			fresh := optNew(t, cfg)
			p2 := optParam(raw(p.Value))
			copy(raw(p.Grad), optGrads[2])
			copy(raw(p2.Grad), optGrads[2])
			o.Step([]*Param{p})
			fresh.Step([]*Param{p2})
			if !thEqual(raw(p.Value), raw(p2.Value)) {
				t.Errorf("step after Reset = %v, want a fresh optimizer's %v", raw(p.Value), raw(p2.Value))
			}
			if !reflect.DeepEqual(o.State(p), fresh.State(p2)) {
				t.Errorf("state after Reset and a step = %v, want %v", o.State(p), fresh.State(p2))
			}
		})
	}
}

func TestOptimizerSetLearningRate(t *testing.T) {
	o := optNew(t, MustOptimizerConfig("sgd"))
	p := optParam(optW0)
	copy(raw(p.Grad), optGrads[0])
	if err := o.SetLearningRate(0.1); err != nil {
		t.Fatal(err)
	}
	o.Step([]*Param{p})
	thCheckClose(t, "after lr 0.1", raw(p.Value), []float64{0.95, -1.975}, optTol, optTol)
	for _, bad := range []float64{-0.5, math.NaN(), math.Inf(1)} {
		if err := o.SetLearningRate(bad); err == nil || !strings.Contains(err.Error(), "learning rate must be a finite number ≥ 0") {
			t.Errorf("SetLearningRate(%v) error = %v, want learning rate error", bad, err)
		}
		if got := o.Config().LearningRate; got != 0.1 {
			t.Errorf("after SetLearningRate(%v) failed, lr = %v, want 0.1 kept", bad, got)
		}
	}
	if err := o.SetLearningRate(0); err != nil {
		t.Fatal(err)
	}
	o.Step([]*Param{p})
	thCheckClose(t, "after lr 0", raw(p.Value), []float64{0.95, -1.975}, optTol, optTol)
	// Adam's moments keep their history across a learning-rate change.
	a := optNew(t, MustOptimizerConfig("adam"))
	pa := optParam(optW0)
	copy(raw(pa.Grad), optGrads[0])
	a.Step([]*Param{pa})
	if err := a.SetLearningRate(0.01); err != nil {
		t.Fatal(err)
	}
	copy(raw(pa.Grad), optGrads[1])
	w1 := clone(raw(pa.Value))
	a.Step([]*Param{pa})
	want := w1[0] - 0.01*(0.055/0.19)/(math.Sqrt(0.00025975/0.001999)+1e-7)
	if got := raw(pa.Value)[0]; !thClose(got, want, optTol, optTol) {
		t.Errorf("adam after SetLearningRate(0.01): w[0] = %.17g, want %.17g", got, want)
	}
}

// TestOptimizerStateNames lists the slots of each optimizer and checks that
// State returns copies.
func TestOptimizerStateNames(t *testing.T) {
	want := map[string][]string{
		"sgd":               nil,
		"momentum":          {"velocity"},
		"momentum+nesterov": {"velocity"},
		"adam":              {"m", "v"},
		"rmsprop":           {"meanSquare"},
		"rmsprop+momentum":  {"meanSquare", "momentum"},
		"adagrad":           {"accumulator"},
	}
	for _, cfg := range optAll() {
		name := optName(cfg)
		t.Run(name, func(t *testing.T) {
			o := optNew(t, cfg)
			if got := o.StateNames(); !slices.Equal(got, want[name]) {
				t.Errorf("StateNames() = %v, want %v", got, want[name])
			}
			p := optParam(optW0)
			copy(raw(p.Grad), optGrads[0])
			o.Step([]*Param{p})
			st := o.State(p)
			if got := thKeys(st); !slices.Equal(got, want[name]) && len(want[name]) > 0 {
				t.Errorf("State keys = %v, want %v", got, want[name])
			}
			for k, v := range st {
				if len(v) != 2 {
					t.Errorf("State[%s] has %d values, want 2", k, len(v))
				}
				v[0] = 12345
				if o.State(p)[k][0] == 12345 {
					t.Errorf("State[%s] is not a copy", k)
				}
			}
		})
	}
}

// TestOptimizerZeroGradient checks that with the default configurations a
// zero gradient (before and after other steps) changes nothing and makes no
// NaN.
func TestOptimizerZeroGradient(t *testing.T) {
	for _, cfg := range optAll() {
		t.Run(optName(cfg), func(t *testing.T) {
			o := optNew(t, cfg)
			p := optParam(optW0)
			o.Step([]*Param{p}) // Grad is zero
			for i, v := range raw(p.Value) {
				if v != optW0[i] {
					t.Errorf("w[%d] = %v after a zero gradient, want %v", i, v, optW0[i])
				}
			}
		})
	}
}

// TestOptimizerStateNeverSubnormal trains a parameter whose gradient turns
// zero (a dead ReLU's weights) for 20,000 steps: its decaying state must
// never hold a subnormal number, whose arithmetic is many times slower, and
// the weights must not move once the gradient is zero (see flushTiny).
func TestOptimizerStateNeverSubnormal(t *testing.T) {
	for _, cfg := range optAll() {
		t.Run(optName(cfg), func(t *testing.T) {
			o := optNew(t, cfg)
			p := optParam(optW0)
			copy(raw(p.Grad), optGrads[0])
			o.Step([]*Param{p})
			clear(raw(p.Grad))
			steps, zeroed := 20000, false
			for step := 1; step <= steps; step++ {
				before := append([]float64(nil), raw(p.Value)...)
				o.Step([]*Param{p})
				for name, vals := range o.State(p) {
					for i, v := range vals {
						if v != 0 && math.Abs(v) < 0x1p-1022 {
							t.Fatalf("step %d: %s[%d] = %g is subnormal", step, name, i, v)
						}
					}
				}
				if st := o.State(p); len(st["m"]) > 0 && st["m"][0] == 0 {
					zeroed = true
				}
				// Once the state is tiny, steps change nothing.
				if step > 10000 && !thEqual(before, raw(p.Value)) {
					t.Fatalf("step %d: weights moved from %v to %v with a zero gradient", step, before, raw(p.Value))
				}
			}
			if cfg.Name == "adam" && !zeroed {
				t.Errorf("Adam's m never reached zero in %d steps with a zero gradient", steps)
			}
		})
	}
}

// TestOptimizerFlushKeepsUpdatesFinite trains with ε = 0 and gradients of
// 1e-140 (v ≈ 2⁻⁹³⁰, below the flush threshold, while m is not), then zero
// gradients: a flush that zeroed v alone would divide m by 0. Weights must
// stay finite for as long as they do without a flush (flushSafe skips it).
func TestOptimizerFlushKeepsUpdatesFinite(t *testing.T) {
	for _, name := range []string{"adam", "rmsprop", "adagrad"} {
		t.Run(name, func(t *testing.T) {
			cfg := MustOptimizerConfig(name)
			cfg.Epsilon = 0
			if name == "adagrad" {
				cfg.InitialAccumulator = 0
			}
			o := optNew(t, cfg)
			p := optParam([]float64{0.5, -0.5})
			for step := 1; step <= 300; step++ {
				g := 0.0
				if step <= 10 {
					g = 1e-140
				}
				raw(p.Grad)[0], raw(p.Grad)[1] = g, -g
				o.Step([]*Param{p})
				for i, w := range raw(p.Value) {
					if math.IsInf(w, 0) || math.IsNaN(w) {
						t.Fatalf("step %d: w[%d] = %v", step, i, w)
					}
				}
			}
		})
	}
}
