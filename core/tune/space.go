// Package tune searches hyperparameters: grid search, random search and
// successive halving over layer sizes, activations, the optimizer and its
// learning rate, batch size, L1/L2, dropout and augmentation, each trial
// scored by k-fold cross-validation or a held-out part of the training data
// (never a test set). A Search plans the trials and keeps their results; a
// Runner runs them (one after another by default, in goroutines with
// Parallel); gotrain.js runs the same Search with its trials in a pool of
// workers. Every trial is seeded from the search's seed and its number, so
// it gives the same numbers wherever and in whatever order it runs.
package tune

import (
	"math"
	"math/rand/v2"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// Range lists a number's choices: Values, or when Values is empty, the
// interval [Min, Max], from which random search draws uniformly (when Log,
// log-uniformly: Min > 0). Grid search needs Values. The zero Range lists
// nothing (the base value is used).
type Range struct {
	Values   []float64
	Min, Max float64
	Log      bool
}

// IsZero reports whether r lists nothing.
func (r Range) IsZero() bool { return len(r.Values) == 0 && r.Min == 0 && r.Max == 0 && !r.Log }

// check checks r for the setting name, whose values must lie in [lo, hi].
func (r Range) check(name string, lo, hi float64) error {
	in := func(v float64) bool { return v >= lo && v <= hi } // NaN fails
	for _, v := range r.Values {
		if !in(v) {
			return fmtlite.Errorf("space: %s: %v is not in [%g, %g]", name, v, lo, hi)
		}
	}
	if len(r.Values) > 0 || r.IsZero() {
		return nil
	}
	if !in(r.Min) || !in(r.Max) || r.Min > r.Max {
		return fmtlite.Errorf("space: %s: the range [%v, %v] must lie in [%g, %g], min ≤ max", name, r.Min, r.Max, lo, hi)
	}
	if r.Log && r.Min <= 0 {
		return fmtlite.Errorf("space: %s: a log range needs min > 0, got %v", name, r.Min)
	}
	return nil
}

// draw returns a random value of r (a choice, or a draw from the interval).
func (r Range) draw(rng *rand.Rand) float64 {
	if len(r.Values) > 0 {
		return r.Values[rng.IntN(len(r.Values))]
	}
	u := rng.Float64()
	if r.Log {
		return math.Exp(math.Log(r.Min) + u*(math.Log(r.Max)-math.Log(r.Min)))
	}
	return r.Min + u*(r.Max-r.Min)
}

// Space is what a search varies. Each field lists the choices of one
// hyperparameter; an empty field keeps Config.Base's value for every trial.
type Space struct {
	// Layers lists the hidden layers' widths, one list per choice: {{32},
	// {64, 64}}; an empty list is a model without hidden layers.
	Layers [][]int
	// Activation lists the hidden layers' activations.
	Activation []core.Activation
	// Optimizer lists optimizer names ("adam", "sgd", …).
	Optimizer []string
	// LearningRate lists learning rates, or a range (often Log).
	LearningRate Range
	// BatchSize lists batch sizes.
	BatchSize []int
	// L1 and L2 list the hidden layers' kernel regularizer factors.
	L1, L2 Range
	// Dropout lists dropout rates after each hidden layer, in [0, 1).
	Dropout Range
	// Augment lists augmentation settings (the zero value: none).
	Augment []core.AugmentConfig
	// Epochs lists epoch counts (not with successive halving, which sets
	// them).
	Epochs []int
}

// Params is one trial's setting of every hyperparameter.
type Params struct {
	// Layers are the hidden layers' widths.
	Layers []int
	// Activation is the hidden layers' activation.
	Activation core.Activation
	// Optimizer names the optimizer; LearningRate is its learning rate,
	// 0 meaning the optimizer's default (TF.js' for its name).
	Optimizer    string
	LearningRate float64
	// BatchSize is the fit's batch size, Epochs its epochs.
	BatchSize, Epochs int
	// L1 and L2 regularize the hidden layers' kernels.
	L1, L2 float64
	// Dropout adds a Dropout layer of this rate after each hidden layer
	// (0: none).
	Dropout float64
	// Augment is the fit's augmentation.
	Augment core.AugmentConfig
}

// DefaultParams returns the base most searches start from: one hidden
// layer of 32 relu units, Adam at its default rate, batches of 32, 20
// epochs, no regularization, dropout or augmentation.
func DefaultParams() Params {
	return Params{Layers: []int{32}, Activation: core.ReLU, Optimizer: "adam", BatchSize: 32, Epochs: 20}
}

// check checks the space's choices.
func (s Space) check() error {
	for i, l := range s.Layers {
		for _, u := range l {
			if u < 1 || u > core.MaxUnits {
				return fmtlite.Errorf("space: layers choice %d: units must be between 1 and %d, got %d", i, core.MaxUnits, u)
			}
		}
	}
	for _, a := range s.Activation {
		if a < core.Linear || a > core.Softplus {
			return fmtlite.Errorf("space: unknown activation %d", int(a))
		}
	}
	for _, o := range s.Optimizer {
		if _, err := core.DefaultOptimizerConfig(o); err != nil {
			return fmtlite.Errorf("space: optimizer: %v", err)
		}
	}
	for _, b := range s.BatchSize {
		if b < 1 {
			return fmtlite.Errorf("space: batchSize must be at least 1, got %d", b)
		}
	}
	for _, e := range s.Epochs {
		if e < 1 || e > core.MaxEpochs {
			return fmtlite.Errorf("space: epochs must be between 1 and %d, got %d", core.MaxEpochs, e)
		}
	}
	for _, r := range []struct {
		name   string
		r      Range
		lo, hi float64
	}{
		{"learningRate", s.LearningRate, 0, math.MaxFloat64},
		{"l1", s.L1, 0, math.MaxFloat64},
		{"l2", s.L2, 0, math.MaxFloat64},
		{"dropout", s.Dropout, 0, math.Nextafter(1, 0)},
	} {
		if err := r.r.check(r.name, r.lo, r.hi); err != nil {
			return err
		}
	}
	return nil
}

// dims lists the space's hyperparameters in a fixed order, each with its
// number of grid choices (0 when the space lists none, -1 for a range
// without values) and a function that sets choice i (or, for i < 0, a
// random draw) in p.
type dim struct {
	name string
	n    int
	set  func(p *Params, i int, rng *rand.Rand)
}

func (s Space) dims() []dim {
	rangeDim := func(name string, r Range, set func(p *Params, v float64)) dim {
		n := len(r.Values)
		if n == 0 && !r.IsZero() {
			n = -1
		}
		return dim{name, n, func(p *Params, i int, rng *rand.Rand) {
			if i < 0 {
				set(p, r.draw(rng))
			} else {
				set(p, r.Values[i])
			}
		}}
	}
	pick := func(i, n int, rng *rand.Rand) int {
		if i < 0 {
			return rng.IntN(n)
		}
		return i
	}
	return []dim{
		{"layers", len(s.Layers), func(p *Params, i int, rng *rand.Rand) {
			p.Layers = append([]int(nil), s.Layers[pick(i, len(s.Layers), rng)]...)
		}},
		{"activation", len(s.Activation), func(p *Params, i int, rng *rand.Rand) {
			p.Activation = s.Activation[pick(i, len(s.Activation), rng)]
		}},
		{"optimizer", len(s.Optimizer), func(p *Params, i int, rng *rand.Rand) {
			p.Optimizer = s.Optimizer[pick(i, len(s.Optimizer), rng)]
		}},
		rangeDim("learningRate", s.LearningRate, func(p *Params, v float64) { p.LearningRate = v }),
		{"batchSize", len(s.BatchSize), func(p *Params, i int, rng *rand.Rand) {
			p.BatchSize = s.BatchSize[pick(i, len(s.BatchSize), rng)]
		}},
		rangeDim("l1", s.L1, func(p *Params, v float64) { p.L1 = v }),
		rangeDim("l2", s.L2, func(p *Params, v float64) { p.L2 = v }),
		rangeDim("dropout", s.Dropout, func(p *Params, v float64) { p.Dropout = v }),
		{"augment", len(s.Augment), func(p *Params, i int, rng *rand.Rand) {
			p.Augment = s.Augment[pick(i, len(s.Augment), rng)]
		}},
		{"epochs", len(s.Epochs), func(p *Params, i int, rng *rand.Rand) {
			p.Epochs = s.Epochs[pick(i, len(s.Epochs), rng)]
		}},
	}
}

// MaxTrials bounds the number of trials a search plans.
const MaxTrials = 100_000

// grid returns every combination of the space's choices over base, the
// last hyperparameter changing fastest.
func (s Space) grid(base Params) ([]Params, error) {
	ds := s.dims()
	total := 1
	for _, d := range ds {
		if d.n < 0 {
			return nil, fmtlite.Errorf("grid search: %s is a range; list its values", d.name)
		}
		if d.n > 0 {
			total *= d.n
			if total > MaxTrials {
				return nil, fmtlite.Errorf("grid search: more than %d combinations", MaxTrials)
			}
		}
	}
	out := make([]Params, 0, total)
	idx := make([]int, len(ds))
	for {
		p := base.clone()
		for k, d := range ds {
			if d.n > 0 {
				d.set(&p, idx[k], nil)
			}
		}
		out = append(out, p)
		k := len(ds) - 1
		for ; k >= 0; k-- {
			if ds[k].n <= 0 {
				continue
			}
			idx[k]++
			if idx[k] < ds[k].n {
				break
			}
			idx[k] = 0
		}
		if k < 0 {
			return out, nil
		}
	}
}

// random returns n draws from the space over base, each hyperparameter drawn
// in the order of dims.
func (s Space) random(base Params, n int, rng *rand.Rand) []Params {
	ds := s.dims()
	out := make([]Params, n)
	for i := range out {
		p := base.clone()
		for _, d := range ds {
			if d.n != 0 {
				d.set(&p, -1, rng)
			}
		}
		out[i] = p
	}
	return out
}

func (p Params) clone() Params {
	p.Layers = append([]int(nil), p.Layers...)
	return p
}
