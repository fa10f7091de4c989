package core

import (
	"math/rand/v2"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// AugmentRows sets dstX to the rows x augmented by cfg exactly as Fit
// augments a batch (the same code), drawing from the augmentation stream of
// seed: a model made with that seed, fitting x in one unshuffled batch,
// trains on dstX. So a learner can look at what augmentation does to
// examples. y (nil without labels) gives the labels that mixup blends, set
// into dstY (nil when y is); mixup needs them. Jitter's spread is measured
// over the rows x, as Fit measures it over its training rows. dstX must
// have x's shape and dstY y's; x and y are not changed (dstX may be x).
// Errors name the call ("augment"), the problem and where (row, column).
func AugmentRows(dstX, dstY, x, y *Matrix, cfg AugmentConfig, seed uint64) error {
	if x == nil || x.IsEmpty() {
		return fmtlite.Errorf("augment: x is empty")
	}
	rows, cols := x.Dims()
	if dstX == nil {
		return fmtlite.Errorf("augment: dstX is nil")
	}
	if r, c := dstX.Dims(); r != rows || c != cols {
		return fmtlite.Errorf("augment: dstX is %d×%d but x is %d×%d", r, c, rows, cols)
	}
	if err := checkFinite(x); err != nil {
		return fmtlite.Errorf("augment: x %v", err)
	}
	yc := 0
	switch {
	case y == nil && dstY != nil:
		return fmtlite.Errorf("augment: dstY is given without labels y")
	case y != nil:
		var yr int
		yr, yc = y.Dims()
		if yr != rows {
			return fmtlite.Errorf("augment: y has %d rows but x has %d", yr, rows)
		}
		if dstY == nil {
			return fmtlite.Errorf("augment: dstY is nil but labels y are given")
		}
		if r, c := dstY.Dims(); r != yr || c != yc {
			return fmtlite.Errorf("augment: dstY is %d×%d but y is %d×%d", r, c, yr, yc)
		}
		if err := checkFinite(y); err != nil {
			return fmtlite.Errorf("augment: y %v", err)
		}
	case cfg.Mixup > 0:
		return fmtlite.Errorf("augment: mixup blends labels: pass y, one column per class")
	}
	if err := cfg.validate(cols, CategoricalCrossentropy); err != nil {
		return err
	}
	// The augmenter's buffers: σ per column, one image, the batch before
	// mixup.
	scratch := cellBytes(1, 2*cols)
	if cfg.Mixup > 0 {
		scratch = cellBytes(rows+1, 2*cols+yc)
	}
	if err := CheckMemory("augment", "the augmentation's buffers", scratch); err != nil {
		return err
	}
	a := newAugmenter(cfg, x, rand.New(rand.NewPCG(seed, augmentStream)))
	xb, yb := contiguous(dstX), contiguous(dstY)
	setRows(xb, x)
	if y != nil {
		setRows(yb, y)
	}
	a.apply(xb, yb) // a zero cfg changes nothing
	setRows(dstX, xb)
	if y != nil {
		setRows(dstY, yb)
	}
	return nil
}

// contiguous returns m, or a new matrix of m's shape without gaps between
// its rows when m is a view (apply works on whole rows in one slice).
func contiguous(m *mat.Dense) *mat.Dense {
	if m == nil {
		return nil
	}
	if r := m.RawMatrix(); r.Stride != r.Cols {
		return mat.NewDense(r.Rows, r.Cols, nil)
	}
	return m
}

// setRows copies src's rows into dst, of the same shape (nothing when
// they are the same matrix).
func setRows(dst, src *mat.Dense) {
	if dst == src {
		return
	}
	rows, _ := src.Dims()
	for i := range rows {
		copy(dst.RawRowView(i), src.RawRowView(i))
	}
}
