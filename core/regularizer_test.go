package core

import (
	"math"
	"strings"
	"testing"
)

func TestRegularizerPenalty(t *testing.T) {
	w := []float64{1, -2, 0.5, 0}
	tests := []struct {
		name string
		reg  Regularizer
		want float64
	}{
		{"zero", Regularizer{}, 0},
		// Σ|w| = 3.5, Σw² = 5.25
		{"l1", Regularizer{L1: 0.1}, 0.35},
		{"l2", Regularizer{L2: 0.01}, 0.0525},
		{"l1l2", Regularizer{L1: 0.1, L2: 0.01}, 0.4025},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.reg.penalty(w); !thClose(got, tt.want, 1e-16, 1e-14) {
				t.Errorf("penalty = %.17g, want %.17g", got, tt.want)
			}
			if got, want := tt.reg.IsZero(), tt.reg.L1 == 0 && tt.reg.L2 == 0; got != want {
				t.Errorf("IsZero() = %v, want %v", got, want)
			}
		})
	}
}

func TestRegularizerGrad(t *testing.T) {
	w := []float64{1, -2, 0.5, 0}
	tests := []struct {
		name string
		reg  Regularizer
		want []float64 // 1 + L1·sign(w) + 2·L2·w (sign(0) = -1 as in TF.js), from a gradient of ones
	}{
		{"l1", Regularizer{L1: 0.1}, []float64{1.1, 0.9, 1.1, 0.9}},
		{"l2", Regularizer{L2: 0.01}, []float64{1.02, 0.96, 1.01, 1}},
		{"l1l2", Regularizer{L1: 0.1, L2: 0.01}, []float64{1.12, 0.86, 1.11, 0.9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := []float64{1, 1, 1, 1, 7} // longer than w: the tail stays
			tt.reg.addGrad(g, w)
			thCheckClose(t, "gradient", g[:4], tt.want, 1e-15, 1e-14)
			if g[4] != 7 {
				t.Errorf("addGrad wrote past w: g[4] = %v, want 7", g[4])
			}
		})
	}
}

func TestRegularizerValidate(t *testing.T) {
	tests := []struct {
		reg Regularizer
		ok  bool
	}{
		{Regularizer{}, true},
		{Regularizer{L1: 0.01, L2: 1e6}, true},
		{Regularizer{L1: -0.01}, false},
		{Regularizer{L2: -1}, false},
		{Regularizer{L1: math.NaN()}, false},
		{Regularizer{L2: math.Inf(1)}, false},
		{Regularizer{L1: 1e6 + 1}, false},
	}
	for _, tt := range tests {
		err := tt.reg.validate()
		if (err == nil) != tt.ok {
			t.Errorf("validate(%+v) = %v, want ok=%v", tt.reg, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "regularizer factors must be between 0 and 1e6") {
			t.Errorf("validate(%+v) error = %q", tt.reg, err)
		}
		// NewDense reports the same error, prefixed.
		_, derr := NewDense(DenseConfig{Units: 1, Regularizer: tt.reg})
		if (derr == nil) != tt.ok || derr != nil && !strings.HasPrefix(derr.Error(), "dense: regularizer factors") {
			t.Errorf("NewDense with %+v: error %v, want ok=%v", tt.reg, derr, tt.ok)
		}
	}
}

// TestRegularizerInModel checks that Evaluate's loss adds every kernel's
// penalty (and never the biases'), that the gradient includes the penalty's
// and that a zero data gradient leaves exactly the penalty's gradient.
func TestRegularizerInModel(t *testing.T) {
	reg := Regularizer{L1: 0.1, L2: 0.01}
	d1 := thDense(t, DenseConfig{Units: 2, InputDim: 2, Regularizer: reg})
	d2 := thDense(t, DenseConfig{Units: 1})
	m := thModel(t, 1, d1, d2)
	thCompile(t, m, MeanSquaredError, "sgd")
	ws := []Weights{
		{Data: []float64{1, -2, 0.5, 0}}, // kernel 1: Σ|w| = 3.5, Σw² = 5.25
		{Data: []float64{10, 10}},        // bias 1: not penalised
		{Data: []float64{3, 4}},          // kernel 2: no regularizer
		{Data: []float64{-100}},
	}
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	x := thMat(1, 2, 0, 0)
	// Output: relu-free linear net: h = (10, 10), y = 3·10 + 4·10 - 100 = -30.
	y := thMat(1, 1, -30)
	logs, err := m.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if want := 0.4025; !thClose(logs["loss"], want, 1e-15, 1e-14) {
		t.Errorf("loss = %.17g, want the penalty %.17g (the data loss is 0)", logs["loss"], want)
	}
	if got := m.regularization(); !thClose(got, 0.4025, 1e-15, 1e-14) {
		t.Errorf("regularization() = %v, want 0.4025", got)
	}
	// One training step with lr 0.01: the data gradient is zero, so kernel 1
	// moves by -0.01·(0.1·sign(w) + 0.02·w), sign(0) = -1 as in TF.js, and
	// nothing else moves.
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	got := m.GetWeights()
	thCheckClose(t, "kernel 1", got[0].Data, []float64{1 - 0.01*0.12, -2 + 0.01*0.14, 0.5 - 0.01*0.11, 0.01 * 0.1}, 1e-15, 1e-14)
	thCheckClose(t, "bias 1", got[1].Data, []float64{10, 10}, 0, 0)
	thCheckClose(t, "kernel 2", got[2].Data, []float64{3, 4}, 0, 0)
}
