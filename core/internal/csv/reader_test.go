package csv

import (
	"bufio"
	stdcsv "encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// reader.go ports encoding/csv's reader; these tests hold it to the
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
			var pe *stdcsv.ParseError
			var mine *ParseError
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
	cr := stdcsv.NewReader(bufio.NewReader(r()))
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
	mr := NewReader(NewLineReader(r()))
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
}

func TestReaderMatchesEncodingCSV(t *testing.T) {
	t.Parallel()
	for _, s := range csvSamples {
		checkCSVReader(t, s, func() io.Reader { return strings.NewReader(s) })
		// Read errors mid-record, and small reads.
		checkCSVReader(t, s, func() io.Reader {
			return io.MultiReader(&oneByteReader{s: s[:len(s)/2]}, &errAfterReader{s: s[len(s)/2:], err: errTooLarge})
		})
	}
}

// TestReaderErrors checks the error values and messages: encoding/csv's,
// returned unwrapped so that a type assertion finds them.
func TestReaderErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in      string
		wantErr error
		wantMsg string
	}{
		{"a\"b\n", ErrBareQuote, "parse error on line 1, column 2: bare \" in non-quoted-field"},
		{"\"a\"b\n", ErrQuote, "parse error on line 1, column 3: extraneous or missing \" in quoted-field"},
		{"x\n\"a\n\nb", ErrQuote, "record on line 2; parse error on line 4, column 2: extraneous or missing \" in quoted-field"},
	} {
		r := NewReader(NewLineReader(strings.NewReader(c.in)))
		var err error
		for err == nil {
			_, err = r.Read()
		}
		pe, ok := err.(*ParseError)
		if !ok || pe.Err != c.wantErr || !errors.Is(err, c.wantErr) {
			t.Errorf("%q: error %#v, want a *ParseError of %v", c.in, err, c.wantErr)
			continue
		}
		if got := err.Error(); got != c.wantMsg {
			t.Errorf("%q: message %q, want %q", c.in, got, c.wantMsg)
		}
	}
	if got, want := (&ParseError{StartLine: 1, Line: 3, Column: 4, Err: ErrQuote}).Error(),
		(&stdcsv.ParseError{StartLine: 1, Line: 3, Column: 4, Err: stdcsv.ErrQuote}).Error(); got != want {
		t.Errorf("message %q, want encoding/csv's %q", got, want)
	}
	if ErrBareQuote.Error() != stdcsv.ErrBareQuote.Error() || ErrQuote.Error() != stdcsv.ErrQuote.Error() {
		t.Errorf("error texts %q, %q differ from encoding/csv's", ErrBareQuote, ErrQuote)
	}
	// A reader's own error comes back as it is.
	r := NewReader(NewLineReader(&errAfterReader{s: "a,b\nc", err: errTooLarge}))
	var err error
	for err == nil {
		_, err = r.Read()
	}
	if err != errTooLarge {
		t.Errorf("reader error came back as %v, want errTooLarge itself", err)
	}
}

// errTooLarge stands for a reader's own error (core's size limit).
var errTooLarge = errors.New("input too large")

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

// FuzzReader compares Reader with encoding/csv on arbitrary input (its
// committed corpus is testdata/fuzz/FuzzReader).
func FuzzReader(f *testing.F) {
	for _, s := range csvSamples {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		checkCSVReader(t, in, func() io.Reader { return strings.NewReader(in) })
	})
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestReaderLimits checks that a record past a limit is refused with a
// *LimitError as soon as the limit is passed: the bytes read stay within
// the limit and a buffer or two, however large the input.
func TestReaderLimits(t *testing.T) {
	t.Parallel()
	const mb = 1 << 20
	tests := []struct {
		name        string
		input       string
		bytes, flds int
		lines       int
		wantRecords int
		want        string
		maxRead     int
	}{
		{"one 16 MB line", strings.Repeat("x", 16*mb) + "\n", 64 << 10, 0, 0, 0, "record on line 1: longer than 65536 bytes", 64<<10 + 2*4096},
		{"a long second line", "a,b\n" + strings.Repeat("y", 4*mb), 1 << 10, 0, 0, 1, "record on line 2: longer than 1024 bytes", 1<<10 + 2*4096},
		{"a quoted field over many lines", "a,b\n\"" + strings.Repeat("z\n", 2*mb), 1 << 10, 0, 0, 1, "record on line 2: longer than 1024 bytes", 1<<10 + 2*4096},
		// The fields limit bounds what a record's fields cost (the line is
		// the bytes limit's).
		{"a million fields", strings.Repeat("1,", mb) + "1\n", 0, 100, 0, 0, "record on line 1: more than 100 fields", 2*mb + 2},
		{"many quoted fields", strings.Repeat(`"1",`, mb) + "1\n", 0, 100, 0, 0, "record on line 1: more than 100 fields", 4*mb + 2},
		{"blank lines", strings.Repeat("\n", 4*mb), 0, 0, 1000, 0, "more than 1000 lines", 1000 + 4096},
		{"within the limits", "a,b\n1,2\n", 100, 2, 2, 2, "", 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cr := &countingReader{r: strings.NewReader(tc.input)}
			r := NewReader(NewLineReader(cr))
			r.MaxRecordBytes, r.MaxFields, r.MaxLines = tc.bytes, tc.flds, tc.lines
			records := 0
			var err error
			for {
				if _, err = r.Read(); err != nil {
					break
				}
				records++
			}
			if records != tc.wantRecords {
				t.Errorf("records before the error: got %d, want %d", records, tc.wantRecords)
			}
			if tc.want == "" {
				if err != io.EOF {
					t.Errorf("got %v, want io.EOF", err)
				}
				return
			}
			if _, ok := err.(*LimitError); !ok || err.Error() != tc.want {
				t.Fatalf("error: got %T %v, want a *LimitError %q", err, err, tc.want)
			}
			if cr.n > tc.maxRead {
				t.Errorf("bytes read before the refusal: got %d, want at most %d", cr.n, tc.maxRead)
			}
			if tc.flds > 0 && cap(r.fieldIndexes) > 4*tc.flds {
				t.Errorf("field indexes kept: got room for %d, want at most %d", cap(r.fieldIndexes), 4*tc.flds)
			}
		})
	}
}
