package core

import (
	"bufio"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
)

// TestLineReaderMatchesBufio reads the same inputs through lineReader and
// bufio.Reader.ReadSlice('\n'), through readers that return one byte at a
// time, data with io.EOF, or fail: every line, line-full result and error
// must be the same.
func TestLineReaderMatchesBufio(t *testing.T) {
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
	boom := errors.New("boom")
	wrap := []struct {
		name string
		f    func(string) io.Reader
	}{
		{"plain", func(s string) io.Reader { return strings.NewReader(s) }},
		{"one byte", func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) }},
		{"data+EOF", func(s string) io.Reader { return iotest.DataErrReader(strings.NewReader(s)) }},
		{"half then error", func(s string) io.Reader {
			return io.MultiReader(strings.NewReader(s[:len(s)/2]), iotest.ErrReader(boom))
		}},
	}
	for i, in := range inputs {
		for _, w := range wrap {
			br, lr := bufio.NewReader(w.f(in)), newLineReader(w.f(in))
			for step := 0; ; step++ {
				want, werr := br.ReadSlice('\n')
				got, gerr := lr.readLine()
				if werr == bufio.ErrBufferFull {
					werr = errLineFull
				}
				if string(got) != string(want) || gerr != werr {
					t.Fatalf("input %d (%s), read %d: got %q, %v; want %q, %v", i, w.name, step, short(string(got)), gerr, short(string(want)), werr)
				}
				if werr != nil && werr != errLineFull {
					break
				}
			}
		}
	}
}

// TestLineReaderBOM checks that skipBOM drops a byte-order mark, and only
// that, also when it arrives a byte at a time.
func TestLineReaderBOM(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"\uFEFFa\n", "a\n"}, {"a\n", "a\n"}, {"\uFEFF", ""}, {"\xEF\xBB", "\xEF\xBB"}, {"", ""},
	} {
		for _, one := range []bool{false, true} {
			var r io.Reader = strings.NewReader(c.in)
			if one {
				r = iotest.OneByteReader(r)
			}
			lr := newLineReader(r)
			lr.skipBOM()
			var got []byte
			for {
				line, err := lr.readLine()
				got = append(got, line...)
				if err != nil {
					break
				}
			}
			if string(got) != c.want {
				t.Errorf("skipBOM on %q (one byte %v): read %q, want %q", c.in, one, got, c.want)
			}
		}
	}
}
