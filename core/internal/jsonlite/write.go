// Parts of this file are ported from the Go standard library's
// encoding/json, Copyright 2010 The Go Authors, used under the BSD-style
// licence in LICENSE-GO at the repository root.

package jsonlite

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/gotrain/gotrain/core/internal/strsort"
)

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
