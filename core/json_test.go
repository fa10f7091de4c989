package core

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// The model formats write and read JSON with core/internal/jsonlite, which
// stands in for encoding/json (and is tested against it); these tests hold
// what the formats write and the weight manifests they read to
// encoding/json's results.

// checkSpecsFromManifest compares specsFromManifest with the
// json.Marshal-then-Unmarshal it replaces, on data.
func checkSpecsFromManifest(t *testing.T, data []byte) {
	t.Helper()
	v, err := jsonlite.Decode(data)
	if err != nil {
		return
	}
	tree := camelKeys(v)
	gotSpecs, err := specsFromManifest(tree)
	wantSpecs, werr := specsFromManifestWithEncodingJSON(tree)
	if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("%q: specsFromManifest error %v, encoding/json %v", data, err, werr)
	}
	if err == nil && !reflect.DeepEqual(gotSpecs, wantSpecs) {
		t.Fatalf("%q: specsFromManifest = %#v, encoding/json %#v", data, gotSpecs, wantSpecs)
	}
}

// specsFromManifestWithEncodingJSON is specsFromManifest as it was written
// with encoding/json.
func specsFromManifestWithEncodingJSON(v any) ([]TfjsWeightSpec, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var groups []struct {
		Weights []TfjsWeightSpec `json:"weights"`
	}
	if err := json.Unmarshal(b, &groups); err != nil {
		return nil, errors.New("weightsManifest: " + err.Error())
	}
	specs := []TfjsWeightSpec{}
	for _, g := range groups {
		specs = append(specs, g.Weights...)
	}
	return specs, nil
}

// TestSpecsFromManifest covers weight manifests of every shape, good and
// bad, including keys that differ in case and repeat.
func TestSpecsFromManifest(t *testing.T) {
	for _, s := range []string{
		`[{"paths":["a.bin"],"weights":[{"name":"d/kernel","shape":[2,3],"dtype":"float32"},{"name":"d/bias","shape":[3],"dtype":"float32","group":"model"}]}]`,
		`[{"weights":[{"name":"a","shape":[1],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.1,"min":-1}}]},{"weights":[{"name":"b","shape":[],"dtype":"float32","quantization":null}]}]`,
		`null`, `[]`, `[null]`, `[{}]`, `[{"weights":null}]`, `[{"weights":[]}]`, `[{"weights":[null]}]`,
		`{}`, `"x"`, `1`, `true`, `[1]`, `["s"]`, `[[]]`, `[true]`, `[{"weights":{}}]`, `[{"weights":1}]`, `[{"weights":"w"}]`,
		`[{"weights":[1]}]`, `[{"weights":[[]]}]`, `[{"weights":[true]}]`, `[{"weights":["s"]}]`,
		`[{"weights":[{"name":1}]}]`, `[{"weights":[{"name":null}]}]`, `[{"weights":[{"shape":1}]}]`, `[{"weights":[{"shape":null}]}]`,
		`[{"weights":[{"shape":[1.5]}]}]`, `[{"weights":[{"shape":["a"]}]}]`, `[{"weights":[{"shape":[{}]}]}]`, `[{"weights":[{"shape":[[]]}]}]`,
		`[{"weights":[{"shape":[true]}]}]`, `[{"weights":[{"shape":[null,2]}]}]`, `[{"weights":[{"shape":[-0]}]}]`,
		`[{"weights":[{"shape":[1e21]}]}]`, `[{"weights":[{"shape":[1e20]}]}]`, `[{"weights":[{"shape":[9223372036854775807]}]}]`,
		`[{"weights":[{"shape":[-9223372036854775808]}]}]`, `[{"weights":[{"shape":[1e-7]}]}]`,
		`[{"weights":[{"dtype":[]}]}]`, `[{"weights":[{"group":false}]}]`, `[{"weights":[{"name":"a"}]},2]`,
		`[{"Weights":[{"NAME":"a","ſhape":[2],"DType":"float32"}]}]`,
		`[{"Weights":[{"name":"a","dtype":"float32","shape":[1,2,3]}],"weights":[{"name":"b","shape":[4]}]}]`,
		`[{"Weights":[{"name":"a"},{"name":"b","shape":[7,8]}],"weights":[{"shape":[9]}],"weight_s":[null,{"shape":[null]}]}]`,
		`[{"weights":[{"shape":[1,2],"Shape":[3]}]}]`, `[{"weights":[{"shape":[1,2,3],"Shape":[]}]}]`,
		`[{"weights":[{"shape":[5,6],"SHAPE":null,"shape_":[7]}]}]`,
		`[{"weights":[{"quantization":1,"Quantization":"<&>"}]}]`, `[{"weights":[{"name":"a","Name":null}]}]`,
		`[{"weights":[{"name":"\u00e9","unknown":[1,2]}]},{"other":1}]`,
	} {
		checkSpecsFromManifest(t, []byte(s))
	}
}

// TestJSONWriterMatchesEncodingJSON writes every type core writes with
// jsonlite and with encoding/json, which must agree byte for byte.
func TestJSONWriterMatchesEncodingJSON(t *testing.T) {
	one, two := 1, 2
	shape := []int{3, 4}
	floats := []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789, 1e300, 5e-324,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 1.0 / 3, 2.5e-8, 100, 1e6, 12345678901234567890}
	strs := []string{"", "abc", "<script>&amp;</script>", "\"\\/\b\f\n\r\t\x00\x1f\x7f", "\xff", "a\xc3", "é✓😀", "\u2028\u2029", "\ufffd"}
	values := []any{
		tfjsSequentialJSON{},
		tfjsDenseConfig{Units: 3, Activation: "linear", UseBias: true, KernelInitializer: tfjsInitializer(HeNormal),
			BiasInitializer: tfjsObj{"Zeros", tfjsEmpty{}}, KernelRegularizer: &tfjsObj{"L1L2", tfjsL1L2{0.5, 1e-9}},
			BiasRegularizer: &tfjsObj{"L1L2", tfjsL1L2{}}, ActivityRegularizer: &tfjsObj{}, KernelConstraint: &tfjsObj{"X", nil},
			BiasConstraint: &tfjsObj{"Y", map[string]any{"b": 1.0, "a": []any{"<", nil, true}}}, Name: "d", Trainable: true,
			BatchInputShape: []*int{nil, &one, &two}, Dtype: "float32"},
		tfjsDenseConfig{BatchInputShape: []*int{}},
		tfjsDropoutConfig{Rate: 0.25, NoiseShape: &shape, Seed: &two, Name: "x", BatchInputShape: []*int{nil, &one}, Dtype: "float32"},
		tfjsDropoutConfig{NoiseShape: new([]int)},
		tfjsLeakyReLUConfig{LeakyReLUAlpha, "l", true},
		tfjsVarianceScaling{Scale: 2, Mode: "fan_in", Distribution: "normal", Seed: &one},
		tfjsTrainingConfig{Loss: "mean_squared_error", OptimizerConfig: tfjsObj{"SGD", tfjsSGDConfig{0.01}}},
		tfjsTrainingConfig{Metrics: []string{}},
		map[string]any{"z": floats, "y": strs, "x": map[string]any{}, "": nil, "<": []any{}, "é": jsonObj{"b": false, "a": true}},
	}
	for _, s := range strs {
		values = append(values, s, jsonObj{s: s})
	}
	for _, f := range floats {
		values = append(values, f, -f)
	}
	for _, name := range OptimizerNames {
		c, _ := DefaultOptimizerConfig(name)
		values = append(values, tfjsOptimizerConfig(c))
	}
	for _, in := range []Initializer{GlorotUniform, GlorotNormal, HeUniform, HeNormal, Zeros} {
		values = append(values, tfjsInitializer(in))
	}
	values = append(values, tfjsOptimizerConfig(OptimizerConfig{Name: "momentum", Nesterov: true, LearningRate: 0.1, Momentum: 0.5}))
	values = append(values, tfjsOptimizerConfig(OptimizerConfig{Name: "rmsprop", Rho: 0.9, Epsilon: 1e-8}))
	for _, v := range values {
		want, werr := json.Marshal(v)
		var w jsonlite.Writer
		w.Value(v)
		if werr != nil || w.Err != nil || string(w.B) != string(want) {
			t.Errorf("%#v:\n got: %s (%v)\nwant: %s (%v)", v, w.B, w.Err, want, werr)
		}
	}

	// What JSON cannot hold fails with encoding/json's message.
	for _, v := range []any{math.NaN(), math.Inf(1), math.Inf(-1), tfjsDropoutConfig{Rate: math.NaN()},
		tfjsAdamConfig{Beta1: math.Inf(-1)}, []any{1.0, math.Inf(1)}} {
		_, werr := json.Marshal(v)
		_, err := jsonlite.Marshal(v)
		if werr == nil || err == nil || err.Error() != werr.Error() {
			t.Errorf("%#v: error %v, encoding/json %v", v, err, werr)
		}
	}
}

// FuzzManifest feeds arbitrary JSON to specsFromManifest, which must agree
// with encoding/json. Seeds: the manifests of TestSpecsFromManifest.
func FuzzManifest(f *testing.F) {
	f.Add([]byte(`[{"paths":["a.bin"],"weights":[{"name":"d/kernel","shape":[2,3],"dtype":"float32"}]}]`))
	f.Add([]byte(`[{"Weights":[{"NAME":"a","ſhape":[2],"DType":"float32"}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSpecsFromManifest(t, data)
	})
}
