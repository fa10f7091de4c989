package core

import (
	"errors"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Trace is one training step's numbers on a batch, without the step: the
// forward pass, the loss, the backward pass and the update the optimizer
// would make next, every intermediate included, as the page's math lessons
// show them. Per-example values hold Rows rows, row-major.
type Trace struct {
	// Rows is the number of examples traced.
	Rows int
	// Losses holds each example's loss, as the loss function computes it
	// for that example alone (for mean squared error, the mean over its
	// outputs).
	Losses []float64
	// DataLoss is the loss function's value on the batch, the mean of
	// Losses (to rounding: this is the value the step computes).
	DataLoss float64
	// Penalty is the regularizers' part of the loss: the sum of the kernels'
	// penalties (LayerTrace.Penalty), 0 without regularizers.
	Penalty float64
	// Loss is DataLoss + Penalty, the value TrainOnBatch returns for the
	// batch.
	Loss float64
	// Output is the model's prediction for each example.
	Output []float64
	// Layers holds each layer's numbers, in order.
	Layers []LayerTrace
	// Optimizer names the optimizer, its settings and the update traced.
	Optimizer OptimizerTrace
}

// LayerTrace holds one layer's numbers for a traced batch. Input, Z, A,
// DAdZ, DLdA, DLdZ and Mask hold one row per example; for layers without an
// activation (Dropout, Normalization, GaussianNoise) Z equals A and DLdZ
// equals DLdA, and fields a layer has no such thing for are nil.
type LayerTrace struct {
	Name       string
	Kind       string
	Activation string    // layers with an activation setting (Dense) only
	Input      []float64 // the layer's input
	Z          []float64 // x·W + b
	A          []float64 // f(z), the layer's output
	// DAdZ is f′(z), the activation's slope at each z (1 for linear); for
	// softmax, whose Jacobian is a matrix per row, its diagonal ∂aⱼ/∂zⱼ =
	// aⱼ(1-aⱼ). See ActivationCurve.
	DAdZ []float64
	// DLdA and DLdZ are the gradients of the batch's loss (its mean) with
	// respect to a and z: dL/dz = f′(z)·dL/da (for softmax through the
	// Jacobian), each example's share divided by Rows.
	DLdA []float64
	DLdZ []float64
	// Mask is Dropout's mask in a training trace: 0 where an input was
	// dropped, 1/(1-rate) where it was kept, so that A = Input·Mask.
	Mask []float64
	// Stats are the statistics of a layer that adapts (Normalization's
	// mean and variance per input), as the layer uses them.
	Stats []Stat
	W     *Weights  // kernel, [inputs, units]
	B     []float64 // bias (nil without one)
	// DLdW and DLdB are the gradients the optimizer uses: those of the
	// batch's mean loss, plus the regularizer's for the kernel.
	DLdW *Weights // the kernel's shape
	DLdB []float64
	// Penalty is the kernel regularizer's part of the loss, nil without a
	// regularizer; DLdWData and DLdWPenalty are then DLdW's two parts, the
	// loss function's gradient (DLdW - DLdWPenalty, to rounding) and the
	// penalty's, L1·sign(W) + 2·L2·W.
	Penalty               *PenaltyTrace
	DLdWData, DLdWPenalty []float64
	// UpdateW and UpdateB are the optimizer's next update of W and b with
	// every intermediate (see ParamUpdate).
	UpdateW, UpdateB *ParamUpdate
	// DeltaW, DeltaB, StateW and StateB repeat the updates' Delta and State.
	DeltaW, DeltaB []float64
	StateW, StateB map[string][]float64
}

// PenaltyTrace is a kernel regularizer's part of the loss with its terms.
type PenaltyTrace struct {
	// L1 and L2 are the regularizer's factors.
	L1, L2 float64
	// SumAbs and SumSquares are Σ|w| and Σw² over the kernel.
	SumAbs, SumSquares float64
	// Value is L1·SumAbs + L2·SumSquares.
	Value float64
}

// TraceConfig configures TraceBatch. The zero value traces in inference
// mode.
type TraceConfig struct {
	// Training runs the layers as a training step does: Dropout drops and
	// GaussianNoise adds noise, drawn exactly as the next TrainOnBatch on
	// the same batch would draw them (and not used up: that step draws the
	// same). false runs them in inference mode (Dropout and GaussianNoise
	// pass their input through), as Trace did for one example.
	Training bool
}

// Trace traces one example, x its features and y its label (one class index
// for sparseCategoricalCrossentropy, otherwise one value per output), in
// inference mode: TraceExample with the zero TraceConfig.
func (m *Sequential) Trace(x, y []float64) (*Trace, error) {
	return m.TraceExample(x, y, TraceConfig{})
}

// TraceExample is TraceBatch of a batch of one example given as vectors: x
// its features, y its label (one class index for
// sparseCategoricalCrossentropy, otherwise one value per output).
func (m *Sequential) TraceExample(x, y []float64, cfg TraceConfig) (*Trace, error) {
	if !m.compiled {
		return nil, fmtlite.Errorf("trace: the model is not compiled; call compile first")
	}
	if len(x) == 0 {
		return nil, fmtlite.Errorf("trace: x is empty")
	}
	xm := mat.NewDense(1, len(x), append([]float64(nil), x...))
	if err := m.prepare("trace", xm, nil, true); err != nil {
		return nil, err
	}
	wantY := 1
	if !m.loss.sparse() {
		wantY = m.OutputDim()
	}
	if len(y) != wantY {
		return nil, fmtlite.Errorf("trace: y has %d values but the loss needs %d", len(y), wantY)
	}
	return m.TraceBatch(xm, mat.NewDense(1, wantY, append([]float64(nil), y...)), cfg)
}

// TraceBatch runs the batch (x, y) through the model as TrainOnBatch would
// (in inference mode unless cfg.Training), computes the loss and the
// gradients, and the update the optimizer would make next, and changes no
// weight and no optimizer state: the next TrainOnBatch on the same batch
// (in training mode) computes exactly the traced numbers and leaves exactly
// the traced new weights. A first layer that adapts and has not adapted
// (Normalization before any training) is traced with the statistics that
// step would learn from x, and forgets them afterwards.
//
// The model's layers keep the trace's intermediate buffers and gradients
// (as after any step): training overwrites them.
func (m *Sequential) TraceBatch(x, y *Matrix, cfg TraceConfig) (*Trace, error) {
	const call = "trace"
	if !m.compiled {
		return nil, fmtlite.Errorf("%s: the model is not compiled; call compile first", call)
	}
	if y == nil {
		return nil, errors.New("trace: y is empty")
	}
	if err := m.prepare(call, x, y, true); err != nil {
		return nil, err
	}
	// The trace copies each kernel about seven times: W, dL/dW, the update,
	// the optimizer's state and the fresh state Delta may make.
	rows, _ := x.Dims()
	if err := m.reserveRun(call, rows, false); err != nil {
		return nil, err
	}
	if err := CheckMemory(call, "the trace", 7*floatBytes(m.plan(m.InputDim()).trainable)); err != nil {
		return nil, err
	}
	if a, ok := m.layers[0].(Adapter); ok && !a.Adapted() {
		defer restoreStats(a, a.Stats())
		_ = a.Adapt(x) // x was checked by prepare: Adapt cannot fail here
	}
	if cfg.Training {
		saved := *m.noiseSrc
		defer func() { *m.noiseSrc = saved }()
	}
	var xb, yb mat.Dense
	copyInto(&xb, x, nil, 0, rows)
	copyInto(&yb, y, nil, 0, rows)

	tr := &Trace{Rows: rows, Optimizer: m.opt.traceInfo()}
	in := &xb
	for _, l := range m.layers {
		lt := LayerTrace{Name: l.Name(), Kind: l.Kind(), Input: clone(raw(in))}
		out := l.forward(in, cfg.Training)
		lt.A = clone(raw(out))
		lt.Z = lt.A
		f, hasF := l.Values()["activation"].(Activation)
		if hasF {
			lt.Activation = f.String()
		}
		if p, ok := l.(preActivator); ok {
			z, _ := p.preActivation()
			lt.Z = clone(raw(z))
			if hasF {
				_, cols := out.Dims()
				lt.DAdZ = make([]float64, len(lt.A))
				f.slopes(lt.Z, lt.A, lt.DAdZ, rows, cols)
			}
		}
		if d, ok := l.(interface{ lastMask() []float64 }); ok {
			lt.Mask = clone(d.lastMask())
		}
		if a, ok := l.(Adapter); ok {
			lt.Stats = a.Stats()
		}
		for _, p := range l.Params() {
			if isBias(p) {
				lt.B = clone(raw(p.Value))
			} else {
				w := weightsOf(p)
				lt.W = &w
			}
		}
		tr.Layers = append(tr.Layers, lt)
		in = out
	}
	tr.Output = clone(raw(in))
	tr.Losses = m.exampleLosses(&yb, in)
	r, c := in.Dims()
	g := mat.NewDense(r, c, nil)
	tr.DataLoss = m.loss.compute(&yb, in, g)
	tr.Penalty = m.regularization()
	tr.Loss = tr.DataLoss + tr.Penalty
	// Backward, layer by layer, recording dL/da before each layer.
	for i := len(m.layers) - 1; i >= 0; i-- {
		l, lt := m.layers[i], &tr.Layers[i]
		lt.DLdA = clone(raw(g))
		next := l.backward(g, true)
		lt.DLdZ = lt.DLdA
		if p, ok := l.(preActivator); ok {
			_, dz := p.preActivation()
			lt.DLdZ = clone(raw(dz))
		}
		for _, p := range l.Params() {
			m.traceParam(lt, p)
		}
		g = next
	}
	return tr, nil
}

// traceParam records p's gradient, its penalty and the optimizer's next
// update of it in lt.
func (m *Sequential) traceParam(lt *LayerTrace, p *Param) {
	u := m.opt.NextUpdate(p)
	if isBias(p) {
		lt.DLdB, lt.UpdateB, lt.DeltaB, lt.StateB = clone(raw(p.Grad)), u, u.Delta, u.State
		return
	}
	dw := weightsOf(p)
	dw.Data = clone(raw(p.Grad))
	lt.DLdW, lt.UpdateW, lt.DeltaW, lt.StateW = &dw, u, u.Delta, u.State
	if p.Reg.IsZero() {
		return
	}
	w := raw(p.Value)
	pt := &PenaltyTrace{L1: p.Reg.L1, L2: p.Reg.L2, Value: p.Reg.penalty(w)}
	pt.SumAbs, pt.SumSquares = sums(w)
	lt.Penalty = pt
	lt.DLdWPenalty = make([]float64, len(w))
	p.Reg.addGrad(lt.DLdWPenalty, w)
	lt.DLdWData = make([]float64, len(w))
	for i, v := range dw.Data {
		lt.DLdWData[i] = v - lt.DLdWPenalty[i]
	}
}

// exampleLosses returns the loss of each row of the predictions p against
// the labels y, each computed as a batch of one.
func (m *Sequential) exampleLosses(y, p *mat.Dense) []float64 {
	rows, pc := p.Dims()
	_, yc := y.Dims()
	out := make([]float64, rows)
	yd, pd := raw(y), raw(p)
	for i := range out {
		yr := mat.NewDense(1, yc, yd[i*yc:(i+1)*yc])
		pr := mat.NewDense(1, pc, pd[i*pc:(i+1)*pc])
		out[i] = m.loss.compute(yr, pr, nil)
	}
	return out
}

// restoreStats puts back the statistics an Adapter had before it adapted
// (Stats' values), marking it not adapted.
func restoreStats(a Adapter, saved []Stat) {
	v := make([][]float64, len(saved))
	for i, s := range saved {
		v[i] = s.Values
	}
	_ = a.RestoreStats(false, v) // its own starting values: cannot fail
}

// preActivator is a layer whose output is f(z) for a z it keeps (Dense):
// Trace shows z and dL/dz besides the output and dL/d(output).
type preActivator interface {
	preActivation() (z, dz *mat.Dense)
}

func clone(v []float64) []float64 { return append([]float64(nil), v...) }
