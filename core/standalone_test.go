package core

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
)

// payloads matches the module's base64 strings: the weights and statistics.
var payloads = regexp.MustCompile(`decode\("([A-Za-z0-9+/=]*)", (\d)\)`)

// standaloneCodeSize is the module's size without its base64 payloads.
func standaloneCodeSize(src string) int { return len(payloads.ReplaceAllString(src, `decode("", $2)`)) }

// decodePayloads returns the weights and the statistics a module embeds.
func decodePayloads(t *testing.T, src string) (w, s []float64) {
	t.Helper()
	m := payloads.FindAllStringSubmatch(src, -1)
	if len(m) != 2 {
		t.Fatalf("want 2 payloads, got %d", len(m))
	}
	var out [2][]float64
	for i, p := range m {
		b, err := base64.StdEncoding.DecodeString(p[1])
		if err != nil {
			t.Fatalf("payload %d: %v", i, err)
		}
		size := int(p[2][0] - '0')
		for k := 0; k+size <= len(b); k += size {
			if size == 8 {
				out[i] = append(out[i], math.Float64frombits(binary.LittleEndian.Uint64(b[k:])))
			} else {
				out[i] = append(out[i], float64(math.Float32frombits(binary.LittleEndian.Uint32(b[k:]))))
			}
		}
	}
	return out[0], out[1]
}

// standaloneModel is Normalization → Dense(8, act) → Dropout →
// GaussianNoise → Dense(out, last), built for 3 inputs with column 1
// constant.
func standaloneModel(t *testing.T, act, last Activation, out int) *Sequential {
	t.Helper()
	norm, err := NewNormalization(3)
	if err != nil {
		t.Fatal(err)
	}
	noise, err := NewGaussianNoise(0.1)
	if err != nil {
		t.Fatal(err)
	}
	m := thModel(t, 7, norm, thDense(t, DenseConfig{Units: 8, Activation: act}), thDropout(t, 0.2), noise,
		thDense(t, DenseConfig{Units: out, Activation: last, NoBias: out == 2}))
	x := thRandMat(thRNG(3), 20, 3, 5)
	for i := 0; i < 20; i++ {
		x.Set(i, 1, 4)
	}
	if err := norm.Adapt(x); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestStandalone(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		act     Activation
		last    Activation
		out     int
		cfg     StandaloneConfig
		wantErr string
	}{
		{name: "binary", act: ReLU, last: Sigmoid, out: 1, cfg: StandaloneConfig{ClassNames: []string{"no", "yes"}}},
		{name: "multi-class float32", act: Tanh, last: Softmax, out: 3, cfg: StandaloneConfig{DType: Float32, ClassNames: []string{"a", "b", "c"}}},
		{name: "regression", act: ELU, last: Linear, out: 2},
		{name: "softplus leaky", act: Softplus, last: LeakyReLU, out: 1},
		{name: "class names count", act: ReLU, last: Softmax, out: 3, cfg: StandaloneConfig{ClassNames: []string{"a", "b"}},
			wantErr: "standalone: 2 class names for 3 outputs; want 3"},
		{name: "binary names count", act: ReLU, last: Sigmoid, out: 1, cfg: StandaloneConfig{ClassNames: []string{"a"}},
			wantErr: "standalone: 1 class names for 1 outputs; want 2 (for 0 and 1)"},
		{name: "dtype", act: ReLU, last: Sigmoid, out: 1, cfg: StandaloneConfig{DType: 7}, wantErr: "standalone: unknown dtype 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := standaloneModel(t, tt.act, tt.last, tt.out)
			src, err := Standalone(m, tt.cfg)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// The weights round-trip exactly (float32: as rounded).
			var want []float64
			for _, w := range m.GetWeights() {
				for _, v := range w.Data {
					if tt.cfg.DType == Float32 {
						v = float64(float32(v))
					}
					want = append(want, v)
				}
			}
			norm := m.Layers()[0].(*Normalization)
			gotW, gotS := decodePayloads(t, src)
			if !bitsEqual(gotW, want) {
				t.Errorf("weights do not round-trip: got %d values, want %d", len(gotW), len(want))
			}
			if wantS := append(norm.Mean(), norm.InvStd()...); !bitsEqual(gotS, wantS) {
				t.Errorf("statistics = %v, want %v", gotS, wantS)
			}
			for _, s := range []string{`export const dtype = "` + tt.cfg.DType.String() + `", inputDim = 3, outputDim = `,
				`{name:"normalization_1",kind:"normalization",inputs:3,stats:0}`, `activation:"` + tt.last.String() + `"`} {
				if !strings.Contains(src, s) {
					t.Errorf("module lacks %q", s)
				}
			}
			if strings.Contains(src, "dropout") || strings.Contains(src, "gaussianNoise") {
				t.Error("the module has a step for Dropout or GaussianNoise, the identity when predicting")
			}
			if n := standaloneCodeSize(src); n > 3072 {
				t.Errorf("code without the weights is %d bytes, want ≤ 3072", n)
			}
		})
	}
}

// bitsEqual reports whether a and b hold the same float64 bits.
func bitsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// Every activation the core has has a JavaScript form.
func TestStandaloneActivations(t *testing.T) {
	t.Parallel()
	for f := Activation(0); int(f) < len(activationNames); f++ {
		if _, ok := jsActivation(f); !ok {
			t.Errorf("activation %s has no JavaScript form in jsActivation", f)
		}
	}
}

// Every kind in the registry is written or refused by name: a new kind
// must be added to Standalone (or refused there) deliberately.
func TestStandaloneLayerKinds(t *testing.T) {
	t.Parallel()
	known := map[string]bool{"dense": true, "dropout": true, "normalization": true, "gaussianNoise": true}
	for _, k := range LayerKinds() {
		if !known[k.Kind] {
			t.Errorf("layer kind %s is not handled by Standalone (write it, or refuse it with a test)", k.Kind)
		}
	}
}

// mysteryLayer is a kind Standalone does not know.
type mysteryLayer struct{ *Dropout }

func (mysteryLayer) Kind() string { return "mystery" }

func TestStandaloneRefuses(t *testing.T) {
	t.Parallel()
	d, err := NewDropout(0.1)
	if err != nil {
		t.Fatal(err)
	}
	m := NewSequential(1)
	for _, l := range []Layer{thDense(t, DenseConfig{Units: 2, InputDim: 2}), mysteryLayer{d}} {
		if err := m.Add(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Build(2); err != nil {
		t.Fatal(err)
	}
	_, err = Standalone(m, StandaloneConfig{})
	if want := "standalone: layer mystery_1: a mystery layer cannot be written as a standalone predictor"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	if _, err := Standalone(NewSequential(1), StandaloneConfig{}); err == nil || !strings.Contains(err.Error(), "not built") {
		t.Errorf("unbuilt model: err = %v, want 'not built'", err)
	}
}

func TestParseElementType(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in   string
		want ElementType
		err  bool
	}{{"", Float64, false}, {"float64", Float64, false}, {"float32", Float32, false}, {"int8", 0, true}} {
		got, err := ParseElementType(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseElementType(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestBase64Floats(t *testing.T) {
	t.Parallel()
	for n := 0; n < 5; n++ {
		v := []float64{1.5, -0.0, math.Pi, 1e-300, math.MaxFloat64}[:n]
		b, err := base64.StdEncoding.DecodeString(base64Floats(v, 8))
		if err != nil || len(b) != 8*n {
			t.Fatalf("n=%d: %d bytes, %v", n, len(b), err)
		}
		for i, x := range v {
			if got := binary.LittleEndian.Uint64(b[8*i:]); got != math.Float64bits(x) {
				t.Errorf("n=%d, [%d]: bits %x, want %x", n, i, got, math.Float64bits(x))
			}
		}
		if got, want := base64Floats(v, 4), base64.StdEncoding.EncodeToString(f32bytes(v)); got != want {
			t.Errorf("float32 n=%d: %s, want %s", n, got, want)
		}
	}
}

func f32bytes(v []float64) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(float32(x)))
	}
	return b
}

// checkJSString checks that jsString(s) is one string literal holding s:
// valid JSON (so valid JavaScript, U+2028 and U+2029 being escaped) that
// decodes to s (bad UTF-8 as U+FFFD), with nothing that could end a
// <script> element or a line.
func checkJSString(t *testing.T, s string) {
	q := jsString(s)
	var got string
	if err := json.Unmarshal([]byte(q), &got); err != nil {
		t.Fatalf("jsString(%q) = %s: not a JSON string: %v", s, q, err)
	}
	var want []rune // s with each byte that is not UTF-8 as U+FFFD
	for _, r := range s {
		want = append(want, r)
	}
	if got != string(want) {
		t.Fatalf("jsString(%q) = %s decodes to %q", s, q, got)
	}
	inner := q[1 : len(q)-1]
	for _, bad := range []string{"<", ">", "\n", "\r", "\u2028", "\u2029"} {
		if strings.Contains(inner, bad) {
			t.Fatalf("jsString(%q) = %s holds %q", s, q, bad)
		}
	}
	if strings.Count(inner, `"`) != strings.Count(inner, `\"`) {
		t.Fatalf("jsString(%q) = %s has an unescaped quote", s, q)
	}
}

func TestJSString(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "cat", `"; alert(1); "`, `\`, `\"`, "</script><script>alert(1)</script>", "a\u2028b\u2029c",
		"tab\tnew\nline\x00\x7f", "\xff\xfe bad", "é ü 猫 🐈", "${x}`"} {
		checkJSString(t, s)
	}
	if got, want := jsString(`a"b\c</d>`), `"a\"b\\c\u003c/d\u003e"`; got != want {
		t.Errorf("jsString = %s, want %s", got, want)
	}
}

func FuzzJSString(f *testing.F) {
	for _, s := range []string{"", `"`, `\`, "</script>", "\u2028", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkJSString(t, s) })
}

// Hostile class and layer names stay inside their string literals.
func TestStandaloneHostileNames(t *testing.T) {
	t.Parallel()
	evil := `x"];alert(1);//</script>` + "\u2028\\"
	d, err := NewDense(DenseConfig{Units: 1, Activation: Sigmoid, InputDim: 2, Name: evil})
	if err != nil {
		t.Fatal(err)
	}
	m := thModel(t, 1, d)
	src, err := Standalone(m, StandaloneConfig{ClassNames: []string{evil, "ok"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(src, "alert(1);//<") || strings.Contains(src, "\u2028") || strings.Count(src, jsString(evil)) != 2 {
		t.Errorf("hostile names are not escaped:\n%s", src)
	}
}
