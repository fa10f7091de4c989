package core

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// ElementType is how a standalone predictor stores its weights.
type ElementType int

// The element types of a standalone predictor's weights.
const (
	// Float64 keeps every weight exactly (8 bytes each): the predictor's
	// outputs equal the model's to rounding (about 1e-15).
	Float64 ElementType = iota
	// Float32 rounds the Dense weights to float32 (4 bytes each), halving
	// the module; outputs differ from the model's by about 1e-7.
	Float32
)

// String returns "float64" or "float32", the name gotrain.js uses.
func (t ElementType) String() string {
	switch t {
	case Float64:
		return "float64"
	case Float32:
		return "float32"
	}
	return fmtlite.Sprintf("ElementType(%d)", int(t))
}

// ParseElementType returns the element type named "float64" or "float32";
// "" means Float64.
func ParseElementType(name string) (ElementType, error) {
	switch name {
	case "", "float64":
		return Float64, nil
	case "float32":
		return Float32, nil
	}
	return 0, fmtlite.Errorf("dtype must be 'float32' or 'float64', got '%s'", clipText(name))
}

// StandaloneConfig configures Standalone. The zero value is a float64
// predictor without class names.
type StandaloneConfig struct {
	// DType stores the Dense weights as float64 (the zero value, exact) or
	// float32 (half the size). Normalization's statistics (its mean and
	// 1/max(√variance, NormEpsilon), the factor it applies), two numbers per
	// input column, are always float64, since raw inputs can be large.
	DType ElementType
	// ClassNames names the classes predictClasses returns: one name per
	// output column, or two (for 0 and 1) with a single output. Empty: it
	// returns class indices. Names may hold any text; they are escaped.
	ClassNames []string
}

// Standalone returns the text of an ES module of plain JavaScript, without
// WebAssembly or gotrain, that predicts as m does: a static page ships it
// to use a trained model. The module exports
//
//	predict(rows)         an array of rows of outputs (number[][]), one per input row
//	predictClasses(rows)  per row the arg-max output's index (one output: 1 if > 0.5),
//	                      or its name when ClassNames is set
//	inputDim, outputDim, dtype, classNames (null without)
//	layers                the steps it computes: {name, kind, ...} per Normalization
//	                      and Dense layer (Dropout and GaussianNoise, the identity
//	                      when predicting, have none)
//
// where rows is an array of rows (arrays or typed arrays of inputDim
// numbers) or one flat array or typed array of n × inputDim numbers.
// The weights are embedded as base64 of little-endian floats, decoded once
// at import. Dropout and GaussianNoise are the identity, as in predict;
// a layer kind the module cannot express is refused, naming the layer.
// The model must be built.
func Standalone(m *Sequential, cfg StandaloneConfig) (string, error) {
	if cfg.DType != Float64 && cfg.DType != Float32 {
		return "", fmtlite.Errorf("standalone: unknown dtype %d", int(cfg.DType))
	}
	if !m.Built() {
		return "", fmtlite.Errorf("standalone: the model is not built yet (give the first layer an inputShape, or fit first)")
	}
	in, out := m.InputDim(), m.OutputDim()
	if n := len(cfg.ClassNames); n > 0 && (out == 1 && n != 2 || out > 1 && n != out) {
		want := strconv.Itoa(out)
		if out == 1 {
			want = "2 (for 0 and 1)"
		}
		return "", fmtlite.Errorf("standalone: %d class names for %d outputs; want %s", n, out, want)
	}
	var (
		weights, stats []float64
		steps          []string
		used           = map[Activation]bool{}
	)
	for _, l := range m.Layers() {
		name := jsString(l.Name())
		switch l := l.(type) {
		case *Dense:
			f := l.Activation()
			if _, ok := jsActivation(f); !ok {
				return "", fmtlite.Errorf("standalone: layer %s: activation %s has no JavaScript form", l.Name(), f)
			}
			used[f] = true
			bias := -1
			k := raw(l.Kernel().Value)
			off := len(weights)
			weights = append(weights, k...)
			if b := l.Bias(); b != nil {
				bias = len(weights)
				weights = append(weights, raw(b.Value)...)
			}
			steps = append(steps, fmtlite.Sprintf(`{name:%s,kind:"dense",activation:"%s",inputs:%d,units:%d,kernel:%d,bias:%d}`,
				name, f, l.InputDim(), l.OutputDim(), off, bias))
		case *Normalization:
			off := len(stats)
			stats = append(stats, l.Mean()...)
			stats = append(stats, l.InvStd()...)
			steps = append(steps, fmtlite.Sprintf(`{name:%s,kind:"normalization",inputs:%d,stats:%d}`, name, l.InputDim(), off))
		case *Dropout, *GaussianNoise:
			// the identity when predicting: no step
		default:
			return "", fmtlite.Errorf("standalone: layer %s: a %s layer cannot be written as a standalone predictor", l.Name(), clipText(l.Kind()))
		}
	}
	if cfg.DType == Float32 {
		for i, v := range weights {
			weights[i] = float64(float32(v))
		}
	}

	var b strings.Builder
	b.WriteString(standaloneHeader)
	names := "null"
	if len(cfg.ClassNames) > 0 {
		q := make([]string, len(cfg.ClassNames))
		for i, s := range cfg.ClassNames {
			q[i] = jsString(s)
		}
		names = "[" + strings.Join(q, ",") + "]"
	}
	b.WriteString(fmtlite.Sprintf("export const dtype = \"%s\", inputDim = %d, outputDim = %d;\nexport const classNames = %s;\n",
		cfg.DType, in, out, names))
	b.WriteString("export const layers = [\n  " + strings.Join(steps, ",\n  ") + "\n];\n")
	b.WriteString("const A = {")
	for f := Activation(0); int(f) < len(activationNames); f++ {
		if used[f] {
			js, _ := jsActivation(f)
			b.WriteString(fmtlite.Sprintf("\n  %s: %s,", f, js))
		}
	}
	b.WriteString("\n};\n")
	size := 8
	if cfg.DType == Float32 {
		size = 4
	}
	b.WriteString(fmtlite.Sprintf("const W = decode(\"%s\", %d);\nconst S = decode(\"%s\", 8);\n",
		base64Floats(weights, size), size, base64Floats(stats, 8)))
	if used[Softmax] {
		b.WriteString(jsSoftmax)
	}
	b.WriteString(standaloneCode)
	return b.String(), nil
}

// jsActivation returns an activation's JavaScript function of one value,
// computed as core computes it (activation.go), and whether it has one;
// softmax, of a row, is jsSoftmax. A new activation needs its case here (a
// test checks). A function, not a map: a package-level map is built at
// init, so gotrain.wasm would carry it although it never writes a predictor.
func jsActivation(f Activation) (string, bool) {
	switch f {
	case Linear:
		return "(v) => v", true
	case ReLU:
		return "(v) => (v > 0 ? v : 0)", true
	case LeakyReLU:
		return "(v) => (v < 0 ? v * " + strconv.FormatFloat(LeakyReLUAlpha, 'g', -1, 64) + " : v)", true
	case ELU:
		return "(v) => (v < 0 ? " + strconv.FormatFloat(ELUAlpha, 'g', -1, 64) + " * Math.expm1(v) : v)", true
	case Sigmoid:
		return "(v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))", true
	case Tanh:
		return "Math.tanh", true
	case Softplus:
		return "(v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))", true
	case Softmax:
		return "null", true
	}
	return "", false
}

// jsSoftmax sets each row of m values of z to its softmax: exp(v - max) /
// their sum, max being the row's maximum (NaN if any is).
const jsSoftmax = `function softmax(z, m) {
  for (let r = 0; r < z.length; r += m) {
    let max = -Infinity, sum = 0, u;
    for (u = r; u < r + m; u++) if (z[u] > max || z[u] !== z[u]) max = z[u];
    for (u = r; u < r + m; u++) sum += z[u] = Math.exp(z[u] - max);
    for (u = r; u < r + m; u++) z[u] /= sum;
  }
}
`

const standaloneHeader = `// Standalone predictor written by gotrain: plain JavaScript, no dependencies.
// predict(rows) -> rows of outputDim numbers; predictClasses(rows) -> indices or classNames.
`

// standaloneCode is the module's code after its data: the decoder and the
// forward pass over all rows at once (Normalization: (x - mean) * invStd;
// Dense: x·W, then + b, then the activation, summed in core's order).
const standaloneCode = `function decode(s, size) {
  const v = new DataView(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer);
  return Float64Array.from({ length: v.byteLength / size }, (_, i) => (size > 4 ? v.getFloat64(8 * i, true) : v.getFloat32(4 * i, true)));
}
function input(rows) {
  const d = inputDim, flat = ArrayBuffer.isView(rows) || typeof rows[0] === "number";
  const n = flat ? rows.length / d : rows.length, x = flat ? Float64Array.from(rows) : new Float64Array(n * d);
  if (n % 1) throw new Error("predict: " + rows.length + " values are not rows of " + d);
  if (!flat)
    rows.forEach((r, i) => {
      if (r?.length !== d) throw new Error("predict: row " + i + " has " + r?.length + " values, want " + d);
      x.set(r, i * d);
    });
  const k = x.findIndex((v) => !isFinite(v));
  if (k >= 0) throw new Error("predict: row " + ((k / d) | 0) + ", column " + (k % d) + " is " + x[k]);
  return [x, n];
}
export function predict(rows) {
  let [x, n] = input(rows), m = inputDim;
  for (const { kind, inputs: d, units, kernel: k, bias: b, stats: s, activation } of layers) {
    if (kind === "normalization") {
      for (let i = 0; i < x.length; i++) x[i] = (x[i] - S[s + (i % d)]) * S[s + d + (i % d)];
      continue;
    }
    const z = new Float64Array(n * (m = units)), f = A[activation];
    for (let r = 0; r < n; r++)
      for (let j = 0; j < d; j++)
        for (let u = 0, xj = x[r * d + j], o = k + j * m, q = r * m; u < m; u++) z[q + u] += xj * W[o + u];
    if (b >= 0) for (let i = 0; i < z.length; i++) z[i] += W[b + (i % m)];
    if (f) for (let i = 0; i < z.length; i++) z[i] = f(z[i]);
    else softmax(z, m);
    x = z;
  }
  return Array.from({ length: n }, (_, r) => Array.from(x.subarray(r * m, r * m + m)));
}
export function predictClasses(rows) {
  return predict(rows).map((p) => {
    let c = p.length > 1 ? 0 : +(p[0] > 0.5);
    for (let j = 1; j < p.length; j++) if (p[j] > p[c]) c = j;
    return classNames ? classNames[c] : c;
  });
}
`

// base64Floats returns the standard base64 of v as little-endian floats of
// size bytes (8: float64, 4: float32, v already rounded to float32).
func base64Floats(v []float64, size int) string {
	raw := make([]byte, 0, len(v)*size)
	for _, x := range v {
		bits := math.Float64bits(x)
		if size == 4 {
			bits = uint64(math.Float32bits(float32(x)))
		}
		for k := 0; k < size; k++ { // little-endian
			raw = append(raw, byte(bits>>(8*k)))
		}
	}
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	out := make([]byte, 0, (len(raw)+2)/3*4)
	for i := 0; i < len(raw); i += 3 {
		var w uint32
		n := min(3, len(raw)-i)
		for j := 0; j < n; j++ {
			w |= uint32(raw[i+j]) << (16 - 8*j)
		}
		for j := 0; j < 4; j++ {
			if j <= n {
				out = append(out, digits[w>>(18-6*j)&63])
			} else {
				out = append(out, '=')
			}
		}
	}
	return string(out)
}

// jsString returns s as a JavaScript string literal that is also valid JSON
// and safe inside an HTML <script> element: quotes, backslashes, control
// characters, <, >, &, U+2028 and U+2029 are escaped, and bytes that are not
// UTF-8 become U+FFFD.
func jsString(s string) string {
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(s)+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == 0x7f || r == '<' || r == '>' || r == '&' || r == 0x2028 || r == 0x2029:
			b = append(b, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
		default:
			b = utf8.AppendRune(b, r) // RuneError for a bad byte: U+FFFD
		}
	}
	return string(append(b, '"'))
}

// clipText shortens untrusted text for an error message.
func clipText(s string) string {
	if r := []rune(s); len(r) > 64 {
		return string(r[:64]) + "…"
	}
	return s
}
