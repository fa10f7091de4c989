// Worker mode in Node (load({ worker: true }) runs gotrain in a
// worker_threads worker): the same API, every method returning a Promise;
// callbacks arrive as messages; stopTraining is a message; errors reject
// with the same messages as in main-thread mode.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const { load, Matrix } = await import('../../www/gotrain.js');

let gt;
let loadMs;
before(async () => {
  const t0 = performance.now();
  gt = await load({ worker: true });
  loadMs = performance.now() - t0;
});
after(async () => {
  await gt.terminate();
});

test('worker mode: the Keras example, callbacks as messages, results revived', async (t) => {
  t.diagnostic(`load({ worker: true }) in Node: ${loadMs.toFixed(1)} ms`);
  assert.equal(gt.version, '0.1.0');
  assert.equal(gt.backend, 'simd');
  assert.equal(gt.worker, true);
  const data = await gt.data.builtin('circle', { n: 1000, noise: 0.05, seed: 1 });
  assert.ok(data.x instanceof Matrix);
  const [train, test] = await gt.data.split(data, { testFraction: 0.2, seed: 1 });
  const model = await gt.sequential({ seed: 42 });
  await model.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
  await model.add(gt.layers.dense({ units: 64, activation: 'relu' }));
  await model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  await model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  assert.equal(model.layers.length, 3, 'layers known synchronously');
  assert.match(await model.summary(), /Total params: 4,417|Total params: 4417/);
  assert.equal(await model.countParams(), 4417);
  const epochs = [];
  let batches = 0;
  const h = await model.fit(train.x, train.y, {
    epochs: 10,
    batchSize: 32,
    callbacks: { onEpochEnd: (e, logs) => epochs.push([e, logs.accuracy]), onBatchEnd: () => batches++ },
  });
  assert.deepEqual(h.epoch, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(epochs.map((e) => e[0]), h.epoch, 'onEpochEnd awaited in order');
  assert.equal(batches, 250);
  const { accuracy } = await model.evaluate(test.x, test.y);
  t.diagnostic(`worker mode test accuracy ${accuracy}`);
  assert.ok(accuracy >= 0.95);
  const p = await model.predict([[0, 0]]);
  assert.ok(p instanceof Matrix && p.data instanceof Float64Array);
  const tr = await model.trace([0, 0], 1);
  assert.ok(tr.layers[0].W instanceof Matrix && tr.layers[0].b instanceof Float64Array);
  const outs = await model.layerOutputs([[0, 0], [1, 1]]);
  assert.equal(outs.length, 3);
  const ws = await model.getWeights();
  await model.setWeights(ws);
  const copy = await gt.modelFromJSON(await model.toJSON());
  assert.deepEqual((await copy.predict([[1, 2]])).data, (await model.predict([[1, 2]])).data);
  assert.equal(copy.layers.length, 3);
  await copy.dispose();
  assert.deepEqual(await gt.metrics.confusionMatrix([0, 1], [1, 1], 2), [[0, 1], [0, 1]]);
  assert.equal((await gt.metrics.classReport([[1, 0], [0, 1]])).accuracy, 1);
  assert.deepEqual(Array.from(await gt.metrics.predictClasses([[0.9], [0.1]])), [1, 0]);
  assert.deepEqual((await gt.data.oneHot([1, 0])).array(), [[0, 1], [1, 0]]);
  await model.dispose();
});

test('worker mode: iris via parseCSV, normalization adapt, sequential({ layers }), trainOnBatch', async () => {
  const text = readFileSync(new URL('../../www/data/iris.csv', import.meta.url), 'utf8');
  const ds = await gt.data.parseCSV(text, { label: 'species' });
  const norm = gt.layers.normalization({ inputShape: [4] });
  await norm.adapt(ds.x); // not added yet: applied on add
  const m = await gt.sequential({ seed: 1, layers: [norm, gt.layers.dense({ units: 8, activation: 'relu' }), gt.layers.dense({ units: 3, activation: 'softmax' })] });
  assert.equal(norm.name, 'normalization_1');
  assert.equal(m.layers[0].adapted, true);
  await norm.adapt(ds.x); // in the model: adapts in the worker
  await m.compile({ optimizer: gt.train.adam(0.02), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  const loss = await m.trainOnBatch(ds.x, ds.y);
  assert.ok(Number.isFinite(loss));
  await m.fit(ds.x, ds.y, { epochs: 30, batchSize: 16 });
  assert.ok((await m.evaluate(ds.x, ds.y)).accuracy > 0.9);
  await m.dispose();
});

test('worker mode: stopTraining message, callback errors, misuse errors, module alive', async () => {
  const data = await gt.data.builtin('xor', { n: 200, seed: 3 });
  const m = await gt.sequential({ seed: 2, layers: [gt.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })] });
  await m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  // stopTraining from onEpochEnd (awaited in worker mode): stops at that epoch's end.
  const h = await m.fit(data.x, data.y, {
    epochs: 100,
    callbacks: {
      onEpochEnd: (e) => {
        if (e === 2) m.stopTraining = true;
      },
    },
  });
  assert.deepEqual(h.epoch, [0, 1, 2]);
  // stopTraining from outside while training.
  const p = m.fit(data.x, data.y, { epochs: 1_000_000, batchSize: 8 });
  await new Promise((r) => setTimeout(r, 100));
  m.stopTraining = true;
  const h2 = await p;
  assert.ok(h2.epoch.length < 1_000_000);
  // errors thrown by callbacks reject fit with that error
  const boom = new Error('boom');
  await assert.rejects(m.fit(data.x, data.y, { epochs: 5, callbacks: { onEpochEnd: () => { throw boom; } } }), (e) => e === boom);
  await assert.rejects(m.fit(data.x, data.y, { epochs: 5, callbacks: { onBatchEnd: (b) => { if (b === 1) throw boom; } } }), (e) => e === boom);
  // concurrent fit
  const f1 = m.fit(data.x, data.y, { epochs: 3 });
  await assert.rejects(m.fit(data.x, data.y), /^Error: fit: the model is already training$/);
  await f1;
  // misuse: same messages as main-thread mode
  await assert.rejects(m.fit([[1, 2, 3]], [0]), /^Error: fit: x has 3 columns but the model expects 2$/);
  await assert.rejects(m.compile({ loss: 'crossentropy' }), /^Error: compile: unknown loss 'crossentropy'/);
  await assert.rejects(m.fit(data.x, data.y, { epoch: 5 }), /fit: unknown option 'epoch'/);
  // a factory checks its settings at once, as on the main thread
  assert.throws(() => gt.layers.dense({ units: 2, activation: 'relu6' }), /^Error: dense: unknown activation 'relu6'/);
  await assert.rejects(m.predict([[NaN, 1]]), /predict: x row 0, column 0 is NaN/);
  await assert.rejects(gt.data.parseCSV('a,b\n1,x\n2,y\nz,3\n'), /parseCSV: row 4, column 'a': 'z' is not a number/);
  await assert.rejects(gt.modelFromJSON('{"format":"nope"}'), /^Error: modelFromJSON: /);
  await assert.rejects(m.save('downloads://x'), /^Error: save: downloads:\/\/ works only in a browser page/);
  await m.dispose();
  await assert.rejects(m.predict([[1, 2]]), /^Error: predict: the model has been disposed$/);
  assert.throws(() => {
    m.stopTraining = true;
  }, /stopTraining: the model has been disposed/);
  const mem = await gt.memory({ gc: true });
  assert.equal(mem.models, 0);
  const alive = await gt.sequential({ layers: [gt.layers.dense({ units: 1, inputShape: [1] })] });
  assert.deepEqual((await alive.predict([[1]])).shape, [1, 1]);
  await alive.dispose();
});

test('worker mode: proxies dropped without dispose() free their models in the worker', async () => {
  // A full collection on demand, without --expose-gc on the command line.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const before = (await gt.memory({ gc: true })).models;
  for (let i = 0; i < 50; i++) await gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 8, inputShape: [8] })] });
  for (let i = 0; i < 10 && (await gt.memory({ gc: true })).models > before + 5; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  const after = (await gt.memory({ gc: true })).models;
  assert.ok(after <= before + 5, `${after - before} of 50 dropped proxies still hold a model in the worker`);
});
