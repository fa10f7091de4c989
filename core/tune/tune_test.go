package tune_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/tune"
)

func moons(t testing.TB, n int) *core.Dataset {
	t.Helper()
	d, err := core.Generate("moons", n, 0.15, 1)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// smallConfig is a random search of 6 trials on moons, 3-fold, scored by
// validation accuracy.
func smallConfig() tune.Config {
	cfg := tune.DefaultConfig()
	cfg.Base.Epochs, cfg.Base.BatchSize = 6, 16
	cfg.Space = tune.Space{
		Layers:       [][]int{{4}, {16}, {8, 8}},
		Activation:   []core.Activation{core.ReLU, core.Tanh},
		LearningRate: tune.Range{Min: 1e-3, Max: 1e-1, Log: true},
		L2:           tune.Range{Values: []float64{0, 1e-3}},
		Dropout:      tune.Range{Values: []float64{0, 0.2}},
	}
	cfg.Trials, cfg.Seed, cfg.Folds, cfg.Stratify = 6, 5, 3, true
	cfg.Loss, cfg.Metric = core.BinaryCrossentropy, "accuracy"
	return cfg
}

func sameResults(t *testing.T, what string, a, b []tune.Result) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d and %d results", what, len(a), len(b))
	}
	for i := range a {
		if a[i].ID != b[i].ID || math.Float64bits(a[i].Score) != math.Float64bits(b[i].Score) || a[i].Err != b[i].Err {
			t.Fatalf("%s: result %d: trial %d score %v (%s) vs trial %d score %v (%s)", what, i, a[i].ID, a[i].Score, a[i].Err, b[i].ID, b[i].Score, b[i].Err)
		}
		for k, v := range a[i].Mean {
			if math.Float64bits(b[i].Mean[k]) != math.Float64bits(v) {
				t.Fatalf("%s: trial %d %s: %v vs %v", what, a[i].ID, k, v, b[i].Mean[k])
			}
		}
	}
}

// TestParallelMatchesSequential: the same trials on 3 goroutines give the
// same table as one after another, bit for bit, sorted best first.
func TestParallelMatchesSequential(t *testing.T) {
	t.Parallel()
	d := moons(t, 150)
	cfg := smallConfig()
	seq, err := tune.Run(d, cfg, tune.Options{})
	if err != nil {
		t.Fatal(err)
	}
	par, err := tune.Run(d, cfg, tune.Options{Runner: tune.Parallel{Workers: 3}})
	if err != nil {
		t.Fatal(err)
	}
	sameResults(t, "sequential vs parallel", seq.Results, par.Results)
	if len(seq.Results) != 6 {
		t.Fatalf("%d results, want 6", len(seq.Results))
	}
	for i := 1; i < len(seq.Results); i++ {
		if seq.Results[i].Score > seq.Results[i-1].Score {
			t.Errorf("not sorted best first: %v then %v", seq.Results[i-1].Score, seq.Results[i].Score)
		}
	}
	for _, r := range seq.Results {
		if r.Failed() || len(r.Folds) != 3 || r.Score != r.Mean["val_accuracy"] {
			t.Errorf("trial %d: %+v", r.ID, r)
		}
		p := r.Params
		if lr := p.LearningRate; lr < 1e-3 || lr > 1e-1 {
			t.Errorf("trial %d: learning rate %v outside the range", r.ID, lr)
		}
	}
	// The score is the trial's own cross-validation: k-fold on the
	// training data with the trial's seed, recomputed with core.
	best := seq.Best()
	r, err := core.CrossValidate(d, func(int) (*core.Sequential, error) {
		return tune.Build(cfg, best.Params, 2, 1, best.Seed)
	}, core.CrossValConfig{Folds: 3, Stratify: true, Seed: cfg.Seed, Fit: core.FitConfig{Epochs: 6, BatchSize: 16}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Mean["val_accuracy"] != best.Score {
		t.Errorf("best score %v, core.CrossValidate %v", best.Score, r.Mean["val_accuracy"])
	}
	// A search of another seed plans other trials.
	cfg.Seed = 6
	other, err := tune.NewSearch(cfg)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := tune.NewSearch(smallConfig())
	if fmt.Sprint(other.Plan()) == fmt.Sprint(again.Plan()) {
		t.Error("seeds 5 and 6 planned the same trials")
	}
}

func TestGridPlan(t *testing.T) {
	t.Parallel()
	cfg := tune.DefaultConfig()
	cfg.Method, cfg.Trials = "grid", 0
	cfg.Space = tune.Space{
		Layers:       [][]int{{8}, {16}},
		Optimizer:    []string{"adam", "sgd", "rmsprop"},
		LearningRate: tune.Range{Values: []float64{0.01, 0.1}},
	}
	s, err := tune.NewSearch(cfg)
	if err != nil {
		t.Fatal(err)
	}
	plan := s.Plan()
	if len(plan) != 12 {
		t.Fatalf("%d combinations, want 12", len(plan))
	}
	// The last hyperparameter changes fastest.
	if plan[0].LearningRate != 0.01 || plan[1].LearningRate != 0.1 || plan[2].Optimizer != "sgd" || plan[6].Layers[0] != 16 {
		t.Errorf("grid order: %+v", plan[:7])
	}
	seen := map[string]bool{}
	for _, p := range plan {
		seen[fmt.Sprint(p.Layers, p.Optimizer, p.LearningRate)] = true
		if p.BatchSize != 32 || p.Epochs != 20 {
			t.Errorf("base values lost: %+v", p)
		}
	}
	if len(seen) != 12 {
		t.Errorf("%d distinct combinations", len(seen))
	}
	cfg.Trials = 5
	s, _ = tune.NewSearch(cfg)
	if n := len(s.Plan()); n != 5 {
		t.Errorf("a sample of 5: got %d", n)
	}
	cfg.Space.LearningRate = tune.Range{Min: 0.01, Max: 0.1}
	if _, err := tune.NewSearch(cfg); err == nil || !strings.Contains(err.Error(), "learningRate is a range") {
		t.Errorf("grid over a range: %v", err)
	}
}

// TestHalving: 9 trials, η 3, 2 epochs first: 9 trials of 2 epochs, the
// best 3 for 6, the best for 18; every promoted trial was among the best
// of its round; the winner comes first.
func TestHalving(t *testing.T) {
	t.Parallel()
	d := moons(t, 120)
	cfg := smallConfig()
	cfg.Trials, cfg.Folds, cfg.Holdout = 9, 0, 0.25
	cfg.Base.Epochs = 18
	cfg.Halving = tune.Halving{Eta: 3, MinEpochs: 2}
	s, err := tune.NewSearch(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var rounds [][]tune.Result
	for trials := s.Next(); trials != nil; trials = s.Next() {
		var rs []tune.Result
		for _, tr := range trials {
			r := tune.RunTrial(d, cfg, tr)
			if err := s.Report(r); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		rounds = append(rounds, rs)
	}
	if len(rounds) != 3 || len(rounds[0]) != 9 || len(rounds[1]) != 3 || len(rounds[2]) != 1 {
		t.Fatalf("rounds of %d, %d, %d… trials", len(rounds[0]), len(rounds[1]), len(rounds))
	}
	for i, want := range []int{2, 6, 18} {
		for _, r := range rounds[i] {
			if r.Params.Epochs != want || r.Round != i {
				t.Errorf("round %d: trial %d ran %d epochs (round %d)", i, r.ID, r.Params.Epochs, r.Round)
			}
		}
	}
	// The promoted ones scored at least as well as every one left behind.
	for i := 0; i < 2; i++ {
		worstKept := math.Inf(1)
		kept := map[int]bool{}
		for _, r := range rounds[i+1] {
			kept[r.ID] = true
		}
		for _, r := range rounds[i] {
			if kept[r.ID] {
				worstKept = math.Min(worstKept, r.Score)
			}
		}
		for _, r := range rounds[i] {
			if !kept[r.ID] && r.Score > worstKept {
				t.Errorf("round %d: trial %d (%v) left behind, a worse one (%v) kept", i, r.ID, r.Score, worstKept)
			}
		}
	}
	res := s.Results()
	if len(res) != 9 || res[0].Round != 2 || res[0].ID != rounds[2][0].ID {
		t.Errorf("results: first %+v", res[0].Trial)
	}
}

// TestStopReturnsTrialsSoFar: OnResult returning false stops the search
// after that trial; the report holds the trials done.
func TestStopReturnsTrialsSoFar(t *testing.T) {
	t.Parallel()
	d := moons(t, 90)
	cfg := smallConfig()
	n := 0
	rep, err := tune.Run(d, cfg, tune.Options{OnResult: func(tune.Result) bool { n++; return n < 3 }})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Stopped || len(rep.Results) != 3 {
		t.Errorf("stopped %v with %d results, want 3", rep.Stopped, len(rep.Results))
	}
	rep, _ = tune.Run(d, cfg, tune.Options{Runner: tune.Parallel{Workers: 2}, OnResult: func(tune.Result) bool { return false }})
	if !rep.Stopped || len(rep.Results) < 1 || len(rep.Results) > 2 {
		t.Errorf("parallel: stopped %v with %d results, want 1 or 2 (those in flight)", rep.Stopped, len(rep.Results))
	}
}

// TestFailedTrialGoesLast: a setting that cannot train (an image
// augmentation on 2 columns) fails its trial with an error; the others run.
func TestFailedTrialGoesLast(t *testing.T) {
	t.Parallel()
	d := moons(t, 60)
	cfg := smallConfig()
	cfg.Method, cfg.Trials = "grid", 0
	cfg.Space = tune.Space{Augment: []core.AugmentConfig{{}, {ImageShape: [2]int{8, 8}, Shift: 1}, {Jitter: 0.05}}}
	rep, err := tune.Run(d, cfg, tune.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 3 {
		t.Fatalf("%d results", len(rep.Results))
	}
	last := rep.Results[2]
	if last.ID != 1 || !last.Failed() || !strings.Contains(last.Err, "imageShape [8, 8] needs 64 columns") {
		t.Errorf("last result %+v", last)
	}
	if rep.Best() == nil || rep.Best().Failed() {
		t.Error("no best result")
	}
}

func TestBuild(t *testing.T) {
	t.Parallel()
	cfg := tune.DefaultConfig()
	cfg.Normalize, cfg.Loss, cfg.Metrics = true, core.SparseCategoricalCrossentropy, []string{"accuracy"}
	p := tune.Params{Layers: []int{8, 4}, Activation: core.Tanh, Optimizer: "sgd", LearningRate: 0.5, BatchSize: 8, Epochs: 1, L1: 0.01, Dropout: 0.25}
	m, err := tune.Build(cfg, p, 5, 3, 9)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, l := range m.Layers() {
		kinds = append(kinds, l.Kind())
	}
	if got := strings.Join(kinds, ","); got != "normalization,dense,dropout,dense,dropout,dense" {
		t.Errorf("layers %s", got)
	}
	last := m.Layers()[5].(*core.Dense)
	if last.Activation() != core.Softmax || last.OutputDim() != 3 {
		t.Errorf("output layer %v %d", last.Activation(), last.OutputDim())
	}
	if h := m.Layers()[1].(*core.Dense).Config(); h.Regularizer.L1 != 0.01 || h.Activation != core.Tanh {
		t.Errorf("hidden layer %+v", h)
	}
	if o := m.Optimizer().Config(); o.Name != "sgd" || o.LearningRate != 0.5 {
		t.Errorf("optimizer %+v", o)
	}
	if m.Seed() != 9 {
		t.Errorf("seed %d", m.Seed())
	}
	p.LearningRate = 0
	m, _ = tune.Build(cfg, p, 5, 3, 9)
	if lr := m.Optimizer().Config().LearningRate; lr != 0.01 {
		t.Errorf("learning rate 0 gives %v, want sgd's default 0.01", lr)
	}
}

func TestConfigErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		edit func(*tune.Config)
		want string
	}{
		{func(c *tune.Config) { c.Method = "bayes" }, "method must be 'grid' or 'random'"},
		{func(c *tune.Config) { c.Trials = 0 }, "random search: trials must be between 1"},
		{func(c *tune.Config) { c.Space.Layers = [][]int{{0}} }, "units must be between 1"},
		{func(c *tune.Config) { c.Space.Optimizer = []string{"adamw"} }, "unknown optimizer 'adamw'"},
		{func(c *tune.Config) { c.Space.LearningRate = tune.Range{Min: 0, Max: 1, Log: true} }, "a log range needs min > 0"},
		{func(c *tune.Config) { c.Space.Dropout = tune.Range{Values: []float64{1}} }, "dropout: 1 is not in"},
		{func(c *tune.Config) { c.Metric = "val_top5" }, "metric 'val_top5' is not logged"},
		{func(c *tune.Config) { c.Folds = 1 }, "folds must be 0 (a holdout) or between 2"},
		{func(c *tune.Config) { c.Holdout = 0 }, "without folds, holdout must be in (0, 1)"},
		{func(c *tune.Config) { c.Halving = tune.Halving{Eta: 1, MinEpochs: 1} }, "halving: eta must be at least 2"},
		{func(c *tune.Config) { c.Halving = tune.Halving{Eta: 2, MinEpochs: 50} }, "minEpochs (50) is more than the epochs (20)"},
		{func(c *tune.Config) {
			c.Halving = tune.Halving{Eta: 2, MinEpochs: 1}
			c.Space.Epochs = []int{5}
		}, "leave epochs out of the space"},
	} {
		cfg := tune.DefaultConfig()
		c.edit(&cfg)
		if _, err := tune.NewSearch(cfg); err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "tune: ") {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

// TestTrialRunInSlices: a trial run in slices of steps gives RunTrial's
// result, bit for bit, and Refit trains the setting on all the data.
func TestTrialRunInSlices(t *testing.T) {
	t.Parallel()
	d := moons(t, 100)
	cfg := smallConfig()
	s, _ := tune.NewSearch(cfg)
	tr := s.Next()[2]
	want := tune.RunTrial(d, cfg, tr)
	run, err := tune.NewTrialRun(d, cfg, tr)
	if err != nil {
		t.Fatal(err)
	}
	for !run.Run(5) {
	}
	sameResults(t, "slices", []tune.Result{run.Result()}, []tune.Result{want})
	m, h, err := tune.Refit(d, cfg, want)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epoch) != 6 || m.InputDim() != 2 {
		t.Errorf("refit: %d epochs, %d inputs", len(h.Epoch), m.InputDim())
	}
}

// Example searches 8 random settings of a small network on moons, scoring
// each by 3-fold cross-validation on two goroutines, and refits the best.
func Example() {
	data, _ := core.Generate("moons", 300, 0.15, 1)
	cfg := tune.DefaultConfig()
	cfg.Loss, cfg.Metric, cfg.Folds, cfg.Stratify, cfg.Trials, cfg.Seed = core.BinaryCrossentropy, "accuracy", 3, true, 8, 1
	cfg.Base.Epochs = 15
	cfg.Space = tune.Space{
		Layers:       [][]int{{4}, {16}, {16, 16}},
		LearningRate: tune.Range{Min: 1e-3, Max: 0.1, Log: true},
		L2:           tune.Range{Values: []float64{0, 1e-4}},
	}
	report, err := tune.Run(data, cfg, tune.Options{Runner: tune.Parallel{Workers: 2}})
	if err != nil {
		fmt.Println(err)
		return
	}
	best := report.Best()
	fmt.Printf("%d trials; best: layers %v, validation accuracy %.2f ± %.2f\n",
		len(report.Results), best.Params.Layers, best.Score, best.Std["val_accuracy"])
	model, _, _ := tune.Refit(data, cfg, *best)
	fmt.Println("refit on", data.Len(), "rows:", model.CountParams(), "weights")
	// Output:
	// 8 trials; best: layers [16 16], validation accuracy 0.93 ± 0.01
	// refit on 300 rows: 337 weights
}
