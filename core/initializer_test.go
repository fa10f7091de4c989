package core

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// truncStd is the standard deviation of a unit normal truncated to ±2.
const truncStd = 0.87962566103423978

func initStats(w []float64) (mean, std, lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range w {
		mean += v
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	mean /= float64(len(w))
	for _, v := range w {
		std += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(std / float64(len(w))), lo, hi
}

// TestInitializerStatistics fills a large 400×600 kernel and checks the
// mean, the standard deviation and the range of each distribution against
// Keras' formulas: uniform on ±limit with limit = sqrt(6/fan) (std
// limit/√3), truncated normal with std sqrt(2/fan) cut at two standard
// deviations of the underlying normal (std/0.8796).
func TestInitializerStatistics(t *testing.T) {
	const fanIn, fanOut = 400, 600
	n := fanIn * fanOut
	tests := []struct {
		init    Initializer
		uniform bool
		scale   float64 // limit for uniform, target std for normal
	}{
		{GlorotUniform, true, math.Sqrt(6.0 / (400 + 600))},
		{HeUniform, true, math.Sqrt(6.0 / 400)},
		{GlorotNormal, false, math.Sqrt(2.0 / (400 + 600))},
		{HeNormal, false, math.Sqrt(2.0 / 400)},
	}
	for _, tt := range tests {
		t.Run(tt.init.String(), func(t *testing.T) {
			w := make([]float64, n)
			tt.init.fill(w, fanIn, fanOut, thRNG(1))
			mean, std, lo, hi := initStats(w)
			wantStd, bound := tt.scale/math.Sqrt(3), tt.scale
			if !tt.uniform {
				wantStd, bound = tt.scale, 2*tt.scale/truncStd
			}
			// The mean of n draws has standard error std/√n: allow 5 of them.
			if se := wantStd / math.Sqrt(float64(n)); math.Abs(mean) > 5*se {
				t.Errorf("mean = %.3g, want 0 ± %.3g", mean, 5*se)
			}
			if math.Abs(std-wantStd) > 0.01*wantStd {
				t.Errorf("std = %.6g, want %.6g ± 1%%", std, wantStd)
			}
			if lo < -bound || hi > bound {
				t.Errorf("range [%.6g, %.6g], want within ±%.6g", lo, hi, bound)
			}
			// Both ends of the range are reached (within 1%).
			if lo > -0.99*bound || hi < 0.99*bound {
				t.Errorf("range [%.6g, %.6g] does not reach ±%.6g", lo, hi, bound)
			}
			t.Logf("mean %.3g, std %.6g (want %.6g), range [%.6g, %.6g] (bound %.6g)", mean, std, wantStd, lo, hi, bound)
		})
	}
}

// TestInitializerTruncation checks that the normal initializers never draw
// beyond two standard deviations of the underlying normal, and that about
// 95.45% of a plain normal's mass stays (the shape is a truncated normal,
// not a clipped one: no pile-up at the bounds).
func TestInitializerTruncation(t *testing.T) {
	for _, in := range []Initializer{GlorotNormal, HeNormal} {
		t.Run(in.String(), func(t *testing.T) {
			fanIn, fanOut := 3, 5
			std := math.Sqrt(2.0 / float64(fanIn+fanOut))
			if in == HeNormal {
				std = math.Sqrt(2.0 / float64(fanIn))
			}
			sigma := std / truncStd
			w := make([]float64, 200000)
			in.fill(w, fanIn, fanOut, thRNG(9))
			var beyondOne, nearBound int
			for _, v := range w {
				if math.Abs(v) > 2*sigma {
					t.Fatalf("value %v beyond 2σ = %v", v, 2*sigma)
				}
				if math.Abs(v) > sigma {
					beyondOne++
				}
				if math.Abs(v) > 1.99*sigma {
					nearBound++
				}
			}
			// P(|Z| > 1 | |Z| ≤ 2) = (0.9545 - 0.6827)/0.9545 ≈ 0.2848.
			if got := float64(beyondOne) / float64(len(w)); math.Abs(got-0.2848) > 0.005 {
				t.Errorf("fraction beyond 1σ = %.4f, want 0.2848", got)
			}
			// P(1.99 < |Z| ≤ 2 | |Z| ≤ 2) ≈ 0.00113: a clip would pile ~4.6% there.
			if got := float64(nearBound) / float64(len(w)); got > 0.003 {
				t.Errorf("fraction within 0.01σ of the bound = %.4f, want ≈ 0.0011", got)
			}
		})
	}
}

func TestInitializerZeros(t *testing.T) {
	w := []float64{1, -2, 3, math.NaN()}
	Zeros.fill(w, 2, 2, thRNG(1))
	for i, v := range w {
		if v != 0 {
			t.Errorf("w[%d] = %v, want 0", i, v)
		}
	}
	// Through a layer: the kernel is zero, and so is every bias.
	m := thModel(t, 3, thDense(t, DenseConfig{Units: 4, InputDim: 3, Initializer: Zeros}))
	for _, w := range m.GetWeights() {
		for i, v := range w.Data {
			if v != 0 {
				t.Errorf("%s[%d] = %v, want 0", w.Name, i, v)
			}
		}
	}
}

// TestInitializerDeterminism checks that a seed fixes the draws and that
// another seed changes them, both directly and through a model.
func TestInitializerDeterminism(t *testing.T) {
	for _, in := range []Initializer{GlorotUniform, GlorotNormal, HeUniform, HeNormal} {
		t.Run(in.String(), func(t *testing.T) {
			a, b, c := make([]float64, 50), make([]float64, 50), make([]float64, 50)
			in.fill(a, 5, 10, thRNG(42))
			in.fill(b, 5, 10, thRNG(42))
			in.fill(c, 5, 10, thRNG(43))
			if !thEqual(a, b) {
				t.Errorf("same seed gave %v and %v", a[:3], b[:3])
			}
			if thEqual(a, c) {
				t.Errorf("seeds 42 and 43 gave the same draws %v", a[:3])
			}
			model := func(seed uint64) []Weights {
				return thModel(t, seed,
					thDense(t, DenseConfig{Units: 6, InputDim: 4, Initializer: in}),
					thDense(t, DenseConfig{Units: 2, Initializer: in})).GetWeights()
			}
			m1, m2, m3 := model(7), model(7), model(8)
			for i := range m1 {
				if !thEqual(m1[i].Data, m2[i].Data) {
					t.Errorf("%s differs between two models of seed 7", m1[i].Name)
				}
			}
			if thEqual(m1[0].Data, m3[0].Data) {
				t.Errorf("models of seeds 7 and 8 have the same first kernel")
			}
		})
	}
}

func TestParseInitializer(t *testing.T) {
	tests := []struct {
		name    string
		want    Initializer
		wantErr string
	}{
		{"", GlorotUniform, ""},
		{"glorotUniform", GlorotUniform, ""},
		{"glorot_uniform", GlorotUniform, ""},
		{"glorotNormal", GlorotNormal, ""},
		{"glorot_normal", GlorotNormal, ""},
		{"heUniform", HeUniform, ""},
		{"he_uniform", HeUniform, ""},
		{"heNormal", HeNormal, ""},
		{"HeNormal", HeNormal, ""},
		{"zeros", Zeros, ""},
		{"ones", 0, "unknown initializer 'ones' (known: glorotUniform, glorotNormal, heUniform, heNormal, zeros)"},
		{"xavier", 0, "unknown initializer 'xavier'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInitializer(tt.name)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseInitializer(%q) error = %v, want %q", tt.name, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseInitializer(%q) = %v, %v; want %v", tt.name, got, err, tt.want)
			}
		})
	}
	for i, in := range []Initializer{GlorotUniform, GlorotNormal, HeUniform, HeNormal, Zeros} {
		if got, err := ParseInitializer(in.String()); err != nil || got != in {
			t.Errorf("round trip of %v: %v, %v", in, got, err)
		}
		if int(in) != i {
			t.Errorf("%v = %d, want %d", in, int(in), i)
		}
	}
	if got, want := Initializer(9).String(), fmt.Sprintf("Initializer(%d)", 9); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
