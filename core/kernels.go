package core

import (
	"github.com/gotrain/gotrain/core/internal/kernel"
	"github.com/gotrain/gotrain/core/internal/mat"
)

// The matrix helpers the layers use. The products call down into
// core/internal/kernel, which holds every inner loop of a training step
// (products, Adam's update, ReLU's passes) for each target.

// mulNN sets dst = a·b (dst += a·b when acc). dst must have the right shape.
func mulNN(dst, a, b *mat.Dense, acc bool) {
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ra.Cols != rb.Rows || rc.Rows != ra.Rows || rc.Cols != rb.Cols {
		panic("core: mulNN shape mismatch")
	}
	kernel.GemmNN(ra.Rows, rb.Cols, ra.Cols, ra.Data, ra.Stride, rb.Data, rb.Stride, rc.Data, rc.Stride, acc)
}

// mulTN sets dst = aᵀ·b (dst += aᵀ·b when acc).
func mulTN(dst, a, b *mat.Dense, acc bool) {
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ra.Rows != rb.Rows || rc.Rows != ra.Cols || rc.Cols != rb.Cols {
		panic("core: mulTN shape mismatch")
	}
	kernel.GemmTN(ra.Cols, rb.Cols, ra.Rows, ra.Data, ra.Stride, rb.Data, rb.Stride, rc.Data, rc.Stride, acc)
}

// mulNT sets dst = a·bᵀ (dst += a·bᵀ when acc).
func mulNT(dst, a, b *mat.Dense, acc bool) {
	ra, rb, rc := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ra.Cols != rb.Cols || rc.Rows != ra.Rows || rc.Cols != rb.Rows {
		panic("core: mulNT shape mismatch")
	}
	kernel.GemmNT(ra.Rows, rb.Rows, ra.Cols, ra.Data, ra.Stride, rb.Data, rb.Stride, rc.Data, rc.Stride, acc)
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

// KernelBackend names the kernels this program trains with: "go" (the Go
// loops) natively; in the web build (build tag wasmkernel) "simd" or
// "scalar" for the WebAssembly module the page loaded, or "go" when it
// loaded none.
func KernelBackend() string { return kernel.Backend() }
