package core

import "github.com/gotrain/gotrain/core/internal/mat"

// The matrix kernels every layer uses. All operands are row-major float64
// slices with leading dimensions, as in BLAS; the layers call the mat.Dense
// wrappers at the bottom of this file. Keeping them here, behind functions of
// our own, lets each target get its fastest version without touching layers.

// gemmNN, gemmTN and gemmNT are the one place the layers' products go
// through. They check every bound, handle empty products, and pass the rest
// to kernelNN, kernelTN and kernelNT: the Go loops below (kernels_go.go), or,
// in the web build (build tag wasmkernel, kernels_wasm.go), a WebAssembly
// module working on the same memory, which checks nothing itself. C must not
// overlap A or B.

// gemmNN computes C = A·B (or C += A·B when acc) for A m×k, B k×n, C m×n.
func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if gemmPrepare(m, n, k, len(a), lda, m, k, len(b), ldb, k, n, c, ldc, acc) {
		kernelNN(m, n, k, a, lda, b, ldb, c, ldc, acc)
	}
}

// gemmTN computes C = Aᵀ·B (or C += Aᵀ·B when acc) for A k×m, B k×n, C m×n.
func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if gemmPrepare(m, n, k, len(a), lda, k, m, len(b), ldb, k, n, c, ldc, acc) {
		kernelTN(m, n, k, a, lda, b, ldb, c, ldc, acc)
	}
}

// gemmNT computes C = A·Bᵀ (or C += A·Bᵀ when acc) for A m×k, B n×k, C m×n.
func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if gemmPrepare(m, n, k, len(a), lda, m, k, len(b), ldb, n, k, c, ldc, acc) {
		kernelNT(m, n, k, a, lda, b, ldb, c, ldc, acc)
	}
}

// gemmPrepare panics unless m, n, k ≥ 0 and the stored A (ar×ac in a slice
// of length la, leading dimension lda), B (br×bc, lb, ldb) and C (m×n in c,
// ldc) lie inside their slices without overlapping rows. It then does what
// needs no kernel (nothing when m or n is 0; C = 0, or C unchanged when acc,
// when k is 0) and reports whether a product remains; when it does, no
// operand is empty.
func gemmPrepare(m, n, k, la, lda, ar, ac, lb, ldb, br, bc int, c []float64, ldc int, acc bool) bool {
	if m < 0 || n < 0 || k < 0 {
		panic("core: gemm with a negative dimension")
	}
	if !storedInside(la, ar, ac, lda) || !storedInside(lb, br, bc, ldb) || !storedInside(len(c), m, n, ldc) {
		panic("core: gemm operand outside its slice, or leading dimension below its width")
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

// The element loops of a training step that the web build's kernel module
// also runs: Adam's update and ReLU's two passes with a bias. Like the
// products, each checks its slices and passes them to kernelAdam,
// kernelReluBias or kernelReluBackward: the Go loops (goAdam in
// optimizer.go, goReluBias and goReluBackward in activation.go), or the
// module's, which give the same bits.

// adamUpdate applies Adam's rule to every element of w, with its state m
// and v, from g (see Optimizer.adam for the constants).
func adamUpdate(w, g, m, v []float64, b1, b2, ob1, ob2, lrc, rc2, eps float64) {
	n := len(g)
	if len(w) < n || len(m) < n || len(v) < n {
		panic("core: adam's weights or state shorter than the gradient")
	}
	if n > 0 {
		kernelAdam(w[:n], g, m[:n], v[:n], b1, b2, ob1, ob2, lrc, rc2, eps)
	}
}

// reluBias adds b (cols values) to every row of z (rows of cols), in place,
// and sets a = relu(z).
func reluBias(z, b, a []float64, cols int) {
	if cols <= 0 || len(z)%cols != 0 || len(b) < cols || len(a) < len(z) {
		panic("core: reluBias with rows that do not fit their slices")
	}
	if len(z) > 0 {
		kernelReluBias(z, b[:cols], a[:len(z)], cols)
	}
}

// reluBackwardBias sets dz = da where z > 0, else +0, and gb (cols values)
// to the column sums of dz, four rows at a time as sumColumns adds them.
func reluBackwardBias(z, da, dz, gb []float64, cols int) {
	if cols <= 0 || len(z)%cols != 0 || len(gb) != cols || len(da) < len(z) || len(dz) < len(z) {
		panic("core: reluBackwardBias with rows that do not fit their slices")
	}
	if len(z) > 0 {
		kernelReluBackward(z, da[:len(z)], dz[:len(z)], gb, cols)
	} else {
		clear(gb)
	}
}

// The Go kernels. The loops work on four rows of C at a time, so that every
// element loaded from B feeds four multiply-adds, and re-slice rows to their
// common length so that the compiler drops the bounds checks of the inner
// loops: Go's wasm output has neither SIMD nor much register blocking of its
// own. The WebAssembly kernels (core/wasmkernel/*.wat) sum every element of
// C in the same order, so that all give the same bits.

// goGemmNN computes C = A·B (or C += A·B when acc) for A m×k, B k×n, C m×n.
func goGemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	i := 0
	for ; i+4 <= m; i += 4 {
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		c2 := c[(i+2)*ldc : (i+2)*ldc+n]
		c3 := c[(i+3)*ldc : (i+3)*ldc+n]
		if !acc {
			clear(c0)
			clear(c1)
			clear(c2)
			clear(c3)
		}
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k][:len(a0)]
		a2 := a[(i+2)*lda : (i+2)*lda+k][:len(a0)]
		a3 := a[(i+3)*lda : (i+3)*lda+k][:len(a0)]
		for l, x0 := range a0 {
			x1, x2, x3 := a1[l], a2[l], a3[l]
			bl := b[l*ldb : l*ldb+n]
			c0, c1, c2, c3 := c0[:len(bl)], c1[:len(bl)], c2[:len(bl)], c3[:len(bl)]
			for j, bv := range bl {
				c0[j] += x0 * bv
				c1[j] += x1 * bv
				c2[j] += x2 * bv
				c3[j] += x3 * bv
			}
		}
	}
	for ; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		if !acc {
			clear(ci)
		}
		for l, x := range a[i*lda : i*lda+k] {
			bl := b[l*ldb : l*ldb+n]
			ci := ci[:len(bl)]
			for j, bv := range bl {
				ci[j] += x * bv
			}
		}
	}
}

// goGemmTN computes C = Aᵀ·B (or C += Aᵀ·B when acc) for A k×m, B k×n, C m×n.
func goGemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !acc {
		for i := 0; i < m; i++ {
			clear(c[i*ldc : i*ldc+n])
		}
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n][:len(c0)]
		c2 := c[(i+2)*ldc : (i+2)*ldc+n][:len(c0)]
		c3 := c[(i+3)*ldc : (i+3)*ldc+n][:len(c0)]
		for l := 0; l < k; l++ {
			al := a[l*lda+i : l*lda+i+4]
			x0, x1, x2, x3 := al[0], al[1], al[2], al[3]
			bl := b[l*ldb : l*ldb+n][:len(c0)]
			for j, bv := range bl {
				c0[j] += x0 * bv
				c1[j] += x1 * bv
				c2[j] += x2 * bv
				c3[j] += x3 * bv
			}
		}
	}
	for ; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		for l := 0; l < k; l++ {
			x := a[l*lda+i]
			bl := b[l*ldb : l*ldb+n][:len(ci)]
			for j, bv := range bl {
				ci[j] += x * bv
			}
		}
	}
}

// goGemmNT computes C = A·Bᵀ (or C += A·Bᵀ when acc) for A m×k, B n×k,
// C m×n: dot products of rows, two rows of A against two rows of B at a time.
func goGemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	i := 0
	for ; i+2 <= m; i += 2 {
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k][:len(a0)]
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n][:len(c0)]
		j := 0
		for ; j+2 <= n; j += 2 {
			b0 := b[j*ldb : j*ldb+k][:len(a0)]
			b1 := b[(j+1)*ldb : (j+1)*ldb+k][:len(a0)]
			var s00, s01, s10, s11 float64
			for l, x0 := range a0 {
				x1, y0, y1 := a1[l], b0[l], b1[l]
				s00 += x0 * y0
				s01 += x0 * y1
				s10 += x1 * y0
				s11 += x1 * y1
			}
			if acc {
				s00 += c0[j]
				s01 += c0[j+1]
				s10 += c1[j]
				s11 += c1[j+1]
			}
			c0[j], c0[j+1], c1[j], c1[j+1] = s00, s01, s10, s11
		}
		for ; j < n; j++ {
			bj := b[j*ldb : j*ldb+k][:len(a0)]
			var s0, s1 float64
			for l, x0 := range a0 {
				s0 += x0 * bj[l]
				s1 += a1[l] * bj[l]
			}
			if acc {
				s0 += c0[j]
				s1 += c1[j]
			}
			c0[j], c1[j] = s0, s1
		}
	}
	for ; i < m; i++ {
		ai := a[i*lda : i*lda+k]
		ci := c[i*ldc : i*ldc+n]
		for j := range ci {
			bj := b[j*ldb : j*ldb+k][:len(ai)]
			var s float64
			for l, x := range ai {
				s += x * bj[l]
			}
			if acc {
				s += ci[j]
			}
			ci[j] = s
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
