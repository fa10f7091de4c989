package core

import (
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Trace is one forward and backward pass on one example, without any
// update: what the page's math lessons show.
type Trace struct {
	// Loss is the example's loss, regularization penalty included.
	Loss float64
	// Penalty is the regularization part of Loss.
	Penalty float64
	// Output is the model's prediction for the example.
	Output []float64
	// Layers holds each layer's numbers, in order.
	Layers []LayerTrace
	// Optimizer names the optimizer, its settings and its step count.
	Optimizer OptimizerTrace
}

// LayerTrace holds one layer's numbers for a traced example. For layers
// without an activation (Dropout, Normalization) Z equals A, and for layers
// without parameters the weight fields are nil.
type LayerTrace struct {
	Name       string
	Kind       string
	Activation string // layers with an activation setting (Dense) only
	Input      []float64
	Z          []float64 // x·W + b
	A          []float64 // f(z), the layer's output
	DLdA       []float64 // dL/da
	DLdZ       []float64 // dL/dz
	W          *Weights  // kernel, [inputs, units]
	B          []float64 // bias (nil without one)
	DLdW       *Weights  // dL/dW, the kernel's shape
	DLdB       []float64
	// DeltaW and DeltaB are the changes the optimizer would make to W and
	// b if this example's gradient were the batch gradient of the next step.
	DeltaW, DeltaB []float64
	// StateW and StateB are the optimizer's current state for W and b.
	StateW, StateB map[string][]float64
}

// OptimizerTrace describes the optimizer at the time of a trace.
type OptimizerTrace struct {
	Config OptimizerConfig
	// Step is the number of updates applied so far; the next is Step+1.
	Step int
}

// Trace runs x (one example's features) through the model in inference
// mode (no dropout), computes the loss against y (one class index for
// sparseCategoricalCrossentropy, otherwise one value per output) and the
// gradients, and changes no weights and no optimizer state.
func (m *Sequential) Trace(x, y []float64) (*Trace, error) {
	if !m.compiled {
		return nil, fmtlite.Errorf("trace: the model is not compiled; call compile first")
	}
	xm := mat.NewDense(1, max(len(x), 1), nil)
	if len(x) == 0 {
		return nil, fmtlite.Errorf("trace: x is empty")
	}
	copy(raw(xm), x)
	wantY := 1
	if err := m.prepare("trace", xm, nil, true); err != nil {
		return nil, err
	}
	if !m.loss.sparse() {
		wantY = m.OutputDim()
	}
	if len(y) != wantY {
		return nil, fmtlite.Errorf("trace: y has %d values but the loss needs %d", len(y), wantY)
	}
	ym := mat.NewDense(1, wantY, append([]float64(nil), y...))
	if err := m.prepare("trace", xm, ym, true); err != nil {
		return nil, err
	}
	// The trace copies each kernel about seven times: W, dL/dW, the update,
	// the optimizer's state and the fresh state Delta may make.
	if err := m.reserveRun("trace", 1, false); err != nil {
		return nil, err
	}
	if err := CheckMemory("trace", "the trace", 7*floatBytes(m.plan(m.InputDim()).trainable)); err != nil {
		return nil, err
	}
	tr := &Trace{Optimizer: OptimizerTrace{Config: m.opt.Config(), Step: m.opt.Iterations()}}
	in := xm
	for _, l := range m.layers {
		lt := LayerTrace{Name: l.Name(), Kind: l.Kind(), Input: clone(raw(in))}
		out := l.forward(in, false)
		lt.A = clone(raw(out))
		lt.Z = lt.A
		if a, ok := l.Values()["activation"].(Activation); ok {
			lt.Activation = a.String()
		}
		if p, ok := l.(preActivator); ok {
			z, _ := p.preActivation()
			lt.Z = clone(raw(z))
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
	r, c := in.Dims()
	g := mat.NewDense(r, c, nil)
	tr.Penalty = m.regularization()
	tr.Loss = m.loss.compute(ym, in, g) + tr.Penalty
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
			delta := make([]float64, len(raw(p.Grad)))
			m.opt.Delta(p, delta)
			if isBias(p) {
				lt.DLdB, lt.DeltaB, lt.StateB = clone(raw(p.Grad)), delta, m.opt.State(p)
				continue
			}
			dw := weightsOf(p)
			dw.Data = clone(raw(p.Grad))
			lt.DLdW, lt.DeltaW, lt.StateW = &dw, delta, m.opt.State(p)
		}
		g = next
	}
	return tr, nil
}

// preActivator is a layer whose output is f(z) for a z it keeps (Dense):
// Trace shows z and dL/dz besides the output and dL/d(output).
type preActivator interface {
	preActivation() (z, dz *mat.Dense)
}

func clone(v []float64) []float64 { return append([]float64(nil), v...) }
