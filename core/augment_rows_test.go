package core

import (
	"math"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// TestAugmentRowsIsFitsBatch: the rows AugmentRows returns for a seed are
// the rows Fit trains on in its first batch, for a model of that seed
// fitting the same rows in one unshuffled batch, bit for bit; the same seed
// twice gives the same rows, another seed other rows.
func TestAugmentRowsIsFitsBatch(t *testing.T) {
	t.Parallel()
	for _, aug := range augCases {
		t.Run(aug.String(), func(t *testing.T) {
			t.Parallel()
			const seed = 11
			m, x, y := augSetup(t, seed, CategoricalCrossentropy)
			rows, cols := x.Dims()
			_, yc := y.Dims()
			fit := augBatches(t, m, x, y, FitConfig{Epochs: 1, BatchSize: rows, NoShuffle: true, Augment: aug})
			gx, gy := mat.NewDense(rows, cols, nil), mat.NewDense(rows, yc, nil)
			if err := AugmentRows(gx, gy, x, y, aug, seed); err != nil {
				t.Fatal(err)
			}
			if !thEqual(raw(gx), fit[0]) || !thEqual(raw(gy), fit[1]) {
				t.Fatalf("AugmentRows(seed %d) differs from the batch fit trained on", seed)
			}
			again, againY := mat.NewDense(rows, cols, nil), mat.NewDense(rows, yc, nil)
			if err := AugmentRows(again, againY, x, y, aug, seed); err != nil {
				t.Fatal(err)
			}
			if !thEqual(raw(gx), raw(again)) || !thEqual(raw(gy), raw(againY)) {
				t.Error("the same seed gave other rows")
			}
			if err := AugmentRows(again, againY, x, y, aug, seed+1); err != nil {
				t.Fatal(err)
			}
			if thEqual(raw(gx), raw(again)) {
				t.Error("seeds 11 and 12 gave the same rows")
			}
			if _, x2, _ := augSetup(t, seed, CategoricalCrossentropy); !thEqual(raw(x), raw(x2)) {
				t.Error("AugmentRows changed x")
			}
		})
	}
}

// TestAugmentRowsTransforms: no change is the identity; a whole-pixel
// shift moves a lit pixel by whole pixels; dst may be a view.
func TestAugmentRowsTransforms(t *testing.T) {
	t.Parallel()
	x := mat.NewDense(3, 9, nil)
	for i := range 3 {
		x.Set(i, 4, 1) // the centre of a 3×3 image
	}
	for _, cfg := range []AugmentConfig{{}, {ImageShape: [2]int{3, 3}}} {
		dst := mat.NewDense(3, 9, nil)
		if err := AugmentRows(dst, nil, x, nil, cfg, 1); err != nil {
			t.Fatal(err)
		}
		if !thEqual(raw(dst), raw(x)) {
			t.Errorf("%v: got %v, want the rows unchanged", cfg, raw(dst))
		}
	}
	// Shift ≤ 1 of a 3×3 image keeps the lit centre pixel's mass: the
	// bilinear weights of a shift sum to 1 and nothing leaves the image.
	big := mat.NewDense(5, 12, nil)
	view := big.Slice(1, 4, 2, 11).(*mat.Dense)
	if err := AugmentRows(view, nil, x, nil, AugmentConfig{ImageShape: [2]int{3, 3}, Shift: 1}, 3); err != nil {
		t.Fatal(err)
	}
	moved := false
	for i := range 3 {
		sum := 0.0
		for j := range 9 {
			sum += view.At(i, j)
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("row %d: pixels sum to %v, want 1", i, sum)
		}
		moved = moved || view.At(i, 4) != 1
	}
	if !moved {
		t.Error("shift 1 left every lit pixel in place")
	}
	for i := range 5 {
		for _, j := range []int{0, 1, 11} {
			if big.At(i, j) != 0 {
				t.Errorf("the write went outside the view at (%d, %d)", i, j)
			}
		}
	}
}

func TestAugmentRowsErrors(t *testing.T) {
	t.Parallel()
	x, y := mat.NewDense(2, 4, nil), mat.NewDense(2, 2, nil)
	nan := mat.NewDense(2, 4, nil)
	nan.Set(1, 2, math.NaN())
	img := AugmentConfig{ImageShape: [2]int{2, 2}, Shift: 1}
	for _, c := range []struct {
		name         string
		dx, dy, x, y *mat.Dense
		cfg          AugmentConfig
		want         string
	}{
		{"no x", x, nil, nil, nil, img, "augment: x is empty"},
		{"dst shape", mat.NewDense(3, 4, nil), nil, x, nil, img, "augment: dstX is 3×4 but x is 2×4"},
		{"nan", x, nil, nan, nil, img, "augment: x row 1"},
		{"y rows", x, mat.NewDense(3, 2, nil), x, mat.NewDense(3, 2, nil), img, "augment: y has 3 rows but x has 2"},
		{"no dstY", x, nil, x, y, img, "augment: dstY is nil"},
		{"mixup without y", x, nil, x, nil, AugmentConfig{Mixup: 0.2}, "augment: mixup blends labels"},
		{"shape", x, nil, x, nil, AugmentConfig{ImageShape: [2]int{3, 3}, Shift: 1}, "augment: imageShape [3, 3] needs 9 columns, but x has 4"},
		{"rotate", x, nil, x, nil, AugmentConfig{ImageShape: [2]int{2, 2}, Rotate: 200}, "augment: rotate must be between 0 and 180"},
	} {
		err := AugmentRows(c.dx, c.dy, c.x, c.y, c.cfg, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.name, err, c.want)
		}
	}
}
