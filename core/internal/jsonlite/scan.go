// Parts of this file are ported from the Go standard library's
// encoding/json, Copyright 2010 The Go Authors, used under the BSD-style
// licence in LICENSE-GO at the repository root.

package jsonlite

import "strconv"

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
