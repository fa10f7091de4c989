package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// kernelShapes covers 1×1, vectors (n = 1, m = 1, k = 1), odd sizes and
// shapes larger than any blocking a faster kernel might use.
var kernelShapes = [][3]int{ // m, n, k
	{1, 1, 1}, {1, 1, 7}, {1, 5, 1}, {5, 1, 1}, {1, 9, 3}, {9, 1, 3}, {3, 3, 1},
	{2, 3, 4}, {3, 5, 7}, {7, 5, 3}, {4, 4, 4}, {8, 8, 8}, {13, 11, 17},
	{17, 1, 33}, {1, 33, 17}, {31, 29, 37}, {64, 3, 65}, {65, 66, 5},
}

// kernelSentinel fills parts of the output buffer that must stay untouched.
const kernelSentinel = -12345.678

// kernelBuf is a matrix stored in the middle of a bigger buffer: rows×cols
// elements at offset off with leading dimension ld > cols.
type kernelBuf struct {
	data          []float64
	off, ld       int
	rows, cols    int
	inside, total int
}

func newKernelBuf(rng *rand.Rand, rows, cols, pad int, fill func(*rand.Rand) float64) kernelBuf {
	ld := cols + pad
	off := 2*ld + 3 // two rows and three elements before the matrix
	total := off + rows*ld + 5
	b := kernelBuf{data: make([]float64, total), off: off, ld: ld, rows: rows, cols: cols}
	for i := range b.data {
		b.data[i] = kernelSentinel
	}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			b.data[off+i*ld+j] = fill(rng)
		}
	}
	return b
}

func (b kernelBuf) at(i, j int) float64 { return b.data[b.off+i*b.ld+j] }
func (b kernelBuf) slice() []float64    { return b.data[b.off:] }

// isInside reports whether flat index p of the buffer belongs to the matrix.
func (b kernelBuf) isInside(p int) bool {
	q := p - b.off
	if q < 0 {
		return false
	}
	i, j := q/b.ld, q%b.ld
	return i < b.rows && j < b.cols
}

// kernelValue draws integers in [-3, 3] (a fifth of them zero, to exercise
// skipping): sums of their products are exact, so results must match the
// naive loop bit for bit.
func kernelValue(rng *rand.Rand) float64 {
	if rng.IntN(5) == 0 {
		return 0
	}
	return float64(rng.IntN(7) - 3)
}

// naiveGemm returns op(A)·op(B) for the stored a (m×k or k×m when ta) and
// b (k×n or n×k when tb), by the textbook triple loop.
func naiveGemm(m, n, k int, a kernelBuf, ta bool, b kernelBuf, tb bool) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for l := 0; l < k; l++ {
				var av, bv float64
				if ta {
					av = a.at(l, i)
				} else {
					av = a.at(i, l)
				}
				if tb {
					bv = b.at(j, l)
				} else {
					bv = b.at(l, j)
				}
				s += av * bv
			}
			out[i*n+j] = s
		}
	}
	return out
}

func TestGemm(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name   string
		ta, tb bool
		gemm   func(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool)
	}{
		{"NN", false, false, GemmNN},
		{"TN", true, false, GemmTN},
		{"NT", false, true, GemmNT},
	}
	rng := testRNG(17)
	for _, kd := range kinds {
		for _, sh := range kernelShapes {
			for _, pad := range []int{0, 3} {
				for _, acc := range []bool{false, true} {
					m, n, k := sh[0], sh[1], sh[2]
					t.Run(fmt.Sprintf("%s/%dx%dx%d/pad=%d/acc=%v", kd.name, m, n, k, pad, acc), func(t *testing.T) {
						ar, ac := m, k
						if kd.ta {
							ar, ac = k, m
						}
						br, bc := k, n
						if kd.tb {
							br, bc = n, k
						}
						a := newKernelBuf(rng, ar, ac, pad, kernelValue)
						b := newKernelBuf(rng, br, bc, pad+1, kernelValue)
						c := newKernelBuf(rng, m, n, pad+2, kernelValue)
						aCopy, bCopy := clone(a.data), clone(b.data)
						want := naiveGemm(m, n, k, a, kd.ta, b, kd.tb)
						if acc {
							for i := 0; i < m; i++ {
								for j := 0; j < n; j++ {
									want[i*n+j] += c.at(i, j)
								}
							}
						}
						kd.gemm(m, n, k, a.slice(), a.ld, b.slice(), b.ld, c.slice(), c.ld, acc)
						for i := 0; i < m; i++ {
							for j := 0; j < n; j++ {
								if got := c.at(i, j); got != want[i*n+j] {
									t.Fatalf("C[%d][%d] = %v, want %v", i, j, got, want[i*n+j])
								}
							}
						}
						for p, v := range c.data {
							if !c.isInside(p) && v != kernelSentinel {
								t.Fatalf("C's buffer at %d (outside the matrix) = %v, want untouched %v", p, v, kernelSentinel)
							}
						}
						if !bitsEqual(a.data, aCopy) || !bitsEqual(b.data, bCopy) {
							t.Fatalf("the kernel changed its inputs")
						}
					})
				}
			}
		}
	}
}

// TestGemmFloat checks random real-valued operands against the naive loop
// within rounding.
func TestGemmFloat(t *testing.T) {
	t.Parallel()
	rng := testRNG(19)
	normal := func(r *rand.Rand) float64 { return r.NormFloat64() }
	for _, sh := range kernelShapes {
		m, n, k := sh[0], sh[1], sh[2]
		a := newKernelBuf(rng, m, k, 1, normal)
		at := newKernelBuf(rng, k, m, 2, normal)
		b := newKernelBuf(rng, k, n, 0, normal)
		bt := newKernelBuf(rng, n, k, 3, normal)
		for _, tc := range []struct {
			name   string
			a, b   kernelBuf
			ta, tb bool
			gemm   func(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool)
		}{
			{"NN", a, b, false, false, GemmNN},
			{"TN", at, b, true, false, GemmTN},
			{"NT", a, bt, false, true, GemmNT},
		} {
			c := make([]float64, m*n)
			tc.gemm(m, n, k, tc.a.slice(), tc.a.ld, tc.b.slice(), tc.b.ld, c, n, false)
			want := naiveGemm(m, n, k, tc.a, tc.ta, tc.b, tc.tb)
			tol := 1e-13 * float64(k)
			for i := range c {
				if math.Abs(c[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) {
					t.Errorf("%s %v: C[%d] = %.17g, want %.17g", tc.name, sh, i, c[i], want[i])
					break
				}
			}
		}
	}
}

// TestGemmEmptyK checks k = 0: C becomes zero (or stays, when acc).
func TestGemmEmptyK(t *testing.T) {
	t.Parallel()
	for _, g := range []func(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool){GemmNN, GemmTN, GemmNT} {
		c := []float64{1, 2, 3, 4}
		g(2, 2, 0, []float64{0, 0}, 0, []float64{0, 0}, 2, c, 2, true)
		checkEqual(t, "acc with k=0", c, []float64{1, 2, 3, 4})
		g(2, 2, 0, []float64{0, 0}, 0, []float64{0, 0}, 2, c, 2, false)
		checkEqual(t, "k=0", c, []float64{0, 0, 0, 0})
	}
}
