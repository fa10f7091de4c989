// Package fmtlite is a small stand-in for fmt.Errorf and fmt.Sprintf, so
// that gotrain's WebAssembly build links neither fmt nor the reflection it
// needs (about 130 KB of the module with brotli). It writes what fmt writes
// for the directives and argument types gotrain's messages use, and nothing
// more:
//
//	%v %s  string, error, fmt.Stringer-like String() string, []string
//	%v %d  int, int64, uint64, []int
//	%v %g  float64
//	%v     bool
//	%q     string
//	%w     error (Errorf only; errors.Is/As see through it, as with fmt)
//	%%     a percent sign
//
// with an optional '-' flag and a width (padding with spaces, by runes, as
// fmt does). %v of nil is "<nil>". Anything else is written the way fmt
// writes a bad directive (%!d(string=x), %!v(MISSING), ...), so a mistake
// shows. The tests compare the output with fmt (TestSprintfMatchesFmt) and
// check every formatting call in core and its packages against this list
// (TestFormatDirectives).
package fmtlite

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// Errorf formats like fmt.Errorf: with a %w directive the error wraps that
// argument (several %w: all of them).
func Errorf(format string, args ...any) error {
	p := printer{errOK: true}
	p.printf(format, args)
	switch len(p.wrapped) {
	case 0:
		return errors.New(string(p.buf))
	case 1:
		return &wrapError{string(p.buf), p.wrapped[0]}
	}
	return &wrapErrors{string(p.buf), p.wrapped}
}

// Sprintf formats like fmt.Sprintf.
func Sprintf(format string, args ...any) string {
	var p printer
	p.printf(format, args)
	return string(p.buf)
}

// KnownVerb reports whether v is a directive Errorf and Sprintf write as fmt
// does (for the argument types listed above).
func KnownVerb(v byte) bool {
	switch v {
	case 'v', 's', 'd', 'g', 'q', 'w':
		return true
	}
	return false
}

type wrapError struct {
	msg string
	err error
}

func (e *wrapError) Error() string { return e.msg }
func (e *wrapError) Unwrap() error { return e.err }

type wrapErrors struct {
	msg  string
	errs []error
}

func (e *wrapErrors) Error() string   { return e.msg }
func (e *wrapErrors) Unwrap() []error { return e.errs }

type printer struct {
	buf     []byte
	wrapped []error
	// The directive being written.
	verb  byte
	minus bool
	width int
	errOK bool // %w is allowed (errorf, not sprintf)
}

func (p *printer) printf(format string, args []any) {
	argNum := 0
	for i := 0; i < len(format); {
		c := format[i]
		if c != '%' {
			j := i + 1
			for j < len(format) && format[j] != '%' {
				j++
			}
			p.buf = append(p.buf, format[i:j]...)
			i = j
			continue
		}
		i++ // the '%'
		p.minus, p.width = false, 0
		for i < len(format) && format[i] == '-' {
			p.minus = true
			i++
		}
		for i < len(format) && format[i] >= '0' && format[i] <= '9' && p.width < 1e6 {
			p.width = p.width*10 + int(format[i]-'0')
			i++
		}
		if i >= len(format) {
			p.buf = append(p.buf, "%!(NOVERB)"...)
			break
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size
		if verb == '%' {
			p.buf = append(p.buf, '%')
			continue
		}
		if verb >= utf8.RuneSelf || !KnownVerb(byte(verb)) {
			// fmt accepts other verbs for other types; core uses none.
			p.buf = append(p.buf, "%!"...)
			p.buf = utf8.AppendRune(p.buf, verb)
			if argNum < len(args) {
				p.buf = append(p.buf, '(')
				p.badArg(args[argNum])
				p.buf = append(p.buf, ')')
				argNum++
			} else {
				p.buf = append(p.buf, "(MISSING)"...)
			}
			continue
		}
		p.verb = byte(verb)
		if argNum >= len(args) {
			p.buf = append(p.buf, '%', '!', p.verb)
			p.buf = append(p.buf, "(MISSING)"...)
			continue
		}
		p.arg(args[argNum])
		argNum++
	}
	if argNum < len(args) {
		p.buf = append(p.buf, "%!(EXTRA "...)
		for k, a := range args[argNum:] {
			if k > 0 {
				p.buf = append(p.buf, ", "...)
			}
			if a == nil {
				p.buf = append(p.buf, "<nil>"...)
				continue
			}
			p.buf = append(p.buf, typeName(a)...)
			p.buf = append(p.buf, '=')
			p.verb = 'v'
			p.minus, p.width = false, 0
			p.arg(a)
		}
		p.buf = append(p.buf, ')')
	}
}

// arg writes one argument for p.verb, padded to p.width.
func (p *printer) arg(a any) {
	switch a.(type) {
	case []int, []string:
		p.value(a) // pads each element, not the whole
		return
	}
	start := len(p.buf)
	if !p.value(a) {
		p.buf = p.buf[:start]
		p.buf = append(p.buf, '%', '!', p.verb, '(')
		p.badArg(a)
		p.buf = append(p.buf, ')')
		return
	}
	p.pad(start)
}

// badArg writes "type=value" as fmt does for a directive that does not fit
// its argument ("<nil>" for nil).
func (p *printer) badArg(a any) {
	if a == nil {
		p.buf = append(p.buf, "<nil>"...)
		return
	}
	p.buf = append(p.buf, typeName(a)...)
	p.buf = append(p.buf, '=')
	// As fmt, the value as %v with the directive's width.
	verb := p.verb
	p.verb = 'v'
	start := len(p.buf)
	if p.value(a) {
		p.pad(start)
	} else {
		p.buf = append(p.buf, '?')
	}
	p.verb = verb
}

// pad pads what was written since start to p.width runes.
func (p *printer) pad(start int) {
	n := p.width - utf8.RuneCount(p.buf[start:])
	if n <= 0 {
		return
	}
	if p.minus {
		for ; n > 0; n-- {
			p.buf = append(p.buf, ' ')
		}
		return
	}
	s := string(p.buf[start:])
	p.buf = p.buf[:start]
	for ; n > 0; n-- {
		p.buf = append(p.buf, ' ')
	}
	p.buf = append(p.buf, s...)
}

// value writes a for p.verb; false if the verb does not fit.
func (p *printer) value(a any) bool {
	v := p.verb
	if v == 'w' {
		err, ok := a.(error)
		if !ok || !p.errOK {
			return false
		}
		p.wrapped = append(p.wrapped, err)
		v = 'v'
	}
	text := v == 'v' || v == 's'
	switch x := a.(type) {
	case nil:
		if v != 'v' {
			return false
		}
		p.buf = append(p.buf, "<nil>"...)
	case error:
		if !text && v != 'q' {
			return false
		}
		p.text(x.Error(), v)
	case interface{ String() string }:
		if !text && v != 'q' {
			return false
		}
		p.text(x.String(), v)
	case string:
		if !text && v != 'q' {
			return false
		}
		p.text(x, v)
	case bool:
		if v != 'v' {
			return false
		}
		p.buf = strconv.AppendBool(p.buf, x)
	case int:
		return p.int(int64(x))
	case int64:
		return p.int(x)
	case uint64:
		return p.uint(x)
	case float64:
		return p.float(x)
	case []int:
		// fmt applies the directive to each element.
		p.buf = append(p.buf, '[')
		for i, e := range x {
			if i > 0 {
				p.buf = append(p.buf, ' ')
			}
			p.arg(e)
		}
		p.buf = append(p.buf, ']')
	case []string:
		p.buf = append(p.buf, '[')
		for i, e := range x {
			if i > 0 {
				p.buf = append(p.buf, ' ')
			}
			p.arg(e)
		}
		p.buf = append(p.buf, ']')
	default:
		return false
	}
	return true
}

func (p *printer) text(s string, verb byte) {
	if verb == 'q' {
		p.buf = strconv.AppendQuote(p.buf, s)
		return
	}
	p.buf = append(p.buf, s...)
}

func (p *printer) int(x int64) bool {
	if p.verb == 'q' {
		return p.uint(uint64(x))
	}
	if p.verb != 'v' && p.verb != 'd' {
		return false
	}
	p.buf = strconv.AppendInt(p.buf, x, 10)
	return true
}

func (p *printer) uint(x uint64) bool {
	switch p.verb {
	case 'v', 'd':
		p.buf = strconv.AppendUint(p.buf, x, 10)
	case 'q': // a character literal
		r := rune(utf8.RuneError)
		if x <= utf8.MaxRune {
			r = rune(x)
		}
		p.buf = strconv.AppendQuoteRune(p.buf, r)
	default:
		return false
	}
	return true
}

// float writes %v and %g as fmt does: strconv's shortest 'g' form, with an
// exponent below 1e-4 and from 1e+06 on, and "+Inf", "-Inf" and "NaN".
func (p *printer) float(x float64) bool {
	if p.verb != 'v' && p.verb != 'g' {
		return false
	}
	p.buf = strconv.AppendFloat(p.buf, x, 'g', -1, 64)
	return true
}

// typeName names the types value knows, for bad-directive messages ("?"
// for the others, which fmt would name).
func typeName(a any) string {
	switch a.(type) {
	case string:
		return "string"
	case bool:
		return "bool"
	case int:
		return "int"
	case int64:
		return "int64"
	case uint64:
		return "uint64"
	case float64:
		return "float64"
	case []int:
		return "[]int"
	case []string:
		return "[]string"
	}
	return "?"
}
