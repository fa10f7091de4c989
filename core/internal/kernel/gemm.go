package kernel

// GemmNN, GemmTN and GemmNT are the one place the layers' products go
// through. They check every bound, handle empty products, and pass the rest
// to the Go loops or the WebAssembly module (see the package doc), which
// check nothing themselves. C must not overlap A or B.

// GemmNN computes C = A·B (or C += A·B when acc) for A m×k, B k×n, C m×n.
func GemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if prepare(m, n, k, len(a), lda, m, k, len(b), ldb, k, n, c, ldc, acc) {
		gemmNN(m, n, k, a, lda, b, ldb, c, ldc, acc)
	}
}

// GemmTN computes C = Aᵀ·B (or C += Aᵀ·B when acc) for A k×m, B k×n, C m×n.
func GemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if prepare(m, n, k, len(a), lda, k, m, len(b), ldb, k, n, c, ldc, acc) {
		gemmTN(m, n, k, a, lda, b, ldb, c, ldc, acc)
	}
}

// GemmNT computes C = A·Bᵀ (or C += A·Bᵀ when acc) for A m×k, B n×k, C m×n.
func GemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if prepare(m, n, k, len(a), lda, m, k, len(b), ldb, n, k, c, ldc, acc) {
		gemmNT(m, n, k, a, lda, b, ldb, c, ldc, acc)
	}
}

// prepare panics unless m, n, k ≥ 0 and the stored A (ar×ac in a slice of
// length la, leading dimension lda), B (br×bc, lb, ldb) and C (m×n in c,
// ldc) lie inside their slices without overlapping rows. It then does what
// needs no kernel (nothing when m or n is 0; C = 0, or C unchanged when acc,
// when k is 0) and reports whether a product remains; when it does, no
// operand is empty.
func prepare(m, n, k, la, lda, ar, ac, lb, ldb, br, bc int, c []float64, ldc int, acc bool) bool {
	if m < 0 || n < 0 || k < 0 {
		panic("kernel: gemm with a negative dimension")
	}
	if !storedInside(la, ar, ac, lda) || !storedInside(lb, br, bc, ldb) || !storedInside(len(c), m, n, ldc) {
		panic("kernel: gemm operand outside its slice, or leading dimension below its width")
	}
	if m == 0 || n == 0 {
		return false
	}
	if k == 0 {
		if !acc {
			for i := range m {
				clear(c[i*ldc : i*ldc+n])
			}
		}
		return false
	}
	return true
}

// storedInside reports whether a rows×cols matrix (rows, cols ≥ 0) with
// leading dimension ld fits in a slice of length n: (rows-1)·ld + cols ≤ n,
// and ld ≥ cols if it has two rows or more. (Only then does ld matter.)
func storedInside(n, rows, cols, ld int) bool {
	switch {
	case rows == 0 || cols == 0:
		return true
	case n < cols:
		return false
	case rows == 1:
		return true
	}
	return ld >= cols && ld <= (n-cols)/(rows-1)
}
