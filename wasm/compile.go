//go:build js && wasm

package main

import (
	"errors"
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
	for _, f := range []struct {
		key string
		dst *float64
	}{{"learningRate", &cfg.LearningRate}, {"momentum", &cfg.Momentum}, {"beta1", &cfg.Beta1},
		{"beta2", &cfg.Beta2}, {"epsilon", &cfg.Epsilon}, {"rho", &cfg.Rho},
		{"initialAccumulatorValue", &cfg.InitialAccumulator}} {
		if *f.dst, err = o.num(f.key, *f.dst); err != nil {
			return nil, err
		}
	}
	if cfg.Nesterov, err = o.bool("nesterov", false); err != nil {
		return nil, err
	}
	opt, err := core.NewOptimizer(cfg)
	if err != nil && call == "train" {
		return nil, withCall(prefix, err, name+": ")
	}
	return opt, err
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
