// gotrain-worker.js: the dedicated worker of gotrain's worker mode
// (load({ worker: true })). It starts gotrain.wasm inside the worker and
// answers the page's messages (lib/worker-server.js). Works as a browser
// module worker and as a Node worker_threads worker.

import { serveWorker } from './lib/worker-server.js';
// The modules it needs, listed so that they are requested at once rather
// than one level of imports after another (no side effects).
import './lib/api.js';
import './lib/descriptions.js';
import './lib/direct.js';
import './lib/env.js';
import './lib/kernel.js';
import './lib/load.js';
import './lib/matrix.js';
import './lib/model.js';
import './lib/options.js';
import './lib/specs.js';
import './lib/standalone.js';
import './lib/storage.js';
import './lib/teaching.js';
import './lib/tfjs-artifacts.js';
import './lib/tune.js';
import './lib/plan.js';
import './lib/folds.js';
import './lib/pcg.js';
import './lib/pool.js';
import './lib/worker-client.js';

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  serveWorker({
    post: (m, transfer) => self.postMessage(m, transfer ?? []),
    listen: (f) => self.addEventListener('message', (e) => f(e.data)),
  });
} else {
  // No top-level await: a bundler may write this worker as a classic
  // script (Vite's default worker format), which cannot hold one.
  import('node:worker_threads').then(({ parentPort }) => {
    if (!parentPort) throw new Error('gotrain-worker.js runs as a worker only');
    serveWorker({
      post: (m, transfer) => parentPort.postMessage(m, transfer ?? []),
      listen: (f) => parentPort.on('message', f),
    });
  });
}
