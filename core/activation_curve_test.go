package core

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestActivationCurveValues(t *testing.T) {
	t.Parallel()
	zs := []float64{-3, -1, -0.25, 0.5, 2}
	tests := []struct {
		f      Activation
		others []float64
		fn     func(z float64) float64
	}{
		{Linear, nil, func(z float64) float64 { return z }},
		{ReLU, nil, func(z float64) float64 { return math.Max(z, 0) }},
		{LeakyReLU, nil, func(z float64) float64 { return math.Max(z, 0.2*z) }},
		{ELU, nil, func(z float64) float64 {
			if z > 0 {
				return z
			}
			return math.Exp(z) - 1
		}},
		{Sigmoid, nil, func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }},
		{Tanh, nil, math.Tanh},
		{Softplus, nil, func(z float64) float64 { return math.Log(1 + math.Exp(z)) }},
		{Softmax, nil, func(z float64) float64 { return 1 / (1 + math.Exp(-z)) }},
		{Softmax, []float64{1, -2}, func(z float64) float64 {
			return math.Exp(z) / (math.Exp(z) + math.E + math.Exp(-2))
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s%v", tt.f, tt.others), func(t *testing.T) {
			t.Parallel()
			a, d, err := ActivationCurve(tt.f, zs, tt.others)
			if err != nil {
				t.Fatal(err)
			}
			for i, z := range zs {
				if want := tt.fn(z); !thClose(a[i], want, 1e-15, 1e-13) {
					t.Errorf("f(%v) = %.17g, want %.17g", z, a[i], want)
				}
				// The slope against a central finite difference of the
				// closed form (no kinks among zs).
				const h = 1e-6
				fd := (tt.fn(z+h) - tt.fn(z-h)) / (2 * h)
				if !thClose(d[i], fd, 1e-8, 1e-7) {
					t.Errorf("f′(%v) = %.17g, finite difference %.17g", z, d[i], fd)
				}
			}
		})
	}
}

// TestActivationCurveIsTheLayers checks that a curve's points are what a
// Dense layer computes: a Dense(1) with weight 1 and bias 0 traced at z
// gives a = f(z) and f′(z) equal to the curve's, bit for bit.
func TestActivationCurveIsTheLayers(t *testing.T) {
	t.Parallel()
	zs := []float64{-2.5, -0.1, 0, 0.3, 4}
	for f := Linear; f <= Softplus; f++ {
		if f == Softmax {
			continue
		}
		m := thModel(t, 1, thDense(t, DenseConfig{Units: 1, InputDim: 1, Activation: f}))
		thCompile(t, m, MeanSquaredError, "sgd")
		if err := m.SetWeights([]Weights{{Data: []float64{1}}, {Data: []float64{0}}}); err != nil {
			t.Fatal(err)
		}
		a, d, err := ActivationCurve(f, zs, nil)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := m.TraceBatch(thMat(len(zs), 1, zs...), thMat(len(zs), 1), TraceConfig{})
		if err != nil {
			t.Fatal(err)
		}
		if l := tr.Layers[0]; !bitsEqual(l.A, a) || !bitsEqual(l.DAdZ, d) {
			t.Errorf("%s: layer a %v f′ %v, curve %v %v", f, l.A, l.DAdZ, a, d)
		}
	}
}

// TestActivationCurveKinks pins the slopes where the derivative jumps: the
// backward passes' conventions.
func TestActivationCurveKinks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f    Activation
		want float64
	}{{ReLU, 0}, {LeakyReLU, 0.2}, {ELU, 1}}
	for _, tt := range tests {
		_, d, err := ActivationCurve(tt.f, []float64{0}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d[0] != tt.want {
			t.Errorf("%s′(0) = %v, want %v", tt.f, d[0], tt.want)
		}
	}
	// Far out, no overflow.
	for _, f := range []Activation{Sigmoid, Softplus, Tanh, ELU, Softmax} {
		a, d, err := ActivationCurve(f, []float64{-800, 800}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a {
			if math.IsNaN(a[i]) || math.IsInf(a[i], 0) || math.IsNaN(d[i]) || math.IsInf(d[i], 0) {
				t.Errorf("%s at ±800: f %v f′ %v", f, a, d)
			}
		}
	}
}

func TestActivationCurveErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		f       Activation
		zs      []float64
		others  []float64
		wantErr string
	}{
		{"NaN", Sigmoid, []float64{0, math.NaN()}, nil, "activationCurve: z[1] is NaN, not a finite number"},
		{"Inf other", Softmax, []float64{0}, []float64{math.Inf(1)}, "activationCurve: others[0] is +Inf"},
		{"others for relu", ReLU, []float64{0}, []float64{1}, "activationCurve: others applies to softmax only, not relu"},
		{"unknown", Activation(99), []float64{0}, nil, "activationCurve: unknown activation 99"},
		{"too many", Softmax, make([]float64, MaxCurvePoints/2+1), []float64{0}, "more than the limit"},
	}
	for _, tt := range tests {
		if _, _, err := ActivationCurve(tt.f, tt.zs, tt.others); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
		}
	}
	if a, d, err := ActivationCurve(ReLU, nil, nil); err != nil || len(a) != 0 || len(d) != 0 {
		t.Errorf("no points: %v %v %v", a, d, err)
	}
}

// ExampleActivationCurve prints the sigmoid and its slope at three points.
func ExampleActivationCurve() {
	a, d, _ := ActivationCurve(Sigmoid, []float64{-2, 0, 2}, nil)
	for i := range a {
		fmt.Printf("f = %.4f, f′ = %.4f\n", a[i], d[i])
	}
	// Output:
	// f = 0.1192, f′ = 0.1050
	// f = 0.5000, f′ = 0.2500
	// f = 0.8808, f′ = 0.1050
}
