package core

import (
	"runtime"
	"strconv"
)

// What a model holds on the memory budget (budget.go), reserved before it
// is allocated: its parameters and their gradients (and the statistics of
// layers that adapt) once built; for training, the optimizer's state, the
// copy of the weights the finite-loss guard keeps (guard.go) and the
// buffers of batches of the batch size; for inference, the buffers of
// batches of up to predictBatch rows. The reservation only grows, as the
// buffers keep their size, until the model is released.

// bufferFloatsPerRow bounds the float64 buffers a layer keeps per row of a
// batch, per column of its widest side: Dense keeps z, a, dz and dx (and
// the dropout and noise layers fewer).
const bufferFloatsPerRow = 5

// memoryPlan is what a model of given layers needs, in float64 values.
type memoryPlan struct {
	trainable int // parameters the optimizer updates
	fixed     int // statistics (Normalization's mean and variance)
	perRow    int // batch buffers per row
}

// plan computes m's memoryPlan for inputs input columns.
func (m *Sequential) plan(inputs int) memoryPlan {
	var p memoryPlan
	dim := inputs
	for _, l := range m.layers {
		t, f := l.CountParams(dim)
		out := l.OutputDimFor(dim)
		p.trainable += max(t, 0)
		p.fixed += max(f, 0)
		p.perRow += bufferFloatsPerRow * max(dim, out)
		dim = out
	}
	p.perRow += inputs + 2*dim // the model's batch copies of x and y, and dL/dy
	return p
}

// bytes returns the plan's bytes with batch buffers for rows rows and, when
// training, opt's state and the guard's copy.
func (p memoryPlan) bytes(rows int, training bool, opt *Optimizer) int64 {
	n := 2*int64(p.trainable) + 2*int64(p.fixed) // values and gradients; statistics with 1/σ
	if training {
		n += int64(p.trainable) * int64(opt.stateSlots()+1)
	}
	n += int64(rows) * int64(p.perRow)
	return 8 * n
}

// stateSlots returns how many values of state the optimizer keeps per
// parameter: Adam's m and v, RMSprop's mean square and momentum, momentum's
// velocity, Adagrad's accumulator, nothing for SGD.
func (o *Optimizer) stateSlots() int {
	switch o.kind {
	case optAdam, optRMSprop:
		return 2
	case optMomentum, optAdagrad:
		return 1
	}
	return 0
}

// reserveFor grows m's reservation to what m needs for batches of up to
// rows rows of inputs columns, training or not, before anything is
// allocated; the error names call and the model's need ("fit: the model
// needs 2.1 GB (67.1M parameters with adam) but 1.3 GB of the 2 GB memory
// limit is left").
func (m *Sequential) reserveFor(call string, inputs, rows int, training bool) error {
	p := m.plan(inputs)
	if training && m.opt == nil {
		training = false
	}
	need := p.bytes(rows, training, m.opt)
	if need <= m.mem.Bytes() {
		return nil
	}
	detail := countText(p.trainable+p.fixed) + " parameters"
	if training {
		detail += " with " + m.opt.cfg.Name
	}
	if rows > 0 {
		detail += ", batches of " + strconv.Itoa(rows) + " rows"
	}
	return m.mem.grow(call, "the model", " ("+detail+")", need)
}

// reserveRun is reserveFor for a built model's input width.
func (m *Sequential) reserveRun(call string, rows int, training bool) error {
	return m.reserveFor(call, m.InputDim(), rows, training)
}

// ReleaseMemory gives the model's memory back to the budget: call it when
// the model is no longer used (the WebAssembly binding's dispose does). A
// model the garbage collector frees gives it back by itself; one used
// again after ReleaseMemory reserves again.
func (m *Sequential) ReleaseMemory() { m.mem.Release() }

// MemoryBytes returns the bytes the model holds on the budget.
func (m *Sequential) MemoryBytes() int64 { return m.mem.Bytes() }

// watchMemory makes the garbage collector release m's reservation when m
// is freed.
func (m *Sequential) watchMemory() {
	m.mem = &Reservation{}
	runtime.AddCleanup(m, func(r *Reservation) { r.Release() }, m.mem)
}

// countText renders a count for a message: "812", "45.1K", "67.1M" (one
// decimal unless it is ".0").
func countText(n int) string {
	v, suffix := float64(n), ""
	switch {
	case n >= 1e6:
		v, suffix = v/1e6, "M"
	case n >= 1e4:
		v, suffix = v/1e3, "K"
	default:
		return strconv.Itoa(n)
	}
	text := strconv.FormatFloat(v, 'f', 1, 64)
	if len(text) > 2 && text[len(text)-2:] == ".0" {
		text = text[:len(text)-2]
	}
	return text + suffix
}
