package core

import (
	"github.com/gotrain/gotrain/core/internal/cut"
	"math"
	"strings"

	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Features returns new input columns computed from x's, one per name, row
// by row: TensorFlow Playground's feature inputs (x₁, x₂, x₁², x₂², x₁x₂,
// sin x₁, sin x₂) for any number of columns. A name is one of
//
//	x1        column 1 (columns count from 1, as the generated datasets'
//	          feature names x1, x2 do)
//	x1^2      its square
//	x1*x2     the product of two columns
//	sin(x1)   its sine (radians); cos(x1) its cosine
//
// with spaces ignored (a name may repeat). It is a data transform, not a layer, so that models
// stay Keras' and TF.js' own (neither has such a layer): transform the
// training data and every input predicted on (a heatmap's grid too) alike.
func Features(x *Matrix, names []string) (*Matrix, error) {
	const call = "features"
	if x == nil || x.IsEmpty() {
		return nil, fmtlite.Errorf("%s: x is empty", call)
	}
	rows, cols := x.Dims()
	if len(names) == 0 {
		return nil, fmtlite.Errorf("%s: no feature names (such as x1, x1^2, x1*x2, sin(x1))", call)
	}
	if len(names) > MaxUnits || rows*len(names) > MaxCSVCells {
		return nil, fmtlite.Errorf("%s: %d rows of %d features is more than the limit of %d values", call, rows, len(names), MaxCSVCells)
	}
	fs := make([]feature, len(names))
	for k, name := range names {
		f, err := parseFeature(name, cols)
		if err != nil {
			return nil, err
		}
		fs[k] = f
	}
	out := mat.NewDense(rows, len(fs), nil)
	o := raw(out)
	for r := 0; r < rows; r++ {
		in := x.RawRowView(r)
		for k, f := range fs {
			o[r*len(fs)+k] = f.of(in)
		}
	}
	return out, nil
}

// feature is one parsed feature name: op applied to columns i and j (from 0).
type feature struct {
	op   byte // 'x' the column, 'q' its square, 'p' the product, 's' sine, 'c' cosine
	i, j int
}

// of returns the feature of one row.
func (f feature) of(row []float64) float64 {
	switch f.op {
	case 'q':
		return row[f.i] * row[f.i]
	case 'p':
		return row[f.i] * row[f.j]
	case 's':
		return math.Sin(row[f.i])
	case 'c':
		return math.Cos(row[f.i])
	}
	return row[f.i]
}

// parseFeature reads one feature name for an x of cols columns.
func parseFeature(name string, cols int) (feature, error) {
	s := strings.ReplaceAll(name, " ", "")
	f, ok := feature{op: 'x'}, false
	switch {
	case strings.HasPrefix(s, "sin(") && strings.HasSuffix(s, ")"):
		f.op = 's'
		f.i, ok = column(s[4:len(s)-1], cols)
	case strings.HasPrefix(s, "cos(") && strings.HasSuffix(s, ")"):
		f.op = 'c'
		f.i, ok = column(s[4:len(s)-1], cols)
	case strings.HasSuffix(s, "^2"):
		f.op = 'q'
		f.i, ok = column(s[:len(s)-2], cols)
	case strings.Contains(s, "*"):
		a, b, _ := strings.Cut(s, "*")
		f.op = 'p'
		var okB bool
		f.i, ok = column(a, cols)
		f.j, okB = column(b, cols)
		ok = ok && okB
	default:
		f.i, ok = column(s, cols)
	}
	if !ok {
		return feature{}, fmtlite.Errorf("features: %s is not a feature of x's %d columns (known forms: x1, x1^2, x1*x2, sin(x1), cos(x1), with columns from x1 to x%d)", cut.Quoted(name), cols, cols)
	}
	return f, nil
}

// column reads "x<n>" (n from 1 to cols, no leading zero) as the column
// index n-1.
func column(s string, cols int) (int, bool) {
	if len(s) < 2 || len(s) > 8 || s[0] != 'x' || s[1] == '0' {
		return 0, false
	}
	n := 0
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	if n > cols {
		return 0, false
	}
	return n - 1, true
}
