// Package core is gotrain's training library: a Keras-style Sequential model
// of Dense, Dropout and Normalization layers trained by SGD, momentum, Adam,
// RMSprop or Adagrad, with the data helpers, metrics, tracing and
// serialization the WebAssembly module and the page are built on.
//
// Matrices are gonum mat.Dense values (core names them through
// core/internal/mat, whose Dense is gonum's own type; only the web build, tag
// litemat, swaps in a small stand-in so that gotrain.wasm does not link
// gonum). Layers own preallocated buffers, so a
// training step allocates nothing after the first batch. The few matrix
// kernels live behind functions of their own (kernels.go) so that they can be
// made fast for each target without touching the layers.
//
// Randomness always comes from an explicit seed; library code never prints.
package core
