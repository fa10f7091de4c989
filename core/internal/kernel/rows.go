package kernel

// The per-batch row passes of a training step besides the matrix products:
// gathering a batch's rows from the data set, and counting its predictions
// into a confusion matrix for the accuracy metric. Small as they are, for a
// tiny model (4-32-3) they were a tenth of a step as Go loops in WebAssembly
// (a slice and a call per row); in the kernel module each is one call a
// batch. Like the others, each checks its slices and indices first, then
// runs the Go loops (rows_loops.go) or the module's (rows.wat), which give
// the same results.

// GatherRows copies the rows of src whose indices rows holds, in that
// order, to dst, one after another: dst[i·cols+j] = src[rows[i]·stride+j]
// for j < cols. Every index must be a row of src.
func GatherRows(dst, src []float64, cols, stride int, rows []int) {
	if cols <= 0 || stride < cols || len(dst) < len(rows)*cols {
		panic("kernel: GatherRows with rows that do not fit their slices")
	}
	if len(rows) == 0 {
		return
	}
	// Row r fits when r·stride+cols ≤ len(src).
	last := (len(src) - cols) / stride
	if len(src) < cols {
		last = -1
	}
	for _, r := range rows {
		if uint(r) > uint(last) {
			panic("kernel: GatherRows: a row index outside the source")
		}
	}
	gatherRows(dst[:len(rows)*cols], src, cols, stride, rows)
}

// CountClasses adds, for every row of p (rows of cols), one to conf[t·k+c]
// (conf: k×k, k ≥ cols), where c is the row's predicted class, the index of
// its first largest value, and t its true class: y[r] truncated for sparse
// labels (one per row, in [0, k)), else the first largest value of y's row.
// It panics on a sparse label outside [0, k) (nothing counted).
func CountClasses(conf []float64, k int, p, y []float64, cols int, sparse bool) {
	if cols <= 0 || k < cols || len(conf) < k*k || len(p)%cols != 0 {
		panic("kernel: CountClasses with rows that do not fit their slices")
	}
	n := len(p) / cols
	if (sparse && len(y) < n) || (!sparse && len(y) < len(p)) {
		panic("kernel: CountClasses: fewer labels than rows")
	}
	if n == 0 {
		return
	}
	if sparse {
		y = y[:n]
	} else {
		y = y[:len(p)]
	}
	if countClasses(conf[:k*k], k, p, y, cols, sparse) != 0 {
		panic("kernel: CountClasses: a sparse label outside the classes")
	}
}
