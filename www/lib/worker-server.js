// worker-server.js: the worker's end of worker mode (gotrain-worker.js
// calls serveWorker; the protocol is described in worker-client.js). It
// starts gotrain.wasm in the worker and forwards every call to the direct
// transport under the name it came with: the public name is the Go
// export's. What a message cannot carry is rebuilt here: a fit's callbacks
// become functions that post 'cb' messages (the epoch and train ones wait
// for the page's answer, so stopTraining set there stops at that epoch;
// batch ones do not hold training up).

import { AWAITED_CALLBACKS } from './descriptions.js';
import { startDirect } from './load.js';

/** The calls after which a model's layer descriptions may differ; the result carries them. */
const CHANGES_LAYERS = new Set(['sequential', 'modelFromJSON', 'loadLayersModel', 'add', 'compile', 'adapt', 'fit']);
/** The calls that create a model: their value is its handle. */
const CREATES = new Set(['sequential', 'modelFromJSON', 'loadLayersModel']);

/** Default slice length of a fit in the worker (ms): nothing to keep responsive here but messages. */
const WORKER_SLICE_MS = 20;

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

  /** fit's callbacks from the page: functions that post them back. */
  const callbacksOf = (id, list) =>
    list.map((c, index) => {
      if (c.earlyStopping) return c;
      const obj = {};
      for (const name of c.names) {
        const wait = AWAITED_CALLBACKS.includes(name);
        obj[name] = (...args) => {
          const s = seq++;
          ep.post({ type: 'cb', id, seq: s, index, name, args, wait });
          if (wait) return new Promise((resolve, reject) => waiters.set(s, { resolve, reject }));
          return undefined;
        };
      }
      return obj;
    });

  const call = (m) => {
    if (m.op !== 'fit') return t.call(m.op, ...m.args);
    const [h, x, y, spec, callbacks, yieldEvery] = m.args;
    return t.call('fit', h, x, y, spec, callbacksOf(m.id, callbacks), yieldEvery, WORKER_SLICE_MS);
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
          t = await startDirect({ wasmURL: m.wasmURL, warmUp: m.warmUp, kernel: m.kernel });
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
          ep.post({ type: 'result', id: m.id, ok: false, message: e?.message ?? String(e) });
        }
    }
  });
  ep.post({ type: 'hello' });
}
