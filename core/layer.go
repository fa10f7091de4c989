package core

import (
	"math"
	"math/rand/v2"
	"strings"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Layer is one stage of a Sequential model. Each layer owns its parameters,
// their gradients and the buffers of its forward and backward passes; the
// forward and backward code of a layer live together in its file.
//
// A layer describes itself: its kind (Describe: the kind's name, its Keras
// class and its ordered table of settings), the values of those settings
// (Values), and for a given input width its output width and parameters.
// The model file, the TF.js format, Summary, Trace and the WebAssembly
// binding all go through that description, so a new kind of layer is one
// file and one line of the registry (registry.go).
type Layer interface {
	// Name is the layer's unique name in its model, such as "dense_1".
	Name() string
	// Kind is the layer's kind, Describe().Kind: "dense", "dropout", ...
	Kind() string
	// Describe returns the description of the layer's kind.
	Describe() *LayerKind
	// Values returns the layer's settings, one per field of its kind.
	Values() Values
	// DeclaredInputDim is the input width the layer was given (Keras'
	// inputShape: [n]), 0 if none.
	DeclaredInputDim() int
	// InputDim is the number of input columns, 0 until the layer is built.
	InputDim() int
	// OutputDim is the number of output columns, 0 until the layer is built.
	OutputDim() int
	// OutputDimFor returns the number of output columns for inputs input
	// columns. inputs < 1 means unknown; the result is then 0 (unknown)
	// unless the layer fixes its width (Dense's units).
	OutputDimFor(inputs int) int
	// CountParams returns the number of weights the layer has for inputs
	// input columns, as Keras counts them: trainable (its Params) and not
	// (statistics such as Normalization's). A count that depends on an
	// unknown width (inputs < 1) is -1.
	CountParams(inputs int) (trainable, nonTrainable int)
	// ParamShapes returns the name suffix ("kernel", "bias") and shape of
	// each parameter the layer has for inputs input columns, in Params'
	// order, shaped as Weights: [inputs, units] for a kernel, [units] for a
	// bias.
	ParamShapes(inputs int) []ParamShape
	// Params returns the trainable parameters, kernel first (nil if none or
	// not built).
	Params() []*Param

	base() *layerBase
	// build allocates parameters for inputs columns (checked by the model
	// against DeclaredInputDim and MaxUnits), drawing from rng: the model's
	// initialisation stream, or its noise stream for a kind with Noise set.
	build(inputs int, rng *rand.Rand) error
	// forward computes the layer's output for x (rows×InputDim) into a
	// buffer it owns and returns it. training turns on dropout and noise.
	forward(x *mat.Dense, training bool) *mat.Dense
	// backward takes dL/d(output) for the last forward pass, sets the
	// parameter gradients (overwriting them) and, when needInput, returns
	// dL/d(input) in a buffer it owns.
	backward(dy *mat.Dense, needInput bool) *mat.Dense
}

// Adapter is the role of a layer that learns statistics from data before
// training, instead of by gradient descent (Keras' adapt): Normalization.
// A model adapts its first layer on the first fit if it has not adapted yet,
// and the model file keeps the statistics.
type Adapter interface {
	Layer
	// Adapt learns the statistics from x.
	Adapt(x *Matrix) error
	// Adapted reports whether the layer has learned its statistics.
	Adapted() bool
	// Stats returns copies of the statistics, named, in a fixed order; the
	// values are nil while the layer has none.
	Stats() []Stat
	// RestoreStats sets statistics saved from a layer of this kind (in
	// Stats' order, nil for none), adapted telling whether they were
	// learned, and checks them as the model file needs.
	RestoreStats(adapted bool, stats [][]float64) error
	// CheckStats reports whether the statistics fit a model built for
	// inputs columns (0: a model not built yet), before anything is built.
	CheckStats(inputs int) error
}

// Stat is one named statistic of an Adapter, one value per input column.
type Stat struct {
	Name   string
	Values []float64
}

// Param is one trainable weight matrix (a kernel, or a 1×n bias) with its
// gradient. Optimizer state is keyed by *Param.
type Param struct {
	// Name is "layer/kernel" or "layer/bias".
	Name string
	// Value holds the weights.
	Value *mat.Dense
	// Grad holds dL/dValue from the last backward pass.
	Grad *mat.Dense
	// Reg is the kernel's regularizer; zero for biases.
	Reg Regularizer
}

func newParam(name string, r, c int, reg Regularizer) *Param {
	return &Param{Name: name, Value: mat.NewDense(r, c, nil), Grad: mat.NewDense(r, c, nil), Reg: reg}
}

// ParamShape is the name suffix and shape of a parameter (see
// Layer.ParamShapes).
type ParamShape struct {
	// Name is the suffix after the layer's name: "kernel" or "bias".
	Name string
	// Shape is [inputs, units] for a kernel, [units] for a bias.
	Shape []int
}

// layerBase holds what every layer has: its name and input widths. Each
// kind embeds it.
type layerBase struct {
	name     string
	declared int // the input width the layer was given, 0 if none
	inputs   int // the input width it is built for, 0 until built
}

func (b *layerBase) Name() string          { return b.name }
func (b *layerBase) DeclaredInputDim() int { return b.declared }
func (b *layerBase) InputDim() int         { return b.inputs }
func (b *layerBase) base() *layerBase      { return b }

// ---------------------------------------------------------------------------
// Descriptions

// LayerKind describes one kind of layer: its names and its settings, for
// the model formats, the WebAssembly binding and gotrain.js' gt.layers.
type LayerKind struct {
	// Kind names the kind in model files, gt.layers and errors: "dense".
	Kind string
	// ClassName is the Keras and TF.js class ("Dense"), which the TF.js
	// format writes and Summary shows.
	ClassName string
	// Fields are the kind's settings, in the order Keras lists them.
	Fields []Field
	// Noise is set for a kind that draws from the model's noise stream
	// while training (dropout masks, Gaussian noise) rather than from its
	// initialisation stream, so that one never shifts the other.
	Noise bool
	// Stats names the statistics of a kind whose layers adapt (Adapter),
	// in the order Adapter.Stats returns them; empty for the others.
	Stats []string
	// new builds a layer from complete values of the right types.
	new func(Values) (Layer, error)
}

// Field is one setting of a layer kind.
type Field struct {
	// Name is the setting's name in JavaScript and the model file, Keras'
	// camelCase: "units", "useBias", "kernelInitializer".
	Name string
	// Type is the setting's type; each format reads and writes each type.
	Type FieldType
	// Default is the value when the setting is not given, of Type's Go
	// type; nil makes the setting required.
	Default any
	// Min and Max bound a number setting (int or float): Min ≤ v ≤ Max, or
	// Min ≤ v < Max when MaxOpen; Max may be +Inf. Both 0: no bounds.
	Min, Max float64
	MaxOpen  bool
}

// Check checks that v is a value of the setting: of its type (see
// FieldType.Validate) and within its bounds. The message starts with the
// setting's name ("units must be between 1 and 65536, got 0").
func (f Field) Check(v any) error {
	var x float64
	switch v := v.(type) {
	case int:
		x = float64(v)
	case float64:
		x = v
	}
	bounded := (f.Type == IntField || f.Type == FloatField) && (f.Min != 0 || f.Max != 0)
	if bounded && !(x >= f.Min && (x < f.Max || !f.MaxOpen && x == f.Max)) {
		if n, ok := v.(int); ok {
			return fmtlite.Errorf("%s must be %s, got %d", f.Name, f.RangeText(), n)
		}
		if _, ok := v.(float64); ok {
			return fmtlite.Errorf("%s must be %s, got %g", f.Name, f.RangeText(), x)
		}
	}
	if err := f.Type.Validate(v); err != nil {
		return fmtlite.Errorf("%s: %v", f.Name, err)
	}
	return nil
}

// RangeText describes the setting's bounds, for messages: "between 1 and
// 65536", "in [0, 1)", "at least 0" ("" without bounds).
func (f Field) RangeText() string {
	switch {
	case f.Min == 0 && f.Max == 0:
		return ""
	case f.MaxOpen:
		return fmtlite.Sprintf("in [%g, %g)", f.Min, f.Max)
	case math.IsInf(f.Max, 1):
		return fmtlite.Sprintf("at least %g", f.Min)
	case f.Type == IntField:
		return fmtlite.Sprintf("between %d and %d", int(f.Min), int(f.Max))
	}
	return fmtlite.Sprintf("between %g and %g", f.Min, f.Max)
}

// FieldType is the type of a layer setting. Values of each type have one Go
// type: int, float64, bool, string, Activation, Initializer or Regularizer.
type FieldType int

// The types of layer settings.
const (
	IntField FieldType = iota + 1
	FloatField
	BoolField
	StringField
	ActivationField
	InitializerField
	RegularizerField
)

var fieldTypeNames = [...]string{"", "int", "float", "bool", "string", "activation", "initializer", "regularizer"}

// String returns the type's name as layerKinds lists it: "int", "float",
// "bool", "string", "activation", "initializer" or "regularizer".
func (t FieldType) String() string {
	if t < IntField || t > RegularizerField {
		return fmtlite.Sprintf("FieldType(%d)", int(t))
	}
	return fieldTypeNames[t]
}

// Validate checks that v is a value of the type: of its Go type, a finite
// number, a known activation or initializer, regularizer factors in range.
func (t FieldType) Validate(v any) error {
	ok := false
	switch t {
	case IntField:
		_, ok = v.(int)
	case FloatField:
		var f float64
		if f, ok = v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return fmtlite.Errorf("%v is not a finite number", f)
		}
	case BoolField:
		_, ok = v.(bool)
	case StringField:
		_, ok = v.(string)
	case ActivationField:
		var a Activation
		if a, ok = v.(Activation); ok && (a < 0 || int(a) >= len(activationNames)) {
			return fmtlite.Errorf("unknown activation %d", int(a))
		}
	case InitializerField:
		var in Initializer
		if in, ok = v.(Initializer); ok && (in < 0 || int(in) >= len(initializerNames)) {
			return fmtlite.Errorf("unknown initializer %d", int(in))
		}
	case RegularizerField:
		var r Regularizer
		if r, ok = v.(Regularizer); ok {
			return r.validate()
		}
	}
	if !ok {
		return fmtlite.Errorf("want a value of the %s type", t)
	}
	return nil
}

// Values holds a layer's settings by field name.
type Values map[string]any

// The typed reads of complete values (NewLayer has checked them).
func (v Values) int(name string) int                 { return v[name].(int) }
func (v Values) float(name string) float64           { return v[name].(float64) }
func (v Values) bool(name string) bool               { return v[name].(bool) }
func (v Values) activation(name string) Activation   { return v[name].(Activation) }
func (v Values) initializer(name string) Initializer { return v[name].(Initializer) }
func (v Values) regularizer(name string) Regularizer { return v[name].(Regularizer) }

// LayerConfig is a layer as the model formats and the WebAssembly binding
// carry it, for NewLayer.
type LayerConfig struct {
	// Kind is the layer's kind: "dense", "dropout", ...
	Kind string
	// Name is the layer's name; "" lets Sequential.Add name it.
	Name string
	// InputDim fixes the input width (Keras' inputShape: [InputDim]); 0
	// takes it from the previous layer or the data.
	InputDim int
	// Values holds the settings by field name; a missing one takes its
	// field's default.
	Values Values
}

// LayerKinds returns the descriptions of every kind of layer, in the
// registry's order.
func LayerKinds() []*LayerKind { return append([]*LayerKind(nil), layerKinds...) }

// LookupLayerKind returns the description of a kind, or an error naming the
// known kinds.
func LookupLayerKind(kind string) (*LayerKind, error) {
	for _, k := range layerKinds {
		if k.Kind == kind {
			return k, nil
		}
	}
	return nil, fmtlite.Errorf("unknown layer kind %s (known: %s)", cut.Quoted(kind), strings.Join(layerKindNames(), ", "))
}

func layerKindNames() []string {
	names := make([]string, len(layerKinds))
	for i, k := range layerKinds {
		names[i] = k.Kind
	}
	return names
}

// NewLayer builds a layer of any kind from its description's settings. A
// missing setting takes its default; errors name the kind and the setting
// ("dense: units is required", "dense: units must be between 1 and 65536,
// got 0").
func NewLayer(c LayerConfig) (Layer, error) {
	k, err := LookupLayerKind(c.Kind)
	if err != nil {
		return nil, err
	}
	v := make(Values, len(k.Fields))
	for _, f := range k.Fields {
		x, ok := c.Values[f.Name]
		if !ok {
			if f.Default == nil {
				return nil, fmtlite.Errorf("%s: %s is required", k.Kind, f.Name)
			}
			x = f.Default
		}
		if err := f.Check(x); err != nil {
			return nil, fmtlite.Errorf("%s: %v", k.Kind, err)
		}
		v[f.Name] = x
	}
	for name := range c.Values {
		if _, ok := v[name]; !ok {
			return nil, fmtlite.Errorf("%s: unknown setting %s (known: %s)", k.Kind, cut.Quoted(name), strings.Join(fieldNames(k), ", "))
		}
	}
	if c.InputDim < 0 || c.InputDim > MaxUnits {
		return nil, fmtlite.Errorf("%s: inputShape must be between 1 and %d, got %d", k.Kind, MaxUnits, c.InputDim)
	}
	l, err := k.new(v)
	if err != nil {
		return nil, err
	}
	b := l.base()
	b.name, b.declared = c.Name, c.InputDim
	return l, nil
}

func fieldNames(k *LayerKind) []string {
	names := make([]string, len(k.Fields))
	for i, f := range k.Fields {
		names[i] = f.Name
	}
	return names
}

// ConfigOf returns what NewLayer needs to build a copy of l (without its
// weights or statistics).
func ConfigOf(l Layer) LayerConfig {
	return LayerConfig{Kind: l.Kind(), Name: l.Name(), InputDim: l.DeclaredInputDim(), Values: l.Values()}
}
