// Package tfjs reads and writes the TensorFlow.js Layers format: the
// model.json topology, the weight manifest and the little-endian float32
// weight data that TensorFlow.js' model.save writes and tf.loadLayersModel
// reads, for Sequential models. The layouts follow TF.js 4.22 exactly; see
// build/parity/gen.mjs, which records what TF.js itself writes into
// core/testdata/tfjs for the tests.
//
// A layer is written from its kind's description (core.LayerKind): its Keras
// class, its settings under their snake_case names, each by its type (an
// activation by TF.js' name, an initializer and a regularizer as TF.js'
// serialized objects), and the constant keys TF.js writes for some classes
// (classExtras); it is read back the same way. What is about the format
// itself lives here: a Normalization layer, which TF.js does not have, is
// folded into the next Dense layer; leakyRelu, which has no TF.js activation
// string, is a separate LeakyReLU layer; InputLayer and activation layers
// (Activation, ReLU, Softmax) after a linear layer are read too.
package tfjs

import (
	"errors"
	"github.com/gotrain/gotrain/core/internal/jsonlite"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

func errorf(format string, args ...any) error { return fmtlite.Errorf(format, args...) }

func sprintf(format string, args ...any) string { return fmtlite.Sprintf(format, args...) }

// KerasVersion is the keras_version TF.js 4.22 writes into a topology.
const KerasVersion = "tfjs-layers 4.22.0"

// MaxJSONBytes bounds the size of a topology or model.json a caller should
// hand to Import (the WebAssembly binding refuses larger ones before copying
// them).
const MaxJSONBytes = 64 << 20

// jsonBounds bound what a topology or model.json may hold, checked in one
// pass before it is decoded (jsonlite.CheckBounds): a model of the 2000
// layers Import takes, each with its config (a Keras Dense layer's is
// about 30 values) and its weight specs, needs under 250,000 values, and
// no name or other string near 64 KB. A hostile file past them (a million
// weight specs, a 50 MB layer name) is refused before anything is built.
var jsonBounds = jsonlite.Bounds{Values: 250_000, String: 64 << 10}

// WeightSpec describes one weight array of a TF.js weight manifest.
type WeightSpec struct {
	// Name is "layer/kernel" or "layer/bias" for model weights.
	Name string `json:"name"`
	// Shape is [inputs, units] for a kernel, [units] for a bias.
	Shape []int `json:"shape"`
	// Dtype is "float32" for every model weight.
	Dtype string `json:"dtype"`
	// Group is "optimizer" for the optimizer state TF.js saves with
	// includeOptimizer; Import skips those arrays. Empty otherwise.
	Group string `json:"group,omitempty"`
	// Quantization is set for weights quantized by tfjs-converter, which
	// Import refuses.
	Quantization RawJSON `json:"quantization,omitempty"`
}

// RawJSON is a raw encoded JSON value, as encoding/json's RawMessage: it
// marshals as itself (null when nil) and unmarshals as a copy of the input,
// so that json.Marshal and json.Unmarshal handle Artifacts as they would
// with json.RawMessage fields. core has its own type so as not to import
// encoding/json (and with it reflect and fmt) into the WebAssembly module.
type RawJSON []byte

// MarshalJSON returns m as the JSON encoding of m, or null if m is nil.
func (m RawJSON) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return m, nil
}

// UnmarshalJSON sets *m to a copy of data.
func (m *RawJSON) UnmarshalJSON(data []byte) error {
	if m == nil {
		return errors.New("tfjs.RawJSON: UnmarshalJSON on nil pointer")
	}
	*m = append((*m)[0:0], data...)
	return nil
}

// Artifacts is what TF.js' model.save hands to an IOHandler: the
// topology, the weight manifest and the weights, float32 little-endian in
// manifest order.
type Artifacts struct {
	// ModelTopology is model.toJSON(null, false): a Sequential's config.
	ModelTopology RawJSON `json:"modelTopology"`
	// Format is "layers-model".
	Format string `json:"format,omitempty"`
	// GeneratedBy names the writer.
	GeneratedBy string `json:"generatedBy,omitempty"`
	// WeightSpecs lists the weight arrays in WeightData's order.
	WeightSpecs []WeightSpec `json:"weightSpecs"`
	// WeightData holds every array of WeightSpecs, float32 little-endian.
	WeightData []byte `json:"weightData"`
	// TrainingConfig is {loss, metrics, optimizer_config} for a compiled
	// model, as LayersModel.getTrainingConfig writes it; nil otherwise.
	TrainingConfig RawJSON `json:"trainingConfig,omitempty"`
	// Notes says, for the user, what the export leaves out (a metric TF.js
	// does not have); Export writes them, and they are not saved.
	Notes []string `json:"-"`
}
