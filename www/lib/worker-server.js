// worker-server.js: the worker's end of worker mode (gotrain-worker.js
// calls serveWorker; the protocol is described in worker-client.js). It
// starts gotrain.wasm in the worker and forwards every call to the direct
// transport under the name it came with: the public name is the Go
// export's. What a message cannot carry is rebuilt here: a fit's callbacks
// become functions that post 'cb' messages (the epoch and train ones wait
// for the page's answer, so stopTraining set there stops at that epoch;
// batch ones do not hold a batch up, but a slice that posted any ends with
// a 'sync' the page answers once it has run them, so that stopTraining or
// dispose() set in onBatchEnd takes effect before the next slice: within
// one slice, as on the main thread within one batch).

import { makeAPI } from './api.js';
import { AWAITED_CALLBACKS } from './descriptions.js';
import { startDirect } from './load.js';
import { messageOf } from './options.js';
import { trialHost } from './tune.js';

/** The calls after which a model's layer descriptions may differ; the result carries them. */
const CHANGES_LAYERS = new Set(['sequential', 'modelFromJSON', 'loadLayersModel', 'add', 'compile', 'adapt', 'fit']);
/** The calls that create a model: their value is its handle. */
const CREATES = new Set(['sequential', 'modelFromJSON', 'loadLayersModel']);

/**
 * Default slice length of a fit in the worker (ms). Nothing here needs
 * drawing, but a stopTraining (or a dispose) from the page is seen only
 * between slices: a stop takes effect within one slice, about 10 ms, as on
 * the main thread (with 20 ms it took 18-29 ms).
 */
const WORKER_SLICE_MS = 10;

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

/**
 * Serves the worker protocol on endpoint ep: { post(message, transfer?),
 * listen(f) } (a module Web Worker's self, or Node's parentPort).
 */
export function serveWorker(ep) {
  let t = null;
  const waiters = new Map(); // seq → resolve/reject of an awaited callback
  let seq = 1;

  /** Posts a message the page answers with a cbReply; resolves then (rejects if a callback failed). */
  const ask = (msg) => {
    const s = seq++;
    ep.post({ ...msg, seq: s });
    return new Promise((resolve, reject) => waiters.set(s, { resolve, reject }));
  };

  /**
   * fit's callbacks from the page: functions that post them back; and the
   * fit's afterSlice, which waits for the page to have run the batch
   * callbacks posted during the slice.
   */
  const callbacksOf = (id, list) => {
    let posted = false;
    const callbacks = list.map((c, index) => {
      if (c.earlyStopping) return c;
      const obj = {};
      for (const name of c.names) {
        const wait = AWAITED_CALLBACKS.includes(name);
        obj[name] = (...args) => {
          if (wait) return ask({ type: 'cb', id, index, name, args, wait });
          posted = true;
          ep.post({ type: 'cb', id, seq: seq++, index, name, args, wait });
          return undefined;
        };
      }
      return obj;
    });
    const afterSlice = () => {
      if (!posted) return undefined;
      posted = false;
      return ask({ type: 'sync', id });
    };
    return { callbacks, afterSlice };
  };

  // gt.tune's pool trials run here, on this worker's own API object (tune.js).
  let api = null;
  const trials = trialHost(() => (api ??= makeAPI(t, t.info)));

  const call = (m) => {
    if (m.op === 'tuneData' || m.op === 'tuneTrial') return trials[m.op](...m.args);
    if (m.op !== 'fit') return t.call(m.op, ...m.args);
    const [h, x, y, spec, list, yieldEvery] = m.args;
    const { callbacks, afterSlice } = callbacksOf(m.id, list);
    return t.call('fit', h, x, y, spec, callbacks, yieldEvery, { autoMs: WORKER_SLICE_MS, afterSlice, settle: true });
  };

  const layersAfter = (m, value) => {
    const h = CREATES.has(m.op) ? value : m.args[0];
    try {
      return [h, t.layers(h)];
    } catch {
      return [h, []]; // disposed meanwhile
    }
  };

  ep.listen(async (m) => {
    switch (m.type) {
      case 'init':
        try {
          t = await startDirect({ wasmURL: m.wasmURL, module: m.module, kernelModule: m.kernelModule, warmUp: m.warmUp, kernel: m.kernel, memoryLimit: m.memoryLimit });
          ep.post({ type: 'ready', ...t.info });
        } catch (e) {
          ep.post({ type: 'initError', message: e?.message ?? String(e) });
        }
        return;
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
          const value = await call(m);
          const msg = { type: 'result', id: m.id, ok: true, value };
          if (CHANGES_LAYERS.has(m.op)) msg.layers = layersAfter(m, value);
          ep.post(msg, buffers(value));
        } catch (e) {
          ep.post({ type: 'result', id: m.id, ok: false, message: messageOf(e, 1000) });
        }
    }
  });
}
