package core

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestConfusionMatrix(t *testing.T) {
	tests := []struct {
		name         string
		yTrue, yPred []int
		k            int
		want         [][]int
		wantErr      string
	}{
		{"three classes", []int{0, 1, 2, 2, 1}, []int{0, 2, 2, 1, 1}, 3, [][]int{{1, 0, 0}, {0, 1, 1}, {0, 1, 1}}, ""},
		{"binary", []int{1, 1, 0, 0, 1}, []int{1, 0, 1, 0, 1}, 2, [][]int{{1, 1}, {1, 2}}, ""},
		{"empty", nil, nil, 2, [][]int{{0, 0}, {0, 0}}, ""},
		{"unseen class", []int{0}, []int{0}, 3, [][]int{{1, 0, 0}, {0, 0, 0}, {0, 0, 0}}, ""},
		{"zero classes", []int{0}, []int{0}, 0, nil, "confusionMatrix: numClasses must be between 1 and 65536, got 0"},
		{"too many classes", nil, nil, MaxClasses + 1, nil, "confusionMatrix: numClasses must be between 1 and 65536, got 65537"},
		{"length mismatch", []int{0, 1}, []int{0}, 2, nil, "confusionMatrix: yTrue has 2 labels but yPred has 1"},
		{"true out of range", []int{0, 2}, []int{0, 1}, 2, nil, "confusionMatrix: row 1: labels 2 and 1 must be in 0..1"},
		{"negative prediction", []int{0}, []int{-1}, 2, nil, "confusionMatrix: row 0: labels 0 and -1 must be in 0..1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfusionMatrix(tt.yTrue, tt.yPred, tt.k)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ConfusionMatrix = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestReport checks per-class and macro precision, recall and F1 against
// hand computations, including classes with nothing predicted or nothing
// true (an undefined ratio counts as 0).
func TestReport(t *testing.T) {
	tests := []struct {
		name                    string
		confusion               [][]int
		precision, recall, f1   []float64
		macroP, macroR, macroF1 float64
		accuracy                float64
	}{
		{
			// class 0: tp 1, predicted 1, actual 1; class 1: tp 1, predicted 2,
			// actual 2; class 2: tp 1, predicted 2, actual 2.
			"three classes", [][]int{{1, 0, 0}, {0, 1, 1}, {0, 1, 1}},
			[]float64{1, 0.5, 0.5}, []float64{1, 0.5, 0.5}, []float64{1, 0.5, 0.5},
			2.0 / 3, 2.0 / 3, 2.0 / 3, 3.0 / 5,
		},
		{
			// class 0: tp 3, predicted 3+1+0=4, actual 3+2+1=6 → p .75, r .5, f .6
			// class 1: tp 0, predicted 2, actual 1 → 0, 0, 0
			// class 2: tp 0, predicted 1, actual 0 (never true) → p 0, r 0 (0/0), f 0
			"never right and never true", [][]int{{3, 2, 1}, {1, 0, 0}, {0, 0, 0}},
			[]float64{0.75, 0, 0}, []float64{0.5, 0, 0}, []float64{0.6, 0, 0},
			0.25, 0.5 / 3, 0.2, 3.0 / 7,
		},
		{
			// class 1 never predicted: precision 0/0 → 0; recall 0/2 → 0.
			"never predicted", [][]int{{2, 0}, {2, 0}},
			[]float64{0.5, 0}, []float64{1, 0}, []float64{2 * 0.5 / 1.5, 0},
			0.25, 0.5, 1.0 / 3, 0.5,
		},
		{
			"all zero", [][]int{{0, 0}, {0, 0}},
			[]float64{0, 0}, []float64{0, 0}, []float64{0, 0},
			0, 0, 0, 0,
		},
		{
			// tp 2, fp 2, fn 1: p 0.5, r 2/3, F1 4/7.
			"binary", [][]int{{1, 2}, {1, 2}},
			[]float64{0.5, 0.5}, []float64{1.0 / 3, 2.0 / 3}, []float64{0.4, 4.0 / 7},
			0.5, 0.5, (0.4 + 4.0/7) / 2, 0.5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Report(tt.confusion)
			if err != nil {
				t.Fatal(err)
			}
			thCheckClose(t, "precision", rep.Precision, tt.precision, 1e-15, 1e-14)
			thCheckClose(t, "recall", rep.Recall, tt.recall, 1e-15, 1e-14)
			thCheckClose(t, "f1", rep.F1, tt.f1, 1e-15, 1e-14)
			thCheckClose(t, "macro", []float64{rep.MacroPrecision, rep.MacroRecall, rep.MacroF1, rep.Accuracy},
				[]float64{tt.macroP, tt.macroR, tt.macroF1, tt.accuracy}, 1e-15, 1e-14)
		})
	}
	for _, bad := range []struct {
		c       [][]int
		wantErr string
	}{
		{nil, "report: empty confusion matrix"},
		{[][]int{{1, 2}, {3}}, "report: confusion row 1 has 1 entries, want 2"},
		{[][]int{{1, 2, 3}}, "report: confusion row 0 has 3 entries, want 1"},
	} {
		if _, err := Report(bad.c); err == nil || err.Error() != bad.wantErr {
			t.Errorf("Report(%v) error = %v, want %q", bad.c, err, bad.wantErr)
		}
	}
}

func TestPredictClasses(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		cols int
		want []int
	}{
		{"threshold", []float64{0.2, 0.5, 0.50001, 0.9, -3, 7}, 1, []int{0, 0, 1, 1, 0, 1}},
		{"argmax", []float64{0.1, 0.7, 0.2, 0.5, 0.2, 0.3, 0, 0, 1}, 3, []int{1, 0, 2}},
		{"ties go to the first", []float64{0.4, 0.4, 0.2, 0.3, 0.3, 0.3}, 3, []int{0, 0}},
		{"two columns", []float64{0.6, 0.4, 0.4, 0.6}, 2, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := PredictClasses(thMat(len(tt.p)/tt.cols, tt.cols, tt.p...))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PredictClasses = %v, want %v", got, tt.want)
			}
		})
	}
}

// metricsModel returns a one-layer model with the given weights, compiled
// with loss and every metric.
func metricsModel(t *testing.T, cfg DenseConfig, loss Loss, w ...Weights) *Sequential {
	t.Helper()
	m := thModel(t, 1, thDense(t, cfg))
	thCompile(t, m, loss, "sgd", "accuracy", "acc", "precision", "recall", "f1", "mse", "mae")
	if err := m.SetWeights(w); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestAccuracyKinds checks that "accuracy" is binary (element-wise, 0.5
// threshold) for one output or binary cross-entropy, sparse categorical for
// sparseCategoricalCrossentropy and categorical (argmax) otherwise, as
// TF.js and Keras pick it, through Evaluate on fixed weights.
func TestAccuracyKinds(t *testing.T) {
	// Dense(2, sigmoid) with W = I, b = 0: rows (1, -1) and (1, 1) predict
	// (.73, .27) and (.73, .73). Labels (1, 0) and (0, 1).
	// Element-wise: 1, 1, 0, 1 → 0.75. Argmax: row 0 class 0 = label 0 ✓,
	// row 1 tie → class 0 ≠ label 1 ✗ → 0.5.
	id := []Weights{{Data: []float64{1, 0, 0, 1}}, {Data: []float64{0, 0}}}
	x := thMat(2, 2, 1, -1, 1, 1)
	y := thMat(2, 2, 1, 0, 0, 1)
	tests := []struct {
		loss Loss
		act  Activation
		y    []float64
		want float64
	}{
		{BinaryCrossentropy, Sigmoid, raw(y), 0.75},
		{CategoricalCrossentropy, Sigmoid, raw(y), 0.5},
		{MeanSquaredError, Sigmoid, raw(y), 0.5},
		{MeanAbsoluteError, Sigmoid, raw(y), 0.5},
		{SparseCategoricalCrossentropy, Softmax, []float64{0, 1}, 0.5},
		{SparseCategoricalCrossentropy, Softmax, []float64{0, 0}, 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.loss, tt.y), func(t *testing.T) {
			m := metricsModel(t, DenseConfig{Units: 2, InputDim: 2, Activation: tt.act}, tt.loss, id...)
			yy := thMat(2, len(tt.y)/2, tt.y...)
			logs, err := m.Evaluate(x, yy)
			if err != nil {
				t.Fatal(err)
			}
			if logs["accuracy"] != tt.want || logs["acc"] != tt.want {
				t.Errorf("accuracy = %v, acc = %v; want %v", logs["accuracy"], logs["acc"], tt.want)
			}
		})
	}
}

// TestBinaryMetrics evaluates Dense(1, sigmoid) with w = 1, b = 0, so that
// p > 0.5 exactly when x > 0. x = (2, 3, -2, 1, -1, 4), y = (1, 1, 1, 0, 0, 0):
// TP 2 (2, 3), FN 1 (-2), FP 2 (1, 4), TN 1 (-1): accuracy 1/2,
// precision 1/2, recall 2/3, F1 4/7.
func TestBinaryMetrics(t *testing.T) {
	xs := []float64{2, 3, -2, 1, -1, 4}
	ys := []float64{1, 1, 1, 0, 0, 0}
	for _, loss := range []Loss{BinaryCrossentropy, MeanSquaredError} {
		t.Run(loss.String(), func(t *testing.T) {
			m := metricsModel(t, DenseConfig{Units: 1, InputDim: 1, Activation: Sigmoid}, loss, Weights{Data: []float64{1}}, Weights{Data: []float64{0}})
			logs, err := m.Evaluate(thMat(6, 1, xs...), thMat(6, 1, ys...))
			if err != nil {
				t.Fatal(err)
			}
			var sq, ab float64
			for i, x := range xs {
				d := 1/(1+math.Exp(-x)) - ys[i]
				sq += d * d
				ab += math.Abs(d)
			}
			want := map[string]float64{"accuracy": 0.5, "acc": 0.5, "precision": 0.5, "recall": 2.0 / 3, "f1": 4.0 / 7, "mse": sq / 6, "mae": ab / 6}
			for k, v := range want {
				if !thClose(logs[k], v, 1e-15, 1e-14) {
					t.Errorf("%s = %.17g, want %.17g", k, logs[k], v)
				}
			}
			if loss == MeanSquaredError && !thClose(logs["loss"], sq/6, 1e-15, 1e-14) {
				t.Errorf("loss = %v, want the mse %v", logs["loss"], sq/6)
			}
		})
	}
}

// TestCategoricalMetrics evaluates Dense(3, linear) with W = I, b = 0 on
// one-hot-like rows, so the predicted class is the argmax of x. True
// (0, 1, 2, 2, 1), predicted (0, 2, 2, 1, 1): the confusion matrix of
// TestReport's first case: macro precision, recall and F1 2/3, accuracy 3/5.
func TestCategoricalMetrics(t *testing.T) {
	x := thMat(5, 3,
		0.9, 0.05, 0.05,
		0.1, 0.2, 0.7,
		0.1, 0.1, 0.8,
		0.2, 0.6, 0.2,
		0.3, 0.6, 0.1)
	labels := []float64{0, 1, 2, 2, 1}
	oneHot := thMat(5, 3)
	for i, c := range labels {
		oneHot.Set(i, int(c), 1)
	}
	id := []Weights{{Data: []float64{1, 0, 0, 0, 1, 0, 0, 0, 1}}, {Data: []float64{0, 0, 0}}}
	for _, tc := range []struct {
		loss Loss
		y    []float64
		cols int
	}{
		{CategoricalCrossentropy, raw(oneHot), 3},
		{SparseCategoricalCrossentropy, labels, 1},
		{MeanSquaredError, raw(oneHot), 3},
	} {
		t.Run(tc.loss.String(), func(t *testing.T) {
			m := metricsModel(t, DenseConfig{Units: 3, InputDim: 3}, tc.loss, id...)
			logs, err := m.Evaluate(x, thMat(5, tc.cols, tc.y...))
			if err != nil {
				t.Fatal(err)
			}
			var sq, ab float64
			for i := range raw(x) {
				d := raw(x)[i] - raw(oneHot)[i]
				sq += d * d
				ab += math.Abs(d)
			}
			want := map[string]float64{"accuracy": 0.6, "precision": 2.0 / 3, "recall": 2.0 / 3, "f1": 2.0 / 3, "mse": sq / 15, "mae": ab / 15}
			for k, v := range want {
				if !thClose(logs[k], v, 1e-15, 1e-14) {
					t.Errorf("%s = %.17g, want %.17g", k, logs[k], v)
				}
			}
			p, err := m.Predict(x)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := PredictClasses(p), []int{0, 2, 2, 1, 1}; !reflect.DeepEqual(got, want) {
				t.Errorf("PredictClasses = %v, want %v", got, want)
			}
		})
	}
}

// TestMetricsOverManyBatches evaluates 1000 rows (several predict batches):
// the metrics are over all rows, not the mean of per-batch values.
func TestMetricsOverManyBatches(t *testing.T) {
	m := metricsModel(t, DenseConfig{Units: 1, InputDim: 1, Activation: Sigmoid}, BinaryCrossentropy, Weights{Data: []float64{1}}, Weights{Data: []float64{0}})
	n := 1000
	x, y := thMat(n, 1), thMat(n, 1)
	right := 0
	for i := 0; i < n; i++ {
		x.Set(i, 0, float64(i%5)-2.5) // -2.5..1.5: predicted 1 for 0.5 and 1.5
		if i < 300 || i%3 == 0 {      // uneven across the 256-row batches
			y.Set(i, 0, 1)
		}
		if (x.At(i, 0) > 0) == (y.At(i, 0) == 1) {
			right++
		}
	}
	logs, err := m.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if want := float64(right) / float64(n); !thClose(logs["accuracy"], want, 1e-15, 1e-14) {
		t.Errorf("accuracy = %.17g, want %.17g", logs["accuracy"], want)
	}
}

func TestCompileMetricErrors(t *testing.T) {
	m := thModel(t, 1, thDense(t, DenseConfig{Units: 1, InputDim: 1}))
	for _, tc := range []struct {
		metrics []string
		wantErr string
	}{
		{[]string{"auc"}, "compile: unknown metric 'auc' (known: accuracy, acc, precision, recall, f1, mse, mae)"},
		{[]string{"mse", "mse"}, "compile: metric 'mse' listed twice"},
	} {
		err := m.Compile(CompileConfig{Metrics: tc.metrics})
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("Compile(%v) error = %v, want %q", tc.metrics, err, tc.wantErr)
		}
	}
}
