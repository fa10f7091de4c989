package core

import (
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/gotrain/gotrain/core/internal/csv"
	"github.com/gotrain/gotrain/core/internal/cut"
	"github.com/gotrain/gotrain/core/internal/fmtlite"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// Limits on what ParseCSV accepts, so that a hostile or mistaken file fails
// with an error instead of exhausting memory (the WebAssembly heap is at most
// 4 GB, and a browser tab gets much less).
const (
	// MaxCSVRows bounds the number of data rows (the header not counted).
	MaxCSVRows = 1 << 20
	// MaxCSVColumns bounds the number of columns, label included.
	MaxCSVColumns = 100_000
	// MaxCSVCells bounds data rows × columns: 50 million cells are 400 MB
	// of float64.
	MaxCSVCells = 50_000_000
	// MaxCSVBytes bounds the size of the input (1 GiB).
	MaxCSVBytes = 1 << 30
	// MaxCSVRecordBytes bounds one record (a row, quoted newlines included):
	// 100,000 columns of 17-digit numbers take 2 MB.
	MaxCSVRecordBytes = 8 << 20
	// MaxCSVLines bounds the lines of the input, blank ones included.
	MaxCSVLines = 2*MaxCSVRows + 1
)

// CSVOptions configures ParseCSV. The zero value reads the last column as
// the label.
type CSVOptions struct {
	// Label names the label column by its header name. Surrounding spaces
	// are ignored; an exact match wins, otherwise a single case-insensitive
	// match is accepted. "" means the last column.
	Label string
}

// csvLimits holds the limits ParseCSV enforces; tests lower them.
type csvLimits struct {
	rows, columns, cells int
	bytes                int64
	classes              int
	record, lines        int
}

var defaultCSVLimits = csvLimits{
	rows:    MaxCSVRows,
	columns: MaxCSVColumns,
	cells:   MaxCSVCells,
	bytes:   MaxCSVBytes,
	classes: MaxClasses,
	record:  MaxCSVRecordBytes,
	lines:   MaxCSVLines,
}

// ParseCSV reads a comma-separated table into a Dataset.
//
// The first non-blank line is the header and names the columns; names must
// be non-empty and distinct. One column is the label (see CSVOptions), every
// other column is a feature, in file order. There must be at least one
// feature column and one data row.
//
// Every feature value must be a finite number as strconv.ParseFloat reads it
// (surrounding spaces are ignored; NaN and Inf are rejected). If every label
// is a finite number the labels are kept as numbers and ClassNames is nil;
// otherwise each distinct label text (spaces trimmed) becomes a class index
// 0..k-1 in order of first appearance, and ClassNames[i] is the text of
// class i (at most MaxClasses classes).
//
// Fields may be quoted as in RFC 4180. Lines may end in CRLF or LF, a UTF-8
// byte order mark is ignored, and blank lines are skipped. Inputs larger than
// MaxCSVBytes, MaxCSVRows, MaxCSVColumns or MaxCSVCells are rejected.
//
// Errors say what is wrong and where: rows are numbered as lines of the file
// (the header is row 1, a blank line still counts), and columns are named by
// their header name, as in "row 17, column 'petal_width': 'abc' is not a
// number".
func ParseCSV(r io.Reader, opt CSVOptions) (*Dataset, error) {
	return parseCSV(r, opt, defaultCSVLimits)
}

// ParseCSVString is ParseCSV reading from a string.
func ParseCSVString(s string, opt CSVOptions) (*Dataset, error) {
	return ParseCSV(strings.NewReader(s), opt)
}

// errCSVTooLarge is returned by limitedReader once the input exceeds its limit.
var errCSVTooLarge = errors.New("csv: input too large")

// limitedReader is io.LimitedReader that fails instead of ending early, so
// that a truncated file is never mistaken for a complete one.
type limitedReader struct {
	r    io.Reader
	left int64 // bytes still allowed; one more than the limit is read to detect excess
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errCSVTooLarge
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

func parseCSV(r io.Reader, opt CSVOptions, lim csvLimits) (*Dataset, error) {
	if r == nil {
		return nil, errors.New("empty file: no header row")
	}
	br := csv.NewLineReader(&limitedReader{r: r, left: lim.bytes + 1})
	br.SkipBOM()
	// encoding/csv's reader with FieldsPerRecord -1 (ragged rows are
	// reported below, in our words), TrimLeadingSpace and ReuseRecord.
	cr := csv.NewReader(br)
	// Junk stops as it is read: a huge line, field count or run of lines.
	cr.MaxRecordBytes, cr.MaxFields, cr.MaxLines = lim.record, lim.columns+1, lim.lines

	// next returns the next non-blank record and its line number, or
	// io.EOF at the end.
	next := func() ([]string, int, error) {
		for {
			rec, err := cr.Read()
			if err != nil {
				return nil, 0, csvReadError(err, lim.bytes)
			}
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue // a line of spaces is blank too
			}
			line, _ := cr.FieldPos(0)
			return rec, line, nil
		}
	}

	header, _, err := next()
	if err == io.EOF {
		return nil, errors.New("empty file: no header row")
	}
	if err != nil {
		return nil, err
	}
	names, labelCol, err := csvHeader(header, opt, lim)
	if err != nil {
		return nil, err
	}
	ncol := len(names)

	featureNames := make([]string, 0, ncol-1)
	for j, name := range names {
		if j != labelCol {
			featureNames = append(featureNames, name)
		}
	}

	rows := csvRows{width: ncol - 1}
	distinct := csvDistinct{limit: lim.classes}
	for {
		rec, line, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if len(rec) != ncol {
			return nil, fmtlite.Errorf("row %d: has %d fields but the header has %d", line, len(rec), ncol)
		}
		if len(rows.lines) >= lim.rows {
			return nil, fmtlite.Errorf("row %d: too many data rows (the limit is %d)", line, lim.rows)
		}
		if (len(rows.lines)+1)*ncol > lim.cells {
			return nil, fmtlite.Errorf("row %d: too many cells (rows × columns; the limit is %d)", line, lim.cells)
		}
		if err := rows.grow(); err != nil {
			return nil, err
		}
		for j, field := range rec {
			s := strings.TrimSpace(field)
			if j == labelCol {
				if s == "" {
					return nil, fmtlite.Errorf("row %d, column '%s': the label is empty", line, cut.Text(names[j]))
				}
				s = strings.Clone(s) // don't pin the record's memory
				if distinct.add(s, line) {
					return nil, fmtlite.Errorf("row %d, column '%s': more than %d different labels (is this the right label column?)",
						distinct.overAt, cut.Text(names[j]), lim.classes)
				}
				rows.labels = append(rows.labels, s)
				rows.labelBytes += int64(len(s))
				continue
			}
			v, err := csvNumber(s)
			if err != nil {
				return nil, fmtlite.Errorf("row %d, column '%s': %v", line, cut.Text(names[j]), err)
			}
			rows.features = append(rows.features, v)
		}
		rows.lines = append(rows.lines, line)
	}
	if len(rows.lines) == 0 {
		return nil, errors.New("no data rows")
	}

	n := len(rows.lines)
	if err := CheckMemory("parseCSV", "the labels", floatBytes(n)); err != nil {
		return nil, err
	}
	y, classNames, err := csvLabels(rows.labels, rows.lines, names[labelCol], lim.classes)
	if err != nil {
		return nil, err
	}
	return &Dataset{
		X:            mat.NewDense(n, ncol-1, rows.features),
		Y:            mat.NewDense(n, 1, y),
		FeatureNames: featureNames,
		ClassNames:   classNames,
	}, nil
}

// csvReadError rewords an error from the CSV reader or the input.
func csvReadError(err error, limit int64) error {
	if err == io.EOF {
		return err
	}
	// The CSV reader passes these on unwrapped: == and a type assertion
	// find them.
	if err == errCSVTooLarge {
		return fmtlite.Errorf("file too large (the limit is %d bytes)", limit)
	}
	if le, ok := err.(*csv.LimitError); ok {
		if le.What == "lines" {
			return fmtlite.Errorf("row %d: more than %d lines (the limit)", le.Line, le.Limit)
		}
		return fmtlite.Errorf("row %d: more than %d %s in one row (the limit)", le.Line, le.Limit, le.What)
	}
	if pe, ok := err.(*csv.ParseError); ok {
		if pe.Line != pe.StartLine {
			return fmtlite.Errorf("row %d: %v (line %d, byte %d)", pe.StartLine, pe.Err, pe.Line, pe.Column)
		}
		return fmtlite.Errorf("row %d: %v (byte %d)", pe.StartLine, pe.Err, pe.Column)
	}
	return fmtlite.Errorf("reading CSV: %w", err)
}

// csvHeader checks the header and finds the label column.
func csvHeader(header []string, opt CSVOptions, lim csvLimits) (names []string, labelCol int, err error) {
	if len(header) > lim.columns {
		return nil, 0, fmtlite.Errorf("header has %d columns (the limit is %d)", len(header), lim.columns)
	}
	names = make([]string, len(header))
	seen := make(map[string]int, len(header))
	for j, h := range header {
		name := strings.Clone(strings.TrimSpace(h))
		if name == "" {
			return nil, 0, fmtlite.Errorf("header has an empty column name at column %d", j+1)
		}
		if first, dup := seen[name]; dup {
			return nil, 0, fmtlite.Errorf("duplicate column name '%s' (columns %d and %d)", cut.Text(name), first+1, j+1)
		}
		seen[name] = j
		names[j] = name
	}
	if len(names) < 2 {
		return nil, 0, fmtlite.Errorf("header has only one column ('%s'): need at least one feature column and a label column (is the file comma-separated?)", cut.Text(names[0]))
	}

	want := strings.TrimSpace(opt.Label)
	if want == "" {
		return names, len(names) - 1, nil
	}
	if j, ok := seen[want]; ok {
		return names, j, nil
	}
	labelCol = -1
	for j, name := range names {
		if strings.EqualFold(name, want) {
			if labelCol >= 0 {
				return nil, 0, fmtlite.Errorf("label column '%s' not found; columns '%s' and '%s' differ from it only in case",
					cut.Text(want), cut.Text(names[labelCol]), cut.Text(name))
			}
			labelCol = j
		}
	}
	if labelCol < 0 {
		return nil, 0, fmtlite.Errorf("label column '%s' not found (columns: %s)", cut.Text(want), listColumns(names))
	}
	return names, labelCol, nil
}

// listColumns joins column names for an error message, eliding the middle of
// a long list.
func listColumns(names []string) string {
	const show = 20
	if len(names) <= show {
		short := make([]string, len(names))
		for i, n := range names {
			short[i] = cut.Text(n)
		}
		return strings.Join(short, ", ")
	}
	short := make([]string, 0, show+1)
	for _, n := range names[:show-2] {
		short = append(short, cut.Text(n))
	}
	short = append(short, fmtlite.Sprintf("… %d more …", len(names)-show))
	for _, n := range names[len(names)-2:] {
		short = append(short, cut.Text(n))
	}
	return strings.Join(short, ", ")
}

// csvNumber parses a trimmed feature value.
func csvNumber(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("the value is empty (missing values are not supported)")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, fmtlite.Errorf("'%s' is out of range", cut.Text(s))
		}
		return 0, fmtlite.Errorf("'%s' is not a number", cut.Text(s))
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmtlite.Errorf("'%s' is not a finite number", cut.Text(s))
	}
	return v, nil
}

// csvLabels turns label texts into numbers: the numbers themselves if every
// label is a finite number, otherwise class indices in order of first
// appearance, with the class names.
func csvLabels(labels []string, lines []int, column string, maxClasses int) ([]float64, []string, error) {
	y := make([]float64, len(labels))
	numeric := true
	for i, s := range labels {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			numeric = false
			break
		}
		y[i] = v
	}
	if numeric {
		return y, nil, nil
	}
	index := make(map[string]int)
	var classNames []string
	for i, s := range labels {
		k, ok := index[s]
		if !ok {
			if len(classNames) >= maxClasses {
				return nil, nil, fmtlite.Errorf("row %d, column '%s': more than %d different labels (is this the right label column?)",
					lines[i], cut.Text(column), maxClasses)
			}
			k = len(classNames)
			index[s] = k
			classNames = append(classNames, s)
		}
		y[i] = float64(k)
	}
	return y, classNames, nil
}

// csvRows holds the rows read so far: the features row-major, the label
// texts and the rows' line numbers. They grow together, by a quarter (at
// least doubling while small), once the memory budget has room for the
// old and the new arrays side by side.
type csvRows struct {
	width      int // features per row
	features   []float64
	labels     []string // trimmed label text, one per row
	lines      []int    // line number of each row, for label errors
	labelBytes int64    // bytes of the label texts
}

// grow makes room for one more row.
func (r *csvRows) grow() error {
	n := len(r.lines)
	if n < cap(r.lines) {
		return nil
	}
	c := max(n+n/4, min(2*n, 1<<16), 64)
	perRow := floatBytes(r.width) + 16 + 8 // features, a label's string header, a line number
	if err := CheckMemory("parseCSV", "the rows", int64(c+n)*perRow+r.labelBytes); err != nil {
		return err
	}
	r.features = append(make([]float64, 0, c*r.width), r.features...)
	r.labels = append(make([]string, 0, c), r.labels...)
	r.lines = append(make([]int, 0, c), r.lines...)
	return nil
}

// csvDistinct counts distinct labels as rows are read, so that a label
// column of more than limit different texts is refused at the row that
// makes one too many, not after the whole file: once one label is not a
// number, the labels are class names and at most limit may differ.
type csvDistinct struct {
	limit  int
	seen   map[string]struct{} // up to limit+1 distinct labels
	text   bool                // a label is not a finite number
	overAt int                 // the row of the first label past limit, 0 while within
}

// add records label s of row line and reports whether the labels are now
// too many class names.
func (d *csvDistinct) add(s string, line int) bool {
	if !d.text {
		if v, err := strconv.ParseFloat(s, 64); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			d.text = true
		}
	}
	if d.overAt == 0 {
		if d.seen == nil {
			d.seen = map[string]struct{}{}
		}
		if _, ok := d.seen[s]; !ok {
			if len(d.seen) == d.limit {
				d.overAt = line
			} else {
				d.seen[s] = struct{}{}
			}
		}
	}
	return d.text && d.overAt != 0
}
