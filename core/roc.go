package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/intsort"
)

// ROC is a binary classifier's receiver operating characteristic curve, as
// scikit-learn's roc_curve (drop_intermediate=True) and roc_auc_score give
// it: point i is the false and true positive rates of "class 1 where score
// ≥ Thresholds[i]".
type ROC struct {
	// FPR and TPR are the points, from (0, 0) to (1, 1), FPR not
	// decreasing. Tied scores move together, so ties make diagonal steps.
	// Points on a straight line between two others are left out.
	FPR, TPR []float64
	// Thresholds are the distinct scores, decreasing, after a first +Inf
	// (no example is class 1 there: the point (0, 0)); scikit-learn ≥ 1.3
	// writes +Inf there too.
	Thresholds []float64
	// AUC is the area under the curve by the trapezoidal rule: the chance
	// that a random positive scores above a random negative, ties counting
	// half.
	AUC float64
}

// PRCurve is a binary classifier's precision–recall curve, as
// scikit-learn's precision_recall_curve and average_precision_score give
// it: point i is the precision and recall of "class 1 where score ≥
// Thresholds[i]", and a last point (recall 0, precision 1) has no
// threshold.
type PRCurve struct {
	// Precision and Recall are the points, recall not increasing. Where no
	// example is predicted positive, precision is taken as 1 (the last point).
	Precision, Recall []float64
	// Thresholds are the distinct scores, increasing; one fewer than points.
	Thresholds []float64
	// AveragePrecision is Σ (Rᵢ - Rᵢ₊₁)·Pᵢ, the precision at each threshold
	// weighted by the recall it adds (no interpolation): scikit-learn's
	// average_precision_score.
	AveragePrecision float64
	// AUC is the area under the points joined by straight lines
	// (scikit-learn's auc(recall, precision)), which interpolation makes
	// optimistic; AveragePrecision is the usual summary.
	AUC float64
}

// ROCCurve returns the ROC curve of scores yScore against the true classes
// yTrue (0 or 1), which must hold both classes.
func ROCCurve(yTrue, yScore []float64) (*ROC, error) {
	fps, tps, thr, err := binaryCurve("roc", yTrue, yScore)
	if err != nil {
		return nil, err
	}
	negatives, positives := fps[len(fps)-1], tps[len(tps)-1]
	if negatives == 0 || positives == 0 {
		return nil, fmtlite.Errorf("roc: yTrue holds only class %d; the curve needs examples of both classes", int(yTrue[0]))
	}
	// Drop the points collinear with their neighbours, as scikit-learn does
	// (counts are whole numbers, so the test is exact).
	if len(fps) > 2 {
		k := 1
		for i := 1; i < len(fps)-1; i++ {
			if fps[i-1]-2*fps[i]+fps[i+1] != 0 || tps[i-1]-2*tps[i]+tps[i+1] != 0 {
				fps[k], tps[k], thr[k] = fps[i], tps[i], thr[i]
				k++
			}
		}
		last := len(fps) - 1
		fps[k], tps[k], thr[k] = fps[last], tps[last], thr[last]
		fps, tps, thr = fps[:k+1], tps[:k+1], thr[:k+1]
	}
	r := &ROC{FPR: make([]float64, len(fps)+1), TPR: make([]float64, len(fps)+1), Thresholds: make([]float64, len(fps)+1)}
	r.Thresholds[0] = math.Inf(1)
	for i := range fps {
		r.FPR[i+1] = fps[i] / negatives
		r.TPR[i+1] = tps[i] / positives
		r.Thresholds[i+1] = thr[i]
	}
	r.AUC = trapezoid(r.FPR, r.TPR)
	return r, nil
}

// PrecisionRecallCurve returns the precision–recall curve of scores yScore
// against the true classes yTrue (0 or 1), which must hold class 1.
func PrecisionRecallCurve(yTrue, yScore []float64) (*PRCurve, error) {
	fps, tps, thr, err := binaryCurve("precisionRecall", yTrue, yScore)
	if err != nil {
		return nil, err
	}
	n := len(tps)
	positives := tps[n-1]
	if positives == 0 {
		return nil, fmtlite.Errorf("precisionRecall: yTrue holds no example of class 1, so recall is undefined")
	}
	// From the lowest threshold up (recall falling), then (recall 0, precision 1).
	c := &PRCurve{Precision: make([]float64, n+1), Recall: make([]float64, n+1), Thresholds: make([]float64, n)}
	for i := range n {
		j := n - 1 - i
		c.Precision[i] = tps[j] / (tps[j] + fps[j]) // ≥ 1 example at every threshold
		c.Recall[i] = tps[j] / positives
		c.Thresholds[i] = thr[j]
	}
	c.Precision[n], c.Recall[n] = 1, 0
	for i := range n {
		c.AveragePrecision += (c.Recall[i] - c.Recall[i+1]) * c.Precision[i]
	}
	c.AUC = -trapezoid(c.Recall, c.Precision)
	return c, nil
}

// binaryCurve checks yTrue (0 or 1) and yScore (finite) and returns, for
// each distinct score from the highest down, the false and true positives
// of "class 1 where score ≥ it" (scikit-learn's _binary_clf_curve).
func binaryCurve(call string, yTrue, yScore []float64) (fps, tps, thr []float64, err error) {
	if len(yTrue) != len(yScore) {
		return nil, nil, nil, fmtlite.Errorf("%s: yTrue has %d values but yScore has %d", call, len(yTrue), len(yScore))
	}
	if len(yTrue) == 0 {
		return nil, nil, nil, fmtlite.Errorf("%s: yTrue is empty", call)
	}
	for i, y := range yTrue {
		if y != 0 && y != 1 {
			return nil, nil, nil, fmtlite.Errorf("%s: yTrue[%d] is %v; the classes must be 0 and 1", call, i, y)
		}
		if s := yScore[i]; math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, nil, nil, fmtlite.Errorf("%s: yScore[%d] is %v, not a finite number", call, i, s)
		}
	}
	order := identity(len(yScore))
	intsort.Stable(order, func(a, b int) bool { return yScore[a] > yScore[b] })
	var tp, fp float64
	for k, i := range order {
		if yTrue[i] == 1 {
			tp++
		} else {
			fp++
		}
		// The last example of a run of equal scores closes a threshold.
		if k == len(order)-1 || yScore[order[k+1]] != yScore[i] {
			fps, tps, thr = append(fps, fp), append(tps, tp), append(thr, yScore[i])
		}
	}
	return fps, tps, thr, nil
}

// trapezoid returns the area under the points (x[i], y[i]) joined by
// straight lines, signed by the direction of x.
func trapezoid(x, y []float64) float64 {
	var a float64
	for i := 1; i < len(x); i++ {
		a += (x[i] - x[i-1]) * (y[i] + y[i-1]) / 2
	}
	return a
}
