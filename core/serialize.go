package core

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gotrain/gotrain/core/internal/jsonlite"
	"github.com/gotrain/gotrain/core/internal/strsort"
)

// gotrain's own model file: a versioned JSON document that holds everything
// needed to rebuild a model exactly (what JavaScript's model.toJSON and
// gt.modelFromJSON exchange). Version 1 looks like this:
//
//	{
//	  "format": "gotrain-model",
//	  "version": 1,
//	  "seed": 42,
//	  "inputDim": 2,           // input columns of a built model, 0 if not built
//	  "layers": [
//	    {"kind": "normalization", "name": "normalization_1", "inputDim": 2,
//	     "adapted": true, "mean": [0.1, 0.2], "variance": [1.5, 2.5]},
//	    {"kind": "dense", "name": "dense_1", "units": 64, "activation": "relu",
//	     "useBias": true, "kernelInitializer": "glorotUniform",
//	     "kernelRegularizer": {"l1": 0, "l2": 0.01},       // or null
//	     "inputDim": 0},                                   // as declared, 0 if not
//	    {"kind": "dropout", "name": "dropout_1", "rate": 0.5}
//	  ],
//	  "weights": [{"name": "dense_1/kernel", "shape": [2, 64], "data": [...]},
//	              {"name": "dense_1/bias", "shape": [64], "data": [...]}],
//	  "compile": {"loss": "binaryCrossentropy",
//	              "optimizer": {"name": "adam", "learningRate": 0.001, ...},
//	              "metrics": ["accuracy"]}                 // or null
//	}
//
// Every field is required (the optimizer's hyper-parameters other than name
// and learningRate may be left out, meaning 0). Numbers are written in the
// shortest form that parses back to the same float64, so weights and
// statistics round-trip bit for bit.
//
// A Normalization layer's mean and variance are null only when it has no
// statistics at all (not adapted, in a model not built); a built model's
// layer that has not adapted yet holds Keras' starting values, mean 0 and
// variance 1, and writes them. So every array a built model allocates is in
// the file, and loading allocates in proportion to the file's size.

// ModelFormat is the "format" field of a gotrain model file.
const ModelFormat = "gotrain-model"

// ModelVersion is the version MarshalJSON writes and the only one
// UnmarshalModel reads.
const ModelVersion = 1

// MaxModelJSONBytes bounds the size of a model file, on saving and on
// loading. At about 20 bytes per weight it holds models of about three
// million parameters.
const MaxModelJSONBytes = 64 << 20

// maxLayers is the most layers a model may have, as Sequential.Add enforces.
const maxLayers = 1000

// The JSON shapes of version 1, for writing.
type (
	modelFile struct {
		Format   string        `json:"format"`
		Version  int           `json:"version"`
		Seed     uint64        `json:"seed"`
		InputDim int           `json:"inputDim"`
		Layers   []any         `json:"layers"`
		Weights  []weightsFile `json:"weights"`
		Compile  *compileFile  `json:"compile"`
	}
	denseFile struct {
		Kind              string           `json:"kind"`
		Name              string           `json:"name"`
		Units             int              `json:"units"`
		Activation        string           `json:"activation"`
		UseBias           bool             `json:"useBias"`
		KernelInitializer string           `json:"kernelInitializer"`
		KernelRegularizer *regularizerFile `json:"kernelRegularizer"`
		InputDim          int              `json:"inputDim"`
	}
	regularizerFile struct {
		L1 float64 `json:"l1"`
		L2 float64 `json:"l2"`
	}
	dropoutFile struct {
		Kind string  `json:"kind"`
		Name string  `json:"name"`
		Rate float64 `json:"rate"`
	}
	normalizationFile struct {
		Kind     string    `json:"kind"`
		Name     string    `json:"name"`
		InputDim int       `json:"inputDim"`
		Adapted  bool      `json:"adapted"`
		Mean     []float64 `json:"mean"`
		Variance []float64 `json:"variance"`
	}
	weightsFile struct {
		Name  string    `json:"name"`
		Shape []int     `json:"shape"`
		Data  []float64 `json:"data"`
	}
	compileFile struct {
		Loss      string          `json:"loss"`
		Optimizer OptimizerConfig `json:"optimizer"`
		Metrics   []string        `json:"metrics"`
	}
)

// appendJSON writes the file as json.Marshal writes these structs (fields
// in order, as tagged; TestModelFileJSONMatchesEncodingJSON compares).
func (f *modelFile) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"format":`)
	w.Str(f.Format)
	w.Raw(`,"version":`)
	w.Int(f.Version)
	w.Raw(`,"seed":`)
	w.Uint(f.Seed)
	w.Raw(`,"inputDim":`)
	w.Int(f.InputDim)
	w.Raw(`,"layers":`)
	w.Value(f.Layers)
	w.Raw(`,"weights":`)
	if f.Weights == nil {
		w.Raw("null")
	} else {
		w.Raw("[")
		for i, x := range f.Weights {
			if i > 0 {
				w.Raw(",")
			}
			x.AppendJSON(w)
		}
		w.Raw("]")
	}
	w.Raw(`,"compile":`)
	if f.Compile == nil {
		w.Raw("null")
	} else {
		f.Compile.AppendJSON(w)
	}
	w.Raw("}")
}

func (d denseFile) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"kind":`)
	w.Str(d.Kind)
	w.Raw(`,"name":`)
	w.Str(d.Name)
	w.Raw(`,"units":`)
	w.Int(d.Units)
	w.Raw(`,"activation":`)
	w.Str(d.Activation)
	w.Raw(`,"useBias":`)
	w.Bool(d.UseBias)
	w.Raw(`,"kernelInitializer":`)
	w.Str(d.KernelInitializer)
	w.Raw(`,"kernelRegularizer":`)
	if d.KernelRegularizer == nil {
		w.Raw("null")
	} else {
		d.KernelRegularizer.AppendJSON(w)
	}
	w.Raw(`,"inputDim":`)
	w.Int(d.InputDim)
	w.Raw("}")
}

func (r regularizerFile) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"l1":`)
	w.Float(r.L1)
	w.Raw(`,"l2":`)
	w.Float(r.L2)
	w.Raw("}")
}

func (d dropoutFile) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"kind":`)
	w.Str(d.Kind)
	w.Raw(`,"name":`)
	w.Str(d.Name)
	w.Raw(`,"rate":`)
	w.Float(d.Rate)
	w.Raw("}")
}

func (n normalizationFile) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"kind":`)
	w.Str(n.Kind)
	w.Raw(`,"name":`)
	w.Str(n.Name)
	w.Raw(`,"inputDim":`)
	w.Int(n.InputDim)
	w.Raw(`,"adapted":`)
	w.Bool(n.Adapted)
	w.Raw(`,"mean":`)
	w.Floats(n.Mean)
	w.Raw(`,"variance":`)
	w.Floats(n.Variance)
	w.Raw("}")
}

func (x weightsFile) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"name":`)
	w.Str(x.Name)
	w.Raw(`,"shape":`)
	w.Ints(x.Shape)
	w.Raw(`,"data":`)
	w.Floats(x.Data)
	w.Raw("}")
}

func (c *compileFile) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"loss":`)
	w.Str(c.Loss)
	w.Raw(`,"optimizer":`)
	c.Optimizer.AppendJSON(w)
	w.Raw(`,"metrics":`)
	w.Strs(c.Metrics)
	w.Raw("}")
}

// appendJSON writes c as json.Marshal does, the fields tagged omitempty
// left out when 0 or false.
func (c OptimizerConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"name":`)
	w.Str(c.Name)
	w.Raw(`,"learningRate":`)
	w.Float(c.LearningRate)
	opt := func(key string, v float64) {
		if v != 0 {
			w.Raw(key)
			w.Float(v)
		}
	}
	opt(`,"momentum":`, c.Momentum)
	if c.Nesterov {
		w.Raw(`,"nesterov":true`)
	}
	opt(`,"beta1":`, c.Beta1)
	opt(`,"beta2":`, c.Beta2)
	opt(`,"epsilon":`, c.Epsilon)
	opt(`,"rho":`, c.Rho)
	opt(`,"initialAccumulatorValue":`, c.InitialAccumulator)
	w.Raw("}")
}

// MarshalJSON writes the model in gotrain's versioned JSON format (see
// UnmarshalModel): its seed, architecture, weights, Normalization
// statistics and compile settings. A model that is not built yet is saved
// with its architecture and an empty weights list.
//
// The optimizer's state (moments, accumulators, step count) is not saved,
// as when Keras saves a model without its optimizer state: a loaded model
// continues training with a fresh optimizer of the same settings. The
// random streams for shuffling, dropout and the initialisation of layers
// added later restart from the seed.
//
// It fails if a weight is NaN or infinite (JSON cannot hold them) or if the
// file would exceed MaxModelJSONBytes.
func (m *Sequential) MarshalJSON() ([]byte, error) {
	if m == nil {
		return nil, errors.New("save model: the model is nil")
	}
	// Every number takes at least two bytes ("0,"): refuse hopeless cases
	// before writing hundreds of megabytes.
	if n := m.CountParams(); n > MaxModelJSONBytes/2 {
		return nil, errorf("save model: the model has %d parameters, too many for a file of at most %d bytes", n, MaxModelJSONBytes)
	}
	f, err := m.modelFile()
	if err != nil {
		return nil, err
	}
	// About 20 bytes a weight, the rest is small.
	w := jsonlite.Writer{B: make([]byte, 0, min(1024+20*m.CountParams(), MaxModelJSONBytes))}
	f.AppendJSON(&w)
	b := w.B
	if w.Err != nil {
		return nil, errorf("save model: %v", w.Err)
	}
	if len(b) > MaxModelJSONBytes {
		return nil, errorf("save model: the file would be %d bytes, more than the limit of %d (the model has %d parameters)", len(b), MaxModelJSONBytes, m.CountParams())
	}
	return b, nil
}

// modelFile returns what MarshalJSON writes.
func (m *Sequential) modelFile() (*modelFile, error) {
	f := &modelFile{
		Format:  ModelFormat,
		Version: ModelVersion,
		Seed:    m.seed,
		Layers:  make([]any, 0, len(m.layers)),
		Weights: make([]weightsFile, 0, len(m.params)),
	}
	if m.built {
		f.InputDim = m.InputDim()
	}
	for i, l := range m.layers {
		switch l := l.(type) {
		case *Dense:
			d := denseFile{
				Kind:              "dense",
				Name:              l.name,
				Units:             l.cfg.Units,
				Activation:        l.cfg.Activation.String(),
				UseBias:           !l.cfg.NoBias,
				KernelInitializer: l.cfg.Initializer.String(),
				InputDim:          l.cfg.InputDim,
			}
			if r := l.cfg.Regularizer; !r.IsZero() {
				d.KernelRegularizer = &regularizerFile{L1: r.L1, L2: r.L2}
			}
			f.Layers = append(f.Layers, d)
		case *Dropout:
			f.Layers = append(f.Layers, dropoutFile{Kind: "dropout", Name: l.name, Rate: l.rate})
		case *Normalization:
			n := normalizationFile{Kind: "normalization", Name: l.name, InputDim: l.declared, Adapted: l.adapted}
			if l.adapted || m.built {
				n.Mean, n.Variance = l.Mean(), l.Variance()
			}
			f.Layers = append(f.Layers, n)
		default:
			return nil, errorf("save model: layer %d (%s): layers of kind '%s' cannot be saved", i+1, short(l.Name()), l.Kind())
		}
	}
	for _, w := range m.GetWeights() {
		for j, v := range w.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, errorf("save model: %s value %d is %v, which JSON cannot hold (did training diverge?)", w.Name, j, v)
			}
		}
		f.Weights = append(f.Weights, weightsFile(w))
	}
	if m.compiled {
		f.Compile = &compileFile{Loss: m.loss.String(), Optimizer: m.opt.Config(), Metrics: append([]string{}, m.metrics...)}
	}
	return f, nil
}

// UnmarshalModel rebuilds a model saved by MarshalJSON. Predictions of the
// loaded model equal the saved model's bit for bit; it is compiled if the
// saved model was, with a fresh optimizer (see MarshalJSON).
//
// Everything is checked before any weight is allocated, so that loading
// allocates in proportion to the file's size, and a file that is not a
// valid version-1 gotrain model is refused with an error naming the
// problem and where it is (the layer, the weight array, the field): files
// larger than MaxModelJSONBytes, other formats and versions, unknown or
// missing fields and fields of the wrong type, unknown layer kinds,
// activations, initializers, losses, optimizers and metrics, layers wider
// than MaxUnits, models of more than 1000 layers or MaxParams parameters,
// weights whose names, shapes or counts do not match the architecture,
// null or out-of-range numbers, invalid Normalization statistics, dropout
// rates outside [0, 1) and duplicate layer names.
func UnmarshalModel(data []byte) (*Sequential, error) {
	m, err := unmarshalModel(data)
	if err != nil {
		return nil, errorf("load model: %w", err)
	}
	return m, nil
}

// wantWeights is the name and shape a weight array must have.
type wantWeights struct {
	name  string
	shape []int
}

func (w wantWeights) size() int {
	n := 1
	for _, d := range w.shape {
		n *= d
	}
	return n
}

func unmarshalModel(data []byte) (*Sequential, error) {
	if len(data) > MaxModelJSONBytes {
		return nil, errorf("the file has %d bytes, more than the limit of %d", len(data), MaxModelJSONBytes)
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
	if format != ModelFormat {
		return nil, errorf("format is '%s', want '%s'", short(format), ModelFormat)
	}
	var version int
	if err := top.read("version", &version, required); err != nil {
		return nil, err
	}
	if version != ModelVersion {
		return nil, errorf("unsupported version %d (this gotrain reads version %d)", version, ModelVersion)
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
	if inputDim < 0 || inputDim > MaxUnits {
		return nil, errorf("inputDim must be between 0 (not built) and %d, got %d", MaxUnits, inputDim)
	}

	// The architecture: layers built by their constructors, nothing big yet.
	rawLayers, err := readArray(layersRaw, "field 'layers'", maxLayers)
	if err != nil {
		return nil, err
	}
	layers := make([]Layer, 0, len(rawLayers))
	seen := map[string]int{}
	for i, raw := range rawLayers {
		l, err := readLayer(raw, i+1)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[l.Name()]; dup {
			return nil, errorf("layer %d (%s): duplicate name, layer %d has it too", i+1, short(l.Name()), j)
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
				return nil, errorf("inputDim is %d but layer 1 (%s) declares inputDim %d", dim, short(layers[0].Name()), d)
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
	switch n, ok := arrayLen(weightsRaw); {
	case !ok:
		return nil, errorf("field 'weights' must be an array, got %s", describe(weightsRaw))
	case n != 0 && dim == 0:
		return nil, errorf("the file has %d weight arrays but the model is not built (inputDim is 0), so it has none", n)
	case n != len(want):
		return nil, errorf("the file has %d weight arrays but the architecture needs %d", n, len(want))
	}
	rawWeights, err := readArray(weightsRaw, "field 'weights'", len(want))
	if err != nil {
		return nil, err
	}
	ws := make([]Weights, len(want))
	for j, raw := range rawWeights {
		w, err := readWeights(raw, j+1, want[j])
		if err != nil {
			return nil, err
		}
		ws[j] = w
	}

	var cc *CompileConfig
	if compileRaw != nil {
		if cc, err = readCompile(compileRaw); err != nil {
			return nil, err
		}
	}

	// Assemble with the model's own methods, which check everything again.
	m := NewSequential(seed)
	for i, l := range layers {
		if err := m.Add(l); err != nil {
			return nil, errorf("layer %d (%s): %s", i+1, short(l.Name()), strings.TrimPrefix(err.Error(), "add: "))
		}
	}
	if dim != 0 && !m.built {
		if err := m.Build(dim); err != nil {
			return nil, err
		}
	}
	if m.built {
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

// expectedWeights walks the architecture for dim input columns (0 when the
// model is not built) and returns the weight arrays it has, checking the
// widths, the Normalization statistics and the parameter count (statistics
// included, as CountParams counts them) on the way.
func expectedWeights(layers []Layer, dim int) ([]wantWeights, error) {
	var want []wantWeights
	if dim == 0 {
		for i, l := range layers {
			if n, ok := l.(*Normalization); ok && !n.adapted && n.mean != nil {
				return nil, errorf("layer %d (%s) is not adapted and the model is not built, so its mean and variance must be null", i+1, short(n.name))
			}
		}
		return want, nil
	}
	total := 0
	for i, l := range layers {
		if d := l.DeclaredInputDim(); d != 0 && d != dim {
			return nil, errorf("layer %d (%s) declares inputDim %d but gets %d inputs", i+1, short(l.Name()), d, dim)
		}
		switch l := l.(type) {
		case *Dense:
			units := l.cfg.Units
			want = append(want, wantWeights{l.name + "/kernel", []int{dim, units}})
			total += dim * units
			if !l.cfg.NoBias {
				want = append(want, wantWeights{l.name + "/bias", []int{units}})
				total += units
			}
			dim = units
		case *Normalization:
			if l.mean == nil {
				return nil, errorf("layer %d (%s) has null statistics but the model is built, so they must be in the file (mean 0 and variance 1 before adapt)", i+1, short(l.name))
			}
			if len(l.mean) != dim {
				return nil, errorf("layer %d (%s) has statistics for %d columns but gets %d inputs", i+1, short(l.name), len(l.mean), dim)
			}
			total += 2*dim + 1
		}
		if total > MaxParams {
			return nil, errorf("layer %d (%s) takes the model past %d parameters", i+1, short(l.Name()), MaxParams)
		}
	}
	return want, nil
}

// readLayer builds layer number i (from 1) from its JSON object.
func readLayer(raw []byte, i int) (Layer, error) {
	o, err := parseObject(raw, sprintf("layer %d", i))
	if err != nil {
		return nil, err
	}
	var kind, name string
	if err := o.readAll(fieldSpec{"kind", &kind, required}, fieldSpec{"name", &name, required}); err != nil {
		return nil, err
	}
	if name == "" {
		return nil, errorf("layer %d: name is empty", i)
	}
	o.where = sprintf("layer %d (%s)", i, short(name))
	switch kind {
	case "dense":
		if err := o.check("kind", "name", "units", "activation", "useBias", "kernelInitializer", "kernelRegularizer", "inputDim"); err != nil {
			return nil, err
		}
		var act, init string
		var useBias bool
		var regRaw []byte
		cfg := DenseConfig{Name: name}
		if err := o.readAll(
			fieldSpec{"units", &cfg.Units, required},
			fieldSpec{"activation", &act, required},
			fieldSpec{"useBias", &useBias, required},
			fieldSpec{"kernelInitializer", &init, required},
			fieldSpec{"kernelRegularizer", &regRaw, nullable},
			fieldSpec{"inputDim", &cfg.InputDim, required},
		); err != nil {
			return nil, err
		}
		cfg.NoBias = !useBias
		if cfg.Activation, err = ParseActivation(act); err != nil {
			return nil, o.wrap(err)
		}
		if cfg.Initializer, err = ParseInitializer(init); err != nil {
			return nil, o.wrap(err)
		}
		if regRaw != nil {
			r, err := parseObject(regRaw, o.where+": kernelRegularizer")
			if err != nil {
				return nil, err
			}
			if err := r.check("l1", "l2"); err != nil {
				return nil, err
			}
			if err := r.readAll(fieldSpec{"l1", &cfg.Regularizer.L1, required}, fieldSpec{"l2", &cfg.Regularizer.L2, required}); err != nil {
				return nil, err
			}
		}
		d, err := NewDense(cfg)
		if err != nil {
			return nil, o.wrap(err)
		}
		return d, nil
	case "dropout":
		if err := o.check("kind", "name", "rate"); err != nil {
			return nil, err
		}
		var rate float64
		if err := o.read("rate", &rate, required); err != nil {
			return nil, err
		}
		d, err := NewDropout(rate)
		if err != nil {
			return nil, o.wrap(err)
		}
		d.base().name = (name)
		return d, nil
	case "normalization":
		if err := o.check("kind", "name", "inputDim", "adapted", "mean", "variance"); err != nil {
			return nil, err
		}
		var inputDim int
		var adapted bool
		var meanRaw, varRaw []byte
		if err := o.readAll(
			fieldSpec{"inputDim", &inputDim, required},
			fieldSpec{"adapted", &adapted, required},
			fieldSpec{"mean", &meanRaw, nullable},
			fieldSpec{"variance", &varRaw, nullable},
		); err != nil {
			return nil, err
		}
		n, err := NewNormalization(inputDim)
		if err != nil {
			return nil, o.wrap(err)
		}
		n.base().name = (name)
		if (meanRaw == nil) != (varRaw == nil) {
			return nil, o.errorf("mean and variance must both be arrays or both be null")
		}
		if meanRaw == nil {
			if adapted {
				return nil, o.errorf("is adapted but its mean and variance are null")
			}
			return n, nil
		}
		mean, err := readFloats(meanRaw, "field 'mean'", MaxUnits)
		if err != nil {
			return nil, o.wrap(err)
		}
		variance, err := readFloats(varRaw, "field 'variance'", MaxUnits)
		if err != nil {
			return nil, o.wrap(err)
		}
		if inputDim != 0 && len(mean) != inputDim {
			return nil, o.errorf("inputDim is %d but mean has %d values", inputDim, len(mean))
		}
		if !adapted {
			// Arrays of different lengths are SetStats' error, below.
			for j := range min(len(mean), len(variance)) {
				if math.Float64bits(mean[j]) != 0 || variance[j] != 1 {
					return nil, o.errorf("is not adapted, so its statistics must be the starting ones (mean 0, variance 1), but column %d has mean %v and variance %v", j, mean[j], variance[j])
				}
			}
		}
		if err := n.SetStats(mean, variance); err != nil {
			return nil, o.wrap(err)
		}
		n.adapted = adapted // SetStats marks the layer adapted
		return n, nil
	}
	return nil, o.errorf("unknown layer kind '%s' (known: dense, dropout, normalization)", short(kind))
}

// readWeights reads weight array number j (from 1), which must be want.
func readWeights(raw []byte, j int, want wantWeights) (Weights, error) {
	o, err := parseObject(raw, sprintf("weight array %d", j))
	if err != nil {
		return Weights{}, err
	}
	if err := o.check("name", "shape", "data"); err != nil {
		return Weights{}, err
	}
	var name string
	var shapeRaw, dataRaw []byte
	if err := o.readAll(fieldSpec{"name", &name, required}, fieldSpec{"shape", &shapeRaw, required}, fieldSpec{"data", &dataRaw, required}); err != nil {
		return Weights{}, err
	}
	if name != want.name {
		return Weights{}, errorf("weight array %d is named '%s' but the architecture's is '%s'", j, short(name), want.name)
	}
	o.where = sprintf("weight array %d (%s)", j, want.name)
	shapeItems, err := readArray(shapeRaw, "field 'shape'", 2)
	if err != nil {
		return Weights{}, o.wrap(err)
	}
	shape := make([]int, len(shapeItems))
	for k, it := range shapeItems {
		if err := jsonlite.DecodeScalar(it, &shape[k]); err != nil || isNull(it) {
			return Weights{}, o.errorf("field 'shape' must hold integers, got %s", describe(it))
		}
	}
	if !slices.Equal(shape, want.shape) {
		return Weights{}, o.errorf("shape %v does not match the architecture's %v", shape, want.shape)
	}
	values, err := readFloats(dataRaw, "field 'data'", want.size())
	if err != nil {
		return Weights{}, o.wrap(err)
	}
	if len(values) != want.size() {
		return Weights{}, o.errorf("field 'data' has %d values, want %d", len(values), want.size())
	}
	return Weights{Name: name, Shape: shape, Data: values}, nil
}

// readCompile reads the compile settings.
func readCompile(raw []byte) (*CompileConfig, error) {
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
	loss, err := ParseLoss(lossName)
	if err != nil {
		return nil, o.wrap(err)
	}
	p, err := parseObject(optRaw, "compile: optimizer")
	if err != nil {
		return nil, err
	}
	if err := p.check("name", "learningRate", "momentum", "nesterov", "beta1", "beta2", "epsilon", "rho", "initialAccumulatorValue"); err != nil {
		return nil, err
	}
	var oc OptimizerConfig
	if err := p.readAll(
		fieldSpec{"name", &oc.Name, required},
		fieldSpec{"learningRate", &oc.LearningRate, required},
		fieldSpec{"momentum", &oc.Momentum, optional},
		fieldSpec{"nesterov", &oc.Nesterov, optional},
		fieldSpec{"beta1", &oc.Beta1, optional},
		fieldSpec{"beta2", &oc.Beta2, optional},
		fieldSpec{"epsilon", &oc.Epsilon, optional},
		fieldSpec{"rho", &oc.Rho, optional},
		fieldSpec{"initialAccumulatorValue", &oc.InitialAccumulator, optional},
	); err != nil {
		return nil, err
	}
	opt, err := NewOptimizer(oc)
	if err != nil {
		return nil, p.wrap(err)
	}
	items, err := readArray(metricsRaw, "field 'metrics'", len(MetricNames))
	if err != nil {
		return nil, o.wrap(err)
	}
	metrics := make([]string, len(items))
	for k, it := range items {
		if err := jsonlite.DecodeScalar(it, &metrics[k]); err != nil || isNull(it) {
			return nil, o.errorf("field 'metrics' must hold strings, got %s", describe(it))
		}
	}
	return &CompileConfig{Optimizer: opt, Loss: loss, Metrics: metrics}, nil
}

// Field presence rules for jsonObject.read.
const (
	required = iota // present and not null
	optional        // may be absent (keeps the zero value), not null
	nullable        // present, may be null (keeps the zero value)
)

// fieldSpec is one field for jsonObject.readAll.
type fieldSpec struct {
	name string
	dst  any // *int, *uint64, *float64, *bool, *string or *[]byte (the raw JSON)
	rule int
}

// jsonObject is a JSON object whose fields are read one by one, so that an
// error can name the field and where the object is.
type jsonObject struct {
	where  string            // "layer 2 (dense_1)"; "" for the file itself
	fields map[string][]byte // the values as json.RawMessage holds them
}

// parseObject reads raw as a JSON object.
func parseObject(raw []byte, where string) (*jsonObject, error) {
	fields, ok := jsonlite.ObjectFields(raw)
	if !ok {
		o := &jsonObject{where: where}
		return nil, o.errorf("must be a JSON object, got %s", describe(raw))
	}
	return &jsonObject{where: where, fields: fields}, nil
}

func (o *jsonObject) errorf(format string, args ...any) error {
	if o.where == "" {
		return errorf(format, args...)
	}
	return errorf(o.where+": "+format, args...)
}

// wrap places err (from a constructor or parser) at o, dropping the
// constructor's own prefix.
func (o *jsonObject) wrap(err error) error {
	msg := err.Error()
	for _, p := range []string{"dense: ", "dropout: ", "normalization: "} {
		msg = strings.TrimPrefix(msg, p)
	}
	return o.errorf("%s", msg)
}

// check refuses fields not listed in known.
func (o *jsonObject) check(known ...string) error {
	var unknown []string
	for k := range o.fields {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	strsort.Strings(unknown)
	return o.errorf("unknown field '%s' (known: %s)", short(unknown[0]), strings.Join(known, ", "))
}

// read decodes field name into dst following rule.
func (o *jsonObject) read(name string, dst any, rule int) error {
	v, ok := o.fields[name]
	if !ok {
		if rule == optional {
			return nil
		}
		return o.errorf("missing field '%s'", name)
	}
	if isNull(v) {
		if rule == nullable {
			return nil
		}
		return o.errorf("field '%s' is null, want %s", name, wantOf(dst))
	}
	if rm, ok := dst.(*[]byte); ok {
		*rm = v
		return nil
	}
	if err := jsonlite.DecodeScalar(v, dst); err != nil {
		return o.errorf("field '%s' must be %s, got %s", name, wantOf(dst), describe(v))
	}
	return nil
}

// readAll reads every field in order, stopping at the first error.
func (o *jsonObject) readAll(specs ...fieldSpec) error {
	for _, s := range specs {
		if err := o.read(s.name, s.dst, s.rule); err != nil {
			return err
		}
	}
	return nil
}

// isNull reports whether raw is the JSON null.
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func isNull(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

// wantOf describes the JSON value dst takes.
func wantOf(dst any) string {
	switch dst.(type) {
	case *int:
		return "an integer"
	case *uint64:
		return "an integer ≥ 0"
	case *float64:
		return "a number"
	case *bool:
		return "true or false"
	case *string:
		return "a string"
	}
	return "a value"
}

// describe names the kind of a JSON value, quoting short scalars.
func describe(raw []byte) string {
	s := bytes.TrimSpace(raw)
	if len(s) == 0 {
		return "nothing"
	}
	switch s[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "the string " + short(string(s))
	case 't', 'f', 'n':
		return short(string(s))
	}
	return "the number " + short(string(s))
}

// short cuts a name or value for an error message.
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func short(s string) string {
	const limit = 64
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)
	return string(r[:limit]) + "…"
}

// arrayLen counts the elements of raw if it is a JSON array (raw must be
// valid JSON), without decoding them.
func arrayLen(raw []byte) (int, bool) {
	s := bytes.TrimSpace(raw)
	if len(s) < 2 || s[0] != '[' {
		return 0, false
	}
	inner := bytes.TrimSpace(s[1 : len(s)-1])
	if len(inner) == 0 {
		return 0, true
	}
	n, depth, inString, escaped := 1, 0, false, false
	for _, c := range inner {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			n++
		}
	}
	return n, true
}

// readArray splits a JSON array of at most limit elements.
func readArray(raw []byte, what string, limit int) ([][]byte, error) {
	n, ok := arrayLen(raw)
	if !ok {
		return nil, errorf("%s must be an array, got %s", what, describe(raw))
	}
	if n > limit {
		return nil, errorf("%s has %d elements, more than the %d allowed", what, n, limit)
	}
	items, ok := jsonlite.ArrayItems(raw)
	if !ok { // not reached: arrayLen said it is an array
		return nil, errorf("%s must be an array, got %s", what, describe(raw))
	}
	return items, nil
}

// readFloats parses a JSON array of at most limit numbers. Unlike
// encoding/json it refuses null elements (which it would read as 0) and
// counts the elements before allocating.
func readFloats(raw []byte, what string, limit int) ([]float64, error) {
	n, ok := arrayLen(raw)
	if !ok {
		return nil, errorf("%s must be an array of numbers, got %s", what, describe(raw))
	}
	if n > limit {
		return nil, errorf("%s has %d values, more than the %d expected", what, n, limit)
	}
	out := make([]float64, 0, n)
	s := bytes.TrimSpace(raw)
	i := 1 // after '['
	for k := 0; k < n; k++ {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		start := i
		for i < len(s) && strings.IndexByte("+-.eE0123456789", s[i]) >= 0 {
			i++
		}
		if i == start {
			return nil, errorf("%s: value %d is %s, want a number", what, k, describe(elementAt(s[start:])))
		}
		v, err := strconv.ParseFloat(string(s[start:i]), 64)
		if err != nil {
			return nil, errorf("%s: value %d (%s) is out of range", what, k, short(string(s[start:i])))
		}
		out = append(out, v)
		for i < len(s) && (isSpace(s[i]) || s[i] == ',') {
			i++
		}
	}
	return out, nil
}

// elementAt returns the JSON value at the start of s (valid JSON), for
// describing it.
func elementAt(s []byte) []byte {
	if end := jsonlite.ValueEnd(s, 0); end > 0 {
		return s[:end]
	}
	return s[:min(len(s), 1)]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
