// Test page for build/test/browser_api.test.mjs: loads gotrain.js from the
// served www/ (mounted at /), in main-thread mode at once and in worker mode
// on demand. Training runs in tasks the page starts itself (setTimeout), so
// that Chromium's long-task observer sees them.

import { load } from '/gotrain.js';

const status = document.getElementById('status');

async function keras(gt, { epochs = 10, onEpoch } = {}) {
  const data = await gt.data.builtin('circle', { n: 1000, noise: 0.05, seed: 1 });
  const [train, test] = await gt.data.split(data, { testFraction: 0.2, seed: 1 });
  const model = await gt.sequential({ seed: 42 });
  await model.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
  await model.add(gt.layers.dense({ units: 64, activation: 'relu' }));
  await model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  await model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const t0 = performance.now();
  let batches = 0;
  const h = await model.fit(train.x, train.y, {
    epochs,
    batchSize: 32,
    callbacks: { onBatchEnd: () => batches++, onEpochEnd: onEpoch },
  });
  const fitMs = performance.now() - t0;
  const { accuracy } = await model.evaluate(test.x, test.y);
  const grid = await model.predict([[0, 0], [5, 5]]);
  await model.dispose();
  return { fitMs, accuracy, epochs: h.epoch.length, batches, grid: Array.from(grid.data) };
}

// Runs f in a task of the page's own, so its slices are ordinary tasks.
const inTask = (f) => new Promise((resolve, reject) => setTimeout(() => f().then(resolve, reject), 0));

const t0 = performance.now();
const gt = await load({ warmUp: new URLSearchParams(location.search).get('warmUp') !== 'false' });
window.readyMs = performance.now(); // navigation start → API ready
window.loadMs = performance.now() - t0;
window.gt = gt;
status.textContent = 'ready';

window.trainMain = () => inTask(() => keras(gt));

let gtw = null;
window.loadWorker = () =>
  inTask(async () => {
    const t1 = performance.now();
    gtw = await load({ worker: true });
    return { ms: performance.now() - t1, version: gtw.version, backend: gtw.backend };
  });

window.trainWorker = () => inTask(() => keras(gtw));

// stopTraining from the page while the worker trains: a message.
window.stopWorker = () =>
  inTask(async () => {
    const data = await gtw.data.builtin('xor', { n: 400, seed: 2 });
    const m = await gtw.sequential({ seed: 1, layers: [gtw.layers.dense({ units: 16, activation: 'tanh', inputShape: [2] }), gtw.layers.dense({ units: 1, activation: 'sigmoid' })] });
    await m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const p = m.fit(data.x, data.y, { epochs: 1_000_000, batchSize: 4 });
    await new Promise((r) => setTimeout(r, 300));
    m.stopTraining = true;
    const h = await p;
    await m.dispose();
    return { epochs: h.epoch.length };
  });

// Errors in the browser: thrown as Errors, module alive afterwards.
window.misuse = () =>
  inTask(async () => {
    const out = [];
    const m = gt.sequential({ layers: [gt.layers.dense({ units: 1, inputShape: [2] })] });
    for (const f of [() => m.predict([[1, 2, 3]]), () => gt.layers.dense({ units: 1, activation: 'nope' }), () => m.fit([[1, 2]], [1])]) {
      try {
        await f();
        out.push('no error');
      } catch (e) {
        out.push(`${e instanceof Error}: ${e.message}`);
      }
    }
    out.push(`alive: ${m.predict([[1, 2]]).shape}`);
    m.dispose();
    try {
      await gtw.modelFromJSON('{');
    } catch (e) {
      out.push(`${e instanceof Error}: ${e.message.slice(0, 15)}`);
    }
    return out;
  });
