package tfjs

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// TestOptimizersMatchFixtures reads the optimizer of every TF.js parity
// fixture (core/testdata/tfjs, recorded from TF.js 4.22) and writes it back:
// the config gotrain reads is the string shortcut's defaults where the
// fixture used a shortcut, and what Export writes is what TF.js' getConfig
// wrote.
func TestOptimizersMatchFixtures(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "tfjs", "parity_*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no parity fixtures in core/testdata/tfjs: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var fx struct {
			Shortcut        string          `json:"shortcut"`
			OptimizerConfig json.RawMessage `json:"optimizerConfig"`
		}
		if err := json.Unmarshal(b, &fx); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var oc any
		if err := json.Unmarshal(fx.OptimizerConfig, &oc); err != nil {
			t.Fatal(err)
		}
		cfg, err := optimizerFromTfjs(camelKeys(oc).(jsonObj))
		if err != nil {
			t.Fatalf("%s: optimizerFromTfjs: %v", f, err)
		}
		if fx.Shortcut != "" {
			if sc, _ := core.DefaultOptimizerConfig(fx.Shortcut); sc != cfg {
				t.Errorf("%s: DefaultOptimizerConfig(%q) = %+v, TF.js' shortcut gives %+v", f, fx.Shortcut, sc, cfg)
			}
		}
		if got := optimizerJSON(cfg); !tjJSONEqual(got, fx.OptimizerConfig) {
			t.Errorf("%s: exported optimizer config = %s, TF.js wrote %s", f, got, fx.OptimizerConfig)
		}
	}
}

// sampleModel returns a built model whose first layer is of kind k (its
// required settings set), followed by a Dense layer named last.
func sampleModel(t *testing.T, k *core.LayerKind, last string) *core.Sequential {
	t.Helper()
	c := core.LayerConfig{Kind: k.Kind, Values: core.Values{}, InputDim: 3}
	for _, f := range k.Fields {
		if f.Default != nil {
			continue
		}
		switch f.Type {
		case core.IntField:
			c.Values[f.Name] = 2
		case core.FloatField:
			c.Values[f.Name] = 0.125
		case core.BoolField:
			c.Values[f.Name] = true
		case core.StringField:
			c.Values[f.Name] = "x"
		}
	}
	l, err := core.NewLayer(c)
	if err != nil {
		t.Fatal(err)
	}
	d := thDense(t, core.DenseConfig{Units: 2, Activation: core.LeakyReLU, Regularizer: core.Regularizer{L1: 1e-7, L2: 0.5},
		Name: last, Initializer: core.HeNormal})
	return thModel(t, 1, l, d)
}

// TestEveryKindRoundTrips exports a model with a layer of every kind and
// loads it back: the layers that TF.js has come back with their settings
// (those it has not are folded away), and every token of the topology is
// written as encoding/json writes it.
func TestEveryKindRoundTrips(t *testing.T) {
	t.Parallel()
	for _, k := range core.LayerKinds() {
		m := sampleModel(t, k, "<&\u2028>") // escaped as encoding/json escapes it
		a, err := Export(m)
		if err != nil {
			t.Fatalf("%s: %v", k.Kind, err)
		}
		if want := reencode(t, a.ModelTopology); !bytes.Equal(a.ModelTopology, want) {
			t.Errorf("%s: topology\n got %s\nwant %s", k.Kind, a.ModelTopology, want)
		}
		back, err := ImportArtifacts(a)
		if err != nil {
			t.Fatalf("%s: %v\n%s", k.Kind, err, a.ModelTopology)
		}
		want := m.Layers()
		if importable(k.ClassName) == nil {
			want = want[1:] // folded into the Dense layer
		}
		got := back.Layers()
		if len(got) != len(want) {
			t.Fatalf("%s: %d layers came back, want %d", k.Kind, len(got), len(want))
		}
		for i, l := range want {
			gv, wv := got[i].Values(), l.Values()
			for name, v := range wv {
				if name == "useBias" || name == "kernelInitializer" {
					continue // a fold adds a bias; the initializer is TF.js'
				}
				if gv[name] != v {
					t.Errorf("%s: layer %d: %s = %v, want %v", k.Kind, i, name, gv[name], v)
				}
			}
			if got[i].Kind() != l.Kind() || got[i].Name() != l.Name() {
				t.Errorf("%s: layer %d is %s %q, want %s %q", k.Kind, i, got[i].Kind(), got[i].Name(), l.Kind(), l.Name())
			}
		}
	}
}

// reencode writes b's tokens again as encoding/json writes them, keeping
// the order of object keys.
func reencode(t *testing.T, b []byte) []byte {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out, stack []byte
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
			top := stack[len(stack)-1]
			switch {
			case top == '{' && key:
				out = append(out, ':')
			case !first:
				out = append(out, ',')
			}
		}
		inObject := len(stack) > 0 && stack[len(stack)-1] == '{'
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, byte(d))
			out = append(out, byte(d))
			first, key = true, false
			continue
		}
		var enc []byte
		if n, ok := tok.(json.Number); ok {
			if _, err := strconv.ParseInt(string(n), 10, 64); err == nil {
				enc = []byte(n)
			} else {
				f, _ := n.Float64()
				enc, _ = json.Marshal(f)
			}
		} else {
			enc, _ = json.Marshal(tok)
		}
		out = append(out, enc...)
		first = false
		key = inObject && !key
	}
}
