package core

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// weightsModel is Normalization(3) → Dense(4) → Dropout → Dense(2, no bias)
// → Dense(1): weight arrays kernel [3 4], bias [4], kernel [4 2],
// kernel [2 1], bias [1].
func weightsModel(t *testing.T) *Sequential {
	t.Helper()
	n, err := NewNormalization(3)
	if err != nil {
		t.Fatal(err)
	}
	return thModel(t, 12, n,
		thDense(t, DenseConfig{Units: 4}),
		thDropout(t, 0.2),
		thDense(t, DenseConfig{Units: 2, NoBias: true}),
		thDense(t, DenseConfig{Units: 1}))
}

func TestGetWeightsOrderAndShapes(t *testing.T) {
	m := weightsModel(t)
	ws := m.GetWeights()
	want := []struct {
		name  string
		shape []int
	}{
		{"dense_1/kernel", []int{3, 4}},
		{"dense_1/bias", []int{4}},
		{"dense_2/kernel", []int{4, 2}},
		{"dense_3/kernel", []int{2, 1}},
		{"dense_3/bias", []int{1}},
	}
	if len(ws) != len(want) {
		t.Fatalf("%d weight arrays, want %d", len(ws), len(want))
	}
	for i, w := range want {
		if ws[i].Name != w.name || !reflect.DeepEqual(ws[i].Shape, w.shape) {
			t.Errorf("weights[%d] = %s %v, want %s %v", i, ws[i].Name, ws[i].Shape, w.name, w.shape)
		}
		size := 1
		for _, s := range w.shape {
			size *= s
		}
		if len(ws[i].Data) != size {
			t.Errorf("%s has %d values, want %d", w.name, len(ws[i].Data), size)
		}
	}
	// Kernel data is row-major [inputs, units]: element (i, j) at i·units+j.
	k := m.Layers()[1].(*Dense).Kernel().Value
	for i := 0; i < 3; i++ {
		for j := 0; j < 4; j++ {
			if ws[0].Data[i*4+j] != k.At(i, j) {
				t.Fatalf("kernel data[%d] = %v, want W[%d][%d] = %v", i*4+j, ws[0].Data[i*4+j], i, j, k.At(i, j))
			}
		}
	}
	// GetWeights returns copies.
	ws[0].Data[0] = 1234
	if m.GetWeights()[0].Data[0] == 1234 {
		t.Errorf("GetWeights shares storage with the model")
	}
	// A one-input layer's kernel is still two-dimensional.
	m1 := thModel(t, 1, thDense(t, DenseConfig{Units: 3, InputDim: 1}))
	if got := m1.GetWeights()[0].Shape; !reflect.DeepEqual(got, []int{1, 3}) {
		t.Errorf("kernel of a one-input layer has shape %v, want [1 3]", got)
	}
	// Not built yet: no weights.
	m2 := thModel(t, 1, thDense(t, DenseConfig{Units: 3}))
	if got := m2.GetWeights(); len(got) != 0 {
		t.Errorf("GetWeights before build = %v, want none", got)
	}
}

func TestSetWeightsRoundTrip(t *testing.T) {
	m := weightsModel(t)
	ws := m.GetWeights()
	for i := range ws {
		for j := range ws[i].Data {
			ws[i].Data[j] = float64(10*i+j) / 7
		}
	}
	if err := m.SetWeights(ws); err != nil {
		t.Fatal(err)
	}
	if got := m.GetWeights(); !reflect.DeepEqual(got, ws) {
		t.Errorf("GetWeights after SetWeights = %v, want %v", got, ws)
	}
	// Changing the list afterwards does not change the model.
	ws[0].Data[0] = -99
	if m.GetWeights()[0].Data[0] == -99 {
		t.Errorf("SetWeights kept a reference to the caller's slice")
	}
	// Shapes may be omitted; names are not compared.
	other := m.GetWeights()
	for i := range other {
		other[i].Shape, other[i].Name = nil, "whatever"
		for j := range other[i].Data {
			other[i].Data[j] += 1
		}
	}
	if err := m.SetWeights(other); err != nil {
		t.Fatalf("SetWeights without shapes or names: %v", err)
	}
	if got := m.GetWeights()[4].Data[0]; got != other[4].Data[0] {
		t.Errorf("bias = %v, want %v", got, other[4].Data[0])
	}
	// Two models with the same weights predict the same.
	m2 := weightsModel(t)
	if err := m2.SetWeights(m.GetWeights()); err != nil {
		t.Fatal(err)
	}
	m.Layers()[0].(*Normalization).SetStats([]float64{0, 0, 0}, []float64{1, 1, 1})
	m2.Layers()[0].(*Normalization).SetStats([]float64{0, 0, 0}, []float64{1, 1, 1})
	x := thRandMat(thRNG(3), 4, 3, 1)
	p1, _ := m.Predict(x)
	p2, _ := m2.Predict(x)
	thCheckClose(t, "predictions", raw(p1), raw(p2), 0, 0)
}

func TestSetWeightsErrors(t *testing.T) {
	good := func(m *Sequential) []Weights { return m.GetWeights() }
	tests := []struct {
		name    string
		change  func([]Weights) []Weights
		wantErr string
	}{
		{"too few", func(w []Weights) []Weights { return w[:4] }, "setWeights: got 4 weight arrays but the model has 5"},
		{"too many", func(w []Weights) []Weights { return append(w, w[0]) }, "setWeights: got 6 weight arrays but the model has 5"},
		{"none", func(w []Weights) []Weights { return nil }, "setWeights: got 0 weight arrays but the model has 5"},
		{"kernel too small", func(w []Weights) []Weights { w[2].Data = w[2].Data[:7]; return w }, "setWeights: dense_2/kernel needs 8 values, got 7"},
		{"bias too large", func(w []Weights) []Weights { w[4].Data = []float64{1, 2}; w[4].Shape = nil; return w }, "setWeights: dense_3/bias needs 1 values, got 2"},
		{"kernel transposed", func(w []Weights) []Weights { w[0].Shape = []int{4, 3}; return w }, "setWeights: dense_1/kernel has shape [4 3], want [3 4]"},
		{"kernel flat", func(w []Weights) []Weights { w[0].Shape = []int{12}; return w }, "setWeights: dense_1/kernel has shape [12], want [3 4]"},
		{"bias as matrix", func(w []Weights) []Weights { w[1].Shape = []int{1, 4}; return w }, "setWeights: dense_1/bias has shape [1 4], want [4]"},
		{"bias wrong length shape", func(w []Weights) []Weights { w[1].Shape = []int{5}; return w }, "setWeights: dense_1/bias has shape [5], want [4]"},
		{"empty shape", func(w []Weights) []Weights { w[3].Shape = []int{}; return w }, "setWeights: dense_3/kernel has shape [], want [2 1]"},
		{"NaN in the last array", func(w []Weights) []Weights { w[4].Data[0] = math.NaN(); return w }, "setWeights: dense_3/bias value 0 is NaN"},
		{"Inf", func(w []Weights) []Weights { w[2].Data[5] = math.Inf(-1); return w }, "setWeights: dense_2/kernel value 5 is -Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := weightsModel(t)
			before := m.GetWeights()
			ws := good(m)
			// Every array but the bad one holds new values: none may land.
			for i := range ws {
				for j := range ws[i].Data {
					ws[i].Data[j] = 42
				}
			}
			err := m.SetWeights(tt.change(ws))
			if err == nil || err.Error() != tt.wantErr {
				t.Fatalf("SetWeights error = %v, want %q", err, tt.wantErr)
			}
			if got := m.GetWeights(); !reflect.DeepEqual(got, before) {
				t.Errorf("a failed SetWeights changed the weights")
			}
		})
	}
	m := thModel(t, 1, thDense(t, DenseConfig{Units: 3}))
	if err := m.SetWeights(nil); err == nil || !strings.Contains(err.Error(), "setWeights: the model is not built yet") {
		t.Errorf("SetWeights before build: error %v", err)
	}
}
