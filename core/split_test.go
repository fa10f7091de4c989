package core

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// dsLoadCSV parses one of the shipped datasets.
func dsLoadCSV(t testing.TB, name string) *Dataset {
	t.Helper()
	f, err := os.Open(dsDataFile(name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := ParseCSV(f, CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// dsIndexed returns a dataset whose feature 0 is the example's index, and whose
// label is labels[i].
func dsIndexed(labels ...float64) *Dataset {
	n := len(labels)
	x := mat.NewDense(n, 2, nil)
	for i := range n {
		x.Set(i, 0, float64(i))
		x.Set(i, 1, -float64(i))
	}
	return &Dataset{X: x, Y: mat.NewDense(n, 1, labels), FeatureNames: []string{"i", "neg"}, ClassNames: []string{"a", "b"}}
}

// dsIDs returns feature 0 of every row of d: the indices in an indexed dataset.
func dsIDs(d *Dataset) []int {
	out := make([]int, d.Len())
	for i := range out {
		out[i] = int(d.X.At(i, 0))
	}
	return out
}

// dsClassCounts counts d's examples per class.
func dsClassCounts(t *testing.T, d *Dataset) map[int]int {
	t.Helper()
	counts := make(map[int]int)
	for i := range d.Len() {
		counts[int(d.Y.At(i, 0))]++
	}
	return counts
}

func TestSplitSizesAndCoverage(t *testing.T) {
	tests := []struct {
		n        int
		fraction float64
		stratify bool
		wantTest int
	}{
		{10, 0.2, false, 2},
		{10, 0.2, true, 2},
		{2, 0.5, false, 1},
		{2, 0.01, false, 1}, // rounds to 0, raised to 1
		{2, 0.99, true, 1},  // rounds to 2, lowered to 1
		{3, 0.5, true, 2},   // math.Round rounds half away from zero
		{7, 0.3, true, 2},   // 2.1
		{100, 0.25, true, 25},
		{101, 0.1, false, 10},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("n=%d/f=%v/stratify=%v", tt.n, tt.fraction, tt.stratify)
		t.Run(name, func(t *testing.T) {
			labels := make([]float64, tt.n)
			for i := range labels {
				labels[i] = float64(i % 2)
			}
			d := dsIndexed(labels...)
			train, test, err := Split(d, SplitOptions{TestFraction: tt.fraction, Seed: 1, Stratify: tt.stratify})
			if err != nil {
				t.Fatal(err)
			}
			if test.Len() != tt.wantTest || train.Len() != tt.n-tt.wantTest {
				t.Errorf("sizes train %d, test %d; want %d, %d", train.Len(), test.Len(), tt.n-tt.wantTest, tt.wantTest)
			}
			all := append(dsIDs(train), dsIDs(test)...)
			slices.Sort(all)
			for i, id := range all {
				if id != i {
					t.Fatalf("examples after split = %v, want each of 0..%d once", all, tt.n-1)
				}
			}
			// Labels and second feature travel with their rows.
			for _, part := range []*Dataset{train, test} {
				for i := range part.Len() {
					id := part.X.At(i, 0)
					if part.X.At(i, 1) != -id || part.Y.At(i, 0) != labels[int(id)] {
						t.Fatalf("row %d of a part mixes examples: x=%v y=%v", i, part.X.RawRowView(i), part.Y.At(i, 0))
					}
				}
			}
		})
	}
}

func TestSplitStratifiedIris(t *testing.T) {
	iris := dsLoadCSV(t, "iris.csv")
	tests := []struct {
		fraction            float64
		wantTrain, wantTest int // per class; iris has 50 of each
	}{
		{0.2, 40, 10},
		{0.3, 35, 15},
		{0.5, 25, 25},
	}
	for _, tt := range tests {
		for seed := range uint64(5) {
			train, test, err := Split(iris, SplitOptions{TestFraction: tt.fraction, Seed: seed, Stratify: true})
			if err != nil {
				t.Fatal(err)
			}
			for c := range 3 {
				if got := dsClassCounts(t, train)[c]; got != tt.wantTrain {
					t.Errorf("f=%v seed %d: class %d has %d training examples, want %d", tt.fraction, seed, c, got, tt.wantTrain)
				}
				if got := dsClassCounts(t, test)[c]; got != tt.wantTest {
					t.Errorf("f=%v seed %d: class %d has %d test examples, want %d", tt.fraction, seed, c, got, tt.wantTest)
				}
			}
			if !slices.Equal(train.FeatureNames, iris.FeatureNames) || !slices.Equal(test.ClassNames, iris.ClassNames) {
				t.Errorf("names not copied: %q %q", train.FeatureNames, test.ClassNames)
			}
		}
	}
}

func TestSplitStratifiedImbalanced(t *testing.T) {
	bc := dsLoadCSV(t, "breast_cancer.csv") // 212 malignant (0), 357 benign (1)
	train, test, err := Split(bc, SplitOptions{TestFraction: 0.25, Seed: 7, Stratify: true})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]int{0: 53, 1: 89} // 0.25 × 212 = 53, 0.25 × 357 = 89.25; total round(142.25) = 142
	if got := dsClassCounts(t, test); got[0] != want[0] || got[1] != want[1] {
		t.Errorf("test class counts = %v, want %v", got, want)
	}
	if got := dsClassCounts(t, train); got[0] != 212-53 || got[1] != 357-89 {
		t.Errorf("train class counts = %v, want map[0:159 1:268]", got)
	}

	// Without stratification the proportions drift, but sizes hold.
	train, test, err = Split(bc, SplitOptions{TestFraction: 0.25, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 427 || test.Len() != 142 {
		t.Errorf("sizes %d, %d; want 427, 142", train.Len(), test.Len())
	}
}

func TestSplitDeterministic(t *testing.T) {
	labels := make([]float64, 200)
	for i := range labels {
		labels[i] = float64(i % 3)
	}
	d := dsIndexed(labels...)
	for _, stratify := range []bool{false, true} {
		split := func(seed uint64) ([]int, []int) {
			train, test, err := Split(d, SplitOptions{TestFraction: 0.3, Seed: seed, Stratify: stratify})
			if err != nil {
				t.Fatal(err)
			}
			return dsIDs(train), dsIDs(test)
		}
		train1, test1 := split(42)
		train2, test2 := split(42)
		if !slices.Equal(train1, train2) || !slices.Equal(test1, test2) {
			t.Errorf("stratify=%v: same seed gave different splits", stratify)
		}
		train3, test3 := split(43)
		if slices.Equal(train1, train3) && slices.Equal(test1, test3) {
			t.Errorf("stratify=%v: seeds 42 and 43 gave the same split", stratify)
		}
		if slices.IsSorted(train1) {
			t.Errorf("stratify=%v: training part is in the original order, want it shuffled", stratify)
		}
	}
}

func TestSplitCopies(t *testing.T) {
	d := dsIndexed(0, 1, 0, 1, 0, 1)
	train, test, err := Split(d, SplitOptions{TestFraction: 0.5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	train.X.Set(0, 0, 99)
	test.Y.Set(0, 0, 99)
	train.FeatureNames[0] = "changed"
	test.ClassNames[0] = "changed"
	for i := range d.Len() {
		if d.X.At(i, 0) != float64(i) || d.Y.At(i, 0) == 99 {
			t.Fatalf("changing a part changed the original at row %d", i)
		}
	}
	if d.FeatureNames[0] != "i" || d.ClassNames[0] != "a" {
		t.Errorf("changing a part's names changed the original: %q %q", d.FeatureNames, d.ClassNames)
	}
}

func TestSplitErrors(t *testing.T) {
	good := dsIndexed(0, 1, 0, 1)
	tests := []struct {
		name string
		d    *Dataset
		opt  SplitOptions
		want string
	}{
		{"nil dataset", nil, SplitOptions{TestFraction: 0.5}, "split: no data"},
		{"no X", &Dataset{}, SplitOptions{TestFraction: 0.5}, "split: no data"},
		{"no Y", &Dataset{X: mat.NewDense(2, 1, nil)}, SplitOptions{TestFraction: 0.5}, "split: no labels"},
		{"rows differ", &Dataset{X: mat.NewDense(3, 1, nil), Y: mat.NewDense(2, 1, nil)}, SplitOptions{TestFraction: 0.5}, "split: 3 feature rows but 2 label rows"},
		{"fraction 0", good, SplitOptions{}, "split: testFraction must be in (0, 1), got 0"},
		{"fraction 1", good, SplitOptions{TestFraction: 1}, "got 1"},
		{"fraction negative", good, SplitOptions{TestFraction: -0.2}, "got -0.2"},
		{"fraction NaN", good, SplitOptions{TestFraction: math.NaN()}, "got NaN"},
		{"one example", dsIndexed(0), SplitOptions{TestFraction: 0.5}, "split: need at least 2 examples to make two non-empty parts, got 1"},
		{"stratify regression labels", dsIndexed(0, 1, 2.5, 1), SplitOptions{TestFraction: 0.5, Stratify: true}, "split: stratify: row 2: label 2.5 is not a class index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			train, test, err := Split(tt.d, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Split = %v, %v, %v; want error containing %q", train, test, err, tt.want)
			}
		})
	}
}

func TestSubset(t *testing.T) {
	d := dsIndexed(0, 1, 0, 1)
	s := Subset(d, []int{3, 1, 3})
	if got, want := dsIDs(s), []int{3, 1, 3}; !slices.Equal(got, want) {
		t.Errorf("Subset ids = %v, want %v", got, want)
	}
	if got := s.Y.RawMatrix().Data; !slices.Equal(got, []float64{1, 1, 1}) {
		t.Errorf("Subset labels = %v, want [1 1 1]", got)
	}
	empty := Subset(d, nil)
	if empty.Len() != 0 || empty.X != nil || empty.Y != nil || !slices.Equal(empty.FeatureNames, d.FeatureNames) {
		t.Errorf("Subset(nil) = %+v, want no rows and the names", empty)
	}
}

func ExampleSplit() {
	iris, err := ParseCSVString(`a,b,species
1,1,x
2,2,x
3,3,x
4,4,x
5,5,y
6,6,y
7,7,y
8,8,y
`, CSVOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	train, test, err := Split(iris, SplitOptions{TestFraction: 0.25, Seed: 1, Stratify: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(train.Len(), test.Len(), test.ClassNames)
	// Output:
	// 6 2 [x y]
}

// TestSortByRemainderMatchesSortStable checks that sortByRemainder orders
// the classes exactly as slices.SortStableFunc with the comparison
// stratifiedQuotas used before, ties (and NaNs) included, so that Split's
// results do not change.
func TestSortByRemainderMatchesSortStable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	sizes := []int{0, 1, 2, 3, 5, 15, 16, 17, 31, 32, 33, 64, 100, 257, 1000}
	for _, k := range sizes {
		for trial := range 20 {
			rem := make([]float64, k)
			for i := range rem {
				switch trial % 4 {
				case 0: // few distinct values: many ties
					rem[i] = float64(rng.IntN(3)) / 4
				case 1: // all equal
					rem[i] = 0.5
				case 2: // distinct
					rem[i] = rng.Float64()
				default: // ties, zeros and NaNs
					rem[i] = []float64{0, 0.25, math.NaN(), 0.5}[rng.IntN(4)]
				}
			}
			order := rng.Perm(k)
			want := slices.Clone(order)
			slices.SortStableFunc(want, func(a, b int) int { return cmp.Compare(rem[b], rem[a]) })
			got := slices.Clone(order)
			sortByRemainder(got, rem)
			if !slices.Equal(got, want) {
				t.Fatalf("k=%d trial %d: rem %v perm %v\n got %v\nwant %v", k, trial, rem, order, got, want)
			}
		}
	}
}
