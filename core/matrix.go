package core

import (
	"github.com/gotrain/gotrain/core/internal/mat"
	"github.com/gotrain/gotrain/core/internal/strsort"
)

// Matrix is the dense row-major matrix core takes and returns. Natively it
// is gonum's mat.Dense (an alias: gonum's functions take it as it is); in
// the web build (Go tag litemat) it is the small stand-in of
// core/internal/mat, with the methods core uses.
type Matrix = mat.Dense

// NewMatrix returns an r×c matrix holding data row-major, zeros when data is
// nil, as gonum's mat.NewDense (which panics on a length that does not fit).
func NewMatrix(r, c int, data []float64) *Matrix { return mat.NewDense(r, c, data) }

// Names returns the logged quantities' names, sorted.
func (l Logs) Names() []string {
	names := make([]string, 0, len(l))
	for k := range l {
		names = append(names, k)
	}
	strsort.Strings(names)
	return names
}
