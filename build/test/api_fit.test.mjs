// fit in main-thread mode (Node): callbacks run synchronously inside the Go
// training loop, stopTraining, callback errors and promises, concurrency,
// disposal, event-loop responsiveness while training, and memory across
// 1000 create/train/dispose cycles.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';

const { load } = await import('../../www/gotrain.js');

let gt;
let data;
before(async () => {
  gt = await load();
  data = gt.data.builtin('moons', { n: 200, noise: 0.1, seed: 5 });
});

function model(seed = 1, units = 8) {
  const m = gt.sequential({
    seed,
    layers: [gt.layers.dense({ units, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })],
  });
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

test('stopTraining set in onBatchEnd ends fit after exactly that batch, keeping the weights', async () => {
  const m = model();
  const before = m.getWeights();
  let batches = 0;
  const h = await m.fit(data.x, data.y, {
    epochs: 10,
    batchSize: 10, // 20 batches per epoch
    callbacks: {
      onBatchEnd: (b) => {
        batches++;
        if (batches === 27) m.stopTraining = true; // epoch 1, batch 6
      },
    },
  });
  assert.equal(batches, 27);
  assert.deepEqual(h.epoch, [0, 1], 'the partial epoch is logged');
  assert.notDeepEqual(m.getWeights(), before, 'what was learned is kept');
  // The next fit starts afresh.
  const h2 = await m.fit(data.x, data.y, { epochs: 2 });
  assert.equal(h2.epoch.length, 2);
  m.dispose();
});

test('stopTraining set from outside between slices stops the fit', async () => {
  const m = model(2, 32);
  let epochs = 0;
  const p = m.fit(data.x, data.y, { epochs: 100000, batchSize: 4, yieldEvery: 'batch', callbacks: { onEpochEnd: () => epochs++ } });
  await new Promise((r) => setTimeout(r, 50));
  m.stopTraining = true;
  const h = await p;
  assert.ok(h.epoch.length < 100000 && h.epoch.length === epochs);
  m.dispose();
});

test('a callback that throws stops training; fit rejects with that very error; the model stays usable', async () => {
  const m = model();
  const boom = new Error('boom');
  let after = 0;
  let ended = false;
  await assert.rejects(
    m.fit(data.x, data.y, {
      epochs: 5,
      callbacks: {
        onBatchEnd: (b) => {
          if (b === 3) throw boom;
          if (b > 3) after++;
        },
        onTrainEnd: () => {
          ended = true;
        },
      },
    }),
    (e) => e === boom,
  );
  assert.equal(after, 0, 'no batch callback after the error');
  assert.equal(ended, false, 'no onTrainEnd after an error');
  // A rejected promise from a callback does the same.
  await assert.rejects(m.fit(data.x, data.y, { epochs: 3, callbacks: { onEpochEnd: async () => { throw new Error('async boom'); } } }), /async boom/);
  const h = await m.fit(data.x, data.y, { epochs: 1 });
  assert.equal(h.epoch.length, 1);
  assert.ok(Number.isFinite(m.evaluate(data.x, data.y).loss));
  m.dispose();
});

test('a promise returned by a callback is awaited before training goes on', async () => {
  const m = model();
  const log = [];
  await m.fit(data.x, data.y, {
    epochs: 3,
    yieldEvery: 'never',
    callbacks: {
      onEpochBegin: (e) => log.push(`begin ${e}`),
      onEpochEnd: async (e) => {
        await new Promise((r) => setTimeout(r, 20));
        log.push(`end ${e} resolved`);
      },
    },
  });
  assert.deepEqual(log, ['begin 0', 'end 0 resolved', 'begin 1', 'end 1 resolved', 'begin 2', 'end 2 resolved']);
  m.dispose();
});

test('callbacks may predict and read weights; fit twice, compile, add during fit are errors', async () => {
  const m = model();
  const grid = [[0, 0], [1, 1]];
  let predictions = 0;
  const errors = [];
  const p = m.fit(data.x, data.y, {
    epochs: 3,
    yieldEvery: 'batch',
    callbacks: {
      onEpochEnd: () => {
        predictions += m.predict(grid).shape[0];
        m.getWeights();
        m.trace([0, 0], 1);
        for (const f of [() => m.compile({ loss: 'mse' }), () => m.add(gt.layers.dense({ units: 1 })), () => m.trainOnBatch(grid, [0, 1])]) {
          try {
            f();
          } catch (e) {
            errors.push(e.message);
          }
        }
      },
    },
  });
  await assert.rejects(m.fit(data.x, data.y), /^Error: fit: the model is already training$/);
  const h = await p;
  assert.equal(h.epoch.length, 3);
  assert.equal(predictions, 6);
  assert.equal(errors.length, 9);
  assert.ok(errors.every((e) => /^(compile|add|trainOnBatch): the model is training/.test(e)), errors.join('\n'));
  m.dispose();
});

test('dispose during fit rejects the fit; the module keeps working', async () => {
  const m = model();
  const p = m.fit(data.x, data.y, { epochs: 1000, yieldEvery: 'batch' });
  await new Promise((r) => setImmediate(r));
  m.dispose();
  await assert.rejects(p, /fit: the model was disposed during training/);
  const m2 = model();
  await m2.fit(data.x, data.y, { epochs: 1, callbacks: { onBatchEnd: (b) => b === 2 && m2.dispose() } }).then(
    () => assert.fail('fit resolved'),
    (e) => assert.match(e.message, /disposed/),
  );
  const m3 = model();
  assert.equal((await m3.fit(data.x, data.y, { epochs: 1 })).epoch.length, 1);
  m3.dispose();
  assert.equal(gt.memory().models, 0);
});

// Responsiveness: a probe on the event loop measures the gaps between its
// turns while fit runs. On a loaded machine the OS may deschedule the whole
// process, which shows up as wall-clock gaps without CPU time, so each gap is
// also measured in process CPU time; the smaller of the two is the time the
// event loop was held by work.
test('main-thread fit yields: event-loop gaps stay well below 50 ms', async (t) => {
  const m = gt.sequential({
    seed: 3,
    layers: [
      gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }),
      gt.layers.dense({ units: 64, activation: 'relu' }),
      gt.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  const big = gt.data.builtin('circle', { n: 2000, seed: 1 });
  const gaps = [];
  let lastWall = performance.now();
  let lastCpu = process.cpuUsage();
  let running = true;
  const tick = () => {
    if (!running) return;
    const w = performance.now();
    const c = process.cpuUsage();
    const cpuMs = (c.user - lastCpu.user + c.system - lastCpu.system) / 1000;
    gaps.push({ wall: w - lastWall, cpu: cpuMs, busy: Math.min(w - lastWall, cpuMs) });
    lastWall = w;
    lastCpu = c;
    setImmediate(tick);
  };
  setImmediate(tick);
  const t0 = performance.now();
  // Enough epochs for many slices even with the SIMD kernel (≈ 0.5 s of training).
  await m.fit(big.x, big.y, { epochs: 60, batchSize: 32, validationSplit: 0.2 });
  const total = performance.now() - t0;
  running = false;
  m.dispose();
  const sorted = (k) => gaps.map((g) => g[k]).sort((a, b) => a - b);
  const q = (a, p) => a[Math.min(a.length - 1, Math.floor(p * a.length))];
  const wall = sorted('wall');
  const busy = sorted('busy');
  t.diagnostic(
    `fit ${total.toFixed(0)} ms, ${gaps.length} event-loop turns; gap wall-clock: median ${q(wall, 0.5).toFixed(1)} ms, ` +
      `p99 ${q(wall, 0.99).toFixed(1)} ms, max ${wall.at(-1).toFixed(1)} ms; busy (min of wall and CPU): p99 ${q(busy, 0.99).toFixed(1)} ms, max ${busy.at(-1).toFixed(1)} ms`,
  );
  assert.ok(gaps.length >= 20, `only ${gaps.length} turns`);
  assert.ok(q(busy, 0.95) < 50, `95th percentile busy gap ${q(busy, 0.95)} ms`);
});

test('1000 create/train/dispose cycles do not grow memory without bound', async (t) => {
  const x = gt.data.builtin('xor', { n: 64, seed: 2 });
  const cycle = async (i) => {
    const m = gt.sequential({
      seed: i,
      layers: [gt.layers.normalization(), gt.layers.dense({ units: 16, activation: 'tanh' }), gt.layers.dropout({ rate: 0.1 }), gt.layers.dense({ units: 1, activation: 'sigmoid' })],
    });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await m.fit(x.x, x.y, { epochs: 1, batchSize: 16, callbacks: { onBatchEnd: () => {} } });
    m.predict(x.x);
    m.trace([0, 0], 1);
    gt.modelFromJSON(m.toJSON()).dispose();
    await assert.rejects(m.fit([[1, 2, 3]], [0]), /fit: x has 3 columns/); // an error on every cycle too
    assert.throws(() => m.predict([[1]]), /predict: x has 1 columns/);
    m.dispose();
  };
  for (let i = 0; i < 100; i++) await cycle(i);
  const after100 = gt.memory({ gc: true });
  for (let i = 100; i < 1000; i++) await cycle(i);
  const after1000 = gt.memory({ gc: true });
  t.diagnostic(
    `after 100 cycles: wasm memory ${(after100.wasmBytes / 2 ** 20).toFixed(1)} MiB, Go heap in use ${(after100.heapAlloc / 2 ** 20).toFixed(2)} MiB; ` +
      `after 1000: ${(after1000.wasmBytes / 2 ** 20).toFixed(1)} MiB, ${(after1000.heapAlloc / 2 ** 20).toFixed(2)} MiB; live models ${after1000.models}, exported funcs ${after1000.funcs}`,
  );
  assert.equal(after1000.models, 0);
  assert.equal(after1000.funcs, after100.funcs, 'no js.Func created per call');
  assert.ok(after1000.wasmBytes <= after100.wasmBytes + 8 * 2 ** 20, `wasm memory grew from ${after100.wasmBytes} to ${after1000.wasmBytes}`);
  assert.ok(after1000.heapAlloc <= after100.heapAlloc + 2 * 2 ** 20, `Go heap grew from ${after100.heapAlloc} to ${after1000.heapAlloc}`);
});

// load()'s background warm-up (warm, then heat: two small MLPs trained for
// up to 250 ms so that the engine's optimizing tier compiles the training
// path) must clean up after itself and give way to a fit of the user's.
test('the warm-up disposes of its models and ends on its own', async () => {
  const g = await load();
  const deadline = Date.now() + 5000;
  let sawWarmUp = false;
  for (;;) {
    const n = g.memory().models;
    if (n > 0) sawWarmUp = true;
    if (n === 0 && sawWarmUp) break;
    assert.ok(Date.now() < deadline, `warm-up models still live after 5 s: ${n}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.ok(sawWarmUp, 'no warm-up model was ever live');
});

test('a fit started at once, during the warm-up, trains and leaves only its own model', async () => {
  const g = await load();
  const d = g.data.builtin('moons', { n: 64, noise: 0.1, seed: 2 });
  const m = g.sequential({ seed: 3, layers: [g.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), g.layers.dense({ units: 1, activation: 'sigmoid' })] });
  m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
  const h = await m.fit(d.x, d.y, { epochs: 3, batchSize: 16 });
  assert.equal(h.history.loss.length, 3);
  // The warm-up's models are gone by the time the fit has its turn.
  assert.equal(g.memory().models, 1, 'live models after the fit: only the user\'s');
  m.dispose();
});

test('load({ warmUp: false }) starts no warm-up model', async () => {
  const g = await load({ warmUp: false });
  for (let i = 0; i < 20; i++) {
    assert.equal(g.memory().models, 0);
    await new Promise((r) => setTimeout(r, 5));
  }
});
