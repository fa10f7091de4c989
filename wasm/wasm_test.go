//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strings"
	"syscall/js"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// These tests run under GOOS=js GOARCH=wasm in Node (go_js_wasm_exec):
// conversion helpers, option readers, error recovery, and the exported
// functions driven as gotrain.js drives them.

// call invokes an exported function through the same wrapper the API
// object uses, returning the value or the Error's message.
func call(t *testing.T, name string, args ...any) (js.Value, string) {
	t.Helper()
	h, ok := handlers()[name]
	if !ok {
		t.Fatalf("no handler %q", name)
	}
	vals := make([]js.Value, len(args))
	for i, a := range args {
		vals[i] = js.ValueOf(a)
	}
	r := js.ValueOf(wrap(name, h)(js.Undefined(), vals))
	if r.Type() == js.TypeObject && r.InstanceOf(jsError) {
		return js.Undefined(), r.Get("message").String()
	}
	return r, ""
}

func mustCall(t *testing.T, name string, args ...any) js.Value {
	t.Helper()
	v, msg := call(t, name, args...)
	if msg != "" {
		t.Fatalf("%s: unexpected error %q", name, msg)
	}
	return v
}

func wantError(t *testing.T, substr, name string, args ...any) {
	t.Helper()
	_, msg := call(t, name, args...)
	if msg == "" {
		t.Fatalf("%s: no error, want one containing %q", name, substr)
	}
	if !strings.Contains(msg, substr) {
		t.Fatalf("%s: error %q does not contain %q", name, msg, substr)
	}
	if strings.Contains(msg, "internal error") {
		t.Fatalf("%s: %q is a recovered panic, want a checked error", name, msg)
	}
}

func object(kv ...any) js.Value {
	o := jsObject.New()
	for i := 0; i < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

func matrix(rows, cols int, data ...float64) js.Value {
	return matrixOf(data, rows, cols)
}

func jsFunc(params, body string) js.Value {
	return js.Global().Get("Function").New(params, body)
}

func TestFloatRoundTrip(t *testing.T) {
	in := []float64{0, 1.5, -2, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1)}
	arr := newFloat64Array(in)
	if arr.Length() != len(in) || arr.Index(1).Float() != 1.5 || !math.IsInf(arr.Index(5).Float(), 1) {
		t.Fatalf("newFloat64Array: got length %d", arr.Length())
	}
	out, ok := readFloats(arr)
	if !ok || len(out) != len(in) {
		t.Fatal("readFloats failed")
	}
	for i := range in {
		if out[i] != in[i] {
			t.Fatalf("element %d: %v != %v", i, out[i], in[i])
		}
	}
	// A subarray view with a byte offset.
	sub := arr.Call("subarray", 2, 4)
	got, ok := readFloats(sub)
	if !ok || len(got) != 2 || got[0] != -2 || got[1] != math.MaxFloat64 {
		t.Fatalf("subarray: %v", got)
	}
	if _, ok := readFloats(js.ValueOf([]any{1.0, 2.0})); ok {
		t.Fatal("readFloats accepted a plain array")
	}
	if _, ok := readFloats(jsObject.New()); ok {
		t.Fatal("readFloats accepted an object")
	}
	empty, ok := readFloats(newFloat64Array(nil))
	if !ok || len(empty) != 0 {
		t.Fatal("empty Float64Array")
	}
	ia := newInt32Array([]int{3, -1, 7})
	if ia.Length() != 3 || ia.Index(1).Int() != -1 || !ia.InstanceOf(jsInt32Array) {
		t.Fatal("newInt32Array")
	}
}

func TestReadMatrix(t *testing.T) {
	m, err := readMatrix("predict", "x", matrix(2, 3, 1, 2, 3, 4, 5, 6))
	if err != nil {
		t.Fatal(err)
	}
	if r, c := m.Dims(); r != 2 || c != 3 || m.At(1, 2) != 6 {
		t.Fatalf("got %v", m.RawMatrix())
	}
	for _, tc := range []struct {
		v    js.Value
		want string
	}{
		{js.ValueOf("abc"), "predict: x must be a matrix, got 'abc'"},
		{matrix(2, 2, 1, 2, 3), "predict: x has 3 values but shape [2, 2]"},
		{matrix(0, 2), "predict: x is empty"},
		{object("data", newFloat64Array([]float64{1}), "shape", js.ValueOf([]any{1})), "shape [rows, cols]"},
		{object("data", newFloat64Array([]float64{1}), "shape", js.ValueOf([]any{1, 1.5})), "bad shape"},
		{object("data", js.ValueOf([]any{1}), "shape", js.ValueOf([]any{1, 1})), "Float64Array"},
	} {
		_, err := readMatrix("predict", "x", tc.v)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

func TestMatrixValueStrided(t *testing.T) {
	big := core.NewMatrix(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9})
	sub := big.Slice(1, 3, 1, 3).(*core.Matrix) // stride 3, cols 2
	v := matrixValue(sub)
	data, _ := readFloats(v.Get("data"))
	want := []float64{5, 6, 8, 9}
	for i := range want {
		if data[i] != want[i] {
			t.Fatalf("got %v, want %v", data, want)
		}
	}
	if v.Get("shape").Index(0).Int() != 2 || v.Get("shape").Index(1).Int() != 2 {
		t.Fatal("shape")
	}
}

func TestOpts(t *testing.T) {
	o := opts{call: "fit", v: object("epochs", 1.5, "shuffle", "yes", "name", 3, "lr", math.NaN(), "n", nil)}
	if _, err := o.int("epochs", 1); err == nil || err.Error() != "fit: epochs must be an integer, got 1.5" {
		t.Errorf("int: %v", err)
	}
	if _, err := o.bool("shuffle", true); err == nil || err.Error() != "fit: shuffle must be true or false, got 'yes'" {
		t.Errorf("bool: %v", err)
	}
	if _, err := o.str("name", ""); err == nil || !strings.Contains(err.Error(), "name must be a string") {
		t.Errorf("str: %v", err)
	}
	if _, err := o.num("lr", 0); err == nil || !strings.Contains(err.Error(), "finite") {
		t.Errorf("num: %v", err)
	}
	if v, err := o.int("n", 7); err != nil || v != 7 {
		t.Errorf("null should mean absent: %v %v", v, err)
	}
	if v, err := o.int("missing", 3); err != nil || v != 3 {
		t.Errorf("default: %v %v", v, err)
	}
	if _, err := newOpts("fit", js.ValueOf(5)); err == nil {
		t.Error("newOpts accepted a number")
	}
	if _, err := seedOf("sequential", js.ValueOf(-1)); err == nil {
		t.Error("negative seed")
	}
	if s, err := seedOf("sequential", js.ValueOf(float64(1<<53))); err != nil || s != 1<<53 {
		t.Error("seed 2^53")
	}
}

func TestWithCall(t *testing.T) {
	for _, tc := range []struct {
		call, msg, strip, want string
	}{
		{"fit", "fit: x is empty", "", "fit: x is empty"},
		{"compile", "unknown loss 'x'", "", "compile: unknown loss 'x'"},
		{"builtin", "generate: noise must be", "generate: ", "builtin: noise must be"},
		{"parseCSV", "row 3, column 'a': 'b' is not a number", "", "parseCSV: row 3, column 'a': 'b' is not a number"},
	} {
		var strip []string
		if tc.strip != "" {
			strip = []string{tc.strip}
		}
		if got := withCall(tc.call, errors.New(tc.msg), strip...).Error(); got != tc.want {
			t.Errorf("got %q, want %q", got, tc.want)
		}
	}
	if withCall("x", nil) != nil {
		t.Error("nil error")
	}
}

func TestWrapRecoversPanics(t *testing.T) {
	f := wrap("predict", func([]js.Value) (any, error) {
		var m map[string]int
		m["x"] = 1 // nil map write: a runtime panic
		return nil, nil
	})
	r := js.ValueOf(f(js.Undefined(), nil))
	if !r.InstanceOf(jsError) || !strings.HasPrefix(r.Get("message").String(), "predict: internal error: ") {
		t.Fatalf("got %v", r)
	}
	g := wrap("fitRun", func([]js.Value) (any, error) { panic("boom") })
	r = js.ValueOf(g(js.Undefined(), nil))
	if r.Get("message").String() != "fit: internal error: boom" {
		t.Fatalf("got %q", r.Get("message").String())
	}
	h := wrap("x", func([]js.Value) (any, error) { return nil, errors.New("x: bad") })
	if js.ValueOf(h(js.Undefined(), nil)).Get("message").String() != "x: bad" {
		t.Fatal("error not passed")
	}
	// The module still works afterwards.
	if v := mustCall(t, "sequential", 1); v.Type() != js.TypeNumber {
		t.Fatal("newModel after a panic")
	}
}

// Every exported function, given no arguments or garbage, returns a
// checked error or a value; none panics.
func TestHandlersRejectGarbage(t *testing.T) {
	garbage := [][]any{
		nil,
		{"abc"},
		{1e9, "x", 3},
		{-1, map[string]any{"data": 1, "shape": []any{1, 1}}, map[string]any{}},
		{js.Null(), js.Undefined(), js.Null(), js.Null(), js.Null()},
		{map[string]any{"kind": "dense"}, []any{"a"}, true},
		{js.Global().Get("BigInt").Invoke(5), js.Global().Get("Symbol").Invoke("s"), js.ValueOf([]any{js.Global().Get("BigInt").Invoke(1)})},
	}
	for name := range handlers() {
		for _, args := range garbage {
			_, msg := call(t, name, args...)
			if strings.Contains(msg, "internal error") {
				t.Errorf("%s(%v): %s", name, args, msg)
			}
		}
	}
	if v := mustCall(t, "memory"); v.Get("models").Type() != js.TypeNumber {
		t.Fatal("memory")
	}
}

func newXORModel(t *testing.T) int {
	t.Helper()
	id := mustCall(t, "sequential", 7).Int()
	mustCall(t, "add", id, object("kind", "dense", "units", 8, "activation", "tanh", "inputShape", js.ValueOf([]any{2})))
	mustCall(t, "add", id, object("kind", "dense", "units", 1, "activation", "sigmoid"))
	mustCall(t, "compile", id, object("optimizer", "adam", "loss", "binaryCrossentropy", "metrics", js.ValueOf([]any{"accuracy"})))
	return id
}

func xor() (js.Value, js.Value) {
	return matrix(4, 2, 0, 0, 0, 1, 1, 0, 1, 1), matrix(4, 1, 0, 1, 1, 0)
}

func TestModelFlow(t *testing.T) {
	id := newXORModel(t)
	x, y := xor()
	if n := mustCall(t, "countParams", id).Int(); n != 2*8+8+8+1 {
		t.Fatalf("countParams %d", n)
	}
	loss := mustCall(t, "trainOnBatch", id, x, y)
	if loss.Type() != js.TypeNumber || !(loss.Float() > 0) {
		t.Fatalf("trainOnBatch: %v", loss)
	}
	p := mustCall(t, "predict", id, x)
	if p.Get("shape").Index(0).Int() != 4 || p.Get("shape").Index(1).Int() != 1 {
		t.Fatal("predict shape")
	}
	logs := mustCall(t, "evaluate", id, x, y)
	if logs.Get("loss").Type() != js.TypeNumber || logs.Get("accuracy").Type() != js.TypeNumber {
		t.Fatal("evaluate logs")
	}
	ws := mustCall(t, "getWeights", id)
	if ws.Length() != 4 || ws.Index(0).Get("name").String() != "dense_1/kernel" {
		t.Fatal("getWeights")
	}
	mustCall(t, "setWeights", id, ws)
	tr := mustCall(t, "trace", id, newFloat64Array([]float64{1, 0}), newFloat64Array([]float64{1}))
	if tr.Get("layers").Length() != 2 || tr.Get("layers").Index(0).Get("dLdW").Get("shape").Index(1).Int() != 8 {
		t.Fatal("trace")
	}
	js1 := mustCall(t, "toJSON", id).String()
	id2 := mustCall(t, "modelFromJSON", js1).Int()
	if mustCall(t, "toJSON", id2).String() != js1 {
		t.Fatal("JSON round trip")
	}
	outs := mustCall(t, "layerOutputs", id, x)
	if outs.Length() != 2 {
		t.Fatal("layerOutputs")
	}
	cfg := mustCall(t, "getConfig", id)
	if cfg.Get("layers").Index(0).Get("units").Int() != 8 || cfg.Get("loss").String() != "binaryCrossentropy" {
		t.Fatal("config")
	}
	wantError(t, "predict: x has 3 columns but the model expects 2", "predict", id, matrix(1, 3, 1, 2, 3))
	wantError(t, "compile: unknown loss 'crossentropy'", "compile", id, object("loss", "crossentropy"))
	wantError(t, "compile: unknown optimizer 'adamw'", "compile", id, object("loss", "mse", "optimizer", "adamw"))
	wantError(t, "dense: unknown activation 'relu6'", "add", id, object("kind", "dense", "units", 2, "activation", "relu6"))
	wantError(t, "dense: units is required", "checkLayer", object("kind", "dense"))
	wantError(t, "dropout: rate must be in [0, 1)", "checkLayer", object("kind", "dropout", "rate", 1))
	wantError(t, "adam: beta1 must be in [0, 1)", "checkOptimizer", object("name", "adam", "beta1", 2))
	mustCall(t, "dispose", id)
	mustCall(t, "dispose", id) // twice is fine
	wantError(t, "predict: the model has been disposed", "predict", id, x)
	mustCall(t, "dispose", id2)
}

func TestFitSlicesAndCallbacks(t *testing.T) {
	id := newXORModel(t)
	x, y := xor()
	// onEpochEnd counts calls in a JS array; onBatchEnd asks to stop at
	// batch 0 of epoch 3 (answer 2 means "stop").
	seen := js.ValueOf([]any{})
	js.Global().Set("__seen", seen)
	defer js.Global().Delete("__seen")
	cb := object(
		"onEpochEnd", jsFunc("e, logs", "__seen.push(logs.loss); return 0"),
		"onBatchEnd", jsFunc("b, logs", "return __seen.length === 3 ? 2 : 0"),
	)
	mustCall(t, "fitStart", id, x, y, object("epochs", 50, "batchSize", 2), js.ValueOf([]any{cb}))
	wantError(t, "fit: the model is already training", "fitStart", id, x, y, object("epochs", 1), js.Undefined())
	wantError(t, "compile: the model is training", "compile", id, object("loss", "mse"))
	var r js.Value
	for i := 0; i < 1000; i++ {
		r = mustCall(t, "fitRun", id, 5, "batch")
		if r.Get("done").Bool() {
			break
		}
	}
	if !r.Get("done").Bool() {
		t.Fatal("fit did not finish")
	}
	h := r.Get("history")
	if n := h.Get("epoch").Length(); n != 4 {
		t.Fatalf("stopped after %d epochs, want 4 (stop in the first batch of the 4th)", n)
	}
	if h.Get("history").Get("loss").Length() != 4 || h.Get("params").Get("epochs").Int() != 50 {
		t.Fatal("history")
	}
	// The model is idle again and trains on.
	mustCall(t, "trainOnBatch", id, x, y)
	wantError(t, "fit: no training in progress", "fitRun", id, 5, "auto")

	// Bad options, each a clear error, and the model stays usable.
	wantError(t, "fit: epochs must be between 1", "fitStart", id, x, y, object("epochs", 0), js.Undefined())
	wantError(t, "fit: batchSize must be at least 1", "fitStart", id, x, y, object("batchSize", -1), js.Undefined())
	wantError(t, "fit: validationSplit must be in [0, 1)", "fitStart", id, x, y, object("validationSplit", 2), js.Undefined())
	wantError(t, "fit: earlyStopping monitors 'val_loss' but fit has no validation data", "fitStart", id, x, y,
		object("earlyStopping", object("patience", 1)), js.Undefined())
	wantError(t, "fit: earlyStopping monitors 'val_f2'", "fitStart", id, x, y,
		object("earlyStopping", object("monitor", "val_f2")), js.Undefined())

	// Whole fit in one call, with early stopping on the training loss.
	mustCall(t, "fitStart", id, x, y, object("epochs", 3), js.ValueOf([]any{object("earlyStopping", object("monitor", "loss"))}))
	if r := mustCall(t, "fitRun", id, 0, "never"); !r.Get("done").Bool() {
		t.Fatal("mode never did not finish")
	}

	// Dispose during training: the next slice reports it.
	mustCall(t, "fitStart", id, x, y, object("epochs", 100, "batchSize", 1), js.Undefined())
	mustCall(t, "fitRun", id, 1, "batch")
	mustCall(t, "dispose", id)
	wantError(t, "disposed", "fitRun", id, 1, "batch")
}

func TestDataFunctions(t *testing.T) {
	ds := mustCall(t, "parseCSV", "a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n", js.Undefined())
	if ds.Get("classNames").Length() != 2 || ds.Get("x").Get("shape").Index(1).Int() != 2 {
		t.Fatal("parseCSV")
	}
	wantError(t, "parseCSV: row 3, column 'b': 'abc' is not a number", "parseCSV", "a,b,label\n1,2,x\n3,abc,y\n", js.Undefined())
	parts := mustCall(t, "split", ds, object("testFraction", 0.5, "seed", 3, "stratify", true))
	if parts.Length() != 2 || parts.Index(1).Get("y").Get("shape").Index(0).Int() != 2 {
		t.Fatal("split")
	}
	c := mustCall(t, "builtin", "moons", object("n", 10, "noise", 0.1))
	if c.Get("x").Get("shape").Index(0).Int() != 10 {
		t.Fatal("builtin")
	}
	wantError(t, "builtin: unknown dataset 'square'", "builtin", "square", js.Undefined())
	wantError(t, "builtin: noise must be between 0 and", "builtin", "circle", object("noise", -1))
	oh := mustCall(t, "oneHot", matrix(3, 1, 0, 2, 1), js.Undefined())
	if oh.Get("shape").Index(1).Int() != 3 {
		t.Fatal("oneHot")
	}
	wantError(t, "oneHot: row 1: label 2 is out of range for 2 classes", "oneHot", matrix(3, 1, 0, 2, 1), 2)
	cm := mustCall(t, "confusionMatrix", newFloat64Array([]float64{0, 1, 1}), newFloat64Array([]float64{0, 1, 0}), js.Undefined())
	if cm.Length() != 2 || cm.Index(1).Index(0).Int() != 1 {
		t.Fatal("confusionMatrix")
	}
	wantError(t, "confusionMatrix: yTrue[0] = 0.5 is not a class index", "confusionMatrix",
		newFloat64Array([]float64{0.5}), newFloat64Array([]float64{0}), 2)
	rep := mustCall(t, "classReport", cm)
	if rep.Get("accuracy").Float() != 2.0/3 {
		t.Fatal("classReport")
	}
	wantError(t, "classReport: empty confusion matrix", "classReport", js.ValueOf([]any{}))
	pc := mustCall(t, "predictClasses", matrix(2, 2, 0.1, 0.9, 0.8, 0.2))
	if pc.Index(0).Int() != 1 || pc.Index(1).Int() != 0 {
		t.Fatal("predictClasses")
	}
}

// layerKinds describes every kind add accepts, in the shape gotrain.js reads.
func TestLayerKinds(t *testing.T) {
	v := mustCall(t, "layerKinds")
	kinds := map[string]js.Value{}
	for i := 0; i < v.Length(); i++ {
		kinds[v.Index(i).Get("kind").String()] = v.Index(i)
	}
	for _, k := range []string{"dense", "dropout", "normalization"} {
		d, ok := kinds[k]
		if !ok {
			t.Fatalf("layerKinds has no %q", k)
		}
		if d.Get("className").Type() != js.TypeString || d.Get("fields").Length() < 0 {
			t.Errorf("%s: no className or fields", k)
		}
	}
	units := kinds["dense"].Get("fields").Index(0)
	if units.Get("name").String() != "units" || units.Get("type").String() != "int" || !units.Get("required").Bool() {
		t.Errorf("dense's first field: got %v %v", units.Get("name"), units.Get("type"))
	}
}
