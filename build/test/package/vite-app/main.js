// A Vite app using the gotrain package (build/test/package.test.mjs):
// trains on the main thread, or with ?worker in worker mode, whose worker
// Vite bundles from 'gotrain/worker' (with ?worker&default: the worker
// gotrain names itself, no workerURL); writes what happened as JSON.
import { load } from 'gotrain';
import workerURL from 'gotrain/worker?worker&url';

const out = document.getElementById('out');
const params = new URLSearchParams(location.search);
const worker = params.has('worker');
try {
  const gt = await load(worker ? (params.has('default') ? { worker: true } : { worker: true, workerURL }) : {});
  const data = await gt.data.builtin('circle', { n: 400, noise: 0.05, seed: 1 });
  const model = await gt.sequential({ seed: 42 });
  await model.add(gt.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }));
  await model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  await model.compile({ optimizer: gt.train.adam(0.02), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const history = await model.fit(data.x, data.y, { epochs: 20, batchSize: 32 });
  const { accuracy } = await model.evaluate(data.x, data.y);
  out.textContent = JSON.stringify({ backend: gt.backend, worker: gt.worker, epochs: history.epoch.length, accuracy });
} catch (e) {
  out.textContent = JSON.stringify({ error: String(e?.message ?? e) });
}
