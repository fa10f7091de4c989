package core

import (
	"errors"
	"math"
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/kernel"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Cross-validation: k folds of a dataset, each in turn the validation rows
// of a model trained on the others, so that every row is validated on
// exactly once and a score comes with its spread. The folds are seeded: the
// same seed and data give the same folds.

// foldStream is the second PCG word of the folds' random source.
const foldStream = 0x6b666f6c64733031

// MaxFolds bounds the number of folds.
const MaxFolds = 1000

// KFold deals the row indices 0…n−1, shuffled by seed, into k folds whose
// sizes differ by at most one (the first n mod k folds have one more);
// every index is in exactly one fold. 2 ≤ k ≤ n.
func KFold(n, k int, seed uint64) ([][]int, error) {
	if err := checkFolds("kFold", n, k); err != nil {
		return nil, err
	}
	perm := rand.New(rand.NewPCG(seed, foldStream)).Perm(n)
	folds := make([][]int, k)
	lo := 0
	for f := range folds {
		size := n / k
		if f < n%k {
			size++
		}
		folds[f] = perm[lo : lo+size : lo+size]
		lo += size
	}
	return folds, nil
}

// StratifiedKFold is KFold keeping each class's share of the rows in every
// fold, as nearly as whole rows allow: each class's rows, shuffled, are
// dealt round the folds in turn, continuing from the fold where the last
// class stopped, so that fold sizes still differ by at most one. y holds
// one class index per row, or one column per class (the class is the
// row's largest value).
func StratifiedKFold(y *mat.Dense, k int, seed uint64) ([][]int, error) {
	labels, classes, err := strata("stratifiedKFold", y)
	if err != nil {
		return nil, err
	}
	if err := checkFolds("stratifiedKFold", len(labels), k); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, foldStream))
	byClass := make([][]int, classes)
	for i, c := range labels {
		byClass[c] = append(byClass[c], i)
	}
	folds := make([][]int, k)
	f := 0
	for _, members := range byClass {
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		for _, i := range members {
			folds[f] = append(folds[f], i)
			f = (f + 1) % k
		}
	}
	// Interleave the classes within each fold.
	for _, fold := range folds {
		rng.Shuffle(len(fold), func(i, j int) { fold[i], fold[j] = fold[j], fold[i] })
	}
	return folds, nil
}

// holdoutFold draws the held-out rows of cfg.Holdout: a seeded sample,
// stratified like Split's when cfg.Stratify.
func holdoutFold(d *Dataset, cfg CrossValConfig) ([][]int, error) {
	n := d.Len()
	if n < 2 {
		return nil, fmtlite.Errorf("holdout: need at least 2 rows, got %d", n)
	}
	nVal := min(max(int(math.Round(cfg.Holdout*float64(n))), 1), n-1)
	rng := rand.New(rand.NewPCG(cfg.Seed, foldStream))
	if !cfg.Stratify {
		return [][]int{rng.Perm(n)[:nVal]}, nil
	}
	labels, classes, err := strata("holdout", d.Y)
	if err != nil {
		return nil, err
	}
	byClass := make([][]int, classes)
	for i, c := range labels {
		byClass[c] = append(byClass[c], i)
	}
	quota := stratifiedQuotas(byClass, cfg.Holdout, nVal, rng)
	var val []int
	for c, members := range byClass {
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		val = append(val, members[:quota[c]]...)
	}
	return [][]int{val}, nil
}

func checkFolds(call string, n, k int) error {
	if k < 2 || k > MaxFolds {
		return fmtlite.Errorf("%s: folds must be between 2 and %d, got %d", call, MaxFolds, k)
	}
	if k > n {
		return fmtlite.Errorf("%s: %d folds need at least %d rows, got %d", call, k, k, n)
	}
	return nil
}

// strata returns each row's class for stratifying: y's one column of class
// indices, or the index of the largest value of each row of a wider y.
func strata(call string, y *mat.Dense) ([]int, int, error) {
	if y == nil || y.IsEmpty() {
		return nil, 0, fmtlite.Errorf("%s: no labels", call)
	}
	rows, cols := y.Dims()
	if cols == 1 {
		return classLabels(call, y)
	}
	out := make([]int, rows)
	for i := range rows {
		out[i] = kernel.Argmax(y.RawRowView(i))
	}
	return out, cols, nil
}

// CrossValConfig configures CrossValidate and NewCrossValidation.
type CrossValConfig struct {
	// Folds is k, the number of folds (2 ≤ k ≤ rows), or 0 with Holdout.
	Folds int
	// Holdout, in (0, 1) with Folds 0, validates once on a held-out part
	// of round(Holdout·rows) rows (at least one, and one row left to train
	// on) instead of k folds: a single "fold", drawn with Seed (and
	// Stratify). 0 with Folds ≥ 2.
	Holdout float64
	// Stratify keeps each class's share in every fold (StratifiedKFold);
	// the labels must then be classes.
	Stratify bool
	// Seed shuffles the rows into folds.
	Seed uint64
	// Fit trains each fold's model: epochs, batch size, shuffling,
	// augmentation, callbacks. Its validation settings must be empty: the
	// fold is the validation data.
	Fit FitConfig
}

// FoldResult is one fold's outcome.
type FoldResult struct {
	// Fold counts from 0; Train and Validation are its row counts.
	Fold, Train, Validation int
	// Logs holds the fold's validation loss and metrics ("val_loss",
	// "val_accuracy", …: Evaluate on the fold after training) and the last
	// epoch's training ones ("loss", "accuracy", …).
	Logs Logs
	// History is the fold's fit history.
	History *History
}

// CrossValResult is the outcome of a cross-validation.
type CrossValResult struct {
	// Folds lists every fold's result, in fold order.
	Folds []FoldResult
	// Mean and Std hold, for every logged name, the mean over the folds and
	// the sample standard deviation (n−1; 0 for one fold).
	Mean, Std Logs
}

// ModelBuilder returns a new compiled model for one fold (from 0). Each fold
// must get a fresh model; a model seeded the same way for every fold makes
// the folds differ in their data only.
type ModelBuilder func(fold int) (*Sequential, error)

// CrossValidation is a cross-validation in progress: Run trains in slices,
// as a Trainer does, fold after fold.
type CrossValidation struct {
	d       *Dataset
	build   ModelBuilder
	cfg     CrossValConfig
	folds   [][]int
	fold    int // the fold training, or len(folds) when done
	m       *Sequential
	trainer *Trainer
	train   *Dataset // the fold's training rows
	val     *Dataset
	results []FoldResult
	err     error
}

// CrossValidate trains one model per fold (from build) on the other folds'
// rows of d and evaluates it on the fold, and returns every fold's logs and
// their mean and standard deviation.
func CrossValidate(d *Dataset, build ModelBuilder, cfg CrossValConfig) (*CrossValResult, error) {
	cv, err := NewCrossValidation(d, build, cfg)
	if err != nil {
		return nil, err
	}
	cv.Run(0)
	return cv.Result()
}

// NewCrossValidation checks d and cfg and deals the folds; nothing is
// trained until Run.
func NewCrossValidation(d *Dataset, build ModelBuilder, cfg CrossValConfig) (*CrossValidation, error) {
	if d == nil || d.X == nil || d.X.IsEmpty() || d.Y == nil || d.Y.IsEmpty() {
		return nil, errors.New("crossValidate: no data")
	}
	if build == nil {
		return nil, errors.New("crossValidate: no model builder")
	}
	if yr, _ := d.Y.Dims(); yr != d.Len() {
		return nil, fmtlite.Errorf("crossValidate: x has %d rows but y has %d", d.Len(), yr)
	}
	f := cfg.Fit
	if f.ValidationSplit != 0 || f.ValidationX != nil || f.ValidationY != nil {
		return nil, errors.New("crossValidate: fit's validation settings must be empty: each fold is the validation data")
	}
	var folds [][]int
	var err error
	switch {
	case cfg.Holdout != 0 || cfg.Folds == 0:
		if cfg.Folds != 0 || !(cfg.Holdout > 0 && cfg.Holdout < 1) {
			return nil, fmtlite.Errorf("crossValidate: give folds (2 or more) or a holdout fraction in (0, 1), got folds %d and holdout %v", cfg.Folds, cfg.Holdout)
		}
		folds, err = holdoutFold(d, cfg)
	case cfg.Stratify:
		folds, err = StratifiedKFold(d.Y, cfg.Folds, cfg.Seed)
	default:
		folds, err = KFold(d.Len(), cfg.Folds, cfg.Seed)
	}
	if err != nil {
		return nil, fmtlite.Errorf("crossValidate: %v", stripCall(err))
	}
	return &CrossValidation{d: d, build: build, cfg: cfg, folds: folds, fold: -1}, nil
}

// stripCall drops a "call: " prefix from err's message.
func stripCall(err error) string {
	msg := err.Error()
	for i := 0; i+1 < len(msg); i++ {
		if msg[i] == ':' && msg[i+1] == ' ' {
			return msg[i+2:]
		}
		if msg[i] == ' ' {
			break
		}
	}
	return msg
}

// Folds returns the folds' row indices (copies).
func (cv *CrossValidation) Folds() [][]int {
	out := make([][]int, len(cv.folds))
	for i, f := range cv.folds {
		out[i] = append([]int(nil), f...)
	}
	return out
}

// Fold returns the fold training now (from 0; the number of folds when
// done).
func (cv *CrossValidation) Fold() int { return max(cv.fold, 0) }

// Model returns the current fold's model (nil before the first Run).
func (cv *CrossValidation) Model() *Sequential { return cv.m }

// Done reports whether every fold is trained and evaluated, or an error
// stopped the cross-validation.
func (cv *CrossValidation) Done() bool { return cv.err != nil || cv.fold >= len(cv.folds) }

// StepsPerFold returns the Run steps of one fold's training (see Trainer),
// 0 before the first fold has started.
func (cv *CrossValidation) StepsPerFold() int {
	if cv.trainer == nil {
		return 0
	}
	return cv.trainer.StepsPerEpoch() * cv.cfg.Fit.Epochs
}

// Run does at most maxSteps training steps (all when maxSteps ≤ 0; a step
// is a batch), going on to the next fold as each ends, and reports whether
// the cross-validation is done.
func (cv *CrossValidation) Run(maxSteps int) bool {
	for done := 0; !cv.Done() && (maxSteps <= 0 || done < maxSteps); done++ {
		if cv.trainer == nil {
			if cv.err = cv.startFold(); cv.err != nil || cv.Done() {
				break
			}
		}
		if cv.trainer.Run(1) {
			cv.err = cv.endFold()
		}
	}
	return cv.Done()
}

// startFold builds the next fold's model and trainer.
func (cv *CrossValidation) startFold() error {
	cv.fold++
	if cv.fold >= len(cv.folds) {
		return nil
	}
	// The training rows: every row not in the fold, in the data's order
	// (the trainer shuffles them).
	valIdx := cv.folds[cv.fold]
	held := make([]bool, cv.d.Len())
	for _, i := range valIdx {
		held[i] = true
	}
	trainIdx := make([]int, 0, len(held)-len(valIdx))
	for i, h := range held {
		if !h {
			trainIdx = append(trainIdx, i)
		}
	}
	cv.train, cv.val = Subset(cv.d, trainIdx), Subset(cv.d, valIdx)
	m, err := cv.build(cv.fold)
	if err != nil {
		return fmtlite.Errorf("crossValidate: fold %d: %v", cv.fold, err)
	}
	if m == nil {
		return fmtlite.Errorf("crossValidate: fold %d: the model builder returned no model", cv.fold)
	}
	t, err := m.NewTrainer(cv.train.X, cv.train.Y, cv.cfg.Fit)
	if err != nil {
		return fmtlite.Errorf("crossValidate: fold %d: %v", cv.fold, err)
	}
	cv.m, cv.trainer = m, t
	return nil
}

// endFold evaluates the fold's model on the fold and records its logs.
func (cv *CrossValidation) endFold() error {
	h := cv.trainer.History()
	logs, err := cv.m.Evaluate(cv.val.X, cv.val.Y)
	if err != nil {
		return fmtlite.Errorf("crossValidate: fold %d: %v", cv.fold, err)
	}
	out := Logs{}
	for k, v := range logs {
		out["val_"+k] = v
	}
	for k, vs := range h.History {
		if len(vs) > 0 {
			out[k] = vs[len(vs)-1]
		}
	}
	cv.results = append(cv.results, FoldResult{Fold: cv.fold, Train: cv.train.Len(), Validation: cv.val.Len(), Logs: out, History: h})
	cv.trainer = nil
	return nil
}

// Result returns the folds' results and their means and standard
// deviations, or the error that stopped the cross-validation; before it is
// done, the folds finished so far.
func (cv *CrossValidation) Result() (*CrossValResult, error) {
	if cv.err != nil {
		return nil, cv.err
	}
	return summarizeFolds(cv.results), nil
}

// summarizeFolds computes the mean and sample standard deviation of every
// name the folds logged.
func summarizeFolds(folds []FoldResult) *CrossValResult {
	r := &CrossValResult{Folds: folds, Mean: Logs{}, Std: Logs{}}
	if len(folds) == 0 {
		return r
	}
	for k := range folds[0].Logs {
		var sum float64
		for _, f := range folds {
			sum += f.Logs[k]
		}
		mean := sum / float64(len(folds))
		var ss float64
		for _, f := range folds {
			d := f.Logs[k] - mean
			ss += d * d
		}
		r.Mean[k] = mean
		if len(folds) > 1 {
			r.Std[k] = math.Sqrt(ss / float64(len(folds)-1))
		} else {
			r.Std[k] = 0
		}
	}
	return r
}
