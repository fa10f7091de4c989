package core

import (
	"errors"
	"math"
	"strings"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
	"github.com/gotrain/gotrain/core/internal/strsort"
)

// FitConfig configures Fit and NewTrainer. The zero value is not usable:
// Epochs and BatchSize must be at least 1 (DefaultFitConfig gives Keras'
// defaults).
type FitConfig struct {
	// Epochs is the number of passes over the training data (≥ 1).
	Epochs int
	// BatchSize is the number of examples per update (≥ 1).
	BatchSize int
	// NoShuffle keeps the data order; the zero value shuffles the training
	// examples before every epoch, drawing from the model's seed.
	NoShuffle bool
	// ValidationSplit holds out this fraction of the examples, taken from the
	// end of x and y before shuffling as in Keras, in [0, 1). 0 holds out
	// nothing.
	ValidationSplit float64
	// ValidationX and ValidationY, when set, are validation data evaluated
	// after every epoch (they take precedence over ValidationSplit).
	ValidationX, ValidationY *mat.Dense
	// Callbacks are called in order at each event.
	Callbacks []Callbacks
	// NoTerminateOnNaN trains on when a batch's loss is NaN or infinite.
	// The zero value stops there, as Keras' and TF.js' terminateOnNaN
	// callback, with an error naming the epoch and batch (Trainer.Err),
	// the model keeping its last finite weights (guard.go).
	NoTerminateOnNaN bool
}

// DefaultFitConfig returns Keras' defaults: one epoch, batches of 32,
// shuffled, no validation.
func DefaultFitConfig() FitConfig { return FitConfig{Epochs: 1, BatchSize: 32} }

// MaxEpochs bounds FitConfig.Epochs.
const MaxEpochs = 1_000_000

// Callbacks are functions called during training; nil ones are skipped.
// Logs passed to them are reused between calls: copy what you keep.
type Callbacks struct {
	OnTrainBegin func(logs Logs)
	OnTrainEnd   func(logs Logs)
	OnEpochBegin func(epoch int, logs Logs)
	OnEpochEnd   func(epoch int, logs Logs)
	OnBatchBegin func(batch int, logs Logs)
	OnBatchEnd   func(batch int, logs Logs)
}

// History records every logged value per epoch, as Keras' History.
type History struct {
	// Epoch lists the epochs run, from 0.
	Epoch []int
	// History maps each logged name ("loss", "val_loss", ...) to one value
	// per epoch.
	History map[string][]float64
}

// Keys returns History's names, sorted.
func (h *History) Keys() []string {
	k := make([]string, 0, len(h.History))
	for n := range h.History {
		k = append(k, n)
	}
	strsort.Strings(k)
	return k
}

// Trainer runs fit in slices: each Run call does at most a given number of
// steps, so a caller can interleave training with other work (a page's
// event loop). A step is a training batch, or at the end of an epoch with
// validation data, the evaluation of predictBatch validation rows. Fit is
// NewTrainer followed by Run(0).
type Trainer struct {
	m          *Sequential
	cfg        FitConfig
	x, y       *mat.Dense
	xv, yv     *mat.Dense
	n, batches int
	perm       []int
	epoch      int
	batch      int // next batch within the epoch
	started    bool
	done       bool
	lossSum    float64
	tracker    *metricTracker
	batchLogs  Logs
	epochLogs  Logs
	history    *History
	val        *evaluation // the epoch's validation in progress, or nil
	err        error       // why training stopped early, or nil
}

// NewTrainer checks the data and configuration and prepares training of m
// on (x, y). Nothing is trained until Run.
func (m *Sequential) NewTrainer(x, y *mat.Dense, cfg FitConfig) (*Trainer, error) {
	if cfg.Epochs < 1 || cfg.Epochs > MaxEpochs {
		return nil, fmtlite.Errorf("fit: epochs must be between 1 and %d, got %d", MaxEpochs, cfg.Epochs)
	}
	if cfg.BatchSize < 1 {
		return nil, fmtlite.Errorf("fit: batchSize must be at least 1, got %d", cfg.BatchSize)
	}
	if !(cfg.ValidationSplit >= 0 && cfg.ValidationSplit < 1) {
		return nil, fmtlite.Errorf("fit: validationSplit must be in [0, 1), got %v", cfg.ValidationSplit)
	}
	if y == nil {
		return nil, errors.New("fit: y is empty")
	}
	if err := m.prepare("fit", x, y, true); err != nil {
		return nil, err
	}
	t := &Trainer{m: m, cfg: cfg, x: x, y: y}
	rows, _ := x.Dims()
	switch {
	case cfg.ValidationX != nil || cfg.ValidationY != nil:
		if cfg.ValidationX == nil || cfg.ValidationY == nil {
			return nil, errors.New("fit: validationData needs both x and y")
		}
		if err := m.prepare("fit: validationData", cfg.ValidationX, cfg.ValidationY, true); err != nil {
			return nil, err
		}
		t.xv, t.yv = cfg.ValidationX, cfg.ValidationY
	case cfg.ValidationSplit > 0:
		nv := int(float64(rows) * cfg.ValidationSplit)
		if nv < 1 || nv >= rows {
			return nil, fmtlite.Errorf("fit: validationSplit %v of %d rows leaves no validation or no training data", cfg.ValidationSplit, rows)
		}
		_, xc := x.Dims()
		_, yc := y.Dims()
		t.x = x.Slice(0, rows-nv, 0, xc).(*mat.Dense)
		t.y = y.Slice(0, rows-nv, 0, yc).(*mat.Dense)
		t.xv = x.Slice(rows-nv, rows, 0, xc).(*mat.Dense)
		t.yv = y.Slice(rows-nv, rows, 0, yc).(*mat.Dense)
	}
	t.n, _ = t.x.Dims()
	t.batches = (t.n + cfg.BatchSize - 1) / cfg.BatchSize
	batchRows := min(cfg.BatchSize, t.n)
	if t.xv != nil {
		nv, _ := t.xv.Dims()
		batchRows = max(batchRows, min(nv, predictBatch))
	}
	if err := m.reserveRun("fit", batchRows, true); err != nil {
		return nil, err
	}
	if err := CheckMemory("fit", "the rows' shuffled order", floatBytes(t.n)); err != nil {
		return nil, err
	}
	t.perm = identity(t.n)
	t.tracker = newMetricTracker(m.metrics, m.loss, m.OutputDim())
	t.batchLogs, t.epochLogs = Logs{}, Logs{}
	t.history = &History{History: map[string][]float64{}}
	return t, nil
}

// Fit trains m on (x, y) and returns the history. Set m.StopTraining from a
// callback to end early; what was learned is kept.
func (m *Sequential) Fit(x, y *mat.Dense, cfg FitConfig) (*History, error) {
	t, err := m.NewTrainer(x, y, cfg)
	if err != nil {
		return nil, err
	}
	t.Run(0)
	return t.History(), t.err
}

// Err returns why training stopped before its end (a non-finite loss), or
// nil.
func (t *Trainer) Err() error { return t.err }

// History returns the history so far.
func (t *Trainer) History() *History { return t.history }

// Done reports whether training has finished (all epochs, or stopped).
func (t *Trainer) Done() bool { return t.done }

// Epoch returns the current epoch (from 0) and Batch the next batch in it.
func (t *Trainer) Epoch() int { return t.epoch }

// Batch returns the index of the next batch within the current epoch.
func (t *Trainer) Batch() int { return t.batch }

// BatchesPerEpoch returns the number of batches in one epoch.
func (t *Trainer) BatchesPerEpoch() int { return t.batches }

// StepsPerEpoch returns the number of Run steps in one epoch: its batches,
// then one step per predictBatch (256) validation rows.
func (t *Trainer) StepsPerEpoch() int {
	steps := t.batches
	if t.xv != nil {
		nv, _ := t.xv.Dims()
		steps += (nv + predictBatch - 1) / predictBatch
	}
	return steps
}

// Stop ends training now, as if a callback had set StopTraining, calling
// OnTrainEnd if training had started.
//
// Stopped during an epoch's validation, it finishes that validation first,
// so that the trained epoch is recorded and its epoch-end callbacks run.
func (t *Trainer) Stop() {
	if !t.done && t.started {
		for t.val != nil {
			t.validationStep()
		}
		t.finish()
	}
	t.done = true
}

// Run does at most maxSteps steps (all remaining ones when maxSteps ≤ 0)
// and reports whether training is done. A step is a batch or a part of an
// epoch's validation: see StepsPerEpoch.
func (t *Trainer) Run(maxSteps int) bool {
	m := t.m
	if !t.started {
		t.started = true
		m.adaptIfNeeded(t.x)
		for _, c := range t.cfg.Callbacks {
			if c.OnTrainBegin != nil {
				c.OnTrainBegin(t.epochLogs)
			}
		}
	}
	for done := 0; !t.done && (maxSteps <= 0 || done < maxSteps); done++ {
		if t.val != nil {
			t.validationStep()
			continue
		}
		if m.StopTraining {
			t.finish()
			break
		}
		if t.batch == 0 {
			t.beginEpoch()
		}
		if !t.runBatch() {
			break
		}
		t.batch++
		if t.batch == t.batches || m.StopTraining {
			t.endEpoch()
		}
	}
	return t.done
}

func (t *Trainer) beginEpoch() {
	if !t.cfg.NoShuffle {
		// rand.Shuffle's Fisher-Yates, the same draws, without a call of
		// the swap function per element.
		perm, rng := t.perm, t.m.shuffleRNG
		for i := len(perm) - 1; i > 0; i-- {
			j := int(rng.Uint64N(uint64(i + 1)))
			perm[i], perm[j] = perm[j], perm[i]
		}
	}
	t.lossSum = 0
	t.tracker.reset()
	clear(t.epochLogs)
	for _, c := range t.cfg.Callbacks {
		if c.OnEpochBegin != nil {
			c.OnEpochBegin(t.epoch, t.epochLogs)
		}
	}
}

// identity returns [0, 1, ..., n-1].
func identity(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	return p
}

// runBatch trains on the next batch and reports whether training goes on:
// a non-finite loss (unless NoTerminateOnNaN) ends it with t.err set.
func (t *Trainer) runBatch() bool {
	m := t.m
	lo := t.batch * t.cfg.BatchSize
	hi := min(lo+t.cfg.BatchSize, t.n)
	if len(t.cfg.Callbacks) > 0 {
		t.batchBegin(hi - lo)
	}
	copyInto(&m.xb, t.x, t.perm, lo, hi)
	copyInto(&m.yb, t.y, t.perm, lo, hi)
	guard := !t.cfg.NoTerminateOnNaN
	loss, p := m.step(&m.xb, &m.yb, guard)
	if guard && !finiteLoss(loss) {
		t.err = m.nonFiniteLoss("fit", fmtlite.Sprintf("at epoch %d, batch %d ", t.epoch, t.batch), loss)
		t.finish()
		return false
	}
	t.lossSum += loss * float64(hi-lo)
	t.tracker.add(&m.yb, p)
	if len(t.cfg.Callbacks) > 0 {
		t.batchEnd(hi-lo, loss)
	}
	return true
}

// batchBegin and batchEnd call the batch callbacks of a batch of size rows.
func (t *Trainer) batchBegin(size int) {
	for _, c := range t.cfg.Callbacks {
		if c.OnBatchBegin != nil {
			clear(t.batchLogs)
			t.batchLogs["batch"], t.batchLogs["size"] = float64(t.batch), float64(size)
			c.OnBatchBegin(t.batch, t.batchLogs)
		}
	}
}

func (t *Trainer) batchEnd(size int, loss float64) {
	for _, c := range t.cfg.Callbacks {
		if c.OnBatchEnd != nil {
			clear(t.batchLogs)
			t.batchLogs["batch"], t.batchLogs["size"], t.batchLogs["loss"] = float64(t.batch), float64(size), loss
			c.OnBatchEnd(t.batch, t.batchLogs)
		}
	}
}

// endEpoch writes the epoch's training logs and starts its validation,
// which Run's next steps do; without validation data it completes the
// epoch at once.
func (t *Trainer) endEpoch() {
	seen := min(t.batch*t.cfg.BatchSize, t.n)
	t.epochLogs["loss"] = t.lossSum / float64(seen)
	t.tracker.write(t.epochLogs, "")
	if t.xv != nil {
		t.val = t.m.newEvaluation(t.xv, t.yv)
		return
	}
	t.completeEpoch()
}

// validationStep evaluates the next rows of the epoch's validation and,
// after the last, writes the val_ logs and completes the epoch.
func (t *Trainer) validationStep() {
	if t.val.step() {
		t.val.write(t.epochLogs, "val_")
		t.val = nil
		t.completeEpoch()
	}
}

// completeEpoch records the epoch's logs, calls the epoch-end callbacks and
// finishes training after the last epoch or when StopTraining is set.
func (t *Trainer) completeEpoch() {
	t.history.Epoch = append(t.history.Epoch, t.epoch)
	for k, v := range t.epochLogs {
		t.history.History[k] = append(t.history.History[k], v)
	}
	for _, c := range t.cfg.Callbacks {
		if c.OnEpochEnd != nil {
			c.OnEpochEnd(t.epoch, t.epochLogs)
		}
	}
	t.epoch++
	t.batch = 0
	if t.epoch == t.cfg.Epochs || t.m.StopTraining {
		t.finish()
	}
}

// finish ends training: it calls the train-end callbacks and clears
// StopTraining, so that a stop asked before the trainer's first Run (or by
// a callback) ends this training, and the next one starts afresh.
func (t *Trainer) finish() {
	if t.done {
		return
	}
	t.done = true
	for _, c := range t.cfg.Callbacks {
		if c.OnTrainEnd != nil {
			c.OnTrainEnd(t.epochLogs)
		}
	}
	t.m.StopTraining = false
}

// EarlyStoppingConfig configures EarlyStopping (Keras' EarlyStopping).
type EarlyStoppingConfig struct {
	// Monitor is the logged value to watch; "" means "val_loss".
	Monitor string
	// MinDelta is the smallest change that counts as an improvement.
	MinDelta float64
	// Patience is how many epochs in a row without improvement stop
	// training; 0 and 1 both stop at the first epoch that does not improve.
	Patience int
	// Mode says which direction is better, as Keras' mode: "" or "auto"
	// maximises monitors whose name contains "acc", "precision", "recall"
	// or "f1" and minimises the rest; "min" and "max" force a direction.
	Mode string
	// RestoreBestWeights puts back the weights of the best epoch on stop.
	RestoreBestWeights bool
}

// EarlyStopping returns callbacks that stop m's training when the monitored
// value stops improving.
func EarlyStopping(m *Sequential, cfg EarlyStoppingConfig) Callbacks {
	monitor := cfg.Monitor
	if monitor == "" {
		monitor = "val_loss"
	}
	maximize := cfg.Mode == "max"
	if cfg.Mode == "" || cfg.Mode == "auto" {
		for _, s := range []string{"acc", "precision", "recall", "f1"} {
			if strings.Contains(monitor, s) {
				maximize = true
			}
		}
	}
	var best float64
	var wait int
	var bestWeights []Weights
	return Callbacks{
		OnTrainBegin: func(Logs) { best, wait, bestWeights = math.Inf(1), 0, nil },
		OnEpochEnd: func(_ int, logs Logs) {
			v, ok := logs[monitor]
			if !ok {
				return
			}
			if maximize {
				v = -v
			}
			if v < best-math.Abs(cfg.MinDelta) {
				best, wait = v, 0
				if cfg.RestoreBestWeights {
					bestWeights = m.GetWeights()
				}
				return
			}
			wait++
			if wait >= cfg.Patience {
				m.StopTraining = true
				if cfg.RestoreBestWeights && bestWeights != nil {
					_ = m.SetWeights(bestWeights) // same model: cannot fail
				}
			}
		},
	}
}
