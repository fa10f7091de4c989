// gotrain-worker.js: the dedicated worker of gotrain's worker mode
// (load({ worker: true })). It loads gotrain.js and gotrain.wasm inside the
// worker and answers the main thread's messages; see gotrain.js. Works as a
// browser module worker and as a Node worker_threads worker.

import { _serveWorker } from './gotrain.js';

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  _serveWorker({
    post: (m, transfer) => self.postMessage(m, transfer ?? []),
    listen: (f) => self.addEventListener('message', (e) => f(e.data)),
  });
} else {
  const { parentPort } = await import('node:worker_threads');
  if (!parentPort) throw new Error('gotrain-worker.js runs as a worker only');
  _serveWorker({
    post: (m, transfer) => parentPort.postMessage(m, transfer ?? []),
    listen: (f) => parentPort.on('message', f),
  });
}
