// Package core is gotrain's training library: a Keras-style Sequential model
// of Dense, Dropout and Normalization layers trained by SGD, momentum, Adam,
// RMSprop or Adagrad, with the data helpers, metrics, tracing and
// serialization the WebAssembly module and the page are built on.
//
// Matrices are gonum mat.Dense values, named through core/internal/mat
// (whose doc says what the web build uses instead). Layers own preallocated
// buffers, so a training step allocates nothing after the first batch.
// Every inner loop of a training step (the matrix products, Adam's update,
// ReLU's passes) lives in core/internal/kernel, which core calls down into
// and which holds each target's fastest version.
//
// Randomness always comes from an explicit seed; library code never prints.
package core
