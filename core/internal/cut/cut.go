// Package cut makes untrusted text fit for an error message: a layer or
// class name, a CSV cell, a JSON string or an option value that came from a
// file or a caller is cut to MaxRunes characters, so that a 50 MB name
// makes a short message and not a 100 MB one, and characters that would
// not print (controls, invalid UTF-8) become '?'. Every message of core,
// its formats and the WebAssembly binding that quotes input goes through
// Text.
package cut

import (
	"strconv"
	"unicode/utf8"
)

// MaxRunes is how many characters of untrusted text a message quotes.
const MaxRunes = 60

// Ellipsis ends text that was cut.
const Ellipsis = "…"

// Text returns s as a message may quote it: its first MaxRunes characters,
// followed by Ellipsis if there were more, each character that is not
// graphic (strconv.IsGraphic: letters, marks, numbers, punctuation,
// symbols and spaces) or not valid UTF-8 replaced by '?'. It reads at most
// MaxRunes+1 characters of s, however long s is.
func Text(s string) string {
	clean := true
	n, i := 0, 0
	for i < len(s) && n <= MaxRunes {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !strconv.IsGraphic(r) {
			clean = false
		}
		i += size
		n++
	}
	if clean && n <= MaxRunes {
		return s // short and printable: as it is, without a copy
	}
	b := make([]byte, 0, min(i, 4*MaxRunes)+len(Ellipsis))
	n = 0
	for _, r := range s {
		if n == MaxRunes {
			return string(append(b, Ellipsis...))
		}
		if r == utf8.RuneError || !strconv.IsGraphic(r) {
			r = '?'
		}
		b = utf8.AppendRune(b, r)
		n++
	}
	return string(b)
}

// Quoted is Text between single quotes, as messages quote names and values:
// 'dense_1'.
func Quoted(s string) string { return "'" + Text(s) + "'" }

// Bytes is Text for bytes, reading only as many of them as Text may quote:
// a 50 MB JSON string costs what its first characters cost.
func Bytes(b []byte) string {
	const most = (MaxRunes + 1) * 4 // bytes of MaxRunes+1 characters at most
	return Text(string(b[:min(len(b), most)]))
}
