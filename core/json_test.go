package core

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// json.go replaces encoding/json in core; these tests hold it to
// encoding/json's results, byte for byte and word for word.

// jsonSamples are inputs for the differential tests and the seeds of
// FuzzJSON (testdata/fuzz/FuzzJSON has more).
var jsonSamples = []string{
	``, ` `, `null`, `true`, `false`, `0`, `-0`, `1`, `-1`, `12.5e3`, `1E+2`, `1e-400`, `1e400`, `-1e400`,
	`9223372036854775807`, `9223372036854775808`, `-9223372036854775808`, `18446744073709551615`, `18446744073709551616`,
	`0.1`, `1.0`, `5e-324`, `1.7976931348623157e308`, `123456789012345678901234567890`,
	`""`, `"abc"`, `"\u00e9\n\t\"\\\/"`, `"\ud83d\ude00"`, `"\ud83d"`, `"\ud83dx"`, `"\ude00\ud83d"`, `"\ud83d\u0041"`,
	"\"\xff\xfe\"", "\"a\xc3\"", `"<&>"`, "\"\u2028\u2029\"", `"\u0000\u001f"`,
	`[]`, `[ ]`, `[1,2,3]`, `[1, [2, [3, {}]]]`, `{}`, `{ }`, `{"a":1}`, `{"a":1,"a":2}`, `{"a":{"b":[null,true]}}`,
	`{"b":1,"a":2,"A":3}`, ` {"x" : [ 1 , "y" ] } `, `{"":""}`, `{"\u0061":1,"a":2}`,
	// Invalid, one of each of the scanner's errors.
	`x`, `[1,]`, `[1 2]`, `{"a" 1}`, `{"a":1 "b":2}`, `{1:2}`, `{"a":1,}`, `"abc`, "\"a\x01\"", `"\x"`, `"\u12g4"`,
	`-`, `-a`, `01`, `1.`, `1.e3`, `1e`, `1e+`, `tru`, `trux`, `fals`, `falsx`, `nul`, `nulx`, `nx`, `tx`, `fx`,
	`[`, `{`, `{"a"`, `{"a":`, `[1`, `1 2`, `{} x`, `[]]`, `]`, `}`, `'a'`, "\xef\xbb\xbf{}", `{"a":1}}`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
	strings.Repeat(`{"a":`, 3000) + "1" + strings.Repeat("}", 3000),
}

// checkJSONAgainstEncodingJSON compares every json.go reader with
// encoding/json on data.
func checkJSONAgainstEncodingJSON(t *testing.T, data []byte) {
	t.Helper()
	// Validity and the syntax error.
	got := jsonCheck(data)
	var raw json.RawMessage
	werr := json.Unmarshal(data, &raw)
	var se *json.SyntaxError
	switch {
	case json.Valid(data) != (got == nil):
		t.Fatalf("%q: jsonCheck = %v, json.Valid = %v", data, got, json.Valid(data))
	case got != nil && (!errors.As(werr, &se) || se.Error() != got.Error() || se.Offset != got.Offset):
		t.Fatalf("%q: jsonCheck = %q at %d, encoding/json %v", data, got, got.Offset, werr)
	}

	// The generic decoding.
	var want any
	werr = json.Unmarshal(data, &want)
	v, err := jsonDecode(data)
	if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("%q: jsonDecode error %v, encoding/json %v", data, err, werr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(v, want) {
		t.Fatalf("%q: jsonDecode = %#v, encoding/json %#v", data, v, want)
	}

	// Writing what was read: the bytes of json.Marshal, and a round trip.
	wb, werr := json.Marshal(want)
	b, err := jsonMarshal(v)
	if werr != nil || err != nil || !bytes.Equal(b, wb) {
		t.Fatalf("%q: jsonMarshal = %s (%v), json.Marshal %s (%v)", data, b, err, wb, werr)
	}
	back, err := jsonDecode(b)
	if err != nil || !reflect.DeepEqual(back, v) {
		t.Fatalf("%q: round trip through %s gives %#v (%v)", data, b, back, err)
	}

	// The spans serialize.go reads.
	var fields map[string]json.RawMessage
	ferr := json.Unmarshal(data, &fields)
	gotFields, ok := jsonObjectFields(data)
	if ok != (ferr == nil && fields != nil) {
		t.Fatalf("%q: jsonObjectFields ok = %v, encoding/json %v %v", data, ok, fields, ferr)
	}
	if ok {
		if len(gotFields) != len(fields) {
			t.Fatalf("%q: %d fields, encoding/json %d", data, len(gotFields), len(fields))
		}
		for k, f := range fields {
			if string(gotFields[k]) != string(f) {
				t.Fatalf("%q: field %q = %s, encoding/json %s", data, k, gotFields[k], f)
			}
		}
	}
	var items []json.RawMessage
	ierr := json.Unmarshal(data, &items)
	gotItems, ok := jsonArrayItems(data)
	if ok != (ierr == nil && items != nil) {
		t.Fatalf("%q: jsonArrayItems ok = %v, encoding/json %v %v", data, ok, items, ierr)
	}
	for i := range gotItems {
		if string(gotItems[i]) != string(items[i]) {
			t.Fatalf("%q: item %d = %s, encoding/json %s", data, i, gotItems[i], items[i])
		}
	}
	if end := jsonValueEnd(data, 0); string(bytes.TrimSpace(data[:end])) != string(bytes.TrimSpace(data)) {
		t.Fatalf("%q: jsonValueEnd = %d", data, end)
	}

	// Scalars: the same value, and an error exactly where encoding/json
	// fails.
	for _, pair := range [][2]any{
		{new(int), new(int)}, {new(uint64), new(uint64)}, {new(float64), new(float64)},
		{new(bool), new(bool)}, {new(string), new(string)},
	} {
		werr := json.Unmarshal(data, pair[0])
		err := jsonDecodeScalar(data, pair[1])
		if (err == nil) != (werr == nil) {
			t.Fatalf("%q into %T: jsonDecodeScalar error %v, encoding/json %v", data, pair[0], err, werr)
		}
		if err == nil && !reflect.DeepEqual(pair[0], pair[1]) {
			t.Fatalf("%q into %T: jsonDecodeScalar %v, encoding/json %v", data, pair[0], reflect.ValueOf(pair[1]).Elem(), reflect.ValueOf(pair[0]).Elem())
		}
	}

	// specsFromManifest, as the json.Marshal-then-Unmarshal it replaces.
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

func TestJSONMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonSamples {
		checkJSONAgainstEncodingJSON(t, []byte(s))
	}
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
		checkJSONAgainstEncodingJSON(t, []byte(s))
	}
}

// TestJSONWriterMatchesEncodingJSON writes every type core writes with
// json.go and with encoding/json, which must agree byte for byte.
func TestJSONWriterMatchesEncodingJSON(t *testing.T) {
	one, two := 1, 2
	shape := []int{3, 4}
	floats := []float64{0, math.Copysign(0, -1), 1, -1.5, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 123456789, 1e300, 5e-324,
		math.MaxFloat64, math.SmallestNonzeroFloat64, 1.0 / 3, 2.5e-8, 100, 1e6, 12345678901234567890}
	strs := []string{"", "abc", "<script>&amp;</script>", "\"\\/\b\f\n\r\t\x00\x1f\x7f", "\xff", "a\xc3", "é✓😀", "\u2028\u2029", "\ufffd"}
	values := []any{
		modelFile{Format: ModelFormat, Version: 1, Seed: math.MaxUint64, InputDim: 3,
			Layers: []any{
				denseFile{Kind: "dense", Name: "<d>", Units: 2, Activation: "relu", UseBias: true, KernelInitializer: "glorotUniform",
					KernelRegularizer: &regularizerFile{L1: 0.01, L2: 1e-7}, InputDim: 3},
				denseFile{Kind: "dense", Name: "d2"},
				dropoutFile{Kind: "dropout", Name: "drop", Rate: 0.5},
				normalizationFile{Kind: "normalization", Name: "n", InputDim: 2, Adapted: true, Mean: floats, Variance: []float64{}},
				normalizationFile{Kind: "normalization", Name: "n2"},
			},
			Weights: []weightsFile{{Name: "d/kernel", Shape: shape, Data: floats}, {Name: "e"}},
			Compile: &compileFile{Loss: "mse", Optimizer: OptimizerConfig{Name: "adam", LearningRate: 1e-3, Momentum: 0.9, Nesterov: true,
				Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-7, Rho: 0.9, InitialAccumulator: 0.1}, Metrics: strs}},
		modelFile{},
		modelFile{Layers: []any{}, Weights: []weightsFile{}, Compile: &compileFile{}},
		OptimizerConfig{Name: "sgd", LearningRate: math.Copysign(0, -1), Momentum: math.Copysign(0, -1)},
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
		values = append(values, c, tfjsOptimizerConfig(c))
	}
	for _, in := range []Initializer{GlorotUniform, GlorotNormal, HeUniform, HeNormal, Zeros} {
		values = append(values, tfjsInitializer(in))
	}
	values = append(values, tfjsOptimizerConfig(OptimizerConfig{Name: "momentum", Nesterov: true, LearningRate: 0.1, Momentum: 0.5}))
	values = append(values, tfjsOptimizerConfig(OptimizerConfig{Name: "rmsprop", Rho: 0.9, Epsilon: 1e-8}))
	for _, v := range values {
		want, werr := json.Marshal(v)
		var w jsonWriter
		switch v := v.(type) {
		case modelFile:
			v.appendJSON(&w)
		case *compileFile:
			v.appendJSON(&w)
		default:
			w.value(v)
		}
		if werr != nil || w.err != nil || string(w.b) != string(want) {
			t.Errorf("%#v:\n got: %s (%v)\nwant: %s (%v)", v, w.b, w.err, want, werr)
		}
	}

	// What JSON cannot hold fails with encoding/json's message.
	for _, v := range []any{math.NaN(), math.Inf(1), math.Inf(-1), dropoutFile{Rate: math.NaN()},
		OptimizerConfig{Name: "adam", Beta1: math.Inf(-1)}, []any{1.0, math.Inf(1)}} {
		_, werr := json.Marshal(v)
		_, err := jsonMarshal(v)
		if werr == nil || err == nil || err.Error() != werr.Error() {
			t.Errorf("%#v: error %v, encoding/json %v", v, err, werr)
		}
	}
}

// TestModelFileJSONMatchesEncodingJSON saves models of every kind with
// MarshalJSON and checks the bytes against encoding/json's for the same
// modelFile.
func TestModelFileJSONMatchesEncodingJSON(t *testing.T) {
	models := tjModels(t)
	models["empty"] = NewSequential(3)
	for name, m := range models {
		for _, compiled := range []bool{false, true} {
			if compiled {
				thCompile(t, m, BinaryCrossentropy, "momentum", "accuracy", "f1")
			}
			got, err := m.MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			f, err := m.modelFile()
			if err != nil {
				t.Fatal(err)
			}
			want, err := json.Marshal(f)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s (compiled %v):\n got: %s\nwant: %s", name, compiled, got, want)
			}
		}
	}
}

// FuzzJSON feeds arbitrary bytes to json.go's readers and writer, which
// must not panic and must agree with encoding/json: the same validity and
// syntax error, the same decoded value, json.Marshal's bytes when written
// back, a decoding of those bytes equal to the first, and the same spans,
// scalars and weight specs. Seeds: jsonSamples and testdata/fuzz/FuzzJSON.
func FuzzJSON(f *testing.F) {
	for _, s := range jsonSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkJSONAgainstEncodingJSON(t, data)
	})
}
