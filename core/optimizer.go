package core

import (
	"math"
	"strings"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/kernel"
	"github.com/gotrain/gotrain/core/internal/strsort"
)

// OptimizerConfig names an optimizer and its hyper-parameters. Every field
// is used as given: NewOptimizer does not replace zeros, so use
// DefaultOptimizerConfig for Keras/TF.js defaults and change what you need.
type OptimizerConfig struct {
	// Name is "sgd", "momentum", "adam", "rmsprop" or "adagrad".
	Name string `json:"name"`
	// LearningRate scales every step.
	LearningRate float64 `json:"learningRate"`
	// Momentum is the velocity decay of "momentum" and "rmsprop".
	Momentum float64 `json:"momentum,omitempty"`
	// Nesterov switches "momentum" to Nesterov's look-ahead update.
	Nesterov bool `json:"nesterov,omitempty"`
	// Beta1 and Beta2 are Adam's moment decay rates.
	Beta1 float64 `json:"beta1,omitempty"`
	Beta2 float64 `json:"beta2,omitempty"`
	// Epsilon guards divisions in adam, rmsprop and adagrad.
	Epsilon float64 `json:"epsilon,omitempty"`
	// Rho is RMSprop's decay of the mean square (TF.js calls it decay).
	Rho float64 `json:"rho,omitempty"`
	// InitialAccumulator is Adagrad's starting accumulator value.
	InitialAccumulator float64 `json:"initialAccumulatorValue,omitempty"`
}

// OptimizerNames lists the optimizers NewOptimizer knows.
var OptimizerNames = []string{"sgd", "momentum", "adam", "rmsprop", "adagrad"}

// DefaultOptimizerConfig returns the named optimizer with the defaults of
// TF.js' string shortcuts (which Keras shares, except where noted):
// sgd lr 0.01; momentum lr 0.01, momentum 0.9; adam lr 0.001, β1 0.9,
// β2 0.999, ε 1e-7; rmsprop lr 0.001, ρ 0.9, momentum 0, ε 1e-7;
// adagrad lr 0.01, initial accumulator 0.1, ε 1e-7.
func DefaultOptimizerConfig(name string) (OptimizerConfig, error) {
	switch strings.ToLower(name) {
	case "sgd":
		return OptimizerConfig{Name: "sgd", LearningRate: 0.01}, nil
	case "momentum":
		return OptimizerConfig{Name: "momentum", LearningRate: 0.01, Momentum: 0.9}, nil
	case "adam":
		return OptimizerConfig{Name: "adam", LearningRate: 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: Epsilon}, nil
	case "rmsprop":
		return OptimizerConfig{Name: "rmsprop", LearningRate: 0.001, Rho: 0.9, Epsilon: Epsilon}, nil
	case "adagrad":
		return OptimizerConfig{Name: "adagrad", LearningRate: 0.01, InitialAccumulator: 0.1, Epsilon: Epsilon}, nil
	}
	return OptimizerConfig{}, fmtlite.Errorf("unknown optimizer %s (known: %s)", cut.Quoted(name), strings.Join(OptimizerNames, ", "))
}

func (c OptimizerConfig) validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if _, err := DefaultOptimizerConfig(c.Name); err != nil {
		return err
	}
	if !finite(c.LearningRate) || c.LearningRate < 0 {
		return fmtlite.Errorf("%s: learning rate must be a finite number ≥ 0, got %v", c.Name, c.LearningRate)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"momentum", c.Momentum}, {"beta1", c.Beta1}, {"beta2", c.Beta2}, {"rho", c.Rho}} {
		if !(f.v >= 0 && f.v < 1) {
			return fmtlite.Errorf("%s: %s must be in [0, 1), got %v", c.Name, f.name, f.v)
		}
	}
	if !finite(c.Epsilon) || c.Epsilon < 0 || !finite(c.InitialAccumulator) || c.InitialAccumulator < 0 {
		return fmtlite.Errorf("%s: epsilon and initial accumulator must be finite and ≥ 0", c.Name)
	}
	return nil
}

// Optimizer updates parameters from their gradients. Its state (moments,
// accumulators, the step count) lives here, keyed by parameter, and can be
// read for teaching.
type Optimizer struct {
	cfg   OptimizerConfig
	kind  int
	step  int
	slots map[*Param]*slots
	// The params of the last Step and their slots, in order: a model steps
	// with the same list every batch, so Step finds each parameter's state
	// by comparing a pointer rather than by a map lookup.
	lastParams []*Param
	lastSlots  []*slots
	// Adam's bias corrections 1-β1ᵗ and 1-β2ᵗ for step corrT (0: none yet).
	corrT  int
	corr1  float64
	corr2  float64
	corrB1 float64
	corrB2 float64
}

// slots is an optimizer's state for one parameter.
type slots struct {
	a, b []float64 // momentum/m/accumulator, v/mean square
}

const (
	optSGD = iota
	optMomentum
	optAdam
	optRMSprop
	optAdagrad
)

// NewOptimizer returns an optimizer for cfg, or an error naming the bad value.
func NewOptimizer(cfg OptimizerConfig) (*Optimizer, error) {
	cfg.Name = strings.ToLower(cfg.Name)
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	kind := map[string]int{"sgd": optSGD, "momentum": optMomentum, "adam": optAdam, "rmsprop": optRMSprop, "adagrad": optAdagrad}[cfg.Name]
	return &Optimizer{cfg: cfg, kind: kind, slots: map[*Param]*slots{}}, nil
}

// Config returns the optimizer's settings.
func (o *Optimizer) Config() OptimizerConfig { return o.cfg }

// Iterations returns how many updates have been applied.
func (o *Optimizer) Iterations() int { return o.step }

// SetLearningRate changes the learning rate between steps.
func (o *Optimizer) SetLearningRate(lr float64) error {
	c := o.cfg
	c.LearningRate = lr
	if err := c.validate(); err != nil {
		return err
	}
	o.cfg = c
	return nil
}

// Reset forgets all state, as a fresh optimizer.
func (o *Optimizer) Reset() {
	o.step = 0
	clear(o.slots)
	clear(o.lastParams) // Step finds every parameter's slots again, in the same slices
}

// slotNames returns the names of the state slots a and b.
func (o *Optimizer) slotNames() (string, string) {
	switch o.kind {
	case optMomentum:
		return "velocity", ""
	case optAdam:
		return "m", "v"
	case optRMSprop:
		return "meanSquare", "momentum"
	case optAdagrad:
		return "accumulator", ""
	}
	return "", ""
}

// State returns a copy of the optimizer's state for p: slot name → values in
// p's row-major layout ("m" and "v" for Adam, "velocity" for momentum,
// "meanSquare" for RMSprop, "accumulator" for Adagrad). Empty before the
// first update and for SGD.
func (o *Optimizer) State(p *Param) map[string][]float64 { return o.stateOf(o.slots[p]) }

// stateOf is State for the state s (nil: none yet).
func (o *Optimizer) stateOf(s *slots) map[string][]float64 {
	out := map[string][]float64{}
	if s == nil {
		return out
	}
	na, nb := o.slotNames()
	if na != "" && s.a != nil {
		out[na] = append([]float64(nil), s.a...)
	}
	if nb != "" && s.b != nil && (o.kind != optRMSprop || o.cfg.Momentum > 0) {
		out[nb] = append([]float64(nil), s.b...)
	}
	return out
}

// StateNames lists the slots State returns for this optimizer, sorted.
func (o *Optimizer) StateNames() []string {
	var n []string
	a, b := o.slotNames()
	if a != "" {
		n = append(n, a)
	}
	if b != "" && (o.kind != optRMSprop || o.cfg.Momentum > 0) {
		n = append(n, b)
	}
	strsort.Strings(n)
	return n
}

func (o *Optimizer) slotsFor(p *Param) *slots {
	s := o.slots[p]
	if s == nil {
		n := len(raw(p.Value))
		s = &slots{}
		switch o.kind {
		case optMomentum:
			s.a = make([]float64, n)
		case optAdam, optRMSprop:
			s.a, s.b = make([]float64, n), make([]float64, n)
		case optAdagrad:
			s.a = make([]float64, n)
			for i := range s.a {
				s.a[i] = o.cfg.InitialAccumulator
			}
		}
		o.slots[p] = s
	}
	return s
}

// Step applies one update to every parameter from its Grad. Every
// flushEvery steps it also sets to zero the state values smaller in
// magnitude than tinyState (see flushTiny).
func (o *Optimizer) Step(params []*Param) {
	o.step++
	flush := o.step%flushEvery == 0 && o.flushSafe()
	if len(o.lastParams) != len(params) {
		o.lastParams, o.lastSlots = make([]*Param, len(params)), make([]*slots, len(params))
	}
	for i, p := range params {
		if o.lastParams[i] != p {
			o.lastParams[i], o.lastSlots[i] = p, o.slotsFor(p)
		}
		s := o.lastSlots[i]
		o.update(p, s, o.step, nil)
		if flush {
			s.flushTiny()
		}
	}
}

// The state of a parameter whose gradient stays zero (a dead ReLU's
// weights) decays geometrically: Adam's m by β1 = 0.9 a step reaches the
// subnormal range below 2⁻¹⁰²² after about 6,700 steps and stays there for
// about 340 more. Arithmetic on subnormal numbers is many times slower on
// common CPUs, natively and in WebAssembly alike (which has no
// flush-to-zero mode): measured, the Keras example's epochs took 3× as
// long from about epoch 200 of the spiral set on. So every flushEvery steps
// the state values below tinyState in magnitude become exactly zero. A
// value above tinyState cannot reach 2⁻¹⁰²² within flushEvery steps while
// it decays by at most 2⁻¹·⁹ ≈ 0.27 a step (β1, β2, momentum and ρ of 0.9
// to 0.999 decay far slower; with a smaller one the state may still go
// subnormal between flushes, which costs speed, not correctness). The
// update such a value makes, |lr·m/(√v+ε)|, is below 2⁻⁸⁰⁰ for every sane
// lr while ε ≥ minFlushEpsilon: no weight of normal size changes. With a
// smaller ε a zeroed v or accumulator could turn a finite update into an
// infinite one, so those optimizers are not flushed (see flushSafe).
const (
	flushEvery      = 64
	tinyState       = 0x1p-900
	minFlushEpsilon = 0x1p-400
)

// flushSafe reports whether flushTiny leaves every update finite: always
// for momentum (no division), for the others only with ε ≥ minFlushEpsilon
// in their denominators.
func (o *Optimizer) flushSafe() bool {
	return o.kind == optMomentum || o.cfg.Epsilon >= minFlushEpsilon
}

// flushTiny sets to zero the state values below tinyState in magnitude.
func (s *slots) flushTiny() {
	for _, x := range [2][]float64{s.a, s.b} {
		for i, v := range x {
			if math.Abs(v) < tinyState {
				x[i] = 0
			}
		}
	}
}

// Delta writes into dst the change the next Step would make to p's values
// (new value = old + dst), without changing any state. For teaching.
func (o *Optimizer) Delta(p *Param, dst []float64) {
	s := o.slots[p]
	if s == nil {
		// A fresh state, thrown away afterwards.
		s = o.slotsFor(p)
		delete(o.slots, p)
	}
	o.update(p, s, o.step+1, dst)
}

// update performs the update rule for p at step t. With dst nil it applies
// the update and advances the state; otherwise it only writes the change into
// dst. The rules are TF.js' (see DefaultOptimizerConfig):
//
//	sgd:      w -= lr·g
//	momentum: a = μ·a + g;  w -= lr·a   (Nesterov: w -= lr·(g + μ·a))
//	adam:     m = β1·m + (1-β1)·g;  v = β2·v + (1-β2)·g²
//	          w -= lr·(m/(1-β1ᵗ)) / (sqrt(v/(1-β2ᵗ)) + ε)
//	rmsprop:  s = ρ·s + (1-ρ)·g²;  w -= lr·g/sqrt(s + ε)   (with momentum μ:
//	          u = μ·u + lr·g/sqrt(s + ε);  w -= u)
//	adagrad:  a += g²;  w -= lr·g/sqrt(a + ε)
func (o *Optimizer) update(p *Param, s *slots, t int, dst []float64) {
	w, g := raw(p.Value), raw(p.Grad)
	g = g[:len(w)]
	if o.kind == optAdam {
		o.adam(w, g, s, t, dst)
		return
	}
	commit := dst == nil
	if !commit {
		dst = dst[:len(g)]
	}
	// Every loop runs over slices of g's length, so that the compiler drops
	// their bounds checks. When committing, each change d is applied to w
	// and the state advanced; otherwise d goes into dst.
	lr := o.cfg.LearningRate
	switch o.kind {
	case optSGD:
		for i, gi := range g {
			d := -lr * gi
			if commit {
				w[i] += d
			} else {
				dst[i] = d
			}
		}
	case optMomentum:
		mu := o.cfg.Momentum
		a := s.a[:len(g)]
		for i, gi := range g {
			ai := mu*a[i] + gi
			d := -lr * ai
			if o.cfg.Nesterov {
				d = -lr * (gi + mu*ai)
			}
			if commit {
				a[i] = ai
				w[i] += d
			} else {
				dst[i] = d
			}
		}
	case optRMSprop:
		rho, mu, eps := o.cfg.Rho, o.cfg.Momentum, o.cfg.Epsilon
		a, b := s.a[:len(g)], s.b[:len(g)]
		for i, gi := range g {
			ms := rho*a[i] + (1-rho)*gi*gi
			u := lr * gi / math.Sqrt(ms+eps)
			if mu > 0 {
				u += mu * b[i]
			}
			if commit {
				a[i], b[i] = ms, u
				w[i] += -u
			} else {
				dst[i] = -u
			}
		}
	case optAdagrad:
		eps := o.cfg.Epsilon
		a := s.a[:len(g)]
		for i, gi := range g {
			ai := a[i] + gi*gi
			d := -lr * gi / math.Sqrt(ai+eps)
			if commit {
				a[i] = ai
				w[i] += d
			} else {
				dst[i] = d
			}
		}
	}
}

// adam is update's rule for Adam (see update), in a function of its own:
// the rule every benchmark trains with, compiled on its own.
//
// -lr·(m/c1)/(sqrt(v/c2)+ε) is computed as -lr/c1·m/(sqrt(v·(1/c2))+ε):
// the same value with one division per element instead of three, and
// 1-β1ᵗ, 1-β2ᵗ computed once per step rather than per parameter.
func (o *Optimizer) adam(w, g []float64, s *slots, t int, dst []float64) {
	b1, b2, eps := o.cfg.Beta1, o.cfg.Beta2, o.cfg.Epsilon
	c1, c2 := o.corrections(t)
	ob1, ob2 := 1-b1, 1-b2
	lrc, rc2 := -o.cfg.LearningRate/c1, 1/c2
	a, b := s.a[:len(g)], s.b[:len(g)]
	if dst == nil {
		kernel.Adam(w, g, a, b, b1, b2, ob1, ob2, lrc, rc2, eps)
		return
	}
	dst = dst[:len(g)]
	for i, gi := range g {
		m := b1*a[i] + ob1*gi
		v := b2*b[i] + ob2*gi*gi
		dst[i] = lrc * m / (math.Sqrt(v*rc2) + eps)
	}
}

// corrections returns Adam's 1-β1ᵗ and 1-β2ᵗ, computed once per step and
// kept: every parameter's update of a step needs them.
func (o *Optimizer) corrections(t int) (c1, c2 float64) {
	b1, b2 := o.cfg.Beta1, o.cfg.Beta2
	if t != o.corrT || b1 != o.corrB1 || b2 != o.corrB2 {
		o.corrT, o.corrB1, o.corrB2 = t, b1, b2
		o.corr1 = 1 - math.Pow(b1, float64(t))
		o.corr2 = 1 - math.Pow(b2, float64(t))
	}
	return o.corr1, o.corr2
}

// MustOptimizerConfig is DefaultOptimizerConfig for a name known to be
// valid; it panics on an unknown name (a programmer error).
func MustOptimizerConfig(name string) OptimizerConfig {
	c, err := DefaultOptimizerConfig(name)
	if err != nil {
		panic(err)
	}
	return c
}
