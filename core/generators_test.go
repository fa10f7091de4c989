package core

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestGenerateShape(t *testing.T) {
	for _, name := range GeneratorNames {
		for _, n := range []int{1, 2, 7, 200, 1001} {
			for _, noise := range []float64{0, 0.1, 0.5} {
				t.Run(fmt.Sprintf("%s/n=%d/noise=%v", name, n, noise), func(t *testing.T) {
					d, err := Generate(name, n, noise, 1)
					if err != nil {
						t.Fatal(err)
					}
					dsCheck(t, d)
					if r, c := d.X.Dims(); r != n || c != 2 {
						t.Fatalf("X is %d×%d, want %d×2", r, c, n)
					}
					if want := []string{"x1", "x2"}; !slices.Equal(d.FeatureNames, want) {
						t.Errorf("FeatureNames = %q, want %q", d.FeatureNames, want)
					}
					ones := 0
					for i := range n {
						switch d.Y.At(i, 0) {
						case 1:
							ones++
						case 0:
						default:
							t.Fatalf("label %v at row %d, want 0 or 1", d.Y.At(i, 0), i)
						}
						for j := range 2 {
							if v := d.X.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
								t.Fatalf("X[%d,%d] = %v", i, j, v)
							}
						}
					}
					if zeros := n - ones; zeros-ones > 1 || ones-zeros > 1 {
						t.Errorf("%d of class 1 and %d of class 0, want equal within 1", ones, zeros)
					}
				})
			}
		}
	}
}

// TestGenerateClean checks each pattern without noise: where the points lie
// and that the label matches the geometry.
func TestGenerateClean(t *testing.T) {
	tests := []struct {
		name  string
		check func(x1, x2 float64, label int) string // "" if the point is right
	}{
		{"circle", func(x1, x2 float64, label int) string {
			r := math.Hypot(x1, x2)
			if label == 1 && r <= 2.5 || label == 0 && r >= 3.5 && r <= 5 {
				return ""
			}
			return fmt.Sprintf("radius %.3f", r)
		}},
		{"xor", func(x1, x2 float64, label int) string {
			if math.Abs(x1) < 0.3 || math.Abs(x2) < 0.3 || math.Abs(x1) > 5.3 || math.Abs(x2) > 5.3 {
				return "outside [-5.3,-0.3]∪[0.3,5.3]"
			}
			if (x1*x2 > 0) != (label == 1) {
				return "wrong quadrant"
			}
			return ""
		}},
		{"gaussian", func(x1, x2 float64, label int) string {
			c := -2.0
			if label == 1 {
				c = 2
			}
			if math.Hypot(x1-c, x2-c) > 6*math.Sqrt(0.5) {
				return "more than 6 sd from its centre"
			}
			return ""
		}},
		{"spiral", func(x1, x2 float64, label int) string {
			if math.Hypot(x1, x2) > 5 {
				return "radius > 5"
			}
			return ""
		}},
		{"moons", func(x1, x2 float64, label int) string {
			// Undo the centring and scaling to get make_moons' coordinates.
			u, v := x1/3+0.5, x2/3+0.25
			cu, cv := 0.0, 0.0 // upper moon, class 0
			if label == 1 {
				cu, cv = 1, 0.5
			}
			if r := math.Hypot(u-cu, v-cv); math.Abs(r-1) > 1e-9 {
				return fmt.Sprintf("distance %.6f from its moon's centre, want 1", r)
			}
			if label == 0 && v < -1e-9 || label == 1 && v > 0.5+1e-9 {
				return "on the wrong half of its circle"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Generate(tt.name, 500, 0, 9)
			if err != nil {
				t.Fatal(err)
			}
			for i := range d.Len() {
				x1, x2 := d.X.At(i, 0), d.X.At(i, 1)
				if math.Abs(x1) > 6 || math.Abs(x2) > 6 {
					t.Errorf("row %d: (%v, %v) outside [-6, 6]²", i, x1, x2)
				}
				if msg := tt.check(x1, x2, int(d.Y.At(i, 0))); msg != "" {
					t.Errorf("row %d: (%.3f, %.3f) label %v: %s", i, x1, x2, d.Y.At(i, 0), msg)
				}
			}
		})
	}
}

func TestGenerateShuffled(t *testing.T) {
	for _, name := range GeneratorNames {
		d, err := Generate(name, 100, 0.1, 5)
		if err != nil {
			t.Fatal(err)
		}
		first := 0 // class 1 among the first 20 examples
		for i := range 20 {
			first += int(d.Y.At(i, 0))
		}
		if first == 0 || first == 20 {
			t.Errorf("%s: the first 20 examples are all one class, want them shuffled", name)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	bits := func(d *Dataset) []uint64 {
		var out []uint64
		for _, v := range append(slices.Clone(d.X.RawMatrix().Data), d.Y.RawMatrix().Data...) {
			out = append(out, math.Float64bits(v))
		}
		return out
	}
	for _, name := range GeneratorNames {
		a, err := Generate(name, 300, 0.2, 42)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Generate(name, 300, 0.2, 42)
		c, _ := Generate(name, 300, 0.2, 43)
		if !slices.Equal(bits(a), bits(b)) {
			t.Errorf("%s: seed 42 twice gave different data", name)
		}
		if slices.Equal(bits(a), bits(c)) {
			t.Errorf("%s: seeds 42 and 43 gave the same data", name)
		}
	}
}

func TestGenerateNoise(t *testing.T) {
	// noise is a standard deviation in units of the pattern's scale. spiral's
	// points do not depend on the random source, and moons' are evenly spaced
	// too, so their clean variance is the same for any seed.
	tests := []struct {
		name  string
		scale float64
	}{{"spiral", 5}, {"moons", 3}}
	for _, tt := range tests {
		clean, _ := Generate(tt.name, 20000, 0, 3)
		noisy, _ := Generate(tt.name, 20000, 0.1, 3)
		// Independent noise adds its variance, (noise·scale)², to the
		// clean points' variance.
		vc, vn := dsVariance(clean.X.RawMatrix().Data), dsVariance(noisy.X.RawMatrix().Data)
		want := (0.1 * tt.scale) * (0.1 * tt.scale)
		if got := vn - vc; math.Abs(got-want) > 0.1*want {
			t.Errorf("%s: noise 0.1 added variance %.4f, want about %.4f", tt.name, got, want)
		}
	}
}

// dsVariance returns the variance of v.
func dsVariance(v []float64) float64 {
	var mean float64
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return ss / float64(len(v))
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name  string
		gen   string
		n     int
		noise float64
		want  string
	}{
		{"unknown", "squares", 10, 0, "unknown dataset 'squares' (known: circle, xor, gaussian, spiral, moons, plane, multiGaussian)"},
		{"empty name", "", 10, 0, "unknown dataset ''"},
		{"zero examples", "xor", 0, 0, "generate: number of examples must be between 1 and 1000000, got 0"},
		{"negative examples", "xor", -5, 0, "got -5"},
		{"too many examples", "xor", MaxGenerated + 1, 0, "got 1000001"},
		{"negative noise", "circle", 10, -0.1, "generate: noise must be between 0 and 100, got -0.1"},
		{"NaN noise", "circle", 10, math.NaN(), "got NaN"},
		{"Inf noise", "circle", 10, math.Inf(1), "got +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Generate(tt.gen, tt.n, tt.noise, 1)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Generate = %v, %v; want error containing %q", d, err, tt.want)
			}
		})
	}
	if _, err := Generate(" Moons ", 10, 0, 1); err != nil {
		t.Errorf("Generate(\" Moons \") = %v, want names matched case-insensitively", err)
	}
}

func ExampleGenerate() {
	d, err := Generate("xor", 200, 0.05, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	ones := 0
	for i := range d.Len() {
		ones += int(d.Y.At(i, 0))
	}
	fmt.Println(d.Len(), d.FeatureNames, ones)
	// Output:
	// 200 [x1 x2] 100
}
