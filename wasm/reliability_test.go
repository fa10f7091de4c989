//go:build js && wasm

package main

import (
	"math"
	"strings"
	"syscall/js"
	"testing"
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
