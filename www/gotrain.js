// gotrain.js: the loader and the JavaScript API of gotrain, a Keras-style
// neural-network training library written in Go and compiled to
// WebAssembly. One ES module for browsers and Node ≥ 20:
//
//   import { load } from './gotrain.js';
//   const gt = await load();                  // gotrain.wasm next to this file
//   const gtw = await load({ worker: true }); // same API in a Web Worker; methods return Promises
//
// Files to copy next to each other: gotrain.js, gotrain.wasm, wasm_exec.js
// (from the Go toolchain that built the .wasm) and gotrain-worker.js (worker
// mode only). No network access at run time besides fetching those.
//
// The API mirrors TensorFlow.js' Layers API; see API.md for the contract.
// The Go side (wasm/) converts values and calls package core; this file
// converts JavaScript inputs to { data: Float64Array, shape } matrices,
// checks option names, drives fit in slices and wraps results.
//
// Beyond API.md (all optional):
//   load({ wasmURL, worker, workerURL, warmUp })
//   fit options: yieldEvery ('auto' = slices of ~10 ms, 'batch', 'epoch',
//     'never', or a number of ms), earlyStopping: { monitor, patience,
//     minDelta, restoreBestWeights, mode }, verbose (accepted, never prints);
//     callbacks may be an object or an array of objects and
//     gt.callbacks.earlyStopping({...}); a callback that returns a promise
//     is awaited before training goes on; one that throws stops training and
//     fit rejects with its error.
//   TF.js interop: model.save(dest, { includeOptimizer: false }) also takes a
//     TF.js IOHandler (an object with save(artifacts), e.g.
//     tf.io.withSaveHandler(f)) and, in Node, 'file://DIR' (DIR/model.json +
//     DIR/weights.bin, as tfjs-node writes them); gt.loadLayersModel(src,
//     { requestInit, fetchFunc, weightPathPrefix }) takes 'localstorage://name',
//     'indexeddb://name', a model.json URL (weights fetched relative to it,
//     shards concatenated; file:// or a path in Node), artifacts (weightData
//     an ArrayBuffer, typed array or ArrayBuffer[]), an IOHandler with load()
//     (e.g. tf.io.fromMemory), { json: File, weights: File[] } or a FileList.
//     downloads:// needs a page (document); in worker mode the artifacts come
//     from the worker and storage, fetches and downloads run on this thread.
//   model.getConfig(), model.layers (layer descriptions), model.layerOutputs(x),
//   model.isDisposed, layer.adapt(x) (normalization; before add, the data is
//   kept and the layer adapts when added), layer.name, gt.metrics.classReport,
//   gt.metrics.predictClasses, gt.memory(), gt.Matrix, gt.worker, and in
//   worker mode gt.terminate().
// Worker mode: factories (tensor2d, layers.*, regularizers.*, train.*,
// callbacks.*) stay synchronous and are checked when used; everything else
// returns a Promise. model.layers and model.stopTraining are synchronous
// (stopTraining = true posts a message; the worker's fit sees it at its next
// slice, within ~20 ms). onTrainBegin/onEpochBegin/onEpochEnd/onTrainEnd are
// awaited by the worker (so stopTraining set there stops at that epoch);
// batch callbacks arrive as messages without holding training up.

export const VERSION = '0.1.0';

// Limits checked before a string is copied into the module (core's limits).
const MAX_MODEL_JSON = 64 * 2 ** 20;
const MAX_CSV = 2 ** 30;

function jsonText(json) {
  const s = typeof json === 'string' ? json : json !== null && typeof json === 'object' ? JSON.stringify(json) : json;
  if (typeof s !== 'string') throw new Error(`modelFromJSON: expected the string model.toJSON() returns (or its parsed object), got ${describe(json)}`);
  if (s.length > MAX_MODEL_JSON) throw new Error(`modelFromJSON: the JSON is larger than ${MAX_MODEL_JSON} bytes`);
  return s;
}

function csvText(text) {
  if (typeof text !== 'string') throw new Error(`parseCSV: expected the CSV text as a string, got ${describe(text)}`);
  if (text.length > MAX_CSV) throw new Error(`parseCSV: file too large (the limit is ${MAX_CSV} bytes)`);
  return text;
}

// ---------------------------------------------------------------------------
// Environment

const isNode =
  typeof process === 'object' && process !== null && typeof process.versions === 'object' &&
  process.versions !== null && typeof process.versions.node === 'string' &&
  typeof window === 'undefined' && typeof WorkerGlobalScope === 'undefined';

/** Resolves after the event loop has had a turn (no 4 ms timer clamp). */
const yieldToEventLoop = (() => {
  if (typeof setImmediate === 'function') return () => new Promise((r) => setImmediate(r));
  if (typeof MessageChannel === 'function') {
    const ch = new MessageChannel();
    const queue = [];
    ch.port1.onmessage = () => queue.shift()?.();
    return () =>
      new Promise((r) => {
        queue.push(r);
        ch.port2.postMessage(0);
      });
  }
  return () => new Promise((r) => setTimeout(r, 0));
})();


// ---------------------------------------------------------------------------
// Small helpers

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  switch (typeof v) {
    case 'string':
      return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
    case 'object':
      return 'an object';
    case 'function':
      return 'a function';
    default:
      return String(v);
  }
}

function editDistance(a, b) {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/**
 * Checks that o is an options object with only known keys; returns it (or
 * {} for undefined/null). A typo such as `epoch: 5` is an error naming it.
 */
function options(call, o, known, what = 'option') {
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object' || Array.isArray(o) || ArrayBuffer.isView(o)) {
    throw new Error(`${call}: ${what}s must be an object, got ${describe(o)}`);
  }
  for (const k of Object.keys(o)) {
    if (typeof o[k] === 'bigint' || typeof o[k] === 'symbol') {
      throw new Error(`${call}: ${k} must be a number, not a ${typeof o[k]}`);
    }
    if (!known.includes(k)) {
      const close = known.find((n) => editDistance(n.toLowerCase(), k.toLowerCase()) <= 2);
      throw new Error(
        `${call}: unknown ${what} '${k}'${close ? ` (did you mean '${close}'?)` : ''}; known: ${known.join(', ')}`,
      );
    }
  }
  return o;
}

// ---------------------------------------------------------------------------
// Matrices

/** A row-major matrix: what predict, tensor2d and friends return. */
export class Matrix {
  /**
   * @param {Float64Array} data row-major values
   * @param {[number, number]} shape [rows, cols]
   */
  constructor(data, shape) {
    this.data = data;
    this.shape = shape;
  }

  /** The rows as number[][]. */
  array() {
    const [r, c] = this.shape;
    const out = new Array(r);
    for (let i = 0; i < r; i++) out[i] = Array.from(this.data.subarray(i * c, (i + 1) * c));
    return out;
  }
}

function isMatrixLike(v) {
  return (
    v !== null && typeof v === 'object' && ArrayBuffer.isView(v.data) && Array.isArray(v.shape) && v.shape.length === 2
  );
}

function toFloat64(data) {
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/**
 * Converts any accepted matrix input into { data: Float64Array, shape }:
 * a Matrix (or { data, shape }), number[][] (rows), or, with vector: true,
 * a flat number[] / typed array taken as one column (labels).
 */
function toMatrix(call, name, v, { vector = false } = {}) {
  if (isMatrixLike(v)) {
    if (v instanceof Matrix && v.data instanceof Float64Array) return v;
    return new Matrix(toFloat64(v.data), [v.shape[0], v.shape[1]]);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) throw new Error(`${call}: ${name} is empty`);
    const first = v[0];
    if (Array.isArray(first) || ArrayBuffer.isView(first)) {
      const rows = v.length;
      const cols = first.length;
      if (cols === 0) throw new Error(`${call}: ${name} is empty (row 0 has no values)`);
      const data = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++) {
        const row = v[i];
        if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
          throw new Error(`${call}: ${name} row ${i} is ${describe(row)}, not an array`);
        }
        if (row.length !== cols) {
          throw new Error(`${call}: ${name} row ${i} has ${row.length} values but row 0 has ${cols}`);
        }
        const off = i * cols;
        for (let j = 0; j < cols; j++) {
          const x = row[j];
          if (typeof x !== 'number') {
            throw new Error(`${call}: ${name} row ${i}, column ${j} is ${describe(x)}, not a number`);
          }
          data[off + j] = x;
        }
      }
      return new Matrix(data, [rows, cols]);
    }
    if (!vector) {
      throw new Error(
        `${call}: ${name} must be a matrix: number[][] (one array per row) or gt.tensor2d(values, [rows, cols]); got a flat array`,
      );
    }
    const data = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number') throw new Error(`${call}: ${name}[${i}] is ${describe(x)}, not a number`);
      data[i] = x;
    }
    return new Matrix(data, [v.length, 1]);
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    if (!vector) {
      throw new Error(`${call}: ${name} is a flat ${v.constructor.name}; give its shape with gt.tensor2d(values, [rows, cols])`);
    }
    if (v.length === 0) throw new Error(`${call}: ${name} is empty`);
    return new Matrix(Float64Array.from(v), [v.length, 1]);
  }
  throw new Error(
    `${call}: ${name} must be ${vector ? 'number[] or ' : ''}number[][] or gt.tensor2d(values, [rows, cols]), got ${describe(v)}`,
  );
}

/** One example's values (trace): number, number[] or a typed array. */
function toVector(call, name, v) {
  if (typeof v === 'number') return Float64Array.of(v);
  if (isMatrixLike(v)) {
    if (v.shape[0] !== 1 && v.shape[1] !== 1) throw new Error(`${call}: ${name} must be one example, got shape [${v.shape}]`);
    return toFloat64(v.data);
  }
  if (Array.isArray(v)) {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'number') throw new Error(`${call}: ${name}[${i}] is ${describe(v[i])}, not a number`);
      out[i] = v[i];
    }
    return out;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return toFloat64(v);
  throw new Error(`${call}: ${name} must be one example's values (number[]), got ${describe(v)}`);
}

/** Class indices as a Float64Array (the Go side checks they are integers). */
function toLabels(call, name, v) {
  if (isMatrixLike(v)) {
    if (v.shape[1] !== 1) {
      throw new Error(
        `${call}: ${name} must be class indices (one column), got ${v.shape[1]} columns; use gt.metrics.predictClasses on model outputs`,
      );
    }
    return toFloat64(v.data);
  }
  return toMatrix(call, name, v, { vector: true }).data;
}

/** gt.tensor2d(values, [rows, cols]): values flat (typed array or number[]) or number[][]. */
function tensor2d(values, shape) {
  const call = 'tensor2d';
  if (shape !== undefined) {
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`${call}: shape must be [rows, cols] (non-negative integers), got ${describe(shape)}${Array.isArray(shape) ? ` [${shape}]` : ''}`);
    }
  }
  if (Array.isArray(values) && values.length > 0 && (Array.isArray(values[0]) || ArrayBuffer.isView(values[0]))) {
    const m = toMatrix(call, 'values', values);
    if (shape && (shape[0] !== m.shape[0] || shape[1] !== m.shape[1])) {
      throw new Error(`${call}: values have shape [${m.shape}] but shape says [${shape}]`);
    }
    return m;
  }
  if (shape === undefined) throw new Error(`${call}: flat values need a shape [rows, cols]`);
  let data;
  if (values instanceof Float64Array) data = values.slice();
  else if (ArrayBuffer.isView(values) && !(values instanceof DataView)) data = Float64Array.from(values);
  else if (Array.isArray(values)) {
    data = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      if (typeof values[i] !== 'number') throw new Error(`${call}: values[${i}] is ${describe(values[i])}, not a number`);
      data[i] = values[i];
    }
  } else {
    throw new Error(`${call}: values must be a Float32Array, Float64Array, number[] or number[][], got ${describe(values)}`);
  }
  if (data.length !== shape[0] * shape[1]) {
    throw new Error(`${call}: ${data.length} values do not fill shape [${shape[0]}, ${shape[1]}] (${shape[0] * shape[1]} values)`);
  }
  return new Matrix(data, [shape[0], shape[1]]);
}

/** Turns every plain { data: Float64Array, shape: [r, c] } in a Go result into a Matrix. */
function revive(v) {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (v instanceof Matrix) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const keys = Object.keys(v);
  if (keys.length === 2 && v.data instanceof Float64Array && Array.isArray(v.shape) && v.shape.length === 2) {
    return new Matrix(v.data, v.shape);
  }
  for (const k of keys) v[k] = revive(v[k]);
  return v;
}

function toDataset(call, ds) {
  if (ds === null || typeof ds !== 'object' || ds.x === undefined || ds.y === undefined) {
    throw new Error(`${call}: expected a dataset { x, y } (parseCSV or builtin returns one), got ${describe(ds)}`);
  }
  return {
    x: toMatrix(call, 'x', ds.x),
    y: toMatrix(call, 'y', ds.y, { vector: true }),
    featureNames: ds.featureNames ?? null,
    classNames: ds.classNames ?? null,
  };
}

// ---------------------------------------------------------------------------
// Layers, regularizers, optimizers, callbacks: descriptions, created
// synchronously in both modes and checked by Go (at once in main-thread
// mode, when used in worker mode).

const LAYER_KEYS = {
  dense: ['units', 'activation', 'inputShape', 'inputDim', 'useBias', 'kernelInitializer', 'kernelRegularizer', 'name'],
  dropout: ['rate', 'inputShape'],
  normalization: ['inputShape'],
};

/** A layer description: gt.layers.dense(...) etc. Bound to a model by model.add. */
export class Layer {
  constructor(kind, config, async) {
    this.kind = kind;
    this.config = config;
    this._async = async;
    this._model = null;
    this._index = -1;
    this._pendingAdapt = null;
  }

  /** The layer's name: given, or the one the model gave it (null before add). */
  get name() {
    if (this._model) return this._model._layerInfo(this._index)?.name ?? null;
    return this.config.name ?? null;
  }

  getConfig() {
    return { ...this.config };
  }

  /**
   * Normalization layers only: learn each column's mean and variance from x.
   * In a model it adapts at once; before add, the data is kept and the layer
   * adapts when added (so `norm.adapt(x); model.add(norm)` works as in Keras).
   */
  adapt(x) {
    if (this.kind !== 'normalization') throw new Error(`adapt: only normalization layers adapt, not ${this.kind}`);
    const m = toMatrix('adapt', 'x', x);
    if (this._model) return this._model._adapt(this._index, m);
    this._pendingAdapt = m;
    return this._async ? Promise.resolve() : undefined;
  }

  /** The plain spec the Go side reads. */
  _spec() {
    const spec = { kind: this.kind, ...this.config };
    const r = spec.kernelRegularizer;
    if (r !== undefined && r !== null && typeof r === 'object') spec.kernelRegularizer = { l1: r.l1 ?? 0, l2: r.l2 ?? 0 };
    return spec;
  }
}

function makeLayer(kind, config, check, async) {
  options(kind, config, LAYER_KEYS[kind]);
  const layer = new Layer(kind, { ...(config ?? {}) }, async);
  check?.(layer._spec());
  return layer;
}

/** A kernel regularizer: gt.regularizers.l1/l2/l1l2. */
export class Regularizer {
  constructor(l1, l2) {
    this.l1 = l1;
    this.l2 = l2;
  }
}

function regularizer(call, cfg, keys, defaults) {
  if (typeof cfg === 'number') {
    if (keys.length !== 1) throw new Error(`${call}: give { l1, l2 }`);
    cfg = { [keys[0]]: cfg };
  }
  options(call, cfg, keys);
  const v = { ...defaults, ...(cfg ?? {}) };
  for (const k of keys) {
    if (typeof v[k] !== 'number' || !(v[k] >= 0) || !Number.isFinite(v[k])) {
      throw new Error(`${call}: ${k} must be a number ≥ 0, got ${describe(v[k])}`);
    }
  }
  return new Regularizer(v.l1 ?? 0, v.l2 ?? 0);
}

const regularizers = {
  l1: (cfg) => regularizer('regularizers.l1', cfg, ['l1'], { l1: 0.01 }),
  l2: (cfg) => regularizer('regularizers.l2', cfg, ['l2'], { l2: 0.01 }),
  l1l2: (cfg) => regularizer('regularizers.l1l2', cfg, ['l1', 'l2'], { l1: 0.01, l2: 0.01 }),
};

/** An optimizer with its settings: gt.train.adam(...) etc. */
export class Optimizer {
  constructor(name, config) {
    this.name = name;
    this.config = config;
  }

  _spec() {
    return { name: this.name, ...this.config };
  }
}

function optimizer(name, params, args, check) {
  const config = {};
  params.forEach((p, i) => {
    if (args[i] !== undefined) config[p] = args[i];
  });
  if (args.length > params.length) throw new Error(`train.${name}: takes at most ${params.length} arguments (${params.join(', ')})`);
  for (const [k, v] of Object.entries(config)) {
    if (k === 'nesterov' ? typeof v !== 'boolean' : typeof v !== 'number') {
      throw new Error(`train.${name}: ${k} must be a ${k === 'nesterov' ? 'boolean' : 'number'}, got ${describe(v)}`);
    }
  }
  const o = new Optimizer(name, config);
  check?.(o._spec());
  return o;
}

function makeTrain(check) {
  return {
    sgd: (...a) => optimizer('sgd', ['learningRate'], a, check),
    momentum: (...a) => optimizer('momentum', ['learningRate', 'momentum', 'nesterov'], a, check),
    adam: (...a) => optimizer('adam', ['learningRate', 'beta1', 'beta2', 'epsilon'], a, check),
    rmsprop: (...a) => optimizer('rmsprop', ['learningRate', 'rho', 'momentum', 'epsilon'], a, check),
    adagrad: (...a) => optimizer('adagrad', ['learningRate', 'initialAccumulatorValue'], a, check),
  };
}

const ES_KEYS = ['monitor', 'patience', 'minDelta', 'restoreBestWeights', 'mode'];

/** gt.callbacks.earlyStopping({...}): usable in fit's callbacks list. */
export class EarlyStopping {
  constructor(config) {
    this.config = { ...options('callbacks.earlyStopping', config, ES_KEYS) };
  }
}

const CALLBACK_NAMES = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'];
const FIT_KEYS = ['epochs', 'batchSize', 'shuffle', 'validationSplit', 'validationData', 'callbacks', 'earlyStopping', 'yieldEvery', 'verbose'];
const COMPILE_KEYS = ['optimizer', 'loss', 'metrics'];
const OPTIMIZER_KEYS = ['name', 'learningRate', 'momentum', 'nesterov', 'beta1', 'beta2', 'epsilon', 'rho', 'initialAccumulatorValue'];

/** Normalizes fit's callbacks option into a list of objects / EarlyStopping. */
function callbackList(cbs) {
  if (cbs === undefined || cbs === null) return [];
  const list = Array.isArray(cbs) ? cbs : [cbs];
  for (const c of list) {
    if (c instanceof EarlyStopping) continue;
    if (c === null || typeof c !== 'object') throw new Error(`fit: callbacks must be an object of functions (or an array of them), got ${describe(c)}`);
    for (const k of Object.keys(c)) {
      if (!CALLBACK_NAMES.includes(k)) {
        const close = CALLBACK_NAMES.find((n) => editDistance(n.toLowerCase(), k.toLowerCase()) <= 2);
        throw new Error(`fit: unknown callback '${k}'${close ? ` (did you mean '${close}'?)` : ''}; known: ${CALLBACK_NAMES.join(', ')}`);
      }
      if (typeof c[k] !== 'function' && c[k] !== undefined && c[k] !== null) {
        throw new Error(`fit: callback ${k} must be a function, got ${describe(c[k])}`);
      }
    }
  }
  return list;
}

function compileSpec(cfg) {
  options('compile', cfg, COMPILE_KEYS);
  if (cfg === undefined || cfg === null) throw new Error("compile: expected { optimizer, loss, metrics }");
  const spec = { loss: cfg.loss };
  let opt = cfg.optimizer;
  if (opt instanceof Optimizer || (opt && typeof opt._spec === 'function')) opt = opt._spec();
  else if (opt !== null && typeof opt === 'object') options('compile: optimizer', opt, OPTIMIZER_KEYS, 'setting');
  spec.optimizer = opt;
  if (cfg.loss !== undefined && typeof cfg.loss !== 'string') {
    throw new Error(`compile: loss must be a name such as 'meanSquaredError', got ${describe(cfg.loss)}`);
  }
  let metrics = cfg.metrics;
  if (typeof metrics === 'string') metrics = [metrics];
  spec.metrics = metrics;
  return spec;
}

/** fit's yieldEvery: 'auto' (default), 'batch', 'epoch', 'never' or a number of milliseconds. */
function sliceMode(y, autoMs) {
  if (y === undefined || y === 'auto') return ['auto', autoMs];
  if (y === 'batch' || y === 'epoch' || y === 'never') return [y, 0];
  if (typeof y === 'number' && y > 0 && Number.isFinite(y)) return ['auto', y];
  throw new Error(`fit: yieldEvery must be 'auto', 'batch', 'epoch', 'never' or a number of milliseconds, got ${describe(y)}`);
}

function fitSpec(x, y, opts) {
  const o = options('fit', opts, FIT_KEYS);
  if (o.verbose !== undefined && ![0, 1, 2].includes(o.verbose)) throw new Error(`fit: verbose must be 0, 1 or 2 (gotrain never prints), got ${describe(o.verbose)}`);
  const spec = {
    epochs: o.epochs,
    batchSize: o.batchSize,
    shuffle: o.shuffle,
    validationSplit: o.validationSplit,
  };
  if (o.validationData !== undefined) {
    if (!Array.isArray(o.validationData) || o.validationData.length !== 2) {
      throw new Error('fit: validationData must be [x, y]');
    }
    spec.validationData = [
      toMatrix('fit', 'validationData x', o.validationData[0]),
      toMatrix('fit', 'validationData y', o.validationData[1], { vector: true }),
    ];
  }
  if (o.earlyStopping !== undefined) spec.earlyStopping = { ...options('fit: earlyStopping', o.earlyStopping, ES_KEYS, 'setting') };
  return {
    x: toMatrix('fit', 'x', x),
    y: toMatrix('fit', 'y', y, { vector: true }),
    spec,
    callbacks: callbackList(o.callbacks),
    yieldEvery: o.yieldEvery,
  };
}

function printSummary(s, args) {
  const printFn = [...args].reverse().find((a) => typeof a === 'function');
  if (printFn) for (const line of s.split('\n')) printFn(line);
  return s;
}

// ---------------------------------------------------------------------------
// TF.js Layers format: artifacts in and out, and where they are kept.
//
// The Go side converts (core's ToTfjs / FromTfjs); this part moves the
// artifacts: localStorage and IndexedDB with exactly the keys and stores
// TF.js 4.22 uses (so tf.loadLayersModel('localstorage://name') loads a
// model gotrain saved, and the reverse), downloads:// as TF.js'
// browserDownloads (name.json + name.weights.bin), URLs (model.json and its
// weight files, relative to it), files from a file picker, TF.js IOHandlers
// (objects with save or load, such as tf.io.withSaveHandler and
// tf.io.fromMemory), and in Node file://DIR as tfjs-node writes it
// (DIR/model.json + DIR/weights.bin).

const TFJS_LS_PREFIX = 'tensorflowjs_models';
const TFJS_IDB_NAME = 'tensorflowjs';
const TFJS_IDB_VERSION = 1;
const TFJS_MODEL_STORE = 'models_store';
const TFJS_INFO_STORE = 'model_info_store';
const TFJS_SCHEMES = ['localstorage://', 'indexeddb://', 'downloads://'];
const LOAD_KEYS = ['requestInit', 'fetchFunc', 'weightPathPrefix'];

const isArrayBuffer = (v) =>
  v instanceof ArrayBuffer || ['[object ArrayBuffer]', '[object SharedArrayBuffer]'].includes(Object.prototype.toString.call(v));
const isBlobLike = (v) => v !== null && typeof v === 'object' && typeof v.arrayBuffer === 'function' && typeof v.text === 'function';
const utf8Length = (s) => new TextEncoder().encode(s).length;

/** The artifacts object of the Go side's toTfjs result (JSON strings parsed). */
function tfjsArtifactsOf(r) {
  const a = {
    modelTopology: JSON.parse(r.modelTopology),
    format: r.format,
    generatedBy: `${r.generatedBy} v${VERSION}`,
    convertedBy: null,
    weightSpecs: r.weightSpecs,
    weightData: r.weightData,
  };
  if (r.trainingConfig !== null && r.trainingConfig !== undefined) a.trainingConfig = JSON.parse(r.trainingConfig);
  return a;
}

/** TF.js' ModelArtifactsInfo (getModelArtifactsInfoForJSON), what save resolves to. */
function artifactsInfo(a) {
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: a.modelTopology == null ? 0 : utf8Length(JSON.stringify(a.modelTopology)),
    weightSpecsBytes: a.weightSpecs == null ? 0 : utf8Length(JSON.stringify(a.weightSpecs)),
    weightDataBytes: a.weightData == null ? 0 : a.weightData.byteLength,
  };
}

/** model.json as TF.js writes it (getModelJSONForModelArtifacts), one weights file. */
function tfjsModelJSON(a, weightsPath) {
  const j = {
    modelTopology: a.modelTopology,
    format: a.format,
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: a.weightSpecs }],
  };
  if (a.trainingConfig != null) j.trainingConfig = a.trainingConfig;
  return j;
}

/** The weight data as one Uint8Array: ArrayBuffer, typed array or ArrayBuffer[] (TF.js 4's WeightData). */
function weightBytes(call, v) {
  if (v === undefined || v === null) return new Uint8Array(0);
  if (isArrayBuffer(v)) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v) && v.every((b) => isArrayBuffer(b) || ArrayBuffer.isView(b))) return concatBytes(v.map((b) => weightBytes(call, b)));
  throw new Error(`${call}: weightData must be an ArrayBuffer (or a typed array, or an array of ArrayBuffers), got ${describe(v)}`);
}

function concatBytes(parts) {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}

function bytesToBase64(u8) {
  if (typeof Buffer === 'function' && isNode) return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength).toString('base64');
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
  return btoa(s);
}

function base64ToBytes(call, s) {
  let bin;
  try {
    bin = atob(s);
  } catch {
    throw new Error(`${call}: the stored weight data is not valid base64`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * What the Go side reads: a model.json-like document (topology, the weight
 * specs as one manifest group, trainingConfig) as a string, and the weights.
 */
function tfjsInput(call, a) {
  if (a.format === 'graph-model') {
    throw new Error(`${call}: this is a TF.js graph model (format 'graph-model'); gotrain loads Layers models (what tf.loadLayersModel reads)`);
  }
  let topo = a.modelTopology;
  if (typeof topo === 'string') {
    try {
      topo = JSON.parse(topo);
    } catch {
      throw new Error(`${call}: modelTopology is not valid JSON`);
    }
  }
  if (isArrayBuffer(topo)) throw new Error(`${call}: binary model topologies (graph models) are not supported; gotrain loads Layers models`);
  if (topo === null || typeof topo !== 'object' || Array.isArray(topo)) {
    throw new Error(`${call}: the artifacts have no modelTopology object (got ${describe(topo)})`);
  }
  let specs = a.weightSpecs;
  if ((specs === undefined || specs === null) && Array.isArray(a.weightsManifest)) {
    specs = a.weightsManifest.flatMap((g) => (g && Array.isArray(g.weights) ? g.weights : []));
  }
  if (!Array.isArray(specs)) {
    throw new Error(`${call}: the artifacts have no weightSpecs (the list of weight arrays); got ${describe(specs)}`);
  }
  if ((a.weightData === undefined || a.weightData === null) && specs.length > 0) {
    throw new Error(`${call}: the artifacts list ${specs.length} weight arrays but have no weightData (for a model.json, give its URL or { json, weights } Files)`);
  }
  const data = weightBytes(call, a.weightData);
  let tc = a.trainingConfig;
  if (typeof tc === 'string') {
    try {
      tc = JSON.parse(tc);
    } catch {
      throw new Error(`${call}: trainingConfig is not valid JSON`);
    }
  }
  const doc = { modelTopology: topo, weightsManifest: [{ paths: [], weights: specs }] };
  if (tc !== undefined && tc !== null) doc.trainingConfig = tc;
  const json = JSON.stringify(doc);
  if (json.length > MAX_MODEL_JSON) throw new Error(`${call}: the model JSON is larger than ${MAX_MODEL_JSON} bytes`);
  return [json, data];
}

// --- localStorage (TF.js' BrowserLocalStorage) ------------------------------

function lsKeys(path) {
  const k = (suffix) => [TFJS_LS_PREFIX, path, suffix].join('/');
  return { info: k('info'), topology: k('model_topology'), weightSpecs: k('weight_specs'), weightData: k('weight_data'), modelMetadata: k('model_metadata') };
}

function localStorageOf(call) {
  let ls;
  try {
    ls = globalThis.localStorage;
  } catch (e) {
    throw new Error(`${call}: localStorage is not accessible here (${e?.message ?? e})`);
  }
  if (!ls || typeof ls.setItem !== 'function') {
    throw new Error(`${call}: localStorage:// needs window.localStorage, which this environment does not have (browser pages have it; workers and Node do not)`);
  }
  return ls;
}

function lsSave(call, path, a) {
  const ls = localStorageOf(call);
  const keys = lsKeys(path);
  const info = artifactsInfo(a);
  try {
    ls.setItem(keys.info, JSON.stringify(info));
    ls.setItem(keys.topology, JSON.stringify(a.modelTopology));
    ls.setItem(keys.weightSpecs, JSON.stringify(a.weightSpecs));
    ls.setItem(keys.weightData, bytesToBase64(weightBytes(call, a.weightData)));
    const meta = { format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy ?? null };
    if (a.trainingConfig != null) meta.trainingConfig = a.trainingConfig;
    ls.setItem(keys.modelMetadata, JSON.stringify(meta));
  } catch (e) {
    for (const k of Object.values(keys)) ls.removeItem(k);
    throw new Error(
      `${call}: could not save model '${path}' to localStorage (${e?.name ?? 'error'}: the quota, about 5 MB, may be exceeded): ` +
        `modelTopologyBytes=${info.modelTopologyBytes}, weightSpecsBytes=${info.weightSpecsBytes}, weightDataBytes=${info.weightDataBytes}`,
    );
  }
  return { modelArtifactsInfo: info };
}

function lsLoad(call, path) {
  const ls = localStorageOf(call);
  const keys = lsKeys(path);
  const parse = (key, what) => {
    const s = ls.getItem(key);
    if (s === null) throw new Error(`${call}: in localStorage, the ${what} of model '${path}' is missing (key ${key})`);
    try {
      return JSON.parse(s);
    } catch {
      throw new Error(`${call}: in localStorage, the ${what} of model '${path}' is not valid JSON (key ${key})`);
    }
  };
  if (ls.getItem(keys.info) === null) throw new Error(`${call}: there is no model '${path}' in localStorage (no key ${keys.info})`);
  const info = parse(keys.info, 'info');
  if (info?.modelTopologyType !== 'JSON') throw new Error(`${call}: model '${path}' in localStorage has a non-JSON topology, which is not supported`);
  const a = { modelTopology: parse(keys.topology, 'topology'), weightSpecs: parse(keys.weightSpecs, 'weight specs') };
  if (ls.getItem(keys.modelMetadata) !== null) {
    const meta = parse(keys.modelMetadata, 'metadata');
    if (meta && typeof meta === 'object') {
      a.format = meta.format;
      a.generatedBy = meta.generatedBy;
      a.convertedBy = meta.convertedBy;
      if (meta.trainingConfig != null) a.trainingConfig = meta.trainingConfig;
    }
  }
  const b64 = ls.getItem(keys.weightData);
  if (b64 === null) throw new Error(`${call}: in localStorage, the weight data of model '${path}' is missing (key ${keys.weightData})`);
  a.weightData = base64ToBytes(call, b64);
  return a;
}

// --- IndexedDB (TF.js' BrowserIndexedDB) ------------------------------------

function idbOpen(call) {
  const factory = globalThis.indexedDB;
  if (!factory || typeof factory.open !== 'function') {
    throw new Error(`${call}: indexeddb:// needs IndexedDB, which this environment does not have (browser pages and workers have it; Node does not)`);
  }
  return new Promise((resolve, reject) => {
    const req = factory.open(TFJS_IDB_NAME, TFJS_IDB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore(TFJS_MODEL_STORE, { keyPath: 'modelPath' });
      db.createObjectStore(TFJS_INFO_STORE, { keyPath: 'modelPath' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`${call}: cannot open the IndexedDB database '${TFJS_IDB_NAME}': ${req.error?.message ?? 'error'}`));
    req.onblocked = () => reject(new Error(`${call}: the IndexedDB database '${TFJS_IDB_NAME}' is blocked by another connection`));
  });
}

/** Runs f(tx) in one transaction over stores; resolves to what f's last request returned. */
async function idbTransaction(call, stores, mode, f) {
  const db = await idbOpen(call);
  try {
    return await new Promise((resolve, reject) => {
      let tx;
      let result;
      try {
        tx = db.transaction(stores, mode);
        const req = f(tx);
        req.onsuccess = () => {
          result = req.result;
        };
      } catch (e) {
        try {
          tx?.abort();
        } catch {
          /* already finished */
        }
        reject(new Error(`${call}: IndexedDB: ${e?.message ?? e}`));
        return;
      }
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(new Error(`${call}: IndexedDB: ${tx.error?.message ?? 'the transaction failed'}`));
      tx.onabort = () => reject(new Error(`${call}: IndexedDB: ${tx.error?.message ?? 'the transaction was aborted'}`));
    });
  } finally {
    db.close();
  }
}

async function idbSave(call, path, a) {
  const modelArtifacts = { ...a, weightData: weightBytes(call, a.weightData).slice().buffer };
  const info = artifactsInfo(modelArtifacts);
  await idbTransaction(call, [TFJS_INFO_STORE, TFJS_MODEL_STORE], 'readwrite', (tx) => {
    tx.objectStore(TFJS_INFO_STORE).put({ modelPath: path, modelArtifactsInfo: info });
    return tx.objectStore(TFJS_MODEL_STORE).put({ modelPath: path, modelArtifacts, modelArtifactsInfo: info });
  });
  return { modelArtifactsInfo: info };
}

async function idbLoad(call, path) {
  const rec = await idbTransaction(call, [TFJS_MODEL_STORE], 'readonly', (tx) => tx.objectStore(TFJS_MODEL_STORE).get(path));
  if (rec === undefined || rec === null || rec.modelArtifacts == null) {
    throw new Error(`${call}: there is no model '${path}' in IndexedDB (database '${TFJS_IDB_NAME}', store '${TFJS_MODEL_STORE}')`);
  }
  return rec.modelArtifacts;
}

// --- downloads:// (TF.js' BrowserDownloads) and file:// (Node) --------------

async function downloadsSave(call, prefix, a) {
  if (typeof document === 'undefined' || typeof document.createElement !== 'function' || typeof URL.createObjectURL !== 'function') {
    throw new Error(
      `${call}: downloads:// works only in a browser page (it needs document); ` +
        (isNode ? 'in Node, save to file://DIR or write the files of model.toTfjsArtifacts() yourself' : 'in a worker, save from the page instead'),
    );
  }
  const name = prefix || 'model';
  const jsonName = `${name}.json`;
  const weightsName = `${name}.weights.bin`;
  const data = weightBytes(call, a.weightData);
  const jsonURL = URL.createObjectURL(new Blob([JSON.stringify(tfjsModelJSON(a, `./${weightsName}`))], { type: 'application/json' }));
  const weightsURL = URL.createObjectURL(new Blob([data], { type: 'application/octet-stream' }));
  // One click per task: when several downloads start synchronously, some
  // browsers keep only the last (TF.js defers each click the same way).
  const click = (href, download) =>
    new Promise((resolve) =>
      setTimeout(() => {
        const anchor = document.createElement('a');
        anchor.download = download;
        anchor.href = href;
        anchor.dispatchEvent(new MouseEvent('click'));
        resolve();
      }, 0),
    );
  try {
    await click(jsonURL, jsonName);
    await click(weightsURL, weightsName);
  } finally {
    // The download has read the Blob long before; free it eventually.
    setTimeout(() => {
      URL.revokeObjectURL(jsonURL);
      URL.revokeObjectURL(weightsURL);
    }, 60_000);
  }
  return { modelArtifactsInfo: artifactsInfo(a) };
}

async function fileSave(call, url, a) {
  if (!isNode) throw new Error(`${call}: file:// works only in Node; in a browser use downloads://, localstorage:// or indexeddb://`);
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  let dir;
  try {
    dir = fileURLToPath(url);
  } catch (e) {
    throw new Error(`${call}: ${url}: ${e?.message ?? e}`);
  }
  const path = await import('node:path');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'weights.bin'), weightBytes(call, a.weightData));
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(tfjsModelJSON(a, './weights.bin')));
  return { modelArtifactsInfo: artifactsInfo(a) };
}

/**
 * Checks save's destination at once and returns the function that writes
 * artifacts there: a URL string with a known scheme, or a TF.js IOHandler
 * (an object with save(artifacts), such as tf.io.withSaveHandler(f)).
 */
function saveTarget(call, dest) {
  if (dest !== null && typeof dest === 'object' && typeof dest.save === 'function') return (a) => dest.save(a);
  if (typeof dest !== 'string') {
    throw new Error(`${call}: expected a URL such as 'localstorage://name', 'indexeddb://name' or 'downloads://name', or an IOHandler with save(), got ${describe(dest)}`);
  }
  const scheme = TFJS_SCHEMES.find((s) => dest.startsWith(s));
  if (!scheme && isNode && dest.startsWith('file://')) return (a) => fileSave(call, dest, a);
  if (!scheme) {
    throw new Error(`${call}: unsupported destination '${dest}' (known: localstorage://name, indexeddb://name, downloads://name${isNode ? ', file://DIR' : ''})`);
  }
  const path = dest.slice(scheme.length);
  if (scheme === 'downloads://') return (a) => downloadsSave(call, path, a);
  if (!path) throw new Error(`${call}: '${dest}' has no model name`);
  if (scheme === 'localstorage://') return async (a) => lsSave(call, path, a);
  return (a) => idbSave(call, path, a);
}

function saveOptions(call, opts) {
  const o = options(call, opts, ['includeOptimizer', 'trainableOnly']);
  if (o.includeOptimizer) throw new Error(`${call}: includeOptimizer is not supported: gotrain saves the model and its trainingConfig, not the optimizer's state`);
}

// --- loading ---------------------------------------------------------------

/** Resolves a URL string like fetch would, relative to the page (or, in Node, the working directory). */
function modelURL(call, s) {
  let base;
  if (typeof location === 'object' && location?.href) base = location.href;
  else if (isNode) base = `file://${process.cwd().replace(/\\/g, '/')}/`;
  try {
    return new URL(s, base);
  } catch {
    throw new Error(`${call}: '${s}' is not a URL (nor localstorage://, indexeddb://)`);
  }
}

async function fetchBytes(call, url, o, what) {
  if (isNode && url.protocol === 'file:' && !o.fetchFunc) {
    const { readFile } = await import('node:fs/promises');
    try {
      return new Uint8Array(await readFile(url));
    } catch (e) {
      throw new Error(`${call}: cannot read ${what} ${url.href}: ${e?.code ?? e?.message ?? e}`);
    }
  }
  const f = o.fetchFunc ?? globalThis.fetch;
  if (typeof f !== 'function') throw new Error(`${call}: fetch is not available here`);
  let resp;
  try {
    resp = await f(url.href, o.requestInit);
  } catch (e) {
    throw new Error(`${call}: fetching ${what} ${url.href} failed: ${e?.message ?? e}`);
  }
  if (!resp.ok) throw new Error(`${call}: fetching ${what} ${url.href} failed: ${resp.status} ${resp.statusText ?? ''}`.trimEnd());
  return new Uint8Array(await resp.arrayBuffer());
}

/** The artifacts of a model.json document, its weight files read by readWeights(path) in manifest order. */
async function artifactsFromModelJSON(call, text, where, readWeights) {
  let j;
  try {
    j = JSON.parse(text);
  } catch {
    throw new Error(`${call}: ${where} is not valid JSON`);
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new Error(`${call}: ${where} is not a model.json object`);
  if (j.modelTopology == null) throw new Error(`${call}: ${where} has no modelTopology (is it a TF.js model.json?)`);
  if (!Array.isArray(j.weightsManifest)) throw new Error(`${call}: ${where} has no weightsManifest`);
  const specs = [];
  const paths = [];
  for (const g of j.weightsManifest) {
    if (g === null || typeof g !== 'object' || !Array.isArray(g.paths) || !Array.isArray(g.weights)) {
      throw new Error(`${call}: ${where}: every weightsManifest entry must be { paths: [...], weights: [...] }`);
    }
    specs.push(...g.weights);
    for (const p of g.paths) {
      if (typeof p !== 'string') throw new Error(`${call}: ${where}: weight paths must be strings, got ${describe(p)}`);
      paths.push(p);
    }
  }
  const parts = await Promise.all(paths.map((p) => readWeights(p)));
  return {
    modelTopology: j.modelTopology,
    format: j.format,
    generatedBy: j.generatedBy,
    convertedBy: j.convertedBy,
    weightSpecs: specs,
    weightData: concatBytes(parts.length ? parts : [new Uint8Array(0)]),
    trainingConfig: j.trainingConfig,
  };
}

async function urlArtifacts(call, s, o) {
  const url = modelURL(call, s);
  const json = new TextDecoder().decode(await fetchBytes(call, url, o, 'model.json'));
  // Weight paths are relative to model.json (or to weightPathPrefix).
  const base = o.weightPathPrefix !== undefined ? modelURL(call, String(o.weightPathPrefix)) : url;
  return artifactsFromModelJSON(call, json, url.href, (p) => fetchBytes(call, new URL(p, base), o, 'weights'));
}

/** { json: File, weights: File | File[] }, or a list (FileList) of a .json file and its weight files. */
async function fileArtifacts(call, jsonFile, weightFiles) {
  if (!isBlobLike(jsonFile)) throw new Error(`${call}: expected the model.json File, got ${describe(jsonFile)}`);
  for (const f of weightFiles) if (!isBlobLike(f)) throw new Error(`${call}: weight files must be Files, got ${describe(f)}`);
  const where = jsonFile.name ?? 'the model.json file';
  const text = await jsonFile.text();
  let count = 0;
  try {
    count = JSON.parse(text)?.weightsManifest?.reduce((n, g) => n + (g?.paths?.length ?? 0), 0) ?? 0;
  } catch {
    /* reported by artifactsFromModelJSON */
  }
  return artifactsFromModelJSON(call, text, where, async (p) => {
    const base = p.split('/').pop();
    // Matched by name, as tf.io.browserFiles does; a single weights file is
    // taken whatever its name (browsers rename repeated downloads).
    let f = weightFiles.find((w) => w.name === base);
    if (!f && count === 1 && weightFiles.length === 1) f = weightFiles[0];
    if (!f) {
      throw new Error(`${call}: ${where} needs the weights file '${base}'; choose it together with the .json file` +
        (weightFiles.length ? ` (got ${weightFiles.map((w) => `'${w.name}'`).join(', ')})` : ''));
    }
    return new Uint8Array(await f.arrayBuffer());
  });
}

function isFileList(v) {
  return (
    v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.length === 'number' && typeof v.item === 'function'
  );
}

/**
 * Reads what loadLayersModel was given into artifacts { modelTopology,
 * weightSpecs, weightData, trainingConfig? }: a URL (localstorage://,
 * indexeddb://, http(s), relative, file:// in Node), an IOHandler with
 * load(), artifacts, { json, weights } Files, or a list of Files.
 */
async function readArtifacts(call, src, opts) {
  const o = options(call, opts, LOAD_KEYS);
  if (o.fetchFunc !== undefined && typeof o.fetchFunc !== 'function') throw new Error(`${call}: fetchFunc must be a function`);
  if (typeof src === 'string') {
    if (src.startsWith('localstorage://')) return lsLoad(call, src.slice('localstorage://'.length));
    if (src.startsWith('indexeddb://')) return idbLoad(call, src.slice('indexeddb://'.length));
    if (src.startsWith('downloads://')) throw new Error(`${call}: downloads:// is for saving; load the files with { json, weights } (from a file picker) or a URL`);
    return urlArtifacts(call, src, o);
  }
  if (src instanceof URL) return urlArtifacts(call, src.href, o);
  if (src !== null && typeof src === 'object') {
    if (typeof src.load === 'function') {
      const a = await src.load();
      if (a === null || typeof a !== 'object') throw new Error(`${call}: the IOHandler's load() returned ${describe(a)}, not artifacts`);
      return a;
    }
    if (src.modelTopology !== undefined) return src;
    if (src.json !== undefined) {
      const w = src.weights === undefined || src.weights === null ? [] : isBlobLike(src.weights) ? [src.weights] : Array.from(src.weights);
      return fileArtifacts(call, src.json, w);
    }
    if (Array.isArray(src) || isFileList(src)) {
      const files = Array.from(src);
      if (!files.length) throw new Error(`${call}: no files given`);
      const json = files.find((f) => typeof f?.name === 'string' && f.name.toLowerCase().endsWith('.json')) ?? files[0];
      return fileArtifacts(call, json, files.filter((f) => f !== json));
    }
  }
  throw new Error(
    `${call}: expected a URL ('localstorage://name', 'indexeddb://name', 'path/model.json'), artifacts { modelTopology, weightSpecs, weightData }, ` +
      `{ json, weights } Files or an IOHandler, got ${describe(src)}`,
  );
}

// ---------------------------------------------------------------------------
// Main-thread runtime: one Go instance.

class Runtime {
  constructor(raw, instance) {
    this.raw = raw;
    this.instance = instance;
    this.exited = false;
    this.registry =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry((h) => {
            if (!this.exited) this.raw.dispose(h);
          })
        : null;
  }

  /** Calls Go function fn; a returned Error is thrown (with this stack). */
  call(fn, ...args) {
    if (this.exited) throw new Error(`${publicName(fn)}: the gotrain module has stopped; load it again`);
    let r;
    try {
      r = this.raw[fn](...args);
    } catch (e) {
      if (this.exited || /exited/.test(e?.message)) {
        this.exited = true;
        throw new Error(`${publicName(fn)}: the gotrain module has stopped; load it again`);
      }
      throw new Error(`${publicName(fn)}: ${e?.message ?? e}`);
    }
    if (r instanceof Error) throw new Error(r.message);
    return r;
  }
}

// Go's exports carry the public API's names; fit's phases are fitStart, fitRun and fitAbort.
function publicName(fn) {
  return fn.startsWith('fit') ? 'fit' : fn;
}

/** A model in main-thread mode: every method is synchronous except fit. */
export class Model {
  constructor(rt, handle) {
    this._rt = rt;
    this._h = handle;
    this._disposed = false;
    this._fitting = false;
    rt.registry?.register(this, handle, this);
  }

  _call(call, fn, ...args) {
    if (this._disposed) throw new Error(`${call}: the model has been disposed`);
    return this._rt.call(fn, this._h, ...args);
  }

  /** Appends a layer (gt.layers.dense(...) etc.). */
  add(layer) {
    if (this._disposed) throw new Error('add: the model has been disposed');
    if (!(layer instanceof Layer) && !(layer && typeof layer === 'object' && typeof layer.kind === 'string' && typeof layer._spec === 'function')) {
      throw new Error(`add: expected a layer such as gt.layers.dense({ units: 1 }), got ${describe(layer)}`);
    }
    if (layer._model) throw new Error('add: this layer is already in a model; create a new one');
    const index = this._call('add', 'add', layer._spec(), layer._pendingAdapt ?? undefined);
    layer._model = this;
    layer._index = index;
    layer._pendingAdapt = null;
  }

  /** compile({ optimizer, loss, metrics }): strings or gt.train.* optimizers. */
  compile(cfg) {
    if (this._disposed) throw new Error('compile: the model has been disposed');
    this._call('compile', 'compile', compileSpec(cfg));
  }

  /** The Keras-style summary table (returned; also passed line by line to a printFn argument). */
  summary(...args) {
    return printSummary(this._call('summary', 'summary'), args);
  }

  countParams() {
    return this._call('countParams', 'countParams');
  }

  /** { seed, built, inputDim, outputDim, layers, compiled, loss, optimizer, metrics }. */
  getConfig() {
    return this._call('getConfig', 'getConfig');
  }

  /** Descriptions of the layers: { name, kind, units, activation, inputDim, outputDim, rate, useBias, ... }. */
  get layers() {
    return this.getConfig().layers;
  }

  _layerInfo(i) {
    return this._disposed ? null : this.layers[i];
  }

  _adapt(index, m) {
    this._call('adapt', 'adapt', index, m);
  }

  get stopTraining() {
    return this._call('stopTraining', 'stopTraining');
  }

  set stopTraining(v) {
    this._call('stopTraining', 'stopTraining', !!v);
  }

  /**
   * Trains; resolves to a History { epoch, history, params }. Runs in
   * slices of about 10 ms, yielding to the event loop in between.
   */
  async fit(x, y, opts) {
    // The first fit waits for load's background warm-up (see warm), so that
    // no slice of it pays for compiling the training path; the warm-up's
    // second part (heat) stops at its next epoch for it.
    if (this._rt.warming && !this._warmUp) {
      this._rt.heatStop = true;
      await this._rt.warming;
    }
    if (this._disposed) throw new Error('fit: the model has been disposed');
    if (this._fitting) throw new Error('fit: the model is already training');
    const f = fitSpec(x, y, opts);
    const [mode, budget] = sliceMode(f.yieldEvery, 10);
    const state = { error: null, pending: [] };
    const goCallbacks = f.callbacks.map((c) => (c instanceof EarlyStopping ? { earlyStopping: c.config } : wrapCallbacks(c, state)));
    this._call('fit', 'fitStart', f.x, f.y, f.spec, goCallbacks);
    this._fitting = true;
    try {
      for (;;) {
        if (this._disposed) throw new Error('fit: the model was disposed during training');
        const r = this._rt.call('fitRun', this._h, budget, mode);
        if (state.pending.length) {
          const p = state.pending;
          state.pending = [];
          await Promise.all(p);
        }
        if (state.error) {
          if (!r.done && !this._disposed) this._rt.call('fitAbort', this._h);
          throw state.error;
        }
        if (r.done) return r.history;
        await yieldToEventLoop();
      }
    } finally {
      this._fitting = false;
    }
  }

  /** One optimizer step on (x, y); returns the loss before the step. */
  trainOnBatch(x, y) {
    if (this._disposed) throw new Error('trainOnBatch: the model has been disposed');
    return this._call('trainOnBatch', 'trainOnBatch', toMatrix('trainOnBatch', 'x', x), toMatrix('trainOnBatch', 'y', y, { vector: true }));
  }

  /** The outputs for x as a Matrix. ({ batchSize } is accepted and ignored.) */
  predict(x, opts) {
    if (this._disposed) throw new Error('predict: the model has been disposed');
    options('predict', opts, ['batchSize', 'verbose']);
    return revive(this._call('predict', 'predict', toMatrix('predict', 'x', x)));
  }

  /** { loss, <metric>... } on (x, y), in inference mode. */
  evaluate(x, y, opts) {
    if (this._disposed) throw new Error('evaluate: the model has been disposed');
    options('evaluate', opts, ['batchSize', 'verbose']);
    return this._call('evaluate', 'evaluate', toMatrix('evaluate', 'x', x), toMatrix('evaluate', 'y', y, { vector: true }));
  }

  /**
   * Everything a page redraws after an epoch, in one call and one pass over
   * (x, y): { logs: { loss, <metric>... }, predictions: Matrix, numClasses,
   * and for classifiers classes, truth (Int32Array), confusion (number[][])
   * and classReport (as gt.metrics.classReport) }. numClasses: 0 for none;
   * by default from the loss (cross-entropy) and the output width.
   */
  evaluateReport(x, y, opts) {
    if (this._disposed) throw new Error('evaluateReport: the model has been disposed');
    const o = options('evaluateReport', opts, ['numClasses']);
    return reviveReport(this._call('evaluateReport', 'evaluateReport', toMatrix('evaluateReport', 'x', x), toMatrix('evaluateReport', 'y', y, { vector: true }), o.numClasses));
  }

  /** [{ name, shape, data: Float64Array }], per layer kernel then bias. */
  getWeights() {
    return this._call('getWeights', 'getWeights');
  }

  /** Replaces every weight array; the list as getWeights returns it. */
  setWeights(list) {
    if (this._disposed) throw new Error('setWeights: the model has been disposed');
    this._call('setWeights', 'setWeights', weightList(list));
  }

  /** One forward and backward pass on one example, without any update. */
  trace(xRow, yRow) {
    if (this._disposed) throw new Error('trace: the model has been disposed');
    return revive(this._call('trace', 'trace', toVector('trace', 'x', xRow), toVector('trace', 'y', yRow)));
  }

  /** Every layer's output for x: one Matrix per layer. */
  layerOutputs(x) {
    if (this._disposed) throw new Error('layerOutputs: the model has been disposed');
    return revive(this._call('layerOutputs', 'layerOutputs', toMatrix('layerOutputs', 'x', x)));
  }

  /** The model in gotrain's own versioned JSON format, as a string (gt.modelFromJSON reads it back). */
  toJSON() {
    return this._call('toJSON', 'toJSON');
  }

  _toTfjsRaw(call) {
    if (this._disposed) throw new Error(`${call}: the model has been disposed`);
    return this._rt.call('toTfjsArtifacts', this._h, call);
  }

  /**
   * The model in TF.js Layers format: { modelTopology, format, generatedBy,
   * convertedBy, weightSpecs, weightData: ArrayBuffer, trainingConfig? }, what
   * TF.js' model.save hands to an IOHandler (tf.io.fromMemory loads it).
   * Normalization layers are folded into the next Dense layer, leakyRelu
   * becomes a LeakyReLU layer.
   */
  toTfjsArtifacts() {
    return tfjsArtifactsOf(this._toTfjsRaw('toTfjsArtifacts'));
  }

  /**
   * Saves in TF.js Layers format to 'localstorage://name', 'indexeddb://name',
   * 'downloads://name' (name.json + name.weights.bin), 'file://DIR' (Node) or
   * an IOHandler; resolves to { modelArtifactsInfo } as TF.js' save does.
   */
  async save(dest, opts) {
    saveOptions('save', opts);
    const target = saveTarget('save', dest);
    return target(tfjsArtifactsOf(this._toTfjsRaw('save')));
  }

  /** Frees the model; using it afterwards throws. A fit in progress rejects. */
  dispose() {
    if (this._disposed) return;
    this._disposed = true;
    this._rt.registry?.unregister(this);
    this._rt.call('dispose', this._h);
  }

  get isDisposed() {
    return this._disposed;
  }
}

function reviveReport(r) {
  r.predictions = revive(r.predictions);
  return r;
}

function weightList(list) {
  if (!Array.isArray(list)) throw new Error(`setWeights: expected an array like getWeights() returns, got ${describe(list)}`);
  return list.map((w, i) => {
    if (Array.isArray(w) || (ArrayBuffer.isView(w) && !(w instanceof DataView))) return { data: toVector('setWeights', `weights[${i}]`, w) };
    if (w === null || typeof w !== 'object' || w.data === undefined) {
      throw new Error(`setWeights: weights[${i}] must be { name, shape, data }, got ${describe(w)}`);
    }
    const data = Array.isArray(w.data) ? toVector('setWeights', `weights[${i}].data`, w.data) : ArrayBuffer.isView(w.data) ? toFloat64(w.data) : null;
    if (!data) throw new Error(`setWeights: weights[${i}].data must be a Float64Array or number[]`);
    return { name: w.name, shape: w.shape, data };
  });
}

/**
 * Wraps a user's callbacks object for Go: exceptions stop training and are
 * rethrown by fit; a returned promise is awaited before the next slice.
 */
function wrapCallbacks(obj, state) {
  const out = {};
  for (const name of CALLBACK_NAMES) {
    const f = obj[name];
    if (typeof f !== 'function') continue;
    const two = name !== 'onTrainBegin' && name !== 'onTrainEnd';
    out[name] = (a, b) => {
      if (state.error) return 2;
      try {
        const r = two ? f.call(obj, a, b) : f.call(obj, a);
        if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
          state.pending.push(
            Promise.resolve(r).catch((e) => {
              state.error ??= e ?? new Error('fit: a callback promise rejected');
            }),
          );
          return 1;
        }
        return 0;
      } catch (e) {
        state.error = e ?? new Error(`fit: callback ${name} threw`);
        return 2;
      }
    };
  }
  return out;
}

// ---------------------------------------------------------------------------
// The API object of main-thread mode.

function makeAPI(rt) {
  const checkLayer = (spec) => rt.call('checkLayer', spec);
  const checkOptimizer = (spec) => rt.call('checkOptimizer', spec);
  const modelOf = (h) => new Model(rt, h);

  const gt = {
    version: VERSION,
    backend: rt.backend,
    worker: false,
    Matrix,
    tensor2d,
    sequential(cfg) {
      const o = options('sequential', cfg, ['seed', 'layers']);
      if (o.layers !== undefined && !Array.isArray(o.layers)) throw new Error(`sequential: layers must be an array, got ${describe(o.layers)}`);
      const seed = o.seed ?? randomSeed();
      const model = modelOf(rt.call('sequential', seed));
      try {
        if (o.layers !== undefined) {
          if (!Array.isArray(o.layers)) throw new Error(`sequential: layers must be an array, got ${describe(o.layers)}`);
          for (const l of o.layers) model.add(l);
        }
      } catch (e) {
        for (const l of o.layers) if (l?._model === model) l._model = null;
        model.dispose();
        throw e;
      }
      return model;
    },
    modelFromJSON(json) {
      return modelOf(rt.call('modelFromJSON', jsonText(json)));
    },
    /**
     * Loads a TF.js Layers model: 'localstorage://name', 'indexeddb://name',
     * a model.json URL (its weight files fetched relative to it), artifacts,
     * { json: File, weights: File[] } or a FileList, or an IOHandler.
     */
    async loadLayersModel(src, opts) {
      const a = await readArtifacts('loadLayersModel', src, opts);
      const [json, data] = tfjsInput('loadLayersModel', a);
      return modelOf(rt.call('loadLayersModel', json, data));
    },
    layers: {
      dense: (cfg) => makeLayer('dense', cfg, checkLayer, false),
      dropout: (cfg) => makeLayer('dropout', cfg, checkLayer, false),
      normalization: (cfg) => makeLayer('normalization', cfg, checkLayer, false),
    },
    regularizers,
    train: makeTrain(checkOptimizer),
    callbacks: { earlyStopping: (cfg) => new EarlyStopping(cfg) },
    data: {
      parseCSV(text, opts) {
        options('parseCSV', opts, ['label']);
        return revive(rt.call('parseCSV', csvText(text), opts));
      },
      split(ds, opts) {
        options('split', opts, ['testFraction', 'seed', 'stratify']);
        return revive(rt.call('split', toDataset('split', ds), opts));
      },
      builtin(name, opts) {
        options('builtin', opts, ['n', 'noise', 'seed']);
        return revive(rt.call('builtin', name, opts));
      },
      oneHot(labels, numClasses) {
        const m = toMatrix('oneHot', 'labels', labels, { vector: true });
        return revive(rt.call('oneHot', m, numClasses));
      },
    },
    metrics: {
      confusionMatrix(yTrue, yPred, numClasses) {
        return rt.call('confusionMatrix', toLabels('confusionMatrix', 'yTrue', yTrue), toLabels('confusionMatrix', 'yPred', yPred), numClasses);
      },
      classReport(confusion) {
        return rt.call('classReport', confusion);
      },
      predictClasses(predictions) {
        return rt.call('predictClasses', toMatrix('predictClasses', 'predictions', predictions));
      },
    },
    /** Memory figures: { wasmBytes, heapAlloc, heapSys, sys, numGC, models }. gc: true runs Go's GC first. */
    memory({ gc = false } = {}) {
      const s = rt.call('memory', gc);
      s.wasmBytes = rt.instance.exports.mem.buffer.byteLength;
      return s;
    },
  };
  // For the worker end: artifacts already read and checked on the page's thread.
  Object.defineProperty(gt, '_loadTfjs', { value: (json, data) => modelOf(rt.call('loadLayersModel', json, data)) });
  return gt;
}

function randomSeed() {
  return Math.floor(Math.random() * 2 ** 32);
}

// ---------------------------------------------------------------------------
// Loading

let goLoaded = null;

/** Makes sure globalThis.Go (wasm_exec.js) is defined. */
function loadGo(url) {
  if (typeof globalThis.Go === 'function') return Promise.resolve();
  goLoaded ??= import(url.href).then(() => {
    if (typeof globalThis.Go !== 'function') throw new Error(`load: ${url.href} did not define Go (is it the Go toolchain's wasm_exec.js?)`);
  });
  return goLoaded;
}

function resolveURL(u, fallback) {
  if (u === undefined || u === null) return new URL(fallback, import.meta.url);
  if (u instanceof URL) return u;
  if (typeof u !== 'string') throw new Error(`load: wasmURL must be a string or URL, got ${describe(u)}`);
  let base;
  if (typeof location === 'object' && location?.href) base = location.href;
  else if (isNode) base = `file://${process.cwd().replace(/\\/g, '/')}/`;
  else base = import.meta.url;
  return new URL(u, base);
}

async function instantiate(url, importObject) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(url);
    return (await WebAssembly.instantiate(bytes, importObject)).instance;
  }
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`load: fetching ${url.href} failed: ${resp.status} ${resp.statusText}`);
  const type = (resp.headers.get('content-type') || '').split(';')[0].trim();
  if (typeof WebAssembly.instantiateStreaming === 'function' && type === 'application/wasm') {
    return (await WebAssembly.instantiateStreaming(resp, importObject)).instance;
  }
  // Served with the wrong MIME type: compile from the bytes instead.
  return (await WebAssembly.instantiate(await resp.arrayBuffer(), importObject)).instance;
}

// ---------------------------------------------------------------------------
// The matrix kernel: a small WebAssembly module (core/wasmkernel/*.wat) that
// works on the Go instance's own memory. Go calls it through the import
// object's gotrain_kernel functions; until (or unless) it is attached, the
// Go loops run instead — slower, same results.

// A module using f64x2: WebAssembly.validate says whether SIMD is there:
// (module (memory 0) (func (param i32) (result v128)
//   (f64x2.add (v128.load64_splat (local.get 0)) (v128.const i64x2 0 0))))
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 6, 1, 96, 1, 127, 1, 123, 3, 2, 1, 0, 5, 3, 1, 0, 0, 10, 31, 1, 29, 0,
  32, 0, 253, 10, 3, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 253, 240, 1, 11]);

function simdSupported() {
  try {
    return WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

async function compileAt(url) {
  if (isNode && url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`load: fetching ${url.href} failed: ${resp.status} ${resp.statusText}`);
  const type = (resp.headers.get('content-type') || '').split(';')[0].trim();
  if (typeof WebAssembly.compileStreaming === 'function' && type === 'application/wasm') return WebAssembly.compileStreaming(resp);
  return WebAssembly.compile(await resp.arrayBuffer());
}

const KERNEL_NAMES = ['go', 'simd', 'scalar'];

/**
 * The "gotrain_kernel" imports for Go's import object (core/kernels_wasm.go),
 * forwarding to the kernel module once attach has instantiated it on the Go
 * instance's memory; until then backend() answers 0 and Go uses its own
 * loops. Call attach after Go's instantiation and before go.run (Go reads
 * backend() once). The one copy: build/kernel-loader.mjs re-exports it for
 * the Go test runner.
 */
function kernelImports() {
  let k = null; // the kernel instance's exports, once attached
  return {
    // Fixed arity: no rest parameters or spread on this path.
    imports: {
      gemm_nn: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_nn(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      gemm_tn: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_tn(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      gemm_nt: (m, n, kk, a, lda, b, ldb, c, ldc, acc) => k.gemm_nt(m, n, kk, a, lda, b, ldb, c, ldc, acc),
      adam: (n, w, g, m, v, b1, b2, ob1, ob2, lrc, rc2, eps) => k.adam(n, w, g, m, v, b1, b2, ob1, ob2, lrc, rc2, eps),
      relu_bias: (n, cols, z, b, a) => k.relu_bias(n, cols, z, b, a),
      relu_bwd: (n, cols, z, da, dz, gb) => k.relu_bwd(n, cols, z, da, dz, gb),
      backend: () => (k === null ? 0 : k.backend()),
    },
    /** Instantiates module (a compiled kernel) on goInstance's memory; returns the kernel's name. */
    async attach(module, goInstance) {
      const mem = goInstance?.exports?.mem;
      if (!(mem instanceof WebAssembly.Memory)) throw new Error('kernel: the Go instance exports no memory "mem"');
      const e = (await WebAssembly.instantiate(module, { go: { mem } })).exports;
      for (const f of KERNEL_EXPORTS) {
        if (typeof e[f] !== 'function') throw new Error(`kernel: the module exports no ${f}`);
      }
      k = e;
      return this.name;
    },
    /** 'simd', 'scalar', or 'go' (nothing attached). */
    get name() {
      return KERNEL_NAMES[k === null ? 0 : k.backend()] ?? 'go';
    },
  };
}

/** What a kernel module must export: the imports above. */
const KERNEL_EXPORTS = ['gemm_nn', 'gemm_tn', 'gemm_nt', 'adam', 'relu_bias', 'relu_bwd', 'backend'];

/** For build/kernel-loader.mjs (the Go test runner); not API. */
export const _kernel = Object.freeze({ SIMD_PROBE, simdSupported, kernelImports });

function randomId() {
  const b = new Uint32Array(2);
  globalThis.crypto.getRandomValues(b);
  return b[0].toString(36) + b[1].toString(36);
}

async function loadDirect({ wasmURL, warmUp = true, kernel: kernelChoice = 'auto' }) {
  if (!['auto', 'simd', 'scalar', 'go'].includes(kernelChoice)) {
    throw new Error(`load: kernel must be 'auto', 'simd', 'scalar' or 'go', got ${describe(kernelChoice)}`);
  }
  const url = resolveURL(wasmURL, './gotrain.wasm');
  await loadGo(new URL('./wasm_exec.js', import.meta.url));
  const go = new globalThis.Go();
  const id = randomId();
  go.env = {};
  let rt = null;
  go.exit = () => {
    // The Go program never exits by itself; only a fatal runtime error
    // (such as running out of memory) ends it. Library code never prints.
    if (rt) rt.exited = true;
  };
  const kernel = kernelImports();
  go.importObject.gotrain_kernel = kernel.imports;
  let kernelModule = null;
  if (kernelChoice !== 'go') {
    const simd = kernelChoice === 'simd' || (kernelChoice === 'auto' && simdSupported());
    kernelModule = compileAt(new URL(simd ? 'gotrain-kernel.wasm' : 'gotrain-kernel-scalar.wasm', url)); // compiles while Go's module loads
    kernelModule.catch(() => {});
  }
  let instance;
  try {
    instance = await instantiate(url, go.importObject);
  } catch (e) {
    const msg = e?.message ?? String(e);
    throw new Error(msg.startsWith('load: ') ? msg : `load: ${url.href}: ${msg}`);
  }
  if (kernelModule) {
    try {
      await kernel.attach(await kernelModule, instance);
    } catch (e) {
      // An explicitly requested kernel must load; 'auto' falls back to Go's loops.
      if (kernelChoice !== 'auto') throw new Error(`load: the ${kernelChoice} kernel did not load: ${e?.message ?? e}`);
    }
  }
  const key = `__gotrain_${id}`;
  // The program reads its id from __gotrain_boot while go.run starts it
  // (synchronously, up to main's select {}); wasm/main.go.
  globalThis.__gotrain_boot = id;
  let exited;
  try {
    exited = go.run(instance);
  } finally {
    delete globalThis.__gotrain_boot;
  }
  exited.then(() => {
    if (rt) rt.exited = true;
  });
  const raw = globalThis[key];
  delete globalThis[key];
  if (!raw) throw new Error('load: the Go program did not start');
  rt = new Runtime(raw, instance);
  // Go's own word: a module built without the kernel tag multiplies with its
  // Go loops whatever kernel file was attached.
  rt.backend = rt.call('backend');
  const gt = makeAPI(rt);
  // Warm up in the background, one small step per task, after load has
  // resolved: the module is ready at once and nothing blocks the page.
  if (warmUp) rt.warming = warm(gt, rt).catch(() => {}).finally(() => { rt.warming = null; });
  return gt;
}

/**
 * Runs the training path once on a tiny model, one step per task, then
 * heat. The engine compiles WebAssembly functions lazily, on their first
 * call: without this, the first fit's first slice would pay for compiling
 * the whole training path in one task (about 50 ms in Chromium). load
 * starts it after the module is ready and the first fit awaits it (a fit
 * stops heat at its next epoch).
 */
async function warm(gt, rt) {
  const x = new Matrix(Float64Array.of(0, 1, 1, 0, 1, 1, 0, 0), [4, 2]);
  const y = new Matrix(Float64Array.of(0, 1, 1, 0), [4, 1]);
  const m = gt.sequential({
    seed: 1,
    layers: [
      gt.layers.normalization({ inputShape: [2] }),
      gt.layers.dense({ units: 4, activation: 'relu', kernelRegularizer: 'l2' }),
      gt.layers.dropout({ rate: 0.1 }),
      gt.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  m._warmUp = true; // its own fit must not wait for the warm-up it is part of
  try {
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const steps = [() => m.predict(x), () => m.evaluate(x, y), () => m.trainOnBatch(x, y), () => m.trace([0, 1], 1)];
    for (const step of steps) {
      await yieldToEventLoop();
      step();
    }
    await m.fit(x, y, { epochs: 2, batchSize: 2, validationSplit: 0.5, yieldEvery: 'batch', callbacks: { onBatchEnd() {} } });
  } finally {
    m.dispose();
  }
  await heat(gt, rt);
}

/** What heat trains: [output units, activation, loss]. */
const HEAT_MODELS = [
  [3, 'softmax', 'categoricalCrossentropy'],
  [1, 'sigmoid', 'binaryCrossentropy'],
];

/**
 * The second part of the warm-up. The engine first runs WebAssembly on a
 * quick baseline compile and recompiles a function with its optimizing
 * compiler only once that function has run enough; until then training
 * runs 2–3× slower (measured in Node: blobs' first 20 epochs average
 * 3 ms, then 0.8 ms each). heat trains two small MLPs (ReLU layers, Adam,
 * softmax with categorical and sigmoid with binary cross-entropy) for at
 * most HEAT_MS, in fit's usual ~10 ms slices, so that a model the user
 * trains afterwards starts at full speed. A fit of the user's stops it at
 * its next epoch (rt.heatStop).
 */
const HEAT_MS = 250;
const HEAT_EPOCHS = 400; // per model: 64 rows, 2 batches an epoch

async function heat(gt, rt) {
  const t0 = performance.now();
  const rows = 64;
  const xs = new Float64Array(rows * 8);
  for (let i = 0; i < xs.length; i++) xs[i] = ((i * 7919) % 13) / 13 - 0.5;
  const x = new Matrix(xs, [rows, 8]);
  for (const [out, activation, loss] of HEAT_MODELS) {
    if (rt.heatStop || rt.exited) return;
    const ys = new Float64Array(rows * out);
    for (let i = 0; i < rows; i++) ys[i * out + (out === 1 ? 0 : i % out)] = out === 1 ? i % 2 : 1;
    const m = gt.sequential({
      seed: 1,
      layers: [
        gt.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
        gt.layers.dense({ units: 16, activation: 'relu' }),
        gt.layers.dense({ units: out, activation }),
      ],
    });
    m._warmUp = true;
    try {
      m.compile({ optimizer: 'adam', loss });
      const onEpochEnd = () => {
        if (rt.heatStop || performance.now() - t0 > HEAT_MS) m.stopTraining = true;
      };
      await m.fit(x, new Matrix(ys, [rows, out]), { epochs: HEAT_EPOCHS, batchSize: 32, callbacks: { onEpochEnd } });
    } finally {
      m.dispose();
    }
  }
}

/**
 * Loads gotrain. Options: wasmURL (default: gotrain.wasm next to this file),
 * worker: true to run everything in a dedicated worker (browsers: a module
 * Web Worker; Node: worker_threads), workerURL (default gotrain-worker.js
 * next to this file), warmUp: whether load runs the training path in the
 * background on small models, so that the first fit neither pays for
 * compiling it nor runs on the engine's slower baseline code (see warm and
 * heat; default true, on the main thread and in worker mode: ~250 ms of
 * background work after load, during which memory().models counts its two
 * models and a Node script that only loads exits that much later), kernel: which matrix kernel to
 * use — 'auto' (default: the SIMD kernel where WebAssembly SIMD is there,
 * else the scalar one, else Go's loops), 'simd', 'scalar' or 'go'.
 */
export async function load(opts) {
  const o = options('load', opts, ['wasmURL', 'worker', 'workerURL', 'warmUp', 'kernel']);
  if (o.worker) return loadWorker(o);
  return loadDirect(o);
}

// ---------------------------------------------------------------------------
// Worker mode: the same API on the main thread, every call a message.

/** Model proxy of worker mode: the same methods, each returning a Promise. */
export class WorkerModel {
  constructor(client, handle, layers) {
    this._c = client;
    this._h = handle;
    this._layers = layers;
    this._stop = false;
    this._disposed = false;
    this._fitting = false;
    client.registry?.register(this, handle, this);
  }

  async _do(call, op, ...args) {
    if (this._disposed) throw new Error(`${call}: the model has been disposed`);
    return this._c.call(op, this._h, ...args);
  }

  async _update(p) {
    const r = await p;
    this._layers = r.layers;
    return r.value;
  }

  async add(layer) {
    layer = await layer;
    if (this._disposed) throw new Error('add: the model has been disposed');
    if (!(layer instanceof Layer) && !(layer && typeof layer._spec === 'function')) {
      throw new Error(`add: expected a layer such as gt.layers.dense({ units: 1 }), got ${describe(layer)}`);
    }
    if (layer._model) throw new Error('add: this layer is already in a model; create a new one');
    const index = await this._update(this._do('add', 'add', { kind: layer.kind, config: layer.config, adapt: layer._pendingAdapt }));
    layer._model = this;
    layer._index = index;
    layer._pendingAdapt = null;
  }

  async compile(cfg) {
    return this._update(this._do('compile', 'compile', compileSpec(cfg)));
  }

  async summary(...args) {
    return printSummary(await this._do('summary', 'summary'), args);
  }

  countParams() {
    return this._do('countParams', 'countParams');
  }

  getConfig() {
    return this._do('getConfig', 'getConfig');
  }

  /** Layer descriptions, as of the last add/compile (synchronous). */
  get layers() {
    return this._layers;
  }

  _layerInfo(i) {
    return this._layers[i];
  }

  _adapt(index, m) {
    return this._update(this._do('adapt', 'adapt', index, m));
  }

  get stopTraining() {
    return this._stop;
  }

  /** Sends a message; the worker's fit stops at its next slice boundary. */
  set stopTraining(v) {
    if (this._disposed) throw new Error('stopTraining: the model has been disposed');
    this._stop = !!v;
    this._c.send({ type: 'stop', handle: this._h, value: this._stop });
  }

  async fit(x, y, opts) {
    if (this._disposed) throw new Error('fit: the model has been disposed');
    if (this._fitting) throw new Error('fit: the model is already training');
    const f = fitSpec(x, y, opts); // check everything here, so errors name the caller's mistake at once
    sliceMode(f.yieldEvery, 0);
    const fitId = this._c.nextFit++;
    const ctx = { callbacks: f.callbacks, error: null, model: this };
    const cbSpec = f.callbacks.map((c) =>
      c instanceof EarlyStopping ? { earlyStopping: c.config } : { names: CALLBACK_NAMES.filter((n) => typeof c[n] === 'function') },
    );
    this._c.fits.set(fitId, ctx);
    this._fitting = true;
    this._stop = false;
    try {
      const spec = { ...f.spec, yieldEvery: f.yieldEvery };
      const r = await this._do('fit', 'fit', f.x, f.y, spec, cbSpec, fitId).catch((e) => {
        throw ctx.error ?? e;
      });
      if (ctx.error) throw ctx.error;
      return r;
    } finally {
      this._fitting = false;
      this._c.fits.delete(fitId);
    }
  }

  async trainOnBatch(x, y) {
    return this._do('trainOnBatch', 'trainOnBatch', toMatrix('trainOnBatch', 'x', x), toMatrix('trainOnBatch', 'y', y, { vector: true }));
  }

  async predict(x, opts) {
    options('predict', opts, ['batchSize', 'verbose']);
    return this._do('predict', 'predict', toMatrix('predict', 'x', x));
  }

  async evaluate(x, y, opts) {
    options('evaluate', opts, ['batchSize', 'verbose']);
    return this._do('evaluate', 'evaluate', toMatrix('evaluate', 'x', x), toMatrix('evaluate', 'y', y, { vector: true }));
  }

  async evaluateReport(x, y, opts) {
    const o = options('evaluateReport', opts, ['numClasses']);
    return reviveReport(await this._do('evaluateReport', 'evaluateReport', toMatrix('evaluateReport', 'x', x), toMatrix('evaluateReport', 'y', y, { vector: true }), o.numClasses));
  }

  getWeights() {
    return this._do('getWeights', 'getWeights');
  }

  async setWeights(list) {
    return this._do('setWeights', 'setWeights', weightList(list));
  }

  async trace(xRow, yRow) {
    return this._do('trace', 'trace', toVector('trace', 'x', xRow), toVector('trace', 'y', yRow));
  }

  async layerOutputs(x) {
    return this._do('layerOutputs', 'layerOutputs', toMatrix('layerOutputs', 'x', x));
  }

  toJSON() {
    return this._do('toJSON', 'toJSON');
  }

  /** The artifacts come from the worker; storage and downloads happen here, on the page's thread. */
  async toTfjsArtifacts() {
    return tfjsArtifactsOf(await this._do('toTfjsArtifacts', 'toTfjs', 'toTfjsArtifacts'));
  }

  async save(dest, opts) {
    saveOptions('save', opts);
    const target = saveTarget('save', dest);
    return target(tfjsArtifactsOf(await this._do('save', 'toTfjs', 'save')));
  }

  async dispose() {
    if (this._disposed) return;
    this._disposed = true;
    this._c.registry?.unregister(this);
    await this._c.call('dispose', this._h);
  }

  get isDisposed() {
    return this._disposed;
  }
}

/** The main-thread end of the worker protocol. */
class WorkerClient {
  constructor(endpoint) {
    this.ep = endpoint;
    this.nextId = 1;
    this.nextFit = 1;
    this.pending = new Map();
    this.fits = new Map();
    this.dead = null;
    // Proxies the page drops without dispose() free their worker-side model,
    // as main-thread models do through Runtime's registry.
    this.registry =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry((h) => {
            if (!this.dead) this.call('dispose', h).catch(() => {});
          })
        : null;
    endpoint.listen((m) => this.onMessage(m));
    endpoint.onError((e) => this.fail(e));
  }

  fail(e) {
    this.dead = new Error(`gotrain worker failed: ${e?.message ?? e}`);
    for (const { reject } of this.pending.values()) reject(this.dead);
    this.pending.clear();
    this.ep.idle();
  }

  send(msg) {
    if (!this.dead) this.ep.post(msg);
  }

  call(op, ...args) {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.ep.busy();
      this.pending.set(id, { resolve, reject, op });
      this.ep.post({ type: 'call', id, op, args });
    });
  }

  onMessage(m) {
    if (m.type === 'result') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (this.pending.size === 0) this.ep.idle();
      if (m.ok) p.resolve(revive(m.value));
      else p.reject(new Error(m.message));
    } else if (m.type === 'cb') {
      this.onCallback(m);
    }
  }

  onCallback(m) {
    const ctx = this.fits.get(m.fitId);
    const reply = (error) => {
      if (m.wait) this.send({ type: 'cbReply', seq: m.seq, error });
    };
    if (!ctx || ctx.error) return reply(true);
    const obj = ctx.callbacks[m.index];
    const fail = (e) => {
      ctx.error ??= e ?? new Error(`fit: callback ${m.name} failed`);
      if (m.wait) reply(true);
      else this.send({ type: 'abort', fitId: m.fitId });
    };
    try {
      const r = obj[m.name].apply(obj, m.args);
      if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
        Promise.resolve(r).then(() => reply(false), fail);
      } else reply(false);
    } catch (e) {
      fail(e);
    }
  }
}

async function nodeWorkerEndpoint(url) {
  const { Worker } = await import('node:worker_threads');
  const w = new Worker(url);
  let onErr = () => {};
  w.on('error', (e) => onErr(e));
  w.on('exit', (code) => onErr(new Error(`the worker exited (code ${code})`)));
  return {
    worker: w,
    post: (m) => w.postMessage(m),
    listen: (f) => w.on('message', f),
    onError: (f) => (onErr = f),
    busy: () => w.ref(),
    idle: () => w.unref(),
    terminate: () => w.terminate(),
  };
}

function browserWorkerEndpoint(url) {
  const w = new Worker(url, { type: 'module', name: 'gotrain' });
  let onErr = () => {};
  w.addEventListener('error', (e) => onErr(e.message ? e : new Error('error in gotrain-worker.js')));
  w.addEventListener('messageerror', () => onErr(new Error('a message could not be deserialized')));
  return {
    worker: w,
    post: (m) => w.postMessage(m),
    listen: (f) => w.addEventListener('message', (e) => f(e.data)),
    onError: (f) => (onErr = f),
    busy: () => {},
    idle: () => {},
    terminate: () => w.terminate(),
  };
}

async function loadWorker(o) {
  const workerURL = o.workerURL !== undefined ? resolveURL(o.workerURL) : new URL('./gotrain-worker.js', import.meta.url);
  const wasmURL = resolveURL(o.wasmURL, './gotrain.wasm').href;
  const ep = isNode ? await nodeWorkerEndpoint(workerURL) : browserWorkerEndpoint(workerURL);
  const client = new WorkerClient(ep);
  ep.busy();
  let info;
  try {
    info = await new Promise((resolve, reject) => {
      ep.onError((e) => reject(new Error(`load: the gotrain worker failed: ${e?.message ?? e}`)));
      ep.listen((m) => {
        if (m.type === 'hello') ep.post({ type: 'init', wasmURL, warmUp: o.warmUp ?? true, kernel: o.kernel ?? 'auto' });
        else if (m.type === 'ready') resolve(m);
        else if (m.type === 'initError') reject(new Error(m.message));
      });
    });
  } catch (e) {
    ep.onError(() => {});
    await ep.terminate();
    throw e;
  }
  ep.onError((e) => client.fail(e));
  ep.idle();
  const call = (op, ...args) => client.call(op, ...args);
  const modelOf = (r) => new WorkerModel(client, r.handle, r.layers);
  return {
    version: info.version,
    backend: info.backend,
    worker: true,
    Matrix,
    tensor2d,
    async sequential(cfg) {
      const o2 = options('sequential', cfg, ['seed', 'layers']);
      if (o2.layers !== undefined && !Array.isArray(o2.layers)) throw new Error(`sequential: layers must be an array, got ${describe(o2.layers)}`);
      const layers = await Promise.all(o2.layers ?? []);
      for (const l of layers) {
        if (!(l instanceof Layer)) throw new Error(`sequential: expected layers such as gt.layers.dense({ units: 1 }), got ${describe(l)}`);
        if (l._model) throw new Error('sequential: a layer is already in a model; create a new one');
      }
      const r = await call('sequential', o2.seed ?? randomSeed(), layers.map((l) => ({ kind: l.kind, config: l.config, adapt: l._pendingAdapt })));
      const m = modelOf(r);
      layers.forEach((l, i) => {
        l._model = m;
        l._index = i;
        l._pendingAdapt = null;
      });
      return m;
    },
    async modelFromJSON(json) {
      return modelOf(await call('modelFromJSON', jsonText(json)));
    },
    /** Reads the artifacts here (storage, fetch, files), then builds the model in the worker. */
    async loadLayersModel(src, opts) {
      const a = await readArtifacts('loadLayersModel', src, opts);
      const [json, data] = tfjsInput('loadLayersModel', a);
      return modelOf(await call('loadLayersModel', json, data));
    },
    layers: {
      dense: (cfg) => makeLayer('dense', cfg, null, true),
      dropout: (cfg) => makeLayer('dropout', cfg, null, true),
      normalization: (cfg) => makeLayer('normalization', cfg, null, true),
    },
    regularizers,
    train: makeTrain(null),
    callbacks: { earlyStopping: (cfg) => new EarlyStopping(cfg) },
    data: {
      async parseCSV(text, opts) {
        options('parseCSV', opts, ['label']);
        return call('data.parseCSV', csvText(text), opts);
      },
      async split(ds, opts) {
        options('split', opts, ['testFraction', 'seed', 'stratify']);
        return call('data.split', toDataset('split', ds), opts);
      },
      async builtin(name, opts) {
        options('builtin', opts, ['n', 'noise', 'seed']);
        return call('data.builtin', name, opts);
      },
      async oneHot(labels, numClasses) {
        return call('data.oneHot', toMatrix('oneHot', 'labels', labels, { vector: true }), numClasses);
      },
    },
    metrics: {
      async confusionMatrix(yTrue, yPred, numClasses) {
        return call('metrics.confusionMatrix', toLabels('confusionMatrix', 'yTrue', yTrue), toLabels('confusionMatrix', 'yPred', yPred), numClasses);
      },
      async classReport(confusion) {
        return call('metrics.classReport', confusion);
      },
      async predictClasses(predictions) {
        return call('metrics.predictClasses', toMatrix('predictClasses', 'predictions', predictions));
      },
    },
    memory(o3) {
      return call('memory', o3);
    },
    /** Ends the worker; every later call rejects. */
    async terminate() {
      client.fail(new Error('terminated'));
      await ep.terminate();
    },
  };
}

// ---------------------------------------------------------------------------
// The worker end (gotrain-worker.js calls this). Not part of the public API.

/** Collects the ArrayBuffers of typed arrays in v, to transfer them. */
function buffers(v, out = []) {
  if (v === null || typeof v !== 'object') return out;
  if (v instanceof ArrayBuffer) {
    if (!out.includes(v)) out.push(v);
    return out;
  }
  if (ArrayBuffer.isView(v)) {
    if (!out.includes(v.buffer) && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.push(v.buffer);
    return out;
  }
  for (const k of Object.keys(v)) buffers(v[k], out);
  return out;
}

/** Plain, structured-cloneable copy of a result (Matrix → { data, shape }). */
function plain(v) {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
  if (v instanceof Matrix) return { data: v.data, shape: v.shape };
  if (Array.isArray(v)) return v.map(plain);
  const o = {};
  for (const k of Object.keys(v)) o[k] = plain(v[k]);
  return o;
}

const AWAITED = new Set(['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd']);

/** @param {{ post(m, transfer?): void, listen(f): void }} ep */
export function _serveWorker(ep) {
  let gt = null;
  const models = new Map();
  const fits = new Map(); // fitId → model
  const waiters = new Map(); // seq → resolve/reject of an awaited callback
  let nextHandle = 1;
  let seq = 1;

  const model = (h) => {
    const m = models.get(h);
    if (!m) throw new Error('the model has been disposed');
    return m;
  };
  const withLayers = (m, value) => ({ value, layers: m.isDisposed ? [] : m.layers });
  const layerOf = ({ kind, config, adapt }) => {
    if (!gt.layers[kind]) throw new Error(`add: unknown layer kind '${kind}' (known: dense, dropout, normalization)`);
    const l = gt.layers[kind](config);
    if (adapt) l.adapt(adapt);
    return l;
  };
  const newModel = (m) => {
    const h = nextHandle++;
    models.set(h, m);
    return { handle: h, layers: m.layers };
  };

  const ops = {
    sequential(seed, layers) {
      return newModel(gt.sequential({ seed, layers: layers.map(layerOf) }));
    },
    modelFromJSON: (json) => newModel(gt.modelFromJSON(json)),
    add(h, spec) {
      const m = model(h);
      m.add(layerOf(spec));
      return withLayers(m, m.layers.length - 1);
    },
    compile(h, cfg) {
      const m = model(h);
      m.compile(cfg);
      return withLayers(m, undefined);
    },
    adapt(h, index, x) {
      const m = model(h);
      m._adapt(index, x);
      return withLayers(m, undefined);
    },
    summary: (h) => model(h).summary(),
    countParams: (h) => model(h).countParams(),
    getConfig: (h) => model(h).getConfig(),
    trainOnBatch: (h, x, y) => model(h).trainOnBatch(x, y),
    predict: (h, x) => model(h).predict(x),
    evaluate: (h, x, y) => model(h).evaluate(x, y),
    evaluateReport: (h, x, y, k) => model(h).evaluateReport(x, y, { numClasses: k }),
    getWeights: (h) => model(h).getWeights(),
    setWeights: (h, list) => model(h).setWeights(list),
    trace: (h, x, y) => model(h).trace(x, y),
    layerOutputs: (h, x) => model(h).layerOutputs(x),
    toJSON: (h) => model(h).toJSON(),
    toTfjs: (h, call) => model(h)._toTfjsRaw(call),
    loadLayersModel: (json, data) => newModel(gt._loadTfjs(json, data)),
    dispose(h) {
      models.get(h)?.dispose();
      models.delete(h);
    },
    async fit(h, x, y, spec, cbSpec, fitId) {
      const m = model(h);
      const { yieldEvery, earlyStopping, ...rest } = spec;
      const callbacks = cbSpec.map((c, index) => {
        if (c.earlyStopping) return gt.callbacks.earlyStopping(c.earlyStopping);
        const obj = {};
        for (const name of c.names) {
          obj[name] = (...args) => {
            const s = seq++;
            const wait = AWAITED.has(name);
            ep.post({ type: 'cb', fitId, seq: s, index, name, args, wait });
            if (wait) return new Promise((resolve, reject) => waiters.set(s, { resolve, reject }));
            return undefined;
          };
        }
        return obj;
      });
      const opts = { ...rest, callbacks, yieldEvery: yieldEvery ?? 20 };
      if (earlyStopping) opts.earlyStopping = earlyStopping;
      for (const k of Object.keys(opts)) if (opts[k] === undefined) delete opts[k];
      fits.set(fitId, m);
      try {
        return await m.fit(x, y, opts);
      } finally {
        fits.delete(fitId);
      }
    },
    'data.parseCSV': (t, o) => gt.data.parseCSV(t, o),
    'data.split': (d, o) => gt.data.split(d, o),
    'data.builtin': (n, o) => gt.data.builtin(n, o),
    'data.oneHot': (l, k) => gt.data.oneHot(l, k),
    'metrics.confusionMatrix': (a, b, k) => gt.metrics.confusionMatrix(a, b, k),
    'metrics.classReport': (c) => gt.metrics.classReport(c),
    'metrics.predictClasses': (p) => gt.metrics.predictClasses(p),
    memory: (o) => gt.memory(o),
  };

  ep.listen(async (m) => {
    switch (m.type) {
      case 'init':
        try {
          gt = await load({ wasmURL: m.wasmURL, warmUp: m.warmUp, kernel: m.kernel });
          ep.post({ type: 'ready', version: gt.version, backend: gt.backend });
        } catch (e) {
          ep.post({ type: 'initError', message: e?.message ?? String(e) });
        }
        return;
      case 'stop': {
        const md = models.get(m.handle);
        if (md && !md.isDisposed) md.stopTraining = m.value;
        return;
      }
      case 'abort': {
        const md = fits.get(m.fitId);
        if (md && !md.isDisposed) md.stopTraining = true;
        return;
      }
      case 'cbReply': {
        const w = waiters.get(m.seq);
        waiters.delete(m.seq);
        if (w) {
          if (m.error) w.reject(new Error('fit: a callback failed'));
          else w.resolve();
        }
        return;
      }
      case 'call':
        try {
          const value = plain(await ops[m.op](...m.args));
          ep.post({ type: 'result', id: m.id, ok: true, value }, buffers(value));
        } catch (e) {
          ep.post({ type: 'result', id: m.id, ok: false, message: e?.message ?? String(e) });
        }
    }
  });
  ep.post({ type: 'hello' });
}
