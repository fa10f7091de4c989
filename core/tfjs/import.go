package tfjs

import (
	"bytes"
	"errors"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// tfjsLayer is one layer of the topology as Import understands it.
type tfjsLayer struct {
	class string
	name  string
	cfg   jsonObj
}

// Import loads a Sequential model saved by TF.js (model.save) or converted
// from Keras by tfjs-converter: a model of the layer classes gotrain has
// (core.LayerKinds: Dense, Dropout, ...).
//
// topology is the modelTopology JSON (a Sequential's {class_name, config}),
// possibly wrapped as Keras writes it ({model_config, training_config}), or a
// whole model.json / artifacts object ({modelTopology, weightsManifest,
// trainingConfig}); when specs is nil they are taken from its
// weightsManifest. The Sequential config may be {layers: [...]} or a bare
// list of layers; keys may be snake_case or camelCase; the input width may be
// given as batch_input_shape, input_shape or input_dim, or by a leading
// InputLayer. A linear layer (Dense) followed by LeakyReLU (alpha 0.2) or by
// an activation layer (Activation, ReLU, Softmax) becomes one layer. specs and data are the weight
// manifest and its float32 little-endian data; optimizer weights (group
// "optimizer") are skipped.
//
// Everything gotrain cannot represent is refused with an error naming the
// layer and the problem: other layer classes, unknown activations, bias or
// activity regularizers, constraints, frozen layers, dtypes other than
// float32, quantized weights, weight shapes that do not match the layers,
// and weight data of the wrong length. Sizes are checked against
// core.MaxUnits and core.MaxParams before anything is allocated. Kernel initializers only
// matter before training and are kept when gotrain has them (glorotUniform
// otherwise).
//
// A trainingConfig found in topology compiles the model so that it can go
// on training with a fresh optimizer state; without one the model is
// uncompiled. A Keras training_config is used when gotrain understands it
// and ignored otherwise, as TF.js ignores it.
func Import(topology []byte, specs []WeightSpec, data []byte) (*core.Sequential, error) {
	return fromTfjs(topology, specs, bytesSource(data), nil)
}

// ImportSized is Import for weight data not read yet: size is its length
// in bytes and read returns it. read is called only once the topology and
// the weight specs are checked, the specs account for exactly size bytes
// and the memory budget has room for the weights, so that a weight buffer
// of the wrong size is refused before it is copied (the WebAssembly
// binding's weights stay in JavaScript until then).
func ImportSized(topology []byte, size int, read func() []byte) (*core.Sequential, error) {
	return fromTfjs(topology, nil, weightSource{size, read}, nil)
}

// weightSource is weight data of n bytes that read returns.
type weightSource struct {
	n    int
	read func() []byte
}

// bytesSource is the weightSource of data at hand.
func bytesSource(data []byte) weightSource {
	return weightSource{len(data), func() []byte { return data }}
}

// ImportArtifacts is Import for artifacts as model.save produces them,
// compiling the model from a.TrainingConfig when it is set.
func ImportArtifacts(a *Artifacts) (*core.Sequential, error) {
	if a == nil {
		return nil, errors.New("fromTfjs: artifacts are nil")
	}
	return fromTfjs(a.ModelTopology, a.WeightSpecs, bytesSource(a.WeightData), a.TrainingConfig)
}

func fromTfjs(topology []byte, specs []WeightSpec, data weightSource, trainingConfig []byte) (*core.Sequential, error) {
	fail := func(format string, args ...any) (*core.Sequential, error) {
		return nil, errorf("fromTfjs: "+format, args...)
	}
	if err := jsonlite.CheckBounds(topology, jsonBounds); err != nil {
		return fail("the topology holds %v: more than a model gotrain can load", err)
	}
	raw, err := jsonlite.Decode(topology)
	if err != nil {
		return fail("the topology is not valid JSON: %v", err)
	}
	root, ok := camelKeys(raw).(jsonObj)
	if !ok {
		return fail("the topology is %s, not an object", describeJSON(raw))
	}
	var tc any // the TF.js trainingConfig (strict)
	if trainingConfig != nil && !bytes.Equal(bytes.TrimSpace(trainingConfig), []byte("null")) {
		if err := jsonlite.CheckBounds(trainingConfig, jsonBounds); err != nil {
			return fail("trainingConfig holds %v: more than a model gotrain can load", err)
		}
		if tc, err = jsonlite.Decode(trainingConfig); err != nil {
			return fail("trainingConfig is not valid JSON: %v", err)
		}
		tc = camelKeys(tc)
	}
	// A whole model.json or artifacts object.
	if inner, ok := root.obj("modelTopology"); ok {
		if tc == nil && root.has("trainingConfig") {
			tc = root["trainingConfig"]
		}
		if specs == nil && root.has("weightsManifest") {
			var err error
			if specs, err = specsFromManifest(root["weightsManifest"]); err != nil {
				return fail("%v", err)
			}
		}
		root = inner
	}
	// Keras' {model_config, training_config} wrapper.
	var kerasTC any
	if inner, ok := root.obj("modelConfig"); ok {
		kerasTC = root["trainingConfig"]
		root = inner
	}
	if c := root.className(); c != "Sequential" {
		if c == "" {
			return fail("the topology has no class_name (expected 'Sequential')")
		}
		return fail("model class %s is not supported: only Sequential models load", cut.Quoted(c))
	}
	var list []any
	switch c := root["config"].(type) {
	case []any:
		list = c
	case jsonObj:
		l, ok := c["layers"].([]any)
		if !ok {
			return fail("the Sequential config has no list of layers")
		}
		list = l
	default:
		return fail("the Sequential config is %s, not an object or a list of layers", describeJSON(root["config"]))
	}
	if len(list) == 0 {
		return fail("the model has no layers")
	}
	if len(list) > 2000 {
		return fail("the model has %d layers, more than gotrain supports", len(list))
	}
	layers := make([]tfjsLayer, len(list))
	for i, x := range list {
		o, ok := x.(jsonObj)
		if !ok {
			return fail("layer %d is %s, not an object", i+1, describeJSON(x))
		}
		cfg, _ := o.obj("config")
		if cfg == nil {
			cfg = jsonObj{}
		}
		name, _ := cfg.str("name")
		layers[i] = tfjsLayer{class: o.className(), name: name, cfg: cfg}
	}
	m, err := build(layers, specs, data)
	if err != nil {
		return nil, errorf("fromTfjs: %v", err)
	}
	switch {
	case tc != nil:
		if err := compileFromTfjs(m, tc); err != nil {
			return fail("trainingConfig: %v", err)
		}
	case kerasTC != nil:
		// TF.js ignores a Keras training_config; use it only if it fits.
		_ = compileFromTfjs(m, kerasTC)
	}
	return m, nil
}

// specsFromManifest collects the weight specs of a model.json
