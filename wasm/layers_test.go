//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"
	"testing"

	"github.com/gotrain/gotrain/core"
)

func jsonOf(v js.Value) string { return js.Global().Get("JSON").Call("stringify", v).String() }

// layerKinds is core's registry, in its order, and for the kinds gotrain.js
// was written against what was written out by hand before the layers
// described themselves, with each number's bounds and each name field's
// names, which gotrain.js checks settings against.
func TestLayerKindsFromRegistry(t *testing.T) {
	v := mustCall(t, "layerKinds")
	kinds := core.LayerKinds()
	if v.Length() != len(kinds) {
		t.Fatalf("layerKinds has %d kinds, the registry %d", v.Length(), len(kinds))
	}
	for i, k := range kinds {
		if got := v.Index(i).Get("kind").String(); got != k.Kind {
			t.Errorf("kind %d is %q, want %q", i, got, k.Kind)
		}
	}
	want := []string{
		`{"kind":"dense","className":"Dense","fields":[{"name":"units","type":"int","required":true,"min":1,"max":65536},` +
			`{"name":"activation","type":"activation","default":"linear","values":["linear","relu","leakyRelu","elu","sigmoid","tanh","softmax","softplus"]},` +
			`{"name":"useBias","type":"bool","default":true},` +
			`{"name":"kernelInitializer","type":"initializer","default":"glorotUniform","values":["glorotUniform","glorotNormal","heUniform","heNormal","zeros"]},` +
			`{"name":"kernelRegularizer","type":"regularizer","default":null}]}`,
		`{"kind":"dropout","className":"Dropout","fields":[{"name":"rate","type":"float","required":true,"min":0,"max":1,"maxExclusive":true}]}`,
		`{"kind":"normalization","className":"Normalization","fields":[]}`,
		`{"kind":"gaussianNoise","className":"GaussianNoise","fields":[{"name":"stddev","type":"float","required":true,"min":0}]}`,
	}
	for i, w := range want {
		if got := jsonOf(v.Index(i)); got != w {
			t.Errorf("kind %d:\n got %s\nwant %s", i, got, w)
		}
	}
}

// Every kind is added from a spec read by its field table, takes name,
// inputShape and inputDim, and comes back in getConfig with its settings.
func TestAddAnyKind(t *testing.T) {
	for _, k := range core.LayerKinds() {
		t.Run(k.Kind, func(t *testing.T) {
			id := mustCall(t, "sequential", 1).Int()
			defer call(t, "dispose", id)
			spec := object("kind", k.Kind, "name", "first", "inputShape", js.ValueOf([]any{3}))
			for _, f := range k.Fields {
				if f.Default == nil {
					spec.Set(f.Name, map[core.FieldType]any{core.IntField: 2, core.FloatField: 0.25}[f.Type])
				}
			}
			mustCall(t, "add", id, spec)
			cfg := mustCall(t, "getConfig", id)
			if !cfg.Get("built").Bool() || cfg.Get("inputDim").Int() != 3 {
				t.Errorf("a first %s layer with inputShape [3]: built %v for %v inputs", k.Kind, cfg.Get("built"), cfg.Get("inputDim"))
			}
			l := cfg.Get("layers").Index(0)
			if l.Get("name").String() != "first" || l.Get("kind").String() != k.Kind || l.Get("inputDim").Int() != 3 {
				t.Errorf("layer: %s", jsonOf(l))
			}
			for _, f := range k.Fields {
				if l.Get(f.Name).IsUndefined() {
					t.Errorf("getConfig has no %s: %s", f.Name, jsonOf(l))
				}
			}
			// The same spec with inputDim.
			spec.Set("name", "second")
			spec.Delete("inputShape")
			spec.Set("inputDim", 4)
			wantError(t, "add: layer 2 declares 4 inputs but the previous layer has", "add", id, spec)
		})
	}
}

// getConfig's layer entries keep the keys gotrain.js reads.
func TestGetConfigLayers(t *testing.T) {
	id := mustCall(t, "sequential", 1).Int()
	defer call(t, "dispose", id)
	mustCall(t, "add", id, object("kind", "normalization", "inputShape", js.ValueOf([]any{2})), matrix(2, 2, 1, 2, 3, 6))
	mustCall(t, "add", id, object("kind", "dense", "units", 3, "activation", "relu", "kernelRegularizer", "l2", "useBias", false))
	mustCall(t, "add", id, object("kind", "dropout", "rate", 0.5))
	ls := mustCall(t, "getConfig", id).Get("layers")
	got := []string{jsonOf(ls.Index(0)), jsonOf(ls.Index(1)), jsonOf(ls.Index(2))}
	want := []string{
		`{"name":"normalization_1","kind":"normalization","inputDim":2,"outputDim":2,"adapted":true,` +
			`"mean":{"0":2,"1":4},"variance":{"0":1,"1":4},"params":5}`,
		`{"name":"dense_1","kind":"dense","inputDim":2,"outputDim":3,"units":3,"activation":"relu","useBias":false,` +
			`"kernelInitializer":"glorotUniform","kernelRegularizer":{"l1":0,"l2":0.01},"params":6}`,
		`{"name":"dropout_1","kind":"dropout","inputDim":3,"outputDim":3,"rate":0.5,"params":0}`,
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("layer %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	// Errors name the call and the setting.
	for _, c := range []struct {
		want string
		spec js.Value
	}{
		{"dense: units is required", object("kind", "dense")},
		{"dense: units must be between 1 and 65536, got 0", object("kind", "dense", "units", 0)},
		{"dense: units must be an integer, got 'x'", object("kind", "dense", "units", "x")},
		{"dense: unknown activation 'swish'", object("kind", "dense", "units", 1, "activation", "swish")},
		{"dense: useBias must be true or false", object("kind", "dense", "units", 1, "useBias", 1)},
		{"dense: unknown regularizer 'l3'", object("kind", "dense", "units", 1, "kernelRegularizer", "l3")},
		{"dense: kernelRegularizer: l1 must be a number", object("kind", "dense", "units", 1, "kernelRegularizer", object("l1", "x"))},
		{"dropout: rate must be in [0, 1), got 1", object("kind", "dropout", "rate", 1)},
		{"dropout: rate is required", object("kind", "dropout")},
		{"dropout: inputShape must be [features]", object("kind", "dropout", "rate", 0.1, "inputShape", js.ValueOf([]any{0}))},
		{"add: unknown layer kind 'conv2d' (known: dense, dropout, normalization", object("kind", "conv2d")},
	} {
		wantError(t, c.want, "checkLayer", c.spec)
	}
	wantError(t, "add: only normalization layers adapt, not dropout", "add", id, object("kind", "dropout", "rate", 0.1), matrix(1, 3, 1, 2, 3))
	wantError(t, "adapt: layer dense_1 is not a normalization layer", "adapt", id, 1, matrix(1, 2, 1, 2))
	if msg := strings.TrimSpace(mustCall(t, "summary", id).String()); !strings.Contains(msg, "dense_1 (Dense)") {
		t.Errorf("summary: %s", msg)
	}
}
