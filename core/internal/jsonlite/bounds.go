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
	c := BoundsChecker{Bounds: b}
	return c.Write(data)
}

// BoundsChecker is CheckBounds over data given in pieces (a 64 MB document
// read 1 MB at a time, refused at the first piece past a bound). The zero
// value with its Bounds set is ready; it allocates nothing.
type BoundsChecker struct {
	Bounds
	values   int  // counted so far, less the document itself
	offset   int  // bytes written before the current piece
	start    int  // offset of the open string's quote
	inString bool // within a string
	escaped  bool // after a backslash within a string
	err      error
}

// Write checks the next piece; after an error, it returns that error again.
func (c *BoundsChecker) Write(p []byte) error {
	if c.err != nil {
		return c.err
	}
	b := c.Bounds
	for i, ch := range p {
		at := c.offset + i
		if c.inString {
			switch {
			case c.escaped:
				c.escaped = false
			case ch == '\\':
				c.escaped = true
			case ch == '"':
				c.inString = false
				continue
			}
			if b.String > 0 && at-c.start > b.String { // at-start bytes inside so far
				return c.fail(&BoundsError{What: "string", Limit: b.String, Offset: at})
			}
			continue
		}
		switch ch {
		case '"':
			c.inString, c.start = true, at
		case ',', '[', '{':
			if c.values++; b.Values > 0 && c.values+1 > b.Values {
				return c.fail(&BoundsError{What: "values", Limit: b.Values, Offset: at})
			}
		}
	}
	c.offset += len(p)
	return nil
}

func (c *BoundsChecker) fail(e *BoundsError) error {
	c.err = e
	return e
}
