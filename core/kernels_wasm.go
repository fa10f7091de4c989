//go:build js && wasm && wasmkernel

package core

// The web build's kernels: a small WebAssembly module (core/wasmkernel/
// gemm.wat, or gemm_scalar.wat where the engine lacks SIMD) that the page
// instantiates on this program's own memory. The program imports its
// functions from the module "gotrain_kernel"; the loader forwards them to the
// kernel instance (build/kernel-loader.mjs):
//
//	gemm_nn, gemm_tn, gemm_nt (m, n, k, a, lda, b, ldb, c, ldc, acc i32)
//	backend () i32: 1 SIMD, 2 scalar, 0 no kernel module (use the Go loops)
//
// The module checks no bound: gemmNN, gemmTN and gemmNT have checked them
// all, and call here only with m, n, k > 0. Go's heap does not move, and the
// stack cannot grow or move during the call, so the addresses of the slices'
// first elements stay valid while the kernel runs; it keeps none of them.

//go:wasmimport gotrain_kernel gemm_nn
func wasmGemmNN(m, n, k int32, a *float64, lda int32, b *float64, ldb int32, c *float64, ldc int32, acc bool)

//go:wasmimport gotrain_kernel gemm_tn
func wasmGemmTN(m, n, k int32, a *float64, lda int32, b *float64, ldb int32, c *float64, ldc int32, acc bool)

//go:wasmimport gotrain_kernel gemm_nt
func wasmGemmNT(m, n, k int32, a *float64, lda int32, b *float64, ldb int32, c *float64, ldc int32, acc bool)

//go:wasmimport gotrain_kernel backend
func wasmKernelBackend() int32

// Values of backend().
const (
	wasmKernelNone   = 0
	wasmKernelSIMD   = 1
	wasmKernelScalar = 2
)

// wasmKernel is the loader's answer, asked once: it instantiates the kernel
// module before it runs the program.
var wasmKernel = wasmKernelBackend()

// useWasmKernel reports whether a kernel module is there to call.
func useWasmKernel() bool { return wasmKernel == wasmKernelSIMD || wasmKernel == wasmKernelScalar }

// KernelBackend names the matrix kernels this program multiplies with:
// "simd" or "scalar" for the WebAssembly module the loader instantiated, or
// "go" (the Go loops) when it instantiated none.
func KernelBackend() string {
	switch wasmKernel {
	case wasmKernelSIMD:
		return "simd"
	case wasmKernelScalar:
		return "scalar"
	}
	return "go"
}

// ld32 is a leading dimension as the kernel takes it. It only matters for
// matrices of two rows or more, where gemmPrepare has bounded it by the
// slice's length (under 2³¹ in a 4 GiB memory); otherwise it is passed as 0.
func ld32(rows, ld int) int32 {
	if rows < 2 {
		return 0
	}
	return int32(ld)
}

func kernelNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !useWasmKernel() {
		goGemmNN(m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	wasmGemmNN(int32(m), int32(n), int32(k), &a[0], ld32(m, lda), &b[0], ld32(k, ldb), &c[0], ld32(m, ldc), acc)
}

func kernelTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !useWasmKernel() {
		goGemmTN(m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	wasmGemmTN(int32(m), int32(n), int32(k), &a[0], ld32(k, lda), &b[0], ld32(k, ldb), &c[0], ld32(m, ldc), acc)
}

func kernelNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !useWasmKernel() {
		goGemmNT(m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	wasmGemmNT(int32(m), int32(n), int32(k), &a[0], ld32(m, lda), &b[0], ld32(n, ldb), &c[0], ld32(m, ldc), acc)
}
