//go:build js && wasm

package main

import (
	"errors"
	"math"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// The teaching numbers that are not a model's: activation curves, ROC and
// precision–recall curves, feature inputs; and evaluateReport's view of a
// binary classifier at a threshold.

// activationCurve(name, zs Float64Array, { others }) → { z, a, dadz }.
func activationCurve(args []js.Value) (any, error) {
	const call = "activationCurve"
	name := arg(args, 0)
	if typeOf(name) != js.TypeString {
		return nil, errors.New(call + ": expected an activation name such as 'relu', got " + describe(name))
	}
	f, err := core.ParseActivation(name.String())
	if err != nil {
		return nil, withCall(call, err)
	}
	zs, ok := readFloats(arg(args, 1))
	if !ok {
		return nil, errors.New(call + ": z must be numbers (number[] or a typed array), got " + describe(arg(args, 1)))
	}
	o, err := newOpts(call, arg(args, 2))
	if err != nil {
		return nil, err
	}
	var others []float64
	if v := o.get("others"); !v.IsUndefined() {
		if others, ok = readFloats(v); !ok {
			return nil, errors.New(call + ": others must be numbers, got " + describe(v))
		}
	}
	a, d, err := core.ActivationCurve(f, zs, others)
	if err != nil {
		return nil, err
	}
	out := jsObject.New()
	out.Set("z", newFloat64Array(zs))
	out.Set("a", newFloat64Array(a))
	out.Set("dadz", newFloat64Array(d))
	return out, nil
}

// readScores reads roc's and precisionRecall's yTrue and yScore.
func readScores(call string, args []js.Value) (y, s []float64, err error) {
	y, ok := readFloats(arg(args, 0))
	if !ok {
		return nil, nil, errors.New(call + ": yTrue must be the true classes, 0 or 1 (number[] or a typed array)")
	}
	if s, ok = readFloats(arg(args, 1)); !ok {
		return nil, nil, errors.New(call + ": yScore must be the scores (number[], a typed array or one column of predictions)")
	}
	return y, s, nil
}

// roc(yTrue, yScore) → { fpr, tpr, thresholds, auc }.
func roc(args []js.Value) (any, error) {
	y, s, err := readScores("roc", args)
	if err != nil {
		return nil, err
	}
	r, err := core.ROCCurve(y, s)
	if err != nil {
		return nil, err
	}
	return rocValue(r), nil
}

// precisionRecall(yTrue, yScore) → { precision, recall, thresholds,
// averagePrecision, auc }.
func precisionRecall(args []js.Value) (any, error) {
	y, s, err := readScores("precisionRecall", args)
	if err != nil {
		return nil, err
	}
	c, err := core.PrecisionRecallCurve(y, s)
	if err != nil {
		return nil, err
	}
	return prValue(c), nil
}

func rocValue(r *core.ROC) js.Value {
	if r == nil {
		return js.Null()
	}
	o := jsObject.New()
	o.Set("fpr", newFloat64Array(r.FPR))
	o.Set("tpr", newFloat64Array(r.TPR))
	o.Set("thresholds", newFloat64Array(r.Thresholds))
	o.Set("auc", r.AUC)
	return o
}

func prValue(c *core.PRCurve) js.Value {
	if c == nil {
		return js.Null()
	}
	o := jsObject.New()
	o.Set("precision", newFloat64Array(c.Precision))
	o.Set("recall", newFloat64Array(c.Recall))
	o.Set("thresholds", newFloat64Array(c.Thresholds))
	o.Set("averagePrecision", c.AveragePrecision)
	o.Set("auc", c.AUC)
	return o
}

// features(x, names) → matrix.
func features(args []js.Value) (any, error) {
	const call = "features"
	x, err := readMatrix(call, "x", arg(args, 0))
	if err != nil {
		return nil, err
	}
	v := arg(args, 1)
	if typeOf(v) != js.TypeObject || !v.InstanceOf(jsArray) {
		return nil, errors.New(call + ": names must be an array of feature names such as ['x1', 'x2', 'x1^2'], got " + describe(v))
	}
	names, err := readStrings(call, "names", v)
	if err != nil {
		return nil, err
	}
	f, err := core.Features(x, names)
	if err != nil {
		return nil, err
	}
	return matrixValue(f), nil
}

// addBinary adds evaluateReport's view of a binary classifier to o, the
// report r as an object: binary, roc and pr, at threshold (undefined:
// 0.5). An explicit threshold also decides classes, confusion and
// classReport, and is an error for a model that is not a binary
// classifier.
func addBinary(o js.Value, r *core.EvaluationReport, threshold js.Value) error {
	const call = "evaluateReport"
	given := !threshold.IsUndefined() && !threshold.IsNull()
	t := 0.5
	if given {
		if typeOf(threshold) != js.TypeNumber || math.IsNaN(threshold.Float()) || math.IsInf(threshold.Float(), 0) {
			return errors.New(call + ": threshold must be a finite number, got " + describe(threshold))
		}
		t = threshold.Float()
	}
	_, cols := r.Predictions.Dims()
	if !given && (r.NumClasses != 2 || cols > 2) {
		return nil
	}
	b, err := r.Binary(t)
	if err != nil {
		return err
	}
	if given {
		o.Set("classes", newInt32Array(b.Classes))
		o.Set("confusion", confusionValue(b.Confusion))
		o.Set("classReport", classReportValue(b.Report))
	}
	v := jsObject.New()
	v.Set("threshold", b.Threshold)
	for _, c := range []struct {
		name string
		n    int
	}{{"tn", b.TN}, {"fp", b.FP}, {"fn", b.FN}, {"tp", b.TP}} {
		v.Set(c.name, c.n)
	}
	v.Set("accuracy", b.Accuracy)
	v.Set("precision", b.Precision)
	v.Set("recall", b.Recall)
	v.Set("f1", b.F1)
	v.Set("fpr", b.FPR)
	o.Set("binary", v)
	o.Set("roc", rocValue(b.ROC))
	o.Set("pr", prValue(b.PR))
	return nil
}
