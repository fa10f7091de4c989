package core

import (
	"math"
	"strings"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/kernel"
)

// Activation is an element-wise (or, for softmax, row-wise) function applied
// after a Dense layer's affine map. Forward and derivative live together here.
type Activation int

// The activations, named as in Keras and TF.js.
const (
	Linear Activation = iota
	ReLU
	LeakyReLU
	ELU
	Sigmoid
	Tanh
	Softmax
	Softplus
)

// LeakyReLUAlpha is the slope of leakyRelu for negative inputs (TF.js' and
// Keras 3's default).
const LeakyReLUAlpha = 0.2

// ELUAlpha is elu's α (Keras' default).
const ELUAlpha = 1.0

var activationNames = [...]string{"linear", "relu", "leakyRelu", "elu", "sigmoid", "tanh", "softmax", "softplus"}

// String returns the activation's name as the API spells it.
func (f Activation) String() string {
	if f < 0 || int(f) >= len(activationNames) {
		return fmtlite.Sprintf("Activation(%d)", int(f))
	}
	return activationNames[f]
}

// ParseActivation returns the activation with the given name. "" means
// linear; Keras' snake_case spellings (leaky_relu) are accepted too.
func ParseActivation(name string) (Activation, error) {
	if name == "" {
		return Linear, nil
	}
	key := strings.ToLower(strings.ReplaceAll(name, "_", ""))
	for i, n := range activationNames {
		if strings.ToLower(n) == key {
			return Activation(i), nil
		}
	}
	return 0, fmtlite.Errorf("unknown activation %s (known: %s)", cut.Quoted(name), strings.Join(activationNames[:], ", "))
}

// sigmoid is 1/(1+e^-x), computed without overflow for any x.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// softplus is log(1+e^x), computed without overflow for any x.
func softplus(x float64) float64 {
	return math.Max(x, 0) + math.Log1p(math.Exp(-math.Abs(x)))
}

// forward sets a = f(z) for a rows×cols block stored row-major in z and a.
func (f Activation) forward(z, a []float64, rows, cols int) {
	f.forwardBias(z, nil, a, rows, cols)
}

// backward sets dz = dL/dz from da = dL/da, given z and a = f(z).
func (f Activation) backward(z, a, da, dz []float64, rows, cols int) {
	f.backwardBias(z, a, da, dz, nil, rows, cols)
}

// The passes below dispatch to one small function per activation; ReLU's
// passes, which most models train with, are kernels (core/internal/kernel).

// forwardBias is a Dense layer's forward pass after its product z = x·W:
// it adds the bias b (when not nil) to every row of z, in place, and sets
// a = f(z). ReLU and softmax do both in one pass over the rows.
func (f Activation) forwardBias(z, b, a []float64, rows, cols int) {
	n := rows * cols
	z, a = z[:n], a[:n]
	if b != nil {
		b = b[:cols]
	}
	switch f {
	case ReLU:
		reluForward(z, b, a, cols)
		return
	case Softmax:
		softmaxForward(z, b, a, cols)
		return
	}
	if b != nil {
		addRows(z, b)
	}
	switch f {
	case Linear:
		copy(a, z)
	case LeakyReLU:
		leakyReLUForward(z, a)
	case ELU:
		eluForward(z, a)
	case Sigmoid:
		sigmoidForward(z, a)
	case Tanh:
		tanhForward(z, a)
	case Softplus:
		softplusForward(z, a)
	default:
		panic("core: unknown activation")
	}
}

// backwardBias is backward for a Dense layer: it also sets gb (when not
// nil) to the bias gradient, the column sums of dz, added row by row (for
// ReLU in the same pass as dz).
func (f Activation) backwardBias(z, a, da, dz, gb []float64, rows, cols int) {
	n := rows * cols
	z, a, da, dz = z[:n], a[:n], da[:n], dz[:n]
	if gb != nil {
		gb = gb[:cols]
	}
	if f == ReLU {
		reluBackward(z, da, dz, gb, cols)
		return
	}
	switch f {
	case Linear:
		copy(dz, da)
	case LeakyReLU:
		leakyReLUBackward(z, da, dz)
	case ELU:
		eluBackward(z, a, da, dz)
	case Sigmoid:
		sigmoidBackward(a, da, dz)
	case Tanh:
		tanhBackward(a, da, dz)
	case Softplus:
		softplusBackward(z, da, dz)
	case Softmax:
		softmaxBackward(a, da, dz, cols)
	default:
		panic("core: unknown activation")
	}
	if gb != nil {
		sumColumns(gb, dz)
	}
}

// addRows adds b to every row of z (rows of len(b)).
func addRows(z, b []float64) {
	for lo := 0; lo < len(z); lo += len(b) {
		zr := z[lo : lo+len(b)]
		for j, v := range b[:len(zr)] {
			zr[j] += v
		}
	}
}

// sumColumns sets gb to the column sums of dz (rows of len(gb)), adding the
// rows in order: four rows per pass over gb, as gb[j] + d0 + d1 + d2 + d3,
// which is the same sum as adding them one at a time.
func sumColumns(gb, dz []float64) {
	clear(gb)
	cols, lo := len(gb), 0
	for ; lo+4*cols <= len(dz); lo += 4 * cols {
		d0 := dz[lo : lo+cols][:len(gb)]
		d1 := dz[lo+cols : lo+2*cols][:len(gb)]
		d2 := dz[lo+2*cols : lo+3*cols][:len(gb)]
		d3 := dz[lo+3*cols : lo+4*cols][:len(gb)]
		for j, v := range d0 {
			gb[j] = gb[j] + v + d1[j] + d2[j] + d3[j]
		}
	}
	for ; lo < len(dz); lo += cols {
		for j, v := range dz[lo : lo+cols][:len(gb)] {
			gb[j] += v
		}
	}
}

// reluForward sets a = relu(z + b), storing z + b in z (b nil: a = relu(z)).
func reluForward(z, b, a []float64, cols int) {
	if b == nil {
		kernel.Relu(z, a)
		return
	}
	kernel.ReluBias(z, b, a, cols)
}

// reluBackward sets dz = da where z > 0, else 0, and gb (when not nil) to
// the column sums of dz, added as sumColumns adds them.
func reluBackward(z, da, dz, gb []float64, cols int) {
	if gb == nil {
		kernel.ReluBackward(z, da, dz)
		return
	}
	kernel.ReluBackwardBias(z, da, dz, gb, cols)
}

// softmaxForward sets every row of a to softmax of that row of z + b,
// storing z + b in z (b nil: softmax of z).
func softmaxForward(z, b, a []float64, cols int) {
	a = a[:len(z)]
	for lo := 0; lo < len(z); lo += cols {
		zr, ar := z[lo:lo+cols], a[lo:lo+cols]
		if b != nil {
			for j, v := range b[:len(zr)] {
				zr[j] += v
			}
		}
		softmaxRow(zr, ar)
	}
}

// softmaxRow sets a = softmax(z) for one row.
func softmaxRow(z, a []float64) {
	a = a[:len(z)]
	// The row's maximum (NaN if any is); only exp(v-m) depends on it,
	// which the sign of a zero maximum does not change.
	m := math.Inf(-1)
	for _, v := range z {
		if v > m || v != v {
			m = v
		}
	}
	var s float64
	for i, v := range z {
		e := math.Exp(v - m)
		a[i] = e
		s += e
	}
	for i := range a {
		a[i] /= s
	}
}

// softmaxBackward sets each row of dz to a ⊙ (da - a·da) of that row.
func softmaxBackward(a, da, dz []float64, cols int) {
	da, dz = da[:len(a)], dz[:len(a)]
	for lo := 0; lo < len(a); lo += cols {
		ar := a[lo : lo+cols]
		dar, dzr := da[lo : lo+cols][:len(ar)], dz[lo : lo+cols][:len(ar)]
		var dot float64
		for i, y := range ar {
			dot += y * dar[i]
		}
		for i, y := range ar {
			dzr[i] = y * (dar[i] - dot)
		}
	}
}

func leakyReLUForward(z, a []float64) {
	a = a[:len(z)]
	for i, v := range z {
		if v < 0 {
			v *= LeakyReLUAlpha
		}
		a[i] = v
	}
}

func leakyReLUBackward(z, da, dz []float64) {
	da, dz = da[:len(z)], dz[:len(z)]
	for i, v := range z {
		if v > 0 {
			dz[i] = da[i]
		} else {
			dz[i] = LeakyReLUAlpha * da[i]
		}
	}
}

func eluForward(z, a []float64) {
	a = a[:len(z)]
	for i, v := range z {
		if v < 0 {
			v = ELUAlpha * math.Expm1(v)
		}
		a[i] = v
	}
}

func eluBackward(z, a, da, dz []float64) {
	a, da, dz = a[:len(z)], da[:len(z)], dz[:len(z)]
	for i, v := range z {
		if v > 0 {
			dz[i] = da[i]
		} else {
			dz[i] = da[i] * (a[i] + ELUAlpha)
		}
	}
}

func sigmoidForward(z, a []float64) {
	a = a[:len(z)]
	for i, v := range z {
		a[i] = sigmoid(v)
	}
}

func sigmoidBackward(a, da, dz []float64) {
	da, dz = da[:len(a)], dz[:len(a)]
	for i, y := range a {
		dz[i] = da[i] * y * (1 - y)
	}
}

func tanhForward(z, a []float64) {
	a = a[:len(z)]
	for i, v := range z {
		a[i] = math.Tanh(v)
	}
}

func tanhBackward(a, da, dz []float64) {
	da, dz = da[:len(a)], dz[:len(a)]
	for i, y := range a {
		dz[i] = da[i] * (1 - y*y)
	}
}

func softplusForward(z, a []float64) {
	a = a[:len(z)]
	for i, v := range z {
		a[i] = softplus(v)
	}
}

func softplusBackward(z, da, dz []float64) {
	da, dz = da[:len(z)], dz[:len(z)]
	for i, v := range z {
		dz[i] = da[i] * sigmoid(v)
	}
}
