package mat

// These tests build with and without the litemat tag: the same expectations
// hold for gonum's mat.Dense (native builds) and for the stand-in (the web
// build), which is what lets core and wasm use either.

import (
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// panicMsg returns the message of f's panic ("" if it does not panic).
func panicMsg(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok {
				msg = err.Error()
			} else {
				msg = "non-error panic"
			}
		}
	}()
	f()
	return ""
}

const (
	msgNegative   = "mat: negative dimension"
	msgOutOfRange = "mat: index out of range"
	msgReuse      = "mat: reuse of non-empty matrix"
	msgRow        = "mat: row index out of range"
	msgCol        = "mat: column index out of range"
	msgZero       = "mat: zero length in matrix dimension"
	msgShape      = "mat: dimension mismatch"
)

func TestNewDense(t *testing.T) {
	data := []float64{1, 2, 3, 4, 5, 6}
	m := NewDense(2, 3, data)
	if r, c := m.Dims(); r != 2 || c != 3 {
		t.Fatalf("Dims = %d, %d", r, c)
	}
	raw := m.RawMatrix()
	if raw.Rows != 2 || raw.Cols != 3 || raw.Stride != 3 || &raw.Data[0] != &data[0] || len(raw.Data) != 6 {
		t.Fatalf("RawMatrix = %+v, want 2×3 stride 3 on data", raw)
	}
	for i := range 2 {
		for j := range 3 {
			if got := m.At(i, j); got != data[i*3+j] {
				t.Errorf("At(%d, %d) = %v, want %v", i, j, got, data[i*3+j])
			}
		}
	}
	m.Set(1, 0, 40)
	if data[3] != 40 {
		t.Error("Set does not write through to data")
	}
	data[5] = 60
	if m.At(1, 2) != 60 {
		t.Error("At does not read data")
	}
	if m.IsEmpty() {
		t.Error("NewDense matrix IsEmpty")
	}

	z := NewDense(3, 2, nil)
	if r, c := z.Dims(); r != 3 || c != 2 || len(z.RawMatrix().Data) != 6 || z.RawMatrix().Stride != 2 {
		t.Fatalf("NewDense(3, 2, nil): %+v", z.RawMatrix())
	}
	for _, v := range z.RawMatrix().Data {
		if v != 0 {
			t.Fatal("NewDense(r, c, nil) is not zero")
		}
	}
}

func TestPanics(t *testing.T) {
	m := NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	var empty Dense
	full := NewDense(1, 1, nil)
	for _, tc := range []struct {
		name string
		f    func()
		want string
	}{
		{"NewDense(0, 3)", func() { NewDense(0, 3, nil) }, msgZero},
		{"NewDense(3, 0)", func() { NewDense(3, 0, nil) }, msgZero},
		{"NewDense(-1, 3)", func() { NewDense(-1, 3, nil) }, msgNegative},
		{"NewDense(2, -3)", func() { NewDense(2, -3, nil) }, msgNegative},
		{"NewDense(0, -3)", func() { NewDense(0, -3, nil) }, msgZero},
		{"NewDense short data", func() { NewDense(2, 2, []float64{1, 2, 3}) }, msgShape},
		{"NewDense long data", func() { NewDense(1, 2, []float64{1, 2, 3}) }, msgShape},
		{"NewDense empty data", func() { NewDense(1, 1, []float64{}) }, msgShape},
		{"At(2, 0)", func() { m.At(2, 0) }, msgRow},
		{"At(-1, 0)", func() { m.At(-1, 0) }, msgRow},
		{"At(0, 3)", func() { m.At(0, 3) }, msgCol},
		{"At(0, -1)", func() { m.At(0, -1) }, msgCol},
		{"At(5, 5)", func() { m.At(5, 5) }, msgRow},
		{"Set(2, 0)", func() { m.Set(2, 0, 1) }, msgRow},
		{"Set(0, 3)", func() { m.Set(0, 3, 1) }, msgCol},
		{"Set(-1, -1)", func() { m.Set(-1, -1, 1) }, msgRow},
		{"empty At", func() { empty.At(0, 0) }, msgRow},
		{"RawRowView(2)", func() { m.RawRowView(2) }, msgRow},
		{"RawRowView(-1)", func() { m.RawRowView(-1) }, msgRow},
		{"ReuseAs non-empty", func() { full.ReuseAs(1, 1) }, msgReuse},
		{"ReuseAs(0, 1)", func() { new(Dense).ReuseAs(0, 1) }, msgZero},
		{"ReuseAs(1, -1)", func() { new(Dense).ReuseAs(1, -1) }, msgNegative},
		{"ReuseAs(0, 1) non-empty", func() { full.ReuseAs(0, 1) }, msgZero},
		{"Slice(0, 3, 0, 1)", func() { m.Slice(0, 3, 0, 1) }, msgOutOfRange},
		{"Slice(0, 1, 0, 4)", func() { m.Slice(0, 1, 0, 4) }, msgOutOfRange},
		{"Slice(-1, 1, 0, 1)", func() { m.Slice(-1, 1, 0, 1) }, msgOutOfRange},
		{"Slice(1, 0, 0, 1)", func() { m.Slice(1, 0, 0, 1) }, msgOutOfRange},
		{"Slice(2, 2, 0, 1)", func() { m.Slice(2, 2, 0, 1) }, msgZero},
		{"Slice(0, 1, 1, 0)", func() { m.Slice(0, 1, 1, 0) }, msgOutOfRange},
		{"empty Slice", func() { empty.Slice(0, 1, 0, 1) }, msgOutOfRange},
	} {
		if got := panicMsg(tc.f); got != tc.want {
			t.Errorf("%s: panic %q, want %q", tc.name, got, tc.want)
		}
	}
	// And no panic at the edges.
	for _, tc := range []struct {
		name string
		f    func()
	}{
		{"At(1, 2)", func() { m.At(1, 2) }},
		{"Set(1, 2)", func() { m.Set(1, 2, 6) }},
		{"RawRowView(1)", func() { m.RawRowView(1) }},
		{"Slice whole", func() { m.Slice(0, 2, 0, 3) }},
		{"Slice last", func() { m.Slice(1, 2, 2, 3) }},
	} {
		if got := panicMsg(tc.f); got != "" {
			t.Errorf("%s: panic %q", tc.name, got)
		}
	}
}

func TestRawRowView(t *testing.T) {
	m := NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	for i, want := range [][]float64{{1, 2}, {3, 4}, {5, 6}} {
		if got := m.RawRowView(i); !slices.Equal(got, want) {
			t.Errorf("RawRowView(%d) = %v, want %v", i, got, want)
		}
	}
	m.RawRowView(1)[1] = 40
	if m.At(1, 1) != 40 {
		t.Error("RawRowView does not share storage")
	}
}

func TestSlice(t *testing.T) {
	// 4×5: element (i, j) = 10i + j.
	data := make([]float64, 20)
	for i := range 4 {
		for j := range 5 {
			data[i*5+j] = float64(10*i + j)
		}
	}
	m := NewDense(4, 5, data)
	for _, tc := range []struct{ i, k, j, l int }{
		{0, 4, 0, 5}, {1, 3, 1, 4}, {0, 1, 0, 1}, {3, 4, 4, 5}, {2, 4, 0, 5}, {0, 4, 2, 3},
	} {
		s, ok := m.Slice(tc.i, tc.k, tc.j, tc.l).(*Dense)
		if !ok {
			t.Fatalf("Slice%v is not a *Dense", tc)
		}
		r, c := s.Dims()
		if r != tc.k-tc.i || c != tc.l-tc.j {
			t.Errorf("Slice%v: Dims %d×%d", tc, r, c)
			continue
		}
		raw := s.RawMatrix()
		if raw.Rows != r || raw.Cols != c || raw.Stride != 5 || &raw.Data[0] != &data[tc.i*5+tc.j] ||
			len(raw.Data) != (r-1)*5+c {
			t.Errorf("Slice%v: RawMatrix %d×%d stride %d len %d", tc, raw.Rows, raw.Cols, raw.Stride, len(raw.Data))
		}
		for i := range r {
			for j := range c {
				if got, want := s.At(i, j), float64(10*(tc.i+i)+tc.j+j); got != want {
					t.Errorf("Slice%v.At(%d, %d) = %v, want %v", tc, i, j, got, want)
				}
			}
			if got := s.RawRowView(i); len(got) != c || got[0] != float64(10*(tc.i+i)+tc.j) {
				t.Errorf("Slice%v.RawRowView(%d) = %v", tc, i, got)
			}
		}
		if got := panicMsg(func() { s.At(r, 0) }); got != msgRow {
			t.Errorf("Slice%v.At(%d, 0) beyond the view: panic %q", tc, r, got)
		}
		if got := panicMsg(func() { s.At(0, c) }); got != msgCol {
			t.Errorf("Slice%v.At(0, %d) beyond the view: panic %q", tc, c, got)
		}
	}
	// A view shares storage both ways.
	s := m.Slice(1, 3, 1, 4).(*Dense)
	s.Set(1, 2, -1)
	if m.At(2, 3) != -1 {
		t.Error("Slice does not share storage")
	}
	// A slice of a slice may reach into the capacity beyond its view, as
	// gonum's: rows 1..3, columns 1..4 of m, then 2 rows of it from row 1
	// and columns up to 4 (m's column 4).
	s2 := s.Slice(1, 3, 0, 4).(*Dense)
	if r, c := s2.Dims(); r != 2 || c != 4 || s2.At(1, 3) != 34 || s2.At(0, 0) != 21 {
		t.Errorf("Slice of Slice: %d×%d, At(1, 3) = %v, At(0, 0) = %v", r, c, s2.At(1, 3), s2.At(0, 0))
	}
	if got := panicMsg(func() { s.Slice(0, 4, 0, 1) }); got != msgOutOfRange {
		t.Errorf("Slice beyond capacity: panic %q", got)
	}
}

func TestResetReuseAs(t *testing.T) {
	var m Dense
	if !m.IsEmpty() {
		t.Fatal("zero Dense is not empty")
	}
	if r, c := m.Dims(); r != 0 || c != 0 {
		t.Fatalf("zero Dense Dims = %d, %d", r, c)
	}
	m.ReuseAs(2, 3)
	if m.IsEmpty() {
		t.Fatal("IsEmpty after ReuseAs")
	}
	if raw := m.RawMatrix(); raw.Rows != 2 || raw.Cols != 3 || raw.Stride != 3 || len(raw.Data) != 6 {
		t.Fatalf("ReuseAs(2, 3): %+v", raw)
	}
	for i := range 6 {
		m.Set(i/3, i%3, float64(i+1))
	}
	first := &m.RawMatrix().Data[0]

	m.Reset()
	if !m.IsEmpty() {
		t.Fatal("not empty after Reset")
	}
	if r, c := m.Dims(); r != 0 || c != 0 {
		t.Fatalf("Dims after Reset = %d, %d", r, c)
	}
	// Smaller: the storage is reused, and zeroed.
	m.ReuseAs(1, 4)
	raw := m.RawMatrix()
	if raw.Rows != 1 || raw.Cols != 4 || raw.Stride != 4 || len(raw.Data) != 4 {
		t.Fatalf("ReuseAs(1, 4): %+v", raw)
	}
	if &raw.Data[0] != first {
		t.Error("ReuseAs did not reuse the storage")
	}
	for i, v := range raw.Data {
		if v != 0 {
			t.Errorf("ReuseAs: element %d = %v, want 0", i, v)
		}
	}
	// Larger: new zeroed storage.
	m.Set(0, 3, 7)
	m.Reset()
	m.ReuseAs(3, 3)
	if raw := m.RawMatrix(); raw.Rows != 3 || raw.Cols != 3 || raw.Stride != 3 || len(raw.Data) != 9 {
		t.Fatalf("ReuseAs(3, 3): %+v", raw)
	}
	for i := range 3 {
		for j := range 3 {
			if m.At(i, j) != 0 {
				t.Errorf("ReuseAs(3, 3): At(%d, %d) = %v", i, j, m.At(i, j))
			}
		}
	}
	if got := panicMsg(func() { m.At(3, 0) }); got != msgRow {
		t.Errorf("At out of the reused shape: panic %q", got)
	}

	// Reset of a NewDense matrix empties it too.
	d := NewDense(2, 2, []float64{1, 2, 3, 4})
	d.Reset()
	if !d.IsEmpty() {
		t.Error("NewDense matrix not empty after Reset")
	}
	d.ReuseAs(2, 1)
	if d.At(1, 0) != 0 {
		t.Error("ReuseAs after Reset did not zero")
	}
}

// TestLiteImportsNothing guards the reason lite.go exists: the stand-in
// must not import anything (fmt, os, reflect, gonum ...).
func TestLiteImportsNothing(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "lite.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		t.Errorf("lite.go imports %s", imp.Path.Value)
	}
}
