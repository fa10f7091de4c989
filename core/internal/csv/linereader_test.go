package csv

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

// TestLineReaderMatchesBufio reads the same inputs through LineReader and
// bufio.Reader.ReadSlice('\n'), through readers that return one byte at a
// time, data with io.EOF, or fail: every line, line-full result and error
// must be the same.
func TestLineReaderMatchesBufio(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 8))
	inputs := []string{"", "\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n\n", strings.Repeat("x", 4095) + "\n",
		strings.Repeat("x", 4096) + "\n", strings.Repeat("y", 10000), strings.Repeat("z", 9000) + "\nshort\n"}
	for range 200 {
		var sb strings.Builder
		for range rng.IntN(20) {
			sb.WriteString(strings.Repeat("ab,", rng.IntN(3000)))
			if rng.IntN(4) > 0 {
				sb.WriteByte('\n')
			}
		}
		inputs = append(inputs, sb.String())
	}
	for i, in := range inputs {
		for _, w := range lineWrappers {
			compareWithBufio(t, fmt.Sprintf("input %d (%s)", i, w.name), in, w.f)
		}
	}
}

var errBoom = errors.New("boom")

// lineWrappers are the readers the line reader is compared through: plain,
// a byte at a time, data with io.EOF, and half the data then an error.
var lineWrappers = []struct {
	name string
	f    func(string) io.Reader
}{
	{"plain", func(s string) io.Reader { return strings.NewReader(s) }},
	{"one byte", func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) }},
	{"data+EOF", func(s string) io.Reader { return iotest.DataErrReader(strings.NewReader(s)) }},
	{"half then error", func(s string) io.Reader {
		return io.MultiReader(strings.NewReader(s[:len(s)/2]), iotest.ErrReader(errBoom))
	}},
}

// compareWithBufio reads in through LineReader.ReadLine and
// bufio.Reader.ReadSlice('\n'), each over its own reader from wrap, and
// fails at the first line, buffer-full result or error that differs.
func compareWithBufio(t *testing.T, what, in string, wrap func(string) io.Reader) {
	t.Helper()
	br, lr := bufio.NewReader(wrap(in)), NewLineReader(wrap(in))
	for step := 0; ; step++ {
		want, werr := br.ReadSlice('\n')
		got, gerr := lr.ReadLine()
		if werr == bufio.ErrBufferFull {
			werr = ErrBufferFull
		}
		if string(got) != string(want) || gerr != werr {
			t.Fatalf("%s, read %d: got %q, %v; want %q, %v", what, step, short(string(got)), gerr, short(string(want)), werr)
		}
		if werr != nil && werr != ErrBufferFull {
			return
		}
	}
}

// short elides the middle of a long string for a failure message.
func short(s string) string {
	if len(s) <= 60 {
		return s
	}
	return s[:30] + "…" + s[len(s)-30:]
}

// FuzzLineReader compares LineReader with bufio.Reader on arbitrary input,
// through every reader of lineWrappers (committed corpus:
// testdata/fuzz/FuzzLineReader).
func FuzzLineReader(f *testing.F) {
	for _, s := range []string{"", "\n", "a\r\nb", "\uFEFFa\n", strings.Repeat("x", 4096) + "\ny"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, w := range lineWrappers {
			compareWithBufio(t, w.name, in, w.f)
		}
	})
}

// TestLineReaderBOM checks that SkipBOM drops a byte-order mark, and only
// that, also when it arrives a byte at a time.
func TestLineReaderBOM(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"\uFEFFa\n", "a\n"}, {"a\n", "a\n"}, {"\uFEFF", ""}, {"\xEF\xBB", "\xEF\xBB"}, {"", ""},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(c.in)
			if one {
				r = iotest.OneByteReader(r)
			}
			lr := NewLineReader(r)
			lr.SkipBOM()
			var got []byte
			for {
				line, err := lr.ReadLine()
				got = append(got, line...)
				if err != nil {
					break
				}
			}
			if string(got) != c.want {
				t.Errorf("SkipBOM on %q (one byte %v): read %q, want %q", c.in, one, got, c.want)
			}
		}
	}
}
