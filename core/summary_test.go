package core_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// sumDense is one Dense layer of sumModel.
type sumDense = core.DenseConfig

// sumModel builds an uncompiled model from layer specs: DenseConfig, a
// dropout rate as float64, or a layer.
func sumModel(t testing.TB, layers ...any) *core.Sequential {
	t.Helper()
	m := core.NewSequential(1)
	for i, spec := range layers {
		var l core.Layer
		var err error
		switch s := spec.(type) {
		case sumDense:
			l, err = core.NewDense(s)
		case float64:
			l, err = core.NewDropout(s)
		case core.Layer:
			l = s
		}
		if err != nil || l == nil {
			t.Fatalf("layer %d (%v): %v", i, spec, err)
		}
		if err := m.Add(l); err != nil {
			t.Fatalf("Add layer %d: %v", i, err)
		}
	}
	return m
}

func sumNorm(t testing.TB, inputDim int) *core.Normalization {
	t.Helper()
	n, err := core.NewNormalization(inputDim)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name  string
		model func(t testing.TB) *core.Sequential
		want  string
	}{
		{"empty", func(t testing.TB) *core.Sequential { return core.NewSequential(1) }, `Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
=================================================================
Total params: 0
Trainable params: 0
Non-trainable params: 0
_________________________________________________________________
`},
		{"not built", func(t testing.TB) *core.Sequential {
			return sumModel(t, sumNorm(t, 0), sumDense{Units: 16, Activation: core.ReLU}, 0.5, sumDense{Units: 3, NoBias: true})
		}, `Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 normalization_1             (None, ?)                 ?
 (Normalization)
 dense_1 (Dense)             (None, 16)                ?
 dropout_1 (Dropout)         (None, 16)                0
 dense_2 (Dense)             (None, 3)                 48
=================================================================
Total params: ?
Trainable params: ?
Non-trainable params: ?
_________________________________________________________________
`},
		{"names longer than their column wrap", func(t testing.TB) *core.Sequential {
			g, err := core.NewGaussianNoise(0.1)
			if err != nil {
				t.Fatal(err)
			}
			return sumModel(t, sumDense{Units: 4, InputDim: 2, Name: "a_dense_layer_with_a_very_long_name"}, g)
		}, `Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 a_dense_layer_with_a_very_  (None, 4)                 12
 long_name (Dense)
 gaussianNoise_1             (None, 4)                 0
 (GaussianNoise)
=================================================================
Total params: 12
Trainable params: 12
Non-trainable params: 0
_________________________________________________________________
`},
		{"built, no bias, thousands", func(t testing.TB) *core.Sequential {
			return sumModel(t, sumDense{Units: 1000, InputDim: 999, NoBias: true, Initializer: core.Zeros, Name: "wide"}, sumDense{Units: 2, Activation: core.Softmax})
		}, `Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 wide (Dense)                (None, 1000)              999000
 dense_2 (Dense)             (None, 2)                 2002
=================================================================
Total params: 1,001,002
Trainable params: 1,001,002
Non-trainable params: 0
_________________________________________________________________
`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.model(t).Summary(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// The totals agree with CountParams once the model is built, and every line
// fits Keras' 65 columns when names are short.
func TestSummaryAgreesWithCountParams(t *testing.T) {
	m := sumModel(t, sumNorm(t, 0), sumDense{Units: 8, Activation: core.ReLU}, 0.2, sumDense{Units: 1, NoBias: true})
	if err := m.Build(5); err != nil {
		t.Fatal(err)
	}
	s := m.Summary()
	want := fmt.Sprintf("Total params: %d\n", m.CountParams()) // 11 + 48 + 8
	if m.CountParams() != 67 || !strings.Contains(s, want) {
		t.Errorf("got CountParams %d and summary\n%s\nwant 67 and a line %q", m.CountParams(), s, want)
	}
	for _, line := range strings.Split(s, "\n") {
		if n := len([]rune(line)); n > 65 {
			t.Errorf("line %q has %d characters, want at most 65", line, n)
		}
	}
	// Adapting changes no count.
	if err := m.Layers()[0].(*core.Normalization).Adapt(mat.NewDense(2, 5, make([]float64, 10))); err != nil {
		t.Fatal(err)
	}
	if got := m.Summary(); got != s {
		t.Errorf("got after adapt\n%s\nwant\n%s", got, s)
	}
}

// The Keras tutorial model, with a Normalization layer in front: its
// statistics count as non-trainable parameters (mean, variance and count).
func ExampleSequential_Summary() {
	model := core.NewSequential(42)
	norm, _ := core.NewNormalization(2)
	hidden1, _ := core.NewDense(core.DenseConfig{Units: 64, Activation: core.ReLU})
	dropout, _ := core.NewDropout(0.2)
	hidden2, _ := core.NewDense(core.DenseConfig{Units: 64, Activation: core.ReLU})
	output, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid})
	for _, l := range []core.Layer{norm, hidden1, dropout, hidden2, output} {
		model.Add(l)
	}
	fmt.Print(model.Summary())
	fmt.Println("countParams:", model.CountParams())
	// Output:
	// Model: "sequential"
	// _________________________________________________________________
	//  Layer (type)                Output Shape              Param #
	// =================================================================
	//  normalization_1             (None, 2)                 5
	//  (Normalization)
	//  dense_1 (Dense)             (None, 64)                192
	//  dropout_1 (Dropout)         (None, 64)                0
	//  dense_2 (Dense)             (None, 64)                4160
	//  dense_3 (Dense)             (None, 1)                 65
	// =================================================================
	// Total params: 4,422
	// Trainable params: 4,417
	// Non-trainable params: 5
	// _________________________________________________________________
	// countParams: 4422
}
