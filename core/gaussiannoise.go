package core

import (
	"math"
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// gaussianNoiseKind describes GaussianNoise layers.
var gaussianNoiseKind = LayerKind{
	Kind:      "gaussianNoise",
	ClassName: "GaussianNoise",
	Fields:    []Field{stddevField},
	Noise:     true,
	new: func(v Values) (Layer, error) {
		g, err := NewGaussianNoise(v.float("stddev"))
		if err != nil {
			return nil, err
		}
		return g, nil
	},
}

// stddevField is GaussianNoise's standard deviation, which
// NewGaussianNoise checks too.
var stddevField = Field{Name: "stddev", Type: FloatField, Min: 0, Max: math.Inf(1)}

// GaussianNoise adds zero-mean Gaussian noise of standard deviation Stddev
// to every input while training, as Keras' GaussianNoise layer (a
// regularizer); inference is the identity, and so is its gradient. The noise
// comes from the model's noise stream, as Dropout's masks do: the same seed
// gives the same noise.
type GaussianNoise struct {
	layerBase
	stddev float64
	rng    *rand.Rand
	out    mat.Dense
}

// NewGaussianNoise returns a GaussianNoise layer; stddev must be a finite
// number ≥ 0.
func NewGaussianNoise(stddev float64) (*GaussianNoise, error) {
	if err := stddevField.Check(stddev); err != nil {
		return nil, fmtlite.Errorf("gaussianNoise: %v", err)
	}
	return &GaussianNoise{stddev: stddev}, nil
}

// Stddev returns the noise's standard deviation.
func (g *GaussianNoise) Stddev() float64 { return g.stddev }

func (g *GaussianNoise) Kind() string                 { return gaussianNoiseKind.Kind }
func (g *GaussianNoise) Describe() *LayerKind         { return &gaussianNoiseKind }
func (g *GaussianNoise) Values() Values               { return Values{"stddev": g.stddev} }
func (g *GaussianNoise) OutputDim() int               { return g.inputs }
func (g *GaussianNoise) OutputDimFor(inputs int) int  { return max(inputs, 0) }
func (g *GaussianNoise) CountParams(int) (int, int)   { return 0, 0 }
func (g *GaussianNoise) ParamShapes(int) []ParamShape { return nil }
func (g *GaussianNoise) Params() []*Param             { return nil }

func (g *GaussianNoise) build(inputs int, rng *rand.Rand) error {
	g.inputs, g.rng = inputs, rng
	return nil
}

// forward returns x + N(0, stddev²) noise while training, x otherwise.
func (g *GaussianNoise) forward(x *mat.Dense, training bool) *mat.Dense {
	if !training || g.stddev == 0 {
		return x
	}
	rows, cols := x.Dims()
	resize(&g.out, rows, cols)
	in, out := raw(x), raw(&g.out)
	for i := range out {
		out[i] = in[i] + g.stddev*g.rng.NormFloat64()
	}
	return &g.out
}

// backward passes dL/d(output) through: the noise is added, so
// d(output)/d(input) is the identity.
func (g *GaussianNoise) backward(dy *mat.Dense, needInput bool) *mat.Dense {
	if !needInput {
		return nil
	}
	return dy
}
