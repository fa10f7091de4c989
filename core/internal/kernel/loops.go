package kernel

import "math"

// The Go loops. They check nothing (gemm.go and elem.go have), and the
// WebAssembly module's functions (gemm.wat, gemm_scalar.wat) do their
// operations in the same order, so that all give the same bits. The
// products work on four rows of C at a time, so that every element loaded
// from B feeds four multiply-adds, and re-slice rows to their common length
// so that the compiler drops the bounds checks of the inner loops.

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

// goAdam is Adam's update (see Adam) with every slice of g's length: the
// loop the module's adam matches.
func goAdam(w, g, a, b []float64, b1, b2, ob1, ob2, lrc, rc2, eps float64) {
	w, a, b = w[:len(g)], a[:len(g)], b[:len(g)]
	for i, gi := range g {
		m := b1*a[i] + ob1*gi
		v := b2*b[i] + ob2*gi*gi
		a[i], b[i] = m, v
		w[i] += lrc * m / (math.Sqrt(v*rc2) + eps)
	}
}

// relu is max(v, 0) exactly as math.Max(v, 0) computes it (NaN stays NaN,
// -0 becomes +0). The sign of v is unpredictable, so it picks v's bits or
// +0's (all zero) with a mask the compiler computes without a branch (a
// conditional move on amd64, a select in WebAssembly); math.Max is a call.
func relu(v float64) float64 {
	var keep uint64
	if !(v <= 0) { // v > 0 or NaN
		keep = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(v) & keep)
}

// reluGrad is d where z > 0, else +0: relu's backward pass, as relu
// without a branch.
func reluGrad(z, d float64) float64 {
	var keep uint64
	if z > 0 {
		keep = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(d) & keep)
}

// goReluBias is ReluBias on checked slices: the loop the module's
// relu_bias matches.
func goReluBias(z, b, a []float64, cols int) {
	for lo := 0; lo < len(z); lo += cols {
		zr := z[lo : lo+cols]
		ar, br := a[lo : lo+cols][:len(zr)], b[:len(zr)]
		for j, v := range zr {
			v += br[j]
			zr[j] = v
			ar[j] = relu(v)
		}
	}
}

// goReluBackward is ReluBackwardBias on checked, non-empty slices: the
// loop the module's relu_bwd matches.
func goReluBackward(z, da, dz, gb []float64, cols int) {
	clear(gb)
	lo := 0
	for ; lo+4*cols <= len(z); lo += 4 * cols {
		z0 := z[lo : lo+cols]
		z1 := z[lo+cols : lo+2*cols][:len(z0)]
		z2 := z[lo+2*cols : lo+3*cols][:len(z0)]
		z3 := z[lo+3*cols : lo+4*cols][:len(z0)]
		a0 := da[lo : lo+cols][:len(z0)]
		a1 := da[lo+cols : lo+2*cols][:len(z0)]
		a2 := da[lo+2*cols : lo+3*cols][:len(z0)]
		a3 := da[lo+3*cols : lo+4*cols][:len(z0)]
		d0 := dz[lo : lo+cols][:len(z0)]
		d1 := dz[lo+cols : lo+2*cols][:len(z0)]
		d2 := dz[lo+2*cols : lo+3*cols][:len(z0)]
		d3 := dz[lo+3*cols : lo+4*cols][:len(z0)]
		gr := gb[:len(z0)]
		for j, v := range z0 {
			g0, g1, g2, g3 := reluGrad(v, a0[j]), reluGrad(z1[j], a1[j]), reluGrad(z2[j], a2[j]), reluGrad(z3[j], a3[j])
			d0[j], d1[j], d2[j], d3[j] = g0, g1, g2, g3
			gr[j] = gr[j] + g0 + g1 + g2 + g3
		}
	}
	for ; lo < len(z); lo += cols {
		zr := z[lo : lo+cols]
		dar, dzr, gr := da[lo : lo+cols][:len(zr)], dz[lo : lo+cols][:len(zr)], gb[:len(zr)]
		for j, v := range zr {
			g := reluGrad(v, dar[j])
			dzr[j] = g
			gr[j] += g
		}
	}
}
