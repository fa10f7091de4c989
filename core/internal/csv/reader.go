// Ported from the Go standard library's encoding/csv (reader.go),
// Copyright 2011 The Go Authors, used under the BSD-style licence in
// LICENSE-GO at the repository root.

package csv

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Reader is encoding/csv's Reader with the settings core.ParseCSV uses:
// Comma ',', no comments, FieldsPerRecord -1, LazyQuotes false,
// TrimLeadingSpace true, ReuseRecord true. Records, field positions and
// errors are encoding/csv's (reader_test.go compares them).
//
// Limits, when set, stop a hostile input as soon as it passes them, before
// its junk is buffered: they are not encoding/csv's.
type Reader struct {
	// MaxRecordBytes, if positive, bounds the bytes of one record (its
	// lines as read, newlines included): a longer one is a *LimitError
	// once its first MaxRecordBytes+1 bytes are read.
	MaxRecordBytes int
	// MaxFields, if positive, bounds the fields of one record.
	MaxFields int
	// MaxLines, if positive, bounds the lines read, blank ones included.
	MaxLines int

	r              *LineReader
	numLine        int
	rawBuffer      []byte
	recordBuffer   []byte
	fieldIndexes   []int
	fieldPositions []position
	lastRecord     []string
}

type position struct{ line, col int }

// ParseError is encoding/csv's ParseError: the error of a malformed record,
// returned as it is (not wrapped).
type ParseError struct {
	StartLine int // line where the record starts
	Line      int // line where the error occurred
	Column    int // 1-based byte index where the error occurred
	Err       error
}

func (e *ParseError) Error() string {
	if e.StartLine != e.Line {
		return "record on line " + strconv.Itoa(e.StartLine) + "; parse error on line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": " + e.Err.Error()
	}
	return "parse error on line " + strconv.Itoa(e.Line) + ", column " + strconv.Itoa(e.Column) + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// The errors of encoding/csv's ErrBareQuote and ErrQuote, a ParseError's Err.
var (
	ErrBareQuote = errors.New("bare \" in non-quoted-field")
	ErrQuote     = errors.New("extraneous or missing \" in quoted-field")
)

// LimitError is the error of a record past one of the Reader's limits.
type LimitError struct {
	Line  int    // line where the record starts
	What  string // "bytes", "fields" or "lines"
	Limit int
}

func (e *LimitError) Error() string {
	switch e.What {
	case "lines":
		return "more than " + strconv.Itoa(e.Limit) + " lines"
	case "fields":
		return "record on line " + strconv.Itoa(e.Line) + ": more than " + strconv.Itoa(e.Limit) + " fields"
	}
	return "record on line " + strconv.Itoa(e.Line) + ": longer than " + strconv.Itoa(e.Limit) + " bytes"
}

// NewReader returns a Reader that reads records from r.
func NewReader(r *LineReader) *Reader { return &Reader{r: r} }

// Read returns the next record (reusing the previous one's slice), or
// io.EOF after the last. Errors are a *ParseError, or the underlying
// reader's error as it is.
func (r *Reader) Read() ([]string, error) {
	record, err := r.readRecord(r.lastRecord)
	r.lastRecord = record
	return record, err
}

// FieldPos returns the line and column where field of the last record
// read starts.
func (r *Reader) FieldPos(field int) (line, column int) {
	p := &r.fieldPositions[field]
	return p.line, p.col
}

// readLine reads the next line (with its newline), CRLF turned into LF.
func (r *Reader) readLine() ([]byte, error) {
	line, err := r.r.ReadLine()
	if r.MaxLines > 0 && r.numLine >= r.MaxLines && len(line) > 0 {
		return nil, &LimitError{Line: r.numLine + 1, What: "lines", Limit: r.MaxLines}
	}
	if err == ErrBufferFull {
		r.rawBuffer = append(r.rawBuffer[:0], line...)
		for err == ErrBufferFull {
			if r.MaxRecordBytes > 0 && len(r.rawBuffer) > r.MaxRecordBytes {
				return nil, &LimitError{Line: r.numLine + 1, What: "bytes", Limit: r.MaxRecordBytes}
			}
			line, err = r.r.ReadLine()
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

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

func (r *Reader) readRecord(dst []string) ([]string, error) {
	// Read the next non-empty line.
	var line []byte
	var errRead error
	for errRead == nil {
		line, errRead = r.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // skip empty lines
		}
		break
	}
	if errRead == io.EOF {
		return nil, errRead
	}
	if _, ok := errRead.(*LimitError); ok {
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
	pos := position{line: r.numLine, col: 1}
parseField:
	for {
		i := bytes.IndexFunc(line, func(r rune) bool { return !unicode.IsSpace(r) })
		if i < 0 {
			i = len(line)
			pos.col -= lengthNL(line)
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
				field = field[:len(field)-lengthNL(field)]
			}
			// Check to make sure a quote does not appear in field.
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				err = &ParseError{StartLine: recLine, Line: r.numLine, Column: pos.col + j, Err: ErrBareQuote}
				break parseField
			}
			r.recordBuffer = append(r.recordBuffer, field...)
			r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
			r.fieldPositions = append(r.fieldPositions, pos)
			if r.MaxFields > 0 && len(r.fieldIndexes) > r.MaxFields {
				return nil, &LimitError{Line: recLine, What: "fields", Limit: r.MaxFields}
			}
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
					if r.MaxFields > 0 && len(r.fieldIndexes) > r.MaxFields {
						return nil, &LimitError{Line: recLine, What: "fields", Limit: r.MaxFields}
					}
					continue parseField
				case lengthNL(line) == len(line):
					// `"\n` sequence (end of line).
					r.fieldIndexes = append(r.fieldIndexes, len(r.recordBuffer))
					r.fieldPositions = append(r.fieldPositions, fieldPos)
					break parseField
				default:
					// `"*` sequence (invalid non-escaped quote).
					err = &ParseError{StartLine: recLine, Line: r.numLine, Column: pos.col - quoteLen, Err: ErrQuote}
					break parseField
				}
			} else if len(line) > 0 {
				// Hit end of line (copy all data so far).
				r.recordBuffer = append(r.recordBuffer, line...)
				if r.MaxRecordBytes > 0 && len(r.recordBuffer) > r.MaxRecordBytes {
					return nil, &LimitError{Line: recLine, What: "bytes", Limit: r.MaxRecordBytes}
				}
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
					err = &ParseError{StartLine: recLine, Line: pos.line, Column: pos.col, Err: ErrQuote}
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
