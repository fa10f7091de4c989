package core

import (
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// TestNormalizationAdapt learns the statistics of a known matrix:
// columns (1, 3, 5), (10, 20, 60) and the constant (5, 5, 5) have means
// 3, 30, 5 and population variances 8/3, 1400/3, 0.
func TestNormalizationAdapt(t *testing.T) {
	n, err := NewNormalization(3)
	if err != nil {
		t.Fatal(err)
	}
	if n.Adapted() {
		t.Errorf("Adapted() before Adapt = true")
	}
	x := thMat(3, 3, 1, 10, 5, 3, 20, 5, 5, 60, 5)
	if err := n.Adapt(x); err != nil {
		t.Fatal(err)
	}
	if !n.Adapted() {
		t.Errorf("Adapted() after Adapt = false")
	}
	thCheckClose(t, "mean", n.Mean(), []float64{3, 30, 5}, 1e-15, 1e-15)
	thCheckClose(t, "variance", n.Variance(), []float64{8.0 / 3, 1400.0 / 3, 0}, 1e-15, 1e-14)
	if err := n.build(3, nil); err != nil {
		t.Fatal(err)
	}
	out := n.forward(thMat(2, 3, 3+math.Sqrt(8.0/3), 30-2*math.Sqrt(1400.0/3), 5, 3, 30, 6), false)
	// The constant column divides by the 1e-7 floor instead of 0: 5 → 0,
	// 6 → 1e7, both finite.
	thCheckClose(t, "normalised", raw(out), []float64{1, -2, 0, 0, 0, 1 / NormEpsilon}, 1e-9, 1e-14)
	for i, v := range raw(out) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("output %d = %v, want finite", i, v)
		}
	}
	// The adapted data itself has mean 0 and variance 1 per column (the
	// constant column: 0).
	norm := n.forward(x, false)
	for j := 0; j < 3; j++ {
		var s, ss float64
		for i := 0; i < 3; i++ {
			s += norm.At(i, j)
			ss += norm.At(i, j) * norm.At(i, j)
		}
		wantVar := 1.0
		if j == 2 {
			wantVar = 0
		}
		if math.Abs(s/3) > 1e-15 || math.Abs(ss/3-wantVar) > 1e-14 {
			t.Errorf("column %d: mean %v, variance %v after normalising; want 0, %v", j, s/3, ss/3, wantVar)
		}
	}
	// Mean and Variance return copies.
	n.Mean()[0] = 99
	n.Variance()[0] = 99
	if n.Mean()[0] != 3 || n.Variance()[0] != 8.0/3 {
		t.Errorf("Mean/Variance share storage with the layer")
	}
}

// TestNormalizationBackward checks dx = dy / max(std, 1e-7) per column.
func TestNormalizationBackward(t *testing.T) {
	n, _ := NewNormalization(0)
	if err := n.SetStats([]float64{1, -2, 0}, []float64{4, 0.25, 0}); err != nil {
		t.Fatal(err)
	}
	dy := thMat(2, 3, 1, 1, 1, -2, 0.5, 3e-7)
	dx := n.backward(dy, true)
	thCheckClose(t, "dx", raw(dx), []float64{0.5, 2, 1e7, -1, 1, 3}, 1e-15, 1e-14)
	if got := n.backward(dy, false); got != nil {
		t.Errorf("backward without input gradient = %v, want nil", got)
	}
}

func TestNormalizationErrors(t *testing.T) {
	if _, err := NewNormalization(-1); err == nil || !strings.Contains(err.Error(), "normalization: inputShape must be between 1 and 65536, got -1") {
		t.Errorf("NewNormalization(-1) error = %v", err)
	}
	if _, err := NewNormalization(MaxUnits + 1); err == nil {
		t.Errorf("NewNormalization(MaxUnits+1) succeeded")
	}
	good := func() *Normalization {
		n, _ := NewNormalization(2)
		if err := n.SetStats([]float64{1, 2}, []float64{3, 4}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	adaptTests := []struct {
		name    string
		x       *mat.Dense
		wantErr string
	}{
		{"nil", nil, "adapt: no data"},
		{"empty", &mat.Dense{}, "adapt: no data"},
		{"wrong width", thMat(2, 3, 1, 2, 3, 4, 5, 6), "adapt: x has 3 columns but the layer expects 2"},
		{"NaN", thMat(2, 2, 1, 2, math.NaN(), 4), "adapt: x row 1, column 0 is NaN"},
		{"Inf", thMat(1, 2, 1, math.Inf(-1)), "adapt: x row 0, column 1 is -Inf"},
	}
	for _, tt := range adaptTests {
		t.Run("adapt/"+tt.name, func(t *testing.T) {
			n := good()
			err := n.Adapt(tt.x)
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("Adapt error = %v, want %q", err, tt.wantErr)
			}
			if !thEqual(n.Mean(), []float64{1, 2}) || !thEqual(n.Variance(), []float64{3, 4}) {
				t.Errorf("failed Adapt changed the statistics to %v, %v", n.Mean(), n.Variance())
			}
		})
	}
	statsTests := []struct {
		name           string
		mean, variance []float64
		wantErr        string
	}{
		{"length mismatch", []float64{1, 2}, []float64{1}, "normalization: mean has 2 values and variance 1"},
		{"empty", nil, nil, "normalization: mean has 0 values and variance 0"},
		{"wrong width", []float64{1, 2, 3}, []float64{1, 1, 1}, "normalization: 3 statistics for 2 inputs"},
		{"NaN mean", []float64{math.NaN(), 0}, []float64{1, 1}, "normalization: column 0 has mean NaN and variance 1"},
		{"Inf mean", []float64{0, math.Inf(1)}, []float64{1, 1}, "normalization: column 1 has mean +Inf"},
		{"negative variance", []float64{0, 0}, []float64{1, -1}, "normalization: column 1 has mean 0 and variance -1"},
		{"NaN variance", []float64{0, 0}, []float64{math.NaN(), 1}, "normalization: column 0 has mean 0 and variance NaN"},
		{"Inf variance", []float64{0, 0}, []float64{1, math.Inf(1)}, "normalization: column 1 has mean 0 and variance +Inf"},
	}
	for _, tt := range statsTests {
		t.Run("setStats/"+tt.name, func(t *testing.T) {
			n := good()
			err := n.SetStats(tt.mean, tt.variance)
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("SetStats error = %v, want %q", err, tt.wantErr)
			}
			if !thEqual(n.Mean(), []float64{1, 2}) || !thEqual(n.Variance(), []float64{3, 4}) {
				t.Errorf("failed SetStats changed the statistics to %v, %v", n.Mean(), n.Variance())
			}
			out := n.forward(thMat(1, 2, 1, 2), false)
			thCheckClose(t, "output after failed SetStats", raw(out), []float64{0, 0}, 0, 0)
		})
	}
}

// TestNormalizationInModel checks that the first fit adapts an unadapted
// first Normalization layer, that a model predicts from raw rows, and that
// an adapted layer is not re-adapted by fit.
func TestNormalizationInModel(t *testing.T) {
	n, _ := NewNormalization(2)
	d := thDense(t, DenseConfig{Units: 1})
	m := thModel(t, 3, n, d)
	thCompile(t, m, MeanSquaredError, "sgd")
	x := thMat(4, 2, 0, 100, 2, 200, 4, 300, 6, 400)
	y := thMat(4, 1, 1, 2, 3, 4)
	if _, err := m.Fit(x, y, FitConfig{Epochs: 1, BatchSize: 4, NoShuffle: true}); err != nil {
		t.Fatal(err)
	}
	thCheckClose(t, "adapted mean", n.Mean(), []float64{3, 250}, 1e-15, 1e-15)
	thCheckClose(t, "adapted variance", n.Variance(), []float64{5, 12500}, 1e-15, 1e-14)
	// A second fit on other data keeps the statistics.
	if _, err := m.Fit(thMat(2, 2, 50, 50, 60, 60), thMat(2, 1, 0, 0), FitConfig{Epochs: 1, BatchSize: 2}); err != nil {
		t.Fatal(err)
	}
	thCheckClose(t, "mean after a second fit", n.Mean(), []float64{3, 250}, 0, 0)
	// Predict normalises raw rows: with kernel (1, 1) and bias 0 the output
	// is the sum of the normalised columns.
	if err := m.SetWeights([]Weights{{Data: []float64{1, 1}}, {Data: []float64{0}}}); err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict(thMat(1, 2, 3+math.Sqrt(5), 250-math.Sqrt(12500)))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.At(0, 0); math.Abs(got) > 1e-13 {
		t.Errorf("predict = %v, want 1 + (-1) = 0", got)
	}
	// Statistics count as parameters, as in Keras: 2·2+1 plus the dense 3.
	if got := m.CountParams(); got != 8 {
		t.Errorf("CountParams() = %d, want 8", got)
	}
	if n.Params() != nil || n.Kind() != "normalization" || n.InputDim() != 2 || n.OutputDim() != 2 {
		t.Errorf("Params %v Kind %q dims %d→%d", n.Params(), n.Kind(), n.InputDim(), n.OutputDim())
	}
}

// TestNormalizationAdaptWidth checks that a layer adapted to one width
// refuses to be built for another rather than silently dropping its
// statistics.
func TestNormalizationAdaptWidth(t *testing.T) {
	n, _ := NewNormalization(0)
	if err := n.Adapt(thMat(2, 3, 1, 2, 3, 5, 6, 7)); err != nil {
		t.Fatal(err)
	}
	m := thModel(t, 1, n, thDense(t, DenseConfig{Units: 1}))
	if err := m.Build(2); err == nil {
		t.Errorf("Build(2) of a layer adapted to 3 columns succeeded; statistics now %v", n.Mean())
	}
	if !thEqual(n.Mean(), []float64{3, 4, 5}) {
		t.Errorf("statistics changed to %v, want (3, 4, 5) kept", n.Mean())
	}
	if err := m.Build(3); err != nil {
		t.Errorf("Build(3): %v", err)
	}
	thCheckClose(t, "mean after Build(3)", n.Mean(), []float64{3, 4, 5}, 0, 0)
}
