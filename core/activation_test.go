package core

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// actForward applies f to one row z.
func actForward(f Activation, z []float64) []float64 {
	a := make([]float64, len(z))
	f.forward(z, a, 1, len(z))
	return a
}

func TestActivationValues(t *testing.T) {
	tests := []struct {
		f    Activation
		z    []float64
		want []float64
	}{
		{Linear, []float64{-2.5, 0, 3}, []float64{-2.5, 0, 3}},
		{ReLU, []float64{-1, 0, 2}, []float64{0, 0, 2}},
		{LeakyReLU, []float64{-1, 0, 3, -10}, []float64{-0.2, 0, 3, -2}},
		{ELU, []float64{-1, 0, 2}, []float64{math.Exp(-1) - 1, 0, 2}},
		{ELU, []float64{-1000}, []float64{-1}},
		{Sigmoid, []float64{0, 2, -2}, []float64{0.5, 0.8807970779778823, 0.11920292202211755}},
		{Tanh, []float64{0, 0.5, -0.5}, []float64{0, 0.46211715726000974, -0.46211715726000974}},
		{Softplus, []float64{0, 1, -1}, []float64{0.6931471805599453, 1.3132616875182228, 0.31326168751822286}},
		{Softmax, []float64{1, 2, 3}, []float64{0.09003057317038046, 0.24472847105479767, 0.6652409557748219}},
		{Softmax, []float64{5, 5}, []float64{0.5, 0.5}},
		{Softmax, []float64{7}, []float64{1}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s%v", tt.f, tt.z), func(t *testing.T) {
			got := actForward(tt.f, tt.z)
			thCheckClose(t, tt.f.String(), got, tt.want, 1e-15, 1e-14)
		})
	}
}

// TestActivationDerivativeValues checks dz = f'(z)·da at hand-picked points,
// including the conventions at the kinks (relu' (0) = 0, leakyRelu'(0) = α,
// elu'(0) = 1).
func TestActivationDerivativeValues(t *testing.T) {
	s2 := 0.8807970779778823
	tests := []struct {
		f    Activation
		z    []float64
		want []float64 // f'(z) (da = 1)
	}{
		{Linear, []float64{-3, 0, 4}, []float64{1, 1, 1}},
		{ReLU, []float64{-1, 0, 2}, []float64{0, 0, 1}},
		{LeakyReLU, []float64{-1, 0, 2}, []float64{0.2, 0.2, 1}},
		{ELU, []float64{-1, 0, 2}, []float64{math.Exp(-1), 1, 1}},
		{Sigmoid, []float64{0, 2}, []float64{0.25, s2 * (1 - s2)}},
		{Tanh, []float64{0, 0.5}, []float64{1, 1 - 0.46211715726000974*0.46211715726000974}},
		{Softplus, []float64{0, 2}, []float64{0.5, s2}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s%v", tt.f, tt.z), func(t *testing.T) {
			n := len(tt.z)
			a := actForward(tt.f, tt.z)
			da := make([]float64, n)
			for i := range da {
				da[i] = 1
			}
			dz := make([]float64, n)
			tt.f.backward(tt.z, a, da, dz, 1, n)
			thCheckClose(t, tt.f.String()+"'", dz, tt.want, 1e-15, 1e-14)
		})
	}
	// Softmax's Jacobian-vector product: dz_i = a_i (da_i - Σ_j a_j da_j).
	// For a = (0.25, 0.75) and da = (1, 0): Σ = 0.25, dz = (0.1875, -0.1875).
	z := []float64{0, math.Log(3)}
	a := actForward(Softmax, z)
	dz := make([]float64, 2)
	Softmax.backward(z, a, []float64{1, 0}, dz, 1, 2)
	thCheckClose(t, "softmax backward", dz, []float64{0.1875, -0.1875}, 1e-15, 1e-14)
}

// TestActivationBackwardNumeric compares each activation's backward pass
// with central differences of Σ da·f(z) on a 3×4 block, away from kinks.
func TestActivationBackwardNumeric(t *testing.T) {
	const h, tol = 1e-6, 1e-8
	rows, cols := 3, 4
	rng := thRNG(7)
	z := make([]float64, rows*cols)
	da := make([]float64, rows*cols)
	for i := range z {
		z[i] = 3 * rng.NormFloat64()
		if math.Abs(z[i]) < 0.01 {
			z[i] = 0.5
		}
		da[i] = rng.NormFloat64()
	}
	for _, f := range gcActivations {
		t.Run(f.String(), func(t *testing.T) {
			a := make([]float64, len(z))
			f.forward(z, a, rows, cols)
			dz := make([]float64, len(z))
			f.backward(z, a, da, dz, rows, cols)
			obj := func() float64 {
				out := make([]float64, len(z))
				f.forward(z, out, rows, cols)
				var s float64
				for i, v := range out {
					s += da[i] * v
				}
				return s
			}
			worst := 0.0
			for i := range z {
				orig := z[i]
				z[i] = orig + h
				lp := obj()
				z[i] = orig - h
				lm := obj()
				z[i] = orig
				num := (lp - lm) / (2 * h)
				worst = math.Max(worst, math.Abs(num-dz[i]))
				if !thClose(dz[i], num, tol, 1e-6) {
					t.Errorf("dz[%d] at z=%g: got %.12g, want %.12g (numeric)", i, z[i], dz[i], num)
				}
			}
			t.Logf("worst |Δ| = %.3g", worst)
		})
	}
}

// TestActivationStability feeds |z| = 1000 (and rows of huge values to
// softmax): every output and derivative must be finite and have its limit.
func TestActivationStability(t *testing.T) {
	big := 1000.0
	tests := []struct {
		f    Activation
		z    []float64
		want []float64
	}{
		{Sigmoid, []float64{big, -big}, []float64{1, 0}},
		{Softplus, []float64{big, -big}, []float64{big, 0}},
		{Tanh, []float64{big, -big}, []float64{1, -1}},
		{ELU, []float64{big, -big}, []float64{big, -1}},
		{ReLU, []float64{big, -big}, []float64{big, 0}},
		{LeakyReLU, []float64{big, -big}, []float64{big, -200}},
		{Softmax, []float64{big, 0, -big}, []float64{1, 0, 0}},
		{Softmax, []float64{big, big}, []float64{0.5, 0.5}},
		{Softmax, []float64{-big, -big, -big, -big}, []float64{0.25, 0.25, 0.25, 0.25}},
		{Softmax, []float64{1e300, -1e300}, []float64{1, 0}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s%v", tt.f, tt.z), func(t *testing.T) {
			a := actForward(tt.f, tt.z)
			thCheckClose(t, tt.f.String(), a, tt.want, 1e-15, 1e-15)
			da := make([]float64, len(a))
			for i := range da {
				da[i] = 1 + float64(i)
			}
			dz := make([]float64, len(a))
			tt.f.backward(tt.z, a, da, dz, 1, len(a))
			for i, v := range append(a, dz...) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Errorf("value %d = %v, want finite (a %v, dz %v)", i, v, a, dz)
				}
			}
		})
	}
}

func TestSoftmaxRowsSumToOne(t *testing.T) {
	rng := thRNG(3)
	for _, scale := range []float64{0.1, 1, 10, 100, 1000} {
		rows, cols := 5, 7
		z := make([]float64, rows*cols)
		for i := range z {
			z[i] = scale * rng.NormFloat64()
		}
		a := make([]float64, len(z))
		Softmax.forward(z, a, rows, cols)
		for r := 0; r < rows; r++ {
			var s float64
			for _, v := range a[r*cols : (r+1)*cols] {
				if v < 0 || v > 1 {
					t.Errorf("scale %v row %d: probability %v outside [0, 1]", scale, r, v)
				}
				s += v
			}
			if math.Abs(s-1) > 1e-14 {
				t.Errorf("scale %v row %d: sum = %.17g, want 1", scale, r, s)
			}
		}
	}
}

// TestActivationInPlaceBlock checks that forward touches only rows·cols
// entries (buffers may be longer than the block).
func TestActivationInPlaceBlock(t *testing.T) {
	for _, f := range gcActivations {
		z := []float64{1, -1, 2, -2, 99}
		a := []float64{0, 0, 0, 0, 42}
		f.forward(z, a, 2, 2)
		if a[4] != 42 {
			t.Errorf("%s: forward wrote past the block: a[4] = %v, want 42", f, a[4])
		}
	}
}

func TestParseActivation(t *testing.T) {
	tests := []struct {
		name    string
		want    Activation
		wantErr string
	}{
		{"", Linear, ""},
		{"linear", Linear, ""},
		{"relu", ReLU, ""},
		{"leakyRelu", LeakyReLU, ""},
		{"leaky_relu", LeakyReLU, ""},
		{"LeakyReLU", LeakyReLU, ""},
		{"elu", ELU, ""},
		{"sigmoid", Sigmoid, ""},
		{"tanh", Tanh, ""},
		{"softmax", Softmax, ""},
		{"softplus", Softplus, ""},
		{"SOFTPLUS", Softplus, ""},
		{"swish", 0, "unknown activation 'swish' (known: linear, relu, leakyRelu, elu, sigmoid, tanh, softmax, softplus)"},
		{"re lu", 0, "unknown activation 're lu'"},
		{"relu6", 0, "unknown activation 'relu6'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseActivation(tt.name)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseActivation(%q) error = %v, want one containing %q", tt.name, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseActivation(%q) = %v, %v; want %v, nil", tt.name, got, err, tt.want)
			}
		})
	}
}

func TestActivationStringRoundTrip(t *testing.T) {
	want := []string{"linear", "relu", "leakyRelu", "elu", "sigmoid", "tanh", "softmax", "softplus"}
	for i, f := range gcActivations {
		if got := f.String(); got != want[i] {
			t.Errorf("Activation(%d).String() = %q, want %q", i, got, want[i])
		}
		if got, err := ParseActivation(f.String()); err != nil || got != f {
			t.Errorf("ParseActivation(%q) = %v, %v; want %v", f.String(), got, err, f)
		}
	}
	for _, bad := range []Activation{-1, 8, 99} {
		if got, want := bad.String(), fmt.Sprintf("Activation(%d)", int(bad)); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}
