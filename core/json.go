// Parts of this file (the scanner and the string and float writing) are
// ported from the Go standard library's encoding/json, Copyright 2010 The Go
// Authors, used under the BSD-style licence in LICENSE-GO at the repository
// root.

package core

import (
	"errors"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gotrain/gotrain/core/internal/strsort"
)

// A small, strict JSON reader and writer, so that the WebAssembly build does
// not link encoding/json and the reflection it needs (about 120 KB of the
// module with brotli). It does what core asked of encoding/json, with the
// same results and error messages:
//
//   - jsonCheck is json.Valid with the *json.SyntaxError json.Unmarshal
//     returns (a port of encoding/json's scanner: same messages, same
//     offsets, same nesting limit of 10000);
//   - jsonValueEnd, jsonObjectFields, jsonArrayItems and jsonDecodeScalar
//     split valid JSON into json.RawMessage-like spans and decode them into
//     *int, *uint64, *float64, *bool and *string as json.Unmarshal does;
//   - jsonDecode is json.Unmarshal into an any: map[string]any, []any,
//     float64, string, bool and nil;
//   - jsonWriter writes what json.Marshal writes: strings escaped the same
//     way (HTML-safe), floats as ES6 numbers (strconv's shortest form, 'f'
//     for exponents in [-6, 21), 'e' outside with e-07 cleaned to e-7), map
//     keys sorted.
//
// The tests compare all of it with encoding/json (json_test.go, FuzzJSON).

// jsonMaxDepth is encoding/json's limit on nesting.
const jsonMaxDepth = 10000

// jsonSyntaxError is json.SyntaxError: the message and the number of bytes
// read when the error was found.
type jsonSyntaxError struct {
	msg    string
	Offset int64
}

func (e *jsonSyntaxError) Error() string { return e.msg }

// jsonError is any other decoding error, worded as encoding/json's.
type jsonError struct{ msg string }

func (e *jsonError) Error() string { return e.msg }

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

type jsonScanner struct {
	step       func(*jsonScanner, byte) int
	endTop     bool
	parseState []byte
	err        *jsonSyntaxError
	bytes      int64
	lit        string // the literal true, false or null being read
	litPos     int    // the index in lit of the next byte expected
	hexLeft    int    // hexadecimal digits still expected in a \u escape
}

// jsonCheck returns nil if data is one valid JSON value (with surrounding
// white space), else the error json.Unmarshal would return.
func jsonCheck(data []byte) *jsonSyntaxError {
	s := &jsonScanner{step: jsBeginValue}
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

func (s *jsonScanner) eof() int {
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
		s.err = &jsonSyntaxError{"unexpected end of JSON input", s.bytes}
	}
	return jsError
}

func (s *jsonScanner) push(c byte, state byte) int {
	s.parseState = append(s.parseState, state)
	if len(s.parseState) <= jsonMaxDepth {
		return jsContinue
	}
	return s.error(c, "exceeded max depth")
}

func (s *jsonScanner) pop() {
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
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func (s *jsonScanner) error(c byte, context string) int {
	s.step = jsStateError
	s.err = &jsonSyntaxError{"invalid character " + jsonQuoteChar(c) + " " + context, s.bytes}
	return jsError
}

// jsonQuoteChar formats c as encoding/json's error messages do.
func jsonQuoteChar(c byte) string {
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
//
// Not inlined, for a smaller gotrain.wasm: called from many places, and
// only while reading JSON, never while training.
//
//go:noinline
func jsIsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func jsIsHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func jsStateError(*jsonScanner, byte) int { return jsError }

func jsBeginValueOrEmpty(s *jsonScanner, c byte) int {
	if jsIsSpace(c) {
		return jsSkipSpace
	}
	if c == ']' {
		return jsEndValue(s, c)
	}
	return jsBeginValue(s, c)
}

func jsBeginValue(s *jsonScanner, c byte) int {
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

func jsBeginStringOrEmpty(s *jsonScanner, c byte) int {
	if jsIsSpace(c) {
		return jsSkipSpace
	}
	if c == '}' {
		s.parseState[len(s.parseState)-1] = jsParseObjectValue
		return jsEndValue(s, c)
	}
	return jsBeginString(s, c)
}

func jsBeginString(s *jsonScanner, c byte) int {
	if jsIsSpace(c) {
		return jsSkipSpace
	}
	if c == '"' {
		s.step = jsInString
		return jsContinue
	}
	return s.error(c, "looking for beginning of object key string")
}

func jsEndValue(s *jsonScanner, c byte) int {
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

func jsEndTop(s *jsonScanner, c byte) int {
	if !jsIsSpace(c) {
		s.error(c, "after top-level value")
	}
	return jsEnd
}

func jsInString(s *jsonScanner, c byte) int {
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

func jsInStringEsc(s *jsonScanner, c byte) int {
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
func jsInStringEscU(s *jsonScanner, c byte) int {
	if !jsIsHex(c) {
		return s.error(c, "in \\u hexadecimal character escape")
	}
	if s.hexLeft--; s.hexLeft == 0 {
		s.step = jsInString
	}
	return jsContinue
}

func jsNeg(s *jsonScanner, c byte) int {
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

func js1(s *jsonScanner, c byte) int {
	if '0' <= c && c <= '9' {
		s.step = js1
		return jsContinue
	}
	return js0(s, c)
}

func js0(s *jsonScanner, c byte) int {
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

func jsDot(s *jsonScanner, c byte) int {
	if '0' <= c && c <= '9' {
		s.step = jsDot0
		return jsContinue
	}
	return s.error(c, "after decimal point in numeric literal")
}

func jsDot0(s *jsonScanner, c byte) int {
	if '0' <= c && c <= '9' {
		return jsContinue
	}
	if c == 'e' || c == 'E' {
		s.step = jsE
		return jsContinue
	}
	return jsEndValue(s, c)
}

func jsE(s *jsonScanner, c byte) int {
	if c == '+' || c == '-' {
		s.step = jsESign
		return jsContinue
	}
	return jsESign(s, c)
}

func jsESign(s *jsonScanner, c byte) int {
	if '0' <= c && c <= '9' {
		s.step = jsE0
		return jsContinue
	}
	return s.error(c, "in exponent of numeric literal")
}

func jsE0(s *jsonScanner, c byte) int {
	if '0' <= c && c <= '9' {
		return jsContinue
	}
	return jsEndValue(s, c)
}

// jsLiteral expects s.lit[s.litPos:] of the literal true, false or null.
func jsLiteral(s *jsonScanner, c byte) int {
	if want := s.lit[s.litPos]; c != want {
		return s.error(c, "in literal "+s.lit+" (expecting "+jsonQuoteChar(want)+")")
	}
	if s.litPos++; s.litPos == len(s.lit) {
		s.step = jsEndValue
	}
	return jsContinue
}

// ---------------------------------------------------------------------------
// Reading valid JSON.

// jsonSkipSpace returns the index of the first byte at or after i that is
// not white space.
//
// Not inlined, for a smaller gotrain.wasm: called from many places, and
// only while reading JSON, never while training.
//
//go:noinline
func jsonSkipSpace(data []byte, i int) int {
	for i < len(data) && jsIsSpace(data[i]) {
		i++
	}
	return i
}

// jsonValueEnd returns the end of the value that starts at data[i] (after
// white space), data being valid JSON from there on.
func jsonValueEnd(data []byte, i int) int {
	i = jsonSkipSpace(data, i)
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
				i = jsonValueEnd(data, i) - 1
			}
		}
		return i
	}
	for i < len(data) && !jsIsSpace(data[i]) && data[i] != ',' && data[i] != ']' && data[i] != '}' {
		i++
	}
	return i
}

// jsonObjectFields splits raw, valid JSON, into its fields if it is an
// object (false otherwise, null included): the keys decoded, the values as
// json.RawMessage holds them. A repeated key keeps its last value.
func jsonObjectFields(raw []byte) (map[string][]byte, bool) {
	i := jsonSkipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	fields := map[string][]byte{}
	i = jsonSkipSpace(raw, i+1)
	if raw[i] == '}' {
		return fields, true
	}
	for {
		end := jsonValueEnd(raw, i)
		key := jsonUnquote(raw[i:end])
		i = jsonSkipSpace(raw, end) + 1 // past ':'
		i = jsonSkipSpace(raw, i)
		end = jsonValueEnd(raw, i)
		fields[key] = raw[i:end]
		i = jsonSkipSpace(raw, end)
		if raw[i] == '}' {
			return fields, true
		}
		i = jsonSkipSpace(raw, i+1) // past ','
	}
}

// jsonArrayItems splits raw, valid JSON, into its elements if it is an
// array (false otherwise).
func jsonArrayItems(raw []byte) ([][]byte, bool) {
	i := jsonSkipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '[' {
		return nil, false
	}
	items := [][]byte{}
	i = jsonSkipSpace(raw, i+1)
	if raw[i] == ']' {
		return items, true
	}
	for {
		end := jsonValueEnd(raw, i)
		items = append(items, raw[i:end])
		i = jsonSkipSpace(raw, end)
		if raw[i] == ']' {
			return items, true
		}
		i = jsonSkipSpace(raw, i+1)
	}
}

// jsonDecodeScalar decodes raw, one valid JSON value, into dst (*int,
// *uint64, *float64, *bool or *string) as json.Unmarshal does, failing where
// it fails: on a value of another type and on numbers dst cannot hold. Like
// json.Unmarshal, it leaves dst alone for null.
func jsonDecodeScalar(raw []byte, dst any) error {
	i := jsonSkipSpace(raw, 0)
	lit := raw[i:jsonValueEnd(raw, i)]
	if len(lit) == 0 {
		return errJSONType
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
			return errJSONType
		}
		var v int64
		if v, err = strconv.ParseInt(string(lit), 10, 64); err == nil && int64(int(v)) == v {
			*d = int(v)
		}
	case *uint64:
		if !number {
			return errJSONType
		}
		var v uint64
		if v, err = strconv.ParseUint(string(lit), 10, 64); err == nil {
			*d = v
		}
	case *float64:
		if !number {
			return errJSONType
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
			return errJSONType
		}
	case *string:
		if c != '"' {
			return errJSONType
		}
		*d = jsonUnquote(lit)
	default:
		return errJSONType
	}
	if err != nil {
		return errJSONType
	}
	return nil
}

var errJSONType = errors.New("json: cannot unmarshal the value into this type")

// jsonUnquote decodes a valid JSON string literal as encoding/json does:
// invalid UTF-8 and unpaired surrogates become U+FFFD.
func jsonUnquote(lit []byte) string {
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
				rr := jsonHex4(s[r+1:])
				r += 5
				if utf16.IsSurrogate(rr) {
					if r+1 < len(s) && s[r] == '\\' && s[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, jsonHex4(s[r+2:])); dec != utf8.RuneError {
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

// jsonHex4 reads the four hexadecimal digits at the start of s (-1 if they
// are not there).
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func jsonHex4(s []byte) rune {
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

// jsonDecode is json.Unmarshal(data, &v) for v of type any: objects become
// map[string]any (a repeated key keeps its last value), arrays []any,
// numbers float64. The error is the one json.Unmarshal returns: the syntax
// error of invalid JSON, or for a number a float64 cannot hold (1e400) the
// first such number's.
func jsonDecode(data []byte) (any, error) {
	if err := jsonCheck(data); err != nil {
		return nil, err
	}
	d := jsonDecoder{data: data}
	v := d.value()
	if d.err != nil {
		return nil, d.err
	}
	return v, nil
}

type jsonDecoder struct {
	data []byte
	i    int
	err  error
}

func (d *jsonDecoder) value() any {
	d.i = jsonSkipSpace(d.data, d.i)
	start := d.i
	switch d.data[start] {
	case '{':
		m := map[string]any{}
		d.i = jsonSkipSpace(d.data, d.i+1)
		if d.data[d.i] == '}' {
			d.i++
			return m
		}
		for {
			d.i = jsonSkipSpace(d.data, d.i)
			end := jsonValueEnd(d.data, d.i)
			key := jsonUnquote(d.data[d.i:end])
			d.i = jsonSkipSpace(d.data, end) + 1 // past ':'
			m[key] = d.value()
			d.i = jsonSkipSpace(d.data, d.i)
			d.i++ // past ',' or '}'
			if d.data[d.i-1] == '}' {
				return m
			}
		}
	case '[':
		a := []any{}
		d.i = jsonSkipSpace(d.data, d.i+1)
		if d.data[d.i] == ']' {
			d.i++
			return a
		}
		for {
			a = append(a, d.value())
			d.i = jsonSkipSpace(d.data, d.i)
			d.i++
			if d.data[d.i-1] == ']' {
				return a
			}
		}
	}
	d.i = jsonValueEnd(d.data, start)
	lit := d.data[start:d.i]
	switch lit[0] {
	case '"':
		return jsonUnquote(lit)
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
			d.err = &jsonError{"json: cannot unmarshal number " + string(lit) + " into Go value of type float64"}
		}
		return nil
	}
	return f
}

// ---------------------------------------------------------------------------
// Writing.

// jsonWriter appends JSON to b as json.Marshal writes it. The first value
// JSON cannot hold (NaN, ±Inf, a type it does not know) sets err.
type jsonWriter struct {
	b   []byte
	err error
}

// jsonAppender is a Go value that writes itself as json.Marshal would.
type jsonAppender interface {
	appendJSON(w *jsonWriter)
}

// The writer's methods are not inlined: the appendJSON methods call them
// for every field, and inlined appends would make the WebAssembly module
// kilobytes larger for no speed that matters.

//go:noinline
func (w *jsonWriter) raw(s string) { w.b = append(w.b, s...) }

//go:noinline
func (w *jsonWriter) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

//go:noinline
func (w *jsonWriter) int(v int) { w.b = strconv.AppendInt(w.b, int64(v), 10) }

//go:noinline
func (w *jsonWriter) uint(v uint64) { w.b = strconv.AppendUint(w.b, v, 10) }

// float writes a float64 as json.Marshal does (an ES6 number).
//
//go:noinline
func (w *jsonWriter) float(v float64) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		if w.err == nil {
			w.err = &jsonError{"json: unsupported value: " + strconv.FormatFloat(v, 'g', -1, 64)}
		}
		w.b = append(w.b, "null"...) // never seen: the caller checks err
		return
	}
	w.b = jsonAppendFloat(w.b, v)
}

func jsonAppendFloat(b []byte, v float64) []byte {
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

// jsonList writes v as a JSON array, each element with put; nil is null,
// as encoding/json writes a nil slice.
func jsonList[T any](w *jsonWriter, v []T, put func(T)) {
	if v == nil {
		w.raw("null")
		return
	}
	w.b = append(w.b, '[')
	for i, x := range v {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		put(x)
	}
	w.b = append(w.b, ']')
}

// floats, ints and strs write a list. Not inlined: their copies at many
// call sites would only grow gotrain.wasm.
//
//go:noinline
func (w *jsonWriter) floats(v []float64) { jsonList(w, v, w.float) }

//go:noinline
func (w *jsonWriter) ints(v []int) { jsonList(w, v, w.int) }

//go:noinline
func (w *jsonWriter) strs(v []string) { jsonList(w, v, w.str) }

// str writes s as a JSON string, escaped as json.Marshal escapes it.
//
//go:noinline
func (w *jsonWriter) str(s string) {
	const hex = "0123456789abcdef"
	b := append(w.b, '"')
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
	w.b = append(b, '"')
}

// value writes a decoded JSON value (as jsonDecode returns them, jsonObj
// included), []float64, []int, []string or a jsonAppender.
func (w *jsonWriter) value(v any) {
	switch v := v.(type) {
	case nil:
		w.raw("null")
	case bool:
		w.bool(v)
	case float64:
		w.float(v)
	case int:
		w.int(v)
	case string:
		w.str(v)
	case []any:
		if v == nil {
			w.raw("null")
			return
		}
		w.b = append(w.b, '[')
		for i, x := range v {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.value(x)
		}
		w.b = append(w.b, ']')
	case []float64:
		w.floats(v)
	case []int:
		w.ints(v)
	case []string:
		w.strs(v)
	case map[string]any:
		w.object(v)
	case jsonObj:
		w.object(v)
	case jsonAppender:
		v.appendJSON(w)
	default:
		if w.err == nil {
			w.err = &jsonError{"json: unsupported type"}
		}
		w.raw("null")
	}
}

// object writes a map with its keys sorted, as json.Marshal does.
func (w *jsonWriter) object(m map[string]any) {
	if m == nil {
		w.raw("null")
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	strsort.Strings(keys)
	w.b = append(w.b, '{')
	for i, k := range keys {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.str(k)
		w.b = append(w.b, ':')
		w.value(m[k])
	}
	w.b = append(w.b, '}')
}

// jsonMarshal writes v (see jsonWriter.value) as json.Marshal does.
//
// Cold and called from many places: not inlined, for a smaller gotrain.wasm.
//
//go:noinline
func jsonMarshal(v any) ([]byte, error) {
	var w jsonWriter
	w.value(v)
	if w.err != nil {
		return nil, w.err
	}
	return w.b, nil
}
