package core

import "unicode/utf8"

// short cuts a long value for a test message (64 runes). It was serialize.go's
// until the model file moved to core/modeljson; linereader_test.go uses it.
func short(s string) string {
	const limit = 64
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	return string([]rune(s)[:limit]) + "…"
}
