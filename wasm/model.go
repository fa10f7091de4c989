//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
)

// Models by handle, and the calls about a model as a whole (its layers are
// layers.go's, compiling compile.go's, running it run.go's).

// entry is one live model, found by its integer handle.
type entry struct {
	m   *core.Sequential
	fit *fitState // non-nil while fit is running
}

var (
	models = map[int]*entry{}
	nextID = 1
)

// lookup returns the model of handle v, or an error naming call.
func lookup(call string, v js.Value) (*entry, error) {
	if typeOf(v) == js.TypeNumber {
		if e, ok := models[v.Int()]; ok {
			return e, nil
		}
	}
	return nil, errors.New(call + ": the model has been disposed")
}

// idle returns the model of handle v if it is not training.
func idle(call string, v js.Value) (*entry, error) {
	e, err := lookup(call, v)
	if err != nil {
		return nil, err
	}
	if e.fit != nil {
		return nil, errors.New(call + ": the model is training (wait for fit to finish, or set model.stopTraining = true)")
	}
	return e, nil
}

// register keeps m and returns its new handle.
func register(m *core.Sequential) int {
	id := nextID
	nextID++
	models[id] = &entry{m: m}
	return id
}

// sequential(seed) → handle.
func sequential(args []js.Value) (any, error) {
	seed, err := seedOf("sequential", arg(args, 0))
	if err != nil {
		return nil, err
	}
	return register(core.NewSequential(seed)), nil
}

// dispose(handle) frees the model (a second dispose is a no-op). A fit in
// progress ends: its next slice reports the disposal.
func dispose(args []js.Value) (any, error) {
	if v := arg(args, 0); typeOf(v) == js.TypeNumber {
		if e, ok := models[v.Int()]; ok {
			if e.fit != nil {
				e.fit.disposed = true
				releaseAll(e.fit.held)
				e.fit.held = nil
			}
			e.m.ReleaseMemory()
			delete(models, v.Int())
		}
	}
	return nil, nil
}

// summary(handle) → core's Keras-style summary table.
func summary(args []js.Value) (any, error) {
	e, err := lookup("summary", arg(args, 0))
	if err != nil {
		return nil, err
	}
	return e.m.Summary(), nil
}

// countParams(handle) → the number of weights, statistics included.
func countParams(args []js.Value) (any, error) {
	e, err := lookup("countParams", arg(args, 0))
	if err != nil {
		return nil, err
	}
	return e.m.CountParams(), nil
}

// getConfig(handle) describes the model: seed, shapes, layers, compile settings.
func getConfig(args []js.Value) (any, error) {
	e, err := lookup("getConfig", arg(args, 0))
	if err != nil {
		return nil, err
	}
	m := e.m
	o := jsObject.New()
	o.Set("seed", float64(m.Seed()))
	o.Set("built", m.Built())
	o.Set("inputDim", m.InputDim())
	o.Set("outputDim", m.OutputDim())
	o.Set("training", e.fit != nil)
	ls := m.Layers()
	arr := make([]any, len(ls))
	for i, l := range ls {
		arr[i] = layerInfo(l)
	}
	o.Set("layers", js.ValueOf(arr))
	o.Set("compiled", m.Compiled())
	if m.Compiled() {
		o.Set("loss", m.Loss().String())
		o.Set("metrics", stringsValue(append([]string{}, m.Metrics()...)))
		o.Set("optimizer", optimizerValue(m.Optimizer().Config()))
	}
	return o, nil
}

// stopTraining(handle) → the flag; stopTraining(handle, v) sets it.
func stopTraining(args []js.Value) (any, error) {
	e, err := lookup("stopTraining", arg(args, 0))
	if err != nil {
		return nil, err
	}
	if len(args) > 1 {
		e.m.StopTraining = isTrue(args[1])
		return nil, nil
	}
	return e.m.StopTraining, nil
}
