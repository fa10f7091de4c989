//go:build !litemat

package mat

import (
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// TestAliases checks that without the litemat tag the package's types are
// gonum's own, so that core's API takes and returns gonum matrices.
func TestAliases(t *testing.T) {
	var d *mat.Dense = NewDense(2, 2, []float64{1, 2, 3, 4})
	var g blas64.General = d.RawMatrix()
	var m mat.Matrix = d.Slice(0, 1, 0, 2)
	if _, ok := m.(*Dense); !ok {
		t.Errorf("Slice returned %T, want *Dense", m)
	}
	if g.Rows != 2 || !mat.Equal(d, mat.NewDense(2, 2, []float64{1, 2, 3, 4})) {
		t.Error("NewDense is not gonum's")
	}
	var _ General = g
	var _ Matrix = m
}
