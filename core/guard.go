package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// The finite-loss guard: training stops at the first batch whose loss is
// NaN or infinite, as TF.js' and Keras' terminateOnNaN callback does but on
// by default (FitConfig.NoTerminateOnNaN turns it off), and the model keeps
// its last finite weights: the weights whose loss was the last finite one.
//
// Before each update the guard copies the weights it updates from (their
// loss was just found finite); when the next batch's loss is not finite,
// the update that led there is undone by copying them back, and that batch
// makes no update. The copy is one memmove of the parameters per step (the
// step itself multiplies them by every row of the batch), into buffers made
// on the first step and reserved on the memory budget with the optimizer's
// state (model_memory.go). The optimizer's own state is not rolled back.

// lossGuard holds a copy of the weights before the last update.
type lossGuard struct {
	saved [][]float64 // one per parameter, as Param.Value's data
	valid bool        // saved holds the weights before the last update
}

// save copies the weights of params before an update.
func (g *lossGuard) save(params []*Param) {
	if len(g.saved) != len(params) {
		g.saved = make([][]float64, len(params))
	}
	for i, p := range params {
		data := p.Value.RawMatrix().Data
		if len(g.saved[i]) != len(data) {
			g.saved[i] = make([]float64, len(data))
		}
		copy(g.saved[i], data)
	}
	g.valid = true
}

// restore puts back the weights saved before the last update, if any, and
// reports whether it did.
func (g *lossGuard) restore(params []*Param) bool {
	if !g.valid || len(g.saved) != len(params) {
		return false
	}
	for i, p := range params {
		copy(p.Value.RawMatrix().Data, g.saved[i])
	}
	g.valid = false
	return true
}

// forget marks the saved weights stale: the weights were set another way.
func (g *lossGuard) forget() { g.valid = false }

// finiteLoss reports whether a loss is a finite number.
func finiteLoss(loss float64) bool { return !math.IsNaN(loss) && !math.IsInf(loss, 0) }

// nonFiniteLoss is the error of a batch whose loss is not finite, after the
// guard restored what it could; where is "at epoch 2, batch 5 " or "".
func (m *Sequential) nonFiniteLoss(call, where string, loss float64) error {
	kept := "the model keeps the weights of the last finite loss"
	if !m.guard.restore(m.params) {
		kept = "the model's weights are unchanged"
	}
	return fmtlite.Errorf("%s: the loss is %v %s(counting from 0); training stopped and %s "+
		"(a learning rate too high, or an optimizer's epsilon of 0, can do this; terminateOnNaN: false trains on)",
		call, loss, where, kept)
}
