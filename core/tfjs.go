package core

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gotrain/gotrain/core/internal/jsonlite"
	"github.com/gotrain/gotrain/core/internal/strsort"
)

// TF.js Layers format: the model.json topology, the weight manifest and the
// little-endian float32 weight data that TensorFlow.js' model.save writes and
// tf.loadLayersModel reads. The layouts below follow TF.js 4.22 exactly; see
// build/parity/gen.mjs, which records what TF.js itself writes into
// core/testdata/tfjs for the tests.

// TfjsKerasVersion is the keras_version TF.js 4.22 writes into a topology.
const TfjsKerasVersion = "tfjs-layers 4.22.0"

// TfjsWeightSpec describes one weight array of a TF.js weight manifest.
type TfjsWeightSpec struct {
	// Name is "layer/kernel" or "layer/bias" for model weights.
	Name string `json:"name"`
	// Shape is [inputs, units] for a kernel, [units] for a bias.
	Shape []int `json:"shape"`
	// Dtype is "float32" for every model weight.
	Dtype string `json:"dtype"`
	// Group is "optimizer" for the optimizer state TF.js saves with
	// includeOptimizer; FromTfjs skips those arrays. Empty otherwise.
	Group string `json:"group,omitempty"`
	// Quantization is set for weights quantized by tfjs-converter, which
	// FromTfjs refuses.
	Quantization RawJSON `json:"quantization,omitempty"`
}

// RawJSON is a raw encoded JSON value, as encoding/json's RawMessage: it
// marshals as itself (null when nil) and unmarshals as a copy of the input,
// so that json.Marshal and json.Unmarshal handle TfjsArtifacts as they would
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
		return errors.New("core.RawJSON: UnmarshalJSON on nil pointer")
	}
	*m = append((*m)[0:0], data...)
	return nil
}

// TfjsArtifacts is what TF.js' model.save hands to an IOHandler: the
// topology, the weight manifest and the weights, float32 little-endian in
// manifest order.
type TfjsArtifacts struct {
	// ModelTopology is model.toJSON(null, false): a Sequential's config.
	ModelTopology RawJSON `json:"modelTopology"`
	// Format is "layers-model".
	Format string `json:"format,omitempty"`
	// GeneratedBy names the writer.
	GeneratedBy string `json:"generatedBy,omitempty"`
	// WeightSpecs lists the weight arrays in WeightData's order.
	WeightSpecs []TfjsWeightSpec `json:"weightSpecs"`
	// WeightData holds every array of WeightSpecs, float32 little-endian.
	WeightData []byte `json:"weightData"`
	// TrainingConfig is {loss, metrics, optimizer_config} for a compiled
	// model, as LayersModel.getTrainingConfig writes it; nil otherwise.
	TrainingConfig RawJSON `json:"trainingConfig,omitempty"`
}

// ---------------------------------------------------------------------------
// Export

// tfjsObj is a serialized Keras object: {class_name, config}.
type tfjsObj struct {
	ClassName string `json:"class_name"`
	Config    any    `json:"config"`
}

type tfjsSequentialJSON struct {
	ClassName string `json:"class_name"`
	Config    struct {
		Name   string    `json:"name"`
		Layers []tfjsObj `json:"layers"`
	} `json:"config"`
	KerasVersion string `json:"keras_version"`
	Backend      string `json:"backend"`
}

// The layer configs, fields in the order TF.js writes them.
type tfjsDenseConfig struct {
	Units               int      `json:"units"`
	Activation          string   `json:"activation"`
	UseBias             bool     `json:"use_bias"`
	KernelInitializer   tfjsObj  `json:"kernel_initializer"`
	BiasInitializer     tfjsObj  `json:"bias_initializer"`
	KernelRegularizer   *tfjsObj `json:"kernel_regularizer"`
	BiasRegularizer     *tfjsObj `json:"bias_regularizer"`
	ActivityRegularizer *tfjsObj `json:"activity_regularizer"`
	KernelConstraint    *tfjsObj `json:"kernel_constraint"`
	BiasConstraint      *tfjsObj `json:"bias_constraint"`
	Name                string   `json:"name"`
	Trainable           bool     `json:"trainable"`
	BatchInputShape     []*int   `json:"batch_input_shape,omitempty"`
	Dtype               string   `json:"dtype,omitempty"`
}

type tfjsDropoutConfig struct {
	Rate            float64 `json:"rate"`
	NoiseShape      *[]int  `json:"noise_shape"`
	Seed            *int    `json:"seed"`
	Name            string  `json:"name"`
	Trainable       bool    `json:"trainable"`
	BatchInputShape []*int  `json:"batch_input_shape,omitempty"`
	Dtype           string  `json:"dtype,omitempty"`
}

type tfjsLeakyReLUConfig struct {
	Alpha     float64 `json:"alpha"`
	Name      string  `json:"name"`
	Trainable bool    `json:"trainable"`
}

type tfjsVarianceScaling struct {
	Scale        float64 `json:"scale"`
	Mode         string  `json:"mode"`
	Distribution string  `json:"distribution"`
	Seed         *int    `json:"seed"`
}

type tfjsL1L2 struct {
	L1 float64 `json:"l1"`
	L2 float64 `json:"l2"`
}

// tfjsEmpty is an empty config, {}.
type tfjsEmpty struct{}

// The appendJSON methods write these types as json.Marshal does (fields in
// order, as tagged); json_test.go compares them with encoding/json.

func (tfjsEmpty) AppendJSON(w *jsonlite.Writer) { w.Raw("{}") }

func (o tfjsObj) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"class_name":`)
	w.Str(o.ClassName)
	w.Raw(`,"config":`)
	w.Value(o.Config)
	w.Raw("}")
}

// tfjsObjPtr writes a *tfjsObj (null for nil).
func tfjsObjPtr(w *jsonlite.Writer, o *tfjsObj) {
	if o == nil {
		w.Raw("null")
		return
	}
	o.AppendJSON(w)
}

// intPtr writes a *int (null for nil).
func intPtr(w *jsonlite.Writer, p *int) {
	if p == nil {
		w.Raw("null")
		return
	}
	w.Int(*p)
}

// batchInputShape writes `,"batch_input_shape":[null,n]` (omitempty).
func batchInputShape(w *jsonlite.Writer, s []*int) {
	if len(s) == 0 {
		return
	}
	w.Raw(`,"batch_input_shape":[`)
	for i, p := range s {
		if i > 0 {
			w.Raw(",")
		}
		intPtr(w, p)
	}
	w.Raw("]")
}

// dtype writes `,"dtype":"..."` (omitempty).
func dtype(w *jsonlite.Writer, d string) {
	if d != "" {
		w.Raw(`,"dtype":`)
		w.Str(d)
	}
}

func (t tfjsSequentialJSON) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"class_name":`)
	w.Str(t.ClassName)
	w.Raw(`,"config":{"name":`)
	w.Str(t.Config.Name)
	w.Raw(`,"layers":`)
	if t.Config.Layers == nil {
		w.Raw("null")
	} else {
		w.Raw("[")
		for i, l := range t.Config.Layers {
			if i > 0 {
				w.Raw(",")
			}
			l.AppendJSON(w)
		}
		w.Raw("]")
	}
	w.Raw(`},"keras_version":`)
	w.Str(t.KerasVersion)
	w.Raw(`,"backend":`)
	w.Str(t.Backend)
	w.Raw("}")
}

func (c tfjsDenseConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"units":`)
	w.Int(c.Units)
	w.Raw(`,"activation":`)
	w.Str(c.Activation)
	w.Raw(`,"use_bias":`)
	w.Bool(c.UseBias)
	w.Raw(`,"kernel_initializer":`)
	c.KernelInitializer.AppendJSON(w)
	w.Raw(`,"bias_initializer":`)
	c.BiasInitializer.AppendJSON(w)
	w.Raw(`,"kernel_regularizer":`)
	tfjsObjPtr(w, c.KernelRegularizer)
	w.Raw(`,"bias_regularizer":`)
	tfjsObjPtr(w, c.BiasRegularizer)
	w.Raw(`,"activity_regularizer":`)
	tfjsObjPtr(w, c.ActivityRegularizer)
	w.Raw(`,"kernel_constraint":`)
	tfjsObjPtr(w, c.KernelConstraint)
	w.Raw(`,"bias_constraint":`)
	tfjsObjPtr(w, c.BiasConstraint)
	w.Raw(`,"name":`)
	w.Str(c.Name)
	w.Raw(`,"trainable":`)
	w.Bool(c.Trainable)
	batchInputShape(w, c.BatchInputShape)
	dtype(w, c.Dtype)
	w.Raw("}")
}

func (c tfjsDropoutConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"rate":`)
	w.Float(c.Rate)
	w.Raw(`,"noise_shape":`)
	if c.NoiseShape == nil {
		w.Raw("null")
	} else {
		w.Ints(*c.NoiseShape)
	}
	w.Raw(`,"seed":`)
	intPtr(w, c.Seed)
	w.Raw(`,"name":`)
	w.Str(c.Name)
	w.Raw(`,"trainable":`)
	w.Bool(c.Trainable)
	batchInputShape(w, c.BatchInputShape)
	dtype(w, c.Dtype)
	w.Raw("}")
}

func (c tfjsLeakyReLUConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"alpha":`)
	w.Float(c.Alpha)
	w.Raw(`,"name":`)
	w.Str(c.Name)
	w.Raw(`,"trainable":`)
	w.Bool(c.Trainable)
	w.Raw("}")
}

func (c tfjsVarianceScaling) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"scale":`)
	w.Float(c.Scale)
	w.Raw(`,"mode":`)
	w.Str(c.Mode)
	w.Raw(`,"distribution":`)
	w.Str(c.Distribution)
	w.Raw(`,"seed":`)
	intPtr(w, c.Seed)
	w.Raw("}")
}

func (c tfjsL1L2) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"l1":`)
	w.Float(c.L1)
	w.Raw(`,"l2":`)
	w.Float(c.L2)
	w.Raw("}")
}

func (c tfjsMomentumConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"learningRate":`)
	w.Float(c.LearningRate)
	w.Raw(`,"momentum":`)
	w.Float(c.Momentum)
	w.Raw(`,"useNesterov":`)
	w.Bool(c.UseNesterov)
	w.Raw("}")
}

func (c tfjsAdamConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"learningRate":`)
	w.Float(c.LearningRate)
	w.Raw(`,"beta1":`)
	w.Float(c.Beta1)
	w.Raw(`,"beta2":`)
	w.Float(c.Beta2)
	w.Raw(`,"epsilon":`)
	w.Float(c.Epsilon)
	w.Raw("}")
}

func (c tfjsRMSPropConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"learningRate":`)
	w.Float(c.LearningRate)
	w.Raw(`,"decay":`)
	w.Float(c.Decay)
	w.Raw(`,"momentum":`)
	w.Float(c.Momentum)
	w.Raw(`,"epsilon":`)
	w.Float(c.Epsilon)
	w.Raw(`,"centered":`)
	w.Bool(c.Centered)
	w.Raw("}")
}

func (c tfjsAdagradConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"learningRate":`)
	w.Float(c.LearningRate)
	w.Raw(`,"initialAccumulatorValue":`)
	w.Float(c.InitialAccumulatorValue)
	w.Raw("}")
}

func (c tfjsSGDConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"learningRate":`)
	w.Float(c.LearningRate)
	w.Raw("}")
}

func (c tfjsTrainingConfig) AppendJSON(w *jsonlite.Writer) {
	w.Raw(`{"loss":`)
	w.Str(c.Loss)
	w.Raw(`,"metrics":`)
	w.Strs(c.Metrics)
	w.Raw(`,"optimizer_config":`)
	c.OptimizerConfig.AppendJSON(w)
	w.Raw("}")
}

// tfjsActivationNames maps our activations to TF.js' activation strings;
// leakyRelu has none (TF.js has only the LeakyReLU layer).
var tfjsActivationNames = map[Activation]string{
	Linear: "linear", ReLU: "relu", ELU: "elu", Sigmoid: "sigmoid",
	Tanh: "tanh", Softmax: "softmax", Softplus: "softplus",
}

// tfjsInitializer returns the initializer as TF.js serializes it: the
// Glorot and He initializers are VarianceScaling objects.
func tfjsInitializer(in Initializer) tfjsObj {
	vs := func(scale float64, mode, dist string) tfjsObj {
		return tfjsObj{"VarianceScaling", tfjsVarianceScaling{scale, mode, dist, nil}}
	}
	switch in {
	case GlorotNormal:
		return vs(1, "fan_avg", "normal")
	case HeUniform:
		return vs(2, "fan_in", "uniform")
	case HeNormal:
		return vs(2, "fan_in", "normal")
	case Zeros:
		return tfjsObj{"Zeros", tfjsEmpty{}}
	}
	return vs(1, "fan_avg", "uniform")
}

// tfjsLossNames are the losses as LayersModel.getTrainingConfig writes them.
var tfjsLossNames = map[Loss]string{
	MeanSquaredError:              "mean_squared_error",
	MeanAbsoluteError:             "mean_absolute_error",
	BinaryCrossentropy:            "binary_crossentropy",
	CategoricalCrossentropy:       "categorical_crossentropy",
	SparseCategoricalCrossentropy: "sparse_categorical_crossentropy",
}

// tfjsMetrics are the metric strings TF.js' compile accepts; gotrain's
// recall and f1 have no TF.js string and are left out of a trainingConfig.
var tfjsMetrics = map[string]bool{"accuracy": true, "acc": true, "precision": true, "mse": true, "mae": true}

// tfjsOptimizerConfig returns an optimizer's {class_name, config} as TF.js'
// Optimizer.getClassName and getConfig write it.
func tfjsOptimizerConfig(c OptimizerConfig) tfjsObj {
	switch c.Name {
	case "momentum":
		return tfjsObj{"Momentum", tfjsMomentumConfig{c.LearningRate, c.Momentum, c.Nesterov}}
	case "adam":
		return tfjsObj{"Adam", tfjsAdamConfig{c.LearningRate, c.Beta1, c.Beta2, c.Epsilon}}
	case "rmsprop":
		return tfjsObj{"RMSProp", tfjsRMSPropConfig{c.LearningRate, c.Rho, c.Momentum, c.Epsilon, false}}
	case "adagrad":
		// TF.js' Adagrad has no epsilon setting: it always adds 1e-7.
		return tfjsObj{"Adagrad", tfjsAdagradConfig{c.LearningRate, c.InitialAccumulator}}
	}
	return tfjsObj{"SGD", tfjsSGDConfig{c.LearningRate}}
}

// The optimizer configs, fields in the order TF.js writes them.
type (
	tfjsMomentumConfig struct {
		LearningRate float64 `json:"learningRate"`
		Momentum     float64 `json:"momentum"`
		UseNesterov  bool    `json:"useNesterov"`
	}
	tfjsAdamConfig struct {
		LearningRate float64 `json:"learningRate"`
		Beta1        float64 `json:"beta1"`
		Beta2        float64 `json:"beta2"`
		Epsilon      float64 `json:"epsilon"`
	}
	tfjsRMSPropConfig struct {
		LearningRate float64 `json:"learningRate"`
		Decay        float64 `json:"decay"`
		Momentum     float64 `json:"momentum"`
		Epsilon      float64 `json:"epsilon"`
		Centered     bool    `json:"centered"`
	}
	tfjsAdagradConfig struct {
		LearningRate            float64 `json:"learningRate"`
		InitialAccumulatorValue float64 `json:"initialAccumulatorValue"`
	}
	tfjsSGDConfig struct {
		LearningRate float64 `json:"learningRate"`
	}
	// tfjsTrainingConfig is LayersModel.getTrainingConfig's object.
	tfjsTrainingConfig struct {
		Loss            string   `json:"loss"`
		Metrics         []string `json:"metrics"`
		OptimizerConfig tfjsObj  `json:"optimizer_config"`
	}
)

// exportedDense is one Dense layer of the export with its (possibly folded)
// weights.
type exportedDense struct {
	d      *Dense
	kernel []float64 // inputs×units, row-major
	bias   []float64 // nil without bias
}

// ToTfjs returns the model in TF.js Layers format, as TF.js' model.save
// writes a Sequential model: tf.loadLayersModel loads it and predicts the
// same values to float32 precision.
//
// A leakyRelu Dense layer becomes a linear Dense followed by TF.js'
// LeakyReLU layer (alpha 0.2), since TF.js has no leakyRelu activation
// string. A Normalization layer, which TF.js does not have, is folded into
// the next Dense layer (Dropout layers between them are fine): with
// σ = max(sqrt(variance), 1e-7), W' = diag(1/σ)·W and b' = b − (μ/σ)·W, so
// predictions are unchanged; the Dense layer gains a bias if it had none.
// The kernel regularizer then applies to W', so continued training in TF.js
// is not exactly what it would be here. Folding is exact in exact
// arithmetic; in float32, x/σ − μ/σ cancels, so the rounding grows with
// |μ/σ|, and a constant column (σ at its floor 1e-7) gives weights of
// about 1e7·W that cancel badly: drop such columns before exporting.
//
// A compiled model carries a trainingConfig (loss, metrics, optimizer) that
// TF.js compiles on load; metrics TF.js does not know (recall, f1) are left
// out. Optimizer state is not exported.
func (m *Sequential) ToTfjs() (*TfjsArtifacts, error) {
	if len(m.layers) == 0 {
		return nil, errors.New("toTfjs: the model has no layers")
	}
	if !m.built {
		return nil, errors.New("toTfjs: the model is not built yet (give the first layer an inputShape, or fit first)")
	}
	var topo tfjsSequentialJSON
	topo.ClassName = "Sequential"
	topo.Config.Name = "sequential_1"
	topo.KerasVersion = TfjsKerasVersion
	topo.Backend = "tensor_flow.js"
	topo.Config.Layers = []tfjsObj{}

	names := map[string]bool{}
	for _, l := range m.layers {
		names[l.Name()] = true
	}
	inputShape := []*int{nil, new(int)}
	*inputShape[1] = m.InputDim()
	first := func() ([]*int, string) {
		if len(topo.Config.Layers) == 0 {
			return inputShape, "float32"
		}
		return nil, ""
	}

	// scale and shift hold the affine map x ↦ scale·x + shift of the
	// Normalization layers not yet folded (nil when there are none).
	var scale, shift []float64
	var pending *Normalization
	var dense []exportedDense
	for _, l := range m.layers {
		switch l := l.(type) {
		case *Normalization:
			if scale == nil {
				scale, shift = make([]float64, l.inputs), make([]float64, l.inputs)
				for j := range scale {
					scale[j] = 1
				}
			}
			for j := range scale {
				// y = (x' − μ)·(1/σ) with x' = scale·x + shift.
				scale[j] *= l.invStd[j]
				shift[j] = (shift[j] - l.mean[j]) * l.invStd[j]
			}
			pending = l
		case *Dropout:
			bis, dt := first()
			topo.Config.Layers = append(topo.Config.Layers, tfjsObj{"Dropout", tfjsDropoutConfig{
				Rate: l.rate, Name: l.name, Trainable: true, BatchInputShape: bis, Dtype: dt,
			}})
		case *Dense:
			e := foldDense(l, scale, shift)
			scale, shift, pending = nil, nil, nil
			act, ok := tfjsActivationNames[l.cfg.Activation]
			if l.cfg.Activation == LeakyReLU {
				act, ok = "linear", true
			}
			if !ok {
				return nil, errorf("toTfjs: layer '%s': activation '%s' has no TF.js equivalent", l.name, l.cfg.Activation)
			}
			var reg *tfjsObj
			if !l.cfg.Regularizer.IsZero() {
				reg = &tfjsObj{"L1L2", tfjsL1L2{l.cfg.Regularizer.L1, l.cfg.Regularizer.L2}}
			}
			bis, dt := first()
			topo.Config.Layers = append(topo.Config.Layers, tfjsObj{"Dense", tfjsDenseConfig{
				Units:             l.cfg.Units,
				Activation:        act,
				UseBias:           e.bias != nil,
				KernelInitializer: tfjsInitializer(l.cfg.Initializer),
				BiasInitializer:   tfjsObj{"Zeros", tfjsEmpty{}},
				KernelRegularizer: reg,
				Name:              l.name,
				Trainable:         true,
				BatchInputShape:   bis,
				Dtype:             dt,
			}})
			if l.cfg.Activation == LeakyReLU {
				name := l.name + "_leaky_re_lu"
				for i := 2; names[name]; i++ {
					name = sprintf("%s_leaky_re_lu_%d", l.name, i)
				}
				names[name] = true
				topo.Config.Layers = append(topo.Config.Layers, tfjsObj{"LeakyReLU", tfjsLeakyReLUConfig{LeakyReLUAlpha, name, true}})
			}
			dense = append(dense, e)
		default:
			return nil, errorf("toTfjs: layer '%s' (%s) has no TF.js equivalent", l.Name(), l.Kind())
		}
	}
	if pending != nil {
		return nil, errorf("toTfjs: layer '%s' (normalization): TF.js has no Normalization layer and there is no Dense layer after it to fold it into", pending.name)
	}
	if len(dense) == 0 {
		return nil, errors.New("toTfjs: the model has no Dense layer")
	}

	a := &TfjsArtifacts{Format: "layers-model", GeneratedBy: "gotrain", WeightSpecs: []TfjsWeightSpec{}}
	n := 0
	for _, e := range dense {
		n += len(e.kernel) + len(e.bias)
	}
	buf := make([]byte, 0, 4*n)
	put := func(name string, shape []int, v []float64) error {
		for i, x := range v {
			f := float32(x)
			if math.IsNaN(x) || math.IsInf(float64(f), 0) {
				return errorf("toTfjs: %s value %d is %v, which float32 cannot hold", name, i, x)
			}
			buf = appendUint32LE(buf, math.Float32bits(f))
		}
		a.WeightSpecs = append(a.WeightSpecs, TfjsWeightSpec{Name: name, Shape: shape, Dtype: "float32"})
		return nil
	}
	for _, e := range dense {
		if err := put(e.d.name+"/kernel", []int{e.d.inputs, e.d.cfg.Units}, e.kernel); err != nil {
			return nil, err
		}
		if e.bias != nil {
			if err := put(e.d.name+"/bias", []int{e.d.cfg.Units}, e.bias); err != nil {
				return nil, err
			}
		}
	}
	a.WeightData = buf
	var err error
	if a.ModelTopology, err = jsonlite.Marshal(topo); err != nil {
		return nil, errorf("toTfjs: %v", err)
	}
	if m.compiled {
		metrics := []string{}
		for _, name := range m.metrics {
			if tfjsMetrics[name] {
				metrics = append(metrics, name)
			}
		}
		tc := tfjsTrainingConfig{tfjsLossNames[m.loss], metrics, tfjsOptimizerConfig(m.opt.Config())}
		if a.TrainingConfig, err = jsonlite.Marshal(tc); err != nil {
			return nil, errorf("toTfjs: %v", err)
		}
	}
	return a, nil
}

// foldDense returns d's weights with the affine input map x ↦ scale·x + shift
// folded in (none when scale is nil): W' = diag(scale)·W, b' = b + shift·W.
func foldDense(d *Dense, scale, shift []float64) exportedDense {
	e := exportedDense{d: d, kernel: append([]float64(nil), raw(d.kernel.Value)...)}
	if d.bias != nil {
		e.bias = append([]float64(nil), raw(d.bias.Value)...)
	}
	if scale == nil {
		return e
	}
	units := d.cfg.Units
	if e.bias == nil {
		e.bias = make([]float64, units)
	}
	for i := 0; i < d.inputs; i++ {
		row := e.kernel[i*units : (i+1)*units]
		for j, w := range row {
			e.bias[j] += shift[i] * w
			row[j] = w * scale[i]
		}
	}
	return e
}

// ---------------------------------------------------------------------------
// Import

// jsonObj is a decoded JSON object with its keys in camelCase, as TF.js'
// convertPythonicToTs turns Keras' snake_case keys into.
type jsonObj map[string]any

// AppendJSON writes o as json.Marshal writes a map.
func (o jsonObj) AppendJSON(w *jsonlite.Writer) { w.Object(o) }

// camelKeys returns v with every object key in camelCase, recursively.
func camelKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		o := jsonObj{}
		for k, x := range v {
			o[toCamel(k)] = camelKeys(x)
		}
		return o
	case []any:
		for i, x := range v {
			v[i] = camelKeys(x)
		}
		return v
	}
	return v
}

// toSnake turns a camelCase key back into the snake_case TF.js files use,
// for error messages: "batchInputShape" → "batch_input_shape".
func toSnake(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('_')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// toCamel is TF.js' toCamelCase: "batch_input_shape" → "batchInputShape".
func toCamel(s string) string {
	if !strings.Contains(s, "_") {
		return s
	}
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r == '_':
			up = true
		case up:
			b.WriteString(strings.ToUpper(string(r)))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// has reports whether o has a non-null k.
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func (o jsonObj) has(k string) bool { v, ok := o[k]; return ok && v != nil }

// obj returns o[k] if it is an object.
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func (o jsonObj) obj(k string) (jsonObj, bool) {
	v, ok := o[k].(jsonObj)
	return v, ok
}

// str returns o[k] if it is a string.
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func (o jsonObj) str(k string) (string, bool) {
	v, ok := o[k].(string)
	return v, ok
}

// num returns the number at k; ok is false when it is absent or null, err
// set when it is not a number.
func (o jsonObj) num(k string) (v float64, ok bool, err error) {
	x, present := o[k]
	if !present || x == nil {
		return 0, false, nil
	}
	f, isNum := x.(float64)
	if !isNum {
		return 0, false, errorf("%s is %s, not a number", toSnake(k), describeJSON(x))
	}
	return f, true, nil
}

// className returns an object's class_name (or className).
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func (o jsonObj) className() string {
	s, _ := o.str("className")
	return s
}

// describeJSON names a JSON value's kind for error messages.
func describeJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		if len(v) > 40 {
			v = v[:40] + "…"
		}
		return sprintf("'%s'", v)
	case float64:
		return sprintf("%v", v)
	case bool:
		return sprintf("%v", v)
	case []any:
		return "a list"
	}
	return "an object"
}

// intIn returns the integer x if it is a whole number in [lo, hi].
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func intIn(x any, lo, hi int) (int, bool) {
	f, ok := x.(float64)
	if !ok || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, false
	}
	return int(f), true
}

// tfjsLayer is one layer of the topology as FromTfjs understands it.
type tfjsLayer struct {
	class string
	name  string
	cfg   jsonObj
}

// FromTfjs loads a Sequential model of Dense and Dropout layers saved by
// TF.js (model.save) or converted from Keras by tfjs-converter.
//
// topology is the modelTopology JSON (a Sequential's {class_name, config}),
// possibly wrapped as Keras writes it ({model_config, training_config}), or a
// whole model.json / artifacts object ({modelTopology, weightsManifest,
// trainingConfig}); when specs is nil they are taken from its
// weightsManifest. The Sequential config may be {layers: [...]} or a bare
// list of layers; keys may be snake_case or camelCase; the input width may be
// given as batch_input_shape, input_shape or input_dim, or by a leading
// InputLayer. A linear Dense followed by LeakyReLU (alpha 0.2) or by an
// Activation layer becomes one Dense layer. specs and data are the weight
// manifest and its float32 little-endian data; optimizer weights (group
// "optimizer") are skipped.
//
// Everything gotrain cannot represent is refused with an error naming the
// layer and the problem: other layer classes, unknown activations, bias or
// activity regularizers, constraints, frozen layers, dtypes other than
// float32, quantized weights, weight shapes that do not match the layers,
// and weight data of the wrong length. Sizes are checked against MaxUnits
// and MaxParams before anything is allocated. Kernel initializers only
// matter before training and are kept when gotrain has them (glorotUniform
// otherwise).
//
// A trainingConfig found in topology compiles the model so that it can go
// on training with a fresh optimizer state; without one the model is
// uncompiled. A Keras training_config is used when gotrain understands it
// and ignored otherwise, as TF.js ignores it.
func FromTfjs(topology []byte, specs []TfjsWeightSpec, data []byte) (*Sequential, error) {
	return fromTfjs(topology, specs, data, nil)
}

// FromTfjsArtifacts is FromTfjs for artifacts as model.save produces them,
// compiling the model from a.TrainingConfig when it is set.
func FromTfjsArtifacts(a *TfjsArtifacts) (*Sequential, error) {
	if a == nil {
		return nil, errors.New("fromTfjs: artifacts are nil")
	}
	return fromTfjs(a.ModelTopology, a.WeightSpecs, a.WeightData, a.TrainingConfig)
}

func fromTfjs(topology []byte, specs []TfjsWeightSpec, data []byte, trainingConfig []byte) (*Sequential, error) {
	fail := func(format string, args ...any) (*Sequential, error) {
		return nil, errorf("fromTfjs: "+format, args...)
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
		return fail("model class '%s' is not supported: only Sequential models load", c)
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
	m, err := buildFromTfjs(layers, specs, data)
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
// weightsManifest ([{paths, weights: [...]}]), in shard order. It reads v
// (decoded, keys in camelCase) as json.Unmarshal reads its JSON into
// []struct{Weights []TfjsWeightSpec}: keys matched without regard to case,
// unknown keys and nulls ignored, and the first value of the wrong type
// refused with encoding/json's words.
func specsFromManifest(v any) ([]TfjsWeightSpec, error) {
	// The Go type encoding/json names in its errors.
	const tfjsGroupType = `struct { Weights []core.TfjsWeightSpec "json:\"weights\"" }`
	var groups [][]TfjsWeightSpec
	if v != nil {
		list, ok := v.([]any)
		if !ok {
			return nil, manifestTypeError(v, "", "[]"+tfjsGroupType)
		}
		groups = make([][]TfjsWeightSpec, len(list))
		for i, g := range list {
			if g == nil {
				continue
			}
			o, ok := g.(jsonObj)
			if !ok {
				return nil, manifestTypeError(g, "", tfjsGroupType)
			}
			for _, k := range sortedKeys(o) {
				if !strings.EqualFold(k, "weights") {
					continue
				}
				var err error
				if groups[i], err = decodeSpecs(o[k], groups[i]); err != nil {
					return nil, err
				}
			}
		}
	}
	specs := []TfjsWeightSpec{}
	for _, g := range groups {
		specs = append(specs, g...)
	}
	return specs, nil
}

// decodeSpecs decodes a weights list into dst as json.Unmarshal decodes a
// JSON array into a slice: elements decoded in place over what dst held.
func decodeSpecs(v any, dst []TfjsWeightSpec) ([]TfjsWeightSpec, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return dst, manifestTypeError(v, ".weights", "[]core.TfjsWeightSpec")
	}
	for i, x := range list {
		if i >= cap(dst) {
			dst = slices.Grow(dst, 1)
		}
		if i >= len(dst) {
			dst = dst[:i+1]
		}
		if x == nil {
			continue
		}
		o, ok := x.(jsonObj)
		if !ok {
			return dst, manifestTypeError(x, ".weights", "core.TfjsWeightSpec")
		}
		s := &dst[i]
		for _, k := range sortedKeys(o) {
			f := o[k]
			var str *string
			var field string
			switch {
			case strings.EqualFold(k, "name"):
				str, field = &s.Name, "name"
			case strings.EqualFold(k, "dtype"):
				str, field = &s.Dtype, "dtype"
			case strings.EqualFold(k, "group"):
				str, field = &s.Group, "group"
			case strings.EqualFold(k, "quantization"):
				b, err := jsonlite.Marshal(f)
				if err != nil {
					return dst, err
				}
				s.Quantization = append(s.Quantization[:0], b...)
				continue
			case strings.EqualFold(k, "shape"):
				var err error
				if s.Shape, err = decodeShape(f, s.Shape); err != nil {
					return dst, err
				}
				continue
			default:
				continue
			}
			switch f := f.(type) {
			case nil:
			case string:
				*str = f
			default:
				return dst, manifestTypeError(f, "TfjsWeightSpec.weights."+field, "string")
			}
		}
	}
	if len(list) < len(dst) {
		dst = dst[:len(list)]
	}
	if len(list) == 0 {
		dst = []TfjsWeightSpec{}
	}
	return dst, nil
}

// decodeShape decodes a weight shape into dst as decodeSpecs does specs.
func decodeShape(v any, dst []int) ([]int, error) {
	const field = "TfjsWeightSpec.weights.shape"
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return dst, manifestTypeError(v, field, "[]int")
	}
	for i, x := range list {
		if i >= cap(dst) {
			dst = slices.Grow(dst, 1)
		}
		if i >= len(dst) {
			dst = dst[:i+1]
		}
		switch x := x.(type) {
		case nil:
		case float64:
			// json.Unmarshal would read the number as json.Marshal wrote it.
			text := string(jsonlite.AppendFloat(nil, x))
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return dst, errors.New("weightsManifest: json: cannot unmarshal number " + text + " into Go struct field " + field + " of type int")
			}
			dst[i] = int(n)
		default:
			return dst, manifestTypeError(x, field, "int")
		}
	}
	if len(list) < len(dst) {
		dst = dst[:len(list)]
	}
	if len(list) == 0 {
		dst = []int{}
	}
	return dst, nil
}

// manifestTypeError is json.UnmarshalTypeError's message for a value of
// the wrong kind, prefixed with "weightsManifest: ".
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func manifestTypeError(v any, field, typ string) error {
	kind := "object"
	switch v.(type) {
	case []any:
		kind = "array"
	case string:
		kind = "string"
	case float64:
		kind = "number"
	case bool:
		kind = "bool"
	}
	if field == "" {
		return errors.New("weightsManifest: json: cannot unmarshal " + kind + " into Go value of type " + typ)
	}
	return errors.New("weightsManifest: json: cannot unmarshal " + kind + " into Go struct field " + field + " of type " + typ)
}

// sortedKeys returns o's keys in the order json.Marshal writes them.
func sortedKeys(o jsonObj) []string {
	keys := make([]string, 0, len(o))
	for k := range o {
		keys = append(keys, k)
	}
	strsort.Strings(keys)
	return keys
}

// layerErr formats an error about layer l.
func layerErr(i int, l tfjsLayer, format string, args ...any) error {
	who := sprintf("layer %d", i+1)
	if l.name != "" {
		who = sprintf("layer '%s'", l.name)
	}
	if l.class != "" {
		who += " (" + l.class + ")"
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
		n, ok := intIn(s[want-1], 1, MaxUnits)
		if !ok {
			return 0, errorf("%s %s: the number of features must be between 1 and %d", toSnake(k), describeShape(cfg[k]), MaxUnits)
		}
		return n, nil
	}
	if cfg.has("inputDim") {
		n, ok := intIn(cfg["inputDim"], 1, MaxUnits)
		if !ok {
			return 0, errorf("input_dim %s must be between 1 and %d", describeJSON(cfg["inputDim"]), MaxUnits)
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
func parseTfjsActivation(v any) (Activation, error) {
	if v == nil {
		return Linear, nil
	}
	s, ok := v.(string)
	if !ok {
		return 0, errorf("activation %s is not supported", describeJSON(v))
	}
	a, err := ParseActivation(s)
	if err != nil || s == "" {
		return 0, errorf("activation '%s' is not supported (known: linear, relu, elu, sigmoid, tanh, softmax, softplus)", s)
	}
	return a, nil
}

// parseTfjsInitializer maps a serialized initializer to ours; those gotrain
// does not have become glorotUniform (they only matter before training).
func parseTfjsInitializer(v any) Initializer {
	o, ok := v.(jsonObj)
	if !ok {
		if s, ok := v.(string); ok {
			if in, err := ParseInitializer(s); err == nil {
				return in
			}
		}
		return GlorotUniform
	}
	cfg, _ := o.obj("config")
	switch o.className() {
	case "GlorotNormal":
		return GlorotNormal
	case "HeUniform":
		return HeUniform
	case "HeNormal":
		return HeNormal
	case "Zeros":
		return Zeros
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
			return GlorotNormal
		case scale == 2 && mode == "fanin" && dist == "uniform":
			return HeUniform
		case scale == 2 && mode == "fanin" && normal:
			return HeNormal
		}
	}
	return GlorotUniform
}

// parseTfjsRegularizer reads kernel_regularizer: null, L1L2 {l1, l2}, L1 {l1}
// or L2 {l2}.
func parseTfjsRegularizer(v any) (Regularizer, error) {
	if v == nil {
		return Regularizer{}, nil
	}
	o, ok := v.(jsonObj)
	if !ok {
		return Regularizer{}, errorf("kernel_regularizer %s is not supported", describeJSON(v))
	}
	cfg, _ := o.obj("config")
	if cfg == nil {
		cfg = jsonObj{}
	}
	var r Regularizer
	var err error
	switch o.className() {
	case "L1L2", "L1", "L2", "l1_l2", "l1", "l2":
		if r.L1, _, err = cfg.num("l1"); err != nil {
			return r, errorf("kernel_regularizer: %v", err)
		}
		if r.L2, _, err = cfg.num("l2"); err != nil {
			return r, errorf("kernel_regularizer: %v", err)
		}
	default:
		return r, errorf("kernel_regularizer '%s' is not supported (only L1L2, L1, L2)", o.className())
	}
	if err := r.validate(); err != nil {
		return r, errorf("kernel_regularizer: %v", err)
	}
	return r, nil
}

// buildFromTfjs turns the parsed layers into a model and loads its weights.
func buildFromTfjs(layers []tfjsLayer, specs []TfjsWeightSpec, data []byte) (*Sequential, error) {
	m := NewSequential(0)
	inputDim := 0
	var added []Layer
	var prevDense *DenseConfig // the last Dense still open to an activation layer
	var denses []*DenseConfig
	for i, l := range layers {
		cfg := l.cfg
		if w, err := inputWidth(cfg); err != nil {
			return nil, layerErr(i, l, "%v", err)
		} else if w != 0 && len(added) == 0 && inputDim == 0 {
			inputDim = w
		}
		if err := checkDtype(cfg); err != nil {
			return nil, layerErr(i, l, "%v", err)
		}
		open := prevDense
		prevDense = nil
		switch l.class {
		case "InputLayer":
			if i != 0 {
				return nil, layerErr(i, l, "an InputLayer must come first")
			}
			if inputDim == 0 {
				return nil, layerErr(i, l, "no input shape (batch_input_shape)")
			}
			if s, _ := cfg["sparse"].(bool); s {
				return nil, layerErr(i, l, "sparse inputs are not supported")
			}
		case "Dense":
			if t, ok := cfg["trainable"].(bool); ok && !t {
				return nil, layerErr(i, l, "frozen layers (trainable: false) are not supported")
			}
			units, ok := intIn(cfg["units"], 1, MaxUnits)
			if !ok {
				return nil, layerErr(i, l, "units %s must be a whole number between 1 and %d", describeJSON(cfg["units"]), MaxUnits)
			}
			act, err := parseTfjsActivation(cfg["activation"])
			if err != nil {
				return nil, layerErr(i, l, "%v", err)
			}
			useBias := true
			if b, ok := cfg["useBias"].(bool); ok {
				useBias = b
			} else if cfg.has("useBias") {
				return nil, layerErr(i, l, "use_bias %s is not true or false", describeJSON(cfg["useBias"]))
			}
			reg, err := parseTfjsRegularizer(cfg["kernelRegularizer"])
			if err != nil {
				return nil, layerErr(i, l, "%v", err)
			}
			for _, k := range []string{"biasRegularizer", "activityRegularizer", "kernelConstraint", "biasConstraint"} {
				if cfg.has(k) {
					return nil, layerErr(i, l, "%s is not supported", toSnake(k))
				}
			}
			dc := &DenseConfig{Units: units, Activation: act, NoBias: !useBias, Regularizer: reg,
				Initializer: parseTfjsInitializer(cfg["kernelInitializer"]), Name: l.name}
			if act == Linear {
				prevDense = dc
			}
			denses = append(denses, dc)
			added = append(added, nil) // built below
		case "Dropout":
			rate, ok, err := cfg.num("rate")
			if err != nil || !ok || !(rate >= 0 && rate < 1) {
				return nil, layerErr(i, l, "rate %s must be a number in [0, 1)", describeJSON(cfg["rate"]))
			}
			if cfg.has("noiseShape") {
				return nil, layerErr(i, l, "noise_shape is not supported")
			}
			d, _ := NewDropout(rate)
			d.base().name = (l.name)
			added = append(added, d)
		case "LeakyReLU":
			alpha, ok, err := cfg.num("alpha")
			if !ok && err == nil {
				alpha, ok, err = cfg.num("negativeSlope") // Keras 3
			}
			if !ok && err == nil {
				alpha, ok = 0.3, true // TF.js' and Keras 2's default
			}
			if err != nil || math.Abs(alpha-LeakyReLUAlpha) > 1e-6 {
				return nil, layerErr(i, l, "alpha %s is not supported: gotrain's leakyRelu has alpha %g", describeJSON(alpha), LeakyReLUAlpha)
			}
			if open == nil {
				return nil, layerErr(i, l, "a LeakyReLU layer is supported only right after a linear Dense layer")
			}
			open.Activation = LeakyReLU
		case "Activation", "ReLU", "Softmax":
			var act Activation
			var err error
			switch l.class {
			case "ReLU":
				act = ReLU
				for _, k := range []string{"maxValue", "threshold", "negativeSlope"} {
					if v, _, _ := cfg.num(k); v != 0 {
						return nil, layerErr(i, l, "%s is not supported", toSnake(k))
					}
				}
			case "Softmax":
				act = Softmax
				if ax, ok, _ := cfg.num("axis"); ok && ax != -1 && ax != 1 {
					return nil, layerErr(i, l, "axis %v is not supported", ax)
				}
			default:
				if act, err = parseTfjsActivation(cfg["activation"]); err != nil {
					return nil, layerErr(i, l, "%v", err)
				}
			}
			if open == nil {
				if act == Linear {
					continue
				}
				return nil, layerErr(i, l, "an activation layer is supported only right after a linear Dense layer")
			}
			open.Activation = act
			if act == Linear {
				prevDense = open
			}
		case "":
			return nil, layerErr(i, l, "no class_name")
		default:
			return nil, layerErr(i, l, "layer class '%s' is not supported (only Dense, Dropout, InputLayer, and LeakyReLU or Activation after a linear Dense)", l.class)
		}
	}

	// Weight specs: offsets, sizes, dtypes; all checked before allocating.
	type specAt struct {
		spec   TfjsWeightSpec
		offset int
		n      int
		used   bool
	}
	byName := map[string]*specAt{}
	var ordered []*specAt
	offset := 0
	for i, s := range specs {
		size := 1
		for _, d := range s.Shape {
			if d < 0 || d > MaxParams || size > MaxParams/max(d, 1) {
				return nil, errorf("weight '%s': shape %v is too large (more than %d values)", s.Name, s.Shape, MaxParams)
			}
			size *= d
		}
		var width int
		switch s.Dtype {
		case "float32", "int32":
			width = 4
		case "bool", "uint8":
			width = 1
		case "complex64":
			width = 8
		default:
			return nil, errorf("weight '%s': dtype '%s' cannot be read (model weights must be float32)", s.Name, s.Dtype)
		}
		if len(s.Quantization) > 0 && !bytes.Equal(s.Quantization, []byte("null")) {
			return nil, errorf("weight '%s': quantized weights are not supported (convert the model without quantization)", s.Name)
		}
		at := &specAt{spec: s, offset: offset, n: size}
		offset += size * width
		if s.Group == "optimizer" {
			continue
		}
		if s.Group != "" && s.Group != "model" {
			return nil, errorf("weight '%s': unknown weight group '%s'", s.Name, s.Group)
		}
		if _, dup := byName[s.Name]; dup {
			return nil, errorf("weight '%s' is listed twice (spec %d)", s.Name, i+1)
		}
		byName[s.Name] = at
		ordered = append(ordered, at)
	}
	if offset != len(data) {
		return nil, errorf("the weight specs describe %d bytes of weight data but there are %d", offset, len(data))
	}
	find := func(name string) *specAt {
		if s := byName[name]; s != nil {
			return s
		}
		// Some writers prefix weight names with the model's name.
		var found *specAt
		for _, s := range ordered {
			if strings.HasSuffix(s.spec.Name, "/"+name) {
				if found != nil {
					return nil
				}
				found = s
			}
		}
		return found
	}

	// Without a declared input width, the first kernel's rows give it.
	if inputDim == 0 && len(denses) > 0 {
		name := denses[0].Name
		if s := find(name + "/kernel"); s != nil && len(s.spec.Shape) == 2 {
			if n, ok := intIn(float64(s.spec.Shape[0]), 1, MaxUnits); ok {
				inputDim = n
			}
		}
		if inputDim == 0 {
			return nil, errorf("layer '%s' (Dense): no input shape (batch_input_shape) and no kernel to infer it from", name)
		}
	}
	if inputDim == 0 {
		return nil, errors.New("the model has no Dense layer and no input shape")
	}
	total, dim := 0, inputDim
	for _, d := range denses {
		total += (dim + 1) * d.Units
		dim = d.Units
		if total > MaxParams {
			return nil, errorf("layer '%s' (Dense) would take the model past %d parameters", d.Name, MaxParams)
		}
	}

	// Create the layers (nothing is allocated yet) and name them as Add
	// would, so that every weight is matched to its layer first.
	var all []Layer
	counts, seen := map[string]int{}, map[string]bool{}
	di := 0
	for i, l := range added {
		if l == nil {
			d, err := NewDense(*denses[di])
			if err != nil {
				return nil, errorf("layer '%s' (Dense): %v", denses[di].Name, err)
			}
			if i == 0 {
				d.cfg.InputDim = inputDim
			}
			di++
			l = d
		}
		counts[l.Kind()]++
		if l.Name() == "" {
			l.base().name = (sprintf("%s_%d", l.Kind(), counts[l.Kind()]))
		}
		if seen[l.Name()] {
			return nil, errorf("layer '%s': the name is used by an earlier layer", l.Name())
		}
		seen[l.Name()] = true
		all = append(all, l)
	}

	// Match the weights by name and shape: the model's size is then bounded
	// by the weight data's.
	var ws []Weights
	var from []*specAt
	dim = inputDim
	for _, l := range all {
		d, ok := l.(*Dense)
		if !ok {
			continue
		}
		names, shapes := []string{d.name + "/kernel"}, [][]int{{dim, d.cfg.Units}}
		if !d.cfg.NoBias {
			names, shapes = append(names, d.name+"/bias"), append(shapes, []int{d.cfg.Units})
		}
		for k, name := range names {
			s := find(name)
			if s == nil {
				return nil, errorf("layer '%s' (Dense): no weight '%s' in the weight specs", d.name, name)
			}
			if s.spec.Dtype != "float32" {
				return nil, errorf("layer '%s' (Dense): weight '%s' has dtype '%s', not float32", d.name, s.spec.Name, s.spec.Dtype)
			}
			if !equalInts(s.spec.Shape, shapes[k]) {
				return nil, errorf("layer '%s' (Dense): weight '%s' has shape %v but the layer needs %v", d.name, s.spec.Name, s.spec.Shape, shapes[k])
			}
			if s.used {
				return nil, errorf("layer '%s' (Dense): weight '%s' is claimed by two layers", d.name, s.spec.Name)
			}
			s.used = true
			ws = append(ws, Weights{Name: name, Shape: shapes[k]})
			from = append(from, s)
		}
		dim = d.cfg.Units
	}
	for _, s := range ordered {
		if !s.used {
			return nil, errorf("weight '%s' belongs to no layer of the model", s.spec.Name)
		}
	}
	for k, s := range from {
		v := make([]float64, s.n)
		for j := range v {
			v[j] = float64(math.Float32frombits(uint32LE(data[s.offset+4*j:])))
			if math.IsNaN(v[j]) || math.IsInf(v[j], 0) {
				layer := strings.TrimSuffix(strings.TrimSuffix(ws[k].Name, "/kernel"), "/bias")
				return nil, errorf("layer '%s' (Dense): weight '%s' value %d is %v", layer, s.spec.Name, j, v[j])
			}
		}
		ws[k].Data = v
	}

	for _, l := range all {
		if err := m.Add(l); err != nil {
			return nil, errorf("layer '%s': %v", l.Name(), err)
		}
	}
	if err := m.Build(inputDim); err != nil {
		return nil, err
	}
	if err := m.SetWeights(ws); err != nil {
		return nil, err
	}
	return m, nil
}

// appendUint32LE and uint32LE are encoding/binary's LittleEndian
// AppendUint32 and Uint32, without encoding/binary's import of reflect.
func appendUint32LE(b []byte, v uint32) []byte {
	return append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24))
}

func uint32LE(b []byte) uint32 {
	_ = b[3] // one bounds check
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// compileFromTfjs compiles m from a trainingConfig (keys in camelCase):
// {loss, metrics, optimizerConfig: {className, config}}.
func compileFromTfjs(m *Sequential, v any) error {
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
	loss, err := ParseLoss(lossName)
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
			return errorf("metric '%s' is not supported (known: %s)", s, strings.Join(MetricNames, ", "))
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
	opt, err := NewOptimizer(cfg)
	if err != nil {
		return errorf("optimizer_config: %v", err)
	}
	return m.Compile(CompileConfig{Optimizer: opt, Loss: loss, Metrics: metrics})
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
func optimizerFromTfjs(oc jsonObj) (OptimizerConfig, error) {
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
		return OptimizerConfig{}, errorf("optimizer '%s' is not supported (known: SGD, Momentum, Adam, RMSProp, Adagrad)", class)
	}
	c, _ := DefaultOptimizerConfig(name)
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
	if err := c.validate(); err != nil {
		return c, errorf("optimizer_config: %v", err)
	}
	return c, nil
}
