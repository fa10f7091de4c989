package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// MaxCurvePoints bounds the work of one ActivationCurve call: its points
// times the width of a softmax row.
const MaxCurvePoints = 1 << 22

// ActivationCurve returns f(z) and f′(z) at each point of zs, computed by
// the activation's own forward and backward passes (the code a Dense layer
// trains with): f′ is the backward pass with dL/da = 1.
//
// Softmax is a function of a whole row, so its curve is one component
// against its own input with the row's other inputs fixed: at each z, a =
// softmax([z, others...])₀ and f′ = ∂a₀/∂z₀ = a(1-a), the diagonal of the
// row's Jacobian. others nil means [0], a row of two classes, whose curve is
// the sigmoid's. Only softmax takes others.
//
// Every z must be finite; ReLU's slope at 0 is 0, as its backward pass has it.
func ActivationCurve(f Activation, zs, others []float64) (a, dadz []float64, err error) {
	const call = "activationCurve"
	if f < 0 || int(f) >= len(activationNames) {
		return nil, nil, fmtlite.Errorf("%s: unknown activation %d", call, int(f))
	}
	if f != Softmax && others != nil {
		return nil, nil, fmtlite.Errorf("%s: others applies to softmax only, not %s", call, f)
	}
	if f == Softmax && others == nil {
		others = []float64{0}
	}
	if len(zs)*(len(others)+1) > MaxCurvePoints {
		return nil, nil, fmtlite.Errorf("%s: %d points of %d values each is more than the limit of %d values", call, len(zs), len(others)+1, MaxCurvePoints)
	}
	for _, v := range []struct {
		name string
		x    []float64
	}{{"z", zs}, {"others", others}} {
		for i, x := range v.x {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, nil, fmtlite.Errorf("%s: %s[%d] is %v, not a finite number", call, v.name, i, x)
			}
		}
	}
	n := len(zs)
	a, dadz = make([]float64, n), make([]float64, n)
	if f != Softmax {
		f.forward(clone(zs), a, n, 1)
		f.slopes(zs, a, dadz, n, 1)
		return a, dadz, nil
	}
	k := len(others) + 1
	z, ar, d := make([]float64, k), make([]float64, k), make([]float64, k)
	copy(z[1:], others)
	for i, v := range zs {
		z[0] = v
		f.forward(z, ar, 1, k)
		f.slopes(z, ar, d, 1, k)
		a[i], dadz[i] = ar[0], d[0]
	}
	return a, dadz, nil
}

// slopes sets dadz to f′(z) for a rows×cols block z with a = f(z): the
// backward pass with dL/da = 1 for the element-wise activations, and for
// softmax each row's Jacobian diagonal ∂aⱼ/∂zⱼ, the backward pass of the row
// with dL/da the j-th unit vector.
func (f Activation) slopes(z, a, dadz []float64, rows, cols int) {
	n := rows * cols
	if f != Softmax {
		ones := make([]float64, n)
		for i := range ones {
			ones[i] = 1
		}
		f.backward(z[:n], a[:n], ones, dadz[:n], rows, cols)
		return
	}
	unit, out := make([]float64, cols), make([]float64, cols)
	for r := 0; r < rows; r++ {
		ar := a[r*cols : (r+1)*cols]
		for j := range unit {
			unit[j] = 1
			softmaxBackward(ar, unit, out, cols)
			dadz[r*cols+j] = out[j]
			unit[j] = 0
		}
	}
}
