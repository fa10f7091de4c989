package core_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Helpers shared by this package's black-box tests (model, trainer,
// convergence, bad input, determinism and benchmarks). They carry a gt
// prefix so that they cannot clash with other test files.

// gtLayer is one Dense layer of a test model.
type gtLayer struct {
	units int
	act   core.Activation
}

// gtModel returns a Sequential model of Dense layers on inputs columns.
func gtModel(t testing.TB, seed uint64, inputs int, layers ...gtLayer) *core.Sequential {
	t.Helper()
	m := core.NewSequential(seed)
	for i, l := range layers {
		cfg := core.DenseConfig{Units: l.units, Activation: l.act}
		if i == 0 {
			cfg.InputDim = inputs
		}
		gtAdd(t, m, gtDense(t, cfg))
	}
	return m
}

func gtDense(t testing.TB, cfg core.DenseConfig) *core.Dense {
	t.Helper()
	d, err := core.NewDense(cfg)
	if err != nil {
		t.Fatalf("NewDense(%+v): %v", cfg, err)
	}
	return d
}

func gtAdd(t testing.TB, m *core.Sequential, l core.Layer) {
	t.Helper()
	if err := m.Add(l); err != nil {
		t.Fatalf("Add: %v", err)
	}
}

// gtOptimizer returns the named optimizer with its defaults and, when lr is
// not 0, that learning rate.
func gtOptimizer(t testing.TB, name string, lr float64) *core.Optimizer {
	t.Helper()
	cfg, err := core.DefaultOptimizerConfig(name)
	if err != nil {
		t.Fatal(err)
	}
	if lr != 0 {
		cfg.LearningRate = lr
	}
	o, err := core.NewOptimizer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func gtCompile(t testing.TB, m *core.Sequential, opt *core.Optimizer, loss core.Loss, metrics ...string) {
	t.Helper()
	if err := m.Compile(core.CompileConfig{Optimizer: opt, Loss: loss, Metrics: metrics}); err != nil {
		t.Fatalf("Compile: %v", err)
	}
}

// gtData returns a generated toy dataset.
func gtData(t testing.TB, name string, n int, noise float64, seed uint64) *core.Dataset {
	t.Helper()
	d, err := core.Generate(name, n, noise, seed)
	if err != nil {
		t.Fatalf("Generate(%s): %v", name, err)
	}
	return d
}

// gtSameWeights reports whether a and b hold the same values bit for bit.
func gtSameWeights(a, b []core.Weights) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !slices.Equal(a[i].Shape, b[i].Shape) || len(a[i].Data) != len(b[i].Data) {
			return false
		}
		for j := range a[i].Data {
			if math.Float64bits(a[i].Data[j]) != math.Float64bits(b[i].Data[j]) {
				return false
			}
		}
	}
	return true
}

// gtRows returns rows lo..hi-1 of m as a new matrix.
func gtRows(m *mat.Dense, lo, hi int) *mat.Dense {
	_, c := m.Dims()
	return gtCopy(m.Slice(lo, hi, 0, c).(*mat.Dense))
}

// gtCopy returns a new matrix holding m's elements, as gonum's
// mat.DenseCopyOf (which internal/mat's stand-in, the web build's, lacks).
func gtCopy(m *mat.Dense) *mat.Dense {
	r, c := m.Dims()
	d := make([]float64, 0, r*c)
	for i := 0; i < r; i++ {
		d = append(d, m.RawRowView(i)...)
	}
	return mat.NewDense(r, c, d)
}

// gtScale multiplies m's elements by f in place, as gonum's
// m.Scale(f, m).
func gtScale(m *mat.Dense, f float64) {
	r, _ := m.Dims()
	for i := 0; i < r; i++ {
		row := m.RawRowView(i)
		for j := range row {
			row[j] *= f
		}
	}
}

// gtAccuracy is the share of rows whose predicted class (0.5 threshold for
// one output, argmax otherwise) equals the class index in y.
func gtAccuracy(t testing.TB, m *core.Sequential, x, y *mat.Dense) float64 {
	t.Helper()
	p, err := m.Predict(x)
	if err != nil {
		t.Fatalf("Predict: %v", err)
	}
	right := 0
	for i, c := range core.PredictClasses(p) {
		if float64(c) == y.At(i, 0) {
			right++
		}
	}
	r, _ := y.Dims()
	return float64(right) / float64(r)
}

func TestPredictShapes(t *testing.T) {
	tests := []struct {
		name    string
		inputs  int
		outputs int
		rows    int
		last    core.Activation
	}{
		{"one row, one output", 2, 1, 1, core.Sigmoid},
		{"a few rows, three outputs", 4, 3, 5, core.Softmax},
		{"more rows than one predict batch", 3, 2, 600, core.Linear},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := gtModel(t, 1, tc.inputs, gtLayer{8, core.Tanh}, gtLayer{tc.outputs, tc.last})
			x := mat.NewDense(tc.rows, tc.inputs, nil)
			for i := range tc.rows {
				for j := range tc.inputs {
					x.Set(i, j, math.Sin(float64(i*tc.inputs+j)))
				}
			}
			p, err := m.Predict(x) // predict needs no compile
			if err != nil {
				t.Fatalf("Predict: %v", err)
			}
			if r, c := p.Dims(); r != tc.rows || c != tc.outputs {
				t.Fatalf("Predict shape: got %d×%d, want %d×%d", r, c, tc.rows, tc.outputs)
			}
			// Row by row gives the same numbers as the whole batch.
			for _, i := range []int{0, tc.rows / 2, tc.rows - 1} {
				pi, err := m.Predict(gtRows(x, i, i+1))
				if err != nil {
					t.Fatal(err)
				}
				for j := range tc.outputs {
					if got, want := p.At(i, j), pi.At(0, j); math.Abs(got-want) > 1e-12 {
						t.Errorf("row %d output %d: batch gives %v, alone %v", i, j, got, want)
					}
				}
			}
			if tc.last == core.Softmax {
				for i := range tc.rows {
					s := 0.0
					for j := range tc.outputs {
						s += p.At(i, j)
					}
					if math.Abs(s-1) > 1e-12 {
						t.Errorf("softmax row %d sums to %v, want 1", i, s)
					}
				}
			}
		})
	}
}

func TestEvaluateKeys(t *testing.T) {
	all := []string{"accuracy", "precision", "recall", "f1", "mse", "mae"}
	tests := []struct {
		name    string
		outputs int
		last    core.Activation
		loss    core.Loss
		metrics []string
		y       []float64
	}{
		{"binary, all metrics", 1, core.Sigmoid, core.BinaryCrossentropy, all, []float64{0, 1, 1, 0, 1, 0}},
		{"sparse, all metrics", 3, core.Softmax, core.SparseCategoricalCrossentropy, all, []float64{0, 1, 2, 2, 1, 0}},
		{"categorical, acc alias", 3, core.Softmax, core.CategoricalCrossentropy, []string{"acc"},
			[]float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0}},
		{"regression, no metrics", 1, core.Linear, core.MeanSquaredError, nil, []float64{0.5, -1, 2, 3, 0, 1}},
		{"regression, mae metric", 2, core.Linear, core.MeanAbsoluteError, []string{"mae", "mse"},
			[]float64{0.5, -1, 2, 3, 0, 1, 1, 1, 2, 2, 3, 3}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := gtModel(t, 3, 2, gtLayer{5, core.ReLU}, gtLayer{tc.outputs, tc.last})
			gtCompile(t, m, gtOptimizer(t, "adam", 0), tc.loss, tc.metrics...)
			x := mat.NewDense(6, 2, []float64{1, 2, -1, 0.5, 0, 3, 2, -2, 0.1, 0.2, -3, 1})
			y := mat.NewDense(6, len(tc.y)/6, tc.y)
			logs, err := m.Evaluate(x, y)
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			want := append([]string{"loss"}, tc.metrics...)
			got := make([]string, 0, len(logs))
			for k := range logs {
				got = append(got, k)
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("Evaluate keys: got %v, want %v", got, want)
			}
			for k, v := range logs {
				if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
					t.Errorf("%s = %v, want a finite value ≥ 0", k, v)
				}
			}
			p, _ := m.Predict(x)
			if _, ok := logs["mse"]; ok && tc.loss == core.MeanAbsoluteError {
				var s float64
				r, c := p.Dims()
				for i := range r {
					for j := range c {
						d := p.At(i, j) - y.At(i, j)
						s += d * d
					}
				}
				if got, want := logs["mse"], s/float64(r*c); math.Abs(got-want) > 1e-12 {
					t.Errorf("mse: got %v, want %v", got, want)
				}
			}
			if acc, ok := logs["accuracy"]; ok && tc.loss != core.CategoricalCrossentropy {
				if want := gtAccuracy(t, m, x, y); acc != want {
					t.Errorf("accuracy: got %v, want %v", acc, want)
				}
			}
		})
	}
}

func TestTrainOnBatchReturnsLossBeforeUpdate(t *testing.T) {
	tests := []struct {
		name string
		reg  core.Regularizer
		loss core.Loss
		opt  string
	}{
		{"bce adam", core.Regularizer{}, core.BinaryCrossentropy, "adam"},
		{"mse sgd with l2", core.Regularizer{L2: 0.01}, core.MeanSquaredError, "sgd"},
		{"bce rmsprop with l1", core.Regularizer{L1: 0.001}, core.BinaryCrossentropy, "rmsprop"},
	}
	d := gtData(t, "circle", 64, 0.1, 1)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := core.NewSequential(7)
			gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 8, Activation: core.ReLU, InputDim: 2, Regularizer: tc.reg}))
			gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
			gtCompile(t, m, gtOptimizer(t, tc.opt, 0), tc.loss)
			for step := range 3 {
				before := m.GetWeights()
				logs, err := m.Evaluate(d.X, d.Y)
				if err != nil {
					t.Fatal(err)
				}
				loss, err := m.TrainOnBatch(d.X, d.Y)
				if err != nil {
					t.Fatalf("TrainOnBatch: %v", err)
				}
				if want := logs["loss"]; math.Abs(loss-want) > 1e-12*math.Max(1, want) {
					t.Errorf("step %d: TrainOnBatch loss got %v, want Evaluate's %v before the step", step, loss, want)
				}
				if gtSameWeights(before, m.GetWeights()) {
					t.Errorf("step %d: TrainOnBatch did not change the weights", step)
				}
				if got := m.Optimizer().Iterations(); got != step+1 {
					t.Errorf("step %d: optimizer iterations got %d, want %d", step, got, step+1)
				}
			}
		})
	}
}

func TestNormalizationAdaptsOnFirstFit(t *testing.T) {
	d := gtData(t, "circle", 600, 0.05, 2)
	x := gtCopy(d.X)
	gtScale(x, 1000) // raw rows in the thousands
	for i := range 600 {
		x.Set(i, 1, x.At(i, 1)+5e4) // and far from the origin
	}
	m := core.NewSequential(3)
	norm, err := core.NewNormalization(2)
	if err != nil {
		t.Fatal(err)
	}
	gtAdd(t, m, norm)
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 16, Activation: core.ReLU}))
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
	gtCompile(t, m, gtOptimizer(t, "adam", 0.01), core.BinaryCrossentropy, "accuracy")
	if norm.Adapted() {
		t.Fatal("Adapted before any fit: got true, want false")
	}
	if _, err := m.Fit(x, d.Y, core.FitConfig{Epochs: 40, BatchSize: 32}); err != nil {
		t.Fatalf("Fit: %v", err)
	}
	if !norm.Adapted() {
		t.Fatal("Adapted after fit: got false, want true")
	}
	mean, variance := norm.Mean(), norm.Variance()
	for j := range 2 {
		var s, s2 float64
		for i := range 600 {
			s += x.At(i, j)
		}
		mu := s / 600
		for i := range 600 {
			s2 += (x.At(i, j) - mu) * (x.At(i, j) - mu)
		}
		if math.Abs(mean[j]-mu) > 1e-9*math.Abs(mu)+1e-9 || math.Abs(variance[j]-s2/600) > 1e-9*s2/600 {
			t.Errorf("column %d: got mean %v variance %v, want %v %v", j, mean[j], variance[j], mu, s2/600)
		}
	}
	if acc := gtAccuracy(t, m, x, d.Y); acc < 0.95 {
		t.Errorf("accuracy on raw rows scaled ×1000: got %v, want ≥ 0.95", acc)
	}
	// A second fit keeps the statistics of the first.
	y2 := gtRows(d.Y, 0, 100)
	if _, err := m.Fit(gtRows(d.X, 0, 100), y2, core.FitConfig{Epochs: 1, BatchSize: 32}); err != nil {
		t.Fatal(err)
	}
	if got := norm.Mean(); !slices.Equal(got, mean) {
		t.Errorf("mean after a second fit: got %v, want the first fit's %v", got, mean)
	}
}

func TestAddAfterBuild(t *testing.T) {
	m := core.NewSequential(5)
	if m.Built() {
		t.Fatal("empty model Built: got true, want false")
	}
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 4, Activation: core.ReLU, InputDim: 3}))
	if !m.Built() {
		t.Fatal("Built after adding a layer with inputShape: got false, want true")
	}
	if got, want := m.CountParams(), 3*4+4; got != want {
		t.Errorf("CountParams: got %d, want %d", got, want)
	}
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 2, Activation: core.Softmax}))
	if got, want := m.CountParams(), 16+4*2+2; got != want {
		t.Errorf("CountParams after Add: got %d, want %d", got, want)
	}
	if got := m.OutputDim(); got != 2 {
		t.Errorf("OutputDim: got %d, want 2", got)
	}
	// A layer declaring the wrong input width is refused and changes nothing.
	if err := m.Add(gtDense(t, core.DenseConfig{Units: 2, InputDim: 5})); err == nil {
		t.Error("Add with a wrong inputShape: got nil error")
	}
	if got := len(m.Layers()); got != 2 {
		t.Errorf("layers after a refused Add: got %d, want 2", got)
	}
	gtCompile(t, m, gtOptimizer(t, "adam", 0), core.SparseCategoricalCrossentropy, "accuracy")
	x := mat.NewDense(4, 3, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1})
	y := mat.NewDense(4, 1, []float64{0, 1, 0, 1})
	if _, err := m.Fit(x, y, core.FitConfig{Epochs: 2, BatchSize: 2}); err != nil {
		t.Fatal(err)
	}
	// Adding after training builds the new layer at once; training goes on.
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 3, Activation: core.Softmax}))
	if got, want := m.CountParams(), 26+2*3+3; got != want {
		t.Errorf("CountParams after Add after fit: got %d, want %d", got, want)
	}
	if got, want := len(m.GetWeights()), 6; got != want {
		t.Errorf("weight arrays: got %d, want %d", got, want)
	}
	y3 := mat.NewDense(4, 1, []float64{0, 1, 2, 1})
	if _, err := m.Fit(x, y3, core.FitConfig{Epochs: 2, BatchSize: 2}); err != nil {
		t.Fatalf("Fit after Add: %v", err)
	}
	p, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	if _, c := p.Dims(); c != 3 {
		t.Errorf("Predict columns after Add: got %d, want 3", c)
	}
	names := []string{}
	for _, l := range m.Layers() {
		names = append(names, l.Name())
	}
	if want := []string{"dense_1", "dense_2", "dense_3"}; !slices.Equal(names, want) {
		t.Errorf("layer names: got %v, want %v", names, want)
	}
}

func TestBuildOnFirstFit(t *testing.T) {
	m := core.NewSequential(1)
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 3, Activation: core.ReLU}))
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
	if m.Built() || m.CountParams() != 0 {
		t.Fatalf("before fit: Built %v CountParams %d, want false 0", m.Built(), m.CountParams())
	}
	gtCompile(t, m, nil, core.BinaryCrossentropy) // nil optimizer: rmsprop
	if got := m.Optimizer().Config().Name; got != "rmsprop" {
		t.Errorf("default optimizer: got %s, want rmsprop", got)
	}
	d := gtData(t, "gaussian", 20, 0, 1)
	if _, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 1, BatchSize: 8}); err != nil {
		t.Fatal(err)
	}
	if got, want := m.CountParams(), 2*3+3+3+1; !m.Built() || got != want {
		t.Errorf("after fit: Built %v CountParams %d, want true %d", m.Built(), got, want)
	}
}

func TestCountParams(t *testing.T) {
	norm := func() core.Layer {
		n, err := core.NewNormalization(0)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	drop := func() core.Layer {
		d, err := core.NewDropout(0.5)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	dense := func(units int, noBias bool) func() core.Layer {
		return func() core.Layer { return gtDense(t, core.DenseConfig{Units: units, NoBias: noBias}) }
	}
	tests := []struct {
		name   string
		inputs int
		layers []func() core.Layer
		want   int
	}{
		{"keras 2-64-64-1", 2, []func() core.Layer{dense(64, false), dense(64, false), dense(1, false)}, 2*64 + 64 + 64*64 + 64 + 64 + 1},
		{"digits 64-128-10", 64, []func() core.Layer{dense(128, false), dense(10, false)}, 64*128 + 128 + 128*10 + 10},
		{"no bias", 5, []func() core.Layer{dense(3, true)}, 15},
		{"dropout has none", 4, []func() core.Layer{dense(3, false), drop, dense(2, false)}, 15 + 8},
		// Keras counts a Normalization layer's mean, variance and count.
		{"normalization counts its statistics", 4, []func() core.Layer{norm, dense(2, false)}, 4 + 4 + 1 + 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := core.NewSequential(1)
			for _, l := range tc.layers {
				gtAdd(t, m, l())
			}
			if err := m.Build(tc.inputs); err != nil {
				t.Fatal(err)
			}
			if got := m.CountParams(); got != tc.want {
				t.Errorf("CountParams: got %d, want %d", got, tc.want)
			}
		})
	}
}

// A refused fit must not build the model for the refused x's width: the
// user who passed x transposed can fix the call and train.
func TestRefusedFitLeavesModelUnbuilt(t *testing.T) {
	m := core.NewSequential(1)
	d, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid})
	if err := m.Add(d); err != nil {
		t.Fatal(err)
	}
	opt, _ := core.NewOptimizer(core.MustOptimizerConfig("sgd"))
	if err := m.Compile(core.CompileConfig{Optimizer: opt, Loss: core.BinaryCrossentropy}); err != nil {
		t.Fatal(err)
	}
	xT := mat.NewDense(3, 5, nil) // transposed: 3 rows of 5 features instead of 5 rows of 3
	y := mat.NewDense(5, 1, nil)
	if _, err := m.Fit(xT, y, core.FitConfig{Epochs: 1, BatchSize: 2}); err == nil || !strings.Contains(err.Error(), "x has 3 rows but y has 5") {
		t.Fatalf("Fit(transposed x) error = %v, want the row mismatch", err)
	}
	if m.Built() {
		t.Fatalf("the refused fit built the model (input width %d)", m.InputDim())
	}
	x := mat.NewDense(5, 3, nil)
	if _, err := m.Fit(x, y, core.FitConfig{Epochs: 1, BatchSize: 2}); err != nil {
		t.Fatalf("Fit after fixing x: %v", err)
	}
	if got := m.InputDim(); got != 3 {
		t.Errorf("InputDim = %d, want 3", got)
	}
}
