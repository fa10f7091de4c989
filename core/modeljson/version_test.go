package modeljson_test

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/modeljson"
)

// TestVersion1Loads: a file gotrain wrote before version 2 loads, and saves
// as version 2 with the same layers, weights and settings, dropout layers
// gaining their input width.
func TestVersion1Loads(t *testing.T) {
	t.Parallel()
	var v1 bytes.Buffer
	if err := json.Compact(&v1, []byte(serBaseJSON)); err != nil {
		t.Fatal(err)
	}
	m, err := modeljson.Unmarshal(v1.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	got, err := modeljson.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(v1.String(), `"version":1`, `"version":2`, 1)
	want = strings.Replace(want, `"rate":0.5}`, `"rate":0.5,"inputDim":0}`, 1)
	if string(got) != want {
		t.Errorf("version 1 saved again:\n got %s\nwant %s", got, want)
	}

	// Each version's dropout layers have the fields of that version.
	for _, tc := range []struct{ file, want string }{
		{strings.Replace(v1.String(), `"rate":0.5}`, `"rate":0.5,"inputDim":0}`, 1),
			"layer 3 (dropout_1): unknown field 'inputDim' (known: kind, name, rate)"},
		{strings.Replace(want, `"rate":0.5,"inputDim":0}`, `"rate":0.5}`, 1), "layer 3 (dropout_1): missing field 'inputDim'"},
	} {
		if _, err := modeljson.Unmarshal([]byte(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("got %v, want an error containing %q", err, tc.want)
		}
	}
}

// TestMarshalWritesAsEncodingJSON saves models of every kind of layer,
// checks that every token of the file is written as encoding/json writes it
// (the writer is generic over the layers' descriptions, so this covers every
// setting type), and loads them back.
func TestMarshalWritesAsEncodingJSON(t *testing.T) {
	t.Parallel()
	models := map[string]*core.Sequential{"empty": core.NewSequential(3)}
	for _, k := range core.LayerKinds() {
		c := core.LayerConfig{Kind: k.Kind, Values: core.Values{}, InputDim: 3}
		for _, f := range k.Fields {
			if f.Default == nil {
				switch f.Type {
				case core.IntField:
					c.Values[f.Name] = 2
				case core.FloatField:
					c.Values[f.Name] = 0.125
				}
			}
		}
		l, err := core.NewLayer(c)
		if err != nil {
			t.Fatal(err)
		}
		m := core.NewSequential(1<<63 + 1)
		if err := m.Add(l); err != nil {
			t.Fatal(err)
		}
		last, _ := core.NewDense(core.DenseConfig{Units: 2, Activation: core.LeakyReLU, Regularizer: core.Regularizer{L1: 1e-7, L2: 0.5},
			Name: "<&\u2028>", Initializer: core.HeNormal})
		if err := m.Add(last); err != nil {
			t.Fatal(err)
		}
		models[k.Kind] = m
	}
	models["compiled"] = serModel(t, 5, core.MustOptimizerConfig("momentum"), core.BinaryCrossentropy, []string{"accuracy", "f1"},
		serNorm(t, 2), serDense{Units: 3, NoBias: true}, 0.5, serDense{Units: 1, Activation: core.Sigmoid})
	for name, m := range models {
		b, err := modeljson.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if want := reencode(t, b); !bytes.Equal(b, want) {
			t.Errorf("%s:\n got %s\nwant %s", name, b, want)
		}
		serCheckSame(t, serRoundTrip(t, m), m, nil)
	}
}

// reencode writes b's tokens again as encoding/json writes them, keeping
// the order of object keys.
func reencode(t *testing.T, b []byte) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out []byte
	var stack []byte // '{' or '['
	first, key := true, false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			out = append(out, byte(d))
			stack = stack[:len(stack)-1]
			first, key = false, false
			continue
		}
		if len(stack) > 0 {
			switch {
			case stack[len(stack)-1] == '{' && !key && !first:
				out = append(out, ',')
			case stack[len(stack)-1] == '{' && key:
				out = append(out, ':')
			case stack[len(stack)-1] == '[' && !first:
				out = append(out, ',')
			}
		}
		inObject := len(stack) > 0 && stack[len(stack)-1] == '{'
		var enc []byte
		switch v := tok.(type) {
		case json.Delim:
			stack = append(stack, byte(v))
			out = append(out, byte(v))
			first, key = true, false
			continue
		case json.Number:
			if _, err := strconv.ParseUint(string(v), 10, 64); err == nil {
				enc = []byte(v)
			} else if n, err := strconv.ParseInt(string(v), 10, 64); err == nil {
				enc = strconv.AppendInt(nil, n, 10)
			} else {
				f, _ := v.Float64()
				enc, _ = json.Marshal(f)
			}
		default:
			enc, _ = json.Marshal(v)
		}
		out = append(out, enc...)
		first = false
		key = inObject && !key
	}
}
