package fmtlite

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// These tests hold Errorf and Sprintf to fmt's output; core's
// TestFormatDirectives checks that every formatting call in core and its
// packages stays within what they write as fmt does.

var errSecond = errors.New("second")

type fmtStringer int

func (s fmtStringer) String() string { return fmt.Sprintf("S<%d>", int(s)) }

// TestSprintfMatchesFmt compares Sprintf with fmt.Sprintf for every
// directive Sprintf knows and every argument type, good and bad.
func TestSprintfMatchesFmt(t *testing.T) {
	values := []any{
		nil, "", "abc", "héllo wörld", "quote\"d\n", "\xff\xfe", true, false,
		0, 1, -1, 42, 0x10FFFF, 0x110000, math.MaxInt64, math.MinInt64, int64(1 << 40), int64(-5),
		uint64(0), uint64(65), uint64(math.MaxUint64),
		0.0, math.Copysign(0, -1), 1.0, -2.5, 0.1, 1e-4, 1e-5, 123456.0, 1e6, 1234567.0, 1e20, 1e21, 1e300,
		5e-324, math.MaxFloat64, math.Pi, math.Inf(1), math.Inf(-1), math.NaN(), 0.001, 0.30000000000000004,
		[]int{}, []int(nil), []int{2, 64}, []int{-1, 0, 1}, []string{"a", "b c"}, []string(nil),
		errors.New("boom"), fmtStringer(3), fmtStringer(-1),
	}
	verbs := []string{"%v", "%s", "%d", "%g", "%q", "%5v", "%-5v", "%12s", "%-12s|", "%3d", "%-8g|"}
	for _, verb := range verbs {
		for _, v := range values {
			want := fmt.Sprintf(verb, v)
			got := Sprintf(verb, v)
			if typeName(v) == "?" && v != nil && got != want {
				// A type sprintf does not know (a Stringer or error is
				// fine for %v %s %q): only those directives must match.
				if !strings.ContainsAny(verb, "vsq") {
					continue
				}
			}
			if got != want {
				t.Errorf("Sprintf(%q, %#v) = %q, fmt says %q", verb, v, got, want)
			}
		}
	}
	for _, c := range []struct {
		format string
		args   []any
	}{
		{"plain", nil},
		{"100%%", nil},
		{"%d%%", []any{5}},
		{"a %d b %s c %v", []any{1, "two", 3.5}},
		{"missing %d %s", []any{1}},
		{"extra %d", []any{1, 2, "x"}},
		{"%", nil},
		{"%-", []any{1}},
		{"layer %d (%s): %v", []any{3, "dense_1", errors.New("bad")}},
		{"shape %v does not match the architecture's %v", []any{[]int{2, 3}, []int{3, 2}}},
		{"ünïcode %s ✓ %d", []any{"ß", 7}},
	} {
		if got, want := Sprintf(c.format, c.args...), fmt.Sprintf(c.format, c.args...); got != want {
			t.Errorf("Sprintf(%q, %v) = %q, fmt says %q", c.format, c.args, got, want)
		}
	}
}

// TestErrorfWraps checks %w: the message as fmt.Errorf writes it, and
// errors.Is and errors.As seeing through it.
func TestErrorfWraps(t *testing.T) {
	base := &testWrappedError{"inner"}
	err := Errorf("outer %d: %w", 2, base)
	if want := fmt.Errorf("outer %d: %w", 2, base).Error(); err.Error() != want {
		t.Errorf("errorf = %q, fmt says %q", err, want)
	}
	if !errors.Is(err, base) {
		t.Error("errors.Is does not find the wrapped error")
	}
	var target *testWrappedError
	if !errors.As(err, &target) || target != base {
		t.Error("errors.As does not find the wrapped error")
	}
	if errors.Unwrap(Errorf("no wrap %v", base)) != nil {
		t.Error("errorf wraps without a w directive")
	}
	two := Errorf("%w and %w", base, errSecond)
	if !errors.Is(two, base) || !errors.Is(two, errSecond) {
		t.Error("two %w: not both wrapped")
	}
	if want := fmt.Errorf("%w and %w", base, errSecond).Error(); two.Error() != want {
		t.Errorf("errorf = %q, fmt says %q", two, want)
	}
	w := "%w" // not a constant: vet would refuse these on purpose
	if got, want := Sprintf(w, base), fmt.Sprintf(w, base); got[:3] != want[:3] {
		t.Errorf("sprintf %%w = %q, fmt says %q", got, want)
	}
	if got, want := Errorf(w, "text").Error(), fmt.Errorf(w, "text").Error(); got != want {
		t.Errorf("errorf %%w of a string = %q, fmt says %q", got, want)
	}
	// A type the formatter does not know shows as a bad directive.
	if got := Sprintf("%v %d", int8(3), 1.5); got != "%!v(?=?) %!d(float64=1.5)" {
		t.Errorf("unknown types: %q", got)
	}
}

type testWrappedError struct{ s string }

func (e *testWrappedError) Error() string { return e.s }
