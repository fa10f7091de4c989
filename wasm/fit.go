//go:build js && wasm

package main

import (
	"errors"
	"strings"
	"syscall/js"
	_ "unsafe" // for go:linkname

	"github.com/gotrain/gotrain/core"
)

// fit runs in slices so that the page stays responsive: fitStart checks
// everything and makes a core.Trainer, then gotrain.js calls fitRun
// repeatedly, yielding to the event loop in between, until it reports done.
// Callbacks are the JS functions gotrain.js passes; they run synchronously
// inside core's training loop and answer with a number: 0 go on, 1 end
// this slice after the current batch (the callback returned a promise that
// gotrain.js awaits), 2 stop training (the callback threw).

type fitState struct {
	t         *core.Trainer
	pause     bool // end the current slice after this batch
	disposed  bool // the model was disposed during training
	epochs    int
	batchSize int
	augment   core.AugmentConfig
	held      []*core.Reservation // fit's copies of x, y and validation data
}

// endFit drops the model's training in progress and what it holds.
func (e *entry) endFit() {
	if e.fit != nil {
		releaseAll(e.fit.held)
		e.fit = nil
	}
}

// Answers of gotrain.js' callback wrappers.
const (
	cbContinue = 0
	cbPause    = 1
	cbStop     = 2
)

// fitStart(handle, x, y, options, callbacks).
func fitStart(args []js.Value) (any, error) {
	e, err := lookup("fit", arg(args, 0))
	if err != nil {
		return nil, err
	}
	if e.fit != nil {
		return nil, errors.New("fit: the model is already training")
	}
	x, err := readMatrix("fit", "x", arg(args, 1))
	if err != nil {
		return nil, err
	}
	y, err := readMatrix("fit", "y", arg(args, 2))
	if err != nil {
		return nil, err
	}
	o, err := newOpts("fit", arg(args, 3))
	if err != nil {
		return nil, err
	}
	cfg := core.DefaultFitConfig()
	if cfg.Epochs, err = o.int("epochs", cfg.Epochs); err != nil {
		return nil, err
	}
	if cfg.BatchSize, err = o.int("batchSize", cfg.BatchSize); err != nil {
		return nil, err
	}
	shuffle, err := o.bool("shuffle", true)
	if err != nil {
		return nil, err
	}
	cfg.NoShuffle = !shuffle
	terminateOnNaN, err := o.bool("terminateOnNaN", true)
	if err != nil {
		return nil, err
	}
	cfg.NoTerminateOnNaN = !terminateOnNaN
	if cfg.ValidationSplit, err = o.num("validationSplit", 0); err != nil {
		return nil, err
	}
	if vd := o.get("validationData"); !vd.IsUndefined() {
		if typeOf(vd) != js.TypeObject || !vd.InstanceOf(jsArray) || vd.Length() != 2 {
			return nil, errors.New("fit: validationData must be [x, y]")
		}
		if cfg.ValidationX, err = readMatrix("fit", "validationData x", vd.Index(0)); err != nil {
			return nil, err
		}
		if cfg.ValidationY, err = readMatrix("fit", "validationData y", vd.Index(1)); err != nil {
			return nil, err
		}
	}
	if cfg.Augment, err = readAugment("fit", o.get("augment")); err != nil {
		return nil, err
	}
	validation := cfg.ValidationX != nil || cfg.ValidationSplit > 0

	fs := &fitState{}
	m := e.m
	cbs := arg(args, 4)
	if !cbs.IsUndefined() && !cbs.IsNull() {
		if typeOf(cbs) != js.TypeObject || !cbs.InstanceOf(jsArray) {
			return nil, errors.New("fit: callbacks must be an object or an array of objects")
		}
		for i := 0; i < cbs.Length(); i++ {
			c := cbs.Index(i)
			if typeOf(c) != js.TypeObject {
				return nil, errors.New("fit: callbacks must be objects of functions, got " + describe(c))
			}
			if es := c.Get("earlyStopping"); !es.IsUndefined() {
				cb, err := earlyStopping(m, es, validation)
				if err != nil {
					return nil, err
				}
				cfg.Callbacks = append(cfg.Callbacks, cb)
				continue
			}
			cfg.Callbacks = append(cfg.Callbacks, jsCallbacks(fs, m, c))
		}
	}
	if es := o.get("earlyStopping"); !es.IsUndefined() {
		cb, err := earlyStopping(m, es, validation)
		if err != nil {
			return nil, err
		}
		cfg.Callbacks = append(cfg.Callbacks, cb)
	}
	fs.epochs, fs.batchSize, fs.augment = cfg.Epochs, cfg.BatchSize, cfg.Augment
	if fs.t, err = m.NewTrainer(x, y, cfg); err != nil {
		return nil, err
	}
	fs.held = keepHeld()
	e.fit = fs
	return nil, nil
}

// jsCallbacks turns an object of (wrapped) JS functions into core callbacks.
func jsCallbacks(fs *fitState, m *core.Sequential, c js.Value) core.Callbacks {
	react := func(r js.Value) {
		if typeOf(r) != js.TypeNumber {
			return
		}
		switch r.Int() {
		case cbPause:
			fs.pause = true
		case cbStop:
			fs.pause = true
			m.StopTraining = true
		}
	}
	fn := func(name string) js.Value {
		if f := c.Get(name); typeOf(f) == js.TypeFunction {
			return f
		}
		return js.Undefined()
	}
	var cb core.Callbacks
	if f := fn("onTrainBegin"); !f.IsUndefined() {
		cb.OnTrainBegin = func(l core.Logs) { react(f.Invoke(logsValue(l))) }
	}
	if f := fn("onTrainEnd"); !f.IsUndefined() {
		cb.OnTrainEnd = func(l core.Logs) { react(f.Invoke(logsValue(l))) }
	}
	if f := fn("onEpochBegin"); !f.IsUndefined() {
		cb.OnEpochBegin = func(i int, l core.Logs) { react(f.Invoke(i, logsValue(l))) }
	}
	if f := fn("onEpochEnd"); !f.IsUndefined() {
		cb.OnEpochEnd = func(i int, l core.Logs) { react(f.Invoke(i, logsValue(l))) }
	}
	if f := fn("onBatchBegin"); !f.IsUndefined() {
		cb.OnBatchBegin = func(i int, l core.Logs) { react(f.Invoke(i, logsValue(l))) }
	}
	if f := fn("onBatchEnd"); !f.IsUndefined() {
		cb.OnBatchEnd = func(i int, l core.Logs) { react(f.Invoke(i, logsValue(l))) }
	}
	return cb
}

// earlyStopping reads { monitor, patience, minDelta, restoreBestWeights,
// mode } into core's EarlyStopping callbacks.
func earlyStopping(m *core.Sequential, v js.Value, validation bool) (core.Callbacks, error) {
	o, err := newOpts("fit: earlyStopping", v)
	if err != nil {
		return core.Callbacks{}, err
	}
	var cfg core.EarlyStoppingConfig
	if cfg.Monitor, err = o.str("monitor", "val_loss"); err != nil {
		return core.Callbacks{}, err
	}
	if cfg.Patience, err = o.int("patience", 0); err != nil {
		return core.Callbacks{}, err
	}
	if cfg.Patience < 0 {
		return core.Callbacks{}, errors.New("fit: earlyStopping: patience must be at least 0")
	}
	if cfg.MinDelta, err = o.num("minDelta", 0); err != nil {
		return core.Callbacks{}, err
	}
	if cfg.RestoreBestWeights, err = o.bool("restoreBestWeights", false); err != nil {
		return core.Callbacks{}, err
	}
	mode, err := o.str("mode", "auto")
	if err != nil {
		return core.Callbacks{}, err
	}
	switch mode {
	case "auto", "min", "max":
		cfg.Mode = mode
	default:
		return core.Callbacks{}, errors.New("fit: earlyStopping: mode must be 'auto', 'min' or 'max', got '" + core.CutText(mode) + "'")
	}
	// The monitored value must be one that fit logs.
	name, val := cfg.Monitor, false
	if strings.HasPrefix(name, "val_") {
		name, val = name[4:], true
	}
	known := name == "loss"
	for _, k := range m.Metrics() {
		known = known || k == name
	}
	if !known {
		return core.Callbacks{}, errors.New("fit: earlyStopping monitors '" + core.CutText(cfg.Monitor) +
			"', which fit does not log (it logs loss and the compiled metrics, with val_ for validation data)")
	}
	if val && !validation {
		return core.Callbacks{}, errors.New("fit: earlyStopping monitors '" + core.CutText(cfg.Monitor) +
			"' but fit has no validation data (give validationSplit or validationData, or monitor 'loss')")
	}
	return core.EarlyStopping(m, cfg), nil
}

// nanotime is the runtime's monotonic clock in nanoseconds: what time.Now
// reads, without linking package time (its time zone machinery and os,
// ~20 KB of brotli in the module).
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64

// fitRun(handle, budgetMs, mode) trains until the slice is over and returns
// { done, epoch, batch, history? }. mode: 'auto' (until budgetMs have
// passed), 'batch' (one batch), 'epoch' (to the end of the epoch) or
// 'never' (to the end of training).
func fitRun(args []js.Value) (result any, err error) {
	e, err := lookup("fit", arg(args, 0))
	if err != nil {
		return nil, err
	}
	fs := e.fit
	if fs == nil {
		return nil, errors.New("fit: no training in progress")
	}
	budget := int64(arg(args, 1).Float() * 1e6) // nanoseconds
	mode := "auto"
	if v := arg(args, 2); typeOf(v) == js.TypeString {
		mode = v.String()
	}
	defer func() {
		if r := recover(); r != nil {
			e.endFit() // the trainer's state is unknown: drop it
			panic(r)
		}
	}()
	t := fs.t
	start := nanotime()
	startEpoch := t.Epoch()
	fs.pause = false
	// In 'auto' mode the clock (a call out to JavaScript) is read after
	// the first step, then again halfway to the slice's predicted end from
	// the steps' mean time so far, at most maxClockStride steps apart: a
	// few dozen reads a slice instead of one per batch of a tiny model.
	steps, next := 0, 1
	for !t.Done() {
		t.Run(1)
		if fs.disposed || fs.pause || mode == "batch" {
			break
		}
		if mode == "epoch" && t.Epoch() != startEpoch {
			break
		}
		if mode != "auto" {
			continue
		}
		steps++
		if next--; next > 0 {
			continue
		}
		elapsed := nanotime() - start
		if elapsed >= budget {
			break
		}
		next = clockStride(budget-elapsed, elapsed/int64(steps))
	}
	if fs.disposed {
		e.endFit()
		return nil, errors.New("fit: the model was disposed during training")
	}
	if err := t.Err(); err != nil {
		e.endFit()
		return nil, err
	}
	o := jsObject.New()
	o.Set("done", t.Done())
	o.Set("epoch", t.Epoch())
	o.Set("batch", t.Batch())
	if t.Done() {
		e.endFit()
		o.Set("history", historyValue(fs))
	}
	return o, nil
}

// maxClockStride bounds the steps between two reads of the clock in a slice.
const maxClockStride = 64

// clockStride is how many steps fitRun takes before it reads the clock
// again: half the steps of mean length perStep that fit in the remaining
// nanoseconds, from 1 to maxClockStride.
func clockStride(remaining, perStep int64) int {
	if perStep <= 0 {
		return maxClockStride
	}
	return int(max(1, min(maxClockStride, remaining/perStep/2)))
}

// fitAbort(handle) drops the training in progress without calling any more
// callbacks (gotrain.js calls it when a callback failed).
func fitAbort(args []js.Value) (any, error) {
	if v := arg(args, 0); typeOf(v) == js.TypeNumber {
		if e, ok := models[v.Int()]; ok {
			e.endFit()
			e.m.StopTraining = false
		}
	}
	return nil, nil
}

// historyValue is { epoch, history, params } as TF.js' History.
func historyValue(fs *fitState) js.Value {
	t := fs.t
	h := t.History()
	o := jsObject.New()
	o.Set("epoch", intsValue(h.Epoch))
	hist := jsObject.New()
	for _, k := range h.Keys() {
		hist.Set(k, floatsArray(h.History[k]))
	}
	o.Set("history", hist)
	p := jsObject.New()
	p.Set("epochs", fs.epochs)
	p.Set("batchSize", fs.batchSize)
	p.Set("steps", t.BatchesPerEpoch())
	p.Set("metrics", stringsValue(h.Keys()))
	if !fs.augment.IsZero() {
		p.Set("augment", fs.augment.String())
	}
	o.Set("params", p)
	return o
}
