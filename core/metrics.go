package core

import (
	"errors"
	"math"
	"slices"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/kernel"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Logs maps a logged quantity ("loss", "accuracy", "val_loss", ...) to its
// value, as Keras' logs dictionaries do.
type Logs map[string]float64

func isMetric(name string) bool { return slices.Contains(MetricNames, name) }

// metricTracker accumulates what the metrics need over many batches: a
// confusion matrix for the classification metrics, error sums for the
// regression ones. Accuracy is binary when the model has one output or the
// loss is binary cross-entropy (element-wise, 0.5 threshold), sparse
// categorical for sparseCategoricalCrossentropy, categorical (argmax)
// otherwise, as Keras picks it.
type metricTracker struct {
	names     []string
	loss      Loss
	binary    bool
	k         int       // classes in the confusion matrix
	confusion []float64 // k×k, true class × predicted class
	sqErr     float64
	absErr    float64
	elements  float64
	// Which of the above the names need: add skips the rest.
	needConfusion, needErrors bool
}

func newMetricTracker(names []string, loss Loss, outputs int) *metricTracker {
	t := &metricTracker{names: names, loss: loss}
	t.binary = outputs == 1 || loss == BinaryCrossentropy
	t.k = outputs
	if t.binary {
		t.k = 2
	}
	t.confusion = make([]float64, t.k*t.k)
	for _, name := range names {
		switch name {
		case "mse", "mae":
			t.needErrors = true
		default:
			t.needConfusion = true
		}
	}
	return t
}

func (t *metricTracker) reset() {
	clear(t.confusion)
	t.sqErr, t.absErr, t.elements = 0, 0, 0
}

// add accumulates one batch of labels y and predictions p.
func (t *metricTracker) add(y, p *mat.Dense) {
	rows, cols := p.Dims()
	t.elements += float64(rows * cols)
	yd, pd := raw(y), raw(p)
	switch {
	case !t.needConfusion:
	case t.binary:
		t.addBinary(yd, pd, rows, cols)
	default:
		t.addClasses(yd, pd, rows, cols)
	}
	if t.needErrors {
		t.addErrors(yd, pd, rows, cols)
	}
}

// addBinary counts every element into the 2×2 confusion matrix.
func (t *metricTracker) addBinary(yd, pd []float64, rows, cols int) {
	n := rows * cols
	pd = pd[:n]
	sparse := t.loss.sparse()
	if !sparse {
		yd = yd[:n]
	}
	conf := t.confusion[:4]
	for i, pv := range pd {
		var yv float64
		if sparse {
			yv = t.loss.label(yd, i/cols, i%cols, cols)
		} else {
			yv = yd[i]
		}
		tc, pc := 0, 0
		if yv > 0.5 {
			tc = 2
		}
		if pv > 0.5 {
			pc = 1
		}
		conf[tc+pc]++
	}
}

// addClasses counts every row's true and predicted (argmax) class, in one
// kernel call a batch.
func (t *metricTracker) addClasses(yd, pd []float64, rows, cols int) {
	kernel.CountClasses(t.confusion, t.k, pd[:rows*cols], yd, cols, t.loss.sparse())
}

// addErrors adds up the squared and absolute errors.
func (t *metricTracker) addErrors(yd, pd []float64, rows, cols int) {
	for r := 0; r < rows; r++ {
		for j, pv := range pd[r*cols : (r+1)*cols] {
			d := pv - t.loss.label(yd, r, j, cols)
			t.sqErr += d * d
			t.absErr += math.Abs(d)
		}
	}
}

// write stores every metric's value in logs under prefix+name.
func (t *metricTracker) write(logs Logs, prefix string) {
	for _, name := range t.names {
		var v float64
		switch name {
		case "accuracy", "acc":
			v = accuracyOf(t.confusion, t.k)
		case "precision":
			v, _, _ = t.prf()
		case "recall":
			_, v, _ = t.prf()
		case "f1":
			_, _, v = t.prf()
		case "mse":
			v = t.sqErr / t.elements
		case "mae":
			v = t.absErr / t.elements
		}
		logs[prefix+name] = v
	}
}

// prf returns precision, recall and F1: of class 1 for binary outputs, the
// unweighted mean over classes (macro) otherwise.
func (t *metricTracker) prf() (p, r, f float64) {
	if t.binary {
		return classPRF(t.confusion, t.k, 1)
	}
	for c := 0; c < t.k; c++ {
		cp, cr, cf := classPRF(t.confusion, t.k, c)
		p, r, f = p+cp, r+cr, f+cf
	}
	k := float64(t.k)
	return p / k, r / k, f / k
}

func accuracyOf(conf []float64, k int) float64 {
	var right, all float64
	for i := 0; i < k; i++ {
		for j := 0; j < k; j++ {
			all += conf[i*k+j]
			if i == j {
				right += conf[i*k+j]
			}
		}
	}
	if all == 0 {
		return 0
	}
	return right / all
}

// classPRF returns precision, recall and F1 of class c from a k×k confusion
// matrix (rows true, columns predicted); an undefined ratio counts as 0, as
// in scikit-learn's zero_division=0.
func classPRF(conf []float64, k, c int) (p, r, f float64) {
	tp := conf[c*k+c]
	var predicted, actual float64
	for i := 0; i < k; i++ {
		predicted += conf[i*k+c]
		actual += conf[c*k+i]
	}
	if predicted > 0 {
		p = tp / predicted
	}
	if actual > 0 {
		r = tp / actual
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// ConfusionMatrix counts, for class indices yTrue and yPred, how often true
// class i was predicted as j: result[i][j].
func ConfusionMatrix(yTrue, yPred []int, numClasses int) ([][]int, error) {
	if numClasses < 1 || numClasses > MaxClasses {
		return nil, fmtlite.Errorf("confusionMatrix: numClasses must be between 1 and %d, got %d", MaxClasses, numClasses)
	}
	if len(yTrue) != len(yPred) {
		return nil, fmtlite.Errorf("confusionMatrix: yTrue has %d labels but yPred has %d", len(yTrue), len(yPred))
	}
	for i, t := range yTrue {
		if p := yPred[i]; t < 0 || t >= numClasses || p < 0 || p >= numClasses {
			return nil, fmtlite.Errorf("confusionMatrix: row %d: labels %d and %d must be in 0..%d", i, t, p, numClasses-1)
		}
	}
	if err := CheckMemory("confusionMatrix", sprintTable(numClasses), cellBytes(numClasses, numClasses+3)); err != nil {
		return nil, err
	}
	m := make([][]int, numClasses)
	for i := range m {
		m[i] = make([]int, numClasses)
	}
	for i, t := range yTrue {
		m[t][yPred[i]]++
	}
	return m, nil
}

// ClassReport holds precision, recall and F1 per class and their macro means.
type ClassReport struct {
	Precision, Recall, F1 []float64
	MacroPrecision        float64
	MacroRecall           float64
	MacroF1               float64
	Accuracy              float64
}

// Report computes per-class precision, recall and F1 from a confusion matrix
// as ConfusionMatrix returns it.
func Report(confusion [][]int) (ClassReport, error) {
	k := len(confusion)
	if k == 0 {
		return ClassReport{}, errors.New("report: empty confusion matrix")
	}
	if err := CheckMemory("report", "a copy of "+sprintTable(k), cellBytes(k, k+3)); err != nil {
		return ClassReport{}, err
	}
	flat := make([]float64, 0, k*k)
	for i, row := range confusion {
		if len(row) != k {
			return ClassReport{}, fmtlite.Errorf("report: confusion row %d has %d entries, want %d", i, len(row), k)
		}
		for _, v := range row {
			flat = append(flat, float64(v))
		}
	}
	var rep ClassReport
	for c := 0; c < k; c++ {
		p, r, f := classPRF(flat, k, c)
		rep.Precision = append(rep.Precision, p)
		rep.Recall = append(rep.Recall, r)
		rep.F1 = append(rep.F1, f)
		rep.MacroPrecision += p / float64(k)
		rep.MacroRecall += r / float64(k)
		rep.MacroF1 += f / float64(k)
	}
	rep.Accuracy = accuracyOf(flat, k)
	return rep, nil
}

// PredictClasses turns model outputs into class indices: 0/1 by the 0.5
// threshold for one output column, the argmax otherwise.
func PredictClasses(p *mat.Dense) []int {
	r, c := p.Dims()
	out := make([]int, r)
	for i := range out {
		row := p.RawRowView(i)
		if c == 1 {
			if row[0] > 0.5 {
				out[i] = 1
			}
		} else {
			out[i] = kernel.Argmax(row)
		}
	}
	return out
}
