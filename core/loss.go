package core

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Loss is a training objective: its value and its gradient live together.
// Values are means over the batch, as in Keras and TF.js.
type Loss int

// The losses, named as in TF.js.
const (
	MeanSquaredError Loss = iota
	MeanAbsoluteError
	BinaryCrossentropy
	CategoricalCrossentropy
	SparseCategoricalCrossentropy
)

// Epsilon clips probabilities in the cross-entropies to [ε, 1-ε], as Keras
// and TF.js do.
const Epsilon = 1e-7

var lossNames = [...]string{"meanSquaredError", "meanAbsoluteError", "binaryCrossentropy", "categoricalCrossentropy", "sparseCategoricalCrossentropy"}

var lossAliases = map[string]Loss{
	"mse": MeanSquaredError, "mae": MeanAbsoluteError,
	"meansquarederror": MeanSquaredError, "meanabsoluteerror": MeanAbsoluteError,
	"binarycrossentropy": BinaryCrossentropy, "categoricalcrossentropy": CategoricalCrossentropy,
	"sparsecategoricalcrossentropy": SparseCategoricalCrossentropy,
}

// String returns the loss's name as the API spells it.
func (l Loss) String() string {
	if l < 0 || int(l) >= len(lossNames) {
		return fmt.Sprintf("Loss(%d)", int(l))
	}
	return lossNames[l]
}

// ParseLoss returns the loss with the given name (camelCase, snake_case or
// the short mse and mae).
func ParseLoss(name string) (Loss, error) {
	if l, ok := lossAliases[strings.ToLower(strings.ReplaceAll(name, "_", ""))]; ok {
		return l, nil
	}
	return 0, fmt.Errorf("unknown loss '%s' (known: %s)", name, strings.Join(lossNames[:], ", "))
}

// sparse reports whether the loss takes class indices (one column) as labels.
func (l Loss) sparse() bool { return l == SparseCategoricalCrossentropy }

// clipLow and clipHigh are ε and 1-ε as TF.js applies them: rounded to
// float32, so 1-ε is really 1-2⁻²³ (about 1-1.19e-7), which sets the loss of
// a saturated wrong prediction (-log(2⁻²³) ≈ 15.94, not -log(1e-7) ≈ 16.12).
var clipLow, clipHigh = float64(float32(Epsilon)), float64(float32(1 - Epsilon))

func clip(p float64) float64 { return math.Min(math.Max(p, clipLow), clipHigh) }

// compute returns the mean loss of predictions p against labels y and, when
// grad is not nil, writes dLoss/dp into it (p's shape). For the sparse loss y
// has one column of class indices; otherwise it has p's shape.
//
// The formulas follow TF.js: binary cross-entropy clips p; categorical
// cross-entropy first divides each row of p by its sum, then clips.
func (l Loss) compute(y, p, grad *mat.Dense) float64 {
	rows, cols := p.Dims()
	yd, pd := raw(y), raw(p)
	var gd []float64
	if grad != nil {
		gd = raw(grad)
	}
	n := float64(rows)
	var total float64
	switch l {
	case MeanSquaredError, MeanAbsoluteError, BinaryCrossentropy:
		scale := 1 / (n * float64(cols))
		for i, pv := range pd[:rows*cols] {
			yv := yd[i]
			var v, g float64
			switch l {
			case MeanSquaredError:
				d := pv - yv
				v, g = d*d, 2*d
			case MeanAbsoluteError:
				d := pv - yv
				v = math.Abs(d)
				// TF.js' d|d|/dd is step(d, -1): -1 at 0, not 0.
				g = -1
				if d > 0 {
					g = 1
				}
			default:
				c := clip(pv)
				v = -(yv*math.Log(c) + (1-yv)*math.Log(1-c))
				if c == pv { // the clip passes no gradient where it is active
					g = -yv/c + (1-yv)/(1-c)
				}
			}
			total += v
			if gd != nil {
				gd[i] = g * scale
			}
		}
		return total * scale
	case CategoricalCrossentropy, SparseCategoricalCrossentropy:
		// TF.js' sparse loss first clips p to [ε, 1-ε] (passing no gradient
		// where the clip is active), then applies the categorical one.
		in := func(v float64) float64 { return v }
		if l.sparse() {
			in = clip
		}
		for r := 0; r < rows; r++ {
			pr := pd[r*cols : (r+1)*cols]
			var s float64
			for _, v := range pr {
				s += in(v)
			}
			// L = -Σ y_j log(clip(p_j/s)); with q = p/s,
			// dL/dp_k = -y_k/(p_k) [unclipped k] + Σ_{j unclipped} y_j / s.
			var ysum float64
			for j, pv := range pr {
				yj := l.label(yd, r, j, cols)
				if yj == 0 {
					continue
				}
				q := in(pv) / s
				c := clip(q)
				total -= yj * math.Log(c)
				if c == q {
					ysum += yj
				}
			}
			if gd != nil {
				gr := gd[r*cols : (r+1)*cols]
				for j, pv := range pr {
					g := ysum / s
					yj := l.label(yd, r, j, cols)
					if yj != 0 {
						if q := in(pv) / s; clip(q) == q {
							g -= yj / in(pv)
						}
					}
					if in(pv) != pv {
						g = 0
					}
					gr[j] = g / n
				}
			}
		}
		return total / n
	default:
		panic("core: unknown loss")
	}
}

// label returns y[r][j] for dense labels, or 1 if row r's class is j for the
// sparse loss.
func (l Loss) label(yd []float64, r, j, cols int) float64 {
	if l == SparseCategoricalCrossentropy {
		if int(yd[r]) == j {
			return 1
		}
		return 0
	}
	return yd[r*cols+j]
}
