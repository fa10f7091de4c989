package core

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

func TestNewDropoutRate(t *testing.T) {
	tests := []struct {
		rate float64
		ok   bool
	}{
		{0, true}, {0.5, true}, {0.999, true},
		{1, false}, {-0.1, false}, {1.5, false}, {math.NaN(), false}, {math.Inf(1), false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rate), func(t *testing.T) {
			d, err := NewDropout(tt.rate)
			if tt.ok {
				if err != nil || d.Rate() != tt.rate {
					t.Errorf("NewDropout(%v) = %v, %v; want rate %v", tt.rate, d, err, tt.rate)
				}
				return
			}
			want := fmt.Sprintf("dropout: rate must be in [0, 1), got %g", tt.rate)
			if err == nil || err.Error() != want {
				t.Errorf("NewDropout(%v) error = %v, want %q", tt.rate, err, want)
			}
		})
	}
}

// dropoutLayer returns a built dropout layer for cols inputs drawing its
// mask from seed.
func dropoutLayer(t *testing.T, rate float64, cols int, seed uint64) *Dropout {
	t.Helper()
	d := thDropout(t, rate)
	if err := d.build(cols, thRNG(seed)); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDropoutInferenceIsIdentity(t *testing.T) {
	for _, rate := range []float64{0, 0.3, 0.9} {
		d := dropoutLayer(t, rate, 4, 1)
		x := thRandMat(thRNG(2), 3, 4, 1)
		out := d.forward(x, false)
		thCheckClose(t, "inference output", raw(out), raw(x), 0, 0)
		dy := thRandMat(thRNG(3), 3, 4, 1)
		thCheckClose(t, "inference backward", raw(d.backward(dy, true)), raw(dy), 0, 0)
	}
	// Rate 0 in training is the identity too.
	d := dropoutLayer(t, 0, 4, 1)
	x := thRandMat(thRNG(2), 3, 4, 1)
	thCheckClose(t, "rate 0 training", raw(d.forward(x, true)), raw(x), 0, 0)
	// Through a model: Predict with a dropout layer equals Predict without.
	with := thModel(t, 9, thDense(t, DenseConfig{Units: 3, InputDim: 2}), thDropout(t, 0.5), thDense(t, DenseConfig{Units: 1}))
	without := thModel(t, 9, thDense(t, DenseConfig{Units: 3, InputDim: 2}), thDense(t, DenseConfig{Units: 1}))
	if err := without.SetWeights(with.GetWeights()); err != nil {
		t.Fatal(err)
	}
	xs := thRandMat(thRNG(4), 5, 2, 1)
	p1, err1 := with.Predict(xs)
	p2, err2 := without.Predict(xs)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	thCheckClose(t, "predict with dropout", raw(p1), raw(p2), 0, 0)
}

// TestDropoutTraining checks the fraction zeroed, the 1/(1-rate) scale of
// the kept values and that the mean is preserved, on 200 000 values.
func TestDropoutTraining(t *testing.T) {
	const rows, cols = 1000, 200
	n := float64(rows * cols)
	for _, rate := range []float64{0.1, 0.25, 0.5, 0.8} {
		t.Run(fmt.Sprint(rate), func(t *testing.T) {
			d := dropoutLayer(t, rate, cols, 5)
			x := mat.NewDense(rows, cols, nil)
			for i := range raw(x) {
				raw(x)[i] = 1 + float64(i%7) // positive, never zero
			}
			out := d.forward(x, true)
			var zeros, sumIn, sumOut float64
			for i, v := range raw(out) {
				in := raw(x)[i]
				sumIn += in
				sumOut += v
				switch {
				case v == 0:
					zeros++
				case math.Abs(v-in/(1-rate)) > 1e-12*v:
					t.Fatalf("kept value %v for input %v, want %v", v, in, in/(1-rate))
				}
			}
			// Binomial standard error of the zeroed fraction: sqrt(r(1-r)/n).
			se := math.Sqrt(rate * (1 - rate) / n)
			if got := zeros / n; math.Abs(got-rate) > 5*se {
				t.Errorf("zeroed fraction = %.4f, want %.4f ± %.4f", got, rate, 5*se)
			}
			// The mean ratio has standard error sqrt(r/(1-r)/n) (about, for
			// inputs of similar size).
			seMean := math.Sqrt(rate / (1 - rate) / n)
			if ratio := sumOut / sumIn; math.Abs(ratio-1) > 6*seMean {
				t.Errorf("mean output / mean input = %.5f, want 1 ± %.5f", ratio, 6*seMean)
			}
		})
	}
}

// TestDropoutMaskConsistency checks training forward and backward against
// the same mask: out = x·mask, dx = dy·mask, each mask value 0 or
// 1/(1-rate); the same seed gives the same mask; a new forward draws a new
// one.
func TestDropoutMaskConsistency(t *testing.T) {
	const rate = 0.4
	rng := thRNG(8)
	x := thRandMat(rng, 6, 5, 1)
	dy := thRandMat(rng, 6, 5, 1)
	d := dropoutLayer(t, rate, 5, 11)
	out := clone(raw(d.forward(x, true)))
	mask := clone(d.mask)
	dx := clone(raw(d.backward(dy, true)))
	for i, mv := range mask {
		if mv != 0 && mv != 1/(1-rate) {
			t.Fatalf("mask[%d] = %v, want 0 or %v", i, mv, 1/(1-rate))
		}
		if out[i] != raw(x)[i]*mv {
			t.Errorf("out[%d] = %v, want x·mask = %v", i, out[i], raw(x)[i]*mv)
		}
		if dx[i] != raw(dy)[i]*mv {
			t.Errorf("dx[%d] = %v, want dy·mask = %v", i, dx[i], raw(dy)[i]*mv)
		}
	}
	if got := d.backward(dy, false); got != nil {
		t.Errorf("backward without input gradient = %v, want nil", got)
	}
	// The same seed draws the same mask.
	d2 := dropoutLayer(t, rate, 5, 11)
	if got := raw(d2.forward(x, true)); !thEqual(got, out) {
		t.Errorf("same seed: output %v, want %v", got, out)
	}
	// The next training pass draws a new mask.
	if got := raw(d.forward(x, true)); thEqual(got, out) {
		t.Errorf("second training pass reused the mask")
	}
	// The layer backpropagates its mask: a finite-difference check of
	// Σ w·dropout(x) with the mask fixed by reseeding.
	w := thRandMat(rng, 6, 5, 1)
	obj := func() float64 {
		d.rng = thRNG(12)
		o := d.forward(x, true)
		var s float64
		for i, v := range raw(o) {
			s += raw(w)[i] * v
		}
		return s
	}
	obj()
	g := d.backward(w, true)
	for i := range raw(x) {
		num := gcNumeric(&raw(x)[i], obj)
		if !thClose(raw(g)[i], num, gcAbsTol, gcRelTol) {
			t.Errorf("dx[%d] = %.12g, numeric %.12g", i, raw(g)[i], num)
		}
	}
}

// TestDropoutInModelTraining checks that fit's training pass applies
// dropout (the loss of TrainOnBatch differs from Evaluate's on the same
// weights) and that a model seed fixes the masks.
func TestDropoutInModelTraining(t *testing.T) {
	build := func() *Sequential {
		m := thModel(t, 21, thDense(t, DenseConfig{Units: 8, InputDim: 3}), thDropout(t, 0.5), thDense(t, DenseConfig{Units: 1}))
		thCompile(t, m, MeanSquaredError, "sgd")
		if err := m.opt.SetLearningRate(0); err != nil { // no update: the loss shows the mask
			t.Fatal(err)
		}
		return m
	}
	x := thRandMat(thRNG(1), 16, 3, 1)
	y := thRandMat(thRNG(2), 16, 1, 1)
	a, b := build(), build()
	la, err := a.TrainOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	lb, _ := b.TrainOnBatch(x, y)
	if la != lb {
		t.Errorf("same seed: training losses %v and %v differ", la, lb)
	}
	logs, err := a.Evaluate(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if logs["loss"] == la {
		t.Errorf("training loss %v equals the inference loss: dropout was not applied", la)
	}
	if s := fmt.Sprint(a.Layers()[1].Kind(), a.Layers()[1].Name()); !strings.Contains(s, "dropout") {
		t.Errorf("layer 2 is %s, want a dropout layer", s)
	}
	d := a.Layers()[1]
	if d.InputDim() != 8 || d.OutputDim() != 8 || d.Params() != nil {
		t.Errorf("dropout dims %d→%d params %v, want 8→8 and none", d.InputDim(), d.OutputDim(), d.Params())
	}
}
