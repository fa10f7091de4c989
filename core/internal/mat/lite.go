//go:build litemat

package mat

// This file is the web build's stand-in for gonum's mat.Dense (see the
// package comment): the same storage layout (row-major, Stride ≥ Cols,
// capacity for Slice) and the methods core and wasm use, with gonum's
// semantics and panics. It imports nothing, so gotrain.wasm links none of
// gonum/mat's dependencies (fmt, os, reflect, blas, lapack).

// Matrix is the part of gonum's mat.Matrix interface the stand-in needs:
// what Dense.Slice returns (assert it back to *Dense, as with gonum).
type Matrix interface {
	// Dims returns the dimensions of a Matrix.
	Dims() (r, c int)
	// At returns the value of the element at row i, column j.
	At(i, j int) float64
}

// General is gonum's blas64.General: a row-major matrix in Data, element
// (i, j) at Data[i*Stride+j].
type General struct {
	Rows, Cols int
	Stride     int
	Data       []float64
}

// matError is the type of the stand-in's panic values, errors as gonum's
// mat.Error values.
type matError struct{ string }

func (err matError) Error() string { return err.string }

// The panic values, with gonum's messages.
var (
	errNegativeDimension = matError{"mat: negative dimension"}
	errIndexOutOfRange   = matError{"mat: index out of range"}
	errReuseNonEmpty     = matError{"mat: reuse of non-empty matrix"}
	errRowAccess         = matError{"mat: row index out of range"}
	errColAccess         = matError{"mat: column index out of range"}
	errZeroLength        = matError{"mat: zero length in matrix dimension"}
	errShape             = matError{"mat: dimension mismatch"}
)

// Dense is a dense matrix: the stand-in for gonum's mat.Dense. The zero
// value is an empty matrix, usable as the receiver of ReuseAs.
type Dense struct {
	mat              General
	capRows, capCols int
}

var _ Matrix = (*Dense)(nil)

// NewDense creates an r×c matrix backed by data (row-major, len(data) must
// be r*c; changes to the matrix are seen in data) or, if data is nil, by
// new zeroed storage. It panics if r or c is not positive or len(data) is
// wrong, as gonum's.
func NewDense(r, c int, data []float64) *Dense {
	checkDims(r, c)
	if data != nil && r*c != len(data) {
		panic(errShape)
	}
	if data == nil {
		data = make([]float64, r*c)
	}
	return &Dense{mat: General{Rows: r, Cols: c, Stride: c, Data: data}, capRows: r, capCols: c}
}

// checkDims panics unless r and c are both positive.
func checkDims(r, c int) {
	if r <= 0 || c <= 0 {
		if r == 0 || c == 0 {
			panic(errZeroLength)
		}
		panic(errNegativeDimension)
	}
}

// Dims returns the number of rows and columns.
func (m *Dense) Dims() (r, c int) { return m.mat.Rows, m.mat.Cols }

// At returns the element at row i, column j. It panics if i or j is out of
// range.
func (m *Dense) At(i, j int) float64 {
	if uint(i) >= uint(m.mat.Rows) {
		panic(errRowAccess)
	}
	if uint(j) >= uint(m.mat.Cols) {
		panic(errColAccess)
	}
	return m.mat.Data[i*m.mat.Stride+j]
}

// Set sets the element at row i, column j to v. It panics if i or j is out
// of range.
func (m *Dense) Set(i, j int, v float64) {
	if uint(i) >= uint(m.mat.Rows) {
		panic(errRowAccess)
	}
	if uint(j) >= uint(m.mat.Cols) {
		panic(errColAccess)
	}
	m.mat.Data[i*m.mat.Stride+j] = v
}

// RawMatrix returns the matrix's storage; changes to its Data are seen in
// the matrix.
func (m *Dense) RawMatrix() General { return m.mat }

// RawRowView returns row i, backed by the matrix's storage. It panics if i
// is out of range.
func (m *Dense) RawRowView(i int) []float64 {
	if i >= m.mat.Rows || i < 0 {
		panic(errRowAccess)
	}
	return m.mat.Data[i*m.mat.Stride : i*m.mat.Stride+m.mat.Cols]
}

// IsEmpty reports whether the matrix is empty (the zero value, or after
// Reset), so that ReuseAs can size it.
func (m *Dense) IsEmpty() bool { return m.mat.Stride == 0 }

// Reset empties the matrix, keeping its storage for ReuseAs. It must not
// be used on a matrix sharing its storage.
func (m *Dense) Reset() {
	m.mat.Rows, m.mat.Cols, m.mat.Stride = 0, 0, 0
	m.capRows, m.capCols = 0, 0
	m.mat.Data = m.mat.Data[:0]
}

// ReuseAs makes the empty receiver an r×c matrix of zeros, reusing its
// storage if large enough. It panics if the receiver is not empty or r or c
// is not positive.
func (m *Dense) ReuseAs(r, c int) {
	checkDims(r, c)
	if !m.IsEmpty() {
		panic(errReuseNonEmpty)
	}
	data := m.mat.Data
	if n := r * c; n <= cap(data) {
		data = data[:n]
		clear(data)
	} else {
		data = make([]float64, n)
	}
	m.mat = General{Rows: r, Cols: c, Stride: c, Data: data}
	m.capRows, m.capCols = r, c
}

// Slice returns rows i..k-1 and columns j..l-1 of the receiver as a
// *Dense sharing its storage. It panics if the range is empty or outside
// the receiver's capacity.
func (m *Dense) Slice(i, k, j, l int) Matrix {
	mr, mc := m.capRows, m.capCols
	if i < 0 || mr <= i || j < 0 || mc <= j || k < i || mr < k || l < j || mc < l {
		if i == k || j == l {
			panic(errZeroLength)
		}
		panic(errIndexOutOfRange)
	}
	t := *m
	t.mat.Data = t.mat.Data[i*t.mat.Stride+j : (k-1)*t.mat.Stride+l]
	t.mat.Rows = k - i
	t.mat.Cols = l - j
	t.capRows -= i
	t.capCols -= j
	return &t
}
