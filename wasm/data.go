//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// datasetValue is core.Dataset as { x, y, featureNames, classNames }.
func datasetValue(d *core.Dataset) js.Value {
	o := jsObject.New()
	o.Set("x", matrixValue(d.X))
	o.Set("y", matrixValue(d.Y))
	o.Set("featureNames", stringsValue(append([]string{}, d.FeatureNames...)))
	o.Set("classNames", stringsValue(d.ClassNames))
	return o
}

// readDataset reads { x, y, featureNames, classNames }.
func readDataset(call string, v js.Value) (*core.Dataset, error) {
	if typeOf(v) != js.TypeObject {
		return nil, errors.New(call + ": expected a dataset { x, y } (parseCSV or builtin returns one), got " + describe(v))
	}
	x, err := readMatrix(call, "x", v.Get("x"))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix(call, "y", v.Get("y"))
	if err != nil {
		return nil, err
	}
	fn, err := readStrings(call, "featureNames", v.Get("featureNames"))
	if err != nil {
		return nil, err
	}
	cn, err := readStrings(call, "classNames", v.Get("classNames"))
	if err != nil {
		return nil, err
	}
	return &core.Dataset{X: x, Y: y, FeatureNames: fn, ClassNames: cn}, nil
}

// parseCSV(text, { label }) → dataset.
func parseCSV(args []js.Value) (any, error) {
	text := arg(args, 0)
	if typeOf(text) != js.TypeString {
		return nil, errors.New("parseCSV: expected the CSV text as a string, got " + describe(text))
	}
	o, err := newOpts("parseCSV", arg(args, 1))
	if err != nil {
		return nil, err
	}
	label, err := o.str("label", "")
	if err != nil {
		return nil, err
	}
	d, err := core.ParseCSVString(text.String(), core.CSVOptions{Label: label})
	if err != nil {
		return nil, withCall("parseCSV", err, "csv: ")
	}
	return datasetValue(d), nil
}

// split(dataset, { testFraction, seed, stratify }) → [train, test].
func split(args []js.Value) (any, error) {
	d, err := readDataset("split", arg(args, 0))
	if err != nil {
		return nil, err
	}
	o, err := newOpts("split", arg(args, 1))
	if err != nil {
		return nil, err
	}
	var so core.SplitOptions
	if so.TestFraction, err = o.num("testFraction", 0.2); err != nil {
		return nil, err
	}
	if so.Seed, err = seedOf("split", o.get("seed")); err != nil {
		return nil, err
	}
	if so.Stratify, err = o.bool("stratify", false); err != nil {
		return nil, err
	}
	train, test, err := core.Split(d, so)
	if err != nil {
		return nil, withCall("split", err)
	}
	return js.ValueOf([]any{datasetValue(train), datasetValue(test)}), nil
}

// builtin(name, { n, noise, seed }) → dataset.
func builtin(args []js.Value) (any, error) {
	name := arg(args, 0)
	if typeOf(name) != js.TypeString {
		return nil, errors.New("builtin: expected a dataset name such as 'circle', got " + describe(name))
	}
	o, err := newOpts("builtin", arg(args, 1))
	if err != nil {
		return nil, err
	}
	n, err := o.int("n", 500)
	if err != nil {
		return nil, err
	}
	noise, err := o.num("noise", 0)
	if err != nil {
		return nil, err
	}
	seed, err := seedOf("builtin", o.get("seed"))
	if err != nil {
		return nil, err
	}
	if !o.has("seed") {
		seed = 1
	}
	d, err := core.Generate(name.String(), n, noise, seed)
	if err != nil {
		return nil, withCall("builtin", err, "generate: ")
	}
	return datasetValue(d), nil
}

// oneHot(labels, numClasses?) → matrix.
func oneHot(args []js.Value) (any, error) {
	labels, err := readMatrix("oneHot", "labels", arg(args, 0))
	if err != nil {
		return nil, err
	}
	k := 0
	if v := arg(args, 1); v.IsUndefined() || v.IsNull() {
		if k, err = core.NumClasses(labels); err != nil {
			return nil, withCall("oneHot", err, "classes: ")
		}
	} else {
		if typeOf(v) != js.TypeNumber || v.Float() != math.Trunc(v.Float()) || math.Abs(v.Float()) > maxSafeInt {
			return nil, errors.New("oneHot: numClasses must be an integer, got " + describe(v))
		}
		k = v.Int()
	}
	out, err := core.OneHot(labels, k)
	if err != nil {
		return nil, withCall("oneHot", err, "one-hot: ")
	}
	return matrixValue(out), nil
}

// confusionMatrix(yTrue, yPred, numClasses?) → number[][].
func confusionMatrix(args []js.Value) (any, error) {
	yt, err := readClassIndices("confusionMatrix", "yTrue", arg(args, 0))
	if err != nil {
		return nil, err
	}
	yp, err := readClassIndices("confusionMatrix", "yPred", arg(args, 1))
	if err != nil {
		return nil, err
	}
	var k int
	if v := arg(args, 2); v.IsUndefined() || v.IsNull() {
		for _, labels := range [][]int{yt, yp} {
			if len(labels) == 0 {
				continue
			}
			col := core.NewMatrix(len(labels), 1, nil)
			for i, c := range labels {
				col.Set(i, 0, float64(c))
			}
			n, err := core.NumClasses(col)
			if err != nil {
				return nil, withCall("confusionMatrix", err, "classes: ")
			}
			k = max(k, n)
		}
	} else {
		if typeOf(v) != js.TypeNumber || v.Float() != math.Trunc(v.Float()) || math.Abs(v.Float()) > maxSafeInt {
			return nil, errors.New("confusionMatrix: numClasses must be an integer, got " + describe(v))
		}
		k = v.Int()
	}
	cm, err := core.ConfusionMatrix(yt, yp, k)
	if err != nil {
		return nil, err
	}
	return confusionValue(cm), nil
}

// classReport(confusion) → { precision, recall, f1, macro..., accuracy }.
func classReport(args []js.Value) (any, error) {
	v := arg(args, 0)
	if typeOf(v) != js.TypeObject || !v.InstanceOf(jsArray) {
		return nil, errors.New("classReport: expected a confusion matrix (number[][]), got " + describe(v))
	}
	if v.Length() > core.MaxClasses {
		return nil, errors.New("classReport: too many classes")
	}
	conf := make([][]int, v.Length())
	for i := range conf {
		row := v.Index(i)
		if typeOf(row) != js.TypeObject || typeOf(row.Get("length")) != js.TypeNumber || row.Length() > core.MaxClasses {
			return nil, errors.New("classReport: confusion row " + strconv.Itoa(i) + " is not an array")
		}
		conf[i] = make([]int, row.Length())
		for j := range conf[i] {
			c := row.Index(j)
			if typeOf(c) != js.TypeNumber || c.Float() != math.Trunc(c.Float()) || c.Float() < 0 || c.Float() > maxSafeInt {
				return nil, errors.New("classReport: confusion[" + strconv.Itoa(i) + "][" + strconv.Itoa(j) +
					"] must be a count (an integer ≥ 0), got " + describe(c))
			}
			conf[i][j] = c.Int()
		}
	}
	rep, err := core.Report(conf)
	if err != nil {
		return nil, withCall("classReport", err, "report: ")
	}
	return classReportValue(rep), nil
}

func classReportValue(rep core.ClassReport) js.Value {
	o := jsObject.New()
	o.Set("precision", floatsArray(rep.Precision))
	o.Set("recall", floatsArray(rep.Recall))
	o.Set("f1", floatsArray(rep.F1))
	o.Set("macroPrecision", rep.MacroPrecision)
	o.Set("macroRecall", rep.MacroRecall)
	o.Set("macroF1", rep.MacroF1)
	o.Set("accuracy", rep.Accuracy)
	return o
}

func confusionValue(cm [][]int) js.Value {
	rows := make([]any, len(cm))
	for i, r := range cm {
		rows[i] = intsValue(r)
	}
	return js.ValueOf(rows)
}

// predictClasses(matrix) → Int32Array of class indices.
func predictClasses(args []js.Value) (any, error) {
	p, err := readMatrix("predictClasses", "predictions", arg(args, 0))
	if err != nil {
		return nil, err
	}
	return newInt32Array(core.PredictClasses(p)), nil
}
