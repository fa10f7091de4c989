//go:build js && wasm

package main

import (
	"math"
	"syscall/js"
	"testing"
)

// The teaching exports as gotrain.js drives them: trace of one example and
// of a batch, activation curves, ROC and PR curves, features, and
// evaluateReport at a threshold.

func floats(v js.Value) []float64 {
	f, ok := readFloats(v)
	if !ok {
		panic("not a Float64Array")
	}
	return f
}

func TestTraceExport(t *testing.T) {
	id := newXORModel(t)
	x, y := xor()
	mustCall(t, "trainOnBatch", id, x, y)

	// One example: vectors, as before batches could be traced.
	one := mustCall(t, "trace", id, newFloat64Array([]float64{1, 0}), newFloat64Array([]float64{1}))
	l0 := one.Get("layers").Index(0)
	if one.Get("rows").Int() != 1 || !l0.Get("z").InstanceOf(jsFloat64Array) || l0.Get("z").Length() != 8 || l0.Get("mask").Type() != js.TypeNull {
		t.Fatalf("one example: rows %v, z %v", one.Get("rows"), jsonOf(l0.Get("z")))
	}

	// A batch in training mode: matrices of one row per example.
	tr := mustCall(t, "trace", id, x, y, object("training", true))
	if tr.Get("rows").Int() != 4 || tr.Get("losses").Length() != 4 {
		t.Fatalf("rows %v, losses %v", tr.Get("rows"), jsonOf(tr.Get("losses")))
	}
	l0 = tr.Get("layers").Index(0)
	for name, cols := range map[string]int{"input": 2, "z": 8, "a": 8, "dadz": 8, "dLda": 8, "dLdz": 8} {
		s := l0.Get(name).Get("shape")
		if s.Index(0).Int() != 4 || s.Index(1).Int() != cols {
			t.Errorf("%s has shape %s, want [4, %d]", name, jsonOf(s), cols)
		}
	}
	if l0.Get("penalty").Type() != js.TypeNull || l0.Get("stats").Type() != js.TypeNull {
		t.Errorf("penalty %s, stats %s: want null", jsonOf(l0.Get("penalty")), jsonOf(l0.Get("stats")))
	}
	u := l0.Get("updateW")
	for _, k := range []string{"g", "value", "delta", "newValue", "mHat", "vHat", "denominator"} {
		if s := u.Get(k).Get("shape"); s.Index(0).Int() != 2 || s.Index(1).Int() != 8 {
			t.Errorf("updateW.%s shape %s", k, jsonOf(s))
		}
	}
	if u.Get("name").String() != "dense_1/kernel" || u.Get("newState").Get("m").Get("shape").Index(1).Int() != 8 {
		t.Errorf("updateW %s", jsonOf(u.Get("newState")))
	}
	opt := tr.Get("optimizer")
	if opt.Get("step").Int() != 1 || opt.Get("t").Int() != 2 || math.Abs(opt.Get("biasCorrection1").Float()-0.19) > 1e-12 {
		t.Errorf("optimizer %s", jsonOf(opt))
	}
	// The next step leaves the traced weights.
	loss := mustCall(t, "trainOnBatch", id, x, y)
	if loss.Float() != tr.Get("loss").Float() {
		t.Errorf("step loss %v, trace %v", loss.Float(), tr.Get("loss").Float())
	}
	ws := mustCall(t, "getWeights", id)
	for i, k := range []string{"updateW", "updateB"} {
		want := tr.Get("layers").Index(0).Get(k).Get("newValue")
		if want.Get("data").Truthy() {
			want = want.Get("data")
		}
		got, w := floats(ws.Index(i).Get("data")), floats(want)
		for j := range got {
			if math.Float64bits(got[j]) != math.Float64bits(w[j]) {
				t.Fatalf("%s[%d]: step left %v, trace %v", k, j, got[j], w[j])
			}
		}
	}
	wantError(t, "trace: training must be true or false", "trace", id, x, y, object("training", 1))
	wantError(t, "trace: x has 4 rows but y has 1", "trace", id, x, matrix(1, 1, 0))
	wantError(t, "trace: y must be one example's label(s)", "trace", id, newFloat64Array([]float64{1, 0}), y)
	wantError(t, "trace: y has 2 values but the loss needs 1", "trace", id, newFloat64Array([]float64{1, 0}), newFloat64Array([]float64{1, 0}))
}

func TestCurveExports(t *testing.T) {
	c := mustCall(t, "activationCurve", "sigmoid", newFloat64Array([]float64{-1, 0, 1}))
	if a := floats(c.Get("a")); a[1] != 0.5 || floats(c.Get("dadz"))[1] != 0.25 || c.Get("z").Length() != 3 {
		t.Errorf("sigmoid curve %s", jsonOf(c))
	}
	s := mustCall(t, "activationCurve", "softmax", newFloat64Array([]float64{0}), object("others", newFloat64Array([]float64{0, 0, 0})))
	if a := floats(s.Get("a"))[0]; a != 0.25 {
		t.Errorf("softmax of four zeros %v, want 0.25", a)
	}
	wantError(t, "activationCurve: unknown activation 'relu6'", "activationCurve", "relu6", newFloat64Array(nil))
	wantError(t, "activationCurve: z must be numbers", "activationCurve", "relu", "x")
	wantError(t, "activationCurve: others applies to softmax only", "activationCurve", "relu", newFloat64Array([]float64{1}), object("others", newFloat64Array([]float64{1})))
	wantError(t, "activationCurve: z[0] is NaN", "activationCurve", "relu", newFloat64Array([]float64{math.NaN()}))

	y, sc := newFloat64Array([]float64{0, 0, 1, 1}), newFloat64Array([]float64{0.1, 0.4, 0.35, 0.8})
	r := mustCall(t, "roc", y, sc)
	if r.Get("auc").Float() != 0.75 || !math.IsInf(floats(r.Get("thresholds"))[0], 1) || r.Get("fpr").Length() != 5 {
		t.Errorf("roc %s", jsonOf(r))
	}
	p := mustCall(t, "precisionRecall", y, sc)
	if math.Abs(p.Get("averagePrecision").Float()-5.0/6) > 1e-15 || p.Get("precision").Length() != 5 || p.Get("thresholds").Length() != 4 {
		t.Errorf("precisionRecall %s", jsonOf(p))
	}
	wantError(t, "roc: yTrue has 4 values but yScore has 1", "roc", y, newFloat64Array([]float64{1}))
	wantError(t, "roc: yScore must be the scores", "roc", y, 3)
	wantError(t, "precisionRecall: yTrue[0] is 3", "precisionRecall", newFloat64Array([]float64{3}), newFloat64Array([]float64{1}))

	f := mustCall(t, "features", matrix(2, 2, 1, 2, 3, 4), js.ValueOf([]any{"x1*x2", "x2^2"}))
	if got := floats(f.Get("data")); got[0] != 2 || got[1] != 4 || got[2] != 12 || got[3] != 16 {
		t.Errorf("features %v", got)
	}
	wantError(t, "features: 'x3' is not a feature", "features", matrix(1, 2, 1, 2), js.ValueOf([]any{"x3"}))
	wantError(t, "features: names must be an array", "features", matrix(1, 2, 1, 2), "x1")
	wantError(t, "features: names[0] must be a string", "features", matrix(1, 2, 1, 2), js.ValueOf([]any{1}))
}

func TestEvaluateReportThreshold(t *testing.T) {
	id := newXORModel(t)
	x, y := xor()
	mustCall(t, "trainOnBatch", id, x, y)
	r := mustCall(t, "evaluateReport", id, x, y)
	b := r.Get("binary")
	if b.Get("threshold").Float() != 0.5 || b.Get("tp").Int()+b.Get("fn").Int() != 2 || r.Get("roc").Get("auc").Type() != js.TypeNumber {
		t.Fatalf("default report: binary %s, roc %s", jsonOf(b), jsonOf(r.Get("roc")))
	}
	// Threshold below every score: all class 1.
	low := mustCall(t, "evaluateReport", id, x, y, js.Undefined(), -1)
	if c := low.Get("confusion"); c.Index(0).Index(1).Int() != 2 || c.Index(1).Index(1).Int() != 2 || low.Get("binary").Get("recall").Float() != 1 {
		t.Errorf("threshold -1: confusion %s, binary %s", jsonOf(c), jsonOf(low.Get("binary")))
	}
	if low.Get("classReport").Get("recall").Index(1).Float() != 1 {
		t.Errorf("classReport at -1 %s", jsonOf(low.Get("classReport")))
	}
	wantError(t, "evaluateReport: threshold must be a finite number, got 'a'", "evaluateReport", id, x, y, js.Undefined(), "a")
	// Not a binary classifier: no binary view, and a threshold is an error.
	m := mustCall(t, "sequential", 3).Int()
	mustCall(t, "add", m, object("kind", "dense", "units", 3, "activation", "softmax", "inputShape", js.ValueOf([]any{2})))
	mustCall(t, "compile", m, object("optimizer", "sgd", "loss", "sparseCategoricalCrossentropy"))
	y3 := matrix(4, 1, 0, 1, 2, 0)
	if r3 := mustCall(t, "evaluateReport", m, x, y3); !r3.Get("binary").IsUndefined() {
		t.Errorf("three classes: binary %s", jsonOf(r3.Get("binary")))
	}
	wantError(t, "evaluateReport: threshold applies to binary classifiers", "evaluateReport", m, x, y3, js.Undefined(), 0.5)
}
