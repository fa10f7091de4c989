package core_test

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// gtBinaryModel is a small 2-8-1 classifier compiled with adam and BCE.
func gtBinaryModel(t testing.TB, seed uint64, metrics ...string) *core.Sequential {
	t.Helper()
	m := gtModel(t, seed, 2, gtLayer{8, core.ReLU}, gtLayer{1, core.Sigmoid})
	gtCompile(t, m, gtOptimizer(t, "adam", 0.01), core.BinaryCrossentropy, metrics...)
	return m
}

// gtBatchRecorder records every batch's size and loss.
type gtBatchRecorder struct {
	sizes  []int
	losses []float64
}

func (r *gtBatchRecorder) callbacks() core.Callbacks {
	return core.Callbacks{OnBatchEnd: func(_ int, logs core.Logs) {
		r.sizes = append(r.sizes, int(logs["size"]))
		r.losses = append(r.losses, logs["loss"])
	}}
}

func TestFitEpochsAndBatchSizes(t *testing.T) {
	tests := []struct {
		n, batch, epochs int
		wantSizes        []int // per epoch
	}{
		{n: 10, batch: 5, epochs: 2, wantSizes: []int{5, 5}},
		{n: 10, batch: 4, epochs: 3, wantSizes: []int{4, 4, 2}}, // last batch partial
		{n: 7, batch: 32, epochs: 1, wantSizes: []int{7}},       // batch larger than the data
		{n: 5, batch: 1, epochs: 2, wantSizes: []int{1, 1, 1, 1, 1}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("n=%d batch=%d epochs=%d", tc.n, tc.batch, tc.epochs), func(t *testing.T) {
			d := gtData(t, "gaussian", tc.n, 0.1, 1)
			m := gtBinaryModel(t, 1, "accuracy")
			var rec gtBatchRecorder
			h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: tc.epochs, BatchSize: tc.batch, Callbacks: []core.Callbacks{rec.callbacks()}})
			if err != nil {
				t.Fatalf("Fit: %v", err)
			}
			var want []int
			for range tc.epochs {
				want = append(want, tc.wantSizes...)
			}
			if !slices.Equal(rec.sizes, want) {
				t.Errorf("batch sizes: got %v, want %v", rec.sizes, want)
			}
			if got := m.Optimizer().Iterations(); got != len(want) {
				t.Errorf("optimizer steps: got %d, want %d", got, len(want))
			}
			wantEpochs := make([]int, tc.epochs)
			for i := range wantEpochs {
				wantEpochs[i] = i
			}
			if !slices.Equal(h.Epoch, wantEpochs) {
				t.Errorf("History.Epoch: got %v, want %v", h.Epoch, wantEpochs)
			}
			// An epoch's loss is the mean of its batches' losses weighted by size.
			per := len(tc.wantSizes)
			for e := range tc.epochs {
				var s float64
				for b := range per {
					s += rec.losses[e*per+b] * float64(rec.sizes[e*per+b])
				}
				if got, want := h.History["loss"][e], s/float64(tc.n); math.Abs(got-want) > 1e-12 {
					t.Errorf("epoch %d loss: got %v, want the weighted batch mean %v", e, got, want)
				}
			}
		})
	}
}

// TestShuffle trains with learning rate 0 and batches of one, so that each
// batch loss is the loss of one example and reveals the order of the data.
func TestShuffle(t *testing.T) {
	const n = 12
	d := gtData(t, "moons", n, 0.1, 3)
	setup := func(seed uint64, w []core.Weights) *core.Sequential {
		m := gtModel(t, seed, 2, gtLayer{4, core.Tanh}, gtLayer{1, core.Sigmoid})
		gtCompile(t, m, gtOptimizer(t, "sgd", 0), core.BinaryCrossentropy) // lr 0 (gtOptimizer keeps defaults for 0)
		if err := m.Optimizer().SetLearningRate(0); err != nil {
			t.Fatal(err)
		}
		if w != nil {
			if err := m.SetWeights(w); err != nil {
				t.Fatal(err)
			}
		}
		return m
	}
	ref := setup(1, nil)
	w := ref.GetWeights()
	perExample := make([]float64, n)
	for i := range n {
		logs, err := ref.Evaluate(gtRows(d.X, i, i+1), gtRows(d.Y, i, i+1))
		if err != nil {
			t.Fatal(err)
		}
		perExample[i] = logs["loss"]
	}
	run := func(seed uint64, noShuffle bool) []float64 {
		m := setup(seed, w)
		var rec gtBatchRecorder
		if _, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 3, BatchSize: 1, NoShuffle: noShuffle, Callbacks: []core.Callbacks{rec.callbacks()}}); err != nil {
			t.Fatal(err)
		}
		return rec.losses
	}
	epoch := func(l []float64, e int) []float64 { return l[e*n : (e+1)*n] }
	same := func(a, b []float64) bool {
		for i := range a {
			if math.Abs(a[i]-b[i]) > 1e-12 {
				return false
			}
		}
		return true
	}
	sorted := func(v []float64) []float64 { v = slices.Clone(v); slices.Sort(v); return v }

	noShuffle := run(1, true)
	for e := range 3 {
		if got := epoch(noShuffle, e); !same(got, perExample) {
			t.Errorf("NoShuffle epoch %d: got losses %v, want the data order %v", e, got, perExample)
		}
	}
	shuffled := run(1, false)
	for e := range 3 {
		got := epoch(shuffled, e)
		if !same(sorted(got), sorted(perExample)) {
			t.Errorf("shuffled epoch %d: got %v, want a permutation of %v", e, got, perExample)
		}
		if same(got, perExample) {
			t.Errorf("shuffled epoch %d: got the data order, want a shuffle", e)
		}
	}
	if same(epoch(shuffled, 0), epoch(shuffled, 1)) {
		t.Error("shuffled epochs 0 and 1: got the same order, want a new shuffle per epoch")
	}
	if again := run(1, false); !slices.Equal(again, shuffled) {
		t.Error("same seed: got a different shuffle, want the same")
	}
	if other := run(2, false); same(other, shuffled) {
		t.Error("different seed: got the same shuffle, want another")
	}
}

func TestValidationSplit(t *testing.T) {
	tests := []struct {
		n      int
		split  float64
		wantNV int
	}{
		{n: 10, split: 0.2, wantNV: 2},
		{n: 10, split: 0.25, wantNV: 2},
		{n: 100, split: 0.5, wantNV: 50},
		{n: 7, split: 0.15, wantNV: 1},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("n=%d split=%v", tc.n, tc.split), func(t *testing.T) {
			d := gtData(t, "circle", tc.n, 0.1, 4)
			m := gtBinaryModel(t, 2, "accuracy", "mse")
			var rec gtBatchRecorder
			h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 1, BatchSize: 1, NoShuffle: true, ValidationSplit: tc.split,
				Callbacks: []core.Callbacks{rec.callbacks()}})
			if err != nil {
				t.Fatalf("Fit: %v", err)
			}
			if got, want := len(rec.sizes), tc.n-tc.wantNV; got != want {
				t.Errorf("training examples: got %d, want %d", got, want)
			}
			if got, want := h.Keys(), []string{"accuracy", "loss", "mse", "val_accuracy", "val_loss", "val_mse"}; !slices.Equal(got, want) {
				t.Errorf("History keys: got %v, want %v", got, want)
			}
			// The validation rows are the END of the data: evaluating them
			// with the final weights gives the logged values.
			logs, err := m.Evaluate(gtRows(d.X, tc.n-tc.wantNV, tc.n), gtRows(d.Y, tc.n-tc.wantNV, tc.n))
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"loss", "accuracy", "mse"} {
				if got, want := h.History["val_"+k][0], logs[k]; math.Abs(got-want) > 1e-12 {
					t.Errorf("val_%s: got %v, want %v (Evaluate on the last %d rows)", k, got, want, tc.wantNV)
				}
			}
		})
	}
}

func TestValidationSplitTrainsOnTheStartOnly(t *testing.T) {
	// With learning rate 0 and no shuffle, batch losses are the losses of
	// the first rows, in order.
	d := gtData(t, "xor", 10, 0.1, 5)
	m := gtModel(t, 1, 2, gtLayer{4, core.Tanh}, gtLayer{1, core.Sigmoid})
	gtCompile(t, m, gtOptimizer(t, "sgd", 0), core.BinaryCrossentropy)
	if err := m.Optimizer().SetLearningRate(0); err != nil {
		t.Fatal(err)
	}
	var rec gtBatchRecorder
	if _, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 1, BatchSize: 1, NoShuffle: true, ValidationSplit: 0.3,
		Callbacks: []core.Callbacks{rec.callbacks()}}); err != nil {
		t.Fatal(err)
	}
	if len(rec.losses) != 7 {
		t.Fatalf("batches: got %d, want 7", len(rec.losses))
	}
	for i, got := range rec.losses {
		logs, _ := m.Evaluate(gtRows(d.X, i, i+1), gtRows(d.Y, i, i+1))
		if want := logs["loss"]; math.Abs(got-want) > 1e-12 {
			t.Errorf("batch %d: got loss %v, want row %d's %v", i, got, i, want)
		}
	}
}

func TestValidationData(t *testing.T) {
	d := gtData(t, "moons", 40, 0.1, 6)
	v := gtData(t, "moons", 15, 0.1, 7)
	m := gtBinaryModel(t, 3, "accuracy", "precision", "recall", "f1")
	var rec gtBatchRecorder
	h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 2, BatchSize: 8, ValidationX: v.X, ValidationY: v.Y,
		ValidationSplit: 0.5, // ignored: validation data take precedence
		Callbacks:       []core.Callbacks{rec.callbacks()}})
	if err != nil {
		t.Fatalf("Fit: %v", err)
	}
	if got := len(rec.sizes); got != 10 {
		t.Errorf("batches over 2 epochs of 40 rows: got %d, want 10 (validationSplit ignored)", got)
	}
	want := []string{"accuracy", "f1", "loss", "precision", "recall", "val_accuracy", "val_f1", "val_loss", "val_precision", "val_recall"}
	if got := h.Keys(); !slices.Equal(got, want) {
		t.Errorf("History keys: got %v, want %v", got, want)
	}
	logs, err := m.Evaluate(v.X, v.Y)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range logs {
		if got := h.History["val_"+k][1]; math.Abs(got-want) > 1e-12 {
			t.Errorf("val_%s after the last epoch: got %v, want Evaluate's %v", k, got, want)
		}
	}
}

// gtEventRecorder records callback events as strings.
type gtEventRecorder struct {
	tag    string
	events *[]string
}

func (r gtEventRecorder) callbacks() core.Callbacks {
	add := func(s string) { *r.events = append(*r.events, r.tag+s) }
	return core.Callbacks{
		OnTrainBegin: func(core.Logs) { add("trainBegin") },
		OnTrainEnd:   func(core.Logs) { add("trainEnd") },
		OnEpochBegin: func(e int, _ core.Logs) { add(fmt.Sprintf("epochBegin %d", e)) },
		OnEpochEnd:   func(e int, _ core.Logs) { add(fmt.Sprintf("epochEnd %d", e)) },
		OnBatchBegin: func(b int, _ core.Logs) { add(fmt.Sprintf("batchBegin %d", b)) },
		OnBatchEnd:   func(b int, _ core.Logs) { add(fmt.Sprintf("batchEnd %d", b)) },
	}
}

func TestCallbackOrder(t *testing.T) {
	d := gtData(t, "gaussian", 5, 0.1, 1)
	m := gtBinaryModel(t, 1)
	var events []string
	// A callback with only some functions set, between two full ones.
	partial := core.Callbacks{OnEpochEnd: func(e int, _ core.Logs) { events = append(events, fmt.Sprintf("P epochEnd %d", e)) }}
	cbs := []core.Callbacks{gtEventRecorder{"A ", &events}.callbacks(), partial, gtEventRecorder{"B ", &events}.callbacks()}
	if _, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 2, BatchSize: 2, Callbacks: cbs}); err != nil {
		t.Fatal(err)
	}
	both := func(s string) []string { return []string{"A " + s, "B " + s} }
	var want []string
	want = append(want, both("trainBegin")...)
	for e := range 2 {
		want = append(want, both(fmt.Sprintf("epochBegin %d", e))...)
		for b := range 3 {
			want = append(want, both(fmt.Sprintf("batchBegin %d", b))...)
			want = append(want, both(fmt.Sprintf("batchEnd %d", b))...)
		}
		want = append(want, "A "+fmt.Sprintf("epochEnd %d", e), fmt.Sprintf("P epochEnd %d", e), "B "+fmt.Sprintf("epochEnd %d", e))
	}
	want = append(want, both("trainEnd")...)
	if !slices.Equal(events, want) {
		t.Errorf("events:\n got %v\nwant %v", strings.Join(events, ", "), strings.Join(want, ", "))
	}
}

func TestCallbackLogs(t *testing.T) {
	d := gtData(t, "gaussian", 6, 0.1, 1)
	m := gtBinaryModel(t, 1, "accuracy")
	keys := func(l core.Logs) string {
		k := make([]string, 0, len(l))
		for n := range l {
			k = append(k, n)
		}
		slices.Sort(k)
		return strings.Join(k, ",")
	}
	got := map[string]string{}
	var epochLosses []float64
	cb := core.Callbacks{
		OnBatchBegin: func(_ int, l core.Logs) { got["batchBegin"] = keys(l) },
		OnBatchEnd:   func(_ int, l core.Logs) { got["batchEnd"] = keys(l) },
		OnEpochEnd: func(_ int, l core.Logs) {
			got["epochEnd"] = keys(l)
			epochLosses = append(epochLosses, l["loss"])
		},
	}
	h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 3, BatchSize: 4, ValidationSplit: 0.34, Callbacks: []core.Callbacks{cb}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"batchBegin": "batch,size",
		"batchEnd":   "batch,loss,size",
		"epochEnd":   "accuracy,loss,val_accuracy,val_loss",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("log keys: got %v, want %v", got, want)
	}
	if !slices.Equal(epochLosses, h.History["loss"]) {
		t.Errorf("epoch-end losses: got %v, want History's %v", epochLosses, h.History["loss"])
	}
}

func TestStopTrainingFromCallback(t *testing.T) {
	tests := []struct {
		name      string
		stopAt    string // "batch" or "epoch"
		epoch, at int
		wantSteps int
		wantEpoch int // epochs in History
	}{
		{"after a batch in the first epoch", "batch", 0, 1, 2, 1},
		{"after a batch in the second epoch", "batch", 1, 0, 4, 2},
		{"after the last batch of an epoch", "batch", 0, 2, 3, 1},
		{"after an epoch", "epoch", 1, 0, 6, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := gtData(t, "circle", 10, 0.1, 1) // 3 batches of 4, 4, 2
			m := gtBinaryModel(t, 4)
			before := m.GetWeights()
			var atStop []core.Weights
			epoch, trainEnds := 0, 0
			cb := core.Callbacks{
				OnEpochBegin: func(e int, _ core.Logs) { epoch = e },
				OnBatchEnd: func(b int, _ core.Logs) {
					if tc.stopAt == "batch" && epoch == tc.epoch && b == tc.at {
						m.StopTraining = true
						atStop = m.GetWeights()
					}
				},
				OnEpochEnd: func(e int, _ core.Logs) {
					if tc.stopAt == "epoch" && e == tc.epoch {
						m.StopTraining = true
						atStop = m.GetWeights()
					}
				},
				OnTrainEnd: func(core.Logs) { trainEnds++ },
			}
			h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 10, BatchSize: 4, Callbacks: []core.Callbacks{cb}})
			if err != nil {
				t.Fatal(err)
			}
			if got := m.Optimizer().Iterations(); got != tc.wantSteps {
				t.Errorf("steps: got %d, want %d", got, tc.wantSteps)
			}
			if got := len(h.Epoch); got != tc.wantEpoch || len(h.History["loss"]) != tc.wantEpoch {
				t.Errorf("History epochs: got %d (%d losses), want %d", got, len(h.History["loss"]), tc.wantEpoch)
			}
			if trainEnds != 1 {
				t.Errorf("OnTrainEnd calls: got %d, want 1", trainEnds)
			}
			after := m.GetWeights()
			if gtSameWeights(after, before) {
				t.Error("weights after a stopped fit: got the initial weights, want what was learned")
			}
			if !gtSameWeights(after, atStop) {
				t.Error("weights after a stopped fit: got a change after the stop, want the weights at the stop")
			}
			// The next fit starts afresh.
			h2, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 2, BatchSize: 4})
			if err != nil {
				t.Fatal(err)
			}
			if len(h2.Epoch) != 2 {
				t.Errorf("fit after a stopped fit: got %d epochs, want 2", len(h2.Epoch))
			}
		})
	}
}

func TestEarlyStoppingRules(t *testing.T) {
	tests := []struct {
		name     string
		cfg      core.EarlyStoppingConfig
		monitor  string // key written into the logs
		values   []float64
		wantStop int // epoch at which StopTraining is set; -1 never
	}{
		{"default monitor val_loss, patience 0", core.EarlyStoppingConfig{}, "val_loss", []float64{1, 0.9, 0.95, 0.5}, 2},
		{"patience 1 is patience 0", core.EarlyStoppingConfig{Patience: 1}, "val_loss", []float64{1, 0.9, 0.95, 0.5}, 2},
		{"patience 2 waits", core.EarlyStoppingConfig{Patience: 2}, "val_loss", []float64{1, 0.9, 0.95, 0.5, 0.6, 0.6}, 5},
		{"patience 2 resets on improvement", core.EarlyStoppingConfig{Patience: 2}, "val_loss", []float64{1, 1.1, 0.9, 1.1, 0.8, 0.9}, -1},
		{"equal is no improvement", core.EarlyStoppingConfig{Patience: 2}, "val_loss", []float64{1, 1, 1}, 2},
		{"minDelta ignores small gains", core.EarlyStoppingConfig{Patience: 2, MinDelta: 0.1}, "val_loss", []float64{1, 0.95, 0.91, 0.5}, 2},
		{"negative minDelta counts as positive", core.EarlyStoppingConfig{Patience: 2, MinDelta: -0.1}, "val_loss", []float64{1, 0.95, 0.91, 0.5}, 2},
		{"minDelta lets big gains through", core.EarlyStoppingConfig{Patience: 2, MinDelta: 0.1}, "val_loss", []float64{1, 0.8, 0.6, 0.4}, -1},
		{"loss monitor", core.EarlyStoppingConfig{Monitor: "loss", Patience: 1}, "loss", []float64{3, 2, 2.5}, 2},
		{"accuracy is maximised", core.EarlyStoppingConfig{Monitor: "val_accuracy", Patience: 2}, "val_accuracy", []float64{0.5, 0.6, 0.7, 0.65, 0.69}, 4},
		{"accuracy rising never stops", core.EarlyStoppingConfig{Monitor: "accuracy"}, "accuracy", []float64{0.5, 0.6, 0.7, 0.8}, -1},
		{"mode max", core.EarlyStoppingConfig{Monitor: "score", Mode: "max"}, "score", []float64{1, 2, 1.5}, 2},
		{"mode min overrides an accuracy name", core.EarlyStoppingConfig{Monitor: "val_accuracy", Mode: "min"}, "val_accuracy", []float64{0.5, 0.4, 0.6}, 2},
		{"f1 is maximised", core.EarlyStoppingConfig{Monitor: "val_f1"}, "val_f1", []float64{0.2, 0.3, 0.1}, 2},
		{"missing monitor never stops", core.EarlyStoppingConfig{Monitor: "val_loss"}, "loss", []float64{1, 2, 3}, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := gtBinaryModel(t, 1)
			es := core.EarlyStopping(m, tc.cfg)
			es.OnTrainBegin(core.Logs{})
			got := -1
			for e, v := range tc.values {
				es.OnEpochEnd(e, core.Logs{tc.monitor: v})
				if m.StopTraining {
					got = e
					break
				}
			}
			if got != tc.wantStop {
				t.Errorf("stop epoch for %v: got %d, want %d", tc.values, got, tc.wantStop)
			}
		})
	}
}

func TestEarlyStoppingInFit(t *testing.T) {
	// A callback before EarlyStopping writes a scripted "score" into the
	// epoch logs (callbacks share them, in order) and records the weights.
	tests := []struct {
		name       string
		scores     []float64
		cfg        core.EarlyStoppingConfig
		wantEpochs int
		wantBest   int // epoch whose weights remain; -1 for the last
	}{
		{"stop, keep last weights", []float64{3, 2, 1, 1.5, 1.2, 1.1, 0}, core.EarlyStoppingConfig{Monitor: "score", Patience: 3}, 6, -1},
		{"stop, restore best", []float64{3, 2, 1, 1.5, 1.2, 1.1, 0}, core.EarlyStoppingConfig{Monitor: "score", Patience: 3, RestoreBestWeights: true}, 6, 2},
		{"no stop, no restore", []float64{3, 2, 1, 1.5, 1.2}, core.EarlyStoppingConfig{Monitor: "score", Patience: 3, RestoreBestWeights: true}, 5, -1},
		{"accuracy-like, restore best", []float64{0.1, 0.9, 0.8, 0.85}, core.EarlyStoppingConfig{Monitor: "score_acc", Patience: 2, RestoreBestWeights: true}, 4, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := gtData(t, "xor", 20, 0.1, 1)
			m := gtBinaryModel(t, 9, "accuracy")
			var perEpoch [][]core.Weights
			script := core.Callbacks{OnEpochEnd: func(e int, logs core.Logs) {
				logs[tc.cfg.Monitor] = tc.scores[e]
				perEpoch = append(perEpoch, m.GetWeights())
			}}
			h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: len(tc.scores), BatchSize: 8,
				Callbacks: []core.Callbacks{script, core.EarlyStopping(m, tc.cfg)}})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(h.Epoch); got != tc.wantEpochs {
				t.Errorf("epochs run: got %d, want %d", got, tc.wantEpochs)
			}
			want := perEpoch[len(perEpoch)-1]
			if tc.wantBest >= 0 {
				want = perEpoch[tc.wantBest]
			}
			if !gtSameWeights(m.GetWeights(), want) {
				t.Errorf("final weights: got other weights, want those of epoch %d", tc.wantBest)
			}
		})
	}
}

func TestEarlyStoppingOnRealValidationLoss(t *testing.T) {
	// Fitting noise: val_loss soon stops improving, and training ends long
	// before the epoch budget.
	d := gtData(t, "gaussian", 200, 1, 11)
	m := gtModel(t, 2, 2, gtLayer{64, core.ReLU}, gtLayer{64, core.ReLU}, gtLayer{1, core.Sigmoid})
	gtCompile(t, m, gtOptimizer(t, "adam", 0.01), core.BinaryCrossentropy, "accuracy")
	h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 500, BatchSize: 16, ValidationSplit: 0.3,
		Callbacks: []core.Callbacks{core.EarlyStopping(m, core.EarlyStoppingConfig{Patience: 5, RestoreBestWeights: true})}})
	if err != nil {
		t.Fatal(err)
	}
	n := len(h.Epoch)
	if n >= 500 {
		t.Fatalf("epochs: got %d, want an early stop", n)
	}
	vl := h.History["val_loss"]
	best := slices.Min(vl)
	if i := slices.Index(vl, best); i != n-6 {
		t.Errorf("best val_loss at epoch %d of %d: want it %d epochs before the stop", i, n, 5)
	}
	logs, _ := m.Evaluate(gtRows(d.X, 140, 200), gtRows(d.Y, 140, 200))
	if math.Abs(logs["loss"]-best) > 1e-12 {
		t.Errorf("val_loss with restored weights: got %v, want the best %v", logs["loss"], best)
	}
	t.Logf("stopped after %d epochs, best val_loss %.4f", n, best)
}

func TestHistory(t *testing.T) {
	tests := []struct {
		name     string
		metrics  []string
		validate bool
		want     []string
	}{
		{"loss only", nil, false, []string{"loss"}},
		{"acc alias", []string{"acc"}, false, []string{"acc", "loss"}},
		{"validated", []string{"accuracy", "mae"}, true, []string{"accuracy", "loss", "mae", "val_accuracy", "val_loss", "val_mae"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := gtData(t, "circle", 50, 0.1, 2)
			m := gtBinaryModel(t, 1, tc.metrics...)
			cfg := core.FitConfig{Epochs: 4, BatchSize: 16}
			if tc.validate {
				cfg.ValidationSplit = 0.2
			}
			var logged []core.Logs
			cfg.Callbacks = []core.Callbacks{{OnEpochEnd: func(_ int, l core.Logs) {
				c := core.Logs{}
				for k, v := range l {
					c[k] = v
				}
				logged = append(logged, c)
			}}}
			h, err := m.Fit(d.X, d.Y, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.Keys(); !slices.Equal(got, tc.want) {
				t.Errorf("Keys: got %v, want %v", got, tc.want)
			}
			if !slices.Equal(h.Epoch, []int{0, 1, 2, 3}) {
				t.Errorf("Epoch: got %v, want [0 1 2 3]", h.Epoch)
			}
			for _, k := range tc.want {
				if len(h.History[k]) != 4 {
					t.Errorf("History[%s]: got %d values, want 4", k, len(h.History[k]))
					continue
				}
				for e := range 4 {
					if got, want := h.History[k][e], logged[e][k]; got != want {
						t.Errorf("History[%s][%d]: got %v, want the logged %v", k, e, got, want)
					}
				}
			}
			if l := h.History["loss"]; l[3] >= l[0] {
				t.Errorf("loss: got %v, want it to fall", l)
			}
		})
	}
}

// gtRunSetup is a model and data for comparing Trainer.Run with Fit: dropout,
// shuffling, validation, a partial last batch.
func gtRunSetup(t testing.TB, seed uint64) (*core.Sequential, *mat.Dense, *mat.Dense) {
	t.Helper()
	d := gtData(t, "spiral", 103, 0.05, 3)
	m := core.NewSequential(seed)
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 16, Activation: core.ReLU, InputDim: 2}))
	drop, err := core.NewDropout(0.2)
	if err != nil {
		t.Fatal(err)
	}
	gtAdd(t, m, drop)
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
	gtCompile(t, m, gtOptimizer(t, "adam", 0.01), core.BinaryCrossentropy, "accuracy", "f1")
	return m, d.X, d.Y
}

func TestTrainerRunInSlicesEqualsFit(t *testing.T) {
	cfg := core.FitConfig{Epochs: 5, BatchSize: 10, ValidationSplit: 0.2}
	ref, x, y := gtRunSetup(t, 21)
	want, err := ref.Fit(x, y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, slice := range []int{1, 3, 7, 9, 1000} {
		t.Run(fmt.Sprintf("Run(%d)", slice), func(t *testing.T) {
			m, x, y := gtRunSetup(t, 21)
			tr, err := m.NewTrainer(x, y, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if got := tr.BatchesPerEpoch(); got != 9 { // 83 training rows
				t.Errorf("BatchesPerEpoch: got %d, want 9", got)
			}
			calls, steps := 0, 0
			for !tr.Done() {
				before := m.Optimizer().Iterations()
				done := tr.Run(slice)
				calls++
				if n := m.Optimizer().Iterations() - before; n > slice {
					t.Fatalf("Run(%d) did %d batches", slice, n)
				}
				steps = m.Optimizer().Iterations()
				if done != tr.Done() {
					t.Fatalf("Run returned %v but Done is %v", done, tr.Done())
				}
				if calls > 1000 {
					t.Fatal("Run never finished")
				}
			}
			// Run's steps: 9 batches and one validation step (21 rows, below
			// predictBatch) per epoch.
			if wantCalls := (50 + slice - 1) / slice; calls != wantCalls {
				t.Errorf("Run calls: got %d, want %d", calls, wantCalls)
			}
			if steps != 45 {
				t.Errorf("steps: got %d, want 45", steps)
			}
			if !gtSameWeights(m.GetWeights(), ref.GetWeights()) {
				t.Error("weights: got different weights from one Fit, want the same bits")
			}
			if got := tr.History(); !reflect.DeepEqual(got, want) {
				t.Errorf("history:\n got %v\nwant %v", got, want)
			}
			if tr.Run(3) != true || m.Optimizer().Iterations() != 45 {
				t.Error("Run after done: got more training, want none")
			}
		})
	}
}

func TestTrainerProgressAndStop(t *testing.T) {
	m, x, y := gtRunSetup(t, 1)
	ends := 0
	tr, err := m.NewTrainer(x, y, core.FitConfig{Epochs: 3, BatchSize: 40,
		Callbacks: []core.Callbacks{{OnTrainEnd: func(core.Logs) { ends++ }}}})
	if err != nil {
		t.Fatal(err)
	}
	type pos struct{ epoch, batch int }
	var got []pos
	for range 4 {
		tr.Run(1)
		got = append(got, pos{tr.Epoch(), tr.Batch()})
	}
	// 103 rows in batches of 40: 3 per epoch.
	if want := []pos{{0, 1}, {0, 2}, {1, 0}, {1, 1}}; !slices.Equal(got, want) {
		t.Errorf("Epoch/Batch after each Run(1): got %v, want %v", got, want)
	}
	tr.Stop()
	if !tr.Done() || ends != 1 {
		t.Errorf("after Stop: Done %v, OnTrainEnd calls %d; want true, 1", tr.Done(), ends)
	}
	tr.Stop()
	tr.Run(0)
	if ends != 1 || m.Optimizer().Iterations() != 4 {
		t.Errorf("after Stop, Stop and Run: OnTrainEnd calls %d, steps %d; want 1, 4", ends, m.Optimizer().Iterations())
	}
	if got := len(tr.History().Epoch); got != 1 {
		t.Errorf("History epochs: got %d, want 1", got)
	}
}

func TestFitContinuesFromLastFit(t *testing.T) {
	// Two fits of 2 epochs each with NoShuffle give the same weights as one
	// of 4 epochs (the optimizer state carries over, as in Keras).
	d := gtData(t, "moons", 64, 0.1, 1)
	a, b := gtBinaryModel(t, 5), gtBinaryModel(t, 5)
	cfg := core.FitConfig{Epochs: 2, BatchSize: 16, NoShuffle: true}
	for range 2 {
		if _, err := a.Fit(d.X, d.Y, cfg); err != nil {
			t.Fatal(err)
		}
	}
	cfg.Epochs = 4
	if _, err := b.Fit(d.X, d.Y, cfg); err != nil {
		t.Fatal(err)
	}
	if !gtSameWeights(a.GetWeights(), b.GetWeights()) {
		t.Error("2+2 epochs vs 4: got different weights, want the same")
	}
	if a.Optimizer().Iterations() != 16 {
		t.Errorf("steps: got %d, want 16", a.Optimizer().Iterations())
	}
}

// TestTrainerValidationInSteps checks that validation is spread over Run's
// steps, predictBatch rows each, so that a large validation set does not
// make one long slice, and that the result equals one Fit's bit for bit.
func TestTrainerValidationInSteps(t *testing.T) {
	d := gtData(t, "circle", 700, 0.1, 3)
	build := func() *core.Sequential {
		m := core.NewSequential(4)
		gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 4, Activation: core.ReLU, InputDim: 2}))
		gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
		gtCompile(t, m, gtOptimizer(t, "adam", 0.01), core.BinaryCrossentropy, "accuracy")
		return m
	}
	// 100 training rows in 2 batches of 50; 600 validation rows: 3 steps of
	// at most 256 rows.
	cfg := core.FitConfig{Epochs: 2, BatchSize: 50, ValidationSplit: 600.0 / 700}
	want, err := build().Fit(d.X, d.Y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	m := build()
	tr, err := m.NewTrainer(d.X, d.Y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	type state struct{ epoch, batch, iters int }
	var got []state
	for !tr.Run(1) {
		got = append(got, state{tr.Epoch(), tr.Batch(), m.Optimizer().Iterations()})
	}
	// Per epoch: two batches, then three validation steps, the last of
	// which ends the epoch (and, in the last epoch, training).
	wantStates := []state{{0, 1, 1}, {0, 2, 2}, {0, 2, 2}, {0, 2, 2}, {1, 0, 2}, {1, 1, 3}, {1, 2, 4}, {1, 2, 4}, {1, 2, 4}}
	if !reflect.DeepEqual(got, wantStates) {
		t.Errorf("(epoch, batch, optimizer steps) after each Run(1):\n got %v\nwant %v", got, wantStates)
	}
	if !reflect.DeepEqual(tr.History(), want) {
		t.Errorf("history:\n got %v\nwant %v", tr.History(), want)
	}
}

// TestTrainerStopDuringValidation checks that Stop between Run's steps in
// an epoch's validation finishes that validation: the trained epoch is in
// the history with its val_ values, as Fit would record it.
func TestTrainerStopDuringValidation(t *testing.T) {
	d := gtData(t, "circle", 700, 0.1, 3)
	m := core.NewSequential(4)
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 4, Activation: core.ReLU, InputDim: 2}))
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid}))
	gtCompile(t, m, gtOptimizer(t, "adam", 0.01), core.BinaryCrossentropy, "accuracy")
	cfg := core.FitConfig{Epochs: 3, BatchSize: 50, ValidationSplit: 600.0 / 700}
	tr, err := m.NewTrainer(d.X, d.Y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.StepsPerEpoch(); got != 5 { // 2 batches, 3 validation steps
		t.Fatalf("StepsPerEpoch: got %d, want 5", got)
	}
	tr.Run(3) // both batches and the first validation step
	tr.Stop()
	h := tr.History()
	if len(h.Epoch) != 1 || len(h.History["val_loss"]) != 1 || len(h.History["val_accuracy"]) != 1 {
		t.Fatalf("history after Stop in validation: got epochs %v, keys %v; want epoch 0 with val_loss and val_accuracy", h.Epoch, h.Keys())
	}
	if !tr.Done() || tr.Run(1) != true || m.Optimizer().Iterations() != 2 {
		t.Errorf("after Stop: done %v, optimizer steps %d; want done and 2 steps", tr.Done(), m.Optimizer().Iterations())
	}
}
