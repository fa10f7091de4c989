package core_test

import (
	"math"
	"slices"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// gtSameBits reports whether a and b hold the same float64 bits.
func gtSameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// gtSameHistory reports whether two histories are equal bit for bit.
func gtSameHistory(a, b *core.History) bool {
	if !slices.Equal(a.Epoch, b.Epoch) || !slices.Equal(a.Keys(), b.Keys()) {
		return false
	}
	for k, v := range a.History {
		if !gtSameBits(v, b.History[k]) {
			return false
		}
	}
	return true
}

// gtSeededModel builds one of the determinism test models.
func gtSeededModel(t testing.TB, seed uint64, init core.Initializer, dropout float64, norm bool) *core.Sequential {
	t.Helper()
	m := core.NewSequential(seed)
	if norm {
		n, err := core.NewNormalization(2)
		if err != nil {
			t.Fatal(err)
		}
		gtAdd(t, m, n)
	}
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 16, Activation: core.ReLU, InputDim: 2, Initializer: init}))
	if dropout > 0 {
		d, err := core.NewDropout(dropout)
		if err != nil {
			t.Fatal(err)
		}
		gtAdd(t, m, d)
	}
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 8, Activation: core.Tanh, Initializer: init}))
	if dropout > 0 {
		d, err := core.NewDropout(dropout)
		if err != nil {
			t.Fatal(err)
		}
		gtAdd(t, m, d)
	}
	gtAdd(t, m, gtDense(t, core.DenseConfig{Units: 1, Activation: core.Sigmoid, Initializer: init}))
	return m
}

func TestSameSeedSameInitialWeights(t *testing.T) {
	tests := []struct {
		name    string
		init    core.Initializer
		dropout float64
		norm    bool
	}{
		{"glorotUniform", core.GlorotUniform, 0, false},
		{"glorotNormal", core.GlorotNormal, 0, false},
		{"heUniform", core.HeUniform, 0, false},
		{"heNormal with dropout", core.HeNormal, 0.5, false},
		{"with normalization", core.GlorotUniform, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := gtSeededModel(t, 42, tc.init, tc.dropout, tc.norm).GetWeights()
			b := gtSeededModel(t, 42, tc.init, tc.dropout, tc.norm).GetWeights()
			c := gtSeededModel(t, 43, tc.init, tc.dropout, tc.norm).GetWeights()
			if !gtSameWeights(a, b) {
				t.Error("seed 42 twice: got different weights, want the same bits")
			}
			for i := range a {
				if len(a[i].Shape) == 2 && slices.Equal(a[i].Data, c[i].Data) { // kernels; biases start at 0
					t.Errorf("%s with seeds 42 and 43: got the same values, want different", a[i].Name)
				}
			}
			// Layers without weights (dropout, normalization) do not move the
			// initialisation stream: the kernels equal those of the plain model.
			plain := gtSeededModel(t, 42, tc.init, 0, false).GetWeights()
			if !gtSameWeights(a, plain) {
				t.Error("dropout or normalization changed the initial weights, want the plain model's")
			}
		})
	}
}

func TestSameSeedSameTraining(t *testing.T) {
	tests := []struct {
		name    string
		opt     string
		dropout float64
		norm    bool
		cfg     core.FitConfig
	}{
		{"adam, shuffled", "adam", 0, false, core.FitConfig{Epochs: 4, BatchSize: 16}},
		{"adam, dropout, validation split", "adam", 0.3, false, core.FitConfig{Epochs: 4, BatchSize: 16, ValidationSplit: 0.2}},
		{"rmsprop, dropout, normalization, partial batch", "rmsprop", 0.2, true, core.FitConfig{Epochs: 3, BatchSize: 7}},
		{"momentum, no shuffle", "momentum", 0.1, false, core.FitConfig{Epochs: 3, BatchSize: 10, NoShuffle: true}},
		{"adagrad, batch 1", "adagrad", 0, false, core.FitConfig{Epochs: 2, BatchSize: 1}},
	}
	d := gtData(t, "moons", 120, 0.2, 9)
	run := func(t *testing.T, seed uint64, opt string, dropout float64, norm bool, cfg core.FitConfig) (*core.History, []float64, []core.Weights) {
		m := gtSeededModel(t, seed, core.GlorotUniform, dropout, norm)
		gtCompile(t, m, gtOptimizer(t, opt, 0), core.BinaryCrossentropy, "accuracy", "mse")
		var rec gtBatchRecorder
		cfg.Callbacks = []core.Callbacks{rec.callbacks()}
		h, err := m.Fit(d.X, d.Y, cfg)
		if err != nil {
			t.Fatal(err)
		}
		return h, rec.losses, m.GetWeights()
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h1, b1, w1 := run(t, 7, tc.opt, tc.dropout, tc.norm, tc.cfg)
			h2, b2, w2 := run(t, 7, tc.opt, tc.dropout, tc.norm, tc.cfg)
			if !gtSameHistory(h1, h2) {
				t.Errorf("same seed: got different histories\n%v\n%v", h1.History, h2.History)
			}
			if !gtSameBits(b1, b2) {
				t.Error("same seed: got different batch losses, want the same bits")
			}
			if !gtSameWeights(w1, w2) {
				t.Error("same seed: got different final weights, want the same bits")
			}
			h3, _, w3 := run(t, 8, tc.opt, tc.dropout, tc.norm, tc.cfg)
			if gtSameBits(h1.History["loss"], h3.History["loss"]) || gtSameWeights(w1, w3) {
				t.Error("different seeds: got the same training, want different")
			}
		})
	}
}

// TestSeedStreams checks that the seed fixes the shuffle and the dropout
// masks on their own: with equal initial weights, two seeds still train
// differently through either.
func TestSeedStreams(t *testing.T) {
	d := gtData(t, "circle", 60, 0.1, 2)
	start := gtSeededModel(t, 1, core.GlorotUniform, 0, false).GetWeights()
	tests := []struct {
		name    string
		dropout float64
		shuffle bool
	}{
		{"shuffle only", 0, true},
		{"dropout only", 0.3, false},
		{"both", 0.3, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			run := func(seed uint64) []float64 {
				m := gtSeededModel(t, seed, core.GlorotUniform, tc.dropout, false)
				if err := m.SetWeights(start); err != nil {
					t.Fatal(err)
				}
				gtCompile(t, m, gtOptimizer(t, "adam", 0), core.BinaryCrossentropy)
				var rec gtBatchRecorder
				if _, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 2, BatchSize: 8, NoShuffle: !tc.shuffle,
					Callbacks: []core.Callbacks{rec.callbacks()}}); err != nil {
					t.Fatal(err)
				}
				return rec.losses
			}
			a, b, c := run(5), run(5), run(6)
			if !gtSameBits(a, b) {
				t.Error("same seed: got different batch losses, want the same bits")
			}
			if gtSameBits(a, c) {
				t.Error("different seeds, same initial weights: got the same batch losses, want different")
			}
			if a[0] == c[0] && tc.shuffle && tc.dropout == 0 {
				t.Error("different shuffles: got the same first batch loss")
			}
		})
	}
	// Without shuffle and dropout the seed no longer matters once the
	// weights are equal.
	run := func(seed uint64) []core.Weights {
		m := gtSeededModel(t, seed, core.GlorotUniform, 0, false)
		if err := m.SetWeights(start); err != nil {
			t.Fatal(err)
		}
		gtCompile(t, m, gtOptimizer(t, "adam", 0), core.BinaryCrossentropy)
		if _, err := m.Fit(d.X, d.Y, core.FitConfig{Epochs: 2, BatchSize: 8, NoShuffle: true}); err != nil {
			t.Fatal(err)
		}
		return m.GetWeights()
	}
	if !gtSameWeights(run(5), run(6)) {
		t.Error("no shuffle, no dropout, equal start: got different weights for different seeds, want the same")
	}
}
