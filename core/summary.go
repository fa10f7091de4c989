package core

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// summaryWidth is the width of Summary's table, as Keras' default.
const summaryWidth = 65

// summaryColumns are the widths of Summary's first two columns (the third
// takes the rest), as Keras lays them out.
var summaryColumns = [2]int{29, 26}

// Summary returns a Keras-style table of the model's layers, their output
// shapes and parameter counts, with the totals. Normalization statistics
// count as non-trainable parameters, 2·n+1 for n columns (mean, variance and
// count, as in Keras), so Total params equals CountParams. In a model that is
// not built yet the sizes that depend on the input width are shown as "?".
func (m *Sequential) Summary() string {
	var b strings.Builder
	rule := func(c string) { b.WriteString(strings.Repeat(c, summaryWidth) + "\n") }
	b.WriteString(`Model: "sequential"` + "\n")
	rule("_")
	summaryRow(&b, "Layer (type)", "Output Shape", "Param #")
	rule("=")
	// dim is the width flowing into the next layer, -1 when unknown.
	dim := -1
	if m.built {
		dim = m.InputDim()
	}
	trainable, frozen := 0, 0 // -1 once a count is unknown
	add := func(total *int, n int) {
		if n < 0 || *total < 0 {
			*total = -1
			return
		}
		*total += n
	}
	for _, l := range m.layers {
		if d := l.DeclaredInputDim(); d != 0 {
			dim = d
		}
		if dim < 1 && l.InputDim() > 0 {
			dim = l.InputDim() // adapted before the model was built
		}
		t, f := l.CountParams(dim)
		add(&trainable, t)
		add(&frozen, f)
		params := t
		add(&params, f)
		dim = l.OutputDimFor(dim)
		if dim < 1 {
			dim = -1
		}
		summaryRow(&b, l.Name()+" ("+l.Describe().ClassName+")", "(None, "+sizeOrUnknown(dim)+")", sizeOrUnknown(params))
	}
	rule("=")
	total := trainable
	add(&total, frozen)
	b.WriteString("Total params: " + groupedOrUnknown(total) + "\n")
	b.WriteString("Trainable params: " + groupedOrUnknown(trainable) + "\n")
	b.WriteString("Non-trainable params: " + groupedOrUnknown(frozen) + "\n")
	rule("_")
	return b.String()
}

// summaryRow writes one table row. A cell longer than its column (less two
// spaces between columns) continues on the next lines, as in Keras'
// print_summary, so the columns stay aligned: cut at its last space that
// fits ("normalization_1" over "(Normalization)"), else at the width.
func summaryRow(b *strings.Builder, cells ...string) {
	left := make([][]rune, len(cells))
	for i, c := range cells {
		left[i] = []rune(c)
	}
	for first := true; first || anyLeft(left); first = false {
		line, start := " ", 0
		for i := range left {
			end := summaryWidth
			if i < len(summaryColumns) {
				end = start + summaryColumns[i]
			}
			room := end - start - 2 // two spaces before the next column
			if i == 0 {
				room-- // and the row's leading space
			}
			fit, skip := min(len(left[i]), max(room, 1)), 0
			if i == len(left)-1 {
				fit = len(left[i]) // the last column never wraps
			} else if fit < len(left[i]) {
				// Break at the last space that fits, as in "name (Kind)".
				for k := fit; k > 0; k-- {
					if left[i][k] == ' ' {
						fit, skip = k, 1
						break
					}
				}
			}
			line += string(left[i][:fit])
			left[i] = left[i][fit+skip:]
			if i < len(left)-1 {
				line += strings.Repeat(" ", max(end-utf8.RuneCountInString(line), 1))
			}
			start = end
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
}

func anyLeft(cells [][]rune) bool {
	for _, c := range cells {
		if len(c) > 0 {
			return true
		}
	}
	return false
}

// sizeOrUnknown formats n, or "?" when it is negative (unknown).
func sizeOrUnknown(n int) string {
	if n < 0 {
		return "?"
	}
	return strconv.Itoa(n)
}

// groupedOrUnknown writes n with thousands separators (4,417), or "?".
func groupedOrUnknown(n int) string {
	if n < 0 {
		return "?"
	}
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
