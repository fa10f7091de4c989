package core

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/gotrain/gotrain/core/internal/mat"
)

// dsDataFile is the path of one of the shipped datasets.
func dsDataFile(name string) string { return filepath.Join("..", "www", "data", name) }

func TestParseCSVRealDatasets(t *testing.T) {
	tests := []struct {
		file        string
		label       string
		rows, cols  int
		classes     int
		classNames  []string // nil: numeric labels
		firstLabel  float64
		lastFeature string
	}{
		{"iris.csv", "", 150, 4, 3, []string{"setosa", "versicolor", "virginica"}, 0, "petal_width"},
		{"iris.csv", "species", 150, 4, 3, []string{"setosa", "versicolor", "virginica"}, 0, "petal_width"},
		{"breast_cancer.csv", "", 569, 30, 2, []string{"malignant", "benign"}, 0, "worst_fractal_dimension"},
		{"breast_cancer.csv", "diagnosis", 569, 30, 2, []string{"malignant", "benign"}, 0, "worst_fractal_dimension"},
		{"digits.csv", "", 1797, 64, 10, nil, 0, "pixel_63"},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.label, func(t *testing.T) {
			f, err := os.Open(dsDataFile(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			d, err := ParseCSV(f, CSVOptions{Label: tt.label})
			if err != nil {
				t.Fatalf("ParseCSV: %v", err)
			}
			dsCheck(t, d)
			if r, c := d.X.Dims(); r != tt.rows || c != tt.cols {
				t.Errorf("X is %d×%d, want %d×%d", r, c, tt.rows, tt.cols)
			}
			if got := d.FeatureNames[len(d.FeatureNames)-1]; got != tt.lastFeature {
				t.Errorf("last feature name = %q, want %q", got, tt.lastFeature)
			}
			if !slices.Equal(d.ClassNames, tt.classNames) {
				t.Errorf("ClassNames = %q, want %q", d.ClassNames, tt.classNames)
			}
			k, err := NumClasses(d.Y)
			if err != nil {
				t.Fatalf("NumClasses: %v", err)
			}
			if k != tt.classes {
				t.Errorf("NumClasses = %d, want %d", k, tt.classes)
			}
			if got := d.Y.At(0, 0); got != tt.firstLabel {
				t.Errorf("first label = %v, want %v", got, tt.firstLabel)
			}
		})
	}
}

// dsCheck checks the invariants every parsed or generated dataset has.
func dsCheck(t *testing.T, d *Dataset) {
	t.Helper()
	xr, xc := d.X.Dims()
	yr, yc := d.Y.Dims()
	if xr != yr || yc != 1 {
		t.Fatalf("X is %d×%d and Y %d×%d", xr, xc, yr, yc)
	}
	if len(d.FeatureNames) != xc {
		t.Fatalf("%d feature names for %d columns", len(d.FeatureNames), xc)
	}
	if d.Len() != xr {
		t.Fatalf("Len() = %d, want %d", d.Len(), xr)
	}
}

func TestParseCSVLabelByName(t *testing.T) {
	const in = "a,b,kind,c\n1,2,cat,3\n4,5,dog,6\n7,8,cat,9\n"
	tests := []struct {
		label string
	}{{"kind"}, {" kind "}, {"KIND"}}
	for _, tt := range tests {
		d, err := ParseCSVString(in, CSVOptions{Label: tt.label})
		if err != nil {
			t.Fatalf("label %q: %v", tt.label, err)
		}
		if want := []string{"a", "b", "c"}; !slices.Equal(d.FeatureNames, want) {
			t.Errorf("label %q: FeatureNames = %q, want %q", tt.label, d.FeatureNames, want)
		}
		if want := []string{"cat", "dog"}; !slices.Equal(d.ClassNames, want) {
			t.Errorf("label %q: ClassNames = %q, want %q", tt.label, d.ClassNames, want)
		}
		wantX := mat.NewDense(3, 3, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9})
		if !thDenseEqual(d.X, wantX) {
			t.Errorf("label %q: X = %v, want %v", tt.label, thDenseString(d.X, false), thDenseString(wantX, false))
		}
		wantY := mat.NewDense(3, 1, []float64{0, 1, 0})
		if !thDenseEqual(d.Y, wantY) {
			t.Errorf("label %q: Y = %v, want %v", tt.label, thDenseString(d.Y, false), thDenseString(wantY, false))
		}
	}
}

func TestParseCSVFormats(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		opt        CSVOptions
		features   []string
		x          []float64 // row-major
		y          []float64
		classNames []string
	}{
		{
			name:     "numeric labels stay numbers",
			in:       "x,y\n1,0.5\n2,-3e2\n",
			features: []string{"x"}, x: []float64{1, 2}, y: []float64{0.5, -300},
		},
		{
			name:     "no trailing newline",
			in:       "x,y\n1,2\n3,4",
			features: []string{"x"}, x: []float64{1, 3}, y: []float64{2, 4},
		},
		{
			name:     "CRLF",
			in:       "x,y,label\r\n1,2,a\r\n3,4,b\r\n",
			features: []string{"x", "y"}, x: []float64{1, 2, 3, 4}, y: []float64{0, 1}, classNames: []string{"a", "b"},
		},
		{
			name:     "UTF-8 byte order mark",
			in:       "\uFEFFx,label\n1,a\n",
			features: []string{"x"}, x: []float64{1}, y: []float64{0}, classNames: []string{"a"},
		},
		{
			name:     "BOM and label by name",
			in:       "\uFEFFlabel,x\nb,1\na,2\n",
			opt:      CSVOptions{Label: "label"},
			features: []string{"x"}, x: []float64{1, 2}, y: []float64{0, 1}, classNames: []string{"b", "a"},
		},
		{
			name:     "blank and whitespace-only lines skipped",
			in:       "\n\nx,label\n\n1,a\n   \n\t\n2,b\n\n",
			features: []string{"x"}, x: []float64{1, 2}, y: []float64{0, 1}, classNames: []string{"a", "b"},
		},
		{
			name:     "quoted fields",
			in:       "\"x\",\"the, label\"\n\"1.5\",\"New York, NY\"\n2,\"say \"\"hi\"\"\"\n3,\"New York, NY\"\n",
			features: []string{"x"}, x: []float64{1.5, 2, 3}, y: []float64{0, 1, 0},
			classNames: []string{"New York, NY", `say "hi"`},
		},
		{
			name:     "multi-line quoted label",
			in:       "x,label\n1,\"two\nlines\"\n2,one\n",
			features: []string{"x"}, x: []float64{1, 2}, y: []float64{0, 1}, classNames: []string{"two\nlines", "one"},
		},
		{
			name:     "spaces around values and names",
			in:       " x , y ,label \n 1 , 2 , cat \n3,4,cat\n",
			features: []string{"x", "y"}, x: []float64{1, 2, 3, 4}, y: []float64{0, 0}, classNames: []string{"cat"},
		},
		{
			name:     "one text label makes all labels text",
			in:       "x,label\n1,0\n2,1\n3,two\n4,1\n",
			features: []string{"x"}, x: []float64{1, 2, 3, 4}, y: []float64{0, 1, 2, 1}, classNames: []string{"0", "1", "two"},
		},
		{
			name:     "NaN label is text",
			in:       "x,label\n1,NaN\n2,1\n",
			features: []string{"x"}, x: []float64{1, 2}, y: []float64{0, 1}, classNames: []string{"NaN", "1"},
		},
		{
			name:     "number syntax",
			in:       "a,b,c,d,label\n+1,-2.5e-3,.5,7.,1\n",
			features: []string{"a", "b", "c", "d"}, x: []float64{1, -0.0025, 0.5, 7}, y: []float64{1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseCSVString(tt.in, tt.opt)
			if err != nil {
				t.Fatalf("ParseCSVString: %v", err)
			}
			dsCheck(t, d)
			if !slices.Equal(d.FeatureNames, tt.features) {
				t.Errorf("FeatureNames = %q, want %q", d.FeatureNames, tt.features)
			}
			if got := d.X.RawMatrix().Data; !slices.Equal(got, tt.x) {
				t.Errorf("X = %v, want %v", got, tt.x)
			}
			if got := d.Y.RawMatrix().Data; !slices.Equal(got, tt.y) {
				t.Errorf("Y = %v, want %v", got, tt.y)
			}
			if !slices.Equal(d.ClassNames, tt.classNames) {
				t.Errorf("ClassNames = %q, want %q", d.ClassNames, tt.classNames)
			}
			if (d.ClassNames == nil) != (tt.classNames == nil) {
				t.Errorf("ClassNames nil = %v, want %v", d.ClassNames == nil, tt.classNames == nil)
			}
		})
	}
}

func TestParseCSVErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		opt  CSVOptions
		want string // the error must contain this
	}{
		{"empty", "", CSVOptions{}, "empty file: no header row"},
		{"blank lines only", "\n\n  \n\r\n", CSVOptions{}, "empty file: no header row"},
		{"BOM only", "\uFEFF", CSVOptions{}, "empty file: no header row"},
		{"no data rows", "a,b\n", CSVOptions{}, "no data rows"},
		{"no data rows after blanks", "a,b\n\n\n", CSVOptions{}, "no data rows"},
		{"one column", "a\n1\n", CSVOptions{}, "header has only one column ('a'): need at least one feature column and a label column"},
		{"empty name", "a,b,,d\n1,2,3,4\n", CSVOptions{}, "header has an empty column name at column 3"},
		{"empty last name", "a,b,\n1,2,3\n", CSVOptions{}, "header has an empty column name at column 3"},
		{"duplicate name", "x,y,x\n1,2,3\n", CSVOptions{}, "duplicate column name 'x' (columns 1 and 3)"},
		{"label not found", "a,b,c\n1,2,3\n", CSVOptions{Label: "species"}, "label column 'species' not found (columns: a, b, c)"},
		{"label ambiguous case", "Kind,kind,x\n1,2,3\n", CSVOptions{Label: "KIND"}, "label column 'KIND' not found; columns 'Kind' and 'kind' differ from it only in case"},
		{"not a number", "a,petal_width,species\n1,2,x\n1,2,x\n1,2,x\n1,abc,y\n", CSVOptions{}, "row 5, column 'petal_width': 'abc' is not a number"},
		{"row counts blank lines", "a,b\n\n1,2\n\n\nx,2\n", CSVOptions{}, "row 6, column 'a': 'x' is not a number"},
		{"row counts multi-line fields", "a,b\n1,\"x\ny\"\nz,2\n", CSVOptions{}, "row 4, column 'a': 'z' is not a number"},
		{"row after CRLF", "a,b\r\n1,2\r\n1,?\r\n", CSVOptions{Label: "a"}, "row 3, column 'b': '?' is not a number"},
		{"NaN", "a,b\nNaN,1\n", CSVOptions{}, "row 2, column 'a': 'NaN' is not a finite number"},
		{"Inf", "a,b\n-Inf,1\n", CSVOptions{}, "row 2, column 'a': '-Inf' is not a finite number"},
		{"infinity", "a,b\n1,2\ninfinity,1\n", CSVOptions{}, "row 3, column 'a': 'infinity' is not a finite number"},
		{"overflow", "a,b\n1e999,1\n", CSVOptions{}, "row 2, column 'a': '1e999' is out of range"},
		{"empty feature", "a,b,c\n1,,x\n", CSVOptions{}, "row 2, column 'b': the value is empty"},
		{"empty label", "a,b\n1,2\n3,\n", CSVOptions{}, "row 3, column 'b': the label is empty"},
		{"comma decimal", "a,b\n\"1,5\",2\n", CSVOptions{}, "row 2, column 'a': '1,5' is not a number"},
		{"too few fields", "a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3\n", CSVOptions{}, "row 5: has 3 fields but the header has 5"},
		{"too many fields", "a,b\n1,2,3\n", CSVOptions{}, "row 2: has 3 fields but the header has 2"},
		{"bare quote", "a,b\n1,2\n1\"x,2\n", CSVOptions{}, "row 3: bare \" in non-quoted-field"},
		{"unterminated quote", "a,b\n1,2\n\"1,2\n", CSVOptions{}, "row 3: extraneous or missing \" in quoted-field"},
		{"long value shortened", "a,b\n" + strings.Repeat("z", 100) + ",1\n", CSVOptions{}, "'" + strings.Repeat("z", 60) + "…' is not a number"},
		{"control characters hidden", "a,b\nx\x00\x1b,1\n", CSVOptions{}, "'x??' is not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseCSVString(tt.in, tt.opt)
			if err == nil {
				t.Fatalf("got dataset with %d rows, want error containing %q", d.Len(), tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseCSVLongColumnList(t *testing.T) {
	names := make([]string, 30)
	for i := range names {
		names[i] = fmt.Sprintf("c%d", i)
	}
	in := strings.Join(names, ",") + "\n"
	_, err := ParseCSVString(in, CSVOptions{Label: "nope"})
	want := "label column 'nope' not found (columns: c0, c1, "
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "… 10 more …, c28, c29)") {
		t.Errorf("error = %v, want it to contain %q and elide 10 names", err, want)
	}
}

func TestParseCSVLimits(t *testing.T) {
	small := csvLimits{rows: 3, columns: 4, cells: 10, bytes: 64, classes: 2}
	tests := []struct {
		name string
		in   string
		want string // "" means success
	}{
		{"at every limit", "a,b\n1,2\n3,4\n5,6\n", ""},
		{"rows", "a,b\n1,2\n3,4\n5,6\n7,8\n", "row 5: too many data rows (the limit is 3)"},
		{"columns at limit", "a,b,c,d\n1,2,3,4\n", ""},
		{"columns", "a,b,c,d,e\n1,2,3,4,5\n", "header has 5 columns (the limit is 4)"},
		{"cells", "a,b,c,d\n1,2,3,4\n5,6,7,8\n9,1,2,3\n", "row 4: too many cells (rows × columns; the limit is 10)"},
		{"bytes at limit", "a,b\n" + strings.Repeat("1", 57) + ",2\n", ""},
		{"bytes", "a,b\n" + strings.Repeat("1", 58) + ",2\n", "file too large (the limit is 64 bytes)"},
		{"bytes in one field", "a,b\n1," + strings.Repeat("x", 100), "file too large (the limit is 64 bytes)"},
		{"classes at limit", "a,b\n1,x\n2,y\n3,x\n", ""},
		{"classes", "a,b\n1,x\n2,y\n3,z\n", "row 4, column 'b': more than 2 different labels"},
		{"numeric labels are not classes", "a,b\n1,7\n2,8\n3,9\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := parseCSV(strings.NewReader(tt.in), CSVOptions{}, small)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("error = %q, want success", err)
			case tt.want == "":
				dsCheck(t, d)
			case err == nil:
				t.Errorf("got %d rows, want error containing %q", d.Len(), tt.want)
			case !strings.Contains(err.Error(), tt.want):
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseCSVRealLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds inputs of several megabytes")
	}
	var b strings.Builder
	b.WriteString("a,b\n")
	for range MaxCSVRows + 1 {
		b.WriteString("1,2\n")
	}
	_, err := ParseCSVString(b.String(), CSVOptions{})
	if want := fmt.Sprintf("row %d: too many data rows (the limit is %d)", MaxCSVRows+2, MaxCSVRows); err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}

	cols := make([]string, MaxCSVColumns+1)
	for i := range cols {
		cols[i] = fmt.Sprint("c", i)
	}
	_, err = ParseCSVString(strings.Join(cols, ",")+"\n", CSVOptions{})
	if want := fmt.Sprintf("header has %d columns (the limit is %d)", MaxCSVColumns+1, MaxCSVColumns); err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

// dsErrReader fails after returning its data.
type dsErrReader struct {
	data string
	err  error
}

func (r *dsErrReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestParseCSVReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := ParseCSV(&dsErrReader{data: "a,b\n1,2\n", err: boom}, CSVOptions{})
	if !errors.Is(err, boom) {
		t.Errorf("error = %v, want it to wrap %v", err, boom)
	}
	if _, err := ParseCSV(nil, CSVOptions{}); err == nil {
		t.Error("ParseCSV(nil) succeeded, want error")
	}
}

func ExampleParseCSVString() {
	const table = `sepal_length,sepal_width,species
5.1,3.5,setosa
7.0,3.2,versicolor
4.9,3.0,setosa
`
	d, err := ParseCSVString(table, CSVOptions{Label: "species"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Len(), d.FeatureNames, d.ClassNames)
	fmt.Println(d.Y.RawMatrix().Data) // the class of each row

	_, err = ParseCSVString("a,b,species\n1,2,x\n1,abc,y\n", CSVOptions{})
	fmt.Println(err)
	// Output:
	// 3 [sepal_length sepal_width] [setosa versicolor]
	// [0 1 0]
	// row 3, column 'b': 'abc' is not a number
}

// TestIsGraphicMatchesUnicode checks that strconv.IsGraphic, which cut.Text
// uses, is unicode.IsGraphic for every rune.
func TestIsGraphicMatchesUnicode(t *testing.T) {
	t.Parallel()
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if strconv.IsGraphic(r) != unicode.IsGraphic(r) {
			t.Fatalf("rune %U: strconv.IsGraphic %v, unicode.IsGraphic %v", r, strconv.IsGraphic(r), unicode.IsGraphic(r))
		}
	}
}
