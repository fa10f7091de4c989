// gotrain.js: the entry of gotrain, a Keras-style neural-network training
// library written in Go and compiled to WebAssembly, with a TensorFlow.js-
// style API. One ES module for browsers and Node ≥ 20:
//
//   import { load } from './gotrain.js';
//   const gt = await load();                  // gotrain.wasm next to this file
//   const gtw = await load({ worker: true }); // same API in a worker; methods return Promises
//
// The API, every option and the differences from TF.js: API.md, next to
// this file. This module only re-exports the public API.
//
// Files to copy together (no bundler: copying the folder is the install):
// gotrain.js and lib/, gotrain.wasm, gotrain-kernel.wasm and
// gotrain-kernel-scalar.wasm (the matrix kernels; without them Go's own
// loops run, slower), wasm_exec.js (from the Go toolchain that built the
// .wasm) and gotrain-worker.js (worker mode). No network access at run time
// besides fetching those.
//
// The code, one concept per module in lib/:
//   load.js             load(): starting gotrain.wasm here or in a worker; the warm-up
//   api.js              the gt object, the same in both modes
//   model.js            the one Model class, over a transport (and flow, which
//                       writes each method once for values and Promises):
//   direct.js             calls into Go on this thread (fit in ~10 ms slices)
//   worker-client.js      messages to the worker (the protocol is described there)
//   worker-server.js    the worker's end (gotrain-worker.js)
//   descriptions.js     gt.layers (built from the Go module's layer kinds),
//                       gt.regularizers, gt.train, fit's callbacks
//   specs.js            a call's arguments as Go reads them
//   options.js          option checks with did-you-mean messages
//   matrix.js           Matrix, tensor2d and the conversions into matrices
//   storage.js, tfjs-artifacts.js   saving and loading in TF.js' layouts
//   teaching.js         activation curves, ROC/PR curves, feature inputs
//   standalone.js       the standalone predictor's text (model.exportStandalone)
//   kernel.js           the matrix kernels: SIMD probe, compiling, Go's imports
//   tune.js, pool.js    gt.tune: the hyperparameter search, its pool of workers
//   plan.js, folds.js   gt.tune's trials and folds, seeded (pcg.js: Go's math/rand/v2 source)
//   env.js              where gotrain runs; VERSION

export { VERSION } from './lib/env.js';
export { load } from './lib/load.js';
export { Matrix } from './lib/matrix.js';
// One class in both modes; WorkerModel is the name worker-mode models had.
export { Model, Model as WorkerModel } from './lib/model.js';
export { EarlyStopping, Layer, Optimizer, Regularizer } from './lib/descriptions.js';

// The other modules load() needs, listed so that a browser requests the
// whole library at once rather than one level of imports after another.
// (Importing them has no side effects.)
import './lib/api.js';
import './lib/direct.js';
import './lib/folds.js';
import './lib/kernel.js';
import './lib/options.js';
import './lib/pcg.js';
import './lib/plan.js';
import './lib/pool.js';
import './lib/specs.js';
import './lib/standalone.js';
import './lib/storage.js';
import './lib/teaching.js';
import './lib/tfjs-artifacts.js';
import './lib/tune.js';
import './lib/worker-client.js';
