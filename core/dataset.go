package core

import "github.com/gotrain/gotrain/core/internal/mat"

// Dataset is a table of examples: one feature row and one label per example.
type Dataset struct {
	// X holds the features, one row per example.
	X *mat.Dense
	// Y holds the labels, one row per example and one column: a class index
	// (0..k-1) for classification, or the target value for regression.
	Y *mat.Dense
	// FeatureNames names X's columns, in order.
	FeatureNames []string
	// ClassNames names the classes when the labels were text, indexed by
	// class index; nil when the labels were numbers.
	ClassNames []string
}

// Len returns the number of examples.
func (d *Dataset) Len() int {
	if d == nil || d.X == nil {
		return 0
	}
	r, _ := d.X.Dims()
	return r
}
