//go:build !(js && wasm && wasmkernel)

package core

// Native builds, and js/wasm builds without the wasmkernel tag, multiply
// with the Go loops in kernels.go.

func kernelNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	goGemmNN(m, n, k, a, lda, b, ldb, c, ldc, acc)
}

func kernelTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	goGemmTN(m, n, k, a, lda, b, ldb, c, ldc, acc)
}

func kernelNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	goGemmNT(m, n, k, a, lda, b, ldb, c, ldc, acc)
}

func kernelAdam(w, g, m, v []float64, b1, b2, ob1, ob2, lrc, rc2, eps float64) {
	goAdam(w, g, m, v, b1, b2, ob1, ob2, lrc, rc2, eps)
}

func kernelReluBias(z, b, a []float64, cols int) { goReluBias(z, b, a, cols) }

func kernelReluBackward(z, da, dz, gb []float64, cols int) { goReluBackward(z, da, dz, gb, cols) }

// KernelBackend names the matrix kernels this program multiplies with: "go"
// (the Go loops) in this build; in the web build (build tag wasmkernel)
// "simd" or "scalar" for the WebAssembly module the page loaded, or "go"
// when it loaded none.
func KernelBackend() string { return "go" }
