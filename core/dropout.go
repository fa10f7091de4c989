package core

import (
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// dropoutKind describes Dropout layers.
var dropoutKind = LayerKind{
	Kind:      "dropout",
	ClassName: "Dropout",
	Fields:    []Field{rateField},
	Noise:     true,
	new: func(v Values) (Layer, error) {
		d, err := NewDropout(v.float("rate"))
		if err != nil {
			return nil, err
		}
		return d, nil
	},
}

// rateField is Dropout's rate, which NewDropout checks too.
var rateField = Field{Name: "rate", Type: FloatField, Min: 0, Max: 1, MaxOpen: true}

// Dropout zeroes each input with probability Rate while training and scales
// the rest by 1/(1-Rate) (inverted dropout), so inference is the identity.
// Its masks come from the model's noise stream.
type Dropout struct {
	layerBase
	rate float64
	rng  *rand.Rand

	mask   []float64
	out    mat.Dense
	dx     mat.Dense
	masked bool // whether the last forward pass applied the mask
}

// NewDropout returns a Dropout layer; rate must be in [0, 1).
func NewDropout(rate float64) (*Dropout, error) {
	if err := rateField.Check(rate); err != nil {
		return nil, fmtlite.Errorf("dropout: %v", err)
	}
	return &Dropout{rate: rate}, nil
}

// Rate returns the drop probability.
func (d *Dropout) Rate() float64 { return d.rate }

func (d *Dropout) Kind() string                 { return dropoutKind.Kind }
func (d *Dropout) Describe() *LayerKind         { return &dropoutKind }
func (d *Dropout) Values() Values               { return Values{"rate": d.rate} }
func (d *Dropout) OutputDim() int               { return d.inputs }
func (d *Dropout) OutputDimFor(inputs int) int  { return max(inputs, 0) }
func (d *Dropout) CountParams(int) (int, int)   { return 0, 0 }
func (d *Dropout) ParamShapes(int) []ParamShape { return nil }
func (d *Dropout) Params() []*Param             { return nil }

func (d *Dropout) build(inputs int, rng *rand.Rand) error {
	d.inputs = inputs
	d.rng = rng
	return nil
}

func (d *Dropout) forward(x *mat.Dense, training bool) *mat.Dense {
	d.masked = training && d.rate > 0
	if !d.masked {
		return x
	}
	rows, cols := x.Dims()
	resize(&d.out, rows, cols)
	n := rows * cols
	if cap(d.mask) < n {
		d.mask = make([]float64, n)
	}
	d.mask = d.mask[:n]
	scale := 1 / (1 - d.rate)
	in, out := raw(x), raw(&d.out)
	for i := range d.mask {
		if d.rng.Float64() < d.rate {
			d.mask[i] = 0
		} else {
			d.mask[i] = scale
		}
		out[i] = in[i] * d.mask[i]
	}
	return &d.out
}

// lastMask returns the mask of the last forward pass (0 for a dropped
// input, 1/(1-rate) for a kept one), or nil if that pass applied none: what
// Trace shows.
func (d *Dropout) lastMask() []float64 {
	if !d.masked {
		return nil
	}
	return d.mask
}

func (d *Dropout) backward(dy *mat.Dense, needInput bool) *mat.Dense {
	if !needInput {
		return nil
	}
	if !d.masked {
		return dy
	}
	rows, cols := dy.Dims()
	resize(&d.dx, rows, cols)
	g, dx := raw(dy), raw(&d.dx)
	for i, m := range d.mask {
		dx[i] = g[i] * m
	}
	return &d.dx
}
