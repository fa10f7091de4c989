package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// Regularizer adds L1·Σ|w| + L2·Σw² to the loss for a layer's kernel, as
// Keras' l1, l2 and l1_l2 regularizers do. The zero value adds nothing.
type Regularizer struct {
	// L1 is the factor of the sum of absolute weights; 0 turns it off.
	L1 float64
	// L2 is the factor of the sum of squared weights; 0 turns it off.
	L2 float64
}

// IsZero reports whether the regularizer adds nothing.
func (r Regularizer) IsZero() bool { return r.L1 == 0 && r.L2 == 0 }

// penalty returns the regularization loss for the weights w.
func (r Regularizer) penalty(w []float64) float64 {
	s1, s2 := sums(w)
	return r.L1*s1 + r.L2*s2
}

// sums returns Σ|w| and Σw², the sums penalty weighs (Trace shows them).
func sums(w []float64) (abs, squares float64) {
	for _, v := range w {
		abs += math.Abs(v)
		squares += v * v
	}
	return abs, squares
}

// addGrad adds the penalty's gradient to g: L1·sign(w) + 2·L2·w, where
// sign(0) is -1 as in TF.js (whose d|w|/dw is step(w, -1)), so that a
// zero-initialised kernel moves exactly as it does there.
func (r Regularizer) addGrad(g, w []float64) {
	g = g[:len(w)]
	for i, v := range w {
		s := -1.0
		if v > 0 {
			s = 1
		}
		g[i] += r.L1*s + 2*r.L2*v
	}
}

func (r Regularizer) validate() error {
	if !(r.L1 >= 0) || !(r.L2 >= 0) || r.L1 > 1e6 || r.L2 > 1e6 {
		return fmtlite.Errorf("regularizer factors must be between 0 and 1e6, got l1=%g l2=%g", r.L1, r.L2)
	}
	return nil
}
