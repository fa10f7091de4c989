package core

import (
	"math/rand/v2"

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

// Dense is a fully connected layer.
type Dense struct {
	cfg    DenseConfig
	name   string
	inputs int
	kernel *Param // inputs×units
	bias   *Param // 1×units, nil with NoBias

	x          *mat.Dense // the last forward input (not owned)
	z, a       mat.Dense  // pre-activation and output, rows×units
	dz, dx, da mat.Dense
}

// NewDense returns a Dense layer, or an error naming the bad field.
func NewDense(cfg DenseConfig) (*Dense, error) {
	if cfg.Units < 1 || cfg.Units > MaxUnits {
		return nil, errorf("dense: units must be between 1 and %d, got %d", MaxUnits, cfg.Units)
	}
	if cfg.InputDim < 0 || cfg.InputDim > MaxUnits {
		return nil, errorf("dense: inputShape must be between 1 and %d, got %d", MaxUnits, cfg.InputDim)
	}
	if cfg.Activation < 0 || int(cfg.Activation) >= len(activationNames) {
		return nil, errorf("dense: unknown activation %d", int(cfg.Activation))
	}
	if cfg.Initializer < 0 || int(cfg.Initializer) >= len(initializerNames) {
		return nil, errorf("dense: unknown initializer %d", int(cfg.Initializer))
	}
	if err := cfg.Regularizer.validate(); err != nil {
		return nil, errorf("dense: %v", err)
	}
	return &Dense{cfg: cfg, name: cfg.Name}, nil
}

// Config returns the layer's configuration.
func (d *Dense) Config() DenseConfig {
	c := d.cfg
	c.Name = d.name
	if d.inputs != 0 {
		c.InputDim = d.inputs
	}
	return c
}

func (d *Dense) Name() string           { return d.name }
func (d *Dense) setName(n string)       { d.name = n }
func (d *Dense) Kind() string           { return "dense" }
func (d *Dense) InputDim() int          { return d.inputs }
func (d *Dense) declaredInput() int     { return d.cfg.InputDim }
func (d *Dense) Activation() Activation { return d.cfg.Activation }

// OutputDim returns Units.
func (d *Dense) OutputDim() int { return d.cfg.Units }

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
	if d.cfg.InputDim != 0 && d.cfg.InputDim != inputs {
		return errorf("layer %s expects %d inputs but gets %d", d.name, d.cfg.InputDim, inputs)
	}
	if inputs < 1 || inputs > MaxUnits {
		return errorf("layer %s: inputs must be between 1 and %d, got %d", d.name, MaxUnits, inputs)
	}
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
