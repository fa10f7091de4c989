package tfjs

import (
	"errors"
	"strings"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// The trainingConfig: {loss, metrics, optimizer_config}, as TF.js'
// LayersModel.getTrainingConfig writes it, so that TF.js compiles a loaded
// model; read back (also from Keras' training_config) to compile a model
// gotrain loads.

// The losses are written as getTrainingConfig writes them: gotrain's names
// in snake_case ("mean_squared_error").

// exported reports whether metric is a string TF.js' compile accepts;
// gotrain's recall and f1 have none and are left out of a trainingConfig.
func exported(metric string) bool {
	switch metric {
	case "accuracy", "acc", "precision", "mse", "mae":
		return true
	}
	return false
}

// optimizerKey is one key of an optimizer's config and its value: a
// float64 or a bool.
type optimizerKey struct {
	key   string
	value func(c *core.OptimizerConfig) any
}

var learningRate = optimizerKey{"learningRate", func(c *core.OptimizerConfig) any { return c.LearningRate }}

// optimizers are the optimizers as TF.js' getClassName and getConfig write
// them: gotrain's name, the class and the config's keys, in order; the
// first is the default. TF.js' Adagrad has no epsilon setting (it always
// adds 1e-7), and its RMSProp calls ρ decay.
var optimizers = []struct {
	name, class string
	keys        []optimizerKey
}{
	{"sgd", "SGD", []optimizerKey{learningRate}},
	{"momentum", "Momentum", []optimizerKey{learningRate,
		{"momentum", func(c *core.OptimizerConfig) any { return c.Momentum }},
		{"useNesterov", func(c *core.OptimizerConfig) any { return c.Nesterov }}}},
	{"adam", "Adam", []optimizerKey{learningRate,
		{"beta1", func(c *core.OptimizerConfig) any { return c.Beta1 }},
		{"beta2", func(c *core.OptimizerConfig) any { return c.Beta2 }},
		{"epsilon", func(c *core.OptimizerConfig) any { return c.Epsilon }}}},
	{"rmsprop", "RMSProp", []optimizerKey{learningRate,
		{"decay", func(c *core.OptimizerConfig) any { return c.Rho }},
		{"momentum", func(c *core.OptimizerConfig) any { return c.Momentum }},
		{"epsilon", func(c *core.OptimizerConfig) any { return c.Epsilon }},
		{"centered", func(*core.OptimizerConfig) any { return false }}}},
	{"adagrad", "Adagrad", []optimizerKey{learningRate,
		{"initialAccumulatorValue", func(c *core.OptimizerConfig) any { return c.InitialAccumulator }}}},
}

// writeOptimizer writes an optimizer's {class_name, config}.
func writeOptimizer(w *jsonlite.Writer, c core.OptimizerConfig) {
	o := optimizers[0]
	for _, x := range optimizers {
		if x.name == c.Name {
			o = x
		}
	}
	w.Raw(`{"class_name":`)
	w.Str(o.class)
	w.Raw(`,"config":{`)
	for i, k := range o.keys {
		if i > 0 {
			w.Raw(",")
		}
		w.Str(k.key)
		w.Raw(":")
		w.Value(k.value(&c))
	}
	w.Raw("}}")
}

// trainingConfig returns m's trainingConfig (nil if m is not compiled).
func trainingConfig(m *core.Sequential) ([]byte, error) {
	if !m.Compiled() {
		return nil, nil
	}
	metrics := []string{}
	for _, name := range m.Metrics() {
		if exported(name) {
			metrics = append(metrics, name)
		}
	}
	var w jsonlite.Writer
	w.Raw(`{"loss":`)
	w.Str(toSnake(m.Loss().String()))
	w.Raw(`,"metrics":`)
	w.Strs(metrics)
	w.Raw(`,"optimizer_config":`)
	writeOptimizer(&w, m.Optimizer().Config())
	w.Raw("}")
	return w.B, w.Err
}

// {loss, metrics, optimizerConfig: {className, config}}.
func compileFromTfjs(m *core.Sequential, v any) error {
	tc, ok := v.(jsonObj)
	if !ok {
		return errorf("it is %s, not an object", describeJSON(v))
	}
	for _, k := range []string{"weightedMetrics", "lossWeights", "sampleWeightMode"} {
		if tc.has(k) {
			return errorf("%s is not supported", toSnake(k))
		}
	}
	lossV := tc["loss"]
	switch l := lossV.(type) {
	case []any:
		if len(l) != 1 {
			return errorf("%d losses for a model with one output", len(l))
		}
		lossV = l[0]
	case jsonObj:
		if len(l) != 1 {
			return errorf("%d losses for a model with one output", len(l))
		}
		for _, x := range l {
			lossV = x
		}
	}
	lossName, ok := lossV.(string)
	if !ok {
		return errorf("loss %s is not supported", describeJSON(lossV))
	}
	loss, err := core.ParseLoss(lossName)
	if err != nil {
		return err
	}
	var metrics []string
	seen := map[string]bool{}
	var list []any
	switch mv := tc["metrics"].(type) {
	case nil:
	case []any:
		list = mv
	case jsonObj:
		for _, x := range mv {
			list = append(list, x)
		}
	default:
		return errorf("metrics %s are not supported", describeJSON(mv))
	}
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			return errorf("metric %s is not supported", describeJSON(x))
		}
		name, ok := tfjsMetricNames[strings.ToLower(strings.ReplaceAll(s, "_", ""))]
		if !ok {
			return errorf("metric %s is not supported (known: %s)", cut.Quoted(s), strings.Join(core.MetricNames, ", "))
		}
		if !seen[name] {
			seen[name] = true
			metrics = append(metrics, name)
		}
	}
	oc, ok := tc.obj("optimizerConfig")
	if !ok {
		return errors.New("no optimizer_config")
	}
	cfg, err := optimizerFromTfjs(oc)
	if err != nil {
		return err
	}
	opt, err := core.NewOptimizer(cfg)
	if err != nil {
		return errorf("optimizer_config: %v", err)
	}
	return m.Compile(core.CompileConfig{Optimizer: opt, Loss: loss, Metrics: metrics})
}

// tfjsMetricNames maps TF.js and Keras metric names (lower case, without
// underscores) to gotrain's.
var tfjsMetricNames = map[string]string{
	"accuracy": "accuracy", "acc": "acc", "binaryaccuracy": "accuracy", "categoricalaccuracy": "accuracy",
	"sparsecategoricalaccuracy": "accuracy", "precision": "precision", "recall": "recall", "f1": "f1",
	"mse": "mse", "meansquarederror": "mse", "mae": "mae", "meanabsoluteerror": "mae",
}

// optimizerFromTfjs maps a serialized TF.js (or Keras) optimizer to an
// OptimizerConfig, using TF.js' defaults for what the config leaves out.
func optimizerFromTfjs(oc jsonObj) (core.OptimizerConfig, error) {
	cfg, _ := oc.obj("config")
	if cfg == nil {
		cfg = jsonObj{}
	}
	class := oc.className()
	var name string
	switch strings.ToLower(class) {
	case "sgd":
		name = "sgd"
		if mu, _, _ := cfg.num("momentum"); mu > 0 { // Keras' SGD with momentum
			name = "momentum"
		}
	case "momentum":
		name = "momentum"
	case "adam":
		name = "adam"
	case "rmsprop":
		name = "rmsprop"
	case "adagrad":
		name = "adagrad"
	default:
		return core.OptimizerConfig{}, errorf("optimizer %s is not supported (known: SGD, Momentum, Adam, RMSProp, Adagrad)", cut.Quoted(class))
	}
	c, _ := core.DefaultOptimizerConfig(name)
	var errs []string
	set := func(dst *float64, keys ...string) {
		for _, k := range keys {
			v, ok, err := cfg.num(k)
			if err != nil {
				errs = append(errs, err.Error())
				return
			}
			if ok {
				*dst = v
				return
			}
		}
	}
	set(&c.LearningRate, "learningRate", "lr")
	switch name {
	case "momentum":
		set(&c.Momentum, "momentum")
		for _, k := range []string{"useNesterov", "nesterov"} {
			if b, ok := cfg[k].(bool); ok {
				c.Nesterov = b
			}
		}
	case "adam":
		set(&c.Beta1, "beta1")
		set(&c.Beta2, "beta2")
		set(&c.Epsilon, "epsilon")
		if b, _ := cfg["amsgrad"].(bool); b {
			errs = append(errs, "amsgrad is not supported")
		}
	case "rmsprop":
		// TF.js calls ρ decay; Keras calls it rho (and decay is its
		// learning-rate decay).
		set(&c.Rho, "rho", "decay")
		set(&c.Momentum, "momentum")
		set(&c.Epsilon, "epsilon")
		if b, _ := cfg["centered"].(bool); b {
			errs = append(errs, "centered RMSProp is not supported")
		}
	case "adagrad":
		set(&c.InitialAccumulator, "initialAccumulatorValue")
	}
	if len(errs) > 0 {
		return c, errorf("optimizer_config (%s): %s", class, strings.Join(errs, "; "))
	}
	if _, err := core.NewOptimizer(c); err != nil {
		return c, errorf("optimizer_config: %v", err)
	}
	return c, nil
}
