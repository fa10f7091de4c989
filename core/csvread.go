// csvReader is ported from the Go standard library's encoding/csv,
// Copyright 2011 The Go Authors, used under the BSD-style licence in
// LICENSE-GO at the repository root.

package core

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// csvReader is the part of encoding/csv's Reader that ParseCSV uses, ported
// so that the WebAssembly build does not link encoding/csv (whose
// ParseError.Error needs fmt): Comma ',', no comments, FieldsPerRecord -1,
// LazyQuotes false, TrimLeadingSpace true, ReuseRecord true. Records, line
// numbers and errors are encoding/csv's (csvread_test.go compares them).
type csvReader struct {
	r              *lineReader
	numLine        int
	rawBuffer      []byte
	recordBuffer   []byte
	fieldIndexes   []int
	fieldPositions []csvPosition
	lastRecord     []string
}

type csvPosition struct{ line, col int }

// csvParseError is csv.ParseError.
type csvParseError struct {
	StartLine int // line where the record starts
	Line      int // line where the error occurred
	Column    int // 1-based byte index where the error occurred
	Err       error
}

func (e *csvParseError) Error() string {
	if e.StartLine != e.Line {
		return "record on line " + strconv.Itoa(e.StartLine) + "; parse error on line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": " + e.Err.Error()
	}
	return "parse error on line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": " + e.Err.Error()
}

func (e *csvParseError) Unwrap() error { return e.Err }

// The errors of csv.ErrBareQuote and csv.ErrQuote.
var (
	errCSVBareQuote = errors.New("bare \" in non-quoted-field")
	errCSVQuote     = errors.New("extraneous or missing \" in quoted-field")
)

func newCSVReader(r *lineReader) *csvReader { return &csvReader{r: r} }

// Read returns the next record (reusing the previous one's slice), or
// io.EOF after the last.
func (r *csvReader) Read() ([]string, error) {
	record, err := r.readRecord(r.lastRecord)
	r.lastRecord = record
	return record, err
}

// FieldPos returns the line and column where field of the last record
// read starts.
func (r *csvReader) FieldPos(field int) (line, column int) {
	p := &r.fieldPositions[field]
	return p.line, p.col
}

// readLine reads the next line (with its newline), CRLF turned into LF.
func (r *csvReader) readLine() ([]byte, error) {
	line, err := r.r.readLine()
	if err == errLineFull {
		r.rawBuffer = append(r.rawBuffer[:0], line...)
		for err == errLineFull {
			line, err = r.r.readLine()
			r.rawBuffer = append(r.rawBuffer, line...)
		}
		line = r.rawBuffer
	}
	readSize := len(line)
	if readSize > 0 && err == io.EOF {
		err = nil
		// For backwards compatibility, drop a trailing \r before EOF.
		if line[readSize-1] == '\r' {
			line = line[:readSize-1]
		}
	}
	r.numLine++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

func csvLengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

func (r *csvReader) readRecord(dst []string) ([]string, error) {
	// Read the next non-empty line.
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = r.readLine()
		if errRead == nil && len(line) == csvLengthNL(line) {
			line = nil
			continue // skip empty lines
		}
		break
	}
	if errRead == io.EOF {
		return nil, errRead
	}

	// Parse each field in the record.
	var err error
	const quoteLen = len(`"`)
	const commaLen = len(`,`)
	recLine := r.numLine // starting line for record
	r.recordBuffer = r.recordBuffer[:0]
	r.fieldIndexes = r.fieldIndexes[:0]
	r.fieldPositions = r.fieldPositions[:0]
	pos := csvPosition{line: r.numLine, col: 1}
parseField:
	for {
		i := bytes.IndexFunc(line, func(r rune) bool { return !unicode.IsSpace(r) })
		if i < 0 {
			i = len(line)
			pos.col -= csvLengthNL(line)
		}
		line = line[i:]
		pos.col += i
		if len(line) == 0 || line[0] != '"' {
			// Non-quoted string field
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-csvLengthNL(field)]
			}
			// Check to make sure a quote does not appear in field.
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				err = &csvParseError{StartLine: recLine, Line: r.numLine, Column: pos.col + j, Err: errCSVBareQuote}
				break parseField
			}
			r.recordBuffer = append(r.recordBuffer, field...)
			r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
			r.fieldPositions = append(r.fieldPositions, pos)
			if i >= 0 {
				line = line[i+commaLen:]
				pos.col += i + commaLen
				continue parseField
			}
			break parseField
		}
		// Quoted string field
		fieldPos := pos
		line = line[quoteLen:]
		pos.col += quoteLen
		for {
			i := bytes.IndexByte(line, '"')
			if i >= 0 {
				// Hit next quote.
				r.recordBuffer = append(r.recordBuffer, line[:i]...)
				line = line[i+quoteLen:]
				pos.col += i + quoteLen
				rn, _ := utf8.DecodeRune(line)
				switch {
				case rn == '"':
					// `""` sequence (append quote).
					r.recordBuffer = append(r.recordBuffer, '"')
					line = line[quoteLen:]
					pos.col += quoteLen
				case rn == ',':
					// `",` sequence (end of field).
					line = line[commaLen:]
					pos.col += commaLen
					r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
					r.fieldPositions = append(r.fieldPositions, fieldPos)
					continue parseField
				case csvLengthNL(line) == len(line):
					// `"\n` sequence (end of line).
					r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
					r.fieldPositions = append(r.fieldPositions, fieldPos)
					break parseField
				default:
					// `"*` sequence (invalid non-escaped quote).
					err = &csvParseError{StartLine: recLine, Line: r.numLine, Column: pos.col - quoteLen, Err: errCSVQuote}
					break parseField
				}
			} else if len(line) > 0 {
				// Hit end of line (copy all data so far).
				r.recordBuffer = append(r.recordBuffer, line...)
				if errRead != nil {
					break parseField
				}
				pos.col += len(line)
				// Abrupt end of file (EOF or error).
				line, errRead = r.readLine()
				if len(line) > 0 {
					pos.line++
					pos.col = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			} else {
				// Abrupt end of file (EOF or error).
				if errRead == nil {
					err = &csvParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: errCSVQuote}
					break parseField
				}
				r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
				r.fieldPositions = append(r.fieldPositions, fieldPos)
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}

	// Create a single string and create slices out of it.
	// This pins the memory of the fields together, but allocates once.
	str := string(r.recordBuffer) // convert to string once to batch allocations
	dst = dst[:0]
	if cap(dst) < len(r.fieldIndexes) {
		dst = make([]string, len(r.fieldIndexes))
	}
	dst = dst[:len(r.fieldIndexes)]
	var preIdx int
	for i, idx := range r.fieldIndexes {
		dst[i] = str[preIdx:idx]
		preIdx = idx
	}
	return dst, err
}
