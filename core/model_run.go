package core

import (
	"errors"
	"math"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/kernel"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// The model run on data: the forward and backward passes and one training
// step, the checks of x and y every call makes, and the calls that run a
// model without training it (predict, evaluate, layer outputs).

// forward runs every layer on x and returns the output (owned by the model).
func (m *Sequential) forward(x *mat.Dense, training bool) *mat.Dense {
	for _, l := range m.layers {
		x = l.forward(x, training)
	}
	return x
}

// backward propagates dL/d(output) through every layer, setting gradients.
func (m *Sequential) backward(g *mat.Dense) {
	// The first layer with parameters needs no input gradient from earlier ones.
	first := m.firstTrainable
	for i := len(m.layers) - 1; i >= first; i-- {
		g = m.layers[i].backward(g, i > first)
	}
}

// regularization returns the sum of every kernel's penalty.
func (m *Sequential) regularization() float64 {
	var s float64
	for _, p := range m.params {
		if !p.Reg.IsZero() {
			s += p.Reg.penalty(raw(p.Value))
		}
	}
	return s
}

// step trains on one contiguous batch and returns the loss (with the
// regularization penalty) and the predictions (owned by the model). With
// guard, a non-finite loss makes no update and a finite one is kept in the
// loss guard's copy (guard.go).
func (m *Sequential) step(x, y *mat.Dense, guard bool) (float64, *mat.Dense) {
	p := m.forward(x, true)
	loss := m.outputLoss(y, p) + m.regularization()
	if guard {
		// A non-finite loss makes no update (the caller stops, guard.go);
		// a finite one keeps the weights it came from.
		if !finiteLoss(loss) {
			return loss, p
		}
		m.guard.save(m.params)
	}
	m.backwardLoss()
	m.opt.Step(m.params)
	return loss, p
}

// prepare checks that the model can run on x (and y, when not nil), building
// it from x's width if needed, and returns an error naming the problem.
func (m *Sequential) prepare(call string, x, y *mat.Dense, needCompile bool) error {
	if len(m.layers) == 0 {
		return fmtlite.Errorf("%s: the model has no layers", call)
	}
	if needCompile && !m.compiled {
		return fmtlite.Errorf("%s: the model is not compiled; call compile first", call)
	}
	if x == nil || x.IsEmpty() {
		return fmtlite.Errorf("%s: x is empty", call)
	}
	rows, cols := x.Dims()
	if m.built && cols != m.InputDim() {
		return fmtlite.Errorf("%s: x has %d columns but the model expects %d", call, cols, m.InputDim())
	}
	if err := checkFinite(x); err != nil {
		return fmtlite.Errorf("%s: x %v", call, err)
	}
	if y != nil {
		if err := m.checkLabels(call, y, rows, m.outputFor(cols)); err != nil {
			return err
		}
	}
	// Build only once everything is checked: a refused call must not leave
	// the model built for the wrong input width.
	if !m.built {
		if err := m.reserveFor(call, cols, 0, false); err != nil {
			return err
		}
		if err := m.Build(cols); err != nil {
			return fmtlite.Errorf("%s: %v", call, err)
		}
	}
	return nil
}

// outputFor returns the model's output width for inputs columns, from the
// layers' configurations when the model is not built yet.
func (m *Sequential) outputFor(inputs int) int {
	if m.built {
		return m.OutputDim()
	}
	dim := inputs
	for _, l := range m.layers {
		dim = l.OutputDimFor(dim)
	}
	return dim
}

// checkLabels checks y against x's row count and the loss, for a model
// with out outputs.
func (m *Sequential) checkLabels(call string, y *mat.Dense, rows, out int) error {
	if !m.compiled {
		return fmtlite.Errorf("%s: the model is not compiled; call compile first", call)
	}
	yr, yc := y.Dims()
	if yr != rows {
		return fmtlite.Errorf("%s: x has %d rows but y has %d", call, rows, yr)
	}
	if m.loss.sparse() {
		if yc != 1 {
			return fmtlite.Errorf("%s: sparseCategoricalCrossentropy takes one column of class indices, but y has %d columns", call, yc)
		}
		if i, v, bad := firstNonClass(y, out); bad {
			return fmtlite.Errorf("%s: y row %d: label %v is not a class index in 0..%d", call, i, v, out-1)
		}
		return nil
	}
	if yc != out {
		hint := ""
		if yc == 1 && out > 1 {
			hint = " (for class indices use sparseCategoricalCrossentropy, or one-hot encode y)"
		}
		return fmtlite.Errorf("%s: y has %d columns but the model outputs %d%s", call, yc, out, hint)
	}
	if err := checkFinite(y); err != nil {
		return fmtlite.Errorf("%s: y %v", call, err)
	}
	if m.loss == BinaryCrossentropy {
		if i, v, bad := firstOutsideUnit(y); bad {
			return fmtlite.Errorf("%s: y row %d: binaryCrossentropy needs labels in [0, 1], got %v", call, i, v)
		}
	}
	return nil
}

// The checks below read every element once per fit, on raw rows, each a
// function of its own.

func checkFinite(x *mat.Dense) error {
	r := x.RawMatrix()
	for i := 0; i < r.Rows; i++ {
		for j, v := range r.Data[i*r.Stride : i*r.Stride+r.Cols] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmtlite.Errorf("row %d, column %d is %v", i, j, v)
			}
		}
	}
	return nil
}

// firstNonClass returns the first row of the one-column y whose value is not
// a class index in 0..classes-1.
func firstNonClass(y *mat.Dense, classes int) (row int, v float64, bad bool) {
	r := y.RawMatrix()
	for i := 0; i < r.Rows; i++ {
		if v := r.Data[i*r.Stride]; v != math.Trunc(v) || v < 0 || v >= float64(classes) {
			return i, v, true
		}
	}
	return 0, 0, false
}

// firstOutsideUnit returns the row of the first element of y (row by row)
// outside [0, 1].
func firstOutsideUnit(y *mat.Dense) (row int, v float64, bad bool) {
	r := y.RawMatrix()
	for i := 0; i < r.Rows; i++ {
		for _, v := range r.Data[i*r.Stride : i*r.Stride+r.Cols] {
			if v < 0 || v > 1 {
				return i, v, true
			}
		}
	}
	return 0, 0, false
}

// copyInto copies rows of src into dst (resized), contiguous. With idx nil it
// copies rows lo..hi-1; otherwise rows idx[lo:hi].
func copyInto(dst, src *mat.Dense, idx []int, lo, hi int) {
	_, c := src.Dims()
	resize(dst, hi-lo, c)
	d := raw(dst)
	s := src.RawMatrix()
	if idx != nil {
		// The batch's rows in one kernel call (a loop and a slice a row in Go).
		kernel.GatherRows(d, s.Data, c, s.Stride, idx[lo:hi])
		return
	}
	for i := lo; i < hi; i++ {
		copy(d[(i-lo)*c:(i-lo+1)*c], s.Data[i*s.Stride:i*s.Stride+c])
	}
}

// TrainOnBatch runs one optimizer step on the batch (x, y) and returns the
// loss before the update, regularization included. After the first call with
// a batch of a given size it allocates nothing.
func (m *Sequential) TrainOnBatch(x, y *mat.Dense) (float64, error) {
	if y == nil {
		return 0, errors.New("trainOnBatch: y is empty")
	}
	if err := m.prepare("trainOnBatch", x, y, true); err != nil {
		return 0, err
	}
	r, _ := x.Dims()
	if err := m.reserveRun("trainOnBatch", r, true); err != nil {
		return 0, err
	}
	m.adaptIfNeeded(x)
	copyInto(&m.xb, x, nil, 0, r)
	copyInto(&m.yb, y, nil, 0, r)
	loss, _ := m.step(&m.xb, &m.yb, true)
	if !finiteLoss(loss) {
		return loss, m.nonFiniteLoss("trainOnBatch", "", loss)
	}
	return loss, nil
}

// adaptIfNeeded lets a first layer that adapts (Normalization) and has not
// yet learned its statistics learn them from x, as the API promises for the
// first fit.
func (m *Sequential) adaptIfNeeded(x *mat.Dense) {
	if m.adapter != nil && !m.adapter.Adapted() {
		_ = m.adapter.Adapt(x) // x was checked by prepare: Adapt cannot fail here
	}
}

// predictBatch is how many rows predict and evaluate push through at once.
const predictBatch = 256

// Predict returns the model's outputs for x, one row per row of x.
func (m *Sequential) Predict(x *mat.Dense) (*mat.Dense, error) {
	if err := m.prepare("predict", x, nil, false); err != nil {
		return nil, err
	}
	rows, _ := x.Dims()
	if err := m.reserveRun("predict", min(rows, predictBatch), false); err != nil {
		return nil, err
	}
	if err := CheckMemory("predict", "the predictions", cellBytes(rows, m.OutputDim())); err != nil {
		return nil, err
	}
	out := mat.NewDense(rows, m.OutputDim(), nil)
	var xb mat.Dense
	for lo := 0; lo < rows; lo += predictBatch {
		hi := min(lo+predictBatch, rows)
		copyInto(&xb, x, nil, lo, hi)
		p := m.forward(&xb, false)
		copy(raw(out)[lo*m.OutputDim():hi*m.OutputDim()], raw(p))
	}
	return out, nil
}

// Evaluate returns the loss (with regularization) and the compiled metrics
// on (x, y), computed in inference mode.
func (m *Sequential) Evaluate(x, y *mat.Dense) (Logs, error) {
	if y == nil {
		return nil, errors.New("evaluate: y is empty")
	}
	if err := m.prepare("evaluate", x, y, true); err != nil {
		return nil, err
	}
	rows, _ := x.Dims()
	if err := m.reserveRun("evaluate", min(rows, predictBatch), false); err != nil {
		return nil, err
	}
	logs := Logs{}
	m.evaluateInto(logs, "", x, y)
	return logs, nil
}

// evaluateInto writes loss and metrics on (x, y) into logs with a prefix.
func (m *Sequential) evaluateInto(logs Logs, prefix string, x, y *mat.Dense) {
	e := m.newEvaluation(x, y)
	for !e.step() {
	}
	e.write(logs, prefix)
}

// evaluation is an evaluation on (x, y) in progress, predictBatch rows a
// step, so that a Trainer can spread validation over its Run slices.
type evaluation struct {
	m      *Sequential
	x, y   *mat.Dense
	rows   int
	lo     int // first row of the next step
	total  float64
	tr     *metricTracker
	xb, yb mat.Dense
	out    *mat.Dense // when not nil, receives the predictions
}

func (m *Sequential) newEvaluation(x, y *mat.Dense) *evaluation {
	rows, _ := x.Dims()
	return &evaluation{m: m, x: x, y: y, rows: rows, tr: newMetricTracker(m.metrics, m.loss, m.OutputDim())}
}

// step evaluates the next predictBatch rows and reports whether all rows
// are done.
func (e *evaluation) step() bool {
	if e.lo < e.rows {
		hi := min(e.lo+predictBatch, e.rows)
		copyInto(&e.xb, e.x, nil, e.lo, hi)
		copyInto(&e.yb, e.y, nil, e.lo, hi)
		p := e.m.forward(&e.xb, false)
		e.total += e.m.loss.compute(&e.yb, p, nil) * float64(hi-e.lo)
		e.tr.add(&e.yb, p)
		if e.out != nil {
			w := e.m.OutputDim()
			copy(raw(e.out)[e.lo*w:hi*w], raw(p))
		}
		e.lo = hi
	}
	return e.lo >= e.rows
}

// write puts the loss (with regularization) and metrics into logs.
func (e *evaluation) write(logs Logs, prefix string) {
	logs[prefix+"loss"] = e.total/float64(e.rows) + e.m.regularization()
	e.tr.write(logs, prefix)
}

// LayerOutputs returns every layer's output for x, in inference mode: one
// matrix per layer, rows as x. The page draws hidden neurons from these.
func (m *Sequential) LayerOutputs(x *mat.Dense) ([]*mat.Dense, error) {
	if err := m.prepare("layerOutputs", x, nil, false); err != nil {
		return nil, err
	}
	rows, _ := x.Dims()
	if err := m.reserveRun("layerOutputs", min(rows, predictBatch), false); err != nil {
		return nil, err
	}
	widths := 0
	for _, l := range m.layers {
		widths += l.OutputDim()
	}
	if err := CheckMemory("layerOutputs", "the layers' outputs", cellBytes(rows, widths)); err != nil {
		return nil, err
	}
	outs := make([]*mat.Dense, len(m.layers))
	for i, l := range m.layers {
		outs[i] = mat.NewDense(rows, l.OutputDim(), nil)
	}
	var xb mat.Dense
	for lo := 0; lo < rows; lo += predictBatch {
		hi := min(lo+predictBatch, rows)
		copyInto(&xb, x, nil, lo, hi)
		in := &xb
		for i, l := range m.layers {
			in = l.forward(in, false)
			w := l.OutputDim()
			copy(raw(outs[i])[lo*w:hi*w], raw(in))
		}
	}
	return outs, nil
}
