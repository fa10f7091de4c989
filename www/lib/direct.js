// direct.js: the transport of main-thread mode (and of the worker's own
// end): calls go straight into the Go instance on this thread. call(op,
// ...args) calls the Go export of that name and returns its value; the
// calls that are more than one Go export are written here: fit (Go's
// fitStart, then fitRun in slices with the event loop in between, fitAbort
// when a callback failed), stopTraining (also remembered for a fit that
// has not started its first slice, whose start would clear it), dispose
// (also ends a fit in progress, which rejects) and memory (adds the
// instance's memory size). Every call checks, after Go returns, whether
// the Go program exited during it (out of memory): it throws then, as
// every later call does.

import { wrapCallbacks } from './descriptions.js';
import { yieldToEventLoop } from './env.js';
import { cut, describe, messageOf } from './options.js';
import { sliceMode } from './specs.js';

/** The longest error message passed on from Go (its messages quote names from files). */
const MAX_GO_MESSAGE = 1000;

export class DirectTransport {
  /**
   * @param {object} raw the Go program's object of exported functions
   * @param {WebAssembly.Instance} instance the Go instance
   */
  constructor(raw, instance) {
    this.async = false;
    this.raw = raw;
    this.instance = instance;
    this.exited = false;
    this.fits = new Map(); // handle → { disposed, stop, started } of a fit in progress
    // load's background warm-up (load.js): the promise while it runs, the
    // flag that stops its second part, and its models, whose fits need not wait.
    this.warming = null;
    this.heatStop = false;
    this.warmUpModels = new Set();
    // Models the program drops without dispose() free their Go model.
    this.registry =
      typeof FinalizationRegistry === 'function'
        ? new FinalizationRegistry((h) => {
            if (!this.exited) this.raw.dispose(h);
          })
        : null;
  }

  /**
   * Calls the Go export fn; errors name call. A returned Error is thrown
   * (with this stack). A Go program that exited during the call (a fatal
   * runtime error such as running out of memory: go.exit sets exited)
   * throws too, whatever the call returned.
   */
  go(call, fn, ...args) {
    if (this.exited) throw stopped(call);
    let r;
    try {
      r = this.raw[fn](...args);
    } catch (e) {
      // Every export recovers Go's panics into Error values: an exception
      // means the Go program itself ended (a fatal error, a trap, or its
      // crash report failing to print) and cannot be called again.
      const exited = this.exited;
      this.exited = true;
      throw stopped(call, exited ? undefined : messageOf(e, 200));
    }
    if (this.exited) throw stopped(call);
    if (r instanceof Error) throw new Error(cut(r.message, MAX_GO_MESSAGE));
    return r;
  }

  /** What the module says about itself: { backend, layerKinds, optimizerKinds }. */
  describe() {
    return {
      backend: this.call('backend'),
      layerKinds: this.call('layerKinds'),
      optimizerKinds: this.call('optimizerKinds'),
    };
  }

  /** The call op: its value (fit: a Promise of the History). */
  call(op, ...args) {
    switch (op) {
      case 'fit':
        return this.fit(...args);
      case 'dispose':
        return this.dispose(...args);
      case 'stopTraining':
        return this.stopTraining(...args);
      case 'memory':
        return this.memory(...args);
      default:
        // model.save asks for the artifacts under its own name.
        return this.go(op === 'toTfjsArtifacts' && typeof args[1] === 'string' ? args[1] : op, op, ...args);
    }
  }

  /** The layer descriptions of model h (model.layers). */
  layers(h) {
    return this.go('getConfig', 'getConfig', h).layers;
  }

  track(model, h) {
    this.registry?.register(model, h, model);
  }

  untrack(model) {
    this.registry?.unregister(model);
  }

  dispose(h) {
    const f = this.fits.get(h);
    if (f) f.disposed = true;
    this.go('dispose', 'dispose', h);
  }

  /**
   * stopTraining(h) reads model h's flag, stopTraining(h, v) sets it. Set
   * for a fit whose training has not begun (it waits for the warm-up, or a
   * worker's fit has not had its first slice), it is kept for it: Go
   * clears the flag when training begins.
   */
  stopTraining(h, ...v) {
    const f = this.fits.get(h);
    if (f && v.length) f.stop = !!v[0];
    return this.go('stopTraining', 'stopTraining', h, ...v);
  }

  /**
   * load's memoryLimit: the bytes Go's memory budget allows, set through
   * Go's setMemoryLimit export (a module without one keeps its own).
   */
  setMemoryLimit(bytes) {
    if (bytes === undefined || bytes === null) return;
    if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes <= 0) {
      throw new Error(`load: memoryLimit must be a whole number of bytes, got ${describe(bytes)}`);
    }
    this.go('load', 'setMemoryLimit', bytes);
  }

  /** Go's memory figures (with its budget's limit and use, where it has one), and wasmBytes: the instance's memory. */
  memory(gc) {
    const s = this.go('memory', 'memory', gc);
    s.wasmBytes = this.instance.exports.mem.buffer.byteLength;
    return s;
  }

  /**
   * Trains model h; resolves to the History. spec: what Go's fitStart reads;
   * callbacks: callback objects (run synchronously inside Go's training
   * loop; a returned promise is awaited before the next slice; one that
   * throws stops training and fit rejects with its error) and
   * { earlyStopping } settings; yieldEvery: fit's option (default 'auto',
   * slices of autoMs). The worker's end passes afterSlice, awaited after
   * every slice but the last (it rejecting stops training as a callback's
   * error does), and settle, to let messages already sent (a stopTraining
   * right after fit) arrive before training begins. A model disposed during
   * fit (also from a callback) makes it reject.
   */
  async fit(h, x, y, spec, callbacks, yieldEvery, { autoMs = 10, afterSlice = null, settle = false } = {}) {
    const live = { disposed: false, stop: false, started: false };
    this.fits.set(h, live);
    try {
      if (settle) await yieldToEventLoop();
      // The first fit waits for load's background warm-up, so that no slice
      // of it pays for compiling the training path; the warm-up's second part
      // (heat) stops at its next epoch for it.
      if (this.warming && !this.warmUpModels.has(h)) {
        this.heatStop = true;
        await this.warming;
      }
      if (live.disposed) throw disposedDuringFit();
      const [mode, budget] = sliceMode(yieldEvery, autoMs);
      const state = { error: null, pending: [] };
      const goCallbacks = callbacks.map((c) => (c.earlyStopping ? c : wrapCallbacks(c, state)));
      this.go('fit', 'fitStart', h, x, y, spec, goCallbacks);
      for (;;) {
        if (live.disposed) throw disposedDuringFit();
        // A stop set before training began: one batch (training begins and
        // clears Go's flag), then the flag again.
        const early = live.stop && !live.started;
        const r = this.go('fit', 'fitRun', h, budget, early ? 'batch' : mode);
        live.started = true;
        if (early && !r.done && !live.disposed) this.go('fit', 'stopTraining', h, true);
        if (state.pending.length) {
          const p = state.pending;
          state.pending = [];
          await Promise.all(p);
        }
        if (afterSlice && !r.done && !state.error) {
          try {
            await afterSlice();
          } catch (e) {
            state.error = e;
          }
        }
        if (live.disposed) {
          if (!r.done) this.go('fit', 'fitAbort', h);
          throw disposedDuringFit();
        }
        if (state.error) {
          if (!r.done) this.go('fit', 'fitAbort', h);
          throw state.error;
        }
        if (r.done) return r.history;
        await yieldToEventLoop();
      }
    } finally {
      if (this.fits.get(h) === live) this.fits.delete(h);
    }
  }
}

/** The error of every call once the Go program has ended (reason: an exception it ended with). */
function stopped(call, reason) {
  const why = reason === undefined ? 'its Go program exited, most likely out of memory' : `its Go program failed: ${reason}`;
  return new Error(`${call}: the gotrain module has stopped (${why}); load it again`);
}

function disposedDuringFit() {
  return new Error('fit: the model was disposed during training');
}
