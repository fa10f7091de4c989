package tune

import (
	"errors"
	"math"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
)

// Outputs returns the width of the models' output layer for labels y and
// the loss: the number of classes (the largest label + 1) for sparse
// categorical cross-entropy, y's width otherwise.
func Outputs(y *core.Matrix, loss core.Loss) (int, error) {
	if y == nil || y.IsEmpty() {
		return 0, errors.New("tune: no labels")
	}
	if loss == core.SparseCategoricalCrossentropy {
		k, err := core.NumClasses(y)
		if err != nil {
			return 0, fmtlite.Errorf("tune: %v", err)
		}
		return max(k, 2), nil
	}
	_, c := y.Dims()
	return c, nil
}

// outputActivation is the output layer's activation for a loss.
func outputActivation(l core.Loss) core.Activation {
	switch l {
	case core.BinaryCrossentropy:
		return core.Sigmoid
	case core.CategoricalCrossentropy, core.SparseCategoricalCrossentropy:
		return core.Softmax
	}
	return core.Linear
}

// Build returns the compiled model a trial trains: optionally a
// Normalization layer, then one Dense layer per width in p.Layers (p's
// activation and L1/L2) each followed by Dropout when p.Dropout > 0, then a
// Dense output layer of outputs units whose activation follows the loss;
// p's optimizer and learning rate; the loss and metrics of cfg.
func Build(cfg Config, p Params, inputs, outputs int, seed uint64) (*core.Sequential, error) {
	m := core.NewSequential(seed)
	add := func(l core.Layer, err error) error {
		if err != nil {
			return err
		}
		return m.Add(l)
	}
	first := true
	dense := func(units int, act core.Activation, reg core.Regularizer) error {
		c := core.DenseConfig{Units: units, Activation: act, Regularizer: reg}
		if first {
			c.InputDim, first = inputs, false
		}
		d, err := core.NewDense(c)
		return add(d, err)
	}
	if cfg.Normalize {
		n, err := core.NewNormalization(inputs)
		if err := add(n, err); err != nil {
			return nil, err
		}
		first = false
	}
	for _, u := range p.Layers {
		if err := dense(u, p.Activation, core.Regularizer{L1: p.L1, L2: p.L2}); err != nil {
			return nil, err
		}
		if p.Dropout > 0 {
			d, err := core.NewDropout(p.Dropout)
			if err := add(d, err); err != nil {
				return nil, err
			}
		}
	}
	if err := dense(outputs, outputActivation(cfg.Loss), core.Regularizer{}); err != nil {
		return nil, err
	}
	oc, err := core.DefaultOptimizerConfig(p.Optimizer)
	if err != nil {
		return nil, err
	}
	if p.LearningRate != 0 {
		oc.LearningRate = p.LearningRate
	}
	opt, err := core.NewOptimizer(oc)
	if err != nil {
		return nil, err
	}
	metrics := append([]string(nil), cfg.Metrics...)
	if name := cfg.metricName()[4:]; name != "loss" && !contains(metrics, name) {
		metrics = append(metrics, name)
	}
	if err := m.Compile(core.CompileConfig{Optimizer: opt, Loss: cfg.Loss, Metrics: metrics}); err != nil {
		return nil, err
	}
	return m, nil
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TrialRun is a trial in progress: its cross-validation (or holdout),
// trained in slices by Run, as a Trainer is.
type TrialRun struct {
	cfg   Config
	trial Trial
	cv    *core.CrossValidation
}

// NewTrialRun prepares trial t of a search configured by cfg on the
// training data d (never a test set).
func NewTrialRun(d *core.Dataset, cfg Config, t Trial) (*TrialRun, error) {
	if err := cfg.check(); err != nil {
		return nil, fmtlite.Errorf("tune: %v", err)
	}
	if d == nil || d.X == nil || d.X.IsEmpty() {
		return nil, errors.New("tune: no data")
	}
	outputs, err := Outputs(d.Y, cfg.Loss)
	if err != nil {
		return nil, err
	}
	_, inputs := d.X.Dims()
	p := t.Params
	build := func(int) (*core.Sequential, error) { return Build(cfg, p, inputs, outputs, t.Seed) }
	fit := core.FitConfig{Epochs: p.Epochs, BatchSize: p.BatchSize, Augment: p.Augment}
	cvc := core.CrossValConfig{Folds: cfg.Folds, Stratify: cfg.Stratify, Seed: cfg.Seed, Fit: fit}
	if cfg.Folds < 2 {
		cvc.Holdout = cfg.Holdout
	}
	cv, err := core.NewCrossValidation(d, build, cvc)
	if err != nil {
		return nil, fmtlite.Errorf("tune: trial %d: %v", t.ID, err)
	}
	return &TrialRun{cfg: cfg, trial: t, cv: cv}, nil
}

// Trial returns the trial.
func (r *TrialRun) Trial() Trial { return r.trial }

// Progress returns the fold training now (from 0) and the number of folds.
func (r *TrialRun) Progress() (fold, folds int) { return r.cv.Fold(), len(r.cv.Folds()) }

// Run does at most maxSteps training steps (all when maxSteps ≤ 0) and
// reports whether the trial is done.
func (r *TrialRun) Run(maxSteps int) bool { return r.cv.Run(maxSteps) }

// Result returns the trial's result once done (Err set if it failed).
func (r *TrialRun) Result() Result {
	res := Result{Trial: r.trial, Score: math.NaN()}
	cvr, err := r.cv.Result()
	if err != nil {
		res.Err = err.Error()
		return res
	}
	if !r.cv.Done() {
		res.Err = "tune: the trial did not finish"
		return res
	}
	res.Mean, res.Std = cvr.Mean, cvr.Std
	for _, f := range cvr.Folds {
		res.Folds = append(res.Folds, f.Logs)
	}
	metric := r.cfg.metricName()
	v, ok := cvr.Mean[metric]
	if !ok {
		res.Err = "tune: the trial logged no " + metric
		return res
	}
	res.Score = v
	return res
}

// RunTrial runs trial t to the end and returns its result; an error is
// the result's Err.
func RunTrial(d *core.Dataset, cfg Config, t Trial) Result {
	tr, err := NewTrialRun(d, cfg, t)
	if err != nil {
		return Result{Trial: t, Score: math.NaN(), Err: err.Error()}
	}
	tr.Run(0)
	return tr.Result()
}

// Refit builds the model of a result's setting (with its seed) and trains
// it on all of d for the setting's epochs: the model a search hands back.
func Refit(d *core.Dataset, cfg Config, r Result) (*core.Sequential, *core.History, error) {
	if d == nil || d.X == nil || d.X.IsEmpty() {
		return nil, nil, errors.New("tune: refit: no data")
	}
	outputs, err := Outputs(d.Y, cfg.Loss)
	if err != nil {
		return nil, nil, err
	}
	_, inputs := d.X.Dims()
	m, err := Build(cfg, r.Params, inputs, outputs, r.Seed)
	if err != nil {
		return nil, nil, fmtlite.Errorf("tune: refit: %v", err)
	}
	h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: r.Params.Epochs, BatchSize: r.Params.BatchSize, Augment: r.Params.Augment})
	if err != nil {
		return nil, nil, fmtlite.Errorf("tune: refit: %v", err)
	}
	return m, h, nil
}
