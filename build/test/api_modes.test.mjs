// One Model class over two transports: the same script — every Model
// method, every gt function, and their misuses — runs in main-thread mode
// and in worker mode and must give the same values and the same error
// messages; in worker mode every call returns a Promise, on the main
// thread only fit, save and loadLayersModel do. And the worker protocol
// names each call as the public API and the Go export do.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { load, Matrix, Model } from '../../www/gotrain.js';
import { makeAPI } from '../../www/lib/api.js';
import { startDirect } from '../../www/lib/load.js';
import { startWorker } from '../../www/lib/worker-client.js';

const direct = await load({ warmUp: false });
const worker = await load({ worker: true, warmUp: false });
after(() => worker.terminate());

/** Two 3×3 images for gt.data.augment. */
const img = [[0, 0, 0, 0, 1, 0, 0, 0, 0], [0, 1, 0, 0, 1, 0, 0, 1, 0]];

const ALWAYS_ASYNC = new Set(['fit', 'save', 'loadLayersModel']);

/**
 * Runs every call of the API on gt and records { value } or { error } per
 * call, checking that each returns a Promise exactly when it should.
 */
async function script(gt) {
  const out = {};
  const mode = gt.worker ? 'worker' : 'main thread';
  const rec = async (name, f) => {
    const call = name.split(' ')[0];
    let r;
    try {
      r = f();
    } catch (e) {
      // Factories (gt.layers.*) stay synchronous in worker mode.
      assert.ok(!gt.worker || call === 'dense', `${mode}: ${name} threw instead of rejecting: ${e.message}`);
      out[name] = { error: e.message };
      return undefined;
    }
    const isPromise = r instanceof Promise;
    assert.equal(isPromise, gt.worker || ALWAYS_ASYNC.has(call), `${mode}: ${name} returned ${isPromise ? 'a Promise' : 'a value'}`);
    try {
      const value = await r;
      out[name] = { value: value instanceof Model ? 'a Model' : value };
      return value;
    } catch (e) {
      out[name] = { error: e.message };
      return undefined;
    }
  };

  // data
  const data = await rec('builtin', () => gt.data.builtin('moons', { n: 120, noise: 0.1, seed: 4 }));
  const [train, test] = await rec('split', () => gt.data.split(data, { testFraction: 0.25, seed: 2 }));
  await rec('parseCSV', () => gt.data.parseCSV('a,b,kind\n1,2,x\n3,4,y\n', { label: 'kind' }));
  await rec('oneHot', () => gt.data.oneHot([0, 2, 1]));
  await rec('augment', () => gt.data.augment(img, { imageShape: [3, 3], shift: 1, rotate: 10 }, { seed: 3 }));
  await rec('augment mixup', () => gt.data.augment(img, { mixup: 0.4, jitter: 0.1 }, { seed: 3, y: [[1, 0], [0, 1]] }));

  // building
  const model = await rec('sequential', () => gt.sequential({ seed: 9 }));
  const norm = gt.layers.normalization({ inputShape: [2] });
  await rec('adapt before add', () => norm.adapt(train.x));
  await rec('add normalization', () => model.add(norm));
  await rec('add dense', () => model.add(gt.layers.dense({ units: 6, activation: 'tanh', kernelRegularizer: gt.regularizers.l2(0.001) })));
  await rec('add dropout', () => model.add(gt.layers.dropout({ rate: 0.1 })));
  const last = gt.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' });
  await rec('add out', () => model.add(last));
  out.names = [norm.name, last.name];
  await rec('adapt in model', () => norm.adapt(train.x));
  await rec('compile', () => model.compile({ optimizer: gt.train.adam(0.02), loss: 'binaryCrossentropy', metrics: ['accuracy'] }));
  out.layers = model.layers;
  await rec('summary', () => model.summary());
  await rec('countParams', () => model.countParams());
  await rec('getConfig', () => model.getConfig());

  // training
  const events = [];
  await rec('fit', () =>
    model.fit(train.x, train.y, {
      epochs: 3,
      batchSize: 16,
      validationSplit: 0.2,
      callbacks: [
        { onEpochEnd: (e, logs) => events.push([e, Object.keys(logs).sort().join()]), onTrainEnd: () => events.push('end') },
        gt.callbacks.earlyStopping({ monitor: 'val_loss', patience: 5 }),
      ],
    }),
  );
  out.events = events;
  out.layersAfterFit = model.layers;
  const stopped = await rec('fit stopped in onEpochEnd', () =>
    model.fit(train.x, train.y, { epochs: 50, callbacks: { onEpochEnd: (e) => e === 1 && (model.stopTraining = true) } }),
  );
  out.stoppedEpochs = stopped?.epoch;
  model.stopTraining = false;
  out.stopTraining = model.stopTraining;
  await rec('trainOnBatch', () => model.trainOnBatch(train.x, train.y));

  // inference and looking inside
  await rec('predict', () => model.predict(test.x));
  await rec('evaluate', () => model.evaluate(test.x, test.y));
  await rec('evaluateReport', () => model.evaluateReport(test.x, test.y));
  const weights = await rec('getWeights', () => model.getWeights());
  await rec('setWeights', () => model.setWeights(weights));
  await rec('trace', () => model.trace(test.x.array()[0], test.y.data[0]));
  await rec('layerOutputs', () => model.layerOutputs(test.x));
  await rec('confusionMatrix', () => gt.metrics.confusionMatrix([0, 1, 1], [0, 0, 1], 2));
  await rec('classReport', () => gt.metrics.classReport([[1, 0], [1, 1]]));
  await rec('predictClasses', () => gt.metrics.predictClasses([[0.2], [0.9]]));

  // saving and loading
  const json = await rec('toJSON', () => model.toJSON());
  const copy = await rec('modelFromJSON', () => gt.modelFromJSON(json));
  await rec('predict copy', () => copy.predict(test.x));
  const artifacts = await rec('toTfjsArtifacts', () => model.toTfjsArtifacts());
  let saved;
  await rec('save', () => model.save({ save: async (a) => ((saved = a), { modelArtifactsInfo: { ok: true } }) }));
  out.savedIsArtifacts = saved.format === artifacts.format && saved.weightData.byteLength === artifacts.weightData.byteLength;
  const loaded = await rec('loadLayersModel', () => gt.loadLayersModel(saved));
  await rec('predict loaded', () => loaded.predict(test.x));

  // misuse: the same message at the same call
  const x = [[0, 1]];
  await rec('sequential bad layer', () => gt.sequential({ layers: [gt.layers.dense({ units: 1 }), 5] }));
  await rec('dense bad value in sequential', () => gt.sequential({ layers: [gt.layers.dense({ units: 0, inputShape: [2] })] }));
  await rec('add not a layer', () => model.add({ units: 3 }));
  await rec('add twice', () => model.add(last));
  await rec('dense bad activation in add', () => copy.add(gt.layers.dense({ units: 2, activation: 'relu6' })));
  await rec('dense unknown option', () => gt.layers.dense({ unit: 3 }));
  await rec('compile unknown loss', () => copy.compile({ loss: 'crossentropy' }));
  await rec('compile unknown setting', () => copy.compile({ optimizer: { name: 'adam', lr: 1 }, loss: 'mse' }));
  await rec('fit unknown option', () => model.fit(x, [0], { epoch: 5 }));
  await rec('fit columns', () => model.fit([[1, 2, 3]], [0]));
  await rec('fit yieldEvery', () => model.fit(x, [0], { yieldEvery: -1 }));
  await rec('fit callback', () => model.fit(x, [0], { callbacks: { onEpochEnds() {} } }));
  await rec('trainOnBatch label', () => model.trainOnBatch(x, [2]));
  await rec('predict NaN', () => model.predict([[NaN, 1]]));
  await rec('predict option', () => model.predict(x, { batch: 2 }));
  await rec('evaluate flat x', () => model.evaluate([1, 2], [0]));
  await rec('evaluateReport numClasses', () => model.evaluateReport(x, [0], { numClasses: 1.5 }));
  await rec('setWeights count', () => model.setWeights([{ data: [1] }]));
  await rec('trace y', () => model.trace([0, 1], [1, 0]));
  await rec('layerOutputs empty', () => model.layerOutputs([]));
  await rec('save destination', () => model.save('https://example.com/m'));
  await rec('modelFromJSON number', () => gt.modelFromJSON(42));
  await rec('modelFromJSON bad', () => gt.modelFromJSON('{"format":"nope"}'));
  await rec('loadLayersModel nothing', () => gt.loadLayersModel({}));
  await rec('parseCSV row', () => gt.data.parseCSV('a,b\n1,x\n2,y\nz,3\n'));
  await rec('split not a dataset', () => gt.data.split(5));
  await rec('builtin unknown', () => gt.data.builtin('square'));
  await rec('oneHot range', () => gt.data.oneHot([0, 5], 3));
  await rec('augment setting', () => gt.data.augment(img, { shfit: 1 }));
  await rec('augment shape', () => gt.data.augment(img, { imageShape: [2, 2], shift: 1 }, { seed: 1 }));
  await rec('confusionMatrix lengths', () => gt.metrics.confusionMatrix([0, 1], [0], 2));
  await rec('classReport ragged', () => gt.metrics.classReport([[1, 0], [1]]));
  await rec('predictClasses string', () => gt.metrics.predictClasses('x'));
  await rec('memory option', () => gt.memory({ gcc: true }));

  // disposal
  for (const m of [copy, loaded]) await rec('dispose', () => m.dispose());
  await rec('dispose model', () => model.dispose());
  out.isDisposed = model.isDisposed;
  await rec('dispose twice', () => model.dispose());
  for (const [name, f] of [
    ['add', () => model.add(gt.layers.dense({ units: 1 }))],
    ['compile', () => model.compile({ loss: 'mse' })],
    ['summary', () => model.summary()],
    ['countParams', () => model.countParams()],
    ['getConfig', () => model.getConfig()],
    ['fit', () => model.fit(x, [0])],
    ['trainOnBatch', () => model.trainOnBatch(x, [0])],
    ['predict', () => model.predict(x)],
    ['evaluate', () => model.evaluate(x, [0])],
    ['evaluateReport', () => model.evaluateReport(x, [0])],
    ['getWeights', () => model.getWeights()],
    ['setWeights', () => model.setWeights([])],
    ['trace', () => model.trace([0, 1], 0)],
    ['layerOutputs', () => model.layerOutputs(x)],
    ['toJSON', () => model.toJSON()],
    ['toTfjsArtifacts', () => model.toTfjsArtifacts()],
    ['save', () => model.save('downloads://m')],
    ['adapt', () => norm.adapt(x)],
  ]) {
    await rec(`${name} after dispose`, f);
  }
  try {
    model.stopTraining = true;
    out.stopAfterDispose = 'no error';
  } catch (e) {
    out.stopAfterDispose = e.message;
  }
  const mem = await rec('memory', () => gt.memory({ gc: true }));
  out.memoryKeys = Object.keys(mem).sort();
  out.models = mem.models;
  delete out.memory; // the figures differ between the two instances
  return out;
}

test('every Model method and gt function: the same values and errors in both modes', async (t) => {
  const a = await script(direct);
  const b = await script(worker);
  for (const k of Object.keys(a)) assert.deepEqual(b[k], a[k], `${k}: worker mode differs from main-thread mode`);
  assert.deepEqual(Object.keys(b), Object.keys(a));
  // A few spot checks that the script ran what it says.
  assert.ok(a.predict.value instanceof Matrix && a.predict.value.shape[1] === 1);
  assert.deepEqual(a.stoppedEpochs, [0, 1], 'stopTraining set in onEpochEnd ends fit at that epoch');
  assert.deepEqual(a.events.at(-1), 'end');
  assert.deepEqual(a.names, ['normalization_1', 'out']);
  assert.equal(a.layersAfterFit[0].adapted, true);
  assert.deepEqual(a['predict copy'], a.predict);
  assert.equal(a.savedIsArtifacts, true);
  assert.equal(a.isDisposed, true);
  assert.equal(a.models, 0, 'every model disposed');
  assert.equal(a.stopAfterDispose, 'stopTraining: the model has been disposed');
  const errors = Object.entries(a).filter(([, v]) => v?.error !== undefined);
  for (const [name, v] of errors) assert.ok(v.error.startsWith(`${name.split(' ')[0]}: `), `${name}: the error names the call: ${v.error}`);
  assert.notDeepEqual(a.augment.value.x.array(), img, 'augment changed the images');
  assert.deepEqual(a['augment mixup'].value.x.shape, [2, 9]);
  assert.deepEqual(a['augment mixup'].value.y.shape, [2, 2]);
  assert.match(a['augment setting']?.error ?? '', /^augment: .*shfit/, 'an unknown augment setting is refused');
  assert.equal(a['augment shape'].error, 'augment: imageShape [2, 2] needs 4 columns, but x has 9');
  assert.equal(a['sequential bad layer'].error, 'sequential: expected layers such as gt.layers.dense({ units: 1 }), got 5');
  assert.equal(a['predict after dispose'].error, 'predict: the model has been disposed');
  t.diagnostic(`${Object.keys(a).length} calls, ${errors.length} of them misuses, identical in both modes`);
});

test('the worker protocol names each call as the API and the Go export do; ready carries the layer kinds', async () => {
  const workerURL = new URL('../../www/gotrain-worker.js', import.meta.url);
  const wasmURL = new URL('../../www/gotrain.wasm', import.meta.url).href;
  const { transport, info } = await startWorker(workerURL, { wasmURL, warmUp: false, kernel: 'auto' });
  const ops = new Set();
  const post = transport.ep.post;
  transport.ep.post = (m) => {
    if (m.type === 'call') ops.add(m.op);
    return post(m);
  };
  const gt = makeAPI(transport, info);
  try {
    await script(gt);
  } finally {
    await gt.terminate();
  }
  const t = await startDirect({ warmUp: false });
  assert.deepEqual(info.layerKinds, t.info.layerKinds, "the worker's 'ready' carries the module's layer kinds");
  assert.deepEqual(Object.keys(gt.layers), t.info.layerKinds.map((k) => k.kind), 'gt.layers has one factory per kind the module describes');
  const goExports = new Set(Object.keys(t.raw));
  const missing = [...ops].filter((op) => (op === 'fit' ? !['fitStart', 'fitRun', 'fitAbort'].every((f) => goExports.has(f)) : !goExports.has(op)));
  assert.deepEqual(missing, [], 'every op the page posts is a Go export (fit: its three phases)');
  for (const op of ['sequential', 'add', 'compile', 'fit', 'predict', 'evaluateReport', 'toTfjsArtifacts', 'loadLayersModel', 'parseCSV', 'confusionMatrix', 'stopTraining', 'dispose', 'memory']) {
    assert.ok(ops.has(op), `the script posted ${op}`);
  }
});
