package core

import (
	"math"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// MaxClasses bounds the number of classes of a classification problem, so
// that a stray label such as 1e9 is reported instead of allocating without
// limit.
const MaxClasses = 1 << 16

// maxOneHotCells bounds the size of OneHot's result: 2^27 float64 are 1 GiB.
const maxOneHotCells = 1 << 27

// classLabels checks that labels is a column of class indices (integers in
// 0..MaxClasses-1) and returns them with the number of classes, max+1.
// Errors are prefixed by who and name the offending row (counted from 0).
func classLabels(who string, labels *mat.Dense) ([]int, int, error) {
	if labels == nil || labels.IsEmpty() {
		return nil, 0, fmtlite.Errorf("%s: no labels", who)
	}
	rows, cols := labels.Dims()
	if cols != 1 {
		return nil, 0, fmtlite.Errorf("%s: labels have %d columns, want 1 (one class index per row)", who, cols)
	}
	out := make([]int, rows)
	k := 0
	for i := range rows {
		v := labels.At(i, 0)
		if v != math.Trunc(v) || v < 0 || v >= MaxClasses { // NaN fails the first test
			return nil, 0, fmtlite.Errorf("%s: row %d: label %v is not a class index (an integer from 0 to %d)", who, i, v, MaxClasses-1)
		}
		c := int(v)
		out[i] = c
		k = max(k, c+1)
	}
	return out, k, nil
}

// NumClasses returns the number of classes that integer labels imply: the
// largest label plus one. labels must be a single column of class indices,
// integers from 0 to MaxClasses-1; an error names the first row (counted
// from 0) that is not.
func NumClasses(labels *mat.Dense) (int, error) {
	_, k, err := classLabels("classes", labels)
	return k, err
}

// OneHot encodes a column of class indices as rows of numClasses columns,
// with 1 in the column of the row's class and 0 elsewhere. Every label must
// be an integer in 0..numClasses-1; an error names the first row (counted
// from 0) and label that is not.
func OneHot(labels *mat.Dense, numClasses int) (*mat.Dense, error) {
	if numClasses < 1 || numClasses > MaxClasses {
		return nil, fmtlite.Errorf("one-hot: number of classes must be between 1 and %d, got %d", MaxClasses, numClasses)
	}
	idx, _, err := classLabels("one-hot", labels)
	if err != nil {
		return nil, err
	}
	if len(idx) > maxOneHotCells/numClasses {
		return nil, fmtlite.Errorf("one-hot: %d labels × %d classes is too large (the limit is %d cells)", len(idx), numClasses, maxOneHotCells)
	}
	for i, c := range idx {
		if c >= numClasses {
			return nil, fmtlite.Errorf("one-hot: row %d: label %d is out of range for %d classes (want 0..%d)", i, c, numClasses, numClasses-1)
		}
	}
	if err := CheckMemory("one-hot", "the encoded labels", cellBytes(len(idx), numClasses)); err != nil {
		return nil, err
	}
	out := mat.NewDense(len(idx), numClasses, nil)
	for i, c := range idx {
		out.Set(i, c, 1)
	}
	return out, nil
}
