//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// The model run on data: one training step, predictions, evaluations and
// every layer's outputs.

// trainOnBatch(handle, x, y) → loss.
func trainOnBatch(args []js.Value) (any, error) {
	e, err := idle("trainOnBatch", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("trainOnBatch", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix("trainOnBatch", "y", arg(args, 2))
	if err != nil {
		return nil, err
	}
	return e.m.TrainOnBatch(x, y)
}

// predict(handle, x) → matrix.
func predict(args []js.Value) (any, error) {
	e, err := lookup("predict", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("predict", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	p, err := e.m.Predict(x)
	if err != nil {
		return nil, err
	}
	return matrixValue(p), nil
}

// evaluate(handle, x, y) → logs.
func evaluate(args []js.Value) (any, error) {
	e, err := lookup("evaluate", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("evaluate", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix("evaluate", "y", arg(args, 2))
	if err != nil {
		return nil, err
	}
	logs, err := e.m.Evaluate(x, y)
	if err != nil {
		return nil, err
	}
	return logsValue(logs), nil
}

// evaluateReport(handle, x, y, numClasses, threshold) → { logs, predictions,
// numClasses, classes, truth, confusion, classReport, and for a binary
// classifier binary, roc, pr }: what a page redraws after an epoch, in one
// call (core's EvaluateReport). numClasses undefined: from the loss and the
// output width; threshold undefined: 0.5.
func evaluateReport(args []js.Value) (any, error) {
	const call = "evaluateReport"
	e, err := lookup(call, arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix(call, "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix(call, "y", arg(args, 2))
	if err != nil {
		return nil, err
	}
	k := 0
	if v := arg(args, 3); !v.IsUndefined() && !v.IsNull() {
		if typeOf(v) != js.TypeNumber || v.Float() != math.Trunc(v.Float()) || v.Float() < 0 || v.Float() > core.MaxClasses {
			return nil, errors.New(call + ": numClasses must be an integer from 0 to " + strconv.Itoa(core.MaxClasses) + ", got " + describe(v))
		}
		if k = v.Int(); k == 0 {
			k = -1 // 0 asks for no classes
		}
	}
	r, err := e.m.EvaluateReport(x, y, k)
	if err != nil {
		return nil, err
	}
	o := jsObject.New()
	o.Set("logs", logsValue(r.Logs))
	o.Set("predictions", matrixValue(r.Predictions))
	o.Set("numClasses", r.NumClasses)
	if r.NumClasses > 0 {
		o.Set("classes", newInt32Array(r.Classes))
		o.Set("truth", newInt32Array(r.Truth))
		o.Set("confusion", confusionValue(r.Confusion))
		o.Set("classReport", classReportValue(r.Report))
	}
	if err := addBinary(o, r, arg(args, 4)); err != nil { // curves.go
		return nil, err
	}
	return o, nil
}

// layerOutputs(handle, x) → one matrix per layer.
func layerOutputs(args []js.Value) (any, error) {
	e, err := lookup("layerOutputs", arg(args, 0))
	if err != nil {
		return nil, err
	}
	x, err := readMatrix("layerOutputs", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	outs, err := e.m.LayerOutputs(x)
	if err != nil {
		return nil, err
	}
	arr := make([]any, len(outs))
	for i, o := range outs {
		arr[i] = matrixValue(o)
	}
	return js.ValueOf(arr), nil
}
