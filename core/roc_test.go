package core

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// rocFixture is testdata/roc_sklearn.json (written by roc_sklearn.py).
type rocFixture struct {
	Sklearn string `json:"sklearn"`
	Cases   []struct {
		Name   string    `json:"name"`
		YTrue  []float64 `json:"yTrue"`
		YScore []float64 `json:"yScore"`
		ROC    struct {
			FPR        []float64  `json:"fpr"`
			TPR        []float64  `json:"tpr"`
			Thresholds []*float64 `json:"thresholds"`
			AUC        float64    `json:"auc"`
		} `json:"roc"`
		PR struct {
			Precision        []float64 `json:"precision"`
			Recall           []float64 `json:"recall"`
			Thresholds       []float64 `json:"thresholds"`
			AveragePrecision float64   `json:"averagePrecision"`
			AUC              float64   `json:"auc"`
		} `json:"pr"`
	} `json:"cases"`
}

// TestROCAgainstScikitLearn compares every curve and area with
// scikit-learn's on the committed fixture.
func TestROCAgainstScikitLearn(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("testdata/roc_sklearn.json")
	if err != nil {
		t.Fatal(err)
	}
	var f rocFixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Cases) < 8 {
		t.Fatalf("%d cases in the fixture", len(f.Cases))
	}
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			r, err := ROCCurve(c.YTrue, c.YScore)
			if err != nil {
				t.Fatal(err)
			}
			thCheckClose(t, "fpr", r.FPR, c.ROC.FPR, 0, 0)
			thCheckClose(t, "tpr", r.TPR, c.ROC.TPR, 0, 0)
			if len(r.Thresholds) != len(c.ROC.Thresholds) || !math.IsInf(r.Thresholds[0], 1) {
				t.Fatalf("thresholds %v, want %d starting with +Inf", r.Thresholds, len(c.ROC.Thresholds))
			}
			for i, want := range c.ROC.Thresholds[1:] {
				if r.Thresholds[i+1] != *want {
					t.Errorf("threshold %d = %v, want %v", i+1, r.Thresholds[i+1], *want)
				}
			}
			if !thClose(r.AUC, c.ROC.AUC, 1e-15, 1e-13) {
				t.Errorf("AUC %.17g, scikit-learn %.17g", r.AUC, c.ROC.AUC)
			}
			p, err := PrecisionRecallCurve(c.YTrue, c.YScore)
			if err != nil {
				t.Fatal(err)
			}
			thCheckClose(t, "precision", p.Precision, c.PR.Precision, 0, 0)
			thCheckClose(t, "recall", p.Recall, c.PR.Recall, 0, 0)
			thCheckClose(t, "pr thresholds", p.Thresholds, c.PR.Thresholds, 0, 0)
			if !thClose(p.AveragePrecision, c.PR.AveragePrecision, 1e-15, 1e-13) || !thClose(p.AUC, c.PR.AUC, 1e-15, 1e-13) {
				t.Errorf("AP %.17g and AUC %.17g, scikit-learn %.17g and %.17g", p.AveragePrecision, p.AUC, c.PR.AveragePrecision, c.PR.AUC)
			}
		})
	}
}

// rocBrute computes, by counting, the rates of "score ≥ thr", the
// Mann-Whitney AUC (ties count half) and the average precision.
func rocBrute(y, s []float64) (rates func(thr float64) (fpr, tpr, precision float64), auc, ap float64) {
	var pos, neg float64
	for _, v := range y {
		if v == 1 {
			pos++
		} else {
			neg++
		}
	}
	rates = func(thr float64) (float64, float64, float64) {
		var tp, fp float64
		for i, v := range s {
			if v >= thr {
				if y[i] == 1 {
					tp++
				} else {
					fp++
				}
			}
		}
		prec := 1.0
		if tp+fp > 0 {
			prec = tp / (tp + fp)
		}
		return fp / neg, tp / pos, prec
	}
	for i := range y {
		for j := range y {
			if y[i] == 1 && y[j] == 0 {
				switch {
				case s[i] > s[j]:
					auc++
				case s[i] == s[j]:
					auc += 0.5
				}
			}
		}
	}
	auc /= pos * neg
	// Average precision: over distinct scores from the top, the recall each
	// adds times the precision there.
	prevRecall := 0.0
	seen := map[float64]bool{}
	for range s {
		best := math.Inf(-1)
		for _, v := range s {
			if !seen[v] && v > best {
				best = v
			}
		}
		if math.IsInf(best, -1) {
			break
		}
		seen[best] = true
		_, r, p := rates(best)
		ap += (r - prevRecall) * p
		prevRecall = r
	}
	return rates, auc, ap
}

// TestROCAgainstCounting checks random cases against the brute-force
// counts: every ROC and PR point is the rates at its threshold, the AUC is
// the Mann-Whitney statistic, the average precision its sum.
func TestROCAgainstCounting(t *testing.T) {
	t.Parallel()
	rng := thRNG(12)
	for c := range 60 {
		n := 2 + rng.IntN(40)
		y, s := make([]float64, n), make([]float64, n)
		for i := range n {
			y[i] = float64(rng.IntN(2))
			s[i] = math.Round(rng.Float64()*float64(1+c%7)) / 4 // few distinct: many ties
		}
		y[0], y[1] = 0, 1
		rates, auc, ap := rocBrute(y, s)
		r, err := ROCCurve(y, s)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(r.FPR); i++ {
			fpr, tpr, _ := rates(r.Thresholds[i])
			if r.FPR[i] != fpr || r.TPR[i] != tpr || r.FPR[i] < r.FPR[i-1] || r.Thresholds[i] >= r.Thresholds[i-1] {
				t.Fatalf("case %d point %d: (%v, %v) at %v, counted (%v, %v)", c, i, r.FPR[i], r.TPR[i], r.Thresholds[i], fpr, tpr)
			}
		}
		if last := len(r.FPR) - 1; r.FPR[0] != 0 || r.TPR[0] != 0 || r.FPR[last] != 1 || r.TPR[last] != 1 {
			t.Fatalf("case %d: the curve runs from (%v, %v) to (%v, %v)", c, r.FPR[0], r.TPR[0], r.FPR[last], r.TPR[last])
		}
		if !thClose(r.AUC, auc, 1e-15, 1e-12) {
			t.Fatalf("case %d: AUC %v, Mann-Whitney %v", c, r.AUC, auc)
		}
		p, err := PrecisionRecallCurve(y, s)
		if err != nil {
			t.Fatal(err)
		}
		for i, thr := range p.Thresholds {
			_, tpr, prec := rates(thr)
			if p.Recall[i] != tpr || !thClose(p.Precision[i], prec, 0, 1e-15) {
				t.Fatalf("case %d PR point %d: (%v, %v) at %v, counted (%v, %v)", c, i, p.Recall[i], p.Precision[i], thr, tpr, prec)
			}
		}
		if !thClose(p.AveragePrecision, ap, 1e-15, 1e-12) {
			t.Fatalf("case %d: AP %v, counted %v", c, p.AveragePrecision, ap)
		}
	}
}

func TestROCErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		y, s    []float64
		roc, pr string // wanted errors ("" for none)
	}{
		{"lengths", []float64{0, 1}, []float64{0.5}, "roc: yTrue has 2 values but yScore has 1", "precisionRecall: yTrue has 2 values"},
		{"empty", nil, nil, "roc: yTrue is empty", "precisionRecall: yTrue is empty"},
		{"label 2", []float64{0, 2}, []float64{0.1, 0.2}, "roc: yTrue[1] is 2; the classes must be 0 and 1", "yTrue[1] is 2"},
		{"NaN score", []float64{0, 1}, []float64{0.1, math.NaN()}, "roc: yScore[1] is NaN, not a finite number", "yScore[1] is NaN"},
		{"no positives", []float64{0, 0}, []float64{0.1, 0.2}, "roc: yTrue holds only class 0", "precisionRecall: yTrue holds no example of class 1"},
		{"no negatives", []float64{1, 1}, []float64{0.1, 0.2}, "roc: yTrue holds only class 1", ""},
	}
	for _, tt := range tests {
		_, err := ROCCurve(tt.y, tt.s)
		if err == nil || !strings.Contains(err.Error(), tt.roc) {
			t.Errorf("%s: ROCCurve error %v, want %q", tt.name, err, tt.roc)
		}
		_, err = PrecisionRecallCurve(tt.y, tt.s)
		if tt.pr == "" && err != nil || tt.pr != "" && (err == nil || !strings.Contains(err.Error(), tt.pr)) {
			t.Errorf("%s: PrecisionRecallCurve error %v, want %q", tt.name, err, tt.pr)
		}
	}
}

// TestBinaryReport checks the threshold view of an evaluation: counts by
// brute force at several thresholds, the default threshold agreeing with
// EvaluateReport, and the curves of the model's scores.
func TestBinaryReport(t *testing.T) {
	t.Parallel()
	data, err := Generate("moons", 200, 0.3, 3)
	if err != nil {
		t.Fatal(err)
	}
	m := thModel(t, 2,
		thDense(t, DenseConfig{Units: 8, Activation: ReLU, InputDim: 2}),
		thDense(t, DenseConfig{Units: 1, Activation: Sigmoid}))
	thCompile(t, m, BinaryCrossentropy, "adam", "accuracy")
	if _, err := m.Fit(data.X, data.Y, FitConfig{Epochs: 3, BatchSize: 32}); err != nil {
		t.Fatal(err)
	}
	r, err := m.EvaluateReport(data.X, data.Y, 0)
	if err != nil {
		t.Fatal(err)
	}
	y, s := raw(data.Y), raw(r.Predictions)
	_, auc, ap := rocBrute(y, s)
	for _, thr := range []float64{0.5, 0, 0.2, 0.8, 1, -3} {
		b, err := r.Binary(thr)
		if err != nil {
			t.Fatal(err)
		}
		var tp, fp, tn, fn int
		for i, v := range s {
			switch {
			case v > thr && y[i] == 1:
				tp++
			case v > thr:
				fp++
			case y[i] == 1:
				fn++
			default:
				tn++
			}
		}
		if b.TP != tp || b.FP != fp || b.TN != tn || b.FN != fn || b.Confusion[1][1] != tp || b.Confusion[0][1] != fp {
			t.Errorf("threshold %v: TP %d FP %d TN %d FN %d, counted %d %d %d %d", thr, b.TP, b.FP, b.TN, b.FN, tp, fp, tn, fn)
		}
		div := func(a, b int) float64 {
			if b == 0 {
				return 0
			}
			return float64(a) / float64(b)
		}
		p, rc := div(tp, tp+fp), div(tp, tp+fn)
		f1 := 0.0
		if p+rc > 0 {
			f1 = 2 * p * rc / (p + rc)
		}
		got := []float64{b.Accuracy, b.Precision, b.Recall, b.F1, b.FPR}
		want := []float64{div(tp+tn, 200), p, rc, f1, div(fp, fp+tn)}
		thCheckClose(t, fmt.Sprintf("threshold %v: accuracy, precision, recall, F1, FPR", thr), got, want, 1e-15, 1e-14)
		if b.ROC == nil || !thClose(b.ROC.AUC, auc, 1e-15, 1e-12) || b.PR == nil || !thClose(b.PR.AveragePrecision, ap, 1e-15, 1e-12) {
			t.Errorf("threshold %v: curves %+v %+v, want AUC %v AP %v", thr, b.ROC, b.PR, auc, ap)
		}
		if thr == 0.5 {
			if fmt.Sprint(b.Confusion) != fmt.Sprint(r.Confusion) || fmt.Sprint(b.Classes) != fmt.Sprint(r.Classes) {
				t.Errorf("at 0.5: %v, EvaluateReport's %v", b.Confusion, r.Confusion)
			}
			if !thClose(b.Accuracy, r.Logs["accuracy"], 0, 1e-15) {
				t.Errorf("at 0.5: accuracy %v, the metric's %v", b.Accuracy, r.Logs["accuracy"])
			}
		}
	}
	// One class only: no ROC, and no PR without positives.
	one, err := m.EvaluateReport(data.X.Slice(0, 1, 0, 2).(*Matrix), thMat(1, 1, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := one.Binary(0.5); err != nil || b.ROC != nil || b.PR != nil {
		t.Errorf("one negative row: %+v, %v; want no curves", b, err)
	}
	// A model whose training diverged predicts NaN: counts, but no curves.
	nan := &EvaluationReport{Predictions: thMat(3, 1, 0.2, math.NaN(), 0.9), NumClasses: 2, Truth: []int{0, 1, 1}}
	if b, err := nan.Binary(0.5); err != nil || b.ROC != nil || b.PR != nil || b.TP != 1 || b.FN != 1 {
		t.Errorf("NaN scores: %+v, %v; want counts and no curves", b, err)
	}
	if _, err := r.Binary(math.NaN()); err == nil || !strings.Contains(err.Error(), "evaluateReport: threshold must be a finite number") {
		t.Errorf("NaN threshold: %v", err)
	}
	// Three classes: no threshold.
	m3 := thModel(t, 2, thDense(t, DenseConfig{Units: 3, Activation: Softmax, InputDim: 2}))
	thCompile(t, m3, SparseCategoricalCrossentropy, "adam")
	r3, err := m3.EvaluateReport(thMat(2, 2, 1, 2, 3, 4), thMat(2, 1, 0, 2), 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r3.Binary(0.5); err == nil || !strings.Contains(err.Error(), "threshold applies to binary classifiers") {
		t.Errorf("three classes: %v", err)
	}
}

// ExampleROCCurve prints a small ROC curve with a tie and its area.
func ExampleROCCurve() {
	r, _ := ROCCurve([]float64{0, 0, 1, 1, 1}, []float64{0.1, 0.6, 0.6, 0.8, 0.3})
	fmt.Println("FPR", r.FPR)
	fmt.Println("TPR", r.TPR)
	fmt.Println("AUC", r.AUC)
	// Output:
	// FPR [0 0 0.5 0.5 1]
	// TPR [0 0.3333333333333333 0.6666666666666666 1 1]
	// AUC 0.75
}
