// model.js: the one Model class of both modes. A Model is a handle to a
// model in Go and the transport that carries calls to it: direct calls on
// this thread (main-thread mode: methods return values, fit and save a
// Promise) or messages to the worker (worker mode: every method returns a
// Promise; layers, isDisposed and stopTraining stay synchronous).
//
// A transport (direct.js, worker-client.js) has:
//   async                 whether its calls return Promises
//   call(op, ...args)     the call by its public name, which is the Go
//                         export's; model calls take the handle first
//   layers(h)             model h's layer descriptions, synchronously
//   track(model, h), untrack(model)   free h when an undisposed Model is collected
//
// Each method is written once, for both, with flow(): a generator function
// that `yield`s each transport answer (and each nested API call) and gets
// the value back — the checks, one call named as the method, and the
// conversion of the result:
//
//   predict(x) {
//     return flow(this._t.async, function* () {
//       const m = toMatrix('predict', 'x', x);           // may throw
//       return revive(yield this._t.call('predict', this._h, m));
//     }, this);
//   }
//
// flow runs it to the end at once when async is false (returning its value
// or throwing), and as an async function would when async is true (a
// Promise: a check that fails rejects it, and it runs synchronously up to
// the first answer it waits for). try/catch around a yield works in both.
// api.js writes the gt functions the same way.

import { bindLayer, isLayer } from './descriptions.js';
import { saveOptions, saveTarget } from './storage.js';
import { isMatrixLike, revive, toMatrix, toVector } from './matrix.js';
import { describe, options } from './options.js';
import { compileSpec, fitSpec, weightList } from './specs.js';
import { standaloneOptions, standaloneText } from './standalone.js';
import { tfjsArtifactsOf } from './tfjs-artifacts.js';

// ---------------------------------------------------------------------------
// flow: one body of code for both modes

/**
 * @param {boolean} async worker mode
 * @param {() => Generator} body a generator function
 * @param {object} [self] this for body
 */
export function flow(async, body, self) {
  const it = body.call(self);
  if (!async) {
    let r = it.next();
    while (!r.done) r = it.next(r.value);
    return r.value;
  }
  return new Promise((resolve, reject) => {
    const step = (method, arg) => {
      let r;
      try {
        r = it[method](arg);
      } catch (e) {
        reject(e);
        return;
      }
      if (r.done) resolve(r.value);
      else Promise.resolve(r.value).then((v) => step('next', v), (e) => step('throw', e));
    };
    step('next');
  });
}

/** Whether v is a promise (or another thenable). */
export function isThenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
}

// ---------------------------------------------------------------------------
// Model

export class Model {
  /**
   * Made by gt.sequential, gt.modelFromJSON and gt.loadLayersModel.
   * @param {object} transport DirectTransport or WorkerTransport
   * @param {number} handle the model's handle in Go
   */
  constructor(transport, handle) {
    this._t = transport;
    this._h = handle;
    this._disposed = false;
    this._fitting = false;
    this._stop = false; // worker mode: the last stopTraining set here
    transport.track(this, handle);
  }

  /** Runs body (a generator method, see flow above) in this model's mode. */
  _flow(body) {
    return flow(this._t.async, body, this);
  }

  _alive(call) {
    if (this._disposed) throw new Error(`${call}: the model has been disposed`);
  }

  /** The call op on this model with args that need no conversion. */
  _call(op, ...args) {
    return this._flow(function* () {
      this._alive(op);
      return yield this._t.call(op, this._h, ...args);
    });
  }

  /** Appends a layer (gt.layers.dense(...) etc.). */
  add(layer) {
    if (this._t.async && isThenable(layer)) return Promise.resolve(layer).then((l) => this.add(l));
    return this._flow(function* () {
      this._alive('add');
      if (!isLayer(layer)) throw new Error(`add: expected a layer such as gt.layers.dense({ units: 1 }), got ${describe(layer)}`);
      if (layer._model) throw new Error('add: this layer is already in a model; create a new one');
      const index = yield this._t.call('add', this._h, layer._spec(), layer._pendingAdapt ?? undefined);
      bindLayer(layer, this, index);
    });
  }

  /** compile({ optimizer, loss, metrics }): strings or gt.train.* optimizers. */
  compile(cfg) {
    return this._flow(function* () {
      this._alive('compile');
      yield this._t.call('compile', this._h, compileSpec(cfg));
    });
  }

  /** The Keras-style summary table (returned; also passed line by line to a printFn argument). */
  summary(...args) {
    return this._flow(function* () {
      const s = yield this._call('summary');
      const printFn = [...args].reverse().find((a) => typeof a === 'function');
      if (printFn) for (const line of s.split('\n')) printFn(line);
      return s;
    });
  }

  countParams() {
    return this._call('countParams');
  }

  /** { seed, built, inputDim, outputDim, layers, compiled, loss, optimizer, metrics }. */
  getConfig() {
    return this._call('getConfig');
  }

  /**
   * Descriptions of the layers: { name, kind, inputDim, outputDim, params,
   * and the kind's fields }; synchronous in both modes (in worker mode, as
   * of the last call that changed them).
   */
  get layers() {
    if (!this._t.async) this._alive('getConfig');
    return this._t.layers(this._h);
  }

  _layerInfo(i) {
    if (!this._t.async && this._disposed) return null;
    return this.layers[i];
  }

  _adapt(index, m) {
    return this._call('adapt', index, m);
  }

  /** Set to true (in a callback, or from outside in worker mode) to end fit after the current batch. */
  get stopTraining() {
    if (this._t.async) return this._stop;
    this._alive('stopTraining');
    return this._t.call('stopTraining', this._h);
  }

  set stopTraining(v) {
    this._alive('stopTraining');
    this._stop = !!v;
    const r = this._t.call('stopTraining', this._h, this._stop);
    // Worker mode: a message; the worker's fit sees it at its next slice.
    if (this._t.async) r.catch(() => {});
  }

  /**
   * Trains; resolves to a History { epoch, history, params }. On the main
   * thread it runs in slices of about 10 ms, yielding to the event loop in
   * between; in worker mode the worker trains. stopTraining set once fit
   * has been called ends it within a slice; dispose() during fit (also
   * from a callback) makes it reject.
   */
  async fit(x, y, opts) {
    this._alive('fit');
    if (this._fitting) throw new Error('fit: the model is already training');
    const f = fitSpec(x, y, opts);
    this._fitting = true;
    this._stop = false;
    try {
      const history = await this._t.call('fit', this._h, f.x, f.y, f.spec, f.callbacks, f.yieldEvery);
      // Worker mode: training may have ended before a callback's dispose() reached the worker.
      if (this._disposed) throw new Error('fit: the model was disposed during training');
      return history;
    } finally {
      this._fitting = false;
    }
  }

  /** One optimizer step on (x, y); returns the loss before the step. */
  trainOnBatch(x, y) {
    return this._flow(function* () {
      this._alive('trainOnBatch');
      return yield this._t.call('trainOnBatch', this._h, toMatrix('trainOnBatch', 'x', x), toMatrix('trainOnBatch', 'y', y, { vector: true }));
    });
  }

  /** The outputs for x as a Matrix. ({ batchSize } is accepted and ignored.) */
  predict(x, opts) {
    return this._flow(function* () {
      this._alive('predict');
      options('predict', opts, ['batchSize', 'verbose']);
      return revive(yield this._t.call('predict', this._h, toMatrix('predict', 'x', x)));
    });
  }

  /** { loss, <metric>... } on (x, y), in inference mode. */
  evaluate(x, y, opts) {
    return this._flow(function* () {
      this._alive('evaluate');
      options('evaluate', opts, ['batchSize', 'verbose']);
      return yield this._t.call('evaluate', this._h, toMatrix('evaluate', 'x', x), toMatrix('evaluate', 'y', y, { vector: true }));
    });
  }

  /**
   * Everything a page redraws after an epoch, in one call and one pass over
   * (x, y): { logs: { loss, <metric>... }, predictions: Matrix, numClasses,
   * and for classifiers classes, truth (Int32Array), confusion (number[][])
   * and classReport (as gt.metrics.classReport) }. numClasses: 0 for none;
   * by default from the loss (cross-entropy) and the output width. A binary
   * classifier's report also has binary (counts and rates at the
   * threshold), roc and pr; threshold (default 0.5) decides its classes.
   */
  evaluateReport(x, y, opts) {
    return this._flow(function* () {
      this._alive('evaluateReport');
      const o = options('evaluateReport', opts, ['numClasses', 'threshold']);
      const r = yield this._t.call('evaluateReport', this._h, toMatrix('evaluateReport', 'x', x), toMatrix('evaluateReport', 'y', y, { vector: true }), o.numClasses, o.threshold);
      r.predictions = revive(r.predictions);
      return r;
    });
  }

  /** [{ name, shape, data: Float64Array }], per layer kernel then bias. */
  getWeights() {
    return this._call('getWeights');
  }

  /** Replaces every weight array; the list as getWeights returns it. */
  setWeights(list) {
    return this._flow(function* () {
      this._alive('setWeights');
      yield this._t.call('setWeights', this._h, weightList(list));
    });
  }

  /**
   * One training step's numbers without the step: forward and backward
   * passes, loss, and the optimizer's next update with every intermediate.
   * x, y: one example (number[] or a typed array; its values are then
   * Float64Arrays) or a batch (number[][] or a Matrix, labels as fit takes
   * them; its per-example values are then Matrices, one row per example).
   * { training: true } draws dropout and noise as the next trainOnBatch on
   * the same batch will (default false: inference mode).
   */
  trace(x, y, opts) {
    return this._flow(function* () {
      this._alive('trace');
      const o = options('trace', opts, ['training']);
      const batch = isMatrixLike(x) || (Array.isArray(x) && x.length > 0 && (Array.isArray(x[0]) || ArrayBuffer.isView(x[0])));
      const args = batch
        ? [toMatrix('trace', 'x', x), toMatrix('trace', 'y', y, { vector: true })]
        : [toVector('trace', 'x', x), toVector('trace', 'y', y)];
      return revive(yield this._t.call('trace', this._h, ...args, o));
    });
  }

  /** Every layer's output for x: one Matrix per layer. */
  layerOutputs(x) {
    return this._flow(function* () {
      this._alive('layerOutputs');
      return revive(yield this._t.call('layerOutputs', this._h, toMatrix('layerOutputs', 'x', x)));
    });
  }

  /** The model in gotrain's own versioned JSON format, as a string (gt.modelFromJSON reads it back). */
  toJSON() {
    return this._call('toJSON');
  }

  /**
   * The model in TF.js Layers format: { modelTopology, format, generatedBy,
   * convertedBy, weightSpecs, weightData: ArrayBuffer, trainingConfig? }, what
   * TF.js' model.save hands to an IOHandler (tf.io.fromMemory loads it).
   * Normalization layers are folded into the next Dense layer, leakyRelu
   * becomes a LeakyReLU layer.
   */
  toTfjsArtifacts() {
    return this._flow(function* () {
      return tfjsArtifactsOf(yield this._call('toTfjsArtifacts', 'toTfjsArtifacts'));
    });
  }

  /**
   * A standalone predictor: the text of an ES module of plain JavaScript (no
   * wasm, no gotrain) with the weights embedded, exporting predict(rows),
   * predictClasses(rows), inputDim, outputDim, dtype, classNames and layers.
   * dtype: 'float64' (default, exact) or 'float32' (half the size);
   * classNames: names predictClasses returns (one per output, two for one).
   */
  exportStandalone(opts) {
    return this._flow(function* () {
      this._alive('exportStandalone');
      const o = standaloneOptions('exportStandalone', options('exportStandalone', opts, ['dtype', 'classNames']));
      // The model's JSON comes from Go (from the worker in worker mode); the text is written here.
      return standaloneText('exportStandalone', JSON.parse(yield this._t.call('toJSON', this._h)), o);
    });
  }

  /**
   * Saves in TF.js Layers format to 'localstorage://name', 'indexeddb://name',
   * 'downloads://name' (name.json + name.weights.bin), 'file://DIR' (Node) or
   * an IOHandler; resolves to { modelArtifactsInfo } as TF.js' save does. In
   * worker mode the artifacts come from the worker and are stored here.
   */
  async save(dest, opts) {
    saveOptions('save', opts);
    const target = saveTarget('save', dest);
    this._alive('save');
    return target(tfjsArtifactsOf(await this._t.call('toTfjsArtifacts', this._h, 'save')));
  }

  /** Frees the model; using it afterwards throws. A fit in progress rejects. */
  dispose() {
    return this._flow(function* () {
      if (this._disposed) return;
      this._disposed = true;
      this._t.untrack(this);
      yield this._t.call('dispose', this._h);
    });
  }

  get isDisposed() {
    return this._disposed;
  }
}
