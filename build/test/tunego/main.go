// Command tunego plans searches with Go's core/tune and deals their folds
// with core's cross-validation, and optionally runs their trials, so that
// build/test/tune_lockstep.test.mjs can check that gt.tune (www/lib/plan.js,
// folds.js, tune.js) plans the same trials, deals the same folds and
// computes the same results, bit for bit, for the same seed.
//
// It reads a JSON array of cases on stdin — gt.tune's settings (space,
// base, method, trials, halving, metric, seed, loss, metrics, folds,
// holdout, stratify, normalize), the data {x, y} as rows, and run: the
// number of planned trials to run (0: none) — and writes a JSON array of
// {plan, seeds, folds, results} or {error}, one per case.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/tune"
)

type rangeJSON struct {
	Values   []float64
	Min, Max float64
	Log      bool
}

// UnmarshalJSON reads a list of values, one value, or {min, max, log}.
func (r *rangeJSON) UnmarshalJSON(b []byte) error {
	var v float64
	if json.Unmarshal(b, &v) == nil {
		r.Values = []float64{v}
		return nil
	}
	if json.Unmarshal(b, &r.Values) == nil {
		return nil
	}
	var o struct {
		Min, Max float64
		Log      bool
	}
	err := json.Unmarshal(b, &o)
	r.Min, r.Max, r.Log = o.Min, o.Max, o.Log
	return err
}

func (r *rangeJSON) tune() tune.Range {
	if r == nil {
		return tune.Range{}
	}
	return tune.Range{Values: r.Values, Min: r.Min, Max: r.Max, Log: r.Log}
}

type augmentJSON struct {
	Jitter     float64 `json:"jitter"`
	Shift      float64 `json:"shift"`
	Rotate     float64 `json:"rotate"`
	Scale      float64 `json:"scale"`
	Fill       float64 `json:"fill"`
	Mixup      float64 `json:"mixup"`
	ImageShape [2]int  `json:"imageShape"`
}

func (a *augmentJSON) core() core.AugmentConfig {
	if a == nil {
		return core.AugmentConfig{}
	}
	return core.AugmentConfig{Jitter: a.Jitter, ImageShape: a.ImageShape, Shift: a.Shift, Rotate: a.Rotate, Scale: a.Scale, Fill: a.Fill, Mixup: a.Mixup}
}

type paramsJSON struct {
	Layers       []int        `json:"layers"`
	Activation   string       `json:"activation"`
	Optimizer    string       `json:"optimizer"`
	LearningRate float64      `json:"learningRate"`
	BatchSize    int          `json:"batchSize"`
	Epochs       int          `json:"epochs"`
	L1           float64      `json:"l1"`
	L2           float64      `json:"l2"`
	Dropout      float64      `json:"dropout"`
	Augment      *augmentJSON `json:"augment"`
}

type testCase struct {
	Space struct {
		Layers                        [][]int
		Activation, Optimizer         []string
		LearningRate, L1, L2, Dropout *rangeJSON
		BatchSize, Epochs             []int
		Augment                       []*augmentJSON
	}
	Base      map[string]json.RawMessage
	Method    string
	Trials    int
	Halving   *tune.Halving
	Metric    string
	Seed      uint64
	Loss      string
	Metrics   []string
	Folds     int
	Holdout   float64
	Stratify  bool
	Normalize bool
	Data      struct{ X, Y [][]float64 }
	Run       int
}

type resultJSON struct {
	ID    int                  `json:"id"`
	Score *float64             `json:"score"`
	Mean  map[string]float64   `json:"mean"`
	Std   map[string]float64   `json:"std"`
	Folds []map[string]float64 `json:"folds"`
	Error string               `json:"error,omitempty"`
}

type output struct {
	Plan    []paramsJSON `json:"plan,omitempty"`
	Seeds   []uint64     `json:"seeds,omitempty"`
	Folds   [][]int      `json:"folds,omitempty"`
	Results []resultJSON `json:"results,omitempty"`
	Error   string       `json:"error,omitempty"`
}

func config(c testCase) (tune.Config, error) {
	cfg := tune.DefaultConfig()
	s := &cfg.Space
	s.Layers, s.Optimizer, s.BatchSize, s.Epochs = c.Space.Layers, c.Space.Optimizer, c.Space.BatchSize, c.Space.Epochs
	for _, a := range c.Space.Activation {
		act, err := core.ParseActivation(a)
		if err != nil {
			return cfg, err
		}
		s.Activation = append(s.Activation, act)
	}
	s.LearningRate, s.L1, s.L2, s.Dropout = c.Space.LearningRate.tune(), c.Space.L1.tune(), c.Space.L2.tune(), c.Space.Dropout.tune()
	for _, a := range c.Space.Augment {
		s.Augment = append(s.Augment, a.core())
	}
	// base: DefaultParams overridden by the keys given.
	b, _ := json.Marshal(c.Base)
	var p struct {
		paramsJSON
		Activation *string
	}
	p.Layers = cfg.Base.Layers
	p.Optimizer, p.BatchSize, p.Epochs = cfg.Base.Optimizer, cfg.Base.BatchSize, cfg.Base.Epochs
	if err := json.Unmarshal(b, &p); err != nil {
		return cfg, err
	}
	cfg.Base = tune.Params{Layers: p.Layers, Activation: cfg.Base.Activation, Optimizer: p.Optimizer, LearningRate: p.LearningRate,
		BatchSize: p.BatchSize, Epochs: p.Epochs, L1: p.L1, L2: p.L2, Dropout: p.Dropout, Augment: p.Augment.core()}
	if p.Activation != nil {
		act, err := core.ParseActivation(*p.Activation)
		if err != nil {
			return cfg, err
		}
		cfg.Base.Activation = act
	}
	if c.Method != "" {
		cfg.Method = c.Method
	}
	if c.Trials != 0 || c.Method == "grid" {
		cfg.Trials = c.Trials
	}
	if c.Halving != nil {
		cfg.Halving = *c.Halving
	}
	if c.Metric != "" {
		cfg.Metric = c.Metric
	}
	cfg.Seed, cfg.Metrics, cfg.Folds, cfg.Stratify, cfg.Normalize = c.Seed, c.Metrics, c.Folds, c.Stratify, c.Normalize
	if c.Holdout != 0 {
		cfg.Holdout = c.Holdout
	}
	loss, err := core.ParseLoss(c.Loss)
	cfg.Loss = loss
	return cfg, err
}

func matrix(rows [][]float64) *core.Matrix {
	var data []float64
	for _, r := range rows {
		data = append(data, r...)
	}
	return core.NewMatrix(len(rows), len(rows[0]), data)
}

func run(c testCase) (out output, err error) {
	cfg, err := config(c)
	if err != nil {
		return out, err
	}
	s, err := tune.NewSearch(cfg)
	if err != nil {
		return out, err
	}
	for id, p := range s.Plan() {
		pj := paramsJSON{Layers: p.Layers, Activation: p.Activation.String(), Optimizer: p.Optimizer, LearningRate: p.LearningRate,
			BatchSize: p.BatchSize, Epochs: p.Epochs, L1: p.L1, L2: p.L2, Dropout: p.Dropout}
		if !p.Augment.IsZero() {
			a := p.Augment
			pj.Augment = &augmentJSON{Jitter: a.Jitter, Shift: a.Shift, Rotate: a.Rotate, Scale: a.Scale, Fill: a.Fill, Mixup: a.Mixup, ImageShape: a.ImageShape}
		}
		out.Plan = append(out.Plan, pj)
		out.Seeds = append(out.Seeds, tune.TrialSeed(cfg.Seed, id))
	}
	d := &core.Dataset{X: matrix(c.Data.X), Y: matrix(c.Data.Y)}
	cvc := core.CrossValConfig{Folds: cfg.Folds, Stratify: cfg.Stratify, Seed: cfg.Seed, Fit: core.FitConfig{Epochs: 1, BatchSize: 1}}
	if cfg.Folds < 2 {
		cvc.Holdout = cfg.Holdout
	}
	cv, err := core.NewCrossValidation(d, func(int) (*core.Sequential, error) { return nil, nil }, cvc)
	if err != nil {
		return out, err
	}
	out.Folds = cv.Folds()
	trials := s.Next()
	for _, t := range trials[:min(c.Run, len(trials))] {
		r := tune.RunTrial(d, cfg, t)
		rj := resultJSON{ID: r.ID, Mean: r.Mean, Std: r.Std, Folds: nil, Error: r.Err}
		for _, f := range r.Folds {
			rj.Folds = append(rj.Folds, f)
		}
		if !math.IsNaN(r.Score) {
			rj.Score = &r.Score
		}
		out.Results = append(out.Results, rj)
	}
	return out, nil
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	var cases []testCase
	if err := json.Unmarshal(in, &cases); err != nil {
		fail(err)
	}
	outs := make([]output, len(cases))
	for i, c := range cases {
		o, err := run(c)
		if err != nil {
			o = output{Error: err.Error()}
		}
		outs[i] = o
	}
	if err := json.NewEncoder(os.Stdout).Encode(outs); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "tunego:", err)
	os.Exit(1)
}
