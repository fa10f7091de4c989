package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// These tests hold for every kernel: the Go loops (native and js/wasm), and
// the WebAssembly modules of the web build, run with
//
//	GOTRAIN_KERNEL=simd   GOOS=js GOARCH=wasm go test -tags wasmkernel -exec=$PWD/build/wasm-kernel-exec.sh ./core/internal/kernel
//	GOTRAIN_KERNEL=scalar GOOS=js GOARCH=wasm go test -tags wasmkernel -exec=$PWD/build/wasm-kernel-exec.sh ./core/internal/kernel
//
// (make test-kernels). There GemmNN, GemmTN and GemmNT call the module, and
// goGemmNN, goGemmTN and goGemmNT are the Go loops to compare it with.

// TestBackend checks that the kernel the runner was asked for is the
// one that runs (GOTRAIN_KERNEL, set by make test-kernels), so that a module
// that failed to load cannot pass for it.
func TestBackend(t *testing.T) {
	t.Parallel()
	got := Backend()
	t.Logf("Backend() = %q", got)
	switch want := os.Getenv("GOTRAIN_KERNEL"); want {
	case "":
		if got != "go" && got != "simd" && got != "scalar" {
			t.Errorf("Backend() = %q, want go, simd or scalar", got)
		}
	default:
		if got != want {
			t.Errorf("Backend() = %q, want %q (GOTRAIN_KERNEL)", got, want)
		}
	}
}

type gemmFunc = func(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool)

// kernelOperand draws values that probe the summation order and signed
// zeros: mostly normal values over many magnitudes (so that a different
// order of additions shows in the last bits), some +0 and -0, some small
// integers.
func kernelOperand(rng *rand.Rand) float64 {
	switch rng.IntN(16) {
	case 0:
		return 0
	case 1:
		return math.Copysign(0, -1)
	case 2:
		return float64(rng.IntN(5) - 2)
	}
	return rng.NormFloat64() * math.Ldexp(1, rng.IntN(40)-20)
}

// kernelDim draws a dimension: often 1 to 5 (below and around the kernels'
// 4×4 blocks), sometimes up to 70.
func kernelDim(rng *rand.Rand) int {
	switch rng.IntN(4) {
	case 0:
		return 1
	case 1, 2:
		return 1 + rng.IntN(9)
	}
	return 1 + rng.IntN(70)
}

// TestGemmMatchesGoKernels compares GemmNN, GemmTN and GemmNT (in the web
// build, the WebAssembly kernel) with the Go loops on hundreds of random
// shapes, operands stored inside bigger buffers with leading dimensions
// larger than their widths, accumulating or not: the results must be equal
// bit for bit (both sum in the same order without fused multiply-adds), no
// element outside C may change, and A and B must stay as they were.
func TestGemmMatchesGoKernels(t *testing.T) {
	t.Parallel()
	kinds := []struct {
		name   string
		ta, tb bool
		gemm   gemmFunc
		ref    gemmFunc
	}{
		{"NN", false, false, GemmNN, goGemmNN},
		{"TN", true, false, GemmTN, goGemmTN},
		{"NT", false, true, GemmNT, goGemmNT},
	}
	rng := testRNG(23)
	shapes := 0
	for trial := range 300 {
		m, n, k := kernelDim(rng), kernelDim(rng), kernelDim(rng)
		switch trial % 10 { // make sure of the vector and 1×1 cases
		case 0:
			n = 1
		case 1:
			m, n, k = 1, 1, 1
		case 2:
			k = 1
		}
		pads := [3]int{rng.IntN(3) * rng.IntN(4), rng.IntN(3) * rng.IntN(4), rng.IntN(3) * rng.IntN(4)}
		acc := rng.IntN(2) == 0
		for _, kd := range kinds {
			ar, ac := m, k
			if kd.ta {
				ar, ac = k, m
			}
			br, bc := k, n
			if kd.tb {
				br, bc = n, k
			}
			a := newKernelBuf(rng, ar, ac, pads[0], kernelOperand)
			b := newKernelBuf(rng, br, bc, pads[1], kernelOperand)
			c := newKernelBuf(rng, m, n, pads[2], kernelOperand)
			want := clone(c.data)
			kd.ref(m, n, k, a.slice(), a.ld, b.slice(), b.ld, want[c.off:], c.ld, acc)
			aCopy, bCopy := clone(a.data), clone(b.data)
			kd.gemm(m, n, k, a.slice(), a.ld, b.slice(), b.ld, c.slice(), c.ld, acc)
			for p, v := range c.data {
				if math.Float64bits(v) == math.Float64bits(want[p]) {
					continue
				}
				where := "outside C"
				if c.isInside(p) {
					q := p - c.off
					where = fmt.Sprintf("C[%d][%d]", q/c.ld, q%c.ld)
				}
				t.Fatalf("%s %d×%d×%d lda=%d ldb=%d ldc=%d acc=%v (%s kernel): %s = %v (bits %#x), Go loops give %v (bits %#x)",
					kd.name, m, n, k, a.ld, b.ld, c.ld, acc, Backend(), where, v, math.Float64bits(v), want[p], math.Float64bits(want[p]))
			}
			if !bitsEqual(a.data, aCopy) || !bitsEqual(b.data, bCopy) {
				t.Fatalf("%s %d×%d×%d: the kernel changed its inputs", kd.name, m, n, k)
			}
			shapes++
		}
	}
	t.Logf("%d products compared (%s kernel)", shapes, Backend())
}

// TestGemmOnSlicesOfAView runs the kernels on operands that start inside a
// slice and end exactly at its end (no room after the last row: a kernel
// reading a whole row-stride past the last row would fault or read beyond),
// single rows with huge or zero leading dimensions, and C a block of a
// bigger matrix.
func TestGemmOnSlicesOfAView(t *testing.T) {
	t.Parallel()
	rng := testRNG(29)
	fill := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = kernelOperand(rng)
		}
		return s
	}
	for _, kd := range []struct {
		name string
		gemm gemmFunc
		ref  gemmFunc
		tA   bool
		tB   bool
	}{{"NN", GemmNN, goGemmNN, false, false}, {"TN", GemmTN, goGemmTN, true, false}, {"NT", GemmNT, goGemmNT, false, true}} {
		for _, sh := range [][3]int{{5, 7, 3}, {4, 4, 4}, {1, 9, 6}, {9, 1, 6}, {6, 5, 1}, {1, 1, 1}} {
			m, n, k := sh[0], sh[1], sh[2]
			for _, acc := range []bool{false, true} {
				ar, ac := m, k
				if kd.tA {
					ar, ac = k, m
				}
				br, bc := k, n
				if kd.tB {
					br, bc = n, k
				}
				lda, ldb, ldc := ac+2, bc+3, n+5
				if ar == 1 {
					lda = 1 << 40 // a single row: ld does not matter
				}
				if br == 1 {
					ldb = 0
				}
				// Each operand's slice ends with its last element.
				a := fill(11 + ac)[11:]
				if ar > 1 {
					a = fill(11 + (ar-1)*lda + ac)[11:]
				}
				b := fill(7 + (br-1)*ldb + bc)[7:]
				cBig := fill(3 + (m-1)*ldc + n + 2)
				c := cBig[3 : 3+(m-1)*ldc+n]
				want := clone(cBig)
				kd.ref(m, n, k, a, lda, b, ldb, want[3:3+(m-1)*ldc+n], ldc, acc)
				kd.gemm(m, n, k, a, lda, b, ldb, c, ldc, acc)
				if !bitsEqual(cBig, want) {
					t.Errorf("%s %v acc=%v lda=%d ldb=%d ldc=%d: kernel and Go loops differ", kd.name, sh, acc, lda, ldb, ldc)
				}
			}
		}
	}
}

// TestGemmChecksBounds checks that GemmNN, GemmTN and GemmNT refuse, before
// writing anything, every call whose operands do not fit their slices:
// in the web build the kernel could not tell.
func TestGemmChecksBounds(t *testing.T) {
	t.Parallel()
	s := func(n int) []float64 { return make([]float64, n) }
	type call struct {
		name string
		f    func()
	}
	var calls []call
	for _, kd := range []struct {
		name string
		gemm gemmFunc
		// lengths of A, B for m=3, n=4, k=5 with lda, ldb, ldc = widths
		la, lda, lb, ldb int
	}{
		{"NN", GemmNN, 3 * 5, 5, 5 * 4, 4},
		{"TN", GemmTN, 5 * 3, 3, 5 * 4, 4},
		{"NT", GemmNT, 3 * 5, 5, 4 * 5, 5},
	} {
		g, la, lda, lb, ldb := kd.gemm, kd.la, kd.lda, kd.lb, kd.ldb
		calls = append(calls,
			call{kd.name + " fits (control)", nil},
			call{kd.name + " m<0", func() { g(-1, 4, 5, s(la), lda, s(lb), ldb, s(12), 4, false) }},
			call{kd.name + " n<0", func() { g(3, -4, 5, s(la), lda, s(lb), ldb, s(12), 4, false) }},
			call{kd.name + " k<0", func() { g(3, 4, -5, s(la), lda, s(lb), ldb, s(12), 4, false) }},
			call{kd.name + " A short", func() { g(3, 4, 5, s(la-1), lda, s(lb), ldb, s(12), 4, false) }},
			call{kd.name + " B short", func() { g(3, 4, 5, s(la), lda, s(lb-1), ldb, s(12), 4, false) }},
			call{kd.name + " C short", func() { g(3, 4, 5, s(la), lda, s(lb), ldb, s(11), 4, true) }},
			call{kd.name + " lda too big", func() { g(3, 4, 5, s(la), lda+1, s(lb), ldb, s(12), 4, false) }},
			call{kd.name + " ldb too big", func() { g(3, 4, 5, s(la), lda, s(lb), ldb+1, s(12), 4, false) }},
			call{kd.name + " ldc too big", func() { g(3, 4, 5, s(la), lda, s(lb), ldb, s(12), 5, false) }},
			call{kd.name + " lda below width", func() { g(3, 4, 5, s(la+10), lda-1, s(lb), ldb, s(12), 4, false) }},
			call{kd.name + " ldb below width", func() { g(3, 4, 5, s(la), lda, s(lb+10), ldb-1, s(12), 4, false) }},
			call{kd.name + " ldc below width", func() { g(3, 4, 5, s(la), lda, s(lb), ldb, s(20), 3, false) }},
			call{kd.name + " huge lda", func() { g(3, 4, 5, s(la), math.MaxInt/2, s(lb), ldb, s(12), 4, false) }},
			call{kd.name + " negative ldc", func() { g(3, 4, 5, s(la), lda, s(lb), ldb, s(12), -4, false) }},
		)
		// The control must not panic.
		g(3, 4, 5, s(la), lda, s(lb), ldb, s(12), 4, false)
	}
	for _, c := range calls {
		if c.f == nil {
			continue
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		}()
	}

	// Empty operands need no storage; k = 0 clears C unless acc.
	for _, g := range []gemmFunc{GemmNN, GemmTN, GemmNT} {
		g(0, 4, 0, nil, 0, nil, 0, nil, 0, false)
		g(3, 0, 0, nil, 0, nil, 0, nil, 0, false)
		c := []float64{1, 2, 3, 4, 5, 6, 7}
		g(2, 3, 0, nil, 0, nil, 0, c, 4, true)
		checkEqual(t, "k=0 acc", c, []float64{1, 2, 3, 4, 5, 6, 7})
		g(2, 3, 0, nil, 0, nil, 0, c, 4, false)
		checkEqual(t, "k=0", c, []float64{0, 0, 0, 4, 0, 0, 0})
	}
}
