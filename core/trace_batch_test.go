package core

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// Tests of TraceBatch: a batch's trace is exactly the next TrainOnBatch
// (loss, new weights, new optimizer state), every intermediate is what it
// says, and tracing changes nothing.

// tbStateEqual reports whether two optimizer states hold the same slots
// with the same bits.
func tbStateEqual(a, b map[string][]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bitsEqual(v, b[k]) {
			return false
		}
	}
	return true
}

// tbModel builds one of the traced architectures: a first layer (none,
// normalization, dropout or noise), Dense(5, tanh) with reg, a middle layer
// of the same kind, Dense(3, softmax).
func tbModel(t *testing.T, kind string, reg Regularizer, opt OptimizerConfig) *Sequential {
	t.Helper()
	var layers []Layer
	extra := func(first bool) {
		switch kind {
		case "normalization":
			if first {
				n, err := NewNormalization(0)
				if err != nil {
					t.Fatal(err)
				}
				layers = append(layers, n)
			}
		case "dropout":
			layers = append(layers, thDropout(t, 0.4))
		case "noise":
			g, err := NewGaussianNoise(0.3)
			if err != nil {
				t.Fatal(err)
			}
			layers = append(layers, g)
		}
	}
	extra(true)
	layers = append(layers, thDense(t, DenseConfig{Units: 5, Activation: Tanh, Regularizer: reg}))
	extra(false)
	layers = append(layers, thDense(t, DenseConfig{Units: 3, Activation: Softmax, Regularizer: reg}))
	m := thModel(t, 17, layers...)
	if err := m.Build(4); err != nil {
		t.Fatal(err)
	}
	o, err := NewOptimizer(opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Compile(CompileConfig{Optimizer: o, Loss: SparseCategoricalCrossentropy}); err != nil {
		t.Fatal(err)
	}
	return m
}

// tbCheckIsNextStep traces (x, y) in training mode, takes the step, and
// checks that the step computed the traced loss and left the traced
// weights and optimizer state, bit for bit.
func tbCheckIsNextStep(t *testing.T, m *Sequential, x, y *Matrix) {
	t.Helper()
	before := m.GetWeights()
	tr, err := m.TraceBatch(x, y, TraceConfig{Training: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.GetWeights(); !reflect.DeepEqual(got, before) {
		t.Fatalf("TraceBatch changed the weights")
	}
	loss, err := m.TrainOnBatch(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if math.Float64bits(loss) != math.Float64bits(tr.Loss) {
		t.Errorf("TrainOnBatch loss %.17g, trace's %.17g", loss, tr.Loss)
	}
	after := m.Params()
	k := 0
	for li, lt := range tr.Layers {
		for _, u := range []*ParamUpdate{lt.UpdateW, lt.UpdateB} {
			if u == nil {
				continue
			}
			p := after[k]
			k++
			if u.Param != p.Name {
				t.Fatalf("layer %d: update of %s, want %s", li, u.Param, p.Name)
			}
			if !bitsEqual(u.Value, before[k-1].Data) {
				t.Errorf("%s: trace's W differs from the weights before the step", p.Name)
			}
			if !bitsEqual(u.NewValue, raw(p.Value)) {
				t.Errorf("%s: the step left %v, trace's new W is %v", p.Name, raw(p.Value), u.NewValue)
			}
			if st := m.Optimizer().State(p); !tbStateEqual(u.NewState, st) {
				t.Errorf("%s: the step left state %v, trace's new state is %v", p.Name, st, u.NewState)
			}
			for i := range u.Value {
				if w := u.Value[i] + u.Delta[i]; math.Float64bits(w) != math.Float64bits(u.NewValue[i]) {
					t.Errorf("%s[%d]: W + ΔW = %.17g, new W %.17g", p.Name, i, w, u.NewValue[i])
					break
				}
			}
		}
	}
	if k != len(after) {
		t.Errorf("the trace has %d updates, the model %d parameters", k, len(after))
	}
}

func TestTraceIsNextStep(t *testing.T) {
	t.Parallel()
	regs := []struct {
		name string
		reg  Regularizer
	}{{"none", Regularizer{}}, {"l1", Regularizer{L1: 0.01}}, {"l2", Regularizer{L2: 0.02}}, {"l1l2", Regularizer{L1: 0.01, L2: 0.02}}}
	kinds := []string{"plain", "normalization", "dropout", "noise"}
	x := thRandMat(thRNG(3), 12, 4, 2)
	y := thMat(12, 1, 0, 1, 2, 0, 1, 2, 0, 1, 2, 2, 1, 0)
	for _, opt := range optAll() {
		for _, r := range regs {
			for _, kind := range kinds {
				t.Run(optName(opt)+"/"+r.name+"/"+kind, func(t *testing.T) {
					t.Parallel()
					m := tbModel(t, kind, r.reg, opt)
					// The first step from a fresh optimizer (and, with
					// normalization, a layer that adapts on it), then two
					// more, on different batches.
					for i := range 3 {
						lo := 3 * i
						tbCheckIsNextStep(t, m, x.Slice(lo, lo+6, 0, 4).(*Matrix), y.Slice(lo, lo+6, 0, 1).(*Matrix))
					}
				})
			}
		}
	}
}

// TestTraceIsNextStepAtFlush checks the step at which the optimizer sets
// its tiny state values to zero (every flushEvery steps).
func TestTraceIsNextStepAtFlush(t *testing.T) {
	t.Parallel()
	for _, opt := range optAll() {
		t.Run(optName(opt), func(t *testing.T) {
			t.Parallel()
			m := tbModel(t, "dropout", Regularizer{L2: 0.01}, opt)
			x := thRandMat(thRNG(5), 8, 4, 1)
			y := thMat(8, 1, 0, 1, 2, 0, 1, 2, 0, 1)
			for range flushEvery - 1 {
				if _, err := m.TrainOnBatch(x, y); err != nil {
					t.Fatal(err)
				}
			}
			tbCheckIsNextStep(t, m, x, y)
			if got := m.Optimizer().Iterations(); got != flushEvery {
				t.Errorf("%d steps, want %d", got, flushEvery)
			}
		})
	}
}

// TestTraceBatchChangesNothing checks that a training trace leaves the
// weights, the optimizer, the noise stream (the next fit draws the same
// masks) and an unadapted normalization as they were.
func TestTraceBatchChangesNothing(t *testing.T) {
	t.Parallel()
	x := thRandMat(thRNG(8), 40, 4, 3)
	y := thMat(40, 1)
	for i := range 40 {
		y.Set(i, 0, float64(i%3))
	}
	run := func(trace bool) ([]Weights, *Sequential) {
		m := tbModel(t, "normalization", Regularizer{L2: 0.01}, MustOptimizerConfig("adam"))
		m2 := tbModel(t, "dropout", Regularizer{}, MustOptimizerConfig("adam"))
		for _, mm := range []*Sequential{m, m2} {
			if trace {
				if _, err := mm.TraceBatch(x, y, TraceConfig{Training: true}); err != nil {
					t.Fatal(err)
				}
				if n, ok := mm.Layers()[0].(*Normalization); ok && n.Adapted() {
					t.Fatalf("a trace left the normalization adapted")
				}
			}
			if _, err := mm.Fit(x, y, FitConfig{Epochs: 2, BatchSize: 8}); err != nil {
				t.Fatal(err)
			}
		}
		return append(m.GetWeights(), m2.GetWeights()...), m
	}
	want, _ := run(false)
	got, m := run(true)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("a fit after a trace differs from a fit without one")
	}
	// Normalization adapted on the whole of x by fit, not on a trace's batch.
	mean := m.Layers()[0].(*Normalization).Mean()
	for j := range 4 {
		var s float64
		for i := range 40 {
			s += x.At(i, j)
		}
		if !thClose(mean[j], s/40, 1e-12, 1e-12) {
			t.Errorf("mean[%d] = %v, want %v", j, mean[j], s/40)
		}
	}
}

// TestTraceBatchNumbers checks the intermediates against their definitions.
func TestTraceBatchNumbers(t *testing.T) {
	t.Parallel()
	m := tbModel(t, "dropout", Regularizer{L1: 0.01, L2: 0.02}, MustOptimizerConfig("adam"))
	x := thRandMat(thRNG(11), 7, 4, 1.5)
	y := thMat(7, 1, 0, 1, 2, 1, 0, 2, 1)
	if _, err := m.TrainOnBatch(x, y); err != nil {
		t.Fatal(err)
	}
	tr, err := m.TraceBatch(x, y, TraceConfig{Training: true})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Rows != 7 || len(tr.Losses) != 7 || len(tr.Output) != 21 {
		t.Fatalf("rows %d, %d losses, %d outputs; want 7, 7, 21", tr.Rows, len(tr.Losses), len(tr.Output))
	}
	// The data loss is the mean of the examples' losses, each the loss of
	// its row alone.
	var sum float64
	for i, l := range tr.Losses {
		sum += l
		want := -math.Log(clip(tr.Output[i*3+int(y.At(i, 0))]))
		if !thClose(l, want, 1e-15, 1e-13) {
			t.Errorf("loss of example %d = %v, want -log(p) = %v", i, l, want)
		}
	}
	if !thClose(tr.DataLoss, sum/7, 1e-15, 1e-13) {
		t.Errorf("data loss %v, mean of the examples' %v", tr.DataLoss, sum/7)
	}
	// The penalty: each layer's L1·Σ|w| + L2·Σw², summed.
	var pen float64
	for _, li := range []int{1, 3} {
		lt := tr.Layers[li]
		p := lt.Penalty
		if p == nil {
			t.Fatalf("layer %d has no penalty", li)
		}
		var s1, s2 float64
		for _, w := range lt.W.Data {
			s1 += math.Abs(w)
			s2 += w * w
		}
		if p.L1 != 0.01 || p.L2 != 0.02 || !thClose(p.SumAbs, s1, 0, 1e-14) || !thClose(p.SumSquares, s2, 0, 1e-14) ||
			!thClose(p.Value, 0.01*s1+0.02*s2, 0, 1e-14) {
			t.Errorf("layer %d penalty %+v, want l1 0.01 l2 0.02 Σ|w| %v Σw² %v", li, *p, s1, s2)
		}
		pen += p.Value
		for i, g := range lt.DLdW.Data {
			w := lt.W.Data[i]
			sign := -1.0
			if w > 0 {
				sign = 1
			}
			if !thClose(lt.DLdWPenalty[i], 0.01*sign+0.04*w, 0, 1e-15) || !thClose(lt.DLdWData[i]+lt.DLdWPenalty[i], g, 1e-15, 1e-12) {
				t.Fatalf("layer %d dL/dW[%d]: data %v + penalty %v, total %v", li, i, lt.DLdWData[i], lt.DLdWPenalty[i], g)
			}
		}
	}
	if !thClose(tr.Penalty, pen, 0, 1e-14) || tr.Loss != tr.DataLoss+tr.Penalty {
		t.Errorf("penalty %v (layers' %v), loss %v = %v + %v?", tr.Penalty, pen, tr.Loss, tr.DataLoss, tr.Penalty)
	}
	// Dense: z = x·W + b, a = f(z), dL/dz = f′(z)·dL/da (tanh).
	d := tr.Layers[1]
	for r := range 7 {
		for j := range 5 {
			z := d.B[j]
			for i := range 4 {
				z += d.Input[r*4+i] * d.W.Data[i*5+j]
			}
			k := r*5 + j
			if !thClose(d.Z[k], z, 1e-14, 1e-12) || d.A[k] != math.Tanh(d.Z[k]) || !thClose(d.DAdZ[k], 1-d.A[k]*d.A[k], 0, 1e-15) ||
				!thClose(d.DLdZ[k], d.DAdZ[k]*d.DLdA[k], 1e-17, 1e-13) {
				t.Fatalf("row %d unit %d: z %v (want %v), a %v, f′ %v, dL/dz %v, dL/da %v", r, j, d.Z[k], z, d.A[k], d.DAdZ[k], d.DLdZ[k], d.DLdA[k])
			}
		}
	}
	// Softmax: f′ is the Jacobian's diagonal a(1-a); dL/dz = (p - onehot)/n.
	s := tr.Layers[3]
	for k, a := range s.A {
		if !thClose(s.DAdZ[k], a*(1-a), 0, 1e-14) {
			t.Fatalf("softmax f′[%d] = %v, want %v", k, s.DAdZ[k], a*(1-a))
		}
		r, j := k/3, k%3
		want := a
		if j == int(y.At(r, 0)) {
			want--
		}
		if !thClose(s.DLdZ[k], want/7, 1e-15, 1e-12) {
			t.Fatalf("softmax dL/dz[%d] = %v, want %v", k, s.DLdZ[k], want/7)
		}
	}
	// Dropout: A = Input·Mask, the mask 0 or 1/(1-rate), dL/dx = dL/da·mask.
	dr := tr.Layers[2]
	kept := 0
	for k, mk := range dr.Mask {
		if mk != 0 && mk != 1/(1-0.4) {
			t.Fatalf("mask[%d] = %v", k, mk)
		}
		if mk != 0 {
			kept++
		}
		if dr.A[k] != dr.Input[k]*mk {
			t.Fatalf("dropout output[%d] = %v, input·mask = %v", k, dr.A[k], dr.Input[k]*mk)
		}
	}
	if kept == 0 || kept == len(dr.Mask) {
		t.Errorf("%d of %d kept, want some of each", kept, len(dr.Mask))
	}
	// Adam: the bias corrections, m̂, v̂ and the update from them.
	o := tr.Optimizer
	if o.Step != 1 || o.T != 2 || !thClose(o.BiasCorrection1, 1-0.9*0.9, 0, 1e-15) || !thClose(o.BiasCorrection2, 1-0.999*0.999, 0, 1e-12) {
		t.Errorf("optimizer trace %+v", o)
	}
	u := d.UpdateW
	for i := range u.Grad {
		m0, v0, g := u.State["m"][i], u.State["v"][i], u.Grad[i]
		m1, v1 := 0.9*m0+0.1*g, 0.999*v0+0.001*g*g
		mh, vh := m1/o.BiasCorrection1, v1/o.BiasCorrection2
		want := -0.001 * mh / (math.Sqrt(vh) + 1e-7)
		if !thClose(u.NewState["m"][i], m1, 1e-18, 1e-13) || !thClose(u.NewState["v"][i], v1, 1e-20, 1e-13) ||
			!thClose(u.Terms["mHat"][i], mh, 1e-18, 1e-13) || !thClose(u.Terms["vHat"][i], vh, 1e-20, 1e-13) ||
			!thClose(u.Terms["denominator"][i], math.Sqrt(vh)+1e-7, 1e-18, 1e-13) || !thClose(u.Delta[i], want, 1e-18, 1e-12) {
			t.Fatalf("adam %d: m %v v %v m̂ %v v̂ %v Δ %v, want %v %v %v %v %v", i, u.NewState["m"][i], u.NewState["v"][i],
				u.Terms["mHat"][i], u.Terms["vHat"][i], u.Delta[i], m1, v1, mh, vh, want)
		}
	}
	if !reflect.DeepEqual(d.DeltaW, u.Delta) || !reflect.DeepEqual(d.StateW, u.State) {
		t.Errorf("DeltaW and StateW differ from UpdateW's")
	}
}

// TestTraceTerms checks each optimizer's intermediates against its rule.
func TestTraceTerms(t *testing.T) {
	t.Parallel()
	for _, opt := range optAll() {
		t.Run(optName(opt), func(t *testing.T) {
			t.Parallel()
			m := tbModel(t, "plain", Regularizer{}, opt)
			x := thRandMat(thRNG(2), 6, 4, 1)
			y := thMat(6, 1, 0, 1, 2, 2, 1, 0)
			for range 2 {
				if _, err := m.TrainOnBatch(x, y); err != nil {
					t.Fatal(err)
				}
			}
			tr, err := m.TraceBatch(x, y, TraceConfig{})
			if err != nil {
				t.Fatal(err)
			}
			u := tr.Layers[0].UpdateW
			lr, mu, eps := opt.LearningRate, opt.Momentum, opt.Epsilon
			var names []string
			for k := range u.Terms {
				names = append(names, k)
			}
			for i, g := range u.Grad {
				var want float64
				switch optName(opt) {
				case "sgd":
					want = -lr * g
				case "momentum":
					want = -lr * (mu*u.State["velocity"][i] + g)
				case "momentum+nesterov":
					v := mu*u.State["velocity"][i] + g
					if !thClose(u.Terms["lookahead"][i], g+mu*v, 1e-18, 1e-13) {
						t.Fatalf("lookahead %v, want %v", u.Terms["lookahead"][i], g+mu*v)
					}
					want = -lr * u.Terms["lookahead"][i]
				case "adam":
					want = -lr * u.Terms["mHat"][i] / u.Terms["denominator"][i]
				case "rmsprop":
					s := opt.Rho*u.State["meanSquare"][i] + (1-opt.Rho)*g*g
					if !thClose(u.NewState["meanSquare"][i], s, 1e-20, 1e-13) || !thClose(u.Terms["denominator"][i], math.Sqrt(s+eps), 1e-18, 1e-13) {
						t.Fatalf("mean square %v, denominator %v, want %v, %v", u.NewState["meanSquare"][i], u.Terms["denominator"][i], s, math.Sqrt(s+eps))
					}
					want = -lr * g / u.Terms["denominator"][i]
				case "rmsprop+momentum":
					want = -(mu*u.State["momentum"][i] + lr*g/u.Terms["denominator"][i])
					if !thClose(-u.NewState["momentum"][i], want, 1e-18, 1e-13) {
						t.Fatalf("new momentum %v, want %v", u.NewState["momentum"][i], -want)
					}
				case "adagrad":
					a := u.State["accumulator"][i] + g*g
					if !thClose(u.NewState["accumulator"][i], a, 1e-20, 1e-13) {
						t.Fatalf("accumulator %v, want %v", u.NewState["accumulator"][i], a)
					}
					want = -lr * g / u.Terms["denominator"][i]
				}
				if !thClose(u.Delta[i], want, 1e-18, 1e-12) {
					t.Fatalf("Δ[%d] = %.17g, want %.17g (terms %v)", i, u.Delta[i], want, names)
				}
			}
			wantTerms := map[string]string{"adam": "denominator mHat vHat", "momentum+nesterov": "lookahead", "rmsprop": "denominator",
				"rmsprop+momentum": "denominator", "adagrad": "denominator"}[optName(opt)]
			if got := strings.Join(thKeys(u.Terms), " "); got != wantTerms {
				t.Errorf("terms %q, want %q", got, wantTerms)
			}
			if (opt.Name == "adam") != (tr.Optimizer.BiasCorrection1 != 0) {
				t.Errorf("bias corrections %v for %s", tr.Optimizer.BiasCorrection1, opt.Name)
			}
		})
	}
}

// TestTraceBatchModes checks that inference mode runs dropout and noise as
// the identity, with no mask, and that a one-row batch traces as Trace.
func TestTraceBatchModes(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"dropout", "noise"} {
		m := tbModel(t, kind, Regularizer{}, MustOptimizerConfig("sgd"))
		x := thRandMat(thRNG(4), 3, 4, 1)
		y := thMat(3, 1, 0, 1, 2)
		inf, err := m.TraceBatch(x, y, TraceConfig{})
		if err != nil {
			t.Fatal(err)
		}
		train, err := m.TraceBatch(x, y, TraceConfig{Training: true})
		if err != nil {
			t.Fatal(err)
		}
		p, _ := m.Predict(x)
		if !bitsEqual(inf.Output, raw(p)) {
			t.Errorf("%s: inference trace output differs from predict", kind)
		}
		if inf.Layers[0].Mask != nil || !bitsEqual(inf.Layers[0].A, inf.Layers[0].Input) {
			t.Errorf("%s: inference trace changed the input or has a mask", kind)
		}
		if bitsEqual(train.Layers[0].A, train.Layers[0].Input) {
			t.Errorf("%s: training trace left the input as it was", kind)
		}
		if (kind == "dropout") != (train.Layers[0].Mask != nil) {
			t.Errorf("%s: training mask %v", kind, train.Layers[0].Mask)
		}
		one, err := m.Trace(x.RawRowView(1), []float64{1})
		if err != nil {
			t.Fatal(err)
		}
		batch, _ := m.TraceBatch(x.Slice(1, 2, 0, 4).(*Matrix), thMat(1, 1, 1), TraceConfig{})
		if !reflect.DeepEqual(one, batch) {
			t.Errorf("%s: Trace of a row differs from TraceBatch of it", kind)
		}
	}
}

func TestTraceBatchErrors(t *testing.T) {
	t.Parallel()
	m := thModel(t, 1, thDense(t, DenseConfig{Units: 2, InputDim: 2, Activation: Sigmoid}))
	if _, err := m.TraceBatch(thMat(1, 2, 1, 2), thMat(1, 2, 0, 1), TraceConfig{}); err == nil || !strings.Contains(err.Error(), "trace: the model is not compiled") {
		t.Errorf("before compile: %v", err)
	}
	thCompile(t, m, BinaryCrossentropy, "adam")
	tests := []struct {
		name    string
		x, y    *Matrix
		wantErr string
	}{
		{"no y", thMat(1, 2, 1, 2), nil, "trace: y is empty"},
		{"rows", thMat(2, 2, 1, 2, 3, 4), thMat(1, 2, 0, 1), "trace: x has 2 rows but y has 1"},
		{"columns", thMat(1, 3, 1, 2, 3), thMat(1, 2, 0, 1), "trace: x has 3 columns but the model expects 2"},
		{"labels", thMat(1, 2, 1, 2), thMat(1, 2, 0, 2), "trace: y row 0: binaryCrossentropy needs labels in [0, 1], got 2"},
		{"NaN", thMat(1, 2, 1, math.NaN()), thMat(1, 2, 0, 1), "trace: x row 0, column 1 is NaN"},
	}
	for _, tt := range tests {
		if _, err := m.TraceBatch(tt.x, tt.y, TraceConfig{Training: true}); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
	}
	if m.Optimizer().Iterations() != 0 {
		t.Errorf("failed traces took steps")
	}
}
