// Package modeljson reads and writes gotrain's own model file: a versioned
// JSON document that holds everything needed to rebuild a model exactly
// (what JavaScript's model.toJSON and gt.modelFromJSON exchange). Version 2
// looks like this:
//
//	{
//	  "format": "gotrain-model",
//	  "version": 2,
//	  "seed": 42,
//	  "inputDim": 2,           // input columns of a built model, 0 if not built
//	  "layers": [
//	    {"kind": "normalization", "name": "normalization_1", "inputDim": 2,
//	     "adapted": true, "mean": [0.1, 0.2], "variance": [1.5, 2.5]},
//	    {"kind": "dense", "name": "dense_1", "units": 64, "activation": "relu",
//	     "useBias": true, "kernelInitializer": "glorotUniform",
//	     "kernelRegularizer": {"l1": 0, "l2": 0.01},       // or null
//	     "inputDim": 0},                                   // as declared, 0 if not
//	    {"kind": "dropout", "name": "dropout_1", "rate": 0.5, "inputDim": 0}
//	  ],
//	  "weights": [{"name": "dense_1/kernel", "shape": [2, 64], "data": [...]},
//	              {"name": "dense_1/bias", "shape": [64], "data": [...]}],
//	  "compile": {"loss": "binaryCrossentropy",
//	              "optimizer": {"name": "adam", "learningRate": 0.001, ...},
//	              "metrics": ["accuracy"]}                 // or null
//	}
//
// A layer is written from its kind's description (core.LayerKind): its kind
// and name, each setting in the description's order (ints and floats as
// numbers, booleans, strings; activations and initializers by name; a
// regularizer as {"l1", "l2"} or null), its declared input width, and for a
// layer that adapts (core.Adapter) "adapted" and its statistics. So a new
// kind of layer needs nothing here.
//
// Every field is required (the optimizer's hyper-parameters other than name
// and learningRate may be left out, meaning 0). Numbers are written in the
// shortest form that parses back to the same float64, so weights and
// statistics round-trip bit for bit.
//
// An Adapter's statistics are null only when it has none at all (not
// adapted, in a model not built); a built model's Normalization layer that
// has not adapted yet holds Keras' starting values, mean 0 and variance 1,
// and writes them. So every array a built model allocates is in the file,
// and loading allocates in proportion to the file's size.
//
// Version 1, which gotrain wrote before layers described themselves, is the
// same but for dropout layers, which had no "inputDim"; Unmarshal reads both.
package modeljson

import (
	"errors"
	"math"
	"strings"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/jsonlite"
)

// Format is the "format" field of a gotrain model file.
const Format = "gotrain-model"

// Version is the version Marshal writes; Unmarshal reads it and version 1.
const Version = 2

// MaxBytes bounds the size of a model file, on saving and on loading. At
// about 20 bytes per weight it holds models of about three million
// parameters.
const MaxBytes = 64 << 20

func errorf(format string, args ...any) error { return fmtlite.Errorf(format, args...) }

func sprintf(format string, args ...any) string { return fmtlite.Sprintf(format, args...) }

// Marshal writes m in gotrain's versioned JSON format: its seed,
// architecture, weights, the statistics of layers that adapt and the
// compile settings. A model that is not built yet is saved with its
// architecture and an empty weights list.
//
// The optimizer's state (moments, accumulators, step count) is not saved,
// as when Keras saves a model without its optimizer state: a loaded model
// continues training with a fresh optimizer of the same settings. The
// random streams for shuffling, dropout and the initialisation of layers
// added later restart from the seed.
//
// It fails if a weight is NaN or infinite (JSON cannot hold them) or if the
// file would exceed MaxBytes.
func Marshal(m *core.Sequential) ([]byte, error) {
	if m == nil {
		return nil, errors.New("save model: the model is nil")
	}
	// Every number takes at least two bytes ("0,"): refuse hopeless cases
	// before writing hundreds of megabytes.
	n := m.CountParams()
	tooBig := func() error {
		return errorf("save model: the model has %d parameters, too many for a gotrain JSON file of at most 64 MB "+
			"(about 3 million parameters); save it in the TF.js format, whose binary weights hold the largest models gotrain trains", n)
	}
	if n > MaxBytes/2 {
		return nil, tooBig()
	}
	weights := m.GetWeights()
	for _, w := range weights {
		for j, v := range w.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, errorf("save model: %s value %d is %v, which JSON cannot hold (did training diverge?)", w.Name, j, v)
			}
		}
	}
	// About 20 bytes a weight, the rest is small.
	w := &jsonlite.Writer{B: make([]byte, 0, min(1024+22*n, MaxBytes+64))}
	w.Raw(`{"format":`)
	w.Str(Format)
	w.Raw(`,"version":`)
	w.Int(Version)
	w.Raw(`,"seed":`)
	w.Uint(m.Seed())
	w.Raw(`,"inputDim":`)
	inputDim := 0
	if m.Built() {
		inputDim = m.InputDim()
	}
	w.Int(inputDim)
	w.Raw(`,"layers":[`)
	for i, l := range m.Layers() {
		if i > 0 {
			w.Raw(",")
		}
		writeLayer(w, l)
	}
	w.Raw(`],"weights":[`)
	for i, x := range weights {
		if i > 0 {
			w.Raw(",")
		}
		w.Raw(`{"name":`)
		w.Str(x.Name)
		w.Raw(`,"shape":`)
		w.Ints(x.Shape)
		// Stopped as soon as the file is over MaxBytes: a model of 16M
		// parameters would write 340 MB before being refused.
		w.Raw(`,"data":[`)
		for j, v := range x.Data {
			if j > 0 {
				w.Raw(",")
			}
			w.Float(v)
			if len(w.B) > MaxBytes {
				return nil, tooBig()
			}
		}
		w.Raw("]}")
	}
	w.Raw(`],"compile":`)
	writeCompile(w, m)
	w.Raw("}")
	if w.Err != nil {
		return nil, errorf("save model: %v", w.Err)
	}
	if len(w.B) > MaxBytes {
		return nil, tooBig()
	}
	return w.B, nil
}

// Unmarshal rebuilds a model saved by Marshal (version 2) or by an earlier
// gotrain (version 1). Predictions of the loaded model equal the saved
// model's bit for bit; it is compiled if the saved model was, with a fresh
// optimizer (see Marshal).
//
// Everything is checked before any weight is allocated, so that loading
// allocates in proportion to the file's size, and a file that is not a
// valid gotrain model is refused with an error naming the problem and where
// it is (the layer, the weight array, the field): files larger than
// MaxBytes, other formats and versions, unknown or missing fields and
// fields of the wrong type, unknown layer kinds, activations, initializers,
// losses, optimizers and metrics, settings out of range (layers wider than
// core.MaxUnits, dropout rates outside [0, 1)), models of more than
// core.MaxLayers layers or core.MaxParams parameters, weights whose names,
// shapes or counts do not match the architecture, null or out-of-range
// numbers, invalid statistics and duplicate layer names.
func Unmarshal(data []byte) (*core.Sequential, error) {
	m, err := unmarshal(data)
	if err != nil {
		return nil, errorf("load model: %w", err)
	}
	return m, nil
}

func unmarshal(data []byte) (*core.Sequential, error) {
	if len(data) > MaxBytes {
		return nil, errorf("the file has %d bytes, more than the limit of %d", len(data), MaxBytes)
	}
	if se := jsonlite.Check(data); se != nil {
		return nil, errorf("not valid JSON at byte %d: %v", se.Offset, se)
	}
	top, err := parseObject(data, "")
	if err != nil {
		return nil, errorf("a model file must be a JSON object, got %s", describe(data))
	}
	if _, ok := top.fields["modelTopology"]; ok {
		return nil, errors.New("this is a TF.js Layers model (it has modelTopology), not a gotrain model file; load it as a Layers model")
	}
	var format string
	if err := top.read("format", &format, required); err != nil {
		return nil, errorf("not a gotrain model file: %v", err)
	}
	if format != Format {
		return nil, errorf("format is %s, want '%s'", cut.Quoted(format), Format)
	}
	var version int
	if err := top.read("version", &version, required); err != nil {
		return nil, err
	}
	if version != 1 && version != Version {
		return nil, errorf("unsupported version %d (this gotrain reads versions 1 and %d)", version, Version)
	}
	if err := top.check("format", "version", "seed", "inputDim", "layers", "weights", "compile"); err != nil {
		return nil, err
	}
	var seed uint64
	var inputDim int
	var layersRaw, weightsRaw, compileRaw []byte
	if err := top.readAll(
		fieldSpec{"seed", &seed, required},
		fieldSpec{"inputDim", &inputDim, required},
		fieldSpec{"layers", &layersRaw, required},
		fieldSpec{"weights", &weightsRaw, required},
		fieldSpec{"compile", &compileRaw, nullable},
	); err != nil {
		return nil, err
	}
	if inputDim < 0 || inputDim > core.MaxUnits {
		return nil, errorf("inputDim must be between 0 (not built) and %d, got %d", core.MaxUnits, inputDim)
	}

	// The architecture: layers built by their constructors, nothing big yet.
	rawLayers, err := readArray(layersRaw, "field 'layers'", core.MaxLayers)
	if err != nil {
		return nil, err
	}
	layers := make([]core.Layer, 0, len(rawLayers))
	seen := map[string]int{}
	for i, raw := range rawLayers {
		l, err := readLayer(raw, i+1, version)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[l.Name()]; dup {
			return nil, errorf("layer %d (%s): duplicate name, layer %d has it too", i+1, cut.Text(l.Name()), j)
		}
		seen[l.Name()] = i + 1
		layers = append(layers, l)
	}

	// The input width and the weights the architecture implies.
	dim := inputDim
	if len(layers) == 0 && dim != 0 {
		return nil, errorf("inputDim is %d but the model has no layers", dim)
	}
	if len(layers) > 0 {
		if d := layers[0].DeclaredInputDim(); d != 0 {
			if dim != 0 && dim != d {
				return nil, errorf("inputDim is %d but layer 1 (%s) declares inputDim %d", dim, cut.Text(layers[0].Name()), d)
			}
			dim = d
		}
	}
	want, err := expectedWeights(layers, dim)
	if err != nil {
		return nil, err
	}

	// The weights, checked against the architecture before the model
	// allocates anything.
	ws, err := readWeightList(weightsRaw, want, dim)
	if err != nil {
		return nil, err
	}

	var cc *core.CompileConfig
	if compileRaw != nil {
		if cc, err = readCompile(compileRaw); err != nil {
			return nil, err
		}
	}

	// Assemble with the model's own methods, which check everything again.
	m := core.NewSequential(seed)
	for i, l := range layers {
		if err := m.Add(l); err != nil {
			return nil, errorf("layer %d (%s): %s", i+1, cut.Text(l.Name()), strings.TrimPrefix(err.Error(), "add: "))
		}
	}
	if dim != 0 && !m.Built() {
		if err := m.Build(dim); err != nil {
			return nil, err
		}
	}
	if m.Built() {
		if err := m.SetWeights(ws); err != nil {
			return nil, err
		}
	}
	if cc != nil {
		if err := m.Compile(*cc); err != nil {
			return nil, err
		}
	}
	return m, nil
}
