//go:build !litemat

package mat

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Dense is gonum's dense matrix: without the litemat tag core's API is
// gonum's.
type Dense = mat.Dense

// Matrix is gonum's matrix interface (what Dense.Slice and Dense.T return).
type Matrix = mat.Matrix

// General is the raw row-major storage Dense.RawMatrix returns.
type General = blas64.General

// NewDense is gonum's mat.NewDense: an r×c matrix backed by data (row-major,
// len r*c) or, if data is nil, by new zeroed storage.
func NewDense(r, c int, data []float64) *Dense { return mat.NewDense(r, c, data) }
