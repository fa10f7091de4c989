package core

import "gonum.org/v1/gonum/mat"

// The matrix kernels every layer uses. All operands are row-major float64
// slices with leading dimensions, as in BLAS; the layers call the mat.Dense
// wrappers at the bottom of this file. Keeping them here, behind functions of
// our own, lets each target get its fastest version without touching layers.

// gemmNN computes C = A·B (or C += A·B when acc) for A m×k, B k×n, C m×n.
func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	for i := 0; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		if !acc {
			clear(ci)
		}
		ai := a[i*lda : i*lda+k]
		for l, av := range ai {
			if av == 0 {
				continue
			}
			bl := b[l*ldb : l*ldb+n]
			for j, bv := range bl {
				ci[j] += av * bv
			}
		}
	}
}

// gemmTN computes C = Aᵀ·B (or C += Aᵀ·B when acc) for A k×m, B k×n, C m×n.
func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !acc {
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
	}
	for l := 0; l < k; l++ {
		al := a[l*lda : l*lda+m]
		bl := b[l*ldb : l*ldb+n]
		for i, av := range al {
			if av == 0 {
				continue
			}
			ci := c[i*ldc : i*ldc+n]
			for j, bv := range bl {
				ci[j] += av * bv
			}
		}
	}
}

// gemmNT computes C = A·Bᵀ (or C += A·Bᵀ when acc) for A m×k, B n×k, C m×n.
func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	for i := 0; i < m; i++ {
		ai := a[i*lda : i*lda+k]
		ci := c[i*ldc : i*ldc+n]
		for j := range ci {
			bj := b[j*ldb : j*ldb+k]
			var s float64
			for l, av := range ai {
				s += av * bj[l]
			}
			if acc {
				ci[j] += s
			} else {
				ci[j] = s
			}
		}
	}
}

// mulNN sets dst = a·b (dst += a·b when acc). dst must have the right shape.
func mulNN(dst, a, b *mat.Dense, acc bool) {
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ra.Cols != rb.Rows || rc.Rows != ra.Rows || rc.Cols != rb.Cols {
		panic("core: mulNN shape mismatch")
	}
	gemmNN(ra.Rows, rb.Cols, ra.Cols, ra.Data, ra.Stride, rb.Data, rb.Stride, rc.Data, rc.Stride, acc)
}

// mulTN sets dst = aᵀ·b (dst += aᵀ·b when acc).
func mulTN(dst, a, b *mat.Dense, acc bool) {
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ra.Rows != rb.Rows || rc.Rows != ra.Cols || rc.Cols != rb.Cols {
		panic("core: mulTN shape mismatch")
	}
	gemmTN(ra.Cols, rb.Cols, ra.Rows, ra.Data, ra.Stride, rb.Data, rb.Stride, rc.Data, rc.Stride, acc)
}

// mulNT sets dst = a·bᵀ (dst += a·bᵀ when acc).
func mulNT(dst, a, b *mat.Dense, acc bool) {
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ra.Cols != rb.Cols || rc.Rows != ra.Rows || rc.Cols != rb.Rows {
		panic("core: mulNT shape mismatch")
	}
	gemmNT(ra.Rows, rb.Rows, ra.Cols, ra.Data, ra.Stride, rb.Data, rb.Stride, rc.Data, rc.Stride, acc)
}

// addBias adds the vector b to every row of m.
func addBias(m *mat.Dense, b []float64) {
	r := m.RawMatrix()
	for i := 0; i < r.Rows; i++ {
		row := r.Data[i*r.Stride : i*r.Stride+r.Cols]
		for j, v := range b[:len(row)] {
			row[j] += v
		}
	}
}

// sumRows sets dst[j] = Σ_i m[i][j].
func sumRows(dst []float64, m *mat.Dense) {
	r := m.RawMatrix()
	clear(dst)
	for i := 0; i < r.Rows; i++ {
		row := r.Data[i*r.Stride : i*r.Stride+r.Cols]
		for j, v := range row {
			dst[j] += v
		}
	}
}

// resize makes m an r×c matrix, reusing its storage when it is large enough,
// so that buffers sized for the largest batch serve smaller ones without
// allocating. The contents are unspecified.
func resize(m *mat.Dense, r, c int) {
	if !m.IsEmpty() {
		if rr, cc := m.Dims(); rr == r && cc == c {
			return
		}
		m.Reset()
	}
	m.ReuseAs(r, c)
}

// raw returns m's elements as one row-major slice (m must not be a view).
func raw(m *mat.Dense) []float64 {
	r := m.RawMatrix()
	return r.Data[:r.Rows*r.Stride]
}
