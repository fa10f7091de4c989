package core

import (
	"math"
	"strings"
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
		return sprintf("Activation(%d)", int(f))
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
	return 0, errorf("unknown activation '%s' (known: %s)", name, strings.Join(activationNames[:], ", "))
}

// sigmoid is 1/(1+e^-x), computed without overflow for any x.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// relu is max(v, 0) exactly as math.Max(v, 0) computes it (NaN stays NaN,
// -0 becomes +0). The sign of v is unpredictable, so it picks v's bits or
// +0's (all zero) with a mask the compiler computes without a branch (a
// conditional move on amd64, a select in WebAssembly); math.Max is a call.
func relu(v float64) float64 {
	var keep uint64
	if !(v <= 0) { // v > 0 or NaN
		keep = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(v) & keep)
}

// reluGrad is d where z > 0, else +0: relu's backward pass, as relu
// without a branch.
func reluGrad(z, d float64) float64 {
	var keep uint64
	if z > 0 {
		keep = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(d) & keep)
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

// The passes below dispatch to one small function per activation: in the
// web build, the engine compiles (and optimizes) each function on its own
// once it is hot, so a model compiles only the code of its activations.

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
	a = a[:len(z)]
	if b == nil {
		for i, v := range z {
			a[i] = relu(v)
		}
		return
	}
	reluBias(z, b, a, cols)
}

// goReluBias is reluForward with a bias, in Go: the kernel reluBias calls
// (kernels.go), and the loop the WebAssembly kernel's relu_bias matches.
func goReluBias(z, b, a []float64, cols int) {
	for lo := 0; lo < len(z); lo += cols {
		zr := z[lo : lo+cols]
		ar, br := a[lo : lo+cols][:len(zr)], b[:len(zr)]
		for j, v := range zr {
			v += br[j]
			zr[j] = v
			ar[j] = relu(v)
		}
	}
}

// reluBackward sets dz = da where z > 0, else 0, and gb (when not nil) to
// the column sums of dz, added as sumColumns adds them.
func reluBackward(z, da, dz, gb []float64, cols int) {
	da, dz = da[:len(z)], dz[:len(z)]
	if gb == nil {
		for i, v := range z {
			dz[i] = reluGrad(v, da[i])
		}
		return
	}
	reluBackwardBias(z, da, dz, gb, cols)
}

// goReluBackward is reluBackward with a bias gradient, in Go: the kernel
// reluBackwardBias calls (kernels.go), and the loop the WebAssembly kernel's
// relu_bwd matches.
func goReluBackward(z, da, dz, gb []float64, cols int) {
	clear(gb)
	lo := 0
	for ; lo+4*cols <= len(z); lo += 4 * cols {
		z0 := z[lo : lo+cols]
		z1 := z[lo+cols : lo+2*cols][:len(z0)]
		z2 := z[lo+2*cols : lo+3*cols][:len(z0)]
		z3 := z[lo+3*cols : lo+4*cols][:len(z0)]
		a0 := da[lo : lo+cols][:len(z0)]
		a1 := da[lo+cols : lo+2*cols][:len(z0)]
		a2 := da[lo+2*cols : lo+3*cols][:len(z0)]
		a3 := da[lo+3*cols : lo+4*cols][:len(z0)]
		d0 := dz[lo : lo+cols][:len(z0)]
		d1 := dz[lo+cols : lo+2*cols][:len(z0)]
		d2 := dz[lo+2*cols : lo+3*cols][:len(z0)]
		d3 := dz[lo+3*cols : lo+4*cols][:len(z0)]
		gr := gb[:len(z0)]
		for j, v := range z0 {
			g0, g1, g2, g3 := reluGrad(v, a0[j]), reluGrad(z1[j], a1[j]), reluGrad(z2[j], a2[j]), reluGrad(z3[j], a3[j])
			d0[j], d1[j], d2[j], d3[j] = g0, g1, g2, g3
			gr[j] = gr[j] + g0 + g1 + g2 + g3
		}
	}
	for ; lo < len(z); lo += cols {
		zr := z[lo : lo+cols]
		dar, dzr, gr := da[lo : lo+cols][:len(zr)], dz[lo : lo+cols][:len(zr)], gb[:len(zr)]
		for j, v := range zr {
			g := reluGrad(v, dar[j])
			dzr[j] = g
			gr[j] += g
		}
	}
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
