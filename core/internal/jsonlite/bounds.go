package jsonlite

import "strconv"

// Bounds limits what untrusted JSON may hold before anything is decoded
// from it: CheckBounds reads the bytes once, allocating nothing, so that a
// hostile file (a million weight specs, a 50 MB name) is refused in time
// and memory bounded by what a legitimate file needs, not in proportion to
// its junk (Decode builds a value of about 100 bytes per JSON value).
type Bounds struct {
	// Values bounds the values: scalars, arrays and objects (counted as
	// the separators and openings that start them, so a bit over).
	Values int
	// String bounds the bytes of one string, key or value, as written.
	String int
}

// BoundsError is CheckBounds' error: what is over its bound, and where.
type BoundsError struct {
	What   string // "values" or "string"
	Limit  int
	Offset int // the byte at which the bound was passed
}

func (e *BoundsError) Error() string {
	if e.What == "string" {
		return "a string longer than " + strconv.Itoa(e.Limit) + " bytes (at byte " + strconv.Itoa(e.Offset) + ")"
	}
	return "more than " + strconv.Itoa(e.Limit) + " values (at byte " + strconv.Itoa(e.Offset) + ")"
}

// CheckBounds returns a *BoundsError at the first byte of data past one of
// b's bounds (a zero bound is no bound), else nil. Data need not be valid
// JSON: Check and Decode say what is wrong with it afterwards.
func CheckBounds(data []byte, b Bounds) error {
	values, start := 1, 0
	inString, escaped := false, false
	for i, c := range data {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				continue
			}
			if b.String > 0 && i-start > b.String { // i-start bytes inside so far
				return &BoundsError{What: "string", Limit: b.String, Offset: i}
			}
			continue
		}
		switch c {
		case '"':
			inString, start = true, i
		case ',', '[', '{':
			if values++; b.Values > 0 && values > b.Values {
				return &BoundsError{What: "values", Limit: b.Values, Offset: i}
			}
		}
	}
	return nil
}
