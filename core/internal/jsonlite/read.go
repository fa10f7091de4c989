// Parts of this file are ported from the Go standard library's
// encoding/json, Copyright 2010 The Go Authors, used under the BSD-style
// licence in LICENSE-GO at the repository root.

package jsonlite

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

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
