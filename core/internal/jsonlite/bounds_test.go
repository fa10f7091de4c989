package jsonlite

import (
	"strings"
	"testing"
)

func TestCheckBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		b    Bounds
		want string // "" for nil
	}{
		{"within", `{"a":[1,2,3],"b":"xyz"}`, Bounds{Values: 10, String: 3}, ""},
		{"no bounds", strings.Repeat("[", 100), Bounds{}, ""},
		{"too many values", `[` + strings.Repeat("0,", 1000) + `0]`, Bounds{Values: 100}, "more than 100 values (at byte 198)"},
		{"a long string", `{"name":"` + strings.Repeat("n", 1<<20) + `"}`, Bounds{String: 64}, "a string longer than 64 bytes (at byte 73)"},
		{"a long key", `{"` + strings.Repeat("k", 100) + `":1}`, Bounds{String: 64}, "a string longer than 64 bytes (at byte 66)"},
		{"escaped quotes stay inside", `["` + strings.Repeat(`\"`, 40) + `"]`, Bounds{String: 64}, "a string longer than 64 bytes (at byte 66)"},
		{"commas in strings are not values", `["` + strings.Repeat(",", 50) + `"]`, Bounds{Values: 2}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckBounds([]byte(tc.in), tc.b)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("CheckBounds: got %q, want %q", got, tc.want)
			}
			// The same document written in pieces of every size from 1
			// to 9 bytes: the same answer, at the same byte.
			for size := 1; size <= 9; size++ {
				c := BoundsChecker{Bounds: tc.b}
				var err error
				for i := 0; i < len(tc.in) && err == nil; i += size {
					err = c.Write([]byte(tc.in[i:min(i+size, len(tc.in))]))
				}
				got := ""
				if err != nil {
					got = err.Error()
					if again := c.Write([]byte("{")); again != err {
						t.Errorf("pieces of %d: a Write after the error returned %v, want the error again", size, again)
					}
				}
				if got != tc.want {
					t.Errorf("pieces of %d bytes: got %q, want %q", size, got, tc.want)
				}
			}
		})
	}
}

// CheckBounds allocates nothing, whatever the input.
func TestCheckBoundsAllocatesNothing(t *testing.T) {
	in := []byte(`[` + strings.Repeat(`"abc",`, 10000) + `1]`)
	if n := testing.AllocsPerRun(10, func() { _ = CheckBounds(in, Bounds{Values: 1 << 20, String: 8}) }); n != 0 {
		t.Errorf("allocations: got %v, want 0", n)
	}
}
