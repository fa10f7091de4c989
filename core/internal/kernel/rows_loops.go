package kernel

// The Go loops of GatherRows and CountClasses (rows.go), which the
// WebAssembly module's (rows.wat) match: the slices are checked, nothing
// is empty.

func goGatherRows(dst, src []float64, cols, stride int, rows []int) {
	for i, r := range rows {
		copy(dst[i*cols:(i+1)*cols], src[r*stride:r*stride+cols])
	}
}

// goCountClasses returns the number of rows whose sparse label is outside
// [0, k) (counted nowhere): a label v counts as class int(v) when −1 < v < k.
func goCountClasses(conf []float64, k int, p, y []float64, cols int, sparse bool) int {
	bad := 0
	for r, o := 0, 0; o < len(p); r, o = r+1, o+cols {
		pc := Argmax(p[o : o+cols])
		var tc int
		if sparse {
			v := y[r]
			if !(v > -1 && v < float64(k)) {
				bad++
				continue
			}
			tc = int(v)
		} else {
			tc = Argmax(y[o : o+cols])
		}
		conf[tc*k+pc]++
	}
	return bad
}

// Argmax is the index of v's first largest value (0 when none is larger
// than v[0], as for NaN, or when v is empty); core's class of a row.
func Argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
