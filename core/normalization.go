package core

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// NormEpsilon is the floor of the standard deviation a Normalization layer
// divides by (Keras' backend epsilon), so constant columns do not blow up.
const NormEpsilon = 1e-7

// normalizationKind describes Normalization layers, which have no settings
// but their input width.
var normalizationKind = LayerKind{
	Kind:      "normalization",
	ClassName: "Normalization",
	Stats:     []string{"mean", "variance"},
	new:       func(Values) (Layer, error) { return &Normalization{}, nil },
}

// Normalization scales each input column to zero mean and unit variance with
// statistics learned from data (Keras' Normalization layer and its adapt),
// so that a model takes raw rows. Its statistics are not trained by the
// optimizer. It is an Adapter.
type Normalization struct {
	layerBase
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
		return nil, fmtlite.Errorf("normalization: inputShape must be between 1 and %d, got %d", MaxUnits, inputDim)
	}
	return &Normalization{layerBase: layerBase{declared: inputDim}}, nil
}

func (n *Normalization) Kind() string                 { return normalizationKind.Kind }
func (n *Normalization) Describe() *LayerKind         { return &normalizationKind }
func (n *Normalization) Values() Values               { return Values{} }
func (n *Normalization) OutputDim() int               { return n.inputs }
func (n *Normalization) OutputDimFor(inputs int) int  { return max(inputs, 0) }
func (n *Normalization) ParamShapes(int) []ParamShape { return nil }
func (n *Normalization) Params() []*Param             { return nil }

// CountParams counts the statistics as Keras does: a mean and a variance
// per column, and the count of rows they were learned from, none of them
// trainable.
func (n *Normalization) CountParams(inputs int) (trainable, nonTrainable int) {
	if inputs < 1 {
		return 0, -1
	}
	return 0, 2*inputs + 1
}

// Adapted reports whether the layer has learned its statistics.
func (n *Normalization) Adapted() bool { return n.adapted }

// Mean and Variance return copies of the learned statistics.
func (n *Normalization) Mean() []float64     { return append([]float64(nil), n.mean...) }
func (n *Normalization) Variance() []float64 { return append([]float64(nil), n.variance...) }

// InvStd returns a copy of 1/max(√variance, NormEpsilon) per column, the
// factor the layer multiplies x − mean by.
func (n *Normalization) InvStd() []float64 { return append([]float64(nil), n.invStd...) }

// Stats returns the mean and the variance (nil before the layer has any:
// not adapted, in a model not built).
func (n *Normalization) Stats() []Stat {
	var mean, variance []float64
	if n.mean != nil {
		mean, variance = n.Mean(), n.Variance()
	}
	return []Stat{{"mean", mean}, {"variance", variance}}
}

// RestoreStats sets the mean and variance saved from a Normalization layer
// (Stats' order). A layer that had not adapted holds Keras' starting
// values, mean 0 and variance 1, and only those.
func (n *Normalization) RestoreStats(adapted bool, stats [][]float64) error {
	if len(stats) != 2 {
		return fmtlite.Errorf("normalization: want 2 statistics (mean, variance), got %d", len(stats))
	}
	mean, variance := stats[0], stats[1]
	if mean == nil && variance == nil && !adapted {
		return nil
	}
	if !adapted {
		// Arrays of different lengths are SetStats' error, below.
		for j := range min(len(mean), len(variance)) {
			if math.Float64bits(mean[j]) != 0 || variance[j] != 1 {
				return fmtlite.Errorf("normalization: is not adapted, so its statistics must be the starting ones (mean 0, variance 1), but column %d has mean %v and variance %v", j, mean[j], variance[j])
			}
		}
	}
	if err := n.SetStats(mean, variance); err != nil {
		return err
	}
	n.adapted = adapted // SetStats marks the layer adapted
	return nil
}

// CheckStats reports whether the statistics fit a model built for inputs
// columns (0: not built): a built model's layer has them (the starting
// values before adapt), one per column, and a layer of a model not built has
// none unless it adapted.
func (n *Normalization) CheckStats(inputs int) error {
	switch {
	case inputs == 0 && !n.adapted && n.mean != nil:
		return fmtlite.Errorf("is not adapted and the model is not built, so its mean and variance must be null")
	case inputs == 0:
		return nil
	case n.mean == nil:
		return fmtlite.Errorf("has null statistics but the model is built, so they must be in the file (mean 0 and variance 1 before adapt)")
	case len(n.mean) != inputs:
		return fmtlite.Errorf("has statistics for %d columns but gets %d inputs", len(n.mean), inputs)
	}
	return nil
}

func (n *Normalization) build(inputs int, _ *rand.Rand) error {
	if n.adapted && len(n.mean) != inputs {
		return fmtlite.Errorf("layer %s was adapted to %d columns but gets %d", cut.Text(n.name), len(n.mean), inputs)
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
	if n.inputs != 0 && cols != n.inputs || n.declared != 0 && cols != n.declared {
		return fmtlite.Errorf("adapt: x has %d columns but the layer expects %d", cols, max(n.inputs, n.declared))
	}
	mean := make([]float64, cols)
	variance := make([]float64, cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmtlite.Errorf("adapt: x row %d, column %d is %v", i, j, v)
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
		return fmtlite.Errorf("normalization: mean has %d values and variance %d", len(mean), len(variance))
	}
	if n.inputs != 0 && len(mean) != n.inputs {
		return fmtlite.Errorf("normalization: %d statistics for %d inputs", len(mean), n.inputs)
	}
	for j := range mean {
		if math.IsNaN(mean[j]) || math.IsInf(mean[j], 0) || !(variance[j] >= 0) || math.IsInf(variance[j], 0) {
			return fmtlite.Errorf("normalization: column %d has mean %v and variance %v", j, mean[j], variance[j])
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
