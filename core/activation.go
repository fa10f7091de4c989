package core

import (
	"fmt"
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
		return fmt.Sprintf("Activation(%d)", int(f))
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
	return 0, fmt.Errorf("unknown activation '%s' (known: %s)", name, strings.Join(activationNames[:], ", "))
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
	n := rows * cols
	z, a = z[:n], a[:n]
	switch f {
	case Linear:
		copy(a, z)
	case ReLU:
		for i, v := range z {
			a[i] = math.Max(v, 0)
		}
	case LeakyReLU:
		for i, v := range z {
			if v < 0 {
				v *= LeakyReLUAlpha
			}
			a[i] = v
		}
	case ELU:
		for i, v := range z {
			if v < 0 {
				v = ELUAlpha * math.Expm1(v)
			}
			a[i] = v
		}
	case Sigmoid:
		for i, v := range z {
			a[i] = sigmoid(v)
		}
	case Tanh:
		for i, v := range z {
			a[i] = math.Tanh(v)
		}
	case Softplus:
		for i, v := range z {
			a[i] = softplus(v)
		}
	case Softmax:
		for r := 0; r < rows; r++ {
			zr, ar := z[r*cols:(r+1)*cols], a[r*cols:(r+1)*cols]
			m := math.Inf(-1)
			for _, v := range zr {
				m = math.Max(m, v)
			}
			var s float64
			for i, v := range zr {
				e := math.Exp(v - m)
				ar[i] = e
				s += e
			}
			for i := range ar {
				ar[i] /= s
			}
		}
	default:
		panic("core: unknown activation")
	}
}

// backward sets dz = dL/dz from da = dL/da, given z and a = f(z).
func (f Activation) backward(z, a, da, dz []float64, rows, cols int) {
	n := rows * cols
	z, a, da, dz = z[:n], a[:n], da[:n], dz[:n]
	switch f {
	case Linear:
		copy(dz, da)
	case ReLU:
		for i, v := range z {
			if v > 0 {
				dz[i] = da[i]
			} else {
				dz[i] = 0
			}
		}
	case LeakyReLU:
		for i, v := range z {
			if v > 0 {
				dz[i] = da[i]
			} else {
				dz[i] = LeakyReLUAlpha * da[i]
			}
		}
	case ELU:
		for i, v := range z {
			if v > 0 {
				dz[i] = da[i]
			} else {
				dz[i] = da[i] * (a[i] + ELUAlpha)
			}
		}
	case Sigmoid:
		for i, y := range a {
			dz[i] = da[i] * y * (1 - y)
		}
	case Tanh:
		for i, y := range a {
			dz[i] = da[i] * (1 - y*y)
		}
	case Softplus:
		for i, v := range z {
			dz[i] = da[i] * sigmoid(v)
		}
	case Softmax:
		for r := 0; r < rows; r++ {
			ar, dar, dzr := a[r*cols:(r+1)*cols], da[r*cols:(r+1)*cols], dz[r*cols:(r+1)*cols]
			var dot float64
			for i, y := range ar {
				dot += y * dar[i]
			}
			for i, y := range ar {
				dzr[i] = y * (dar[i] - dot)
			}
		}
	default:
		panic("core: unknown activation")
	}
}
