package core

import (
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// Layer is one stage of a Sequential model. Each layer owns its parameters,
// their gradients and the buffers of its forward and backward passes; the
// forward and backward code of a layer live together in its file.
type Layer interface {
	// Name is the layer's unique name in its model, such as "dense_1".
	Name() string
	// Kind is the layer's type: "dense", "dropout" or "normalization".
	Kind() string
	// InputDim is the number of input columns, 0 until the layer is built.
	InputDim() int
	// OutputDim is the number of output columns, 0 until the layer is built.
	OutputDim() int
	// Params returns the trainable parameters, kernel first (nil if none).
	Params() []*Param

	setName(name string)
	// declaredInput is the input width fixed by the layer's config (0 if none).
	declaredInput() int
	// build allocates parameters for inputs columns, drawing from rng.
	build(inputs int, rng *rand.Rand) error
	// forward computes the layer's output for x (rows×InputDim) into a
	// buffer it owns and returns it. training turns on dropout.
	forward(x *mat.Dense, training bool) *mat.Dense
	// backward takes dL/d(output) for the last forward pass, sets the
	// parameter gradients (overwriting them) and, when needInput, returns
	// dL/d(input) in a buffer it owns.
	backward(dy *mat.Dense, needInput bool) *mat.Dense
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
