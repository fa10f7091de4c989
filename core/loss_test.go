package core

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// lossTol is the tolerance of hand-computed loss values.
const lossTol = 1e-15

func TestLossValues(t *testing.T) {
	// -log(ε), -log(1-(1-ε)) and -log(1-ε) with the clip bounds ε = 1e-7
	// and 1-ε rounded to float32, as TF.js applies them.
	lo, hi := float64(float32(1e-7)), float64(float32(1-1e-7))
	logEps := -math.Log(lo)
	logOneMinusClipped := -math.Log(1 - hi)
	logClippedOne := -math.Log(hi)
	tests := []struct {
		name     string
		loss     Loss
		rows     int
		y, p     []float64 // p is rows×len(p)/rows; y has p's shape or one column
		want     float64
		wantGrad []float64 // nil: not checked here
	}{
		{"mse", MeanSquaredError, 2, []float64{1, 2, 3, 4}, []float64{1.5, 2, 2, 4},
			(0.25 + 0 + 1 + 0) / 4, []float64{2 * 0.5 / 4, 0, 2 * -1.0 / 4, 0}},
		{"mae", MeanAbsoluteError, 2, []float64{1, 2, 3, 4}, []float64{1.5, 2, 2, 4},
			(0.5 + 0 + 1 + 0) / 4, []float64{0.25, -0.25, -0.25, -0.25}}, // TF.js: -1 at a zero residual
		{"mse one row", MeanSquaredError, 1, []float64{0, 0, 0}, []float64{1, 2, 3}, 14.0 / 3, []float64{2.0 / 3, 4.0 / 3, 2}},
		{"binary", BinaryCrossentropy, 1, []float64{1, 0}, []float64{0.8, 0.4},
			(-math.Log(0.8) - math.Log(0.6)) / 2, []float64{-1 / 0.8 / 2, 1 / 0.6 / 2}},
		{"binary soft label", BinaryCrossentropy, 1, []float64{0.3}, []float64{0.6},
			-(0.3*math.Log(0.6) + 0.7*math.Log(0.4)), []float64{-0.3/0.6 + 0.7/0.4}},
		{"binary clipped at 0 and 1", BinaryCrossentropy, 1, []float64{1, 0, 1, 0}, []float64{0, 1, 1, 0},
			(logEps + logOneMinusClipped + logClippedOne - math.Log(1-lo)) / 4, []float64{0, 0, 0, 0}},
		{"binary mean over batch", BinaryCrossentropy, 2, []float64{1, 0}, []float64{0.9, 0.2},
			(-math.Log(0.9) - math.Log(0.8)) / 2, []float64{-1 / 0.9 / 2, 1 / 0.8 / 2}},
		{"categorical", CategoricalCrossentropy, 1, []float64{0, 1, 0}, []float64{0.2, 0.5, 0.3},
			math.Ln2, []float64{1, 1 - 1/0.5, 1}},
		{"categorical divides by the row sum", CategoricalCrossentropy, 1, []float64{0, 1, 0}, []float64{1, 2, 1},
			math.Ln2, []float64{0.25, -0.25, 0.25}},
		{"categorical row sum below one", CategoricalCrossentropy, 1, []float64{0, 0, 1}, []float64{0.1, 0.1, 0.2},
			math.Ln2, []float64{2.5, 2.5, 2.5 - 5}},
		{"categorical clipped at 0", CategoricalCrossentropy, 1, []float64{1, 0}, []float64{0, 1},
			logEps, []float64{0, 0}},
		{"categorical clipped at 1", CategoricalCrossentropy, 1, []float64{0, 1}, []float64{0, 1},
			logClippedOne, []float64{0, 0}},
		{"categorical soft labels", CategoricalCrossentropy, 1, []float64{0.3, 0.7}, []float64{0.5, 0.5},
			math.Ln2, []float64{1 - 0.3/0.5, 1 - 0.7/0.5}},
		{"categorical mean over batch", CategoricalCrossentropy, 2, []float64{1, 0, 0, 1}, []float64{0.5, 0.5, 0.2, 0.8},
			(math.Ln2 - math.Log(0.8)) / 2, []float64{(1 - 2) / 2.0, 1 / 2.0, 1 / 2.0, (1 - 1/0.8) / 2}},
		{"sparse", SparseCategoricalCrossentropy, 2, []float64{0, 1}, []float64{0.5, 0.5, 0.2, 0.8},
			(math.Ln2 - math.Log(0.8)) / 2, []float64{(1 - 2) / 2.0, 1 / 2.0, 1 / 2.0, (1 - 1/0.8) / 2}},
		{"sparse clipped at 0", SparseCategoricalCrossentropy, 1, []float64{2}, []float64{0.5, 0.5, 0},
			logEps, []float64{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols := len(tt.p) / tt.rows
			p := thMat(tt.rows, cols, tt.p...)
			y := thMat(tt.rows, len(tt.y)/tt.rows, tt.y...)
			g := mat.NewDense(tt.rows, cols, nil)
			got := tt.loss.compute(y, p, g)
			if !thClose(got, tt.want, lossTol, 1e-14) {
				t.Errorf("%s loss = %.17g, want %.17g", tt.loss, got, tt.want)
			}
			if noGrad := tt.loss.compute(y, p, nil); noGrad != got {
				t.Errorf("loss without gradient = %.17g, want %.17g", noGrad, got)
			}
			if tt.wantGrad != nil {
				thCheckClose(t, "gradient", raw(g), tt.wantGrad, 1e-14, 1e-13)
			}
		})
	}
}

// TestLossMeanOverBatch checks that a batch's loss is the mean of its rows'
// losses and that each row's gradient is its one-row gradient over n.
func TestLossMeanOverBatch(t *testing.T) {
	rng := thRNG(11)
	rows, cols := 5, 3
	for _, loss := range gcLosses {
		t.Run(loss.String(), func(t *testing.T) {
			p := lossProbabilities(rng, rows, cols)
			y := lossLabels(rng, loss, rows, cols)
			g := mat.NewDense(rows, cols, nil)
			got := loss.compute(y, p, g)
			var sum float64
			for r := 0; r < rows; r++ {
				yc := y.RawMatrix().Cols
				pr := thMat(1, cols, p.RawRowView(r)...)
				yr := thMat(1, yc, y.RawRowView(r)...)
				gr := mat.NewDense(1, cols, nil)
				sum += loss.compute(yr, pr, gr)
				for j := range cols {
					if want := gr.At(0, j) / float64(rows); !thClose(g.At(r, j), want, 1e-16, 1e-13) {
						t.Errorf("grad[%d][%d] = %.17g, want %.17g", r, j, g.At(r, j), want)
					}
				}
			}
			if want := sum / float64(rows); !thClose(got, want, 1e-15, 1e-13) {
				t.Errorf("batch loss = %.17g, want the mean of the rows %.17g", got, want)
			}
		})
	}
}

// lossProbabilities returns rows of positive values in (0.05, 1) that sum
// to 1 (softmax of random logits, floored).
func lossProbabilities(rng interface{ NormFloat64() float64 }, rows, cols int) *mat.Dense {
	z := make([]float64, rows*cols)
	for i := range z {
		z[i] = rng.NormFloat64() * 0.5
	}
	a := make([]float64, len(z))
	Softmax.forward(z, a, rows, cols)
	return mat.NewDense(rows, cols, a)
}

// lossLabels draws labels for loss (as gcLabels does) for any width.
func lossLabels(rng interface {
	IntN(int) int
	NormFloat64() float64
}, loss Loss, rows, cols int) *mat.Dense {
	switch loss {
	case BinaryCrossentropy:
		y := mat.NewDense(rows, cols, nil)
		for i := range raw(y) {
			raw(y)[i] = float64(rng.IntN(2))
		}
		return y
	case CategoricalCrossentropy:
		y := mat.NewDense(rows, cols, nil)
		for r := 0; r < rows; r++ {
			y.Set(r, rng.IntN(cols), 1)
		}
		return y
	case SparseCategoricalCrossentropy:
		y := mat.NewDense(rows, 1, nil)
		for r := 0; r < rows; r++ {
			y.Set(r, 0, float64(rng.IntN(cols)))
		}
		return y
	default:
		y := mat.NewDense(rows, cols, nil)
		for i := range raw(y) {
			raw(y)[i] = rng.NormFloat64()
		}
		return y
	}
}

// TestSparseEqualsOneHot checks that sparse categorical cross-entropy on
// class indices equals categorical cross-entropy on their one-hot rows, in
// value and gradient, on rows that sum to 1 and on unnormalised rows. (Rows
// with values outside [ε, 1-ε] are left out: TF.js' sparse loss clips
// before normalising, its categorical loss after, so there they differ.)
func TestSparseEqualsOneHot(t *testing.T) {
	rng := thRNG(5)
	rows, cols := 6, 4
	p := lossProbabilities(rng, rows, cols)
	for _, r := range []int{4, 5} { // unnormalised rows: sums 0.5 and 0.9
		for j := range cols {
			p.Set(r, j, p.At(r, j)*(0.5+0.4*float64(r-4)))
		}
	}
	idx := mat.NewDense(rows, 1, nil)
	oneHot := mat.NewDense(rows, cols, nil)
	for r := 0; r < rows; r++ {
		c := rng.IntN(cols)
		idx.Set(r, 0, float64(c))
		oneHot.Set(r, c, 1)
	}
	gs, gc := mat.NewDense(rows, cols, nil), mat.NewDense(rows, cols, nil)
	ls := SparseCategoricalCrossentropy.compute(idx, p, gs)
	lc := CategoricalCrossentropy.compute(oneHot, p, gc)
	if !thClose(ls, lc, 0, 1e-15) {
		t.Errorf("sparse loss = %.17g, want categorical %.17g", ls, lc)
	}
	thCheckClose(t, "sparse gradient", raw(gs), raw(gc), 0, 1e-15)
}

// TestLossGradientNumeric compares each loss's gradient with central
// differences, away from the clip boundaries and MAE's kink.
func TestLossGradientNumeric(t *testing.T) {
	const h = 1e-6
	rng := thRNG(13)
	rows, cols := 3, 4
	for _, loss := range gcLosses {
		for _, normalised := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/normalised=%v", loss, normalised), func(t *testing.T) {
				p := lossProbabilities(rng, rows, cols)
				if !normalised {
					for i := range raw(p) {
						raw(p)[i] *= 0.5 + float64(i%3) // rows no longer sum to 1
					}
				}
				y := lossLabels(rng, loss, rows, cols)
				g := mat.NewDense(rows, cols, nil)
				loss.compute(y, p, g)
				pd := raw(p)
				worst := 0.0
				for i := range pd {
					orig := pd[i]
					pd[i] = orig + h
					lp := loss.compute(y, p, nil)
					pd[i] = orig - h
					lm := loss.compute(y, p, nil)
					pd[i] = orig
					num := (lp - lm) / (2 * h)
					worst = math.Max(worst, math.Abs(num-raw(g)[i]))
					if !thClose(raw(g)[i], num, 1e-8, 1e-6) {
						t.Errorf("grad[%d] = %.12g, want %.12g (numeric)", i, raw(g)[i], num)
					}
				}
				t.Logf("worst |Δ| = %.3g", worst)
			})
		}
	}
}

func TestParseLoss(t *testing.T) {
	tests := []struct {
		name string
		want Loss
	}{
		{"mse", MeanSquaredError},
		{"MSE", MeanSquaredError},
		{"meanSquaredError", MeanSquaredError},
		{"mean_squared_error", MeanSquaredError},
		{"mae", MeanAbsoluteError},
		{"MAE", MeanAbsoluteError},
		{"meanAbsoluteError", MeanAbsoluteError},
		{"mean_absolute_error", MeanAbsoluteError},
		{"binaryCrossentropy", BinaryCrossentropy},
		{"binary_crossentropy", BinaryCrossentropy},
		{"categoricalCrossentropy", CategoricalCrossentropy},
		{"categorical_crossentropy", CategoricalCrossentropy},
		{"sparseCategoricalCrossentropy", SparseCategoricalCrossentropy},
		{"sparse_categorical_crossentropy", SparseCategoricalCrossentropy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLoss(tt.name)
			if err != nil || got != tt.want {
				t.Errorf("ParseLoss(%q) = %v, %v; want %v, nil", tt.name, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "crossentropy", "hinge", "msle", "binary crossentropy"} {
		t.Run("bad/"+bad, func(t *testing.T) {
			_, err := ParseLoss(bad)
			want := fmt.Sprintf("unknown loss '%s' (known: meanSquaredError, meanAbsoluteError, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy)", bad)
			if err == nil || err.Error() != want {
				t.Errorf("ParseLoss(%q) error = %v, want %q", bad, err, want)
			}
		})
	}
}

func TestLossString(t *testing.T) {
	want := []string{"meanSquaredError", "meanAbsoluteError", "binaryCrossentropy", "categoricalCrossentropy", "sparseCategoricalCrossentropy"}
	for i, l := range gcLosses {
		if got := l.String(); got != want[i] {
			t.Errorf("Loss(%d).String() = %q, want %q", i, got, want[i])
		}
		if got, err := ParseLoss(l.String()); err != nil || got != l {
			t.Errorf("ParseLoss(%q) = %v, %v; want %v", l, got, err, l)
		}
		if got, want := l.sparse(), l == SparseCategoricalCrossentropy; got != want {
			t.Errorf("%s.sparse() = %v, want %v", l, got, want)
		}
	}
	if got := Loss(7).String(); !strings.HasPrefix(got, "Loss(7)") {
		t.Errorf("Loss(7).String() = %q, want Loss(7)", got)
	}
}
