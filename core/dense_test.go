package core

import (
	"math"
	"strings"
	"testing"
)

func TestNewDenseErrors(t *testing.T) {
	tests := []struct {
		name    string
		cfg     DenseConfig
		wantErr string
	}{
		{"zero units", DenseConfig{Units: 0}, "dense: units must be between 1 and 65536, got 0"},
		{"negative units", DenseConfig{Units: -3}, "dense: units must be between 1 and 65536, got -3"},
		{"too many units", DenseConfig{Units: MaxUnits + 1}, "dense: units must be between 1 and 65536, got 65537"},
		{"negative input", DenseConfig{Units: 1, InputDim: -1}, "dense: inputShape must be between 1 and 65536, got -1"},
		{"too many inputs", DenseConfig{Units: 1, InputDim: MaxUnits + 1}, "dense: inputShape must be between 1 and 65536, got 65537"},
		{"unknown activation", DenseConfig{Units: 1, Activation: 8}, "dense: unknown activation 8"},
		{"negative activation", DenseConfig{Units: 1, Activation: -1}, "dense: unknown activation -1"},
		{"unknown initializer", DenseConfig{Units: 1, Initializer: 5}, "dense: unknown initializer 5"},
		{"bad regularizer", DenseConfig{Units: 1, Regularizer: Regularizer{L2: -1}}, "dense: regularizer factors must be between 0 and 1e6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := NewDense(tt.cfg)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("NewDense(%+v) = %v, %v; want error %q", tt.cfg, d, err, tt.wantErr)
			}
		})
	}
	for _, cfg := range []DenseConfig{{Units: 1}, {Units: MaxUnits}, {Units: 3, InputDim: MaxUnits, Activation: Softplus, Initializer: Zeros}} {
		if _, err := NewDense(cfg); err != nil {
			t.Errorf("NewDense(%+v): %v, want no error", cfg, err)
		}
	}
}

func TestDenseShapes(t *testing.T) {
	tests := []struct {
		name       string
		cfg        DenseConfig
		inputs     int
		wantParams []string
	}{
		{"with bias", DenseConfig{Units: 4}, 3, []string{"dense_1/kernel", "dense_1/bias"}},
		{"no bias", DenseConfig{Units: 4, NoBias: true}, 3, []string{"dense_1/kernel"}},
		{"one unit", DenseConfig{Units: 1}, 1, []string{"dense_1/kernel", "dense_1/bias"}},
		{"named", DenseConfig{Units: 2, Name: "out"}, 5, []string{"out/kernel", "out/bias"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := thDense(t, tt.cfg)
			if d.Params() != nil || d.InputDim() != 0 || d.Kernel() != nil {
				t.Errorf("before build: Params %v, InputDim %d, Kernel %v; want nil, 0, nil", d.Params(), d.InputDim(), d.Kernel())
			}
			m := thModel(t, 1, d)
			if err := m.Build(tt.inputs); err != nil {
				t.Fatal(err)
			}
			if d.InputDim() != tt.inputs || d.OutputDim() != tt.cfg.Units {
				t.Errorf("InputDim, OutputDim = %d, %d; want %d, %d", d.InputDim(), d.OutputDim(), tt.inputs, tt.cfg.Units)
			}
			if r, c := d.Kernel().Value.Dims(); r != tt.inputs || c != tt.cfg.Units {
				t.Errorf("kernel is %d×%d, want %d×%d", r, c, tt.inputs, tt.cfg.Units)
			}
			if r, c := d.Kernel().Grad.Dims(); r != tt.inputs || c != tt.cfg.Units {
				t.Errorf("kernel gradient is %d×%d, want %d×%d", r, c, tt.inputs, tt.cfg.Units)
			}
			if tt.cfg.NoBias {
				if d.Bias() != nil {
					t.Errorf("Bias() = %v, want nil with NoBias", d.Bias())
				}
			} else {
				if r, c := d.Bias().Value.Dims(); r != 1 || c != tt.cfg.Units {
					t.Errorf("bias is %d×%d, want 1×%d", r, c, tt.cfg.Units)
				}
				for _, v := range raw(d.Bias().Value) {
					if v != 0 {
						t.Errorf("bias starts at %v, want 0", v)
					}
				}
			}
			var names []string
			for _, p := range d.Params() {
				names = append(names, p.Name)
			}
			if strings.Join(names, ",") != strings.Join(tt.wantParams, ",") {
				t.Errorf("Params = %v, want %v", names, tt.wantParams)
			}
			if got := m.CountParams(); got != tt.inputs*tt.cfg.Units+len(tt.wantParams)/2*tt.cfg.Units {
				t.Errorf("CountParams() = %d", got)
			}
			c := d.Config()
			if c.InputDim != tt.inputs || c.Name != d.Name() || c.Units != tt.cfg.Units || c.NoBias != tt.cfg.NoBias {
				t.Errorf("Config() = %+v", c)
			}
			if d.Kind() != "dense" {
				t.Errorf("Kind() = %q, want dense", d.Kind())
			}
		})
	}
}

// TestDenseForward checks a = f(x·W + b) on hand-computed values:
// W = [[1 2] [3 4] [5 6]], b = (0.5, -1), x = (1, 0, -1) and (0.5, 1, 0)
// give z = (-3.5, -5) and (4, 4).
func TestDenseForward(t *testing.T) {
	z := []float64{-3.5, -5, 4, 4}
	tests := []struct {
		act    Activation
		noBias bool
		want   []float64
	}{
		{Linear, false, z},
		{Linear, true, []float64{-4, -4, 3.5, 5}},
		{ReLU, false, []float64{0, 0, 4, 4}},
		{LeakyReLU, false, []float64{-0.7, -1, 4, 4}},
		{ELU, false, []float64{math.Expm1(-3.5), math.Expm1(-5), 4, 4}},
		{Sigmoid, false, []float64{1 / (1 + math.Exp(3.5)), 1 / (1 + math.Exp(5)), 1 / (1 + math.Exp(-4)), 1 / (1 + math.Exp(-4))}},
		{Tanh, false, []float64{math.Tanh(-3.5), math.Tanh(-5), math.Tanh(4), math.Tanh(4)}},
		{Softmax, false, []float64{1 / (1 + math.Exp(-1.5)), 1 / (1 + math.Exp(1.5)), 0.5, 0.5}},
		{Softplus, false, []float64{math.Log1p(math.Exp(-3.5)), math.Log1p(math.Exp(-5)), 4 + math.Log1p(math.Exp(-4)), 4 + math.Log1p(math.Exp(-4))}},
	}
	for _, tt := range tests {
		name := tt.act.String()
		if tt.noBias {
			name += "/nobias"
		}
		t.Run(name, func(t *testing.T) {
			d := thDense(t, DenseConfig{Units: 2, InputDim: 3, Activation: tt.act, NoBias: tt.noBias})
			m := thModel(t, 1, d)
			ws := []Weights{{Data: []float64{1, 2, 3, 4, 5, 6}}}
			if !tt.noBias {
				ws = append(ws, Weights{Data: []float64{0.5, -1}})
			}
			if err := m.SetWeights(ws); err != nil {
				t.Fatal(err)
			}
			got, err := m.Predict(thMat(2, 3, 1, 0, -1, 0.5, 1, 0))
			if err != nil {
				t.Fatal(err)
			}
			thCheckClose(t, "output", raw(got), tt.want, 1e-15, 1e-14)
		})
	}
}

// TestDenseBackward checks the backward pass on the same numbers with a
// linear activation: dW = xᵀ·dy, db = Σ rows dy, dx = dy·Wᵀ.
func TestDenseBackward(t *testing.T) {
	d := thDense(t, DenseConfig{Units: 2, InputDim: 3})
	m := thModel(t, 1, d)
	if err := m.SetWeights([]Weights{{Data: []float64{1, 2, 3, 4, 5, 6}}, {Data: []float64{0.5, -1}}}); err != nil {
		t.Fatal(err)
	}
	x := thMat(2, 3, 1, 0, -1, 0.5, 1, 0)
	d.forward(x, true)
	dy := thMat(2, 2, 1, -1, 2, 0.5)
	dx := d.backward(dy, true)
	// xᵀ·dy: rows of x are (1,0,-1) and (0.5,1,0).
	thCheckClose(t, "dW", raw(d.kernel.Grad), []float64{1 + 1, -1 + 0.25, 2, 0.5, -1, 1}, 1e-15, 0)
	thCheckClose(t, "db", raw(d.bias.Grad), []float64{3, -0.5}, 1e-15, 0)
	// dy·Wᵀ: (1,-1)·W rows (1,2),(3,4),(5,6) = (-1,-1,-1); (2,0.5) → (3, 8, 13).
	thCheckClose(t, "dx", raw(dx), []float64{-1, -1, -1, 3, 8, 13}, 1e-15, 0)
	if got := d.backward(dy, false); got != nil {
		t.Errorf("backward without input gradient returned %v, want nil", got)
	}
	// A second backward overwrites (not accumulates) the gradients.
	thCheckClose(t, "dW again", raw(d.kernel.Grad), []float64{2, -0.75, 2, 0.5, -1, 1}, 1e-15, 0)
}

// TestDenseBatchSizes runs batches of changing sizes through one layer: the
// buffers follow the batch and results match a fresh layer's.
func TestDenseBatchSizes(t *testing.T) {
	d := thDense(t, DenseConfig{Units: 3, InputDim: 2, Activation: Tanh})
	m := thModel(t, 5, d)
	rng := thRNG(2)
	for _, rows := range []int{4, 1, 7, 2, 7} {
		x := thRandMat(rng, rows, 2, 1)
		got := clone(raw(d.forward(x, false)))
		want := make([]float64, rows*3)
		for i := 0; i < rows; i++ {
			for j := 0; j < 3; j++ {
				z := raw(d.bias.Value)[j]
				for l := 0; l < 2; l++ {
					z += x.At(i, l) * d.kernel.Value.At(l, j)
				}
				want[i*3+j] = math.Tanh(z)
			}
		}
		thCheckClose(t, "forward", got, want, 1e-15, 1e-14)
	}
	_ = m
}

func TestDenseBuildErrors(t *testing.T) {
	// A declared input width that the data contradicts.
	d := thDense(t, DenseConfig{Units: 2, InputDim: 3})
	m := NewSequential(1)
	if err := m.Add(d); err != nil {
		t.Fatal(err)
	}
	if err := m.Build(4); err == nil || !strings.Contains(err.Error(), "built for 3 inputs, not 4") {
		t.Errorf("Build(4) error = %v, want built for 3 inputs", err)
	}
	// A second layer declaring an input width that the first does not give.
	m2 := thModel(t, 1, thDense(t, DenseConfig{Units: 2, InputDim: 3}))
	err := m2.Add(thDense(t, DenseConfig{Units: 1, InputDim: 5}))
	if err == nil || !strings.Contains(err.Error(), "declares 5 inputs but the previous layer has 2 outputs") {
		t.Errorf("Add error = %v, want declares 5 inputs", err)
	}
	// A layer whose declared width is not the width it is built for (the
	// model checks every kind's declared width as it builds the layer).
	d3 := thDense(t, DenseConfig{Units: 2, InputDim: 3, Name: "x"})
	if err := NewSequential(1).buildLayer(d3, 4); err == nil || !strings.Contains(err.Error(), "layer x expects 3 inputs but gets 4") {
		t.Errorf("build(4) error = %v", err)
	}
	if err := NewSequential(1).buildLayer(thDense(t, DenseConfig{Units: 2}), 0); err == nil {
		t.Errorf("build(0) succeeded, want an error")
	}
}
