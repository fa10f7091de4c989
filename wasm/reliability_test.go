//go:build js && wasm

package main

import (
	"math"
	"runtime"
	"strconv"
	"strings"
	"syscall/js"
	"testing"
	"time"
)

// TestFitNonFiniteLoss: the red team's train.adam(0.01, 0.9, 0.999, 0)
// made NaN weights after a zero gradient and fit resolved with loss
// [0.69, NaN, NaN]; now fitRun reports the batch, the weights stay finite,
// and terminateOnNaN: false trains on.
func TestFitNonFiniteLoss(t *testing.T) {
	newModel := func() int {
		id := mustCall(t, "sequential", 3).Int()
		mustCall(t, "add", id, object("kind", "dense", "units", 4, "activation", "relu", "inputShape", js.ValueOf([]any{2})))
		mustCall(t, "add", id, object("kind", "dense", "units", 1, "activation", "sigmoid"))
		mustCall(t, "compile", id, object("loss", "binaryCrossentropy",
			"optimizer", object("name", "adam", "learningRate", 0.01, "beta1", 0.9, "beta2", 0.999, "epsilon", 0)))
		return id
	}
	// The first column is zero: its kernel row's gradient is zero.
	x := matrix(4, 2, 0, 1, 0, 2, 0, -1, 0, -2)
	y := matrix(4, 1, 0, 1, 0, 1)

	id := newModel()
	mustCall(t, "fitStart", id, x, y, object("epochs", 3, "batchSize", 2, "shuffle", false), js.Undefined())
	_, msg := call(t, "fitRun", id, 0, "never")
	if !strings.Contains(msg, "fit: the loss is NaN at epoch 0, batch 1") {
		t.Fatalf("fitRun: got %q, want the NaN loss named with its epoch and batch", msg)
	}
	ws := mustCall(t, "getWeights", id)
	for i := 0; i < ws.Length(); i++ {
		d := ws.Index(i).Get("data")
		for j := 0; j < d.Length(); j++ {
			if v := d.Index(j).Float(); math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("%s[%d] = %v after the stop, want finite weights", ws.Index(i).Get("name"), j, v)
			}
		}
	}
	mustCall(t, "fitStart", id, x, y, object("epochs", 1), js.Undefined()) // idle again
	mustCall(t, "fitRun", id, 0, "never")
	wantError(t, "fit: terminateOnNaN must be true or false", "fitStart", id, x, y, object("terminateOnNaN", "no"), js.Undefined())
	mustCall(t, "dispose", id)

	id = newModel()
	mustCall(t, "fitStart", id, x, y, object("epochs", 3, "batchSize", 2, "shuffle", false, "terminateOnNaN", false), js.Undefined())
	r := mustCall(t, "fitRun", id, 0, "never")
	loss := r.Get("history").Get("history").Get("loss")
	if loss.Length() != 3 || !math.IsNaN(loss.Index(2).Float()) {
		t.Errorf("terminateOnNaN: false: loss history %v, want 3 epochs ending in NaN", js.Global().Get("JSON").Call("stringify", loss))
	}
	mustCall(t, "dispose", id)
}

// TestStopTrainingBeforeFirstSlice: stopTraining between fitStart and the
// first fitRun is not lost (Run cleared it).
func TestStopTrainingBeforeFirstSlice(t *testing.T) {
	id := newXORModel(t)
	x, y := xor()
	mustCall(t, "fitStart", id, x, y, object("epochs", 5, "batchSize", 1), js.Undefined())
	mustCall(t, "stopTraining", id, true)
	r := mustCall(t, "fitRun", id, 0, "never")
	if !r.Get("done").Bool() || r.Get("history").Get("epoch").Length() != 0 {
		t.Fatalf("fitRun after a stop: done %v, %d epochs; want done with none", r.Get("done"), r.Get("history").Get("epoch").Length())
	}
	if mustCall(t, "stopTraining", id).Bool() {
		t.Error("stopTraining after the fit: still set, want cleared for the next fit")
	}
	mustCall(t, "dispose", id)
}

// TestHostileTfjsFiles: the red team's hostile TF.js artifacts, under the
// 64 MB cap, are refused before their junk is decoded or copied: the Go
// heap grows by at most one copy of the JSON (plus 1 MB), and the weight
// buffer is not copied in when the specs do not account for it (300 MB
// were copied before their size was compared).
func TestHostileTfjsFiles(t *testing.T) {
	const mb = 1 << 20
	model := func(layers, weights string) string {
		if layers == "" {
			layers = `{"class_name":"Dense","config":{"name":"d1","units":1,"batch_input_shape":[null,2]}}`
		}
		return `{"modelTopology":{"class_name":"Sequential","config":{"layers":[` + layers + `]}},"weightsManifest":[{"paths":["w"],"weights":[` + weights + `]}]}`
	}
	specs := `{"name":"d1/kernel","shape":[2,1],"dtype":"float32"},{"name":"d1/bias","shape":[1],"dtype":"float32"}`
	tests := []struct {
		name      string
		json      string
		dataBytes int
		want      string
	}{
		{"1M one-element weight specs", model("", strings.TrimSuffix(strings.Repeat(`{"name":"x","shape":[1],"dtype":"float32"},`, 1_000_000), ",")), 4, "more than 250000 values"},
		{"100k Dropout layers", model(strings.TrimSuffix(strings.Repeat(`{"class_name":"Dropout","config":{"rate":0.1}},`, 100_000), ","), specs), 12, "more than 250000 values"},
		{"a 50 MB layer name", model(`{"class_name":"Dense","config":{"name":"`+strings.Repeat("n", 50*mb)+`","units":1,"batch_input_shape":[null,2]}}`, specs), 12, "a string longer than 65536 bytes"},
		{"a 300 MB weight buffer", model("", specs), 300 * mb, "the weight specs describe 12 bytes of weight data but there are 314572800"},
		{"JSON over 64 MB", strings.Repeat(" ", 65*mb), 0, "the model JSON has 68157440 bytes, more than the limit of 67108864"},
	}
	for _, tc := range tests {
		jsJSON, data := js.ValueOf(tc.json), jsUint8Array.New(tc.dataBytes)
		size := len(tc.json)
		tc.json = "" // only JavaScript holds it now
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		_, msg := call(t, "loadLayersModel", jsJSON, data)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		grew := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s (%d bytes of JSON, %d of weights): refused in %v, Go heap +%d bytes", tc.name, size, tc.dataBytes, took, grew)
		if !strings.Contains(msg, "loadLayersModel: ") || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: got %q, want an error containing %q", tc.name, msg, tc.want)
		}
		if limit := uint64(min(size, 64*mb) + mb); grew > limit {
			t.Errorf("%s: the Go heap grew by %d bytes, want at most %d (one copy of the JSON)", tc.name, grew, limit)
		}
		if tc.dataBytes > 64 || size > 64*mb {
			continue // refused by the weights or by the size alone
		}
		// checkModelJSON, which gotrain.js asks before parsing a model.json
		// it read: the same refusal for one reused 192 KB buffer.
		runtime.GC()
		runtime.ReadMemStats(&before)
		got := mustCall(t, "checkModelJSON", jsJSON)
		runtime.ReadMemStats(&after)
		grew = after.TotalAlloc - before.TotalAlloc
		if got.Type() != js.TypeString || !strings.HasPrefix(got.String(), "holds "+tc.want) {
			t.Errorf("checkModelJSON(%s): got %v, want \"holds %s…\"", tc.name, got, tc.want)
		}
		if grew > mb {
			t.Errorf("checkModelJSON(%s): the Go heap grew by %d bytes, want at most 1 MB", tc.name, grew)
		}
	}
	if got := mustCall(t, "checkModelJSON", model("", specs)); !got.IsNull() {
		t.Errorf("checkModelJSON(a good model.json): got %v, want null", got)
	}
	// Non-ASCII text with a surrogate pair across a slice's end
	// (UTF-16 unit 2²⁰): the byte offsets stay those of the UTF-8 text.
	var b strings.Builder
	b.WriteString(`["`)
	units, target := 2, 16<<16-1 // the pair's high half is the 16th slice's last unit
	for units+20003 < target {
		b.WriteString(strings.Repeat("é", 20000) + `","`)
		units += 20003
	}
	b.WriteString(strings.Repeat("é", target-units) + "😀" + `","` + strings.Repeat("n", 70000) + `"]`)
	doc := b.String()
	quote := strings.LastIndex(doc, `","`) + 2
	want := "holds a string longer than 65536 bytes (at byte " + strconv.Itoa(quote+65537) + ")"
	if got := mustCall(t, "checkModelJSON", doc); got.IsNull() || !strings.HasPrefix(got.String(), want) {
		t.Errorf("checkModelJSON(non-ASCII, a pair across slices): got %v, want %q", got, want)
	}
	if got := mustCall(t, "checkModelJSON", doc[:quote-2]+`"]`); !got.IsNull() {
		t.Errorf("checkModelJSON(non-ASCII, a pair across slices, no long string): got %v, want null", got)
	}
	wantError(t, "checkModelJSON: expected the model.json text as a string, got 1", "checkModelJSON", 1)
}
