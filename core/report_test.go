package core_test

import (
	"reflect"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// TestEvaluateReport checks that the one-pass report equals what the
// separate calls give: Evaluate, Predict, PredictClasses, ConfusionMatrix
// and Report, for every kind of target.
func TestEvaluateReport(t *testing.T) {
	iris := gtReadCSV(t, "iris.csv")
	onehot, err := core.OneHot(iris.Y, 3)
	if err != nil {
		t.Fatal(err)
	}
	circle := gtData(t, "circle", 300, 0.1, 1)
	tests := []struct {
		name       string
		x, y       *mat.Dense
		out        gtLayer
		loss       core.Loss
		numClasses int
		truth      func(row []float64) int
		wantK      int
	}{
		{"binary", circle.X, circle.Y, gtLayer{1, core.Sigmoid}, core.BinaryCrossentropy, 0, func(r []float64) int { return int(r[0]) }, 2},
		{"sparse", iris.X, iris.Y, gtLayer{3, core.Softmax}, core.SparseCategoricalCrossentropy, 0, func(r []float64) int { return int(r[0]) }, 3},
		{"one-hot", iris.X, onehot, gtLayer{3, core.Softmax}, core.CategoricalCrossentropy, 0, argmaxRow, 3},
		{"mse on classes", iris.X, onehot, gtLayer{3, core.Linear}, core.MeanSquaredError, 3, argmaxRow, 3},
		{"regression", circle.X, circle.Y, gtLayer{1, core.Linear}, core.MeanSquaredError, 0, nil, 0},
		{"no classes asked", iris.X, iris.Y, gtLayer{3, core.Softmax}, core.SparseCategoricalCrossentropy, -1, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, cols := tt.x.Dims()
			m := gtModel(t, 3, cols, gtLayer{8, core.ReLU}, tt.out)
			gtCompile(t, m, gtOptimizer(t, "adam", 0.01), tt.loss, "accuracy")
			if _, err := m.Fit(tt.x, tt.y, core.FitConfig{Epochs: 3, BatchSize: 16}); err != nil {
				t.Fatal(err)
			}
			got, err := m.EvaluateReport(tt.x, tt.y, tt.numClasses)
			if err != nil {
				t.Fatal(err)
			}
			logs, _ := m.Evaluate(tt.x, tt.y)
			if !reflect.DeepEqual(got.Logs, logs) {
				t.Errorf("logs: got %v, want %v", got.Logs, logs)
			}
			p, _ := m.Predict(tt.x)
			if !reflect.DeepEqual(got.Predictions.RawMatrix().Data, p.RawMatrix().Data) {
				t.Errorf("predictions differ from Predict's")
			}
			if got.NumClasses != tt.wantK {
				t.Fatalf("NumClasses: got %d, want %d", got.NumClasses, tt.wantK)
			}
			if tt.wantK == 0 {
				if got.Classes != nil || got.Confusion != nil {
					t.Errorf("a report without classes has classes %v, confusion %v", got.Classes, got.Confusion)
				}
				return
			}
			cls := core.PredictClasses(p)
			r, _ := tt.y.Dims()
			truth := make([]int, r)
			for i := range truth {
				truth[i] = tt.truth(tt.y.RawRowView(i))
			}
			cm, _ := core.ConfusionMatrix(truth, cls, tt.wantK)
			rep, _ := core.Report(cm)
			if !reflect.DeepEqual(got.Classes, cls) || !reflect.DeepEqual(got.Truth, truth) {
				t.Errorf("classes or truth differ")
			}
			if !reflect.DeepEqual(got.Confusion, cm) || !reflect.DeepEqual(got.Report, rep) {
				t.Errorf("confusion %v / report %+v; want %v / %+v", got.Confusion, got.Report, cm, rep)
			}
		})
	}
}

func TestEvaluateReportErrors(t *testing.T) {
	m := gtModel(t, 1, 2, gtLayer{1, core.Sigmoid})
	if _, err := m.EvaluateReport(mat.NewDense(1, 2, nil), mat.NewDense(1, 1, nil), 0); err == nil || err.Error() != "evaluateReport: the model is not compiled; call compile first" {
		t.Errorf("uncompiled: got %v", err)
	}
	gtCompile(t, m, gtOptimizer(t, "sgd", 0), core.BinaryCrossentropy)
	for _, tt := range []struct {
		x, y *mat.Dense
		k    int
		want string
	}{
		{mat.NewDense(1, 3, nil), mat.NewDense(1, 1, nil), 0, "evaluateReport: x has 3 columns but the model expects 2"},
		{mat.NewDense(1, 2, nil), nil, 0, "evaluateReport: y is empty"},
		{mat.NewDense(1, 2, nil), mat.NewDense(1, 1, nil), core.MaxClasses + 1, "evaluateReport: numClasses must be at most 65536, got 65537"},
		{mat.NewDense(1, 2, nil), mat.NewDense(1, 1, []float64{1}), 1, "evaluateReport: confusionMatrix: row 0: labels 1 and 0 must be in 0..0"},
	} {
		if _, err := m.EvaluateReport(tt.x, tt.y, tt.k); err == nil || err.Error() != tt.want {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}

func argmaxRow(r []float64) int {
	best := 0
	for j, v := range r {
		if v > r[best] {
			best = j
		}
	}
	return best
}
