package core

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// traceModel is Dense(4, relu, l2) → Dropout(0.5) → Dense(3, softmax),
// compiled with loss and Adam, after two training steps (so that the
// optimizer has state).
func traceModel(t *testing.T, loss Loss) *Sequential {
	t.Helper()
	m := thModel(t, 31,
		thDense(t, DenseConfig{Units: 4, Activation: ReLU, InputDim: 3, Regularizer: Regularizer{L2: 0.01}}),
		thDropout(t, 0.5),
		thDense(t, DenseConfig{Units: 3, Activation: Softmax}))
	thCompile(t, m, loss, "adam")
	x := thRandMat(thRNG(1), 8, 3, 1)
	y := thMat(8, 1, 0, 1, 2, 0, 1, 2, 0, 1)
	if loss != SparseCategoricalCrossentropy {
		y = thMat(8, 3)
		for i := 0; i < 8; i++ {
			y.Set(i, i%3, 1)
		}
	}
	for range 2 {
		if _, err := m.TrainOnBatch(x, y); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// optimizerSnapshot copies the optimizer's state of every parameter.
func optimizerSnapshot(m *Sequential) map[string]map[string][]float64 {
	s := map[string]map[string][]float64{}
	for _, p := range m.Params() {
		s[p.Name] = m.Optimizer().State(p)
	}
	return s
}

func TestTraceChangesNothing(t *testing.T) {
	m := traceModel(t, CategoricalCrossentropy)
	weights := m.GetWeights()
	state := optimizerSnapshot(m)
	iters := m.Optimizer().Iterations()
	x, y := []float64{0.3, -1.2, 0.8}, []float64{0, 0, 1}
	tr, err := m.Trace(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.GetWeights(); !reflect.DeepEqual(got, weights) {
		t.Errorf("Trace changed the weights")
	}
	if got := optimizerSnapshot(m); !reflect.DeepEqual(got, state) {
		t.Errorf("Trace changed the optimizer state")
	}
	if got := m.Optimizer().Iterations(); got != iters {
		t.Errorf("Iterations() = %d after Trace, want %d", got, iters)
	}
	if tr.Optimizer.Step != iters || tr.Optimizer.Config != m.Optimizer().Config() {
		t.Errorf("Trace optimizer = %+v, want step %d and %+v", tr.Optimizer, iters, m.Optimizer().Config())
	}
	// Tracing twice gives the same numbers.
	tr2, err := m.Trace(x, y)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tr, tr2) {
		t.Errorf("a second Trace differs from the first")
	}
	// A fresh optimizer (no state yet) is not given any by Trace.
	m2 := thModel(t, 1, thDense(t, DenseConfig{Units: 2, InputDim: 3}))
	thCompile(t, m2, MeanSquaredError, "rmsprop")
	if _, err := m2.Trace(x, []float64{1, 2}); err != nil {
		t.Fatal(err)
	}
	for _, p := range m2.Params() {
		if st := m2.Optimizer().State(p); len(st) != 0 {
			t.Errorf("%s: state %v after Trace on a fresh optimizer, want none", p.Name, st)
		}
	}
}

func TestTraceShapes(t *testing.T) {
	m := traceModel(t, CategoricalCrossentropy)
	tr, err := m.Trace([]float64{0.3, -1.2, 0.8}, []float64{0, 0, 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Layers) != 3 {
		t.Fatalf("%d layers traced, want 3", len(tr.Layers))
	}
	tests := []struct {
		name, kind, act string
		in, out         int
		dense           bool
	}{
		{"dense_1", "dense", "relu", 3, 4, true},
		{"dropout_1", "dropout", "", 4, 4, false},
		{"dense_2", "dense", "softmax", 4, 3, true},
	}
	for i, tt := range tests {
		lt := tr.Layers[i]
		if lt.Name != tt.name || lt.Kind != tt.kind || lt.Activation != tt.act {
			t.Errorf("layer %d is %q %q %q, want %q %q %q", i, lt.Name, lt.Kind, lt.Activation, tt.name, tt.kind, tt.act)
		}
		lens := map[string][2]int{
			"Input": {len(lt.Input), tt.in}, "Z": {len(lt.Z), tt.out}, "A": {len(lt.A), tt.out},
			"DLdA": {len(lt.DLdA), tt.out}, "DLdZ": {len(lt.DLdZ), tt.out},
		}
		if tt.dense {
			lens["B"] = [2]int{len(lt.B), tt.out}
			lens["DLdB"] = [2]int{len(lt.DLdB), tt.out}
			lens["DeltaW"] = [2]int{len(lt.DeltaW), tt.in * tt.out}
			lens["DeltaB"] = [2]int{len(lt.DeltaB), tt.out}
			for _, w := range []*Weights{lt.W, lt.DLdW} {
				if w == nil || !reflect.DeepEqual(w.Shape, []int{tt.in, tt.out}) || len(w.Data) != tt.in*tt.out {
					t.Errorf("layer %d: kernel %+v, want shape [%d %d]", i, w, tt.in, tt.out)
				}
			}
			if lt.W.Name != tt.name+"/kernel" {
				t.Errorf("layer %d: W.Name = %q", i, lt.W.Name)
			}
			if got, want := thKeys(lt.StateW), []string{"m", "v"}; !reflect.DeepEqual(got, want) {
				t.Errorf("layer %d: StateW keys %v, want %v", i, got, want)
			}
		} else {
			if lt.W != nil || lt.DLdW != nil || lt.B != nil || lt.DLdB != nil || lt.DeltaW != nil {
				t.Errorf("layer %d (%s) has weight fields", i, lt.Kind)
			}
			if !thEqual(lt.Z, lt.A) || !thEqual(lt.DLdZ, lt.DLdA) {
				t.Errorf("layer %d: Z != A or dL/dz != dL/da for a layer without weights", i)
			}
		}
		for what, l := range lens {
			if l[0] != l[1] {
				t.Errorf("layer %d: len(%s) = %d, want %d", i, what, l[0], l[1])
			}
		}
		// Each layer's input is the previous one's output.
		if i > 0 && !thEqual(lt.Input, tr.Layers[i-1].A) {
			t.Errorf("layer %d input %v, want the previous output %v", i, lt.Input, tr.Layers[i-1].A)
		}
	}
	// Dropout runs in inference mode: output = input.
	if !thEqual(tr.Layers[1].A, tr.Layers[1].Input) {
		t.Errorf("traced dropout changed its input")
	}
	// Softmax with categorical cross-entropy: dL/dz = p - y for the last layer.
	p := tr.Output
	thCheckClose(t, "last dL/dz", tr.Layers[2].DLdZ, []float64{p[0], p[1], p[2] - 1}, 1e-15, 1e-12)
	// The relu layer: dL/dz = dL/da where z > 0, 0 elsewhere.
	for j, z := range tr.Layers[0].Z {
		want := 0.0
		if z > 0 {
			want = tr.Layers[0].DLdA[j]
		}
		if tr.Layers[0].DLdZ[j] != want {
			t.Errorf("relu dL/dz[%d] = %v, want %v (z = %v)", j, tr.Layers[0].DLdZ[j], want, z)
		}
	}
	// StateW and StateB are the optimizer's state.
	d1 := m.Layers()[0].(*Dense)
	if !reflect.DeepEqual(tr.Layers[0].StateW, m.Optimizer().State(d1.Kernel())) {
		t.Errorf("StateW differs from the optimizer's state")
	}
	if !reflect.DeepEqual(tr.Layers[0].StateB, m.Optimizer().State(d1.Bias())) {
		t.Errorf("StateB differs from the optimizer's state")
	}
}

// TestTraceMatchesEvaluateAndPredict checks, for several rows and both
// categorical losses, that Trace's loss is Evaluate's on that one row
// (penalty included) and its output is Predict's.
func TestTraceMatchesEvaluateAndPredict(t *testing.T) {
	for _, loss := range []Loss{CategoricalCrossentropy, SparseCategoricalCrossentropy} {
		t.Run(loss.String(), func(t *testing.T) {
			m := traceModel(t, loss)
			xs := thRandMat(thRNG(77), 5, 3, 2)
			for r := 0; r < 5; r++ {
				x := xs.RawRowView(r)
				y := []float64{float64(r % 3)}
				if loss == CategoricalCrossentropy {
					y = []float64{0, 0, 0}
					y[r%3] = 1
				}
				tr, err := m.Trace(x, y)
				if err != nil {
					t.Fatal(err)
				}
				logs, err := m.Evaluate(thMat(1, 3, x...), thMat(1, len(y), y...))
				if err != nil {
					t.Fatal(err)
				}
				if !thClose(tr.Loss, logs["loss"], 1e-15, 1e-13) {
					t.Errorf("row %d: Trace loss %.17g, Evaluate loss %.17g", r, tr.Loss, logs["loss"])
				}
				if want := m.regularization(); tr.Penalty != want || want == 0 {
					t.Errorf("row %d: Penalty = %v, want %v (non-zero)", r, tr.Penalty, want)
				}
				p, err := m.Predict(thMat(1, 3, x...))
				if err != nil {
					t.Fatal(err)
				}
				thCheckClose(t, "output", tr.Output, raw(p), 0, 0)
			}
		})
	}
}

// TestTraceDeltaIsNextStep checks that DeltaW and DeltaB are the change
// TrainOnBatch makes on that one example (a model without dropout, where
// training and inference agree), for every optimizer.
func TestTraceDeltaIsNextStep(t *testing.T) {
	for _, cfg := range optAll() {
		t.Run(optName(cfg), func(t *testing.T) {
			m := thModel(t, 4,
				thDense(t, DenseConfig{Units: 3, Activation: Tanh, InputDim: 2, Regularizer: Regularizer{L1: 0.01}}),
				thDense(t, DenseConfig{Units: 1, Activation: Sigmoid}))
			o, err := NewOptimizer(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Compile(CompileConfig{Optimizer: o, Loss: BinaryCrossentropy}); err != nil {
				t.Fatal(err)
			}
			x, y := []float64{0.5, -1.5}, []float64{1}
			// One step first, so that the state is not fresh.
			if _, err := m.TrainOnBatch(thMat(1, 2, -1, 2), thMat(1, 1, 0)); err != nil {
				t.Fatal(err)
			}
			tr, err := m.Trace(x, y)
			if err != nil {
				t.Fatal(err)
			}
			before := m.GetWeights()
			loss, err := m.TrainOnBatch(thMat(1, 2, x...), thMat(1, 1, y...))
			if err != nil {
				t.Fatal(err)
			}
			if loss != tr.Loss {
				t.Errorf("TrainOnBatch loss %.17g, Trace loss %.17g", loss, tr.Loss)
			}
			after := m.GetWeights()
			for li := 0; li < 2; li++ {
				lt := tr.Layers[li]
				for what, pair := range map[string][2]int{"W": {2 * li, 0}, "b": {2*li + 1, 1}} {
					delta := lt.DeltaW
					if pair[1] == 1 {
						delta = lt.DeltaB
					}
					w0, w1 := before[pair[0]].Data, after[pair[0]].Data
					for j := range w0 {
						if got := w1[j] - w0[j]; !thClose(got, delta[j], 1e-15, 1e-12) {
							t.Errorf("layer %d %s[%d]: step changed it by %.17g, Trace delta %.17g", li, what, j, got, delta[j])
						}
					}
				}
			}
		})
	}
}

func TestTraceErrors(t *testing.T) {
	m := thModel(t, 1, thDense(t, DenseConfig{Units: 3, InputDim: 2, Activation: Softmax}))
	if _, err := m.Trace([]float64{1, 2}, []float64{0}); err == nil || !strings.Contains(err.Error(), "trace: the model is not compiled") {
		t.Errorf("Trace before Compile: error %v", err)
	}
	thCompile(t, m, SparseCategoricalCrossentropy, "sgd")
	weights := m.GetWeights()
	tests := []struct {
		name    string
		x, y    []float64
		wantErr string
	}{
		{"empty x", nil, []float64{0}, "trace: x is empty"},
		{"x too long", []float64{1, 2, 3}, []float64{0}, "trace: x has 3 columns but the model expects 2"},
		{"x NaN", []float64{1, math.NaN()}, []float64{0}, "trace: x row 0, column 1 is NaN"},
		{"y too long", []float64{1, 2}, []float64{0, 1}, "trace: y has 2 values but the loss needs 1"},
		{"y not a class", []float64{1, 2}, []float64{3}, "trace: y row 0: label 3 is not a class index in 0..2"},
		{"y fraction", []float64{1, 2}, []float64{0.5}, "trace: y row 0: label 0.5 is not a class index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := m.Trace(tt.x, tt.y)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Trace error = %v, want %q", err, tt.wantErr)
			}
			if !reflect.DeepEqual(m.GetWeights(), weights) {
				t.Errorf("a failed Trace changed the weights")
			}
		})
	}
	// Dense labels need one value per output.
	m2 := thModel(t, 1, thDense(t, DenseConfig{Units: 2, InputDim: 2}))
	thCompile(t, m2, MeanSquaredError, "sgd")
	if _, err := m2.Trace([]float64{1, 2}, []float64{1}); err == nil || !strings.Contains(err.Error(), "trace: y has 1 values but the loss needs 2") {
		t.Errorf("Trace with short y: error %v", err)
	}
}
