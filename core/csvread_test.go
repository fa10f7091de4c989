package core

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// csvread.go ports encoding/csv's reader; these tests hold it to the
// original: the same records, field positions and errors.

var csvSamples = []string{
	"", "\n", "\n\n", "a", "a\n", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\r1,2\r", "a,b\n1,2", "a,b\n1,2\r",
	"  a , b \n\t1,\t2\n", "a,,b\n,,\n", ",\n", "a\n\n\n  \nb\n", "\"a\",\"b\"\n", "\"a,b\",c\n", "\"a\"\"b\",c\n",
	"\"a\nb\",c\n", "\"a\r\nb\",c\r\n", "\"\"\n", "\"\",\"\"\n", " \"a\" ,b\n", "\"a\" ,b\n", "\"a\"b,c\n", "a\"b,c\n",
	"a,b\"\n", "\"abc\n", "\"abc", "a,\"b\nc\nd\",e\n", "a,\"b\n\"x,e\n", "\"a\"\"\n", "\u00a0a,\u2003b\n", "é,ü\nx,y\n",
	"\xff,\xfe\n", "a,b\n1,\"2\n", "\"\n\"\n", "a,b\n\"1\"\"\",2\n", "\"a\",\n", "\"a\"\n\"b\"", "\uFEFFa,b\n",
	strings.Repeat("x", 5000) + ",y\n" + strings.Repeat("z", 5000) + "\n",
	"\"" + strings.Repeat("q", 5000) + "\n" + strings.Repeat("r", 5000) + "\",s\n",
}

type csvResult struct {
	Records   [][]string
	Positions [][][2]int
	Err       string
	Pos       [3]int // StartLine, Line, Column of a parse error
	Wrapped   error
}

// readCSVAll reads in with read, which returns a record, the positions of
// its fields and an error.
func readCSVAll(read func() ([]string, [][2]int, error)) csvResult {
	var res csvResult
	for i := 0; i < 1000; i++ {
		rec, pos, err := read()
		if err == io.EOF {
			return res
		}
		if err != nil {
			res.Err = err.Error()
			var pe *csv.ParseError
			var mine *csvParseError
			switch {
			case errors.As(err, &pe):
				res.Pos = [3]int{pe.StartLine, pe.Line, pe.Column}
				res.Err = pe.Err.Error()
			case errors.As(err, &mine):
				res.Pos = [3]int{mine.StartLine, mine.Line, mine.Column}
				res.Err = mine.Err.Error()
			default:
				res.Wrapped = err
			}
			return res
		}
		res.Records = append(res.Records, append([]string(nil), rec...))
		res.Positions = append(res.Positions, pos)
	}
	return res
}

func checkCSVReader(t *testing.T, in string, r func() io.Reader) {
	t.Helper()
	cr := csv.NewReader(bufio.NewReader(r()))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	want := readCSVAll(func() ([]string, [][2]int, error) {
		rec, err := cr.Read()
		var pos [][2]int
		if err == nil {
			for i := range rec {
				l, c := cr.FieldPos(i)
				pos = append(pos, [2]int{l, c})
			}
		}
		return rec, pos, err
	})
	mr := newCSVReader(newLineReader(r()))
	got := readCSVAll(func() ([]string, [][2]int, error) {
		rec, err := mr.Read()
		var pos [][2]int
		if err == nil {
			for i := range rec {
				l, c := mr.FieldPos(i)
				pos = append(pos, [2]int{l, c})
			}
		}
		return rec, pos, err
	})
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %+v\nwant %+v", in, got, want)
	}
	// The error messages, for completeness (csvReadError does not use them).
	if _, err := newCSVReader(newLineReader(strings.NewReader("a\"b\n"))).Read(); err.Error() != "parse error on line 1, column 2: bare \" in non-quoted-field" {
		t.Fatalf("message %q", err)
	}
}

func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	for _, s := range csvSamples {
		checkCSVReader(t, s, func() io.Reader { return strings.NewReader(s) })
		// Read errors mid-record, and small reads.
		checkCSVReader(t, s, func() io.Reader {
			return io.MultiReader(&oneByteReader{s: s[:len(s)/2]}, &errAfterReader{s: s[len(s)/2:], err: errCSVTooLarge})
		})
	}
	var pe *csvParseError
	_, err := newCSVReader(newLineReader(strings.NewReader("\"a\"b\n"))).Read()
	if !errors.As(err, &pe) || !errors.Is(err, errCSVQuote) {
		t.Errorf("error %v does not unwrap to errCSVQuote", err)
	}
	if got := (&csvParseError{StartLine: 1, Line: 3, Column: 4, Err: errCSVQuote}).Error(); got != (&csv.ParseError{StartLine: 1, Line: 3, Column: 4, Err: csv.ErrQuote}).Error() {
		t.Errorf("message %q", got)
	}
}

type oneByteReader struct{ s string }

func (r *oneByteReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, io.EOF
	}
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = r.s[0]
	r.s = r.s[1:]
	return 1, nil
}

type errAfterReader struct {
	s   string
	err error
}

func (r *errAfterReader) Read(p []byte) (int, error) {
	if r.s == "" {
		return 0, r.err
	}
	n := copy(p, r.s)
	r.s = r.s[n:]
	return n, nil
}

// FuzzCSVReader compares csvReader with encoding/csv on arbitrary input.
func FuzzCSVReader(f *testing.F) {
	for _, s := range csvSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkCSVReader(t, in, func() io.Reader { return strings.NewReader(in) })
	})
}

// TestIsGraphicMatchesUnicode checks that strconv.IsGraphic, which csv.go's
// shorten uses, is unicode.IsGraphic for every rune.
func TestIsGraphicMatchesUnicode(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		if strconv.IsGraphic(r) != unicode.IsGraphic(r) {
			t.Fatalf("rune %U: strconv.IsGraphic %v, unicode.IsGraphic %v", r, strconv.IsGraphic(r), unicode.IsGraphic(r))
		}
	}
}
