package modeljson

import (
	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// The compile settings: {"loss", "optimizer": {"name", "learningRate", and
// the hyper-parameters below when not 0}, "metrics"}, or null.

// optimizerFields are the optimizer's hyper-parameters besides name and
// learning rate, in the order the file has them: written when not 0 (or
// false), read when present.
var optimizerFields = []struct {
	key string
	ptr func(c *core.OptimizerConfig) any // *float64 or *bool
}{
	{"momentum", func(c *core.OptimizerConfig) any { return &c.Momentum }},
	{"nesterov", func(c *core.OptimizerConfig) any { return &c.Nesterov }},
	{"beta1", func(c *core.OptimizerConfig) any { return &c.Beta1 }},
	{"beta2", func(c *core.OptimizerConfig) any { return &c.Beta2 }},
	{"epsilon", func(c *core.OptimizerConfig) any { return &c.Epsilon }},
	{"rho", func(c *core.OptimizerConfig) any { return &c.Rho }},
	{"initialAccumulatorValue", func(c *core.OptimizerConfig) any { return &c.InitialAccumulator }},
}

// writeCompile writes m's compile settings (null if not compiled).
func writeCompile(w *jsonlite.Writer, m *core.Sequential) {
	if !m.Compiled() {
		w.Raw("null")
		return
	}
	c := m.Optimizer().Config()
	w.Raw(`{"loss":`)
	w.Str(m.Loss().String())
	w.Raw(`,"optimizer":{"name":`)
	w.Str(c.Name)
	w.Raw(`,"learningRate":`)
	w.Float(c.LearningRate)
	for _, f := range optimizerFields {
		switch p := f.ptr(&c).(type) {
		case *float64:
			if *p != 0 {
				w.Raw(",")
				w.Str(f.key)
				w.Raw(":")
				w.Float(*p)
			}
		case *bool:
			if *p {
				w.Raw(",")
				w.Str(f.key)
				w.Raw(":true")
			}
		}
	}
	w.Raw(`},"metrics":`)
	w.Strs(append([]string{}, m.Metrics()...))
	w.Raw("}")
}

// readCompile reads the compile settings.
func readCompile(raw []byte) (*core.CompileConfig, error) {
	o, err := parseObject(raw, "compile")
	if err != nil {
		return nil, err
	}
	if err := o.check("loss", "optimizer", "metrics"); err != nil {
		return nil, err
	}
	var lossName string
	var optRaw, metricsRaw []byte
	if err := o.readAll(fieldSpec{"loss", &lossName, required}, fieldSpec{"optimizer", &optRaw, required}, fieldSpec{"metrics", &metricsRaw, required}); err != nil {
		return nil, err
	}
	loss, err := core.ParseLoss(lossName)
	if err != nil {
		return nil, o.wrap(err)
	}
	p, err := parseObject(optRaw, "compile: optimizer")
	if err != nil {
		return nil, err
	}
	known := []string{"name", "learningRate"}
	for _, f := range optimizerFields {
		known = append(known, f.key)
	}
	if err := p.check(known...); err != nil {
		return nil, err
	}
	var oc core.OptimizerConfig
	if err := p.readAll(fieldSpec{"name", &oc.Name, required}, fieldSpec{"learningRate", &oc.LearningRate, required}); err != nil {
		return nil, err
	}
	for _, f := range optimizerFields {
		if err := p.read(f.key, f.ptr(&oc), optional); err != nil {
			return nil, err
		}
	}
	opt, err := core.NewOptimizer(oc)
	if err != nil {
		return nil, p.wrap(err)
	}
	items, err := readArray(metricsRaw, "field 'metrics'", len(core.MetricNames))
	if err != nil {
		return nil, o.wrap(err)
	}
	metrics := make([]string, len(items))
	for k, it := range items {
		if err := jsonlite.DecodeScalar(it, &metrics[k]); err != nil || isNull(it) {
			return nil, o.errorf("field 'metrics' must hold strings, got %s", describe(it))
		}
	}
	return &core.CompileConfig{Optimizer: opt, Loss: loss, Metrics: metrics}, nil
}
