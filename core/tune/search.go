package tune

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/intsort"
)

// Config configures a search: what it varies, how it plans the trials and
// how each trial is scored.
type Config struct {
	// Space lists the choices; Base is every trial's setting of what the
	// space does not list (DefaultParams is a start).
	Space Space
	Base  Params
	// Method is "grid" (every combination of the space's values) or
	// "random" (Trials draws).
	Method string
	// Trials is random search's number of trials (≥ 1); for grid search 0
	// runs every combination, n < the number of combinations a seeded
	// sample of n of them (in grid order).
	Trials int
	// Halving cuts bad trials early (successive halving); its zero value
	// runs every trial for its full epochs.
	Halving Halving
	// Metric is the logged validation value that scores a trial: "val_loss"
	// (the default when ""), "val_accuracy", … ("accuracy" means
	// "val_accuracy": scores are always on held-out rows). Names with "acc",
	// "precision", "recall" or "f1" are maximised, the rest minimised.
	Metric string
	// Seed seeds the plan, the folds and every trial's model (from the seed
	// and the trial's number).
	Seed uint64

	// Loss is the models' loss; their output layer follows from it (sigmoid
	// for binary cross-entropy, softmax for the categorical ones, linear
	// otherwise) and from the labels' width (or classes).
	Loss core.Loss
	// Metrics are compiled into every model besides the loss (the score's
	// metric is added when missing).
	Metrics []string
	// Folds ≥ 2 scores each trial by k-fold cross-validation (the mean over
	// the folds); 0 scores it on one held-out part of Holdout of the rows.
	Folds   int
	Holdout float64
	// Stratify keeps each class's share in the folds (classification).
	Stratify bool
	// Normalize puts a Normalization layer first in every model.
	Normalize bool
}

// Halving configures successive halving: every trial first trains
// MinEpochs epochs; the best 1/Eta (rounded up) train again for Eta times
// as many, and so on until Base.Epochs, so that bad settings are cut
// after a few epochs. Trials restart from scratch each round, with the
// same seed.
type Halving struct {
	// Eta ≥ 2 keeps 1/Eta of the trials each round; 0 turns halving off.
	Eta int
	// MinEpochs ≥ 1 are the first round's epochs.
	MinEpochs int
}

// Trial is one run of one setting.
type Trial struct {
	// ID numbers the setting in the plan, from 0; it keeps its ID (and
	// seed) in every round of successive halving.
	ID int
	// Round is the round of successive halving (0 without).
	Round int
	// Params is the setting; its Epochs are this round's.
	Params Params
	// Seed seeds the trial's models (the same for every fold).
	Seed uint64
}

// Result is a trial's outcome.
type Result struct {
	Trial
	// Score is the mean over the folds of Config.Metric (NaN when the
	// trial failed).
	Score float64
	// Mean and Std are every logged value's mean and sample standard
	// deviation over the folds; Folds holds each fold's logs.
	Mean, Std core.Logs
	Folds     []core.Logs
	// Err says why the trial failed ("" when it did not).
	Err string
}

// Failed reports whether the trial failed.
func (r Result) Failed() bool { return r.Err != "" || math.IsNaN(r.Score) }

// DefaultConfig returns a random search of 10 trials over an empty space
// from DefaultParams, scored by val_loss on a held-out fifth of the rows.
func DefaultConfig() Config {
	return Config{Base: DefaultParams(), Method: "random", Trials: 10, Metric: "val_loss", Holdout: 0.2}
}

// metricName returns cfg.Metric as a validation name ("val_…").
func (c Config) metricName() string {
	m := c.Metric
	if m == "" {
		m = "val_loss"
	}
	if !strings.HasPrefix(m, "val_") {
		m = "val_" + m
	}
	return m
}

// Maximize reports whether higher scores are better for the config's
// metric.
func (c Config) Maximize() bool {
	m := c.metricName()
	for _, s := range []string{"acc", "precision", "recall", "f1"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// check checks everything but the data.
func (c Config) check() error {
	if err := c.Space.check(); err != nil {
		return err
	}
	switch c.Method {
	case "grid", "random":
	default:
		return fmtlite.Errorf("method must be 'grid' or 'random', got '%s'", c.Method)
	}
	if c.Method == "random" && (c.Trials < 1 || c.Trials > MaxTrials) {
		return fmtlite.Errorf("random search: trials must be between 1 and %d, got %d", MaxTrials, c.Trials)
	}
	if c.Trials < 0 || c.Trials > MaxTrials {
		return fmtlite.Errorf("trials must be between 0 and %d, got %d", MaxTrials, c.Trials)
	}
	if c.Folds == 1 || c.Folds < 0 || c.Folds > core.MaxFolds {
		return fmtlite.Errorf("folds must be 0 (a holdout) or between 2 and %d, got %d", core.MaxFolds, c.Folds)
	}
	if c.Folds == 0 && !(c.Holdout > 0 && c.Holdout < 1) {
		return fmtlite.Errorf("without folds, holdout must be in (0, 1), got %v", c.Holdout)
	}
	if h := c.Halving; h != (Halving{}) {
		if h.Eta < 2 || h.MinEpochs < 1 {
			return fmtlite.Errorf("halving: eta must be at least 2 and minEpochs at least 1, got %d and %d", h.Eta, h.MinEpochs)
		}
		if len(c.Space.Epochs) > 0 {
			return errors.New("halving sets every round's epochs: leave epochs out of the space")
		}
		if h.MinEpochs > c.Base.Epochs {
			return fmtlite.Errorf("halving: minEpochs (%d) is more than the epochs (%d)", h.MinEpochs, c.Base.Epochs)
		}
	}
	if b := c.Base; b.BatchSize < 1 || b.Epochs < 1 || b.Epochs > core.MaxEpochs {
		return fmtlite.Errorf("base: batchSize and epochs must be at least 1, got %d and %d", b.BatchSize, b.Epochs)
	}
	if _, err := core.DefaultOptimizerConfig(c.Base.Optimizer); err != nil {
		return fmtlite.Errorf("base: optimizer: %v", err)
	}
	metric := strings.TrimPrefix(c.metricName(), "val_")
	if metric != "loss" && !knownMetric(metric) {
		return fmtlite.Errorf("metric '%s' is not logged: give val_loss or a compiled metric (%s)", c.Metric, strings.Join(core.MetricNames, ", "))
	}
	return nil
}

func knownMetric(name string) bool {
	for _, m := range core.MetricNames {
		if m == name {
			return true
		}
	}
	return false
}

// trialStream is the second PCG word of the plan's random source.
const trialStream = 0x74756e6574726961

// TrialSeed returns the model seed of trial id in a search seeded seed:
// splitmix64 of the two, so that neighbouring trials get unrelated seeds.
func TrialSeed(seed uint64, id int) uint64 {
	z := seed + uint64(id+1)*0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return (z ^ z>>31) & (1<<53 - 1) // a seed JavaScript can hold exactly
}

// Search is a search in progress: Next gives each round's trials, Report
// takes their results, Results the table so far. It runs nothing itself
// (see Run and Runner); it is not safe for concurrent use.
type Search struct {
	cfg       Config
	plan      []Params
	round     int
	epochs    int // this round's epochs with halving
	pending   []Trial
	reported  map[int]bool
	best      map[int]Result // each trial's result of the last round it ran
	roundRes  []Result
	stopped   bool
	done      bool
	maxRounds int
}

// NewSearch checks cfg and plans the trials.
func NewSearch(cfg Config) (*Search, error) {
	if err := cfg.check(); err != nil {
		return nil, fmtlite.Errorf("tune: %v", err)
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, trialStream))
	var plan []Params
	if cfg.Method == "grid" {
		g, err := cfg.Space.grid(cfg.Base)
		if err != nil {
			return nil, fmtlite.Errorf("tune: %v", err)
		}
		if cfg.Trials > 0 && cfg.Trials < len(g) {
			keep := rng.Perm(len(g))[:cfg.Trials]
			intsort.Stable(keep, func(a, b int) bool { return a < b })
			sample := make([]Params, len(keep))
			for i, k := range keep {
				sample[i] = g[k]
			}
			g = sample
		}
		plan = g
	} else {
		plan = cfg.Space.random(cfg.Base, cfg.Trials, rng)
	}
	s := &Search{cfg: cfg, plan: plan, reported: map[int]bool{}, best: map[int]Result{}}
	s.epochs = cfg.Base.Epochs
	if cfg.Halving.Eta > 0 {
		s.epochs = cfg.Halving.MinEpochs
	}
	ids := make([]int, len(plan))
	for i := range ids {
		ids[i] = i
	}
	s.pending = s.trials(ids)
	return s, nil
}

// Config returns the search's configuration.
func (s *Search) Config() Config { return s.cfg }

// Plan returns every planned setting, by trial ID (copies).
func (s *Search) Plan() []Params {
	out := make([]Params, len(s.plan))
	for i, p := range s.plan {
		out[i] = p.clone()
	}
	return out
}

// trials returns this round's trials of the given IDs.
func (s *Search) trials(ids []int) []Trial {
	out := make([]Trial, len(ids))
	for i, id := range ids {
		p := s.plan[id].clone()
		if s.cfg.Halving.Eta > 0 {
			p.Epochs = s.epochs
		}
		out[i] = Trial{ID: id, Round: s.round, Params: p, Seed: TrialSeed(s.cfg.Seed, id)}
	}
	return out
}

// Next returns the trials of the next round (every trial of the plan
// first; with successive halving then the best of the last round, with
// more epochs), or nil when the search is done or stopped. Each must be
// reported before Next is called again.
func (s *Search) Next() []Trial {
	if s.stopped || s.done {
		return nil
	}
	if s.pending != nil {
		t := s.pending
		s.pending = nil
		s.roundRes = nil
		return t
	}
	// The round is over: promote, or finish.
	if s.cfg.Halving.Eta == 0 || s.epochs >= s.cfg.Base.Epochs {
		s.done = true
		return nil
	}
	ranked := sortResults(s.roundRes, s.cfg.Maximize())
	keep := (len(ranked) + s.cfg.Halving.Eta - 1) / s.cfg.Halving.Eta
	var ids []int
	for _, r := range ranked[:keep] {
		if !r.Failed() {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 || len(ranked) == 1 {
		s.done = true
		return nil
	}
	intsort.Stable(ids, func(a, b int) bool { return a < b })
	s.round++
	s.epochs = min(s.epochs*s.cfg.Halving.Eta, s.cfg.Base.Epochs)
	s.reported = map[int]bool{}
	s.roundRes = nil
	return s.trials(ids)
}

// Report records the result of a trial of the current round.
func (s *Search) Report(r Result) error {
	if r.Round != s.round {
		return fmtlite.Errorf("tune: report: trial %d is of round %d, the search is in round %d", r.ID, r.Round, s.round)
	}
	if r.ID < 0 || r.ID >= len(s.plan) {
		return fmtlite.Errorf("tune: report: no trial %d", r.ID)
	}
	if s.reported[r.ID] {
		return fmtlite.Errorf("tune: report: trial %d reported twice", r.ID)
	}
	if r.Err != "" {
		r.Score = math.NaN()
	}
	s.reported[r.ID] = true
	s.roundRes = append(s.roundRes, r)
	s.best[r.ID] = r
	return nil
}

// Stop ends the search: Next returns nil from now on; Results keeps what
// was reported.
func (s *Search) Stop() { s.stopped = true }

// Stopped reports whether Stop was called.
func (s *Search) Stopped() bool { return s.stopped }

// Done reports whether the search has run every round (or was stopped).
func (s *Search) Done() bool { return s.done || s.stopped }

// Results returns every reported trial's result from the last round it
// ran, best first: later rounds before earlier ones, then by score,
// failures last, ties by ID.
func (s *Search) Results() []Result {
	out := make([]Result, 0, len(s.best))
	for _, r := range s.best {
		out = append(out, r)
	}
	return sortResults(out, s.cfg.Maximize())
}

// sortResults sorts by round (later first), then score, failures last,
// then ID.
func sortResults(rs []Result, maximize bool) []Result {
	idx := make([]int, len(rs))
	for i := range idx {
		idx[i] = i
	}
	better := func(a, b Result) bool {
		if a.Round != b.Round {
			return a.Round > b.Round
		}
		if fa, fb := a.Failed(), b.Failed(); fa != fb {
			return fb
		} else if !fa && a.Score != b.Score {
			if maximize {
				return a.Score > b.Score
			}
			return a.Score < b.Score
		}
		return a.ID < b.ID
	}
	intsort.Stable(idx, func(a, b int) bool { return better(rs[a], rs[b]) })
	out := make([]Result, len(rs))
	for i, k := range idx {
		out[i] = rs[k]
	}
	return out
}
