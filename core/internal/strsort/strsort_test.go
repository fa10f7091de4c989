package strsort

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n, alphabet, maxLen int) []string {
		s := make([]string, n)
		for i := range s {
			b := make([]byte, rng.IntN(maxLen+1))
			for j := range b {
				b[j] = byte('a' + rng.IntN(alphabet))
			}
			s[i] = string(b)
		}
		return s
	}
	tests := []struct {
		name string
		in   []string
	}{
		{"nil", nil},
		{"empty", []string{}},
		{"one", []string{"x"}},
		{"two sorted", []string{"a", "b"}},
		{"two reversed", []string{"b", "a"}},
		{"two equal", []string{"a", "a"}},
		{"duplicates", []string{"b", "a", "b", "c", "a", "a", "c", "b"}},
		{"all equal", []string{"z", "z", "z", "z", "z"}},
		{"empty strings", []string{"", "a", "", "", "b", ""}},
		{"prefixes", []string{"abc", "ab", "a", "", "abcd", "abc"}},
		{"sorted", []string{"a", "b", "c", "d", "e", "f", "g"}},
		{"reversed", []string{"g", "f", "e", "d", "c", "b", "a"}},
		{"case and bytes", []string{"b", "B", "a", "A", "é", "e", "\x00", "\xff", "Z"}},
		{"keys", []string{"val_loss", "loss", "accuracy", "val_accuracy", "lr"}},
		{"random small", random(10, 3, 3)},
		{"random dups", random(200, 2, 4)},
		{"random", random(1000, 26, 8)},
		{"random long", random(5000, 4, 20)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Clone(tc.in)
			want := slices.Clone(tc.in)
			Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Fatalf("Strings(%q)\n got %q\nwant %q", short(tc.in), short(got), short(want))
			}
		})
	}
}

// TestStringsRandomSizes sorts random slices of every length up to 100.
func TestStringsRandomSizes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 100; n++ {
		for range 5 {
			s := make([]string, n)
			for i := range s {
				s[i] = strings.Repeat("x", rng.IntN(3)) + string(rune('a'+rng.IntN(5)))
			}
			want := slices.Clone(s)
			sort.Strings(want)
			Strings(s)
			if !slices.Equal(s, want) {
				t.Fatalf("n=%d: got %q, want %q", n, s, want)
			}
		}
	}
}

func TestStringsAllocs(t *testing.T) {
	s := []string{"d", "b", "a", "c"}
	buf := make([]string, len(s))
	if n := testing.AllocsPerRun(100, func() {
		copy(buf, s)
		Strings(buf)
	}); n != 0 {
		t.Errorf("Strings allocates %v times, want 0", n)
	}
}

func short(s []string) []string {
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
