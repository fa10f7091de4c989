package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// Weights is one weight array in TF.js order and layout: a kernel
// ([inputs, units], row-major) or a bias ([units]).
type Weights struct {
	// Name is "layer/kernel" or "layer/bias".
	Name string
	// Shape is [inputs, units] for a kernel, [units] for a bias.
	Shape []int
	// Data holds the values, row-major.
	Data []float64
}

// GetWeights returns copies of every weight array, per layer its kernel
// then its bias, as TF.js' model.getWeights orders them.
func (m *Sequential) GetWeights() []Weights {
	out := make([]Weights, 0, len(m.params))
	for _, p := range m.params {
		out = append(out, weightsOf(p))
	}
	return out
}

func weightsOf(p *Param) Weights {
	r, c := p.Value.Dims()
	shape := []int{r, c}
	if r == 1 && isBias(p) {
		shape = []int{c}
	}
	return Weights{Name: p.Name, Shape: shape, Data: append([]float64(nil), raw(p.Value)...)}
}

func isBias(p *Param) bool { return len(p.Name) >= 5 && p.Name[len(p.Name)-5:] == "/bias" }

// SetWeights replaces every weight array. The list must match GetWeights in
// count and sizes; names are not compared. On error nothing changes.
func (m *Sequential) SetWeights(ws []Weights) error {
	if !m.built {
		return fmtlite.Errorf("setWeights: the model is not built yet (give the first layer an inputShape, or fit first)")
	}
	if len(ws) != len(m.params) {
		return fmtlite.Errorf("setWeights: got %d weight arrays but the model has %d", len(ws), len(m.params))
	}
	for i, w := range ws {
		p := m.params[i]
		r, c := p.Value.Dims()
		if len(w.Data) != r*c {
			return fmtlite.Errorf("setWeights: %s needs %d values, got %d", cut.Text(p.Name), r*c, len(w.Data))
		}
		if w.Shape != nil {
			want := weightsOf(p).Shape
			if len(w.Shape) != len(want) || w.Shape[0] != want[0] || len(want) == 2 && w.Shape[1] != want[1] {
				return fmtlite.Errorf("setWeights: %s has shape %v, want %v", cut.Text(p.Name), w.Shape, want)
			}
		}
		for j, v := range w.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmtlite.Errorf("setWeights: %s value %d is %v", cut.Text(p.Name), j, v)
			}
		}
	}
	for i, w := range ws {
		copy(raw(m.params[i].Value), w.Data)
	}
	m.guard.forget()
	return nil
}
