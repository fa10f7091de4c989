package core

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestFeatures(t *testing.T) {
	t.Parallel()
	x := thMat(3, 2, 1, 2, -0.5, 3, 0, -4)
	tests := []struct {
		name string
		want func(x1, x2 float64) float64
	}{
		{"x1", func(a, b float64) float64 { return a }},
		{"x2", func(a, b float64) float64 { return b }},
		{"x1^2", func(a, b float64) float64 { return a * a }},
		{"x2^2", func(a, b float64) float64 { return b * b }},
		{"x1*x2", func(a, b float64) float64 { return a * b }},
		{"x2*x1", func(a, b float64) float64 { return b * a }},
		{"sin(x1)", func(a, b float64) float64 { return math.Sin(a) }},
		{"sin(x2)", func(a, b float64) float64 { return math.Sin(b) }},
		{"cos(x2)", func(a, b float64) float64 { return math.Cos(b) }},
		{" sin( x1 ) ", func(a, b float64) float64 { return math.Sin(a) }},
		{"x1 * x2", func(a, b float64) float64 { return a * b }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := Features(x, []string{tt.name})
			if err != nil {
				t.Fatal(err)
			}
			if r, c := got.Dims(); r != 3 || c != 1 {
				t.Fatalf("%d×%d, want 3×1", r, c)
			}
			for i := range 3 {
				if want := tt.want(x.At(i, 0), x.At(i, 1)); got.At(i, 0) != want {
					t.Errorf("row %d: %v, want %v", i, got.At(i, 0), want)
				}
			}
		})
	}
	// TF Playground's seven, in order, as columns.
	all := []string{"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"}
	got, err := Features(x, all)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := got.Dims(); r != 3 || c != 7 {
		t.Fatalf("%d×%d, want 3×7", r, c)
	}
	if got.At(1, 4) != -1.5 || got.At(2, 3) != 16 || got.At(0, 5) != math.Sin(1) {
		t.Errorf("features %v", raw(got))
	}
}

func TestFeaturesErrors(t *testing.T) {
	t.Parallel()
	x := thMat(2, 2, 1, 2, 3, 4)
	tests := []struct {
		names []string
		want  string
	}{
		{nil, "features: no feature names"},
		{[]string{"x3"}, "features: 'x3' is not a feature of x's 2 columns (known forms: x1, x1^2, x1*x2, sin(x1), cos(x1), with columns from x1 to x2)"},
		{[]string{"x0"}, "'x0' is not a feature"},
		{[]string{"x01"}, "'x01' is not a feature"},
		{[]string{"x1^3"}, "'x1^3' is not a feature"},
		{[]string{"x1*"}, "'x1*' is not a feature"},
		{[]string{"x1*x2*x1"}, "'x1*x2*x1' is not a feature"},
		{[]string{"tan(x1)"}, "'tan(x1)' is not a feature"},
		{[]string{"sin(x1"}, "'sin(x1' is not a feature"},
		{[]string{""}, "'' is not a feature"},
		{[]string{"x99999999999"}, "is not a feature"},
		{[]string{strings.Repeat("y", 100)}, "'" + strings.Repeat("y", 60) + "…' is not a feature"},
	}
	for _, tt := range tests {
		if _, err := Features(x, tt.names); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Features(%q) error %v, want %q", tt.names, err, tt.want)
		}
	}
	if _, err := Features(nil, []string{"x1"}); err == nil || !strings.Contains(err.Error(), "features: x is empty") {
		t.Errorf("nil x: %v", err)
	}
}

// featureName is a feature's name in canonical form (what parseFeature
// reads without spaces).
func featureName(f feature) string {
	c := func(i int) string { return fmt.Sprintf("x%d", i+1) }
	switch f.op {
	case 'q':
		return c(f.i) + "^2"
	case 'p':
		return c(f.i) + "*" + c(f.j)
	case 's':
		return "sin(" + c(f.i) + ")"
	case 'c':
		return "cos(" + c(f.i) + ")"
	}
	return c(f.i)
}

// FuzzParseFeature checks that no name panics, and that every name
// accepted is, without its spaces, the canonical form of what it parsed as.
func FuzzParseFeature(f *testing.F) {
	for _, s := range []string{"x1", "x2^2", "x1*x2", "sin(x1)", "cos(x2)", "x", "x10", "sin()", "*", "^2", "x1*x2^2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		ft, err := parseFeature(name, 12)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "features: '") {
				t.Fatalf("error %q", err)
			}
			return
		}
		if canon := featureName(ft); strings.ReplaceAll(name, " ", "") != canon {
			t.Fatalf("%q parsed as %+v, whose name is %q", name, ft, canon)
		}
		if ft.i < 0 || ft.i >= 12 || ft.j < 0 || ft.j >= 12 {
			t.Fatalf("%q: columns %d, %d out of 12", name, ft.i, ft.j)
		}
		row := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
		_ = ft.of(row)
	})
}

func TestRegressionGenerators(t *testing.T) {
	t.Parallel()
	for _, name := range RegressionGeneratorNames {
		for _, noise := range []float64{0, 0.3} {
			t.Run(fmt.Sprintf("%s/%v", name, noise), func(t *testing.T) {
				t.Parallel()
				d, err := Generate(name, 400, noise, 5)
				if err != nil {
					t.Fatal(err)
				}
				dsCheck(t, d)
				if r, c := d.X.Dims(); r != 400 || c != 2 || d.ClassNames != nil {
					t.Fatalf("X %d×%d, classes %v", r, c, d.ClassNames)
				}
				var lo, hi, distinct float64 = math.Inf(1), math.Inf(-1), 0
				seen := map[float64]bool{}
				for i := range 400 {
					x1, x2, y := d.X.At(i, 0), d.X.At(i, 1), d.Y.At(i, 0)
					if math.Abs(x1) > 6 || math.Abs(x2) > 6 {
						t.Fatalf("row %d: (%v, %v) outside [-6, 6]²", i, x1, x2)
					}
					if noise == 0 {
						var want float64
						if name == "plane" {
							want = (x1 + x2) / 10
						} else {
							want = multiGaussianAt(x1, x2)
						}
						if !thClose(y, want, 1e-15, 1e-13) {
							t.Fatalf("row %d: (%v, %v) has target %v, want %v", i, x1, x2, y, want)
						}
					}
					lo, hi = math.Min(lo, y), math.Max(hi, y)
					if !seen[y] {
						seen[y] = true
						distinct++
					}
				}
				if lo > -0.5 || hi < 0.5 || lo < -1.6 || hi > 1.6 || distinct < 100 {
					t.Errorf("targets from %v to %v, %v distinct; want a spread over about [-1, 1]", lo, hi, distinct)
				}
			})
		}
	}
	a, _ := Generate("multiGaussian", 50, 0.1, 9)
	b, _ := Generate("MULTIGAUSSIAN", 50, 0.1, 9)
	if !bitsEqual(raw(a.Y), raw(b.Y)) || !bitsEqual(raw(a.X), raw(b.X)) {
		t.Errorf("the same seed gave different data")
	}
}

// multiGaussianAt is the multiGaussian target written out: the bump of
// largest magnitude, each 1 - d/2 at distance d from its centre, ≥ 0.
func multiGaussianAt(x1, x2 float64) float64 {
	best := 0.0
	centres := []struct{ x, y, sign float64 }{{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}}
	for _, c := range centres {
		d := math.Sqrt((x1-c.x)*(x1-c.x) + (x2-c.y)*(x2-c.y))
		if v := c.sign * math.Max(0, 1-d/2); math.Abs(v) > math.Abs(best) {
			best = v
		}
	}
	return best
}

// ExampleFeatures turns two columns into TF Playground's seven inputs.
func ExampleFeatures() {
	x := NewMatrix(1, 2, []float64{2, -1})
	f, _ := Features(x, []string{"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"})
	fmt.Printf("%.3f\n", f.RawRowView(0))
	// Output:
	// [2.000 -1.000 4.000 1.000 -2.000 0.909 -0.841]
}
