package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// ParamUpdate is the update the optimizer's next Step would make to one
// parameter, with every intermediate of its rule, computed without changing
// the parameter or the optimizer: what a lesson shows of an optimizer
// (Trace holds one per parameter). Vectors are in the parameter's row-major
// layout.
type ParamUpdate struct {
	// Param is the parameter's name, such as "dense_1/kernel".
	Param string
	// Grad is g, the gradient the update uses: the parameter's Grad (for a
	// batch, the gradient of its mean loss, the regularizer's included).
	Grad []float64
	// Value is the parameter before the update and NewValue after it:
	// exactly what Step leaves, bit for bit (Step's own code runs, on
	// copies).
	Value, NewValue []float64
	// Delta is the change the update makes: NewValue = Value + Delta.
	Delta []float64
	// State and NewState are the optimizer's state before and after the
	// update, by slot name as Optimizer.State gives it ("m" and "v" for
	// Adam, "velocity" for momentum, "meanSquare" and, with momentum,
	// "momentum" for RMSprop, "accumulator" for Adagrad). State is empty
	// before the first update; both are empty for SGD.
	State, NewState map[string][]float64
	// Terms are the rule's other intermediates, by name, from the new
	// state (before Step sets its tiny values to zero, see flushTiny):
	//
	//	adam:      "mHat" = m/(1-β1ᵗ), "vHat" = v/(1-β2ᵗ), "denominator" = √v̂ + ε
	//	momentum:  with Nesterov, "lookahead" = g + μ·velocity
	//	rmsprop:   "denominator" = √(meanSquare + ε)
	//	adagrad:   "denominator" = √(accumulator + ε)
	//
	// so that Delta is -lr·m̂/denominator (Adam), -lr·velocity or
	// -lr·lookahead (momentum), -lr·g/denominator (RMSprop without momentum,
	// Adagrad), -momentum (RMSprop with momentum), -lr·g (SGD), each to
	// rounding: the optimizer computes the same values in an order of its own.
	Terms map[string][]float64
}

// NextUpdate returns the update the next Step would make to p from its
// current Grad, with every intermediate, and changes nothing.
func (o *Optimizer) NextUpdate(p *Param) *ParamUpdate {
	w := raw(p.Value)
	n := len(w)
	g := raw(p.Grad)[:n]
	u := &ParamUpdate{Param: p.Name, Grad: clone(g), Value: clone(w), State: o.State(p), Delta: make([]float64, n)}
	o.Delta(p, u.Delta)

	// Step's own code on copies of the parameter and of its state (a fresh
	// state, thrown away, before the first update), so that NewValue and
	// NewState are Step's to the bit.
	s := o.slots[p]
	if s == nil {
		s = o.slotsFor(p)
		delete(o.slots, p)
	}
	c := &slots{a: clone(s.a), b: clone(s.b)}
	r, cols := p.Value.Dims()
	tmp := &Param{Name: p.Name, Value: mat.NewDense(r, cols, clone(w)), Grad: p.Grad}
	t := o.step + 1
	o.update(tmp, c, t, nil)
	u.Terms = o.terms(g, c, t)
	if t%flushEvery == 0 && o.flushSafe() {
		c.flushTiny()
	}
	u.NewValue = raw(tmp.Value)
	u.NewState = o.stateOf(c)
	return u
}

// terms returns ParamUpdate.Terms for gradient g and the new state s of
// update t.
func (o *Optimizer) terms(g []float64, s *slots, t int) map[string][]float64 {
	out := map[string][]float64{}
	eps := o.cfg.Epsilon
	switch o.kind {
	case optAdam:
		c1, c2 := o.corrections(t)
		mHat, vHat, den := make([]float64, len(g)), make([]float64, len(g)), make([]float64, len(g))
		for i := range g {
			mHat[i] = s.a[i] / c1
			vHat[i] = s.b[i] / c2
			den[i] = math.Sqrt(vHat[i]) + eps
		}
		out["mHat"], out["vHat"], out["denominator"] = mHat, vHat, den
	case optMomentum:
		if o.cfg.Nesterov {
			la := make([]float64, len(g))
			for i, gi := range g {
				la[i] = gi + o.cfg.Momentum*s.a[i]
			}
			out["lookahead"] = la
		}
	case optRMSprop, optAdagrad:
		den := make([]float64, len(g))
		for i := range g {
			den[i] = math.Sqrt(s.a[i] + eps)
		}
		out["denominator"] = den
	}
	return out
}

// OptimizerTrace describes the optimizer at the time of a trace and the
// update traced.
type OptimizerTrace struct {
	// Config holds the optimizer's name and settings.
	Config OptimizerConfig
	// Step is the number of updates applied so far.
	Step int
	// T is the number of the update traced, Step+1: Adam's t.
	T int
	// BiasCorrection1 and BiasCorrection2 are Adam's 1-β1ᵗ and 1-β2ᵗ for
	// update T; 0 for the other optimizers.
	BiasCorrection1, BiasCorrection2 float64
}

// traceInfo returns the OptimizerTrace of the next update.
func (o *Optimizer) traceInfo() OptimizerTrace {
	tr := OptimizerTrace{Config: o.cfg, Step: o.step, T: o.step + 1}
	if o.kind == optAdam {
		tr.BiasCorrection1, tr.BiasCorrection2 = o.corrections(tr.T)
	}
	return tr
}
