package core

import (
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/kernel"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// EvaluationReport is what a page shows of a model on labelled data after an
// epoch, computed in one pass over the data in inference mode.
type EvaluationReport struct {
	// Logs holds the loss (with regularization) and the compiled metrics,
	// as Evaluate returns them.
	Logs Logs
	// Predictions holds the model's outputs, one row per row of x, as
	// Predict returns them.
	Predictions *mat.Dense
	// NumClasses is the number of classes the report counts (0 for a
	// regression report, which has no classes).
	NumClasses int
	// Classes holds the predicted class of each row (PredictClasses of the
	// predictions), Truth the true class (from y: its argmax for one-hot
	// rows, the 0.5 threshold for one binary column, else the index).
	Classes, Truth []int
	// Confusion[i][j] counts the rows of true class i predicted as j.
	Confusion [][]int
	// Report holds precision, recall and F1 per class from Confusion.
	Report ClassReport
}

// EvaluateReport evaluates the model on (x, y) as Evaluate does and, in the
// same pass, keeps the predictions; for a classifier (numClasses ≥ 1, or
// numClasses 0 and a cross-entropy loss, whose class count comes from the
// output width, 2 for one sigmoid column) it also counts the confusion
// matrix and its per-class report. numClasses < 0 asks for no classes.
func (m *Sequential) EvaluateReport(x, y *mat.Dense, numClasses int) (*EvaluationReport, error) {
	const call = "evaluateReport"
	if y == nil {
		return nil, fmtlite.Errorf("%s: y is empty", call)
	}
	if err := m.prepare(call, x, y, true); err != nil {
		return nil, err
	}
	if numClasses > MaxClasses {
		return nil, fmtlite.Errorf("%s: numClasses must be at most %d, got %d", call, MaxClasses, numClasses)
	}
	if numClasses == 0 && m.loss.isCrossentropy() {
		numClasses = max(m.OutputDim(), 2)
	}
	rows, _ := x.Dims()
	if err := m.reserveRun(call, min(rows, predictBatch), false); err != nil {
		return nil, err
	}
	// The predictions, the predicted and true classes, the confusion matrix
	// and the report's copy of it.
	need := cellBytes(rows, m.OutputDim()+2) + 2*cellBytes(max(numClasses, 0), max(numClasses, 0))
	if err := CheckMemory(call, "the report", need); err != nil {
		return nil, err
	}
	r := &EvaluationReport{Logs: Logs{}, Predictions: mat.NewDense(rows, m.OutputDim(), nil)}
	e := m.newEvaluation(x, y)
	e.out = r.Predictions
	for !e.step() {
	}
	e.write(r.Logs, "")
	if numClasses < 1 {
		return r, nil
	}
	r.NumClasses = numClasses
	r.Classes = PredictClasses(r.Predictions)
	r.Truth = trueClasses(y, m.OutputDim())
	var err error
	if r.Confusion, err = ConfusionMatrix(r.Truth, r.Classes, numClasses); err != nil {
		return nil, fmtlite.Errorf("%s: %v", call, err)
	}
	if r.Report, err = Report(r.Confusion); err != nil {
		return nil, fmtlite.Errorf("%s: %v", call, err)
	}
	return r, nil
}

// trueClasses returns the class of each row of y for a model of outputs
// columns: the argmax of a one-hot row, 0 or 1 by the 0.5 threshold for
// one column feeding one output, and the label itself otherwise.
func trueClasses(y *mat.Dense, outputs int) []int {
	r, c := y.Dims()
	out := make([]int, r)
	for i := range out {
		row := y.RawRowView(i)
		switch {
		case c > 1:
			out[i] = kernel.Argmax(row)
		case outputs == 1:
			if row[0] >= 0.5 {
				out[i] = 1
			}
		default:
			out[i] = int(row[0])
		}
	}
	return out
}
