// Package mat is the matrix type of gotrain's core and wasm packages: in
// native builds exactly gonum's mat.Dense, in the web build a small
// stand-in with the same methods.
//
// The web build (js/wasm with build tag litemat, what gotrain.wasm ships
// as) must not link gonum.org/v1/gonum/mat: that package imports fmt (and
// through it os and reflect) and gonum's blas, lapack and floats, about
// 70 KB of the brotli-compressed module, while gotrain only uses Dense as a
// container (shape, stride and a []float64) and does its arithmetic itself.
// So:
//
//   - without the tag (gonum.go), Dense IS gonum's mat.Dense (a type alias)
//     and NewDense is gonum's: core's Go API takes and returns gonum
//     matrices, and callers can use all of gonum on them;
//   - with the tag litemat (lite.go), Dense is a stand-in with just the
//     methods core and wasm use, laid out and behaving as gonum's: same
//     row-major storage, same panics for the same misuse (error values
//     with gonum's messages, though not of gonum's type).
//
// Code in core and wasm imports this package under gonum's package name,
// mat, so it reads as gonum code and builds against either. mat_test.go
// runs the same expectations against both.
package mat
