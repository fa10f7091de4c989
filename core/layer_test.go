package core

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// sampleValue is a valid value of a required setting of type t, for the
// tests that go through every registered kind.
func sampleValue(t FieldType) any {
	switch t {
	case IntField:
		return 3
	case FloatField:
		return 0.25
	case BoolField:
		return true
	case StringField:
		return "x"
	case ActivationField:
		return ReLU
	case InitializerField:
		return HeNormal
	case RegularizerField:
		return Regularizer{L2: 0.01}
	}
	return nil
}

// sampleConfig returns a config of kind k with its required settings set.
func sampleConfig(k *LayerKind) LayerConfig {
	c := LayerConfig{Kind: k.Kind, Values: Values{}}
	for _, f := range k.Fields {
		if f.Default == nil {
			c.Values[f.Name] = sampleValue(f.Type)
		}
	}
	return c
}

// TestLayerKindsDescribeThemselves goes through the registry: every kind
// builds from its description, describes itself, gives back its settings,
// and its output width, parameter shapes and counts are those of the layer
// once built.
func TestLayerKindsDescribeThemselves(t *testing.T) {
	t.Parallel()
	kinds, classes := map[string]bool{}, map[string]bool{}
	for _, k := range LayerKinds() {
		if kinds[k.Kind] || classes[k.ClassName] || k.Kind == "" || k.ClassName == "" {
			t.Errorf("kind %q class %q: empty or listed twice", k.Kind, k.ClassName)
		}
		kinds[k.Kind], classes[k.ClassName] = true, true
		for _, f := range k.Fields {
			if f.Default != nil {
				if err := f.Type.Validate(f.Default); err != nil {
					t.Errorf("%s.%s: default %v: %v", k.Kind, f.Name, f.Default, err)
				}
			}
		}
		t.Run(k.Kind, func(t *testing.T) {
			t.Parallel()
			c := sampleConfig(k)
			c.Name = "l"
			l, err := NewLayer(c)
			if err != nil {
				t.Fatalf("NewLayer(%+v): %v", c, err)
			}
			if l.Describe() != k || l.Kind() != k.Kind || l.Name() != "l" {
				t.Errorf("got kind %q, name %q, description %p; want %q, l, %p", l.Kind(), l.Name(), l.Describe(), k.Kind, k)
			}
			v := l.Values()
			if len(v) != len(k.Fields) {
				t.Errorf("Values() has %d settings, the description %d", len(v), len(k.Fields))
			}
			for _, f := range k.Fields {
				want := c.Values[f.Name]
				if want == nil {
					want = f.Default
				}
				if v[f.Name] != want {
					t.Errorf("%s = %v, want %v", f.Name, v[f.Name], want)
				}
			}
			// ConfigOf gives back what builds the same layer.
			c2 := ConfigOf(l)
			l2, err := NewLayer(c2)
			if err != nil || c2.Name != "l" || c2.Kind != k.Kind {
				t.Fatalf("NewLayer(ConfigOf(l)) = %v, %v (%+v)", l2, err, c2)
			}
			for name, x := range l2.Values() {
				if v[name] != x {
					t.Errorf("copy: %s = %v, want %v", name, x, v[name])
				}
			}

			// Before building: the sizes as far as they are known.
			if t0, f0 := l.CountParams(0); t0 > 0 || f0 > 0 {
				t.Errorf("CountParams(unknown) = %d, %d; want 0 or -1 (unknown)", t0, f0)
			}
			const inputs = 5
			out := l.OutputDimFor(inputs)
			trainable, frozen := l.CountParams(inputs)
			shapes := l.ParamShapes(inputs)
			m := NewSequential(1)
			if err := m.Add(l); err != nil {
				t.Fatal(err)
			}
			if err := m.Build(inputs); err != nil {
				t.Fatal(err)
			}
			if l.InputDim() != inputs || l.OutputDim() != out {
				t.Errorf("built: %d → %d, OutputDimFor said %d", l.InputDim(), l.OutputDim(), out)
			}
			ps := l.Params()
			if len(ps) != len(shapes) {
				t.Fatalf("%d params, ParamShapes said %d", len(ps), len(shapes))
			}
			n := 0
			for i, p := range ps {
				w := weightsOf(p)
				if w.Name != "l/"+shapes[i].Name || !slices.Equal(w.Shape, shapes[i].Shape) {
					t.Errorf("param %d: %s %v, ParamShapes said %s %v", i, w.Name, w.Shape, shapes[i].Name, shapes[i].Shape)
				}
				n += len(w.Data)
			}
			if n != trainable || m.CountParams() != trainable+frozen {
				t.Errorf("%d trainable weights and CountParams %d; the layer said %d + %d", n, m.CountParams(), trainable, frozen)
			}
		})
	}
}

// TestNewLayerErrors: each misuse names the kind and the setting.
func TestNewLayerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		c    LayerConfig
		want string
	}{
		{LayerConfig{Kind: "conv2d"}, "unknown layer kind 'conv2d' (known: dense, dropout, normalization"},
		{LayerConfig{Kind: ""}, "unknown layer kind ''"},
		{LayerConfig{Kind: "dense"}, "dense: units is required"},
		{LayerConfig{Kind: "dropout", Values: Values{}}, "dropout: rate is required"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 0}}, "dense: units must be between 1 and 65536, got 0"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 2.0}}, "dense: units: want a value of the int type"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 2, "activation": "relu"}}, "dense: activation: want a value of the activation type"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 2, "activation": Activation(99)}}, "dense: activation: unknown activation 99"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 2, "kernelInitializer": Initializer(-1)}}, "dense: kernelInitializer: unknown initializer -1"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 2, "kernelRegularizer": Regularizer{L1: -1}}}, "dense: kernelRegularizer: regularizer factors must be between 0 and 1e6"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 2, "bias": true}}, "dense: unknown setting 'bias' (known: units, activation, useBias, kernelInitializer, kernelRegularizer)"},
		{LayerConfig{Kind: "dropout", Values: Values{"rate": math.NaN()}}, "dropout: rate must be in [0, 1), got NaN"},
		{LayerConfig{Kind: "dropout", Values: Values{"rate": 1.0}}, "dropout: rate must be in [0, 1), got 1"},
		{LayerConfig{Kind: "dense", Values: Values{"units": 2.0}}, "dense: units: want a value of the int type"},
		{LayerConfig{Kind: "normalization", InputDim: -1}, "normalization: inputShape must be between 1 and 65536, got -1"},
		{LayerConfig{Kind: "dropout", InputDim: MaxUnits + 1, Values: Values{"rate": 0.5}}, "dropout: inputShape must be between 1 and 65536, got 65537"},
	}
	for _, tt := range tests {
		l, err := NewLayer(tt.c)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewLayer(%+v) = %v, %v; want an error containing %q", tt.c, l, err, tt.want)
		}
		if l != nil {
			t.Errorf("NewLayer(%+v): a layer came back with the error", tt.c)
		}
	}
}

// TestDeclaredInputBuildsAnyKind: a first layer of any kind that declares
// its input width builds the model at once, as in Keras.
func TestDeclaredInputBuildsAnyKind(t *testing.T) {
	t.Parallel()
	for _, k := range LayerKinds() {
		c := sampleConfig(k)
		c.InputDim = 4
		l, err := NewLayer(c)
		if err != nil {
			t.Fatal(err)
		}
		m := NewSequential(1)
		if err := m.Add(l); err != nil {
			t.Fatalf("%s: %v", k.Kind, err)
		}
		if !m.Built() || m.InputDim() != 4 || l.DeclaredInputDim() != 4 {
			t.Errorf("%s: built %v for %d inputs, want built for 4", k.Kind, m.Built(), m.InputDim())
		}
		// A second layer declaring another width is refused.
		c.InputDim = 3
		l2, _ := NewLayer(c)
		if l.OutputDim() != 3 {
			if err := m.Add(l2); err == nil || !strings.Contains(err.Error(), "add: layer 2 declares 3 inputs but the previous layer has") {
				t.Errorf("%s: Add of a layer declaring 3 inputs: %v", k.Kind, err)
			}
		}
	}
}

func TestFieldTypeNames(t *testing.T) {
	t.Parallel()
	want := []string{"int", "float", "bool", "string", "activation", "initializer", "regularizer"}
	for i, name := range want {
		if got := (IntField + FieldType(i)).String(); got != name {
			t.Errorf("FieldType %d = %q, want %q", i+1, got, name)
		}
	}
	if got := FieldType(0).String(); got != "FieldType(0)" {
		t.Errorf("FieldType(0) = %q", got)
	}
}

// TestFieldBounds: a setting's bounds check its values and describe
// themselves for messages.
func TestFieldBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f       Field
		v       any
		want    string // "" for no error
		rangeTx string
	}{
		{Field{Name: "units", Type: IntField, Min: 1, Max: 65536}, 0, "units must be between 1 and 65536, got 0", "between 1 and 65536"},
		{Field{Name: "units", Type: IntField, Min: 1, Max: 65536}, 65536, "", "between 1 and 65536"},
		{Field{Name: "units", Type: IntField, Min: 1, Max: 65536}, 65537, "units must be between 1 and 65536, got 65537", "between 1 and 65536"},
		{Field{Name: "rate", Type: FloatField, Max: 1, MaxOpen: true}, 1.0, "rate must be in [0, 1), got 1", "in [0, 1)"},
		{Field{Name: "rate", Type: FloatField, Max: 1, MaxOpen: true}, 0.0, "", "in [0, 1)"},
		{Field{Name: "rate", Type: FloatField, Max: 1, MaxOpen: true}, math.NaN(), "rate must be in [0, 1), got NaN", "in [0, 1)"},
		{Field{Name: "s", Type: FloatField, Max: math.Inf(1)}, -0.5, "s must be at least 0, got -0.5", "at least 0"},
		{Field{Name: "s", Type: FloatField, Max: math.Inf(1)}, math.Inf(1), "s: +Inf is not a finite number", "at least 0"},
		{Field{Name: "x", Type: FloatField, Min: -1, Max: 2}, 2.5, "x must be between -1 and 2, got 2.5", "between -1 and 2"},
		{Field{Name: "n", Type: IntField}, -5, "", ""},
		{Field{Name: "n", Type: IntField}, 1.5, "n: want a value of the int type", ""},
		{Field{Name: "b", Type: BoolField}, true, "", ""},
	}
	for _, tt := range tests {
		err := tt.f.Check(tt.v)
		if (err == nil) != (tt.want == "") || err != nil && err.Error() != tt.want {
			t.Errorf("%+v.Check(%v) = %v, want %q", tt.f, tt.v, err, tt.want)
		}
		if got := tt.f.RangeText(); got != tt.rangeTx {
			t.Errorf("%+v.RangeText() = %q, want %q", tt.f, got, tt.rangeTx)
		}
	}
}
