package core

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// Matrix helpers for the tests, in place of the gonum functions that
// internal/mat's stand-in (build tag litemat, the web build) does not have:
// the tests build with either. Each does what the gonum function it
// replaces does, through Dims, At and RawMatrix only.

// thDenseEqual reports whether a and b have the same shape and elements
// (==, so NaN differs from itself), as gonum's mat.Equal.
func thDenseEqual(a, b *mat.Dense) bool {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ar != br || ac != bc {
		return false
	}
	for i := 0; i < ar; i++ {
		for j := 0; j < ac; j++ {
			if a.At(i, j) != b.At(i, j) {
				return false
			}
		}
	}
	return true
}

// thDenseString renders m as fmt's %v of gonum's mat.Formatted(m) does
// (with squeeze, of mat.Formatted(m, mat.Squeeze())):
//
//	⎡1  2⎤
//	⎣3  4⎦
//
// elements in strconv's shortest 'g' form, right-aligned to the widest
// (with squeeze: the column's widest), two spaces apart; [1  2] for one row.
func thDenseString(m *mat.Dense, squeeze bool) string {
	r, c := m.Dims()
	cells := make([][]string, r)
	widths := make([]int, c)
	for i := range cells {
		cells[i] = make([]string, c)
		for j := range cells[i] {
			s := strconv.FormatFloat(m.At(i, j), 'g', -1, 64)
			cells[i][j] = s
			widths[j] = max(widths[j], len(s))
		}
	}
	if !squeeze {
		w := 0
		for _, x := range widths {
			w = max(w, x)
		}
		for j := range widths {
			widths[j] = w
		}
	}
	var b strings.Builder
	for i, row := range cells {
		open, end := "⎢", "⎥\n"
		switch {
		case r == 1:
			open, end = "[", "]"
		case i == 0:
			open, end = "⎡", "⎤\n"
		case i == r-1:
			open, end = "⎣", "⎦"
		}
		b.WriteString(open)
		for j, s := range row {
			if j > 0 {
				b.WriteString("  ")
			}
			b.WriteString(strings.Repeat(" ", widths[j]-len(s)))
			b.WriteString(s)
		}
		b.WriteString(end)
	}
	return b.String()
}

// thDenseRow returns a copy of row i of m, as gonum's mat.Row(nil, i, m).
func thDenseRow(m *mat.Dense, i int) []float64 {
	return append([]float64(nil), m.RawRowView(i)...)
}

// thMatMul returns the product a·b, as gonum's (*Dense).Mul into a new
// matrix (sums in the plain order; gonum's may round differently).
func thMatMul(a, b *mat.Dense) *mat.Dense {
	ar, ac := a.Dims()
	br, bc := b.Dims()
	if ac != br {
		panic("thMatMul: shape mismatch")
	}
	z := mat.NewDense(ar, bc, nil)
	for i := 0; i < ar; i++ {
		for j := 0; j < bc; j++ {
			s := 0.0
			for k := 0; k < ac; k++ {
				s += a.At(i, k) * b.At(k, j)
			}
			z.Set(i, j, s)
		}
	}
	return z
}

// thNormInf returns m's infinity norm, the largest absolute row sum, as
// gonum's mat.Norm(m, math.Inf(1)).
func thNormInf(m *mat.Dense) float64 {
	r, c := m.Dims()
	n := 0.0
	for i := 0; i < r; i++ {
		s := 0.0
		for j := 0; j < c; j++ {
			s += math.Abs(m.At(i, j))
		}
		n = max(n, s)
	}
	return n
}

func TestMatHelpers(t *testing.T) {
	a := mat.NewDense(2, 3, []float64{1, -2, 3, 4, 5.5, -60})
	b := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 1, 1})
	if !thDenseEqual(a, mat.NewDense(2, 3, []float64{1, -2, 3, 4, 5.5, -60})) ||
		thDenseEqual(a, b) || thDenseEqual(a, mat.NewDense(2, 3, []float64{1, -2, 3, 4, 5.5, 60})) {
		t.Error("thDenseEqual")
	}
	if nan := mat.NewDense(1, 1, []float64{math.NaN()}); thDenseEqual(nan, nan) {
		t.Error("thDenseEqual: NaN equals itself")
	}
	for _, tc := range []struct {
		m       *mat.Dense
		squeeze bool
		want    string
	}{
		{a, false, "⎡  1   -2    3⎤\n⎣  4  5.5  -60⎦"},
		{a, true, "⎡1   -2    3⎤\n⎣4  5.5  -60⎦"},
		{mat.NewDense(1, 3, []float64{0, 1, 0}), false, "[0  1  0]"},
		{mat.NewDense(1, 1, []float64{-0.5}), false, "[-0.5]"},
		{mat.NewDense(3, 1, []float64{2, 0, 1e-7}), false, "⎡    2⎤\n⎢    0⎥\n⎣1e-07⎦"},
		{mat.NewDense(3, 3, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0}), false, "⎡0  0  1⎤\n⎢1  0  0⎥\n⎣0  1  0⎦"},
	} {
		if got := thDenseString(tc.m, tc.squeeze); got != tc.want {
			t.Errorf("thDenseString(squeeze %v) =\n%s\nwant\n%s", tc.squeeze, got, tc.want)
		}
	}
	if got := thDenseRow(a, 1); !thEqual(got, []float64{4, 5.5, -60}) {
		t.Errorf("thDenseRow = %v", got)
	}
	p := thMatMul(a, b)
	if want := mat.NewDense(2, 2, []float64{4, 1, -56, -54.5}); !thDenseEqual(p, want) {
		t.Errorf("thMatMul = %v", p.RawMatrix().Data)
	}
	if n := thNormInf(a); n != 69.5 {
		t.Errorf("thNormInf = %v, want 69.5", n)
	}
}
