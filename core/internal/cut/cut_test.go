package cut

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", 100)
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "dense_1", "dense_1"},
		{"exactly the limit", strings.Repeat("a", MaxRunes), strings.Repeat("a", MaxRunes)},
		{"one over", strings.Repeat("a", MaxRunes+1), strings.Repeat("a", MaxRunes) + "…"},
		{"multi-byte runes count as one", long, strings.Repeat("é", MaxRunes) + "…"},
		{"controls become ?", "a\nb\x00c\td", "a?b?c?d"},
		{"invalid UTF-8 becomes ?", "a\xffb", "a?b"},
		{"spaces stay", "petal width", "petal width"},
		{"a cut string with controls", strings.Repeat("\n", 70), strings.Repeat("?", MaxRunes) + "…"},
		{"bidi override is not graphic", "a\u202eb", "a?b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Text(tc.in); got != tc.want {
				t.Errorf("Text(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestQuoted(t *testing.T) {
	t.Parallel()
	if got, want := Quoted("x\ny"), "'x?y'"; got != want {
		t.Errorf("Quoted: got %q, want %q", got, want)
	}
}

// TestTextReadsAPrefix checks that a huge input costs what its prefix
// costs: the result is short and the work does not grow with the input.
func TestTextReadsAPrefix(t *testing.T) {
	huge := strings.Repeat("x", 50<<20)
	got := Text(huge)
	if utf8.RuneCountInString(got) != MaxRunes+1 {
		t.Fatalf("Text of 50 MB: got %d characters, want %d", utf8.RuneCountInString(got), MaxRunes+1)
	}
	allocs := testing.AllocsPerRun(10, func() { _ = Text(huge) })
	if allocs > 2 {
		t.Errorf("allocations per Text of 50 MB: got %v, want at most 2", allocs)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "abc", "a\xffb", strings.Repeat("é", 80), "\u202e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Text(%q) = %q is not valid UTF-8", s, got)
		}
		n := utf8.RuneCountInString(strings.TrimSuffix(got, Ellipsis))
		if n > MaxRunes {
			t.Fatalf("Text(%q) has %d characters before the ellipsis, want at most %d", s, n, MaxRunes)
		}
		if utf8.ValidString(s) && utf8.RuneCountInString(s) <= MaxRunes && got != strings.Map(func(r rune) rune {
			if isPrintable(r) {
				return r
			}
			return '?'
		}, s) {
			t.Fatalf("Text(%q) = %q changed more than the unprintable characters", s, got)
		}
	})
}

func isPrintable(r rune) bool { return Text(string(r)) == string(r) }

func TestBytes(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", ""},
		{"abc", "abc"},
		{strings.Repeat("€", 1000), strings.Repeat("€", MaxRunes) + "…"},
		{strings.Repeat("a", 1<<20), strings.Repeat("a", MaxRunes) + "…"},
	}
	for _, tc := range tests {
		if got := Bytes([]byte(tc.in)); got != tc.want {
			t.Errorf("Bytes(%d bytes): got %q, want %q", len(tc.in), got, tc.want)
		}
	}
}
