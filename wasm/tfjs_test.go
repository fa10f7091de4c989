//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"
)

// toTfjs and fromTfjs as gotrain.js drives them: JSON as strings, weights
// as bytes; the TF.js behaviour itself is tested against TF.js in
// build/test/tfjs_interop.test.mjs and core/tfjs_test.go.
func TestTfjsRoundTrip(t *testing.T) {
	id := mustCall(t, "sequential", 3).Int()
	defer call(t, "dispose", id)
	mustCall(t, "add", id, object("kind", "normalization", "inputShape", js.ValueOf([]any{2})))
	mustCall(t, "add", id, object("kind", "dense", "units", 3, "activation", "leakyRelu"))
	mustCall(t, "add", id, object("kind", "dense", "units", 1, "activation", "sigmoid"))
	mustCall(t, "compile", id, object("optimizer", "adam", "loss", "binaryCrossentropy"))

	a := mustCall(t, "toTfjsArtifacts", id)
	topo := a.Get("modelTopology").String()
	if !strings.Contains(topo, `"class_name":"LeakyReLU"`) {
		t.Errorf("topology without LeakyReLU: %s", topo)
	}
	wd := a.Get("weightData")
	if !wd.InstanceOf(js.Global().Get("ArrayBuffer")) || wd.Get("byteLength").Int() != 4*(2*3+3+3+1) {
		t.Fatalf("weightData: %v bytes", wd.Get("byteLength"))
	}
	specs := a.Get("weightSpecs")
	if specs.Length() != 4 || specs.Index(0).Get("name").String() != "dense_1/kernel" || specs.Index(0).Get("dtype").String() != "float32" {
		t.Fatalf("weightSpecs: %v", js.Global().Get("JSON").Call("stringify", specs))
	}
	tc := a.Get("trainingConfig").String()
	if !strings.Contains(tc, `"loss":"binary_crossentropy"`) {
		t.Errorf("trainingConfig %s", tc)
	}

	// Back in, as gotrain.js assembles it: a model.json-like document.
	doc := `{"modelTopology":` + topo + `,"weightsManifest":[{"paths":[],"weights":` +
		js.Global().Get("JSON").Call("stringify", specs).String() + `}],"trainingConfig":` + tc + `}`
	u8 := jsUint8Array.New(wd)
	h := mustCall(t, "loadLayersModel", doc, u8).Int()
	defer call(t, "dispose", h)
	if c := mustCall(t, "getConfig", h); !c.Get("compiled").Bool() || c.Get("layers").Length() != 2 {
		t.Fatalf("reloaded: compiled %v, %d layers", c.Get("compiled"), c.Get("layers").Length())
	}
	x := matrix(2, 2, 1, 2, -3, 0.5)
	p1, p2 := mustCall(t, "predict", id, x).Get("data"), mustCall(t, "predict", h, x).Get("data")
	for i := 0; i < 2; i++ {
		if d := p1.Index(i).Float() - p2.Index(i).Float(); d > 1e-6 || d < -1e-6 {
			t.Errorf("prediction %d: %v vs %v", i, p1.Index(i).Float(), p2.Index(i).Float())
		}
	}

	// Errors name the public call.
	wantError(t, "loadLayersModel: the weight specs describe 52 bytes of weight data but there are 3", "loadLayersModel", doc, jsUint8Array.New(3))
	wantError(t, "loadLayersModel: expected the model JSON as a string", "loadLayersModel", 1, u8)
	wantError(t, "loadLayersModel: the weight data must be a Uint8Array", "loadLayersModel", doc, wd)
	wantError(t, "loadLayersModel: the topology is not valid JSON", "loadLayersModel", "{", u8)
	wantError(t, "save: the model has been disposed", "toTfjsArtifacts", 99999, "save")
	wantError(t, "toTfjsArtifacts: the model has been disposed", "toTfjsArtifacts", 99999)
	u := mustCall(t, "sequential", 1).Int()
	defer call(t, "dispose", u)
	wantError(t, "toTfjsArtifacts: the model has no layers", "toTfjsArtifacts", u)
}
