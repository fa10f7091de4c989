package core

import (
	"math"
	"strings"

	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
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
		return fmtlite.Sprintf("Loss(%d)", int(l))
	}
	return lossNames[l]
}

// ParseLoss returns the loss with the given name (camelCase, snake_case or
// the short mse and mae).
func ParseLoss(name string) (Loss, error) {
	if l, ok := lossAliases[strings.ToLower(strings.ReplaceAll(name, "_", ""))]; ok {
		return l, nil
	}
	return 0, fmtlite.Errorf("unknown loss %s (known: %s)", cut.Quoted(name), strings.Join(lossNames[:], ", "))
}

// sparse reports whether the loss takes class indices (one column) as labels.
func (l Loss) sparse() bool { return l == SparseCategoricalCrossentropy }

// isCrossentropy reports whether l is one of the classification losses.
func (l Loss) isCrossentropy() bool {
	return l == BinaryCrossentropy || l == CategoricalCrossentropy || l == SparseCategoricalCrossentropy
}

// clipLow and clipHigh are ε and 1-ε as TF.js applies them: rounded to
// float32, so 1-ε is really 1-2⁻²³ (about 1-1.19e-7), which sets the loss of
// a saturated wrong prediction (-log(2⁻²³) ≈ 15.94, not -log(1e-7) ≈ 16.12).
var clipLow, clipHigh = float64(float32(Epsilon)), float64(float32(1 - Epsilon))

// clip is math.Min(math.Max(p, clipLow), clipHigh) (NaN stays NaN) as
// comparisons, which the compiler inlines; math.Min and math.Max are calls.
func clip(p float64) float64 {
	if p < clipLow {
		return clipLow
	}
	if p > clipHigh {
		return clipHigh
	}
	return p
}

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
	// One function per kind of loss, each compiled on its own.
	switch l {
	case MeanSquaredError, MeanAbsoluteError:
		return l.regression(yd, pd, gd, rows, cols)
	case BinaryCrossentropy:
		return binaryCrossentropy(yd, pd, gd, rows, cols)
	case CategoricalCrossentropy, SparseCategoricalCrossentropy:
		return l.crossentropy(yd, pd, gd, rows, cols)
	default:
		panic("core: unknown loss")
	}
}

// regression is compute for the mean squared and mean absolute errors.
func (l Loss) regression(yd, pd, gd []float64, rows, cols int) float64 {
	scale := 1 / (float64(rows) * float64(cols))
	pd = pd[:rows*cols]
	yd = yd[:len(pd)]
	var total float64
	for i, pv := range pd {
		d := pv - yd[i]
		var v, g float64
		if l == MeanSquaredError {
			v, g = d*d, 2*d
		} else {
			v = math.Abs(d)
			// TF.js' d|d|/dd is step(d, -1): -1 at 0, not 0.
			g = -1
			if d > 0 {
				g = 1
			}
		}
		total += v
		if gd != nil {
			gd[i] = g * scale
		}
	}
	return total * scale
}

// binaryCrossentropy is compute for the binary cross-entropy, which clips p.
func binaryCrossentropy(yd, pd, gd []float64, rows, cols int) float64 {
	scale := 1 / (float64(rows) * float64(cols))
	pd = pd[:rows*cols]
	yd = yd[:len(pd)]
	var total float64
	for i, pv := range pd {
		yv := yd[i]
		c := clip(pv)
		total += -(yv*math.Log(c) + (1-yv)*math.Log(1-c))
		if gd != nil {
			var g float64
			if c == pv { // the clip passes no gradient where it is active
				g = -yv/c + (1-yv)/(1-c)
			}
			gd[i] = g * scale
		}
	}
	return total * scale
}

// crossentropy is compute for the categorical cross-entropies: it divides
// each row of p by its sum, then clips.
func (l Loss) crossentropy(yd, pd, gd []float64, rows, cols int) float64 {
	n := float64(rows)
	var total float64
	// TF.js' sparse loss first clips p to [ε, 1-ε] (passing no gradient
	// where the clip is active), then applies the categorical one.
	sparse := l.sparse()
	for r := 0; r < rows; r++ {
		pr := pd[r*cols : (r+1)*cols]
		// Row r's labels: yr, or for the sparse loss 1 in column class.
		var yr []float64
		class := -1
		if sparse {
			class = int(yd[r])
		} else {
			yr = yd[r*cols : (r+1)*cols][:len(pr)]
		}
		var s float64
		for _, v := range pr {
			if sparse {
				v = clip(v)
			}
			s += v
		}
		// L = -Σ y_j log(clip(p_j/s)); with q = p/s,
		// dL/dp_k = -y_k/(p_k) [unclipped k] + Σ_{j unclipped} y_j / s.
		var ysum float64
		for j, pv := range pr {
			var yj float64
			if sparse {
				if j == class {
					yj = 1
				}
			} else {
				yj = yr[j]
			}
			if yj == 0 {
				continue
			}
			if sparse {
				pv = clip(pv)
			}
			q := pv / s
			c := clip(q)
			total -= yj * math.Log(c)
			if c == q {
				ysum += yj
			}
		}
		if gd != nil {
			gr := gd[r*cols : (r+1)*cols][:len(pr)]
			g0 := ysum / s
			for j, pv := range pr {
				in := pv
				var yj float64
				if sparse {
					in = clip(pv)
					if j == class {
						yj = 1
					}
				} else {
					yj = yr[j]
				}
				g := g0
				if yj != 0 {
					if q := in / s; clip(q) == q {
						g -= yj / in
					}
				}
				if in != pv { // the sparse loss' clip is active (or p is NaN)
					g = 0
				}
				gr[j] = g / n
			}
		}
	}
	return total / n
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
