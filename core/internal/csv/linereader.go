// Follows the Go standard library's bufio.Reader (ReadSlice, fill),
// Copyright 2009 The Go Authors, used under the BSD-style licence in
// LICENSE-GO at the repository root.

package csv

import (
	"bytes"
	"errors"
	"io"
)

// LineReader reads lines through a 4096-byte buffer: the part of
// bufio.Reader the CSV reader uses (ReadSlice('\n')), and skipping a
// byte-order mark. Its results are bufio's: a line with its '\n';
// ErrBufferFull, and the buffer, when a line fills the buffer first (the
// caller appends and reads on); at the end the bytes left and the reader's
// error, once (linereader_test.go compares them).
type LineReader struct {
	rd   io.Reader
	buf  []byte
	r, w int   // unread bytes are buf[r:w]
	err  error // the reader's error, not yet returned
}

// ErrBufferFull is bufio.ErrBufferFull: the line does not fit the buffer.
var ErrBufferFull = errors.New("line reader: buffer full")

// NewLineReader returns a LineReader reading from rd.
func NewLineReader(rd io.Reader) *LineReader {
	return &LineReader{rd: rd, buf: make([]byte, 4096)}
}

// fill moves the unread bytes to the buffer's start and reads once more,
// retrying reads that return nothing as bufio does (100 times).
func (b *LineReader) fill() {
	if b.r > 0 {
		copy(b.buf, b.buf[b.r:b.w])
		b.w -= b.r
		b.r = 0
	}
	for range 100 {
		n, err := b.rd.Read(b.buf[b.w:])
		if n < 0 || n > len(b.buf)-b.w {
			panic("csv: line reader: invalid Read count")
		}
		b.w += n
		if err != nil {
			b.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	b.err = io.ErrNoProgress
}

// ReadLine returns the bytes up to and including the next '\n', as
// bufio.Reader.ReadSlice('\n'). The slice is valid until the next call.
func (b *LineReader) ReadLine() ([]byte, error) {
	seen := 0 // bytes already searched
	for {
		if i := bytes.IndexByte(b.buf[b.r+seen:b.w], '\n'); i >= 0 {
			line := b.buf[b.r : b.r+seen+i+1]
			b.r += seen + i + 1
			return line, nil
		}
		if b.err != nil {
			line, err := b.buf[b.r:b.w], b.err
			b.r, b.err = b.w, nil
			return line, err
		}
		if b.w-b.r == len(b.buf) {
			b.r = b.w
			return b.buf, ErrBufferFull
		}
		seen = b.w - b.r
		b.fill()
	}
}

// SkipBOM drops a UTF-8 byte-order mark at the start; call it before the
// first ReadLine.
func (b *LineReader) SkipBOM() {
	for b.w-b.r < 3 && b.err == nil {
		b.fill()
	}
	if b.w-b.r >= 3 && string(b.buf[b.r:b.r+3]) == "\uFEFF" {
		b.r += 3
	}
}
