//go:build js && wasm

package main

import (
	"errors"
	"math"
	"strconv"
	"syscall/js"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/tune"
)

// The hyperparameter search (core/tune) for gotrain.js' gt.tune: the page's
// instance plans the trials and keeps their results (tuneStart, tuneNext,
// tuneReport, tuneResults, tuneStop, tuneRefit, tuneFree), and each worker
// of the pool runs trials (tuneTrial), rebuilding the plan from the same
// settings, so that a trial gives the same numbers wherever it runs.

// search is a search in progress and the trials of its current round.
type search struct {
	s     *tune.Search
	round map[int]tune.Trial
}

var (
	searches     = map[int]*search{}
	nextSearchID = 1
)

func lookupSearch(call string, v js.Value) (*search, error) {
	if typeOf(v) == js.TypeNumber {
		if s, ok := searches[v.Int()]; ok {
			return s, nil
		}
	}
	return nil, errors.New(call + ": the search has ended")
}

// readRange reads a number's choices: an array of values, or { min, max, log }.
func readRange(call, key string, v js.Value) (tune.Range, error) {
	var r tune.Range
	if v.IsUndefined() || v.IsNull() {
		return r, nil
	}
	if typeOf(v) == js.TypeNumber {
		return tune.Range{Values: []float64{v.Float()}}, nil
	}
	if typeOf(v) == js.TypeObject && v.InstanceOf(jsArray) {
		r.Values = make([]float64, v.Length())
		for i := range r.Values {
			e := v.Index(i)
			if typeOf(e) != js.TypeNumber {
				return r, errors.New(call + ": " + key + "[" + strconv.Itoa(i) + "] must be a number, got " + describe(e))
			}
			r.Values[i] = e.Float()
		}
		return r, nil
	}
	o, err := newOpts(call+": "+key, v)
	if err != nil {
		return r, err
	}
	if r.Min, err = o.num("min", 0); err != nil {
		return r, err
	}
	if r.Max, err = o.num("max", 0); err != nil {
		return r, err
	}
	r.Log, err = o.bool("log", false)
	return r, err
}

// readList calls read on each element of the array v (absent: none).
func readList(call, key string, v js.Value, read func(name string, e js.Value) error) error {
	if v.IsUndefined() || v.IsNull() {
		return nil
	}
	if typeOf(v) != js.TypeObject || !v.InstanceOf(jsArray) {
		return errors.New(call + ": " + key + " must be an array, got " + describe(v))
	}
	for i := range v.Length() {
		if err := read(key+"["+strconv.Itoa(i)+"]", v.Index(i)); err != nil {
			return err
		}
	}
	return nil
}

func readInt(call, name string, v js.Value) (int, error) {
	if typeOf(v) != js.TypeNumber || v.Float() != math.Trunc(v.Float()) || math.Abs(v.Float()) > maxSafeInt {
		return 0, errors.New(call + ": " + name + " must be an integer, got " + describe(v))
	}
	return v.Int(), nil
}

func readInts(call, name string, v js.Value) ([]int, error) {
	out := []int{}
	err := readList(call, name, v, func(n string, e js.Value) error {
		i, err := readInt(call, n, e)
		out = append(out, i)
		return err
	})
	return out, err
}

func readActivation(call, name string, v js.Value) (core.Activation, error) {
	if typeOf(v) != js.TypeString {
		return 0, errors.New(call + ": " + name + " must be an activation's name, got " + describe(v))
	}
	a, err := core.ParseActivation(v.String())
	if err != nil {
		return 0, withCall(call+": "+name, err)
	}
	return a, nil
}

// readParams reads a setting ({ layers, activation, optimizer,
// learningRate, batchSize, epochs, l1, l2, dropout, augment }) over p.
func readParams(call string, v js.Value, p *tune.Params) error {
	o, err := newOpts(call, v)
	if err != nil {
		return err
	}
	if l := o.get("layers"); !l.IsUndefined() {
		if p.Layers, err = readInts(call, "layers", l); err != nil {
			return err
		}
	}
	if a := o.get("activation"); !a.IsUndefined() {
		if p.Activation, err = readActivation(call, "activation", a); err != nil {
			return err
		}
	}
	if p.Optimizer, err = o.str("optimizer", p.Optimizer); err != nil {
		return err
	}
	for _, f := range []struct {
		key string
		dst *float64
	}{{"learningRate", &p.LearningRate}, {"l1", &p.L1}, {"l2", &p.L2}, {"dropout", &p.Dropout}} {
		if *f.dst, err = o.num(f.key, *f.dst); err != nil {
			return err
		}
	}
	if p.BatchSize, err = o.int("batchSize", p.BatchSize); err != nil {
		return err
	}
	if p.Epochs, err = o.int("epochs", p.Epochs); err != nil {
		return err
	}
	if a := o.get("augment"); !a.IsUndefined() {
		if p.Augment, err = readAugment(call, a); err != nil {
			return err
		}
	}
	return nil
}

// readTuneConfig reads gt.tune's settings (tune.js has checked the names):
// { space, base, method, trials, halving: { eta, minEpochs }, metric,
// seed, loss, metrics, folds, holdout, stratify, normalize }.
func readTuneConfig(call string, v js.Value) (tune.Config, error) {
	c := tune.DefaultConfig()
	o, err := newOpts(call, v)
	if err != nil {
		return c, err
	}
	if err = readParams(call+": base", o.get("base"), &c.Base); err != nil {
		return c, err
	}
	if c.Method, err = o.str("method", c.Method); err != nil {
		return c, err
	}
	if c.Trials, err = o.int("trials", c.Trials); err != nil {
		return c, err
	}
	if c.Metric, err = o.str("metric", c.Metric); err != nil {
		return c, err
	}
	if c.Seed, err = seedOf(call, o.get("seed")); err != nil {
		return c, err
	}
	lossName, err := o.str("loss", "")
	if err != nil {
		return c, err
	}
	if c.Loss, err = core.ParseLoss(lossName); err != nil {
		return c, withCall(call, err)
	}
	if c.Metrics, err = readStrings(call, "metrics", o.get("metrics")); err != nil {
		return c, err
	}
	if c.Folds, err = o.int("folds", c.Folds); err != nil {
		return c, err
	}
	if c.Holdout, err = o.num("holdout", c.Holdout); err != nil {
		return c, err
	}
	if c.Stratify, err = o.bool("stratify", c.Stratify); err != nil {
		return c, err
	}
	if c.Normalize, err = o.bool("normalize", c.Normalize); err != nil {
		return c, err
	}
	h, err := newOpts(call+": halving", o.get("halving"))
	if err != nil {
		return c, err
	}
	if c.Halving.Eta, err = h.int("eta", 0); err != nil {
		return c, err
	}
	if c.Halving.MinEpochs, err = h.int("minEpochs", 0); err != nil {
		return c, err
	}
	return c, readSpace(call+": space", o.get("space"), &c.Space)
}

func readSpace(call string, v js.Value, s *tune.Space) error {
	o, err := newOpts(call, v)
	if err != nil {
		return err
	}
	err = readList(call, "layers", o.get("layers"), func(n string, e js.Value) error {
		l, err := readInts(call, n, e)
		s.Layers = append(s.Layers, l)
		return err
	})
	if err != nil {
		return err
	}
	if err = readList(call, "activation", o.get("activation"), func(n string, e js.Value) error {
		a, err := readActivation(call, n, e)
		s.Activation = append(s.Activation, a)
		return err
	}); err != nil {
		return err
	}
	if s.Optimizer, err = readStrings(call, "optimizer", o.get("optimizer")); err != nil {
		return err
	}
	for _, f := range []struct {
		key string
		dst *tune.Range
	}{{"learningRate", &s.LearningRate}, {"l1", &s.L1}, {"l2", &s.L2}, {"dropout", &s.Dropout}} {
		if *f.dst, err = readRange(call, f.key, o.get(f.key)); err != nil {
			return err
		}
	}
	if b := o.get("batchSize"); !b.IsUndefined() {
		if s.BatchSize, err = readInts(call, "batchSize", b); err != nil {
			return err
		}
	}
	if e := o.get("epochs"); !e.IsUndefined() {
		if s.Epochs, err = readInts(call, "epochs", e); err != nil {
			return err
		}
	}
	return readList(call, "augment", o.get("augment"), func(n string, e js.Value) error {
		a, err := readAugment(call+": "+n, e)
		s.Augment = append(s.Augment, a)
		return err
	})
}

func paramsValue(p tune.Params) js.Value {
	o := jsObject.New()
	o.Set("layers", intsValue(p.Layers))
	o.Set("activation", p.Activation.String())
	o.Set("optimizer", p.Optimizer)
	o.Set("learningRate", p.LearningRate)
	o.Set("batchSize", p.BatchSize)
	o.Set("epochs", p.Epochs)
	o.Set("l1", p.L1)
	o.Set("l2", p.L2)
	o.Set("dropout", p.Dropout)
	o.Set("augment", augmentValue(p.Augment))
	return o
}

func trialValue(t tune.Trial) js.Value {
	o := jsObject.New()
	o.Set("id", t.ID)
	o.Set("round", t.Round)
	o.Set("epochs", t.Params.Epochs)
	o.Set("params", paramsValue(t.Params))
	return o
}

// resultValue: { id, round, params, score (null when failed), mean, std,
// folds, error (null when none) }.
func resultValue(r tune.Result) js.Value {
	o := trialValue(r.Trial)
	if r.Failed() {
		o.Set("score", nil)
	} else {
		o.Set("score", r.Score)
	}
	o.Set("mean", logsValue(r.Mean))
	o.Set("std", logsValue(r.Std))
	folds := jsArray.New(len(r.Folds))
	for i, f := range r.Folds {
		folds.SetIndex(i, logsValue(f))
	}
	o.Set("folds", folds)
	if r.Err != "" {
		o.Set("error", r.Err)
	} else {
		o.Set("error", nil)
	}
	return o
}

func readLogs(v js.Value) core.Logs {
	if typeOf(v) != js.TypeObject {
		return nil
	}
	l := core.Logs{}
	keys := js.Global().Get("Object").Call("keys", v)
	for i := range keys.Length() {
		k := keys.Index(i).String()
		if f := v.Get(k); typeOf(f) == js.TypeNumber {
			l[k] = f.Float()
		}
	}
	return l
}

// tuneStart(config) → { handle, trials (planned), maximize }.
func tuneStart(args []js.Value) (any, error) {
	cfg, err := readTuneConfig("tune", arg(args, 0))
	if err != nil {
		return nil, err
	}
	s, err := tune.NewSearch(cfg)
	if err != nil {
		return nil, err
	}
	id := nextSearchID
	nextSearchID++
	searches[id] = &search{s: s}
	o := jsObject.New()
	o.Set("handle", id)
	o.Set("trials", len(s.Plan()))
	o.Set("maximize", cfg.Maximize())
	return o, nil
}

// tuneNext(handle) → the next round's trials, or null when the search is done.
func tuneNext(args []js.Value) (any, error) {
	s, err := lookupSearch("tune", arg(args, 0))
	if err != nil {
		return nil, err
	}
	trials := s.s.Next()
	if trials == nil {
		return nil, nil
	}
	s.round = map[int]tune.Trial{}
	out := jsArray.New(len(trials))
	for i, t := range trials {
		s.round[t.ID] = t
		out.SetIndex(i, trialValue(t))
	}
	return out, nil
}

// tuneReport(handle, result): a trial of the current round is done
// (result as tuneTrial returns it, or { id, error }).
func tuneReport(args []js.Value) (any, error) {
	s, err := lookupSearch("tune", arg(args, 0))
	if err != nil {
		return nil, err
	}
	v := arg(args, 1)
	if typeOf(v) != js.TypeObject {
		return nil, errors.New("tune: report: expected a result, got " + describe(v))
	}
	id, err := readInt("tune: report", "id", v.Get("id"))
	if err != nil {
		return nil, err
	}
	t, ok := s.round[id]
	if !ok {
		return nil, errors.New("tune: report: trial " + strconv.Itoa(id) + " is not in this round")
	}
	r := tune.Result{Trial: t, Score: math.NaN()}
	if e := v.Get("error"); typeOf(e) == js.TypeString {
		r.Err = e.String()
	} else if sc := v.Get("score"); typeOf(sc) == js.TypeNumber {
		r.Score = sc.Float()
	}
	r.Mean, r.Std = readLogs(v.Get("mean")), readLogs(v.Get("std"))
	if f := v.Get("folds"); typeOf(f) == js.TypeObject {
		for i := range f.Length() {
			r.Folds = append(r.Folds, readLogs(f.Index(i)))
		}
	}
	return nil, s.s.Report(r)
}

// tuneResults(handle) → every reported trial's result, best first.
func tuneResults(args []js.Value) (any, error) {
	s, err := lookupSearch("tune", arg(args, 0))
	if err != nil {
		return nil, err
	}
	rs := s.s.Results()
	out := jsArray.New(len(rs))
	for i, r := range rs {
		out.SetIndex(i, resultValue(r))
	}
	return out, nil
}

// tuneStop(handle): no more rounds.
func tuneStop(args []js.Value) (any, error) {
	s, err := lookupSearch("tune", arg(args, 0))
	if err != nil {
		return nil, err
	}
	s.s.Stop()
	return nil, nil
}

// tuneFree(handle) forgets the search.
func tuneFree(args []js.Value) (any, error) {
	if v := arg(args, 0); typeOf(v) == js.TypeNumber {
		delete(searches, v.Int())
	}
	return nil, nil
}

// tuneRefit(handle, dataset) → { handle, loss (the last epoch's) } of the best trial's
// model trained on all the data, or null when no trial succeeded.
func tuneRefit(args []js.Value) (any, error) {
	s, err := lookupSearch("tune", arg(args, 0))
	if err != nil {
		return nil, err
	}
	d, err := readDataset("tune", arg(args, 1))
	if err != nil {
		return nil, err
	}
	rs := s.s.Results()
	if len(rs) == 0 || rs[0].Failed() {
		return nil, nil
	}
	m, h, err := tune.Refit(d, s.s.Config(), rs[0])
	if err != nil {
		return nil, err
	}
	o := jsObject.New()
	o.Set("handle", register(m))
	if l := h.History["loss"]; len(l) > 0 {
		o.Set("loss", l[len(l)-1])
	}
	return o, nil
}

// tuneTrial(config, dataset, { id, round, epochs }) → the trial's result
// (a failed trial's error is in it): what a worker of gt.tune's pool runs.
func tuneTrial(args []js.Value) (any, error) {
	cfg, err := readTuneConfig("tune", arg(args, 0))
	if err != nil {
		return nil, err
	}
	d, err := readDataset("tune", arg(args, 1))
	if err != nil {
		return nil, err
	}
	o, err := newOpts("tune: trial", arg(args, 2))
	if err != nil {
		return nil, err
	}
	id, err := o.int("id", -1)
	if err != nil {
		return nil, err
	}
	round, err := o.int("round", 0)
	if err != nil {
		return nil, err
	}
	epochs, err := o.int("epochs", 0)
	if err != nil {
		return nil, err
	}
	s, err := tune.NewSearch(cfg)
	if err != nil {
		return nil, err
	}
	plan := s.Plan()
	if id < 0 || id >= len(plan) {
		return nil, errors.New("tune: trial: no trial " + strconv.Itoa(id))
	}
	p := plan[id]
	if epochs > 0 {
		p.Epochs = epochs
	}
	t := tune.Trial{ID: id, Round: round, Params: p, Seed: tune.TrialSeed(cfg.Seed, id)}
	return resultValue(tune.RunTrial(d, cfg, t)), nil
}
