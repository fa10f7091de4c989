package core_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// gtFinite reports whether every weight is finite.
func gtFinite(ws []core.Weights) bool {
	for _, w := range ws {
		for _, v := range w.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// TestNonFiniteLossStopsTraining is the red team's case and its kin: fit
// stops at the first non-finite loss with an error naming the epoch and
// batch, and the model keeps the weights whose loss was the last finite
// one; NoTerminateOnNaN trains on as before.
func TestNonFiniteLossStopsTraining(t *testing.T) {
	t.Parallel()
	// Adam with epsilon 0 divides 0 by 0 where a gradient is zero: an
	// all-zero column has a zero kernel gradient, so the first update
	// makes that kernel row NaN and the second batch's loss NaN.
	adamEps0 := func(t *testing.T) *core.Optimizer {
		o, err := core.NewOptimizer(core.OptimizerConfig{Name: "adam", LearningRate: 0.01, Beta1: 0.9, Beta2: 0.999, Epsilon: 0})
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	zeroCol := func() (*mat.Dense, *mat.Dense) {
		x, y := mat.NewDense(64, 2, nil), mat.NewDense(64, 1, nil)
		for i := range 64 {
			x.Set(i, 0, float64(i%7)-3)
			y.Set(i, 0, float64(i%2))
		}
		return x, y
	}
	// SGD with a huge learning rate overflows to +Inf, then NaN.
	explode := func() (*mat.Dense, *mat.Dense) {
		x, y := mat.NewDense(64, 2, nil), mat.NewDense(64, 1, nil)
		for i := range 64 {
			x.Set(i, 0, float64(i))
			x.Set(i, 1, -float64(i))
			y.Set(i, 0, 1e3*float64(i))
		}
		return x, y
	}
	tests := []struct {
		name    string
		opt     func(t *testing.T) *core.Optimizer
		loss    core.Loss
		data    func() (*mat.Dense, *mat.Dense)
		want    string // in the error; "" with NoTerminateOnNaN
		noGuard bool
	}{
		{"adam epsilon 0 after a zero gradient", adamEps0, core.BinaryCrossentropy, zeroCol, "fit: the loss is NaN at epoch 0, batch 1 (counting from 0)", false},
		{"sgd learning rate 1e6 overflows", func(t *testing.T) *core.Optimizer { return gtOptimizer(t, "sgd", 1e6) }, core.MeanSquaredError, explode, "fit: the loss is ", false},
		{"terminateOnNaN off trains on", adamEps0, core.BinaryCrossentropy, zeroCol, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := gtModel(t, 3, 2, gtLayer{8, core.ReLU}, gtLayer{1, core.Sigmoid})
			if tc.loss == core.MeanSquaredError {
				m = gtModel(t, 3, 2, gtLayer{8, core.Linear}, gtLayer{1, core.Linear})
			}
			gtCompile(t, m, tc.opt(t), tc.loss)
			x, y := tc.data()
			// The weights of each batch's loss, recorded before the batch.
			var before [][]core.Weights
			var losses []float64
			rec := core.Callbacks{
				OnBatchBegin: func(int, core.Logs) { before = append(before, m.GetWeights()) },
				OnBatchEnd:   func(_ int, l core.Logs) { losses = append(losses, l["loss"]) },
			}
			h, err := m.Fit(x, y, core.FitConfig{Epochs: 3, BatchSize: 8, NoShuffle: true, NoTerminateOnNaN: tc.noGuard, Callbacks: []core.Callbacks{rec}})
			if tc.noGuard {
				if err != nil {
					t.Fatalf("fit: %v, want none", err)
				}
				if l := h.History["loss"]; len(l) != 3 || !math.IsNaN(l[2]) {
					t.Errorf("loss history: got %v, want 3 epochs ending in NaN", l)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "keeps the weights of the last finite loss") {
				t.Fatalf("fit: got %v, want an error containing %q", err, tc.want)
			}
			if len(losses) == 0 || len(before) != len(losses)+1 {
				t.Fatalf("batches: %d finite losses seen, %d begun; want the last begun one to fail", len(losses), len(before))
			}
			for i, l := range losses {
				if math.IsNaN(l) || math.IsInf(l, 0) {
					t.Errorf("onBatchEnd saw loss %v at batch %d, want finite losses only", l, i)
				}
			}
			got := m.GetWeights()
			if !gtFinite(got) {
				t.Fatal("the model's weights are not finite after the stop")
			}
			if want := before[len(before)-2]; !gtSameWeights(got, want) {
				t.Error("the model's weights: not those of the last finite loss")
			}
		})
	}
}

// TestTrainOnBatchNonFiniteLoss: trainOnBatch refuses a non-finite loss the
// same way, putting back the weights of the last finite one.
func TestTrainOnBatchNonFiniteLoss(t *testing.T) {
	t.Parallel()
	m := gtModel(t, 3, 2, gtLayer{8, core.Linear}, gtLayer{1, core.Linear})
	gtCompile(t, m, gtOptimizer(t, "adam", 0), core.MeanSquaredError)
	x := mat.NewDense(4, 2, []float64{0, 1, 0, 2, 0, 3, 0, 4})
	y := mat.NewDense(4, 1, []float64{0, 1, 0, 1})
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	// Weights that overflow: the next loss is not finite.
	ws := m.GetWeights()
	for _, w := range ws {
		for i := range w.Data {
			w.Data[i] = 1e300
		}
	}
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	_, err := m.TrainOnBatch(x, y)
	if err == nil || !strings.HasPrefix(err.Error(), "trainOnBatch: the loss is") || !strings.Contains(err.Error(), "weights are unchanged") {
		t.Fatalf("trainOnBatch: got %v, want the non-finite loss refused, weights unchanged", err)
	}
	if !gtSameWeights(m.GetWeights(), ws) {
		t.Error("the weights changed: want those set (setWeights made the saved ones stale)")
	}
}

// TestStopTrainingBeforeFit: a stop asked before a fit (or between
// NewTrainer and the first Run, as the WebAssembly binding's slices do) is
// not lost: that fit trains nothing, and the next one trains afresh.
func TestStopTrainingBeforeFit(t *testing.T) {
	t.Parallel()
	d := gtData(t, "circle", 10, 0.1, 1)
	for _, when := range []string{"before fit", "before the first Run"} {
		t.Run(when, func(t *testing.T) {
			t.Parallel()
			m := gtBinaryModel(t, 4)
			before := m.GetWeights()
			begins, ends := 0, 0
			cfg := core.FitConfig{Epochs: 3, BatchSize: 4, Callbacks: []core.Callbacks{{
				OnTrainBegin: func(core.Logs) { begins++ },
				OnTrainEnd:   func(core.Logs) { ends++ },
			}}}
			var h *core.History
			if when == "before fit" {
				m.StopTraining = true
				var err error
				if h, err = m.Fit(d.X, d.Y, cfg); err != nil {
					t.Fatal(err)
				}
			} else {
				tr, err := m.NewTrainer(d.X, d.Y, cfg)
				if err != nil {
					t.Fatal(err)
				}
				m.StopTraining = true
				if done := tr.Run(1); !done {
					t.Fatal("Run after a stop: not done")
				}
				h = tr.History()
			}
			if len(h.Epoch) != 0 || m.Optimizer().Iterations() != 0 || !gtSameWeights(m.GetWeights(), before) {
				t.Errorf("stopped before it began: got %d epochs, %d steps; want none", len(h.Epoch), m.Optimizer().Iterations())
			}
			if begins != 1 || ends != 1 || m.StopTraining {
				t.Errorf("onTrainBegin %d, onTrainEnd %d, StopTraining %v after: want 1, 1, false", begins, ends, m.StopTraining)
			}
			h, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 2, BatchSize: 4})
			if err != nil || len(h.Epoch) != 2 {
				t.Errorf("the next fit: %v, %d epochs; want 2", err, len(h.Epoch))
			}
		})
	}
}
