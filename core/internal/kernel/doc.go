// Package kernel holds the inner loops of a training step: the three matrix
// products a Dense layer needs (GemmNN, GemmTN, GemmNT), Adam's update
// (Adam) and ReLU's passes (Relu, ReluBias, ReluBackward,
// ReluBackwardBias). core calls down into it; it imports nothing of
// gotrain's.
//
// Operands are row-major []float64 with leading dimensions, as in BLAS.
// Every exported function checks its slices and panics on a call that does
// not fit them (a programmer error: core sizes every buffer), then hands the
// work to one of two implementations that give the same bits:
//
//   - the Go loops (loops.go), in native builds and in js/wasm builds
//     without the wasmkernel tag;
//   - under the Go build tag wasmkernel (js/wasm only, dispatch_wasm.go), a
//     small WebAssembly module written in text (gemm.wat with f64x2 SIMD,
//     gemm_scalar.wat without) that the page instantiates on the Go
//     program's own memory. The Go program imports its functions from the
//     module "gotrain_kernel"; the loader (build/kernel-loader.mjs, and
//     gotrain.js in the page) forwards them to the kernel instance. When it
//     instantiated none, the Go loops run.
//
// Both sum every element in the same order with separate multiplies and
// adds, so the module's results equal the Go loops' bit for bit; the tests
// compare them on every kernel path (make test-kernels runs them in Node
// with each module attached, through build/wasm-kernel-exec.sh).
//
// The Go loops work on four rows at a time, so that every value loaded
// feeds four multiply-adds, and re-slice rows to a common length so that the
// compiler drops the bounds checks of the inner loops. This package is in
// the Makefile's WASM_INLINE list: gotrain.wasm is built with inlining off
// except in the packages of the training step, and this is one of them.
package kernel
