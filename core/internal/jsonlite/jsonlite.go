// Parts of this file (the scanner and the string and float writing) are
// ported from the Go standard library's encoding/json, Copyright 2010 The Go
// Authors, used under the BSD-style licence in LICENSE-GO at the repository
// root.

// Package jsonlite is a small, strict JSON reader and writer standing in for
// encoding/json, so that gotrain's WebAssembly build does not link
// encoding/json and the reflection it needs (about 120 KB of the module with
// brotli). It does what gotrain's model formats ask of encoding/json, with
// the same results and error messages:
//
//   - Check is json.Valid with the *json.SyntaxError json.Unmarshal returns
//     (a port of encoding/json's scanner: same messages, same offsets, same
//     nesting limit of 10000);
//   - ValueEnd, ObjectFields, ArrayItems and DecodeScalar split valid JSON
//     into json.RawMessage-like spans and decode them into *int, *uint64,
//     *float64, *bool and *string as json.Unmarshal does;
//   - Decode is json.Unmarshal into an any: map[string]any, []any, float64,
//     string, bool and nil;
//   - Writer writes what json.Marshal writes: strings escaped the same way
//     (HTML-safe), floats as ES6 numbers (strconv's shortest form, 'f' for
//     exponents in [-6, 21), 'e' outside with e-07 cleaned to e-7), map keys
//     sorted.
//
// The tests compare all of it with encoding/json (jsonlite_test.go,
// FuzzJSON).
package jsonlite

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gotrain/gotrain/core/internal/strsort"
)

// maxDepth is encoding/json's limit on nesting.
const maxDepth = 10000

// SyntaxError is json.SyntaxError: the message and the number of bytes
// read when the error was found.
type SyntaxError struct {
	msg string
	// Offset is the number of bytes read when the error was found.
	Offset int64
}

func (e *SyntaxError) Error() string { return e.msg }

// jsonErr is any other decoding error, worded as encoding/json's.
type jsonErr struct{ msg string }

func (e *jsonErr) Error() string { return e.msg }

// ---------------------------------------------------------------------------
// Validation: encoding/json's scanner state machine.

// Scanner results (encoding/json's opcodes, those the validator needs).
const (
	jsContinue = iota
	jsSkipSpace
	jsEnd
	jsError
)

// Parse states: what the scanner is in the middle of.
const (
	jsParseObjectKey   = iota // before the colon
	jsParseObjectValue        // after the colon
	jsParseArrayValue
)

type scanner struct {
	step       func(*scanner, byte) int
	endTop     bool
	parseState []byte
	err        *SyntaxError
	bytes      int64
	lit        string // the literal true, false or null being read
	litPos     int    // the index in lit of the next byte expected
	hexLeft    int    // hexadecimal digits still expected in a \u escape
}

// Check returns nil if data is one valid JSON value (with surrounding
// white space), else the error json.Unmarshal would return.
func Check(data []byte) *SyntaxError {
	s := &scanner{step: jsBeginValue}
	for _, c := range data {
		s.bytes++
		if s.step(s, c) == jsError {
			return s.err
		}
	}
	if s.eof() == jsError {
		return s.err
	}
	return nil
}

func (s *scanner) eof() int {
	if s.err != nil {
		return jsError
	}
	if s.endTop {
		return jsEnd
	}
	s.step(s, ' ')
	if s.endTop {
		return jsEnd
	}
	if s.err == nil {
		s.err = &SyntaxError{"unexpected end of JSON input", s.bytes}
	}
	return jsError
}

func (s *scanner) push(c byte, state byte) int {
	s.parseState = append(s.parseState, state)
	if len(s.parseState) <= maxDepth {
		return jsContinue
	}
	return s.error(c, "exceeded max depth")
}

func (s *scanner) pop() {
	n := len(s.parseState) - 1
	s.parseState = s.parseState[:n]
	if n == 0 {
		s.step = jsEndTop
		s.endTop = true
	} else {
		s.step = jsEndValue
	}
}

// error records a syntax error at c and stops the scan.
func (s *scanner) error(c byte, context string) int {
	s.step = jsStateError
	s.err = &SyntaxError{"invalid character " + quoteChar(c) + " " + context, s.bytes}
	return jsError
}

// quoteChar formats c as encoding/json's error messages do.
func quoteChar(c byte) string {
	if c == '\'' {
		return `'\''`
	}
	if c == '"' {
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// jsIsSpace reports whether c is JSON white space.
func jsIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func jsIsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func jsStateError(*scanner, byte) int { return jsError }

func jsBeginValueOrEmpty(s *scanner, c byte) int {
	if jsIsSpace(c) {
		return jsSkipSpace
	}
	if c == ']' {
		return jsEndValue(s, c)
	}
	return jsBeginValue(s, c)
}

func jsBeginValue(s *scanner, c byte) int {
	if jsIsSpace(c) {
		return jsSkipSpace
	}
	switch c {
	case '{':
		s.step = jsBeginStringOrEmpty
		return s.push(c, jsParseObjectKey)
	case '[':
		s.step = jsBeginValueOrEmpty
		return s.push(c, jsParseArrayValue)
	case '"':
		s.step = jsInString
	case '-':
		s.step = jsNeg
	case '0':
		s.step = js0
	case 't':
		s.step, s.lit, s.litPos = jsLiteral, "true", 1
	case 'f':
		s.step, s.lit, s.litPos = jsLiteral, "false", 1
	case 'n':
		s.step, s.lit, s.litPos = jsLiteral, "null", 1
	default:
		if '1' <= c && c <= '9' {
			s.step = js1
			return jsContinue
		}
		return s.error(c, "looking for beginning of value")
	}
	return jsContinue
}

func jsBeginStringOrEmpty(s *scanner, c byte) int {
	if jsIsSpace(c) {
		return jsSkipSpace
	}
	if c == '}' {
		s.parseState[len(s.parseState)-1] = jsParseObjectValue
		return jsEndValue(s, c)
	}
	return jsBeginString(s, c)
}

func jsBeginString(s *scanner, c byte) int {
	if jsIsSpace(c) {
		return jsSkipSpace
	}
	if c == '"' {
		s.step = jsInString
		return jsContinue
	}
	return s.error(c, "looking for beginning of object key string")
}

func jsEndValue(s *scanner, c byte) int {
	n := len(s.parseState)
	if n == 0 {
		s.step = jsEndTop
		s.endTop = true
		return jsEndTop(s, c)
	}
	if jsIsSpace(c) {
		s.step = jsEndValue
		return jsSkipSpace
	}
	switch s.parseState[n-1] {
	case jsParseObjectKey:
		if c == ':' {
			s.parseState[n-1] = jsParseObjectValue
			s.step = jsBeginValue
			return jsContinue
		}
		return s.error(c, "after object key")
	case jsParseObjectValue:
		if c == ',' {
			s.parseState[n-1] = jsParseObjectKey
			s.step = jsBeginString
			return jsContinue
		}
		if c == '}' {
			s.pop()
			return jsContinue
		}
		return s.error(c, "after object key:value pair")
	default: // jsParseArrayValue
		if c == ',' {
			s.step = jsBeginValue
			return jsContinue
		}
		if c == ']' {
			s.pop()
			return jsContinue
		}
		return s.error(c, "after array element")
	}
}

func jsEndTop(s *scanner, c byte) int {
	if !jsIsSpace(c) {
		s.error(c, "after top-level value")
	}
	return jsEnd
}

func jsInString(s *scanner, c byte) int {
	switch {
	case c == '"':
		s.step = jsEndValue
	case c == '\\':
		s.step = jsInStringEsc
	case c < 0x20:
		return s.error(c, "in string literal")
	}
	return jsContinue
}

func jsInStringEsc(s *scanner, c byte) int {
	switch c {
	case 'b', 'f', 'n', 'r', 't', '\\', '/', '"':
		s.step = jsInString
		return jsContinue
	case 'u':
		s.step, s.hexLeft = jsInStringEscU, 4
		return jsContinue
	}
	return s.error(c, "in string escape code")
}

// jsInStringEscU expects s.hexLeft more hexadecimal digits of a \u escape.
func jsInStringEscU(s *scanner, c byte) int {
	if !jsIsHex(c) {
		return s.error(c, "in \\u hexadecimal character escape")
	}
	if s.hexLeft--; s.hexLeft == 0 {
		s.step = jsInString
	}
	return jsContinue
}

func jsNeg(s *scanner, c byte) int {
	if c == '0' {
		s.step = js0
		return jsContinue
	}
	if '1' <= c && c <= '9' {
		s.step = js1
		return jsContinue
	}
	return s.error(c, "in numeric literal")
}

func js1(s *scanner, c byte) int {
	if '0' <= c && c <= '9' {
		s.step = js1
		return jsContinue
	}
	return js0(s, c)
}

func js0(s *scanner, c byte) int {
	if c == '.' {
		s.step = jsDot
		return jsContinue
	}
	if c == 'e' || c == 'E' {
		s.step = jsE
		return jsContinue
	}
	return jsEndValue(s, c)
}

func jsDot(s *scanner, c byte) int {
	if '0' <= c && c <= '9' {
		s.step = jsDot0
		return jsContinue
	}
	return s.error(c, "after decimal point in numeric literal")
}

func jsDot0(s *scanner, c byte) int {
	if '0' <= c && c <= '9' {
		return jsContinue
	}
	if c == 'e' || c == 'E' {
		s.step = jsE
		return jsContinue
	}
	return jsEndValue(s, c)
}

func jsE(s *scanner, c byte) int {
	if c == '+' || c == '-' {
		s.step = jsESign
		return jsContinue
	}
	return jsESign(s, c)
}

func jsESign(s *scanner, c byte) int {
	if '0' <= c && c <= '9' {
		s.step = jsE0
		return jsContinue
	}
	return s.error(c, "in exponent of numeric literal")
}

func jsE0(s *scanner, c byte) int {
	if '0' <= c && c <= '9' {
		return jsContinue
	}
	return jsEndValue(s, c)
}

// jsLiteral expects s.lit[s.litPos:] of the literal true, false or null.
func jsLiteral(s *scanner, c byte) int {
	if want := s.lit[s.litPos]; c != want {
		return s.error(c, "in literal "+s.lit+" (expecting "+quoteChar(want)+")")
	}
	if s.litPos++; s.litPos == len(s.lit) {
		s.step = jsEndValue
	}
	return jsContinue
}

// ---------------------------------------------------------------------------
// Reading valid JSON.

// skipSpace returns the index of the first byte at or after i that is
// not white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && jsIsSpace(data[i]) {
		i++
	}
	return i
}

// ValueEnd returns the end of the value that starts at data[i] (after
// white space), data being valid JSON from there on.
func ValueEnd(data []byte, i int) int {
	i = skipSpace(data, i)
	if i >= len(data) {
		return i
	}
	switch data[i] {
	case '"':
		for i++; i < len(data); i++ {
			switch data[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return i
	case '{', '[':
		depth := 0
		for ; i < len(data); i++ {
			switch data[i] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			case '"':
				i = ValueEnd(data, i) - 1
			}
		}
		return i
	}
	for i < len(data) && !jsIsSpace(data[i]) && data[i] != ',' && data[i] != ']' && data[i] != '}' {
		i++
	}
	return i
}

// ObjectFields splits raw, valid JSON, into its fields if it is an
// object (false otherwise, null included): the keys decoded, the values as
// json.RawMessage holds them. A repeated key keeps its last value.
func ObjectFields(raw []byte) (map[string][]byte, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	fields := map[string][]byte{}
	i = skipSpace(raw, i+1)
	if raw[i] == '}' {
		return fields, true
	}
	for {
		end := ValueEnd(raw, i)
		key := Unquote(raw[i:end])
		i = skipSpace(raw, end) + 1 // past ':'
		i = skipSpace(raw, i)
		end = ValueEnd(raw, i)
		fields[key] = raw[i:end]
		i = skipSpace(raw, end)
		if raw[i] == '}' {
			return fields, true
		}
		i = skipSpace(raw, i+1) // past ','
	}
}

// ArrayItems splits raw, valid JSON, into its elements if it is an
// array (false otherwise).
func ArrayItems(raw []byte) ([][]byte, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	items := [][]byte{}
	i = skipSpace(raw, i+1)
	if raw[i] == ']' {
		return items, true
	}
	for {
		end := ValueEnd(raw, i)
		items = append(items, raw[i:end])
		i = skipSpace(raw, end)
		if raw[i] == ']' {
			return items, true
		}
		i = skipSpace(raw, i+1)
	}
}

// DecodeScalar decodes raw, one valid JSON value, into dst (*int,
// *uint64, *float64, *bool or *string) as json.Unmarshal does, failing where
// it fails: on a value of another type and on numbers dst cannot hold. Like
// json.Unmarshal, it leaves dst alone for null.
func DecodeScalar(raw []byte, dst any) error {
	i := skipSpace(raw, 0)
	lit := raw[i:ValueEnd(raw, i)]
	if len(lit) == 0 {
		return ErrType
	}
	if string(lit) == "null" {
		return nil
	}
	c := lit[0]
	number := c == '-' || '0' <= c && c <= '9'
	var err error
	switch d := dst.(type) {
	case *int:
		if !number {
			return ErrType
		}
		var v int64
		if v, err = strconv.ParseInt(string(lit), 10, 64); err == nil && int64(int(v)) == v {
			*d = int(v)
		}
	case *uint64:
		if !number {
			return ErrType
		}
		var v uint64
		if v, err = strconv.ParseUint(string(lit), 10, 64); err == nil {
			*d = v
		}
	case *float64:
		if !number {
			return ErrType
		}
		var v float64
		if v, err = strconv.ParseFloat(string(lit), 64); err == nil {
			*d = v
		}
	case *bool:
		switch string(lit) {
		case "true":
			*d = true
		case "false":
			*d = false
		default:
			return ErrType
		}
	case *string:
		if c != '"' {
			return ErrType
		}
		*d = Unquote(lit)
	default:
		return ErrType
	}
	if err != nil {
		return ErrType
	}
	return nil
}

// ErrType is DecodeScalar's error for a value dst cannot hold.
var ErrType = errors.New("json: cannot unmarshal the value into this type")

// Unquote decodes a valid JSON string literal as encoding/json does:
// invalid UTF-8 and unpaired surrogates become U+FFFD.
func Unquote(lit []byte) string {
	if len(lit) < 2 {
		return ""
	}
	s := lit[1 : len(lit)-1]
	r := 0
	for r < len(s) {
		c := s[r]
		if c == '\\' || c == '"' || c < ' ' {
			break
		}
		if c < utf8.RuneSelf {
			r++
			continue
		}
		rr, size := utf8.DecodeRune(s[r:])
		if rr == utf8.RuneError && size == 1 {
			break
		}
		r += size
	}
	if r == len(s) {
		return string(s)
	}
	b := make([]byte, 0, len(s)+2*utf8.UTFMax)
	b = append(b, s[:r]...)
	for r < len(s) {
		switch c := s[r]; {
		case c == '\\':
			r++
			if r >= len(s) {
				return string(b)
			}
			switch s[r] {
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr := hex4(s[r+1:])
				r += 5
				if utf16.IsSurrogate(rr) {
					if r+1 < len(s) && s[r] == '\\' && s[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, hex4(s[r+2:])); dec != utf8.RuneError {
							r += 6
							b = utf8.AppendRune(b, dec)
							continue
						}
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default: // '"', '\\', '/'
				b = append(b, s[r])
			}
			r++
		case c < utf8.RuneSelf:
			b = append(b, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			b = utf8.AppendRune(b, rr)
		}
	}
	return string(b)
}

// hex4 reads the four hexadecimal digits at the start of s (-1 if they
// are not there).
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

// Decode is json.Unmarshal(data, &v) for v of type any: objects become
// map[string]any (a repeated key keeps its last value), arrays []any,
// numbers float64. The error is the one json.Unmarshal returns: the syntax
// error of invalid JSON, or for a number a float64 cannot hold (1e400) the
// first such number's.
func Decode(data []byte) (any, error) {
	if err := Check(data); err != nil {
		return nil, err
	}
	d := decoder{data: data}
	v := d.value()
	if d.err != nil {
		return nil, d.err
	}
	return v, nil
}

type decoder struct {
	data []byte
	i    int
	err  error
}

func (d *decoder) value() any {
	d.i = skipSpace(d.data, d.i)
	start := d.i
	switch d.data[start] {
	case '{':
		m := map[string]any{}
		d.i = skipSpace(d.data, d.i+1)
		if d.data[d.i] == '}' {
			d.i++
			return m
		}
		for {
			d.i = skipSpace(d.data, d.i)
			end := ValueEnd(d.data, d.i)
			key := Unquote(d.data[d.i:end])
			d.i = skipSpace(d.data, end) + 1 // past ':'
			m[key] = d.value()
			d.i = skipSpace(d.data, d.i)
			d.i++ // past ',' or '}'
			if d.data[d.i-1] == '}' {
				return m
			}
		}
	case '[':
		a := []any{}
		d.i = skipSpace(d.data, d.i+1)
		if d.data[d.i] == ']' {
			d.i++
			return a
		}
		for {
			a = append(a, d.value())
			d.i = skipSpace(d.data, d.i)
			d.i++
			if d.data[d.i-1] == ']' {
				return a
			}
		}
	}
	d.i = ValueEnd(d.data, start)
	lit := d.data[start:d.i]
	switch lit[0] {
	case '"':
		return Unquote(lit)
	case 't':
		return true
	case 'f':
		return false
	case 'n':
		return nil
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil {
		if d.err == nil {
			d.err = &jsonErr{"json: cannot unmarshal number " + string(lit) + " into Go value of type float64"}
		}
		return nil
	}
	return f
}

// ---------------------------------------------------------------------------
// Writing.

// Writer appends JSON to B as json.Marshal writes it. The first value JSON
// cannot hold (NaN, ±Inf, a type it does not know) sets Err.
type Writer struct {
	// B holds what was written.
	B []byte
	// Err is the first error, the one json.Marshal would return.
	Err error
}

// Appender is a Go value that writes itself as json.Marshal would.
type Appender interface {
	AppendJSON(w *Writer)
}

// Raw writes s as it is.
func (w *Writer) Raw(s string) { w.B = append(w.B, s...) }

// Bool, Int and Uint write a boolean or an integer.
func (w *Writer) Bool(v bool) { w.B = strconv.AppendBool(w.B, v) }

func (w *Writer) Int(v int) { w.B = strconv.AppendInt(w.B, int64(v), 10) }

func (w *Writer) Uint(v uint64) { w.B = strconv.AppendUint(w.B, v, 10) }

// Float writes a float64 as json.Marshal does (an ES6 number).
func (w *Writer) Float(v float64) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		if w.Err == nil {
			w.Err = &jsonErr{"json: unsupported value: " + strconv.FormatFloat(v, 'g', -1, 64)}
		}
		w.B = append(w.B, "null"...) // never seen: the caller checks err
		return
	}
	w.B = AppendFloat(w.B, v)
}

// AppendFloat appends v as json.Marshal writes a float64.
func AppendFloat(b []byte, v float64) []byte {
	abs := math.Abs(v)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, v, format, -1, 64)
	if format == 'e' {
		// e-07 → e-7
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// list writes v as a JSON array, each element with put; nil is null,
// as encoding/json writes a nil slice.
func list[T any](w *Writer, v []T, put func(T)) {
	if v == nil {
		w.Raw("null")
		return
	}
	w.B = append(w.B, '[')
	for i, x := range v {
		if i > 0 {
			w.B = append(w.B, ',')
		}
		put(x)
	}
	w.B = append(w.B, ']')
}

// Floats, Ints and Strs write a list (null for nil).
func (w *Writer) Floats(v []float64) { list(w, v, w.Float) }

func (w *Writer) Ints(v []int) { list(w, v, w.Int) }

func (w *Writer) Strs(v []string) { list(w, v, w.Str) }

// Str writes s as a JSON string, escaped as json.Marshal escapes it.
func (w *Writer) Str(s string) {
	const hex = "0123456789abcdef"
	b := append(w.B, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	w.B = append(b, '"')
}

// Value writes a decoded JSON value (as Decode returns them), int,
// []float64, []int, []string or an Appender.
func (w *Writer) Value(v any) {
	switch v := v.(type) {
	case nil:
		w.Raw("null")
	case bool:
		w.Bool(v)
	case float64:
		w.Float(v)
	case int:
		w.Int(v)
	case string:
		w.Str(v)
	case []any:
		if v == nil {
			w.Raw("null")
			return
		}
		w.B = append(w.B, '[')
		for i, x := range v {
			if i > 0 {
				w.B = append(w.B, ',')
			}
			w.Value(x)
		}
		w.B = append(w.B, ']')
	case []float64:
		w.Floats(v)
	case []int:
		w.Ints(v)
	case []string:
		w.Strs(v)
	case map[string]any:
		w.Object(v)
	case Appender:
		v.AppendJSON(w)
	default:
		if w.Err == nil {
			w.Err = &jsonErr{"json: unsupported type"}
		}
		w.Raw("null")
	}
}

// Object writes a map with its keys sorted, as json.Marshal does.
func (w *Writer) Object(m map[string]any) {
	if m == nil {
		w.Raw("null")
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	strsort.Strings(keys)
	w.B = append(w.B, '{')
	for i, k := range keys {
		if i > 0 {
			w.B = append(w.B, ',')
		}
		w.Str(k)
		w.B = append(w.B, ':')
		w.Value(m[k])
	}
	w.B = append(w.B, '}')
}

// Marshal writes v (see Writer.Value) as json.Marshal does.
func Marshal(v any) ([]byte, error) {
	var w Writer
	w.Value(v)
	if w.Err != nil {
		return nil, w.Err
	}
	return w.B, nil
}
