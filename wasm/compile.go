//go:build js && wasm

package main

import (
	"errors"
	"math"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// Compiling: optimizer specs and compile settings, and the optimizer as
// getConfig and trace describe it.

// optimizerSpec reads 'adam' or { name, learningRate, ... }.
func optimizerSpec(call string, v js.Value) (*core.Optimizer, error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil // core's default (rmsprop, as Keras)
	}
	if typeOf(v) == js.TypeString {
		cfg, err := core.DefaultOptimizerConfig(v.String())
		if err != nil {
			return nil, withCall(call, err)
		}
		return core.NewOptimizer(cfg)
	}
	if typeOf(v) != js.TypeObject {
		return nil, errors.New(call + ": optimizer must be a name such as 'adam' or gt.train.adam(...), got " + describe(v))
	}
	o := opts{call: call + ": optimizer", v: v}
	name, err := o.str("name", "")
	if err != nil {
		return nil, err
	}
	cfg, err := core.DefaultOptimizerConfig(name)
	if err != nil {
		return nil, withCall(call, err)
	}
	// gt.train.adam(...) errors name the call they come from.
	prefix := name
	if call == "train" {
		prefix = "train." + name
	}
	o.call = prefix
	// The settings gt.train takes, checked as their descriptions say (what
	// gotrain.js checks too, in the same words), then any other one core
	// reads, which core checks.
	described := optimizerFields(cfg.Name)
	for _, f := range described {
		if f.Type == core.BoolField {
			if cfg.Nesterov, err = o.bool(f.Name, cfg.Nesterov); err != nil {
				return nil, err
			}
			continue
		}
		p := optimizerSetting(&cfg, f.Name)
		if *p, err = o.num(f.Name, *p); err != nil {
			return nil, err
		}
		if err := f.Check(*p); err != nil {
			return nil, errors.New(prefix + ": " + err.Error())
		}
	}
	for _, key := range []string{"learningRate", "momentum", "beta1", "beta2", "epsilon", "rho", "initialAccumulatorValue"} {
		if isDescribed(described, key) {
			continue
		}
		p := optimizerSetting(&cfg, key)
		if *p, err = o.num(key, *p); err != nil {
			return nil, err
		}
	}
	if !isDescribed(described, "nesterov") {
		if cfg.Nesterov, err = o.bool("nesterov", false); err != nil {
			return nil, err
		}
	}
	opt, err := core.NewOptimizer(cfg)
	if err != nil && call == "train" {
		return nil, withCall(prefix, err, name+": ")
	}
	return opt, err
}

// optimizerFields are an optimizer's settings as gt.train's factory takes
// them, in its order, with the bounds core's NewOptimizer checks (nil for an
// unknown optimizer). optimizerKinds describes them to gotrain.js and
// optimizerSpec checks through them, so that both say the same.
func optimizerFields(name string) []core.Field {
	atLeast0 := func(name string) core.Field {
		return core.Field{Name: name, Type: core.FloatField, Min: 0, Max: math.Inf(1)}
	}
	fraction := func(name string) core.Field {
		return core.Field{Name: name, Type: core.FloatField, Min: 0, Max: 1, MaxOpen: true}
	}
	switch name {
	case "sgd":
		return []core.Field{atLeast0("learningRate")}
	case "momentum":
		return []core.Field{atLeast0("learningRate"), fraction("momentum"), {Name: "nesterov", Type: core.BoolField}}
	case "adam":
		return []core.Field{atLeast0("learningRate"), fraction("beta1"), fraction("beta2"), atLeast0("epsilon")}
	case "rmsprop":
		return []core.Field{atLeast0("learningRate"), fraction("rho"), fraction("momentum"), atLeast0("epsilon")}
	case "adagrad":
		return []core.Field{atLeast0("learningRate"), atLeast0("initialAccumulatorValue")}
	}
	return nil
}

// optimizerSetting points at cfg's number setting key.
func optimizerSetting(cfg *core.OptimizerConfig, key string) *float64 {
	switch key {
	case "learningRate":
		return &cfg.LearningRate
	case "momentum":
		return &cfg.Momentum
	case "beta1":
		return &cfg.Beta1
	case "beta2":
		return &cfg.Beta2
	case "epsilon":
		return &cfg.Epsilon
	case "rho":
		return &cfg.Rho
	}
	return &cfg.InitialAccumulator
}

func isDescribed(fields []core.Field, key string) bool {
	for _, f := range fields {
		if f.Name == key {
			return true
		}
	}
	return false
}

// optimizerKinds() → the optimizers gt.train offers, each { kind, fields }
// with the fields as layerKinds describes a layer's (their defaults core's).
func optimizerKinds([]js.Value) (any, error) {
	out := make([]any, len(core.OptimizerNames))
	for i, name := range core.OptimizerNames {
		cfg, err := core.DefaultOptimizerConfig(name)
		if err != nil {
			return nil, err
		}
		fields := optimizerFields(name)
		for j := range fields {
			if fields[j].Type == core.BoolField {
				fields[j].Default = cfg.Nesterov
			} else {
				fields[j].Default = *optimizerSetting(&cfg, fields[j].Name)
			}
		}
		o := jsObject.New()
		o.Set("kind", name)
		o.Set("fields", fieldsValue(fields))
		out[i] = o
	}
	return js.ValueOf(out), nil
}

// checkOptimizer(spec) validates an optimizer spec.
func checkOptimizer(args []js.Value) (any, error) {
	_, err := optimizerSpec("train", arg(args, 0))
	return nil, err
}

// compile(handle, { optimizer, loss, metrics }).
func compile(args []js.Value) (any, error) {
	e, err := idle("compile", arg(args, 0))
	if err != nil {
		return nil, err
	}
	o, err := newOpts("compile", arg(args, 1))
	if err != nil {
		return nil, err
	}
	lossName, err := o.str("loss", "")
	if err != nil {
		return nil, err
	}
	if lossName == "" {
		return nil, errors.New("compile: loss is required, e.g. 'meanSquaredError' or 'binaryCrossentropy'")
	}
	loss, err := core.ParseLoss(lossName)
	if err != nil {
		return nil, withCall("compile", err)
	}
	opt, err := optimizerSpec("compile", o.get("optimizer"))
	if err != nil {
		return nil, withCall("compile", err)
	}
	metrics, err := readStrings("compile", "metrics", o.get("metrics"))
	if err != nil {
		return nil, err
	}
	return nil, e.m.Compile(core.CompileConfig{Optimizer: opt, Loss: loss, Metrics: metrics})
}

func optimizerValue(c core.OptimizerConfig) js.Value {
	o := jsObject.New()
	o.Set("name", c.Name)
	o.Set("learningRate", c.LearningRate)
	switch c.Name {
	case "momentum":
		o.Set("momentum", c.Momentum)
		o.Set("nesterov", c.Nesterov)
	case "adam":
		o.Set("beta1", c.Beta1)
		o.Set("beta2", c.Beta2)
		o.Set("epsilon", c.Epsilon)
	case "rmsprop":
		o.Set("rho", c.Rho)
		o.Set("momentum", c.Momentum)
		o.Set("epsilon", c.Epsilon)
	case "adagrad":
		o.Set("initialAccumulatorValue", c.InitialAccumulator)
		o.Set("epsilon", c.Epsilon)
	}
	return o
}
