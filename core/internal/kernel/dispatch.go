//go:build !(js && wasm && wasmkernel)

package kernel

// Native builds, and js/wasm builds without the wasmkernel tag, run the Go
// loops.

func gemmNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	goGemmNN(m, n, k, a, lda, b, ldb, c, ldc, acc)
}

func gemmTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	goGemmTN(m, n, k, a, lda, b, ldb, c, ldc, acc)
}

func gemmNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int, acc bool) {
	goGemmNT(m, n, k, a, lda, b, ldb, c, ldc, acc)
}

func adam(w, g, m, v []float64, b1, b2, ob1, ob2, lrc, rc2, eps float64) {
	goAdam(w, g, m, v, b1, b2, ob1, ob2, lrc, rc2, eps)
}

func reluBias(z, b, a []float64, cols int) { goReluBias(z, b, a, cols) }

func reluBackward(z, da, dz, gb []float64, cols int) { goReluBackward(z, da, dz, gb, cols) }

// Backend names the kernels this program runs: "go" (the Go loops) in this
// build; under the wasmkernel tag "simd" or "scalar" for the WebAssembly
// module the loader instantiated, or "go" when it instantiated none.
func Backend() string { return "go" }

func softmaxBias(z, b, a []float64, cols int) { goSoftmaxBias(z, b, a, cols) }

func sigmoidBias(z, b, a []float64, cols int) { goSigmoidBias(z, b, a, cols) }

func softmaxXent(p, y, dz []float64, cols int, scale float64) float64 {
	return goSoftmaxXent(p, y, dz, cols, scale)
}

func softmaxXentSparse(p, y, dz []float64, cols int, scale float64) float64 {
	return goSoftmaxXentSparse(p, y, dz, cols, scale)
}

func sigmoidXent(p, y, dz []float64, scale float64) float64 { return goSigmoidXent(p, y, dz, scale) }

func columnSums(gb, dz []float64, cols int) { goColumnSums(gb, dz, cols) }

func gatherRows(dst, src []float64, cols, stride int, rows []int) {
	goGatherRows(dst, src, cols, stride, rows)
}

func countClasses(conf []float64, k int, p, y []float64, cols int, sparse bool) int {
	return goCountClasses(conf, k, p, y, cols, sparse)
}
