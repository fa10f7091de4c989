// direct.js: the transport of main-thread mode (and of the worker's own
// end): calls go straight into the Go instance on this thread. call(op,
// ...args) calls the Go export of that name and returns its value; the
// three calls that are more than one Go export are written here: fit
// (Go's fitStart, then fitRun in slices with the event loop in between,
// fitAbort when a callback failed), dispose (also ends a fit in progress)
// and memory (adds the instance's memory size).

import { wrapCallbacks } from './descriptions.js';
import { yieldToEventLoop } from './env.js';
import { sliceMode } from './specs.js';

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
    this.fits = new Map(); // handle → { disposed } of a fit in progress
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

  /** Calls the Go export fn; errors name call. A returned Error is thrown (with this stack). */
  go(call, fn, ...args) {
    if (this.exited) throw new Error(`${call}: the gotrain module has stopped; load it again`);
    let r;
    try {
      r = this.raw[fn](...args);
    } catch (e) {
      if (this.exited || /exited/.test(e?.message)) {
        this.exited = true;
        throw new Error(`${call}: the gotrain module has stopped; load it again`);
      }
      throw new Error(`${call}: ${e?.message ?? e}`);
    }
    if (r instanceof Error) throw new Error(r.message);
    return r;
  }

  /** The call op: its value (fit: a Promise of the History). */
  call(op, ...args) {
    switch (op) {
      case 'fit':
        return this.fit(...args);
      case 'dispose':
        return this.dispose(...args);
      case 'memory':
        return this.memory(...args);
      default:
        return this.go(op, op, ...args);
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

  /** Go's memory figures, and wasmBytes: the instance's memory. */
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
   * slices of autoMs).
   */
  async fit(h, x, y, spec, callbacks, yieldEvery, autoMs = 10) {
    // The first fit waits for load's background warm-up, so that no slice
    // of it pays for compiling the training path; the warm-up's second part
    // (heat) stops at its next epoch for it.
    if (this.warming && !this.warmUpModels.has(h)) {
      this.heatStop = true;
      await this.warming;
    }
    const [mode, budget] = sliceMode(yieldEvery, autoMs);
    const state = { error: null, pending: [] };
    const goCallbacks = callbacks.map((c) => (c.earlyStopping ? c : wrapCallbacks(c, state)));
    this.go('fit', 'fitStart', h, x, y, spec, goCallbacks);
    const live = { disposed: false };
    this.fits.set(h, live);
    try {
      for (;;) {
        if (live.disposed) throw new Error('fit: the model was disposed during training');
        const r = this.go('fit', 'fitRun', h, budget, mode);
        if (state.pending.length) {
          const p = state.pending;
          state.pending = [];
          await Promise.all(p);
        }
        if (state.error) {
          if (!r.done && !live.disposed) this.go('fit', 'fitAbort', h);
          throw state.error;
        }
        if (r.done) return r.history;
        await yieldToEventLoop();
      }
    } finally {
      this.fits.delete(h);
    }
  }
}
