// Package csv reads comma-separated records: a port of the part of the Go
// standard library's encoding/csv Reader that core.ParseCSV uses (Reader),
// over a small stand-in for bufio.Reader (LineReader).
//
// It stands in for encoding/csv and bufio so that gotrain.wasm links
// neither: encoding/csv's ParseError.Error needs fmt, which links os and
// reflect (about 57 KB of brotli with encoding/csv itself), and bufio adds
// about 2 KB. Errors are returned as they are, never wrapped, so a caller
// can compare them with == and a type assertion instead of errors.As
// (whose internal/reflectlite machinery cost another 10 KB); see
// build/wasmsize.md.
//
// The tests hold both to the packages they replace: the same records, field
// positions and errors as encoding/csv, the same lines, buffer-full results
// and errors as bufio, on fixed samples and under go test -fuzz.
//
// reader.go is ported from encoding/csv and linereader.go follows bufio,
// Copyright The Go Authors: that code stays under the BSD-style licence in
// LICENSE-GO at the repository root.
package csv
