package tfjs

import (
	"strings"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// What the TF.js format writes for each type of setting and for each class,
// beyond the layers' own descriptions.

// An activation is written by its name, which TF.js shares with gotrain,
// but for leakyRelu, which TF.js has no string for (it has only the
// LeakyReLU layer): a layer with it is written with "linear" and followed by
// a LeakyReLU layer.

// varianceScaling returns the VarianceScaling config TF.js serializes the
// Glorot and He initializers as (ok false for the others).
func varianceScaling(in core.Initializer) (scale float64, mode, distribution string, ok bool) {
	switch in {
	case core.GlorotUniform:
		return 1, "fan_avg", "uniform", true
	case core.GlorotNormal:
		return 1, "fan_avg", "normal", true
	case core.HeUniform:
		return 2, "fan_in", "uniform", true
	case core.HeNormal:
		return 2, "fan_in", "normal", true
	}
	return 0, "", "", false
}

// extra is a key TF.js writes for a class besides the settings gotrain has:
// written after the setting named after (in camelCase) with a constant value
// (raw JSON); on reading, a non-null value is refused when mustBeNull (what
// gotrain cannot do) and ignored otherwise (what only matters to TF.js).
type extra struct {
	after, key, value string
	mustBeNull        bool
}

// classExtras are the extra keys by class, in the order TF.js writes them.
var classExtras = []struct {
	class  string
	extras []extra
}{
	{"Dense", []extra{
		{"kernelInitializer", "bias_initializer", `{"class_name":"Zeros","config":{}}`, false},
		{"kernelRegularizer", "bias_regularizer", "null", true},
		{"kernelRegularizer", "activity_regularizer", "null", true},
		{"kernelRegularizer", "kernel_constraint", "null", true},
		{"kernelRegularizer", "bias_constraint", "null", true},
	}},
	{"Dropout", []extra{
		{"rate", "noise_shape", "null", true},
		{"rate", "seed", "null", false},
	}},
}

// extrasOf returns the extra keys of a class.
func extrasOf(class string) []extra {
	for _, c := range classExtras {
		if c.class == class {
			return c.extras
		}
	}
	return nil
}

// writeSetting writes a setting's value as TF.js does; an activation TF.js
// has no string for is an error.
func writeSetting(w *jsonlite.Writer, v any) error {
	switch v := v.(type) {
	case core.Activation:
		if v == core.LeakyReLU {
			v = core.Linear
		}
		if _, err := core.ParseActivation(v.String()); err != nil {
			return errorf("activation '%s' has no TF.js equivalent", v)
		}
		w.Str(v.String())
	case core.Initializer:
		scale, mode, distribution, ok := varianceScaling(v)
		if !ok {
			w.Raw(`{"class_name":"Zeros","config":{}}`)
			return nil
		}
		w.Raw(`{"class_name":"VarianceScaling","config":{"scale":`)
		w.Float(scale)
		w.Raw(`,"mode":`)
		w.Str(mode)
		w.Raw(`,"distribution":`)
		w.Str(distribution)
		w.Raw(`,"seed":null}}`)
	case core.Regularizer:
		if v.IsZero() {
			w.Raw("null")
			return nil
		}
		w.Raw(`{"class_name":"L1L2","config":{"l1":`)
		w.Float(v.L1)
		w.Raw(`,"l2":`)
		w.Float(v.L2)
		w.Raw("}}")
	default: // int, float64, bool, string
		w.Value(v)
	}
	return nil
}

// readSetting reads setting f from a layer's config: nil when absent or
// null (the setting's default applies), else a value of its type.
func readSetting(f core.Field, cfg jsonObj) (any, error) {
	v := cfg[f.Name]
	key := toSnake(f.Name)
	switch f.Type {
	case core.ActivationField:
		return parseTfjsActivation(v)
	case core.InitializerField:
		return parseTfjsInitializer(v), nil
	case core.RegularizerField:
		return parseTfjsRegularizer(v, key)
	}
	number := f.Type == core.IntField || f.Type == core.FloatField
	if v == nil && (!number || f.Default != nil) {
		return nil, nil
	}
	rng := f.RangeText()
	if rng != "" {
		rng = " " + rng
	}
	switch f.Type {
	case core.IntField:
		lo, hi := -maxSafeInt, maxSafeInt
		if rng != "" {
			lo, hi = int(f.Min), int(min(f.Max, maxSafeInt))
			if f.MaxOpen {
				hi--
			}
		}
		if n, ok := intIn(v, lo, hi); ok {
			return n, nil
		}
		return nil, errorf("%s %s must be a whole number%s", key, describeJSON(v), rng)
	case core.FloatField:
		if x, ok := v.(float64); ok && f.Check(x) == nil {
			return x, nil
		}
		return nil, errorf("%s %s must be a number%s", key, describeJSON(v), rng)
	case core.BoolField:
		if _, ok := v.(bool); ok {
			return v, nil
		}
		return nil, errorf("%s %s is not true or false", key, describeJSON(v))
	}
	if _, ok := v.(string); ok {
		return v, nil
	}
	return nil, errorf("%s %s is not a string", key, describeJSON(v))
}

// maxSafeInt is 2^53, the largest integer a JSON number holds exactly.
const maxSafeInt = 1 << 53

// layerErr formats an error about layer l.
func layerErr(i int, l tfjsLayer, format string, args ...any) error {
	who := sprintf("layer %d", i+1)
	if l.name != "" {
		who = "layer " + cut.Quoted(l.name)
	}
	if l.class != "" {
		who += " (" + cut.Text(l.class) + ")"
	}
	return errorf("%s: %s", who, sprintf(format, args...))
}

// inputWidth reads a layer's declared input width: batchInputShape
// [null, n], batchShape (Keras 3), inputShape [n] or inputDim n. It returns
// 0 when none is given.
func inputWidth(cfg jsonObj) (int, error) {
	for _, k := range []string{"batchInputShape", "batchShape", "inputShape"} {
		if !cfg.has(k) {
			continue
		}
		s, ok := cfg[k].([]any)
		want := 2
		if k == "inputShape" {
			want = 1
		}
		if !ok || len(s) != want {
			return 0, errorf("%s %s: only flat inputs ([null, features]) are supported", toSnake(k), describeShape(cfg[k]))
		}
		n, ok := intIn(s[want-1], 1, core.MaxUnits)
		if !ok {
			return 0, errorf("%s %s: the number of features must be between 1 and %d", toSnake(k), describeShape(cfg[k]), core.MaxUnits)
		}
		return n, nil
	}
	if cfg.has("inputDim") {
		n, ok := intIn(cfg["inputDim"], 1, core.MaxUnits)
		if !ok {
			return 0, errorf("input_dim %s must be between 1 and %d", describeJSON(cfg["inputDim"]), core.MaxUnits)
		}
		return n, nil
	}
	return 0, nil
}

func describeShape(v any) string {
	b, err := jsonlite.Marshal(v)
	if err != nil || len(b) > 60 {
		return describeJSON(v)
	}
	return string(b)
}

// checkDtype accepts an absent dtype, "float32", or Keras 3's DTypePolicy.
func checkDtype(cfg jsonObj) error {
	switch d := cfg["dtype"].(type) {
	case nil:
		return nil
	case string:
		if d == "float32" {
			return nil
		}
	case jsonObj:
		if c, ok := d.obj("config"); ok {
			if n, _ := c.str("name"); n == "float32" {
				return nil
			}
		}
	}
	return errorf("dtype %s is not supported (only float32)", describeJSON(cfg["dtype"]))
}

// parseTfjsActivation maps a TF.js/Keras activation string.
func parseTfjsActivation(v any) (core.Activation, error) {
	if v == nil {
		return core.Linear, nil
	}
	s, ok := v.(string)
	if !ok {
		return 0, errorf("activation %s is not supported", describeJSON(v))
	}
	a, err := core.ParseActivation(s)
	if err != nil || s == "" {
		return 0, errorf("activation %s is not supported (known: linear, relu, elu, sigmoid, tanh, softmax, softplus)", cut.Quoted(s))
	}
	return a, nil
}

// parseTfjsInitializer maps a serialized initializer to ours; those gotrain
// does not have become glorotUniform (they only matter before training).
func parseTfjsInitializer(v any) core.Initializer {
	o, ok := v.(jsonObj)
	if !ok {
		if s, ok := v.(string); ok {
			if in, err := core.ParseInitializer(s); err == nil {
				return in
			}
		}
		return core.GlorotUniform
	}
	cfg, _ := o.obj("config")
	switch o.className() {
	case "GlorotNormal":
		return core.GlorotNormal
	case "HeUniform":
		return core.HeUniform
	case "HeNormal":
		return core.HeNormal
	case "Zeros":
		return core.Zeros
	case "VarianceScaling":
		if cfg == nil {
			break
		}
		scale, _, _ := cfg.num("scale")
		mode, _ := cfg.str("mode")
		dist, _ := cfg.str("distribution")
		mode = strings.ToLower(strings.ReplaceAll(mode, "_", ""))
		normal := dist == "normal" || dist == "truncated_normal" || dist == "truncatedNormal"
		switch {
		case scale == 1 && mode == "fanavg" && normal:
			return core.GlorotNormal
		case scale == 2 && mode == "fanin" && dist == "uniform":
			return core.HeUniform
		case scale == 2 && mode == "fanin" && normal:
			return core.HeNormal
		}
	}
	return core.GlorotUniform
}

// parseTfjsRegularizer reads a regularizer setting (key is its snake_case
// name, kernel_regularizer): null, L1L2 {l1, l2}, L1 {l1} or L2 {l2}.
func parseTfjsRegularizer(v any, key string) (core.Regularizer, error) {
	if v == nil {
		return core.Regularizer{}, nil
	}
	o, ok := v.(jsonObj)
	if !ok {
		return core.Regularizer{}, errorf("%s %s is not supported", key, describeJSON(v))
	}
	cfg, _ := o.obj("config")
	if cfg == nil {
		cfg = jsonObj{}
	}
	var r core.Regularizer
	var err error
	switch o.className() {
	case "L1L2", "L1", "L2", "l1_l2", "l1", "l2":
		if r.L1, _, err = cfg.num("l1"); err != nil {
			return r, errorf("%s: %v", key, err)
		}
		if r.L2, _, err = cfg.num("l2"); err != nil {
			return r, errorf("%s: %v", key, err)
		}
	default:
		return r, errorf("%s %s is not supported (only L1L2, L1, L2)", key, cut.Quoted(o.className()))
	}
	if err := core.RegularizerField.Validate(r); err != nil {
		return r, errorf("%s: %v", key, err)
	}
	return r, nil
}
