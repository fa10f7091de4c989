package core

import (
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// MaxUnits bounds a layer's width, so that a hostile model file cannot make
// us allocate without limit.
const MaxUnits = 1 << 16

// MaxParams bounds a model's parameter count (about 512 MB of float64).
const MaxParams = 1 << 26

// DenseConfig configures a fully connected layer: a = f(x·W + b).
type DenseConfig struct {
	// Units is the number of outputs (≥ 1).
	Units int
	// Activation is f; the zero value is Linear.
	Activation Activation
	// InputDim fixes the number of inputs when this is the first layer
	// (Keras' inputShape: [InputDim]); 0 infers it from the previous layer
	// or from the data of the first fit.
	InputDim int
	// NoBias drops the bias b (Keras' useBias: false); the zero value keeps it.
	NoBias bool
	// Initializer fills the kernel; the zero value is GlorotUniform. Biases
	// start at zero, as in Keras.
	Initializer Initializer
	// Regularizer penalises the kernel; the zero value adds nothing.
	Regularizer Regularizer
	// Name overrides the generated name ("dense_1", ...) when not empty.
	Name string
}

// denseKind describes Dense layers.
var denseKind = LayerKind{
	Kind:      "dense",
	ClassName: "Dense",
	Fields: []Field{
		unitsField,
		{Name: "activation", Type: ActivationField, Default: Linear},
		{Name: "useBias", Type: BoolField, Default: true},
		{Name: "kernelInitializer", Type: InitializerField, Default: GlorotUniform},
		{Name: "kernelRegularizer", Type: RegularizerField, Default: Regularizer{}},
	},
	new: func(v Values) (Layer, error) {
		d, err := NewDense(DenseConfig{Units: v.int("units"), Activation: v.activation("activation"), NoBias: !v.bool("useBias"),
			Initializer: v.initializer("kernelInitializer"), Regularizer: v.regularizer("kernelRegularizer")})
		if err != nil {
			return nil, err
		}
		return d, nil
	},
}

// unitsField is Dense's width, which NewDense checks too.
var unitsField = Field{Name: "units", Type: IntField, Min: 1, Max: MaxUnits}

// Dense is a fully connected layer.
type Dense struct {
	layerBase
	cfg    DenseConfig
	kernel *Param // inputs×units
	bias   *Param // 1×units, nil with NoBias

	x          *mat.Dense // the last forward input (not owned)
	z, a       mat.Dense  // pre-activation and output, rows×units
	dz, dx, da mat.Dense
}

// NewDense returns a Dense layer, or an error naming the bad field.
func NewDense(cfg DenseConfig) (*Dense, error) {
	if err := unitsField.Check(cfg.Units); err != nil {
		return nil, fmtlite.Errorf("dense: %v", err)
	}
	if cfg.InputDim < 0 || cfg.InputDim > MaxUnits {
		return nil, fmtlite.Errorf("dense: inputShape must be between 1 and %d, got %d", MaxUnits, cfg.InputDim)
	}
	if cfg.Activation < 0 || int(cfg.Activation) >= len(activationNames) {
		return nil, fmtlite.Errorf("dense: unknown activation %d", int(cfg.Activation))
	}
	if cfg.Initializer < 0 || int(cfg.Initializer) >= len(initializerNames) {
		return nil, fmtlite.Errorf("dense: unknown initializer %d", int(cfg.Initializer))
	}
	if err := cfg.Regularizer.validate(); err != nil {
		return nil, fmtlite.Errorf("dense: %v", err)
	}
	return &Dense{layerBase: layerBase{name: cfg.Name, declared: cfg.InputDim}, cfg: cfg}, nil
}

// Config returns the layer's configuration.
func (d *Dense) Config() DenseConfig {
	c := d.cfg
	c.Name, c.InputDim = d.name, d.declared
	if d.inputs != 0 {
		c.InputDim = d.inputs
	}
	return c
}

func (d *Dense) Kind() string           { return denseKind.Kind }
func (d *Dense) Describe() *LayerKind   { return &denseKind }
func (d *Dense) Activation() Activation { return d.cfg.Activation }

// Values returns the settings of denseKind's fields.
func (d *Dense) Values() Values {
	return Values{"units": d.cfg.Units, "activation": d.cfg.Activation, "useBias": !d.cfg.NoBias,
		"kernelInitializer": d.cfg.Initializer, "kernelRegularizer": d.cfg.Regularizer}
}

// OutputDim returns Units.
func (d *Dense) OutputDim() int { return d.cfg.Units }

// OutputDimFor returns Units, whatever the input width.
func (d *Dense) OutputDimFor(int) int { return d.cfg.Units }

// CountParams returns inputs×units weights, plus units biases, all
// trainable.
func (d *Dense) CountParams(inputs int) (trainable, nonTrainable int) {
	if inputs < 1 {
		return -1, 0
	}
	n := inputs * d.cfg.Units
	if !d.cfg.NoBias {
		n += d.cfg.Units
	}
	return n, 0
}

// ParamShapes returns the kernel's shape [inputs, units] and the bias'
// [units].
func (d *Dense) ParamShapes(inputs int) []ParamShape {
	s := []ParamShape{{"kernel", []int{inputs, d.cfg.Units}}}
	if !d.cfg.NoBias {
		s = append(s, ParamShape{"bias", []int{d.cfg.Units}})
	}
	return s
}

// Kernel returns the inputs×units weight matrix W (nil before build).
func (d *Dense) Kernel() *Param { return d.kernel }

// Bias returns the 1×units bias (nil with NoBias or before build).
func (d *Dense) Bias() *Param { return d.bias }

// Params returns the kernel then the bias.
func (d *Dense) Params() []*Param {
	if d.kernel == nil {
		return nil
	}
	if d.bias == nil {
		return []*Param{d.kernel}
	}
	return []*Param{d.kernel, d.bias}
}

func (d *Dense) build(inputs int, rng *rand.Rand) error {
	d.inputs = inputs
	d.kernel = newParam(d.name+"/kernel", inputs, d.cfg.Units, d.cfg.Regularizer)
	d.cfg.Initializer.fill(raw(d.kernel.Value), inputs, d.cfg.Units, rng)
	if !d.cfg.NoBias {
		d.bias = newParam(d.name+"/bias", 1, d.cfg.Units, Regularizer{})
	}
	return nil
}

func (d *Dense) forward(x *mat.Dense, training bool) *mat.Dense {
	rows, _ := x.Dims()
	d.x = x
	resize(&d.z, rows, d.cfg.Units)
	resize(&d.a, rows, d.cfg.Units)
	mulNN(&d.z, x, d.kernel.Value, false)
	// The bias and the activation in one pass over z.
	var b []float64
	if d.bias != nil {
		b = raw(d.bias.Value)
	}
	d.cfg.Activation.forwardBias(raw(&d.z), b, raw(&d.a), rows, d.cfg.Units)
	return &d.a
}

func (d *Dense) backward(dy *mat.Dense, needInput bool) *mat.Dense {
	rows, _ := dy.Dims()
	resize(&d.dz, rows, d.cfg.Units)
	// dL/dz and the bias gradient (its column sums) in one pass.
	var gb []float64
	if d.bias != nil {
		gb = raw(d.bias.Grad)
	}
	d.cfg.Activation.backwardBias(raw(&d.z), raw(&d.a), raw(dy), raw(&d.dz), gb, rows, d.cfg.Units)
	return d.backwardFromZ(needInput)
}

// preActivation returns z = x·W + b of the last forward pass and dL/dz of
// the last backward pass, for Trace.
func (d *Dense) preActivation() (z, dz *mat.Dense) { return &d.z, &d.dz }

// backwardFromZ finishes the backward pass once d.dz holds dL/dz and the
// bias gradient is set.
func (d *Dense) backwardFromZ(needInput bool) *mat.Dense {
	rows, _ := d.dz.Dims()
	mulTN(d.kernel.Grad, d.x, &d.dz, false)
	if !d.cfg.Regularizer.IsZero() {
		d.cfg.Regularizer.addGrad(raw(d.kernel.Grad), raw(d.kernel.Value))
	}
	if !needInput {
		return nil
	}
	resize(&d.dx, rows, d.inputs)
	mulNT(&d.dx, &d.dz, d.kernel.Value, false)
	return &d.dx
}
