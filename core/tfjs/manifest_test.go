package tfjs

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// The weight manifest is read with core/internal/jsonlite, which stands in
// for encoding/json (and is tested against it); these tests hold
// specsFromManifest to what encoding/json would read.

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
func specsFromManifestWithEncodingJSON(v any) ([]WeightSpec, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var groups []struct {
		Weights []WeightSpec `json:"weights"`
	}
	if err := json.Unmarshal(b, &groups); err != nil {
		return nil, errors.New("weightsManifest: " + err.Error())
	}
	specs := []WeightSpec{}
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

// FuzzManifest feeds arbitrary JSON to specsFromManifest, which must agree
// with encoding/json. Seeds: the manifests of TestSpecsFromManifest.
func FuzzManifest(f *testing.F) {
	f.Add([]byte(`[{"paths":["a.bin"],"weights":[{"name":"d/kernel","shape":[2,3],"dtype":"float32"}]}]`))
	f.Add([]byte(`[{"Weights":[{"NAME":"a","ſhape":[2],"DType":"float32"}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSpecsFromManifest(t, data)
	})
}
