//go:build js && wasm

package main

import (
	"testing"

	"github.com/gotrain/gotrain/core"
)

// TestOptimizerFieldsAgreeWithCore checks that the optimizers' descriptions
// (what gotrain.js checks gt.train's settings against) accept exactly the
// values core's NewOptimizer accepts, at and around every bound.
func TestOptimizerFieldsAgreeWithCore(t *testing.T) {
	t.Parallel()
	for _, name := range core.OptimizerNames {
		fields := optimizerFields(name)
		if len(fields) == 0 {
			t.Fatalf("optimizer %s has no description", name)
		}
		for _, f := range fields {
			if f.Type != core.FloatField {
				continue
			}
			for _, v := range []float64{-1, -1e-12, 0, 1e-12, 0.5, 1 - 1e-12, 1, 1 + 1e-12, 2, 1e9} {
				cfg, err := core.DefaultOptimizerConfig(name)
				if err != nil {
					t.Fatal(err)
				}
				*optimizerSetting(&cfg, f.Name) = v
				_, coreErr := core.NewOptimizer(cfg)
				descErr := f.Check(v)
				if (coreErr == nil) != (descErr == nil) {
					t.Errorf("%s %s = %g: core: %v; description: %v", name, f.Name, v, coreErr, descErr)
				}
			}
		}
	}
}

// TestOptimizerSpecWordsBoundsAsDescribed checks the messages gt.train's
// settings get from Go: the description's words, as gotrain.js writes them.
func TestOptimizerSpecWordsBoundsAsDescribed(t *testing.T) {
	t.Parallel()
	cases := []struct {
		spec []any
		want string
	}{
		{[]any{"name", "adam", "learningRate", -1}, "train.adam: learningRate must be at least 0, got -1"},
		{[]any{"name", "adam", "beta2", 1}, "train.adam: beta2 must be in [0, 1), got 1"},
		{[]any{"name", "rmsprop", "rho", 1.5}, "train.rmsprop: rho must be in [0, 1), got 1.5"},
		{[]any{"name", "adagrad", "initialAccumulatorValue", -0.5}, "train.adagrad: initialAccumulatorValue must be at least 0, got -0.5"},
		{[]any{"name", "momentum", "nesterov", 1}, "train.momentum: nesterov must be true or false, got 1"},
	}
	for _, c := range cases {
		wantError(t, c.want, "checkOptimizer", object(c.spec...))
	}
}

// optimizerKinds lists core's optimizers in order, each with its settings
// in gt.train's order, core's defaults and the bounds.
func TestOptimizerKinds(t *testing.T) {
	t.Parallel()
	v := mustCall(t, "optimizerKinds")
	if v.Length() != len(core.OptimizerNames) {
		t.Fatalf("optimizerKinds has %d optimizers, core %d", v.Length(), len(core.OptimizerNames))
	}
	want := map[string]string{
		"sgd": `{"kind":"sgd","fields":[{"name":"learningRate","type":"float","default":0.01,"min":0}]}`,
		"momentum": `{"kind":"momentum","fields":[{"name":"learningRate","type":"float","default":0.01,"min":0},` +
			`{"name":"momentum","type":"float","default":0.9,"min":0,"max":1,"maxExclusive":true},{"name":"nesterov","type":"bool","default":false}]}`,
		"adam": `{"kind":"adam","fields":[{"name":"learningRate","type":"float","default":0.001,"min":0},` +
			`{"name":"beta1","type":"float","default":0.9,"min":0,"max":1,"maxExclusive":true},` +
			`{"name":"beta2","type":"float","default":0.999,"min":0,"max":1,"maxExclusive":true},` +
			`{"name":"epsilon","type":"float","default":1e-7,"min":0}]}`,
	}
	for i, name := range core.OptimizerNames {
		got := jsonOf(v.Index(i))
		if v.Index(i).Get("kind").String() != name {
			t.Errorf("optimizer %d: %s, want %s", i, got, name)
		}
		if w, ok := want[name]; ok && got != w {
			t.Errorf("%s:\n got %s\nwant %s", name, got, w)
		}
	}
}
