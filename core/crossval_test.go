package core_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core"
)

// TestKFoldCoversEveryRowOnce: every row in exactly one fold, fold sizes
// within one of each other, the same folds for the same seed, others for
// another seed; stratified folds keep each class's count within one of its
// share.
func TestKFoldCoversEveryRowOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ n, k int }{{10, 2}, {10, 3}, {7, 7}, {100, 5}, {101, 10}, {1797, 5}} {
		for _, stratified := range []bool{false, true} {
			name := fmt.Sprintf("n=%d k=%d stratified=%v", tc.n, tc.k, stratified)
			y := core.NewMatrix(tc.n, 1, nil)
			classes := 3
			for i := range tc.n {
				y.Set(i, 0, float64((i*7)%classes))
			}
			fold := func(seed uint64) [][]int {
				var f [][]int
				var err error
				if stratified {
					f, err = core.StratifiedKFold(y, tc.k, seed)
				} else {
					f, err = core.KFold(tc.n, tc.k, seed)
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				return f
			}
			folds := fold(1)
			if len(folds) != tc.k {
				t.Fatalf("%s: got %d folds", name, len(folds))
			}
			seen := make([]int, tc.n)
			small, large := tc.n, 0
			for _, f := range folds {
				small, large = min(small, len(f)), max(large, len(f))
				for _, i := range f {
					seen[i]++
				}
			}
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("%s: row %d is in %d folds, want 1", name, i, c)
				}
			}
			if large-small > 1 {
				t.Errorf("%s: fold sizes from %d to %d", name, small, large)
			}
			if again := fold(1); !slices.EqualFunc(again, folds, slices.Equal) {
				t.Errorf("%s: seed 1 gave other folds the second time", name)
			}
			if tc.n > 10 {
				if other := fold(2); slices.EqualFunc(other, folds, slices.Equal) {
					t.Errorf("%s: seeds 1 and 2 gave the same folds", name)
				}
			}
			if stratified {
				for c := range classes {
					total := 0
					for i := range tc.n {
						if int(y.At(i, 0)) == c {
							total++
						}
					}
					for fi, f := range folds {
						got := 0
						for _, i := range f {
							if int(y.At(i, 0)) == c {
								got++
							}
						}
						if share := float64(total) / float64(tc.k); math.Abs(float64(got)-share) > 1 {
							t.Errorf("%s: fold %d has %d rows of class %d, want %.1f ± 1", name, fi, got, c, share)
						}
					}
				}
			}
		}
	}
}

func TestKFoldErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		f    func() error
		want string
	}{
		{func() error { _, err := core.KFold(10, 1, 0); return err }, "kFold: folds must be between 2"},
		{func() error { _, err := core.KFold(3, 4, 0); return err }, "kFold: 4 folds need at least 4 rows, got 3"},
		{func() error {
			_, err := core.StratifiedKFold(core.NewMatrix(2, 1, []float64{0, 0.5}), 2, 0)
			return err
		}, "row 1: label 0.5 is not a class index"},
		{func() error { _, err := core.StratifiedKFold(nil, 2, 0); return err }, "stratifiedKFold: no labels"},
	} {
		if err := c.f(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

// cvBuilder returns a model builder for 2-D binary data.
func cvBuilder(t testing.TB) core.ModelBuilder {
	return func(fold int) (*core.Sequential, error) {
		m := gtModel(t, 42, 2, gtLayer{8, core.ReLU}, gtLayer{1, core.Sigmoid})
		gtCompile(t, m, gtOptimizer(t, "adam", 0.02), core.BinaryCrossentropy, "accuracy")
		return m, nil
	}
}

func TestCrossValidate(t *testing.T) {
	t.Parallel()
	d := gtData(t, "moons", 200, 0.1, 1)
	cfg := core.CrossValConfig{Folds: 4, Stratify: true, Seed: 3, Fit: core.FitConfig{Epochs: 15, BatchSize: 16}}
	r, err := core.CrossValidate(d, cvBuilder(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Folds) != 4 {
		t.Fatalf("got %d folds", len(r.Folds))
	}
	for _, f := range r.Folds {
		if f.Train+f.Validation != 200 || f.Validation != 50 {
			t.Errorf("fold %d: %d training and %d validation rows", f.Fold, f.Train, f.Validation)
		}
		for _, k := range []string{"loss", "accuracy", "val_loss", "val_accuracy"} {
			if _, ok := f.Logs[k]; !ok {
				t.Errorf("fold %d logs %v, missing %s", f.Fold, f.Logs, k)
			}
		}
		if len(f.History.Epoch) != 15 {
			t.Errorf("fold %d trained %d epochs", f.Fold, len(f.History.Epoch))
		}
	}
	// The mean and sample sd of val_accuracy, by hand.
	var vals []float64
	for _, f := range r.Folds {
		vals = append(vals, f.Logs["val_accuracy"])
	}
	mean := (vals[0] + vals[1] + vals[2] + vals[3]) / 4
	var ss float64
	for _, v := range vals {
		ss += (v - mean) * (v - mean)
	}
	if got := r.Mean["val_accuracy"]; math.Abs(got-mean) > 1e-15 {
		t.Errorf("mean val_accuracy %v, want %v", got, mean)
	}
	if got, want := r.Std["val_accuracy"], math.Sqrt(ss/3); math.Abs(got-want) > 1e-15 {
		t.Errorf("sd val_accuracy %v, want %v", got, want)
	}
	if r.Mean["val_accuracy"] < 0.8 {
		t.Errorf("mean validation accuracy %v on moons: the folds did not learn", r.Mean["val_accuracy"])
	}
	// In slices: the same result, bit for bit.
	cv, err := core.NewCrossValidation(d, cvBuilder(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	runs := 0
	for !cv.Run(7) {
		runs++
	}
	r2, err := cv.Result()
	if err != nil {
		t.Fatal(err)
	}
	if runs < 10 {
		t.Errorf("only %d slices of 7 steps", runs)
	}
	for i := range r.Folds {
		for k, v := range r.Folds[i].Logs {
			if r2.Folds[i].Logs[k] != v {
				t.Errorf("fold %d %s: %v in slices, %v at once", i, k, r2.Folds[i].Logs[k], v)
			}
		}
	}
}

// TestHoldout: a holdout is one fold of round(fraction·n) rows, stratified
// to each class's share.
func TestHoldout(t *testing.T) {
	t.Parallel()
	d := gtData(t, "circle", 100, 0.1, 2)
	for _, strat := range []bool{false, true} {
		cv, err := core.NewCrossValidation(d, cvBuilder(t), core.CrossValConfig{Holdout: 0.25, Stratify: strat, Seed: 4, Fit: core.FitConfig{Epochs: 2, BatchSize: 16}})
		if err != nil {
			t.Fatal(err)
		}
		folds := cv.Folds()
		if len(folds) != 1 || len(folds[0]) != 25 {
			t.Fatalf("stratify %v: folds %v", strat, folds)
		}
		if strat {
			ones := 0
			for _, i := range folds[0] {
				ones += int(d.Y.At(i, 0))
			}
			total := 0
			for i := range 100 {
				total += int(d.Y.At(i, 0))
			}
			if want := float64(total) / 4; math.Abs(float64(ones)-want) > 1 {
				t.Errorf("held out %d of class 1, want %.1f ± 1", ones, want)
			}
		}
		cv.Run(0)
		r, err := cv.Result()
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Folds) != 1 || r.Folds[0].Train != 75 || r.Folds[0].Validation != 25 || r.Std["val_loss"] != 0 {
			t.Errorf("stratify %v: result %+v", strat, r.Folds)
		}
	}
}

func TestCrossValidateErrors(t *testing.T) {
	t.Parallel()
	d := gtData(t, "xor", 20, 0.1, 1)
	build := cvBuilder(t)
	for _, c := range []struct {
		d     *core.Dataset
		build core.ModelBuilder
		cfg   core.CrossValConfig
		want  string
	}{
		{nil, build, core.CrossValConfig{Folds: 2}, "crossValidate: no data"},
		{d, nil, core.CrossValConfig{Folds: 2}, "no model builder"},
		{d, build, core.CrossValConfig{Folds: 1, Fit: core.DefaultFitConfig()}, "crossValidate: folds must be between 2"},
		{d, build, core.CrossValConfig{Fit: core.DefaultFitConfig()}, "give folds (2 or more) or a holdout fraction in (0, 1), got folds 0 and holdout 0"},
		{d, build, core.CrossValConfig{Folds: 3, Holdout: 0.2, Fit: core.DefaultFitConfig()}, "give folds"},
		{d, build, core.CrossValConfig{Holdout: 1, Fit: core.DefaultFitConfig()}, "give folds"},
		{d, build, core.CrossValConfig{Folds: 21, Fit: core.DefaultFitConfig()}, "21 folds need at least 21 rows, got 20"},
		{d, build, core.CrossValConfig{Folds: 2, Fit: core.FitConfig{Epochs: 1, BatchSize: 4, ValidationSplit: 0.2}}, "validation settings must be empty"},
		{d, build, core.CrossValConfig{Folds: 2, Fit: core.FitConfig{Epochs: 0, BatchSize: 4}}, "crossValidate: fold 0: fit: epochs must be"},
		{d, func(int) (*core.Sequential, error) { return nil, fmt.Errorf("no luck") }, core.CrossValConfig{Folds: 2, Fit: core.DefaultFitConfig()}, "crossValidate: fold 0: no luck"},
	} {
		_, err := core.CrossValidate(c.d, c.build, c.cfg)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

// ExampleCrossValidate scores a small network on moons by 5-fold
// stratified cross-validation.
func ExampleCrossValidate() {
	data, _ := core.Generate("moons", 300, 0.1, 1)
	build := func(fold int) (*core.Sequential, error) {
		m := core.NewSequential(42)
		h, _ := core.NewDense(core.DenseConfig{Units: 16, Activation: core.ReLU, InputDim: 2})
		out, _ := core.NewDense(core.DenseConfig{Units: 1, Activation: core.Sigmoid})
		m.Add(h)
		m.Add(out)
		adam, _ := core.NewOptimizer(core.OptimizerConfig{Name: "adam", LearningRate: 0.02, Beta1: 0.9, Beta2: 0.999, Epsilon: core.Epsilon})
		err := m.Compile(core.CompileConfig{Optimizer: adam, Loss: core.BinaryCrossentropy, Metrics: []string{"accuracy"}})
		return m, err
	}
	r, err := core.CrossValidate(data, build, core.CrossValConfig{Folds: 5, Stratify: true, Seed: 1,
		Fit: core.FitConfig{Epochs: 30, BatchSize: 32}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d folds, validation accuracy %.2f ± %.2f\n", len(r.Folds), r.Mean["val_accuracy"], r.Std["val_accuracy"])
	// Output: 5 folds, validation accuracy 0.99 ± 0.01
}
