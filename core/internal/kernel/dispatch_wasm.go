//go:build js && wasm && wasmkernel

package kernel

import "unsafe"

// The web build's kernels: a small WebAssembly module (gemm.wat, or
// gemm_scalar.wat where the engine lacks SIMD) that the page instantiates on
// this program's own memory. The program imports its functions from the
// module "gotrain_kernel"; the loader forwards them to the kernel instance
// (build/kernel-loader.mjs, www/gotrain.js):
//
//	gemm_nn, gemm_tn, gemm_nt (m, n, k, a, lda, b, ldb, c, ldc, acc i32)
//	adam (n, w, g, m, v, c i32): c points to b1, b2, ob1, ob2, lrc, rc2, eps (f64)
//	relu_bias (n, cols, z, b, a i32), relu_bwd (n, cols, z, da, dz, gb i32)
//	softmax_bias, sigmoid_bias (n, cols, z, b, hasb, a i32)
//	xent_softmax, xent_softmax_sparse (n, cols, p, y, dz i32, scale f64) f64
//	xent_sigmoid (n, p, y, dz i32, scale f64) f64, col_sums (n, cols, dz, gb i32)
//	gather_rows (rows, cols, src, stride, idx, dst i32)
//	count_classes (rows, cols, p, y, sparse, conf, k i32) i32
//	backend () i32: 1 SIMD, 2 scalar, 0 no kernel module (use the Go loops)
//
// The module checks no bound: the exported functions have checked them all,
// and call here only with m, n, k > 0 and non-empty slices. Go's heap does not move, and the
// stack cannot grow or move during the call, so the addresses of the slices'
// first elements stay valid while the kernel runs; it keeps none of them.

//go:wasmimport gotrain_kernel gemm_nn
func wasmGemmNN(m, n, k int32, a *float64, lda int32, b *float64, ldb int32, c *float64, ldc int32, acc bool)

//go:wasmimport gotrain_kernel gemm_tn
func wasmGemmTN(m, n, k int32, a *float64, lda int32, b *float64, ldb int32, c *float64, ldc int32, acc bool)

//go:wasmimport gotrain_kernel gemm_nt
func wasmGemmNT(m, n, k int32, a *float64, lda int32, b *float64, ldb int32, c *float64, ldc int32, acc bool)

//go:wasmimport gotrain_kernel adam
func wasmAdam(n int32, w, g, m, v, c *float64)

//go:wasmimport gotrain_kernel relu_bias
func wasmReluBias(n, cols int32, z, b, a *float64)

//go:wasmimport gotrain_kernel relu_bwd
func wasmReluBackward(n, cols int32, z, da, dz, gb *float64)

//go:wasmimport gotrain_kernel softmax_bias
func wasmSoftmaxBias(n, cols int32, z, b *float64, hasb bool, a *float64)

//go:wasmimport gotrain_kernel sigmoid_bias
func wasmSigmoidBias(n, cols int32, z, b *float64, hasb bool, a *float64)

//go:wasmimport gotrain_kernel xent_softmax
func wasmXentSoftmax(n, cols int32, p, y, dz *float64, scale float64) float64

//go:wasmimport gotrain_kernel xent_softmax_sparse
func wasmXentSoftmaxSparse(n, cols int32, p, y, dz *float64, scale float64) float64

//go:wasmimport gotrain_kernel xent_sigmoid
func wasmXentSigmoid(n int32, p, y, dz *float64, scale float64) float64

//go:wasmimport gotrain_kernel col_sums
func wasmColumnSums(n, cols int32, dz, gb *float64)

//go:wasmimport gotrain_kernel gather_rows
func wasmGatherRows(rows, cols int32, src *float64, stride int32, idx *int64, dst *float64)

//go:wasmimport gotrain_kernel count_classes
func wasmCountClasses(rows, cols int32, p, y *float64, sparse bool, conf *float64, k int32) int32

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

// Backend names the kernels this program runs: "simd" or "scalar" for the
// WebAssembly module the loader instantiated, or "go" (the Go loops) when it
// instantiated none.
func Backend() string {
	switch wasmKernel {
	case wasmKernelSIMD:
		return "simd"
	case wasmKernelScalar:
		return "scalar"
	}
	return "go"
}

// ld32 is a leading dimension as the kernel takes it. It only matters for
// matrices of two rows or more, where prepare has bounded it by the
// slice's length (under 2³¹ in a 4 GiB memory); otherwise it is passed as 0.
func ld32(rows, ld int) int32 {
	if rows < 2 {
		return 0
	}
	return int32(ld)
}

func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !useWasmKernel() {
		goGemmNN(m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	wasmGemmNN(int32(m), int32(n), int32(k), &a[0], ld32(m, lda), &b[0], ld32(k, ldb), &c[0], ld32(m, ldc), acc)
}

func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !useWasmKernel() {
		goGemmTN(m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	wasmGemmTN(int32(m), int32(n), int32(k), &a[0], ld32(k, lda), &b[0], ld32(k, ldb), &c[0], ld32(m, ldc), acc)
}

func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	if !useWasmKernel() {
		goGemmNT(m, n, k, a, lda, b, ldb, c, ldc, acc)
		return
	}
	wasmGemmNT(int32(m), int32(n), int32(k), &a[0], ld32(m, lda), &b[0], ld32(n, ldb), &c[0], ld32(m, ldc), acc)
}

// The element loops: Adam, ReluBias and ReluBackwardBias have checked the
// slices, which are not empty.

func adam(w, g, m, v []float64, b1, b2, ob1, ob2, lrc, rc2, eps float64) {
	if !useWasmKernel() {
		goAdam(w, g, m, v, b1, b2, ob1, ob2, lrc, rc2, eps)
		return
	}
	adamCoefficients = [7]float64{b1, b2, ob1, ob2, lrc, rc2, eps}
	wasmAdam(int32(len(g)), &w[0], &g[0], &m[0], &v[0], &adamCoefficients[0])
}

// adamCoefficients hands adam's seven numbers to the kernel in memory: the
// call goes through the loader's JavaScript, which would box every float64
// argument (V8 allocates a number object for each, four parameters a step:
// garbage the engine's collector then spends time on). The program runs on
// one thread and the kernel keeps nothing, so one array serves every call.
var adamCoefficients [7]float64

func reluBias(z, b, a []float64, cols int) {
	if !useWasmKernel() {
		goReluBias(z, b, a, cols)
		return
	}
	wasmReluBias(int32(len(z)), int32(cols), &z[0], &b[0], &a[0])
}

func reluBackward(z, da, dz, gb []float64, cols int) {
	if !useWasmKernel() {
		goReluBackward(z, da, dz, gb, cols)
		return
	}
	wasmReluBackward(int32(len(z)), int32(cols), &z[0], &da[0], &dz[0], &gb[0])
}

// The output layer's passes (output.go has checked the slices, which are
// not empty; b may be nil).

// biasPtr is b's first element, or z's when there is no bias (not read).
func biasPtr(b, z []float64) (*float64, bool) {
	if b == nil {
		return &z[0], false
	}
	return &b[0], true
}

func softmaxBias(z, b, a []float64, cols int) {
	if !useWasmKernel() {
		goSoftmaxBias(z, b, a, cols)
		return
	}
	pb, hasb := biasPtr(b, z)
	wasmSoftmaxBias(int32(len(z)), int32(cols), &z[0], pb, hasb, &a[0])
}

func sigmoidBias(z, b, a []float64, cols int) {
	if !useWasmKernel() {
		goSigmoidBias(z, b, a, cols)
		return
	}
	pb, hasb := biasPtr(b, z)
	wasmSigmoidBias(int32(len(z)), int32(cols), &z[0], pb, hasb, &a[0])
}

func softmaxXent(p, y, dz []float64, cols int, scale float64) float64 {
	if !useWasmKernel() {
		return goSoftmaxXent(p, y, dz, cols, scale)
	}
	return wasmXentSoftmax(int32(len(p)), int32(cols), &p[0], &y[0], &dz[0], scale)
}

func softmaxXentSparse(p, y, dz []float64, cols int, scale float64) float64 {
	if !useWasmKernel() {
		return goSoftmaxXentSparse(p, y, dz, cols, scale)
	}
	return wasmXentSoftmaxSparse(int32(len(p)), int32(cols), &p[0], &y[0], &dz[0], scale)
}

func sigmoidXent(p, y, dz []float64, scale float64) float64 {
	if !useWasmKernel() {
		return goSigmoidXent(p, y, dz, scale)
	}
	return wasmXentSigmoid(int32(len(p)), &p[0], &y[0], &dz[0], scale)
}

func columnSums(gb, dz []float64, cols int) {
	if !useWasmKernel() {
		goColumnSums(gb, dz, cols)
		return
	}
	wasmColumnSums(int32(len(dz)), int32(cols), &dz[0], &gb[0])
}

// The row passes (rows.go has checked the slices and indices; none is empty).

func gatherRows(dst, src []float64, cols, stride int, rows []int) {
	if !useWasmKernel() {
		goGatherRows(dst, src, cols, stride, rows)
		return
	}
	// An int is 8 bytes on js/wasm, as the module reads it.
	wasmGatherRows(int32(len(rows)), int32(cols), &src[0], int32(stride), (*int64)(unsafe.Pointer(&rows[0])), &dst[0])
}

func countClasses(conf []float64, k int, p, y []float64, cols int, sparse bool) int {
	if !useWasmKernel() {
		return goCountClasses(conf, k, p, y, cols, sparse)
	}
	return int(wasmCountClasses(int32(len(p)/cols), int32(cols), &p[0], &y[0], sparse, &conf[0], int32(k)))
}
