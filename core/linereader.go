package core

import (
	"bytes"
	"errors"
	"io"
)

// lineReader reads lines through a buffer: the part of bufio.Reader the CSV
// reader uses (ReadSlice('\n'), and skipping a byte-order mark), without
// linking bufio into the web build (~2 KB of brotli). Its results are
// bufio's: a line with its '\n'; errLineFull, and the buffer, when a line
// fills the buffer first (the caller appends and reads on); at the end the
// bytes left and the reader's error, once.
type lineReader struct {
	rd   io.Reader
	buf  []byte
	r, w int   // unread bytes are buf[r:w]
	err  error // the reader's error, not yet returned
}

// errLineFull is bufio.ErrBufferFull.
var errLineFull = errors.New("line reader: buffer full")

func newLineReader(rd io.Reader) *lineReader {
	return &lineReader{rd: rd, buf: make([]byte, 4096)}
}

// fill moves the unread bytes to the buffer's start and reads once more,
// retrying reads that return nothing as bufio does (100 times).
func (b *lineReader) fill() {
	if b.r > 0 {
		copy(b.buf, b.buf[b.r:b.w])
		b.w -= b.r
		b.r = 0
	}
	for range 100 {
		n, err := b.rd.Read(b.buf[b.w:])
		if n < 0 || n > len(b.buf)-b.w {
			panic("core: line reader: invalid Read count")
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

// readLine returns the bytes up to and including the next '\n', as
// bufio.Reader.ReadSlice('\n'). The slice is valid until the next call.
func (b *lineReader) readLine() ([]byte, error) {
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
			return b.buf, errLineFull
		}
		seen = b.w - b.r
		b.fill()
	}
}

// skipBOM drops a UTF-8 byte-order mark at the start.
func (b *lineReader) skipBOM() {
	for b.w-b.r < 3 && b.err == nil {
		b.fill()
	}
	if b.w-b.r >= 3 && string(b.buf[b.r:b.r+3]) == "\uFEFF" {
		b.r += 3
	}
}
