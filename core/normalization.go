package core

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// NormEpsilon is the floor of the standard deviation a Normalization layer
// divides by (Keras' backend epsilon), so constant columns do not blow up.
const NormEpsilon = 1e-7

// Normalization scales each input column to zero mean and unit variance with
// statistics learned from data (Keras' Normalization layer and its adapt),
// so that a model takes raw rows. Its statistics are not trained by the
// optimizer.
type Normalization struct {
	name     string
	inputDim int // declared
	inputs   int
	mean     []float64
	variance []float64
	invStd   []float64
	adapted  bool

	out mat.Dense
	dx  mat.Dense
}

// NewNormalization returns a Normalization layer; inputDim may be 0 to infer
// the width from the data.
func NewNormalization(inputDim int) (*Normalization, error) {
	if inputDim < 0 || inputDim > MaxUnits {
		return nil, errorf("normalization: inputShape must be between 1 and %d, got %d", MaxUnits, inputDim)
	}
	return &Normalization{inputDim: inputDim}, nil
}

func (n *Normalization) Name() string       { return n.name }
func (n *Normalization) setName(s string)   { n.name = s }
func (n *Normalization) Kind() string       { return "normalization" }
func (n *Normalization) InputDim() int      { return n.inputs }
func (n *Normalization) OutputDim() int     { return n.inputs }
func (n *Normalization) declaredInput() int { return n.inputDim }
func (n *Normalization) Params() []*Param   { return nil }

// Adapted reports whether the layer has learned its statistics.
func (n *Normalization) Adapted() bool { return n.adapted }

// Mean and Variance return copies of the learned statistics.
func (n *Normalization) Mean() []float64     { return append([]float64(nil), n.mean...) }
func (n *Normalization) Variance() []float64 { return append([]float64(nil), n.variance...) }

func (n *Normalization) build(inputs int, _ *rand.Rand) error {
	if n.inputDim != 0 && n.inputDim != inputs {
		return errorf("layer %s expects %d inputs but gets %d", n.name, n.inputDim, inputs)
	}
	if n.adapted && len(n.mean) != inputs {
		return errorf("layer %s was adapted to %d columns but gets %d", n.name, len(n.mean), inputs)
	}
	n.inputs = inputs
	if len(n.mean) != inputs {
		n.mean = make([]float64, inputs)
		n.variance = make([]float64, inputs)
		n.invStd = make([]float64, inputs)
		for i := range n.variance {
			n.variance[i], n.invStd[i] = 1, 1
		}
	}
	return nil
}

// Adapt learns each column's mean and (population) variance from x.
func (n *Normalization) Adapt(x *mat.Dense) error {
	if x == nil || x.IsEmpty() {
		return errors.New("adapt: no data")
	}
	rows, cols := x.Dims()
	if n.inputs != 0 && cols != n.inputs || n.inputDim != 0 && cols != n.inputDim {
		return errorf("adapt: x has %d columns but the layer expects %d", cols, max(n.inputs, n.inputDim))
	}
	mean := make([]float64, cols)
	variance := make([]float64, cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return errorf("adapt: x row %d, column %d is %v", i, j, v)
			}
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(rows)
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			d := x.At(i, j) - mean[j]
			variance[j] += d * d
		}
	}
	for j := range variance {
		variance[j] /= float64(rows)
	}
	return n.SetStats(mean, variance)
}

// SetStats sets the mean and variance directly (used when loading a model).
func (n *Normalization) SetStats(mean, variance []float64) error {
	if len(mean) != len(variance) || len(mean) == 0 {
		return errorf("normalization: mean has %d values and variance %d", len(mean), len(variance))
	}
	if n.inputs != 0 && len(mean) != n.inputs {
		return errorf("normalization: %d statistics for %d inputs", len(mean), n.inputs)
	}
	for j := range mean {
		if math.IsNaN(mean[j]) || math.IsInf(mean[j], 0) || !(variance[j] >= 0) || math.IsInf(variance[j], 0) {
			return errorf("normalization: column %d has mean %v and variance %v", j, mean[j], variance[j])
		}
	}
	n.inputs = len(mean)
	n.mean = append(n.mean[:0], mean...)
	n.variance = append(n.variance[:0], variance...)
	n.invStd = n.invStd[:0]
	for _, v := range variance {
		n.invStd = append(n.invStd, 1/math.Max(math.Sqrt(v), NormEpsilon))
	}
	n.adapted = true
	return nil
}

func (n *Normalization) forward(x *mat.Dense, _ bool) *mat.Dense {
	rows, cols := x.Dims()
	resize(&n.out, rows, cols)
	in, out := raw(x), raw(&n.out)
	for i := 0; i < rows; i++ {
		r := in[i*cols : (i+1)*cols]
		o := out[i*cols : (i+1)*cols]
		for j, v := range r {
			o[j] = (v - n.mean[j]) * n.invStd[j]
		}
	}
	return &n.out
}

func (n *Normalization) backward(dy *mat.Dense, needInput bool) *mat.Dense {
	if !needInput {
		return nil
	}
	rows, cols := dy.Dims()
	resize(&n.dx, rows, cols)
	g, dx := raw(dy), raw(&n.dx)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			dx[i*cols+j] = g[i*cols+j] * n.invStd[j]
		}
	}
	return &n.dx
}
