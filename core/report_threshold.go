package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// BinaryReport is a binary classifier's evaluation at one decision
// threshold, with its ROC and precision–recall curves: what a threshold
// lesson redraws when the threshold moves.
type BinaryReport struct {
	// Threshold decides the class: 1 where the score is > Threshold (as
	// Keras' and TF.js' binary accuracy and PredictClasses at 0.5 decide).
	// The score is the one output, or the second of two (class 1's
	// probability).
	Threshold float64
	// Classes holds the class decided for each row.
	Classes []int
	// Confusion is the 2×2 confusion matrix at the threshold (rows true
	// class, columns decided class), and TN, FP, FN, TP its cells.
	Confusion      [][]int
	TN, FP, FN, TP int
	// Report holds both classes' precision, recall and F1 at the threshold.
	Report ClassReport
	// Accuracy, Precision, Recall (the true positive rate), F1 and FPR (the
	// false positive rate) of class 1 at the threshold, an undefined ratio
	// counting as 0: (TP+TN)/n, TP/(TP+FP), TP/(TP+FN), 2PR/(P+R),
	// FP/(FP+TN).
	Accuracy, Precision, Recall, F1, FPR float64
	// ROC is the ROC curve of the scores (nil when the rows hold one class
	// only or a score is not finite); PR the precision–recall curve (nil
	// without class 1 or with a score that is not finite).
	ROC *ROC
	PR  *PRCurve
}

// Binary returns the report's binary view at threshold: for a binary
// classifier (NumClasses 2 and one output column, or two), its confusion
// matrix, precision, recall and F1 at the threshold, and its ROC and
// precision–recall curves.
func (r *EvaluationReport) Binary(threshold float64) (*BinaryReport, error) {
	const call = "evaluateReport"
	rows, cols := r.Predictions.Dims()
	if r.NumClasses != 2 || cols > 2 || r.Truth == nil {
		return nil, fmtlite.Errorf("%s: threshold applies to binary classifiers (one sigmoid output, or two classes), but this model has %d outputs and %d classes", call, cols, r.NumClasses)
	}
	if math.IsNaN(threshold) || math.IsInf(threshold, 0) {
		return nil, fmtlite.Errorf("%s: threshold must be a finite number, got %v", call, threshold)
	}
	b := &BinaryReport{Threshold: threshold, Classes: make([]int, rows)}
	scores, truth := make([]float64, rows), make([]float64, rows)
	finite := true
	for i := range rows {
		scores[i] = r.Predictions.At(i, cols-1)
		truth[i] = float64(r.Truth[i])
		if scores[i] > threshold {
			b.Classes[i] = 1
		}
		finite = finite && !math.IsNaN(scores[i]) && !math.IsInf(scores[i], 0)
	}
	// Neither can fail: the classes are 0 and 1, the matrix 2×2.
	b.Confusion, _ = ConfusionMatrix(r.Truth, b.Classes, 2)
	b.Report, _ = Report(b.Confusion)
	b.TN, b.FP, b.FN, b.TP = b.Confusion[0][0], b.Confusion[0][1], b.Confusion[1][0], b.Confusion[1][1]
	b.Accuracy = b.Report.Accuracy
	b.Precision, b.Recall, b.F1 = b.Report.Precision[1], b.Report.Recall[1], b.Report.F1[1]
	if b.FP+b.TN > 0 {
		b.FPR = float64(b.FP) / float64(b.FP+b.TN)
	}
	// The curves need both classes (PR: class 1) and finite scores (a model
	// whose training diverged predicts NaN); their checks pass then.
	if finite && b.TP+b.FN > 0 {
		if b.FP+b.TN > 0 {
			b.ROC, _ = ROCCurve(truth, scores)
		}
		b.PR, _ = PrecisionRecallCurve(truth, scores)
	}
	return b, nil
}
