// load.js: load(), the one entry point: starts gotrain on this thread
// (start.js) or in a worker (worker-client.js) and returns the API object
// over that transport (api.js).

import { makeAPI } from './api.js';
import { options } from './options.js';
import { resolveURL, startDirect } from './start.js';
import { startWorker } from './worker-client.js';

/**
 * Loads gotrain. Options: wasmURL (default: gotrain.wasm next to
 * gotrain.js), worker: true to run everything in a dedicated worker
 * (browsers: a module Web Worker; Node: worker_threads), workerURL
 * (default gotrain-worker.js next to gotrain.js), warmUp: whether load
 * runs the training path in the background on small models, so that the
 * first fit neither pays for compiling it nor runs on the engine's slower
 * baseline code (default true, on the main thread and in worker mode:
 * ~250 ms of background work after load, during which memory().models
 * counts its two models and a Node script that only loads exits that much
 * later), kernel: which matrix kernel to use — 'auto' (default: the SIMD
 * kernel where WebAssembly SIMD is there, else the scalar one, else Go's
 * loops), 'simd', 'scalar' or 'go'. See API.md.
 */
export async function load(opts) {
  const o = options('load', opts, ['wasmURL', 'worker', 'workerURL', 'warmUp', 'kernel']);
  if (!o.worker) {
    const t = await startDirect(o);
    return makeAPI(t, t.info);
  }
  const workerURL = resolveURL(o.workerURL, 'gotrain-worker.js', 'workerURL');
  const wasmURL = resolveURL(o.wasmURL, 'gotrain.wasm').href;
  const { transport, info } = await startWorker(workerURL, { wasmURL, warmUp: o.warmUp ?? true, kernel: o.kernel ?? 'auto' });
  return makeAPI(transport, info);
}
