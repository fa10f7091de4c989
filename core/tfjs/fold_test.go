package tfjs

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// tfPredict32 predicts as TF.js would from an export of Normalization →
// Dense(relu) → Dense(sigmoid): in float32, from the weight data.
func tfPredict32(t *testing.T, a *Artifacts, x *mat.Dense) []float64 {
	t.Helper()
	var arrays [][]float32
	off := 0
	for _, s := range a.WeightSpecs {
		n := 1
		for _, d := range s.Shape {
			n *= d
		}
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(a.WeightData[off+4*i:]))
		}
		off += 4 * n
		arrays = append(arrays, v)
	}
	if len(arrays) != 4 {
		t.Fatalf("%d weight arrays, want 4", len(arrays))
	}
	rows, cols := x.Dims()
	hidden := len(arrays[1])
	out := make([]float64, rows)
	for r := range rows {
		h := make([]float32, hidden)
		for j := range hidden {
			z := arrays[1][j]
			for i := range cols {
				z += float32(x.At(r, i)) * arrays[0][i*hidden+j]
			}
			h[j] = max(z, 0)
		}
		z := arrays[3][0]
		for j := range hidden {
			z += h[j] * arrays[2][j]
		}
		out[r] = float64(1 / (1 + float32(math.Exp(float64(-z)))))
	}
	return out
}

// TestExportFoldsConstantColumnsExactly is the red team's case: with a
// constant column of 1000 (or 1) the export's predicted probabilities
// moved by up to 0.507 (0.027). Now they equal gotrain's within 1e-5 on the
// training data, and a column whose folding cannot be exact in float32 is
// refused by number.
func TestExportFoldsConstantColumnsExactly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		constant float64 // the value of column 3
		offset   float64 // added to column 1
		want     string  // the refusal, or "" for an exact export
	}{
		{"a constant 1000 column", 1000, 0, ""},
		{"a constant 1 column", 1, 0, ""},
		{"a constant 0.1 column", 0.1, 0, ""},
		{"a column far from 0 for its spread", 1, 1e7, "input column 1 (|mean/std| = "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rng := thRNG(5)
			x, y := mat.NewDense(200, 3, nil), mat.NewDense(200, 1, nil)
			for r := range 200 {
				a, b := rng.NormFloat64(), rng.NormFloat64()
				x.Set(r, 0, a+tc.offset)
				x.Set(r, 1, b)
				x.Set(r, 2, tc.constant)
				if a+b > 0 {
					y.Set(r, 0, 1)
				}
			}
			n, err := core.NewNormalization(3)
			if err != nil {
				t.Fatal(err)
			}
			m := thModel(t, 2, n, thDense(t, core.DenseConfig{Units: 8, Activation: core.ReLU}), thDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
			thCompile(t, m, core.BinaryCrossentropy, "adam")
			if _, err := m.Fit(x, y, core.FitConfig{Epochs: 5, BatchSize: 16}); err != nil {
				t.Fatal(err)
			}
			a, err := Export(m)
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("Export: got %v, want a refusal containing %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			got := tfPredict32(t, a, x)
			worst := 0.0
			for r := range got {
				worst = math.Max(worst, math.Abs(got[r]-want.At(r, 0)))
			}
			t.Logf("largest change in predicted probability: %.2g", worst)
			if worst > 1e-5 {
				t.Errorf("the export's predictions differ from gotrain's by up to %g on the training data, want at most 1e-5", worst)
			}
		})
	}
}

// TestExportNotesDroppedMetrics: TF.js has no f1 or recall metric; the
// export leaves them out of its trainingConfig and says so.
func TestExportNotesDroppedMetrics(t *testing.T) {
	t.Parallel()
	m := thModel(t, 1, thDense(t, core.DenseConfig{Units: 1, InputDim: 2, Activation: core.Sigmoid}))
	thCompile(t, m, core.BinaryCrossentropy, "adam", "accuracy", "f1", "recall")
	a, err := Export(m)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"the metric 'f1' is left out of the trainingConfig: TF.js has no such metric",
		"the metric 'recall' is left out of the trainingConfig: TF.js has no such metric",
	}
	if strings.Join(a.Notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes: got %q, want %q", a.Notes, want)
	}
	if !strings.Contains(string(a.TrainingConfig), `"metrics":["accuracy"]`) {
		t.Errorf("trainingConfig %s, want metrics [accuracy]", a.TrainingConfig)
	}
}
