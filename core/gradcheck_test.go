package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// Finite-difference checks of every backward pass: each layer stack × every
// activation × every loss × every regularizer, comparing the analytic
// dL/dW, dL/db (every layer) and dL/dx with central differences of the same
// loss (data loss plus regularization penalty).

const (
	gcStep    = 1e-5 // central-difference step h
	gcRelTol  = 1e-6 // relative tolerance, against the larger magnitude
	gcAbsTol  = 1e-8 // absolute tolerance, for gradients near zero
	gcMargin  = 1e-3 // smallest distance allowed to a kink or a clip boundary
	gcInputs  = 4
	gcHidden  = 5
	gcOutputs = 3
	gcRows    = 4
	gcTries   = 100 // seeds tried per case before giving up on the margins
)

var gcActivations = []Activation{Linear, ReLU, LeakyReLU, ELU, Sigmoid, Tanh, Softmax, Softplus}

var gcLosses = []Loss{MeanSquaredError, MeanAbsoluteError, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy}

var gcRegularizers = []struct {
	name string
	reg  Regularizer
}{
	{"noreg", Regularizer{}},
	{"l1", Regularizer{L1: 0.01}},
	{"l2", Regularizer{L2: 0.02}},
	{"l1l2", Regularizer{L1: 0.01, L2: 0.02}},
}

// gcStack is a layer stack under test; training runs its dropout layers in
// training mode (with a mask fixed by reseeding before every forward pass).
type gcStack struct {
	name     string
	training bool
	layers   func(t testing.TB, act Activation, reg Regularizer) []Layer
}

var gcStacks = []gcStack{
	{"dense", false, func(t testing.TB, act Activation, reg Regularizer) []Layer {
		return []Layer{thDense(t, DenseConfig{Units: gcOutputs, Activation: act, InputDim: gcInputs, Regularizer: reg})}
	}},
	{"dense(nobias)>dense", false, func(t testing.TB, act Activation, reg Regularizer) []Layer {
		return []Layer{
			thDense(t, DenseConfig{Units: gcHidden, Activation: act, InputDim: gcInputs, NoBias: true, Regularizer: reg}),
			thDense(t, DenseConfig{Units: gcOutputs, Activation: act, Regularizer: reg}),
		}
	}},
	{"dense>dropout>dense", true, func(t testing.TB, act Activation, reg Regularizer) []Layer {
		return []Layer{
			thDense(t, DenseConfig{Units: gcHidden, Activation: act, InputDim: gcInputs, Regularizer: reg}),
			thDropout(t, 0.4),
			thDense(t, DenseConfig{Units: gcOutputs, Activation: act, Regularizer: reg}),
		}
	}},
	{"norm>dense", false, func(t testing.TB, act Activation, reg Regularizer) []Layer {
		n, err := NewNormalization(gcInputs)
		if err != nil {
			t.Fatal(err)
		}
		return []Layer{n, thDense(t, DenseConfig{Units: gcOutputs, Activation: act, Regularizer: reg})}
	}},
	{"norm>dense>dropout>dense", true, func(t testing.TB, act Activation, reg Regularizer) []Layer {
		n, err := NewNormalization(gcInputs)
		if err != nil {
			t.Fatal(err)
		}
		return []Layer{
			n,
			thDense(t, DenseConfig{Units: gcHidden, Activation: act, Regularizer: reg}),
			thDropout(t, 0.3),
			thDense(t, DenseConfig{Units: gcOutputs, Activation: act, Regularizer: reg}),
		}
	}},
}

// gcCase is one set-up model with its data.
type gcCase struct {
	m        *Sequential
	x, y     *mat.Dense
	training bool
	seed     uint64
}

// resetDropout reseeds every dropout layer so that the next forward pass
// draws the same mask as every other one.
func (c *gcCase) resetDropout() {
	for _, l := range c.m.layers {
		if d, ok := l.(*Dropout); ok {
			d.rng = rand.New(rand.NewPCG(c.seed, 0x6d61736b))
		}
	}
}

// forward runs the model on x with the fixed dropout mask.
func (c *gcCase) forward() *mat.Dense {
	c.resetDropout()
	return c.m.forward(c.x, c.training)
}

// loss is the objective the gradients belong to: the mean data loss plus the
// regularization penalty.
func (c *gcCase) loss() float64 {
	return c.m.loss.compute(c.y, c.forward(), nil) + c.m.regularization()
}

// gcCenter is where the last layer's pre-activations are centred for the
// cross-entropies, so that every output lies well inside (0, 1).
func gcCenter(act Activation) float64 {
	switch act {
	case Sigmoid, Softmax:
		return 0
	case Softplus:
		return -0.5 // softplus(-0.8..-0.2) ≈ 0.37..0.60
	default:
		return 0.5 // linear, relu, leakyRelu, elu: 0.2..0.8; tanh: 0.20..0.66
	}
}

// gcLabels draws labels for loss: targets for the regressions, 0/1 for
// binary cross-entropy, one-hot rows or class indices for the categorical
// ones.
func gcLabels(rng *rand.Rand, loss Loss, rows int) *mat.Dense {
	switch loss {
	case BinaryCrossentropy:
		y := mat.NewDense(rows, gcOutputs, nil)
		for i := range raw(y) {
			raw(y)[i] = float64(rng.IntN(2))
		}
		return y
	case CategoricalCrossentropy:
		y := mat.NewDense(rows, gcOutputs, nil)
		for r := 0; r < rows; r++ {
			y.Set(r, rng.IntN(gcOutputs), 1)
		}
		return y
	case SparseCategoricalCrossentropy:
		y := mat.NewDense(rows, 1, nil)
		for r := 0; r < rows; r++ {
			y.Set(r, 0, float64(rng.IntN(gcOutputs)))
		}
		return y
	default:
		return thRandMat(rng, rows, gcOutputs, 1)
	}
}

// lastDense returns the model's last Dense layer.
func (c *gcCase) lastDense() *Dense {
	for i := len(c.m.layers) - 1; i >= 0; i-- {
		if d, ok := c.m.layers[i].(*Dense); ok {
			return d
		}
	}
	return nil
}

// squeeze scales the last layer's kernel so that |h·W| ≤ 0.3 on the data and
// sets its bias to gcCenter, for the cross-entropies' ranges.
func (c *gcCase) squeeze(act Activation) {
	c.forward()
	d := c.lastDense()
	z := thMatMul(d.x, d.kernel.Value)
	// The largest absolute row sum bounds every entry. Small products (such
	// as an all-zero input from dead relu units) need no scaling.
	big := thNormInf(z)
	if big > 0.3 {
		w := raw(d.kernel.Value)
		for i := range w {
			w[i] *= 0.3 / big
		}
	}
	for i := range raw(d.bias.Value) {
		raw(d.bias.Value)[i] = gcCenter(act)
	}
}

// margins returns "" when no pre-activation sits near a kink, no L1
// regularized weight near 0, no MAE residual near 0 and no probability near
// a clip boundary; otherwise it says what is too close.
func (c *gcCase) margins() string {
	p := c.forward()
	for _, l := range c.m.layers {
		d, ok := l.(*Dense)
		if !ok {
			continue
		}
		switch d.cfg.Activation {
		case ReLU, LeakyReLU, ELU:
			for _, v := range raw(&d.z) {
				if math.Abs(v) < gcMargin {
					return fmt.Sprintf("%s: z = %g near the kink", d.name, v)
				}
			}
		}
		if d.cfg.Regularizer.L1 > 0 {
			for _, v := range raw(d.kernel.Value) {
				if math.Abs(v) < gcMargin {
					return fmt.Sprintf("%s: weight %g near L1's kink", d.name, v)
				}
			}
		}
	}
	pd, yd := raw(p), raw(c.y)
	rows, cols := p.Dims()
	switch c.m.loss {
	case MeanAbsoluteError:
		for i, v := range pd {
			if math.Abs(v-yd[i]) < gcMargin {
				return fmt.Sprintf("residual %g near MAE's kink", v-yd[i])
			}
		}
	case BinaryCrossentropy:
		for _, v := range pd {
			if v < gcMargin || v > 1-gcMargin {
				return fmt.Sprintf("output %g near the clip", v)
			}
		}
	case CategoricalCrossentropy, SparseCategoricalCrossentropy:
		for r := 0; r < rows; r++ {
			var s float64
			for _, v := range pd[r*cols : (r+1)*cols] {
				if v < gcMargin {
					return fmt.Sprintf("output %g not safely positive", v)
				}
				s += v
			}
			for j, v := range pd[r*cols : (r+1)*cols] {
				if q := v / s; c.m.loss.label(yd, r, j, cols) != 0 && (q < gcMargin || q > 1-gcMargin) {
					return fmt.Sprintf("normalised output %g near the clip", q)
				}
			}
		}
	}
	return ""
}

// gcSetup builds the stack for act, loss and reg on rows random examples,
// trying seeds from base until no kink or clip boundary is within gcMargin.
func gcSetup(t *testing.T, st gcStack, act Activation, loss Loss, reg Regularizer, rows int, training bool, base uint64) *gcCase {
	t.Helper()
	var why string
	for try := uint64(0); try < gcTries; try++ {
		seed := base*1000 + try
		m := thModel(t, seed, st.layers(t, act, reg)...)
		thCompile(t, m, loss, "sgd")
		rng := thRNG(seed)
		for _, l := range m.layers {
			if n, ok := l.(*Normalization); ok {
				data := thRandMat(rng, 16, gcInputs, 2)
				for i := range raw(data) {
					raw(data)[i] += float64(i%gcInputs) - 1 // columns with different means
				}
				if err := n.Adapt(data); err != nil {
					t.Fatal(err)
				}
			}
		}
		c := &gcCase{m: m, x: thRandMat(rng, rows, gcInputs, 1.5), y: gcLabels(rng, loss, rows), training: training, seed: seed}
		if loss == BinaryCrossentropy || loss == CategoricalCrossentropy || loss == SparseCategoricalCrossentropy {
			c.squeeze(act)
		}
		if why = c.margins(); why == "" {
			return c
		}
	}
	t.Fatalf("no seed in %d tries keeps the case away from kinks: %s", gcTries, why)
	return nil
}

// gcWorst tracks the largest differences between analytic and numeric
// gradients.
type gcWorst struct {
	abs, rel           float64
	absWhere, relWhere string
}

// gcRelFloor is the smallest gradient magnitude whose relative difference
// counts in the reports (below it the absolute tolerance governs).
const gcRelFloor = 1e-4

// add records one comparison and reports whether it is within tolerance.
func (w *gcWorst) add(where string, analytic, numeric float64) bool {
	d := math.Abs(analytic - numeric)
	big := math.Max(math.Abs(analytic), math.Abs(numeric))
	if d > w.abs || w.absWhere == "" {
		w.abs, w.absWhere = d, where
	}
	if big >= gcRelFloor && (d/big > w.rel || w.relWhere == "") {
		w.rel, w.relWhere = d/big, where
	}
	return d <= gcAbsTol || d <= gcRelTol*big
}

func (w *gcWorst) merge(o gcWorst, prefix string) {
	if o.abs > w.abs || w.absWhere == "" {
		w.abs, w.absWhere = o.abs, prefix+": "+o.absWhere
	}
	if o.relWhere != "" && (o.rel > w.rel || w.relWhere == "") {
		w.rel, w.relWhere = o.rel, prefix+": "+o.relWhere
	}
}

func (w gcWorst) String() string {
	return fmt.Sprintf("worst |Δ| = %.3g (%s); worst relative Δ = %.3g (%s, among |g| ≥ %g)", w.abs, w.absWhere, w.rel, w.relWhere, gcRelFloor)
}

// numeric returns the central difference of f with respect to *v.
func gcNumeric(v *float64, f func() float64) float64 {
	orig := *v
	*v = orig + gcStep
	lp := f()
	*v = orig - gcStep
	lm := f()
	*v = orig
	return (lp - lm) / (2 * gcStep)
}

// TestGradCheck compares Sequential's backward pass (m.backward and every
// layer's input gradient) with central differences of loss.compute plus the
// regularization penalty.
func TestGradCheck(t *testing.T) {
	var overall gcWorst
	cases := 0
	for si, st := range gcStacks {
		for ai, act := range gcActivations {
			for li, loss := range gcLosses {
				for ri, rg := range gcRegularizers {
					name := fmt.Sprintf("%s/%s/%s/%s", st.name, act, loss, rg.name)
					base := uint64(1 + ri + 10*li + 100*ai + 1000*si)
					var worst gcWorst
					t.Run(name, func(t *testing.T) {
						c := gcSetup(t, st, act, loss, rg.reg, gcRows, st.training, base)
						worst = gcCheckModel(t, c)
						t.Logf("seed %d: %v", c.seed, worst)
					})
					overall.merge(worst, name)
					cases++
				}
			}
		}
	}
	t.Logf("gradient check summary over %d cases: %v", cases, overall)
}

// gcCheckModel checks dL/dW, dL/db of every Dense layer and dL/dx of c.
func gcCheckModel(t *testing.T, c *gcCase) gcWorst {
	t.Helper()
	m := c.m
	// Analytic gradients through the model's own backward pass, as a
	// training step runs it (fused at the output layer where the activation
	// and the loss fuse: fused.go).
	p := c.forward()
	r, cols := p.Dims()
	g := mat.NewDense(r, cols, nil)
	lossValue := m.lossBackward(c.y, p) + m.regularization()
	if math.IsNaN(lossValue) || math.IsInf(lossValue, 0) {
		t.Fatalf("loss = %v", lossValue)
	}
	grads := make([][]float64, len(m.params))
	for i, prm := range m.params {
		grads[i] = clone(raw(prm.Grad))
	}
	// dL/dx: the chain rule through every layer, asking each for its input
	// gradient. Its parameter gradients equal the training pass's, bit for
	// bit, unless that one is fused; then to a few ulps.
	p = c.forward()
	if l := m.loss.compute(c.y, p, g) + m.regularization(); l != lossValue {
		t.Errorf("loss = %.17g, the training pass's %.17g", l, lossValue)
	}
	var gx *mat.Dense = g
	for i := len(m.layers) - 1; i >= 0; i-- {
		gx = m.layers[i].backward(gx, true)
	}
	dx := clone(raw(gx))
	fused := m.fusedOutput() != nil
	for i, prm := range m.params {
		got := raw(prm.Grad)
		if !fused && !thEqual(got, grads[i]) {
			t.Errorf("%s: gradient with every input gradient requested = %v, want %v (as from m.lossBackward)", prm.Name, got, grads[i])
		}
		for j := range got {
			if fused && !thClose(got[j], grads[i][j], 1e-14, 1e-11) {
				t.Errorf("%s[%d]: chain rule %.17g, fused %.17g", prm.Name, j, got[j], grads[i][j])
			}
		}
	}
	if got := c.loss(); got != lossValue {
		t.Errorf("loss recomputed = %.17g, want %.17g (the forward pass is not repeatable)", got, lossValue)
	}

	var worst gcWorst
	for i, prm := range m.params {
		v := raw(prm.Value)
		for j := range v {
			num := gcNumeric(&v[j], c.loss)
			if !worst.add(fmt.Sprintf("%s[%d]", prm.Name, j), grads[i][j], num) {
				t.Errorf("dL/d%s[%d]: analytic %.12g, numeric %.12g", prm.Name, j, grads[i][j], num)
			}
		}
	}
	xv := raw(c.x)
	for j := range xv {
		num := gcNumeric(&xv[j], c.loss)
		if !worst.add(fmt.Sprintf("x[%d]", j), dx[j], num) {
			t.Errorf("dL/dx[%d]: analytic %.12g, numeric %.12g", j, dx[j], num)
		}
	}
	return worst
}

// TestGradCheckTrace compares Trace's dL/dW and dL/db, for one example in
// inference mode, with central differences of Evaluate's loss on that one
// row (regularization included).
func TestGradCheckTrace(t *testing.T) {
	var overall gcWorst
	cases := 0
	reg := Regularizer{L1: 0.01, L2: 0.02}
	for si, st := range gcStacks {
		for ai, act := range gcActivations {
			for li, loss := range gcLosses {
				name := fmt.Sprintf("%s/%s/%s/l1l2", st.name, act, loss)
				base := uint64(50000 + 10*li + 100*ai + 1000*si)
				var worst gcWorst
				t.Run(name, func(t *testing.T) {
					c := gcSetup(t, st, act, loss, reg, 1, false, base)
					m := c.m
					evalLoss := func() float64 {
						logs, err := m.Evaluate(c.x, c.y)
						if err != nil {
							t.Fatalf("Evaluate: %v", err)
						}
						return logs["loss"]
					}
					tr, err := m.Trace(raw(c.x), raw(c.y))
					if err != nil {
						t.Fatalf("Trace: %v", err)
					}
					if want := evalLoss(); !thClose(tr.Loss, want, 1e-15, 1e-12) {
						t.Errorf("Trace loss = %.17g, want Evaluate's %.17g", tr.Loss, want)
					}
					for i, l := range m.layers {
						d, ok := l.(*Dense)
						if !ok {
							continue
						}
						lt := tr.Layers[i]
						w := raw(d.kernel.Value)
						for j := range w {
							num := gcNumeric(&w[j], evalLoss)
							if !worst.add(fmt.Sprintf("%s/kernel[%d]", d.name, j), lt.DLdW.Data[j], num) {
								t.Errorf("Trace dL/dW %s[%d]: analytic %.12g, numeric %.12g", d.name, j, lt.DLdW.Data[j], num)
							}
						}
						if d.bias == nil {
							if lt.DLdB != nil {
								t.Errorf("%s has no bias but Trace gives dL/db %v", d.name, lt.DLdB)
							}
							continue
						}
						b := raw(d.bias.Value)
						for j := range b {
							num := gcNumeric(&b[j], evalLoss)
							if !worst.add(fmt.Sprintf("%s/bias[%d]", d.name, j), lt.DLdB[j], num) {
								t.Errorf("Trace dL/db %s[%d]: analytic %.12g, numeric %.12g", d.name, j, lt.DLdB[j], num)
							}
						}
					}
					t.Logf("seed %d: %v", c.seed, worst)
				})
				overall.merge(worst, name)
				cases++
			}
		}
	}
	t.Logf("trace gradient check summary over %d cases: %v", cases, overall)
}
