// The JavaScript API of gotrain (www/gotrain.js + www/gotrain.wasm) in Node,
// main-thread mode: every API function and option, the Keras example, real
// datasets from www/data, gradients against finite differences,
// reproducibility, misuse errors, and the cost of moving numbers across the
// JS/wasm boundary. Run `make build` first (make test does).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const www = path.join(root, 'www');
const csv = (name) => readFileSync(path.join(www, 'data', name), 'utf8');

if (!existsSync(path.join(www, 'gotrain.wasm'))) throw new Error('www/gotrain.wasm missing: run `make build`');

const { load, Matrix } = await import('../../www/gotrain.js');

let gt;
let loadMs;
before(async () => {
  const t0 = performance.now();
  gt = await load();
  loadMs = performance.now() - t0;
});

// A quick check that the module still works after an error.
function alive() {
  const m = gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 1, inputShape: [2] })] });
  const p = m.predict([[1, 2]]);
  assert.equal(p.shape[0], 1);
  m.dispose();
}

const accuracyOf = (model, x, y) => model.evaluate(x, y).accuracy;

test('load: version, backend, no leaked globals, independent instances', async (t) => {
  assert.equal(gt.version, '0.1.0');
  assert.equal(gt.backend, 'simd', 'Node 20 has WebAssembly SIMD, so the SIMD kernel runs');
  assert.equal(gt.worker, false);
  assert.deepEqual(Object.keys(globalThis).filter((k) => k.startsWith('__gotrain')), []);
  const t0 = performance.now();
  const gt2 = await load({ wasmURL: new URL('../../www/gotrain.wasm', import.meta.url) });
  const second = performance.now() - t0;
  t.diagnostic(`load() in Node: first ${loadMs.toFixed(1)} ms, second ${second.toFixed(1)} ms (compile + start)`);
  const a = gt.sequential({ seed: 3, layers: [gt.layers.dense({ units: 2, inputShape: [2] })] });
  const b = gt2.sequential({ seed: 3, layers: [gt2.layers.dense({ units: 2, inputShape: [2] })] });
  assert.deepEqual(a.getWeights(), b.getWeights());
  a.dispose();
  assert.equal(b.predict([[1, 1]]).shape[1], 2, 'the other instance is unaffected');
  await assert.rejects(load({ wasmURL: 'no/such/file.wasm' }), /ENOENT|no such file/);
  await assert.rejects(load({ wasm: 'x' }), /load: unknown option 'wasm'/);
  await assert.rejects(load({ kernel: 'avx' }), /load: kernel must be 'auto', 'simd', 'scalar' or 'go'/);
});

test('load({ kernel }): every kernel path trains to the same bits', async () => {
  const x = gt.data.builtin('spiral', { n: 200, noise: 0.05, seed: 2 });
  const results = [];
  for (const kernel of ['simd', 'scalar', 'go']) {
    const g = kernel === 'simd' ? gt : await load({ kernel, warmUp: false });
    assert.equal(g.backend, kernel);
    const m = g.sequential({ seed: 5, layers: [g.layers.dense({ units: 16, activation: 'relu', inputShape: [2] }), g.layers.dense({ units: 1, activation: 'sigmoid' })] });
    m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const h = await m.fit(x.x, x.y, { epochs: 2, batchSize: 32 });
    results.push({ kernel, loss: h.history.loss, w: m.getWeights().map((w) => Array.from(w.data)) });
    m.dispose();
  }
  for (const r of results.slice(1)) {
    assert.deepEqual(r.loss, results[0].loss, `${r.kernel} losses equal simd's`);
    assert.deepEqual(r.w, results[0].w, `${r.kernel} weights equal simd's bit for bit`);
  }
});

// The README's example, verbatim apart from the import path.
test('Keras example: Dense 64 relu, 64 relu, 1 sigmoid on circle reaches ≥ 0.95', async (t) => {
  const data = gt.data.builtin('circle', { n: 1000, noise: 0.05, seed: 1 });
  const [train, test] = gt.data.split(data, { testFraction: 0.2, seed: 1 });

  const model = gt.sequential({ seed: 42 });
  model.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
  model.add(gt.layers.dense({ units: 64, activation: 'relu' }));
  model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });

  const history = await model.fit(train.x, train.y, {
    epochs: 10,
    batchSize: 32,
    callbacks: { onEpochEnd: (epoch, logs) => t.diagnostic(`epoch ${epoch}: loss ${logs.loss.toFixed(4)}, accuracy ${logs.accuracy.toFixed(4)}`) },
  });
  const { loss, accuracy } = model.evaluate(test.x, test.y);
  t.diagnostic(`test loss ${loss.toFixed(4)}, test accuracy ${accuracy}`);
  const p = model.predict([[0, 0], [5, 5]]).array(); // inside the circle, far outside
  model.dispose();

  assert.deepEqual(history.epoch, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(history.history.loss.length, 10);
  assert.ok(history.history.loss[9] < history.history.loss[0]);
  assert.ok(accuracy >= 0.95, `test accuracy ${accuracy}`);
  assert.ok(p[0][0] > 0.5 && p[1][0] < 0.5, JSON.stringify(p));
});

test('iris from CSV: normalization + softmax, ≥ 0.9 test accuracy', async (t) => {
  const ds = gt.data.parseCSV(csv('iris.csv'), { label: 'species' });
  assert.deepEqual(ds.featureNames, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  assert.deepEqual(ds.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(ds.x.shape, [150, 4]);
  assert.deepEqual(ds.y.shape, [150, 1]);
  const [train, test] = gt.data.split(ds, { testFraction: 0.2, seed: 1, stratify: true });
  assert.deepEqual(test.x.shape, [30, 4]);

  const model = gt.sequential({
    seed: 1,
    layers: [
      gt.layers.normalization({ inputShape: [4] }),
      gt.layers.dense({ units: 16, activation: 'relu' }),
      gt.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: gt.train.adam(0.01), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'f1'] });
  const h = await model.fit(train.x, train.y, { epochs: 60, batchSize: 16, validationSplit: 0.1 });
  assert.ok('val_loss' in h.history && 'val_accuracy' in h.history && 'f1' in h.history, Object.keys(h.history).join());
  const norm = model.layers[0];
  assert.equal(norm.adapted, true, 'normalization adapted on the first fit');
  assert.equal(norm.mean.length, 4);
  const acc = accuracyOf(model, test.x, test.y);
  const classes = gt.metrics.predictClasses(model.predict(test.x));
  const cm = gt.metrics.confusionMatrix(test.y, classes, 3);
  const report = gt.metrics.classReport(cm);
  t.diagnostic(`iris test accuracy ${acc.toFixed(3)}, confusion ${JSON.stringify(cm)}, macro F1 ${report.macroF1.toFixed(3)}`);
  assert.ok(acc >= 0.9, `iris accuracy ${acc}`);
  assert.ok(Math.abs(report.accuracy - acc) < 1e-12);
  assert.equal(cm.flat().reduce((a, b) => a + b), 30);
  model.dispose();
});

test('digits from CSV: one-hot + categoricalCrossentropy, ≥ 0.9 test accuracy', async (t) => {
  const ds = gt.data.parseCSV(csv('digits.csv')); // label defaults to the last column
  assert.equal(ds.classNames, null, 'numeric labels stay numbers');
  assert.deepEqual(ds.x.shape, [1797, 64]);
  const [train, test] = gt.data.split(ds, { testFraction: 0.2, seed: 7, stratify: true });
  const yTrain = gt.data.oneHot(train.y, 10);
  assert.deepEqual(yTrain.shape, [train.y.shape[0], 10]);
  const norm = gt.layers.normalization();
  norm.adapt(train.x); // before add: kept and applied when added
  const model = gt.sequential({ seed: 3 });
  model.add(norm);
  model.add(gt.layers.dense({ units: 64, activation: 'relu', kernelRegularizer: gt.regularizers.l2({ l2: 1e-4 }) }));
  model.add(gt.layers.dropout({ rate: 0.1 }));
  model.add(gt.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  assert.equal(norm.name, 'normalization_1');
  await model.fit(train.x, yTrain, { epochs: 10, batchSize: 32 });
  const acc = model.evaluate(test.x, gt.data.oneHot(test.y, 10)).accuracy;
  const classes = gt.metrics.predictClasses(model.predict(test.x));
  assert.ok(classes instanceof Int32Array);
  const cm = gt.metrics.confusionMatrix(test.y, classes); // numClasses inferred
  t.diagnostic(`digits test accuracy ${acc.toFixed(3)}`);
  assert.ok(acc >= 0.9, `digits accuracy ${acc}`);
  assert.equal(cm.length, 10);
  model.dispose();
});

test('trace: dLdW and dLdb match finite differences of evaluate on that row', () => {
  const model = gt.sequential({
    seed: 5,
    layers: [
      gt.layers.dense({ units: 3, activation: 'tanh', inputShape: [2], kernelRegularizer: gt.regularizers.l1l2({ l1: 0.001, l2: 0.01 }) }),
      gt.layers.dense({ units: 4, activation: 'elu' }),
      gt.layers.dense({ units: 3, activation: 'softmax', useBias: true }),
    ],
  });
  model.compile({ optimizer: gt.train.momentum(0.1, 0.9, true), loss: 'sparseCategoricalCrossentropy' });
  const x = [0.3, -0.7];
  const y = 2;
  const tr = model.trace(x, y);
  const base = model.getWeights();
  const lossAt = (ws) => {
    model.setWeights(ws);
    return model.evaluate([x], [y]).loss;
  };
  assert.ok(Math.abs(tr.loss - lossAt(base)) < 1e-12, 'trace loss equals evaluate loss');
  const eps = 1e-6;
  let checked = 0;
  tr.layers.forEach((l, li) => {
    assert.ok(l.W instanceof Matrix && l.dLdW instanceof Matrix && l.deltaW instanceof Matrix);
    assert.deepEqual(l.W.shape, base[2 * li].shape);
    assert.deepEqual(l.dLdW.shape, l.W.shape);
    for (const [wi, grad] of [[2 * li, l.dLdW.data], [2 * li + 1, l.dLdb]]) {
      for (let k = 0; k < grad.length; k++) {
        const plus = base.map((w) => ({ ...w, data: w.data.slice() }));
        const minus = base.map((w) => ({ ...w, data: w.data.slice() }));
        plus[wi].data[k] += eps;
        minus[wi].data[k] -= eps;
        const fd = (lossAt(plus) - lossAt(minus)) / (2 * eps);
        assert.ok(Math.abs(fd - grad[k]) <= 1e-6 * Math.max(1, Math.abs(fd)), `layer ${li} weights ${wi} [${k}]: trace ${grad[k]}, finite difference ${fd}`);
        checked++;
      }
    }
  });
  model.setWeights(base);
  assert.equal(checked, 2 * 3 + 3 + 3 * 4 + 4 + 4 * 3 + 3);
  // The rest of the trace.
  const l0 = tr.layers[0];
  for (const k of ['input', 'z', 'a', 'dLda', 'dLdz', 'b', 'dLdb', 'deltaB']) assert.ok(l0[k] instanceof Float64Array, k);
  assert.deepEqual(Array.from(l0.input), x);
  assert.equal(l0.name, 'dense_1');
  assert.equal(l0.kind, 'dense');
  assert.equal(l0.activation, 'tanh');
  assert.equal(tr.optimizer.name, 'momentum');
  assert.equal(tr.optimizer.step, 0);
  assert.equal(tr.optimizer.config.nesterov, true);
  // Δw for momentum at step 1 (velocity 0): -lr·(g + μ·g) with Nesterov.
  const g = l0.dLdW.data[0];
  assert.ok(Math.abs(l0.deltaW.data[0] - -0.1 * (g + 0.9 * g)) < 1e-12);
  assert.equal(tr.output.length, 3);
  model.trainOnBatch([x], [y]);
  const tr2 = model.trace(x, y);
  assert.equal(tr2.optimizer.step, 1);
  assert.ok(tr2.layers[0].stateW.velocity instanceof Matrix, 'optimizer state after a step');
  assert.ok(tr2.optimizer.state['dense_1/kernel'].velocity instanceof Matrix);
  model.dispose();
});

test('same seed ⇒ identical history and weights; another seed differs', async () => {
  const data = gt.data.builtin('spiral', { n: 300, noise: 0.05, seed: 2 });
  const run = async (seed) => {
    const m = gt.sequential({
      seed,
      layers: [
        gt.layers.dense({ units: 16, activation: 'tanh', inputShape: [2], kernelInitializer: 'heNormal' }),
        gt.layers.dropout({ rate: 0.2 }),
        gt.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    m.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy', metrics: ['accuracy', 'precision', 'recall'] });
    const h = await m.fit(data.x, data.y, { epochs: 5, batchSize: 16, validationSplit: 0.2, yieldEvery: 'batch' });
    const w = m.getWeights();
    m.dispose();
    return { h, w };
  };
  const a = await run(11);
  const b = await run(11);
  const c = await run(12);
  assert.deepEqual(a.h, b.h);
  assert.deepEqual(a.w, b.w);
  assert.notDeepEqual(a.h.history.loss, c.h.history.loss);
  assert.deepEqual(Object.keys(a.h.history).sort(), ['accuracy', 'loss', 'precision', 'recall', 'val_accuracy', 'val_loss', 'val_precision', 'val_recall']);
  assert.deepEqual(a.h.params, { epochs: 5, batchSize: 16, steps: 15, metrics: Object.keys(a.h.history).sort() });
});

test('every API function and option', async (t) => {
  // tensor2d and Matrix
  const m1 = gt.tensor2d(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
  assert.ok(m1 instanceof Matrix && m1.data instanceof Float64Array);
  assert.deepEqual(m1.array(), [[1, 2], [3, 4], [5, 6]]);
  const src = new Float64Array([1, 2, 3, 4]);
  const m2 = gt.tensor2d(src, [2, 2]);
  src[0] = 9;
  assert.equal(m2.data[0], 1, 'tensor2d copies');
  assert.deepEqual(gt.tensor2d([1, 2, 3, 4], [1, 4]).shape, [1, 4]);
  assert.deepEqual(gt.tensor2d([[1, 2], [3, 4]]).array(), [[1, 2], [3, 4]]);
  assert.ok(gt.Matrix === Matrix);

  // builtin datasets and their options
  for (const name of ['circle', 'xor', 'gaussian', 'spiral', 'moons']) {
    const d = gt.data.builtin(name, { n: 50, noise: 0.1, seed: 3 });
    assert.deepEqual(d.x.shape, [50, 2], name);
    assert.deepEqual(d.featureNames, ['x1', 'x2']);
    assert.equal(d.classNames, null);
  }
  assert.deepEqual(gt.data.builtin('xor').x.shape, [500, 2], 'defaults: n 500');
  assert.deepEqual(gt.data.builtin('xor').x.data, gt.data.builtin('xor', { seed: 1 }).x.data, 'default seed 1');

  // parseCSV label option, split options
  const text = 'a,kind,b\n1,cat,2\n3,dog,4\n5,cat,6\n7,dog,8\n';
  const ds = gt.data.parseCSV(text, { label: 'kind' });
  assert.deepEqual(ds.featureNames, ['a', 'b']);
  assert.deepEqual(ds.classNames, ['cat', 'dog']);
  assert.deepEqual(Array.from(ds.y.data), [0, 1, 0, 1]);
  const [tr1, te1] = gt.data.split(ds, { testFraction: 0.5, seed: 9, stratify: true });
  assert.deepEqual([tr1.x.shape[0], te1.x.shape[0]], [2, 2]);
  assert.deepEqual(Array.from(te1.y.data).sort(), [0, 1]);
  const [tr2] = gt.data.split({ x: [[1], [2], [3], [4], [5]], y: [0, 1, 0, 1, 0] });
  assert.equal(tr2.x.shape[0], 4, 'default testFraction 0.2, plain arrays accepted');
  assert.deepEqual(gt.data.oneHot([2, 0]).array(), [[0, 0, 1], [1, 0, 0]]);

  // metrics helpers
  assert.deepEqual(gt.metrics.confusionMatrix([0, 1, 1], new Int32Array([0, 0, 1]), 2), [[1, 0], [1, 1]]);
  const rep = gt.metrics.classReport([[1, 0], [1, 1]]);
  assert.deepEqual(Object.keys(rep).sort(), ['accuracy', 'f1', 'macroF1', 'macroPrecision', 'macroRecall', 'precision', 'recall']);
  assert.deepEqual(Array.from(gt.metrics.predictClasses([[0.2], [0.7]])), [0, 1]);

  // Layers: every option; activations; initializers; regularizers
  const acts = ['linear', 'relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softmax', 'softplus'];
  const inits = ['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'zeros'];
  const model = gt.sequential({ seed: 4 });
  model.add(gt.layers.dense({ units: 3, inputDim: 2, name: 'first', useBias: false, kernelInitializer: 'zeros', kernelRegularizer: gt.regularizers.l1({ l1: 0.01 }) }));
  acts.forEach((activation, i) =>
    model.add(gt.layers.dense({ units: 3, activation, kernelInitializer: inits[i % inits.length], kernelRegularizer: i % 2 ? gt.regularizers.l2(0.001) : 'l1l2' })),
  );
  model.add(gt.layers.dropout({ rate: 0.5 }));
  model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  const layers = model.layers;
  assert.equal(layers.length, acts.length + 3);
  assert.deepEqual(
    { name: layers[0].name, kind: layers[0].kind, units: layers[0].units, useBias: layers[0].useBias, inputDim: layers[0].inputDim, outputDim: layers[0].outputDim, init: layers[0].kernelInitializer, reg: layers[0].kernelRegularizer },
    { name: 'first', kind: 'dense', units: 3, useBias: false, inputDim: 2, outputDim: 3, init: 'zeros', reg: { l1: 0.01, l2: 0 } },
  );
  assert.deepEqual(layers.slice(1, 1 + acts.length).map((l) => l.activation), acts);
  assert.equal(layers.at(-2).rate, 0.5);
  assert.equal(model.getConfig().seed, 4);
  assert.equal(model.countParams(), 2 * 3 + acts.length * 12 + 4);
  assert.match(model.summary(), /Total params: /);
  const lines = [];
  assert.equal(model.summary((l) => lines.push(l)), lines.join('\n'));

  // Every loss and optimizer (strings and gt.train.*) and every metric, one trainOnBatch each.
  const x = [[0, 1], [1, 0], [1, 1], [0, 0]];
  const optimizers = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad', gt.train.sgd(0.1), gt.train.momentum(0.1), gt.train.momentum(0.1, 0.5, true),
    gt.train.adam(), gt.train.adam(0.01, 0.8, 0.99, 1e-8), gt.train.rmsprop(0.01), gt.train.rmsprop(0.01, 0.8, 0.5, 1e-6),
    gt.train.adagrad(0.1), gt.train.adagrad(0.1, 0.2), { name: 'adam', learningRate: 0.02 }];
  for (const optimizer of optimizers) {
    model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy', 'acc', 'precision', 'recall', 'f1', 'mse', 'mae'] });
    const loss = model.trainOnBatch(x, [1, 0, 1, 0]);
    assert.ok(Number.isFinite(loss), JSON.stringify(optimizer));
  }
  assert.equal(model.getConfig().optimizer.learningRate, 0.02);
  const ev = model.evaluate(x, [1, 0, 1, 0]);
  assert.deepEqual(Object.keys(ev).sort(), ['acc', 'accuracy', 'f1', 'loss', 'mae', 'mse', 'precision', 'recall']);
  model.compile({ loss: 'mean_squared_error' }); // snake_case; default optimizer rmsprop
  assert.equal(model.getConfig().optimizer.name, 'rmsprop');
  assert.equal(model.getConfig().loss, 'meanSquaredError');
  for (const loss of ['meanSquaredError', 'meanAbsoluteError', 'binaryCrossentropy', 'mse', 'mae']) {
    model.compile({ optimizer: 'sgd', loss, metrics: 'mse' });
    assert.ok(Number.isFinite(model.trainOnBatch(x, [[1], [0], [1], [0]])));
  }
  const soft = gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 3, activation: 'softmax', inputShape: [2] })] });
  soft.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  assert.ok(Number.isFinite(soft.trainOnBatch(x, gt.data.oneHot([0, 1, 2, 0], 3))));
  soft.compile({ optimizer: 'sgd', loss: 'sparseCategoricalCrossentropy' });
  assert.ok(Number.isFinite(soft.trainOnBatch(x, [0, 1, 2, 0])));
  soft.dispose();

  // fit: every option and callback
  model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const events = [];
  const xs = gt.data.builtin('gaussian', { n: 40, seed: 4 });
  const h = await model.fit(xs.x, xs.y, {
    epochs: 3,
    batchSize: 10,
    shuffle: false,
    validationData: [xs.x, xs.y],
    verbose: 0,
    yieldEvery: 5,
    callbacks: {
      onTrainBegin: (logs) => events.push(['trainBegin', logs]),
      onEpochBegin: (e) => events.push(['epochBegin', e]),
      onBatchBegin: (b, logs) => events.push(['batchBegin', b, logs.size]),
      onBatchEnd: (b, logs) => events.push(['batchEnd', b, typeof logs.loss]),
      onEpochEnd: (e, logs) => events.push(['epochEnd', e, Object.keys(logs).sort().join()]),
      onTrainEnd: () => events.push(['trainEnd']),
    },
  });
  assert.deepEqual(events.slice(0, 4), [['trainBegin', {}], ['epochBegin', 0], ['batchBegin', 0, 10], ['batchEnd', 0, 'number']]);
  assert.deepEqual(events.filter((e) => e[0] === 'epochEnd').map((e) => e[2]), Array(3).fill('accuracy,loss,val_accuracy,val_loss'));
  assert.deepEqual(events.at(-1), ['trainEnd']);
  assert.equal(events.filter((e) => e[0] === 'batchEnd').length, 12);
  assert.equal(h.history.val_loss.length, 3);
  for (const yieldEvery of ['auto', 'batch', 'epoch', 'never']) {
    const r = await model.fit(xs.x, xs.y, { epochs: 2, batchSize: 8, yieldEvery });
    assert.equal(r.epoch.length, 2, yieldEvery);
  }
  // callbacks as an array, with gt.callbacks.earlyStopping; earlyStopping as an option
  const es = await model.fit(xs.x, xs.y, {
    epochs: 50,
    validationSplit: 0.25,
    callbacks: [{ onEpochEnd: () => {} }, gt.callbacks.earlyStopping({ monitor: 'val_loss', patience: 1, minDelta: 10, mode: 'min' })],
  });
  assert.equal(es.epoch.length, 2, 'minDelta 10: no epoch improves on the first, patience 1');
  const es2 = await model.fit(xs.x, xs.y, { epochs: 50, earlyStopping: { monitor: 'accuracy', patience: 2, minDelta: 5, restoreBestWeights: true } });
  assert.equal(es2.epoch.length, 3);

  // stopTraining property
  model.stopTraining = false;
  assert.equal(model.stopTraining, false);
  model.stopTraining = true; // reset by the next fit, as in Keras
  assert.equal(model.stopTraining, true);

  // getWeights / setWeights (data as Float64Array, number[], Matrix)
  const ws = model.getWeights();
  assert.equal(ws[0].name, 'first/kernel');
  assert.deepEqual(ws[0].shape, [2, 3]);
  assert.ok(ws[0].data instanceof Float64Array);
  model.setWeights(ws.map((w, i) => (i === 0 ? { ...w, data: Array.from(w.data) } : w)));
  assert.deepEqual(model.getWeights(), ws);

  // layerOutputs: one Matrix per layer
  const outs = model.layerOutputs(x);
  assert.equal(outs.length, layers.length);
  assert.ok(outs.every((o) => o instanceof Matrix && o.shape[0] === 4));

  // predict / evaluate options
  assert.deepEqual(model.predict(x, { batchSize: 2 }).shape, [4, 1]);
  assert.ok('loss' in model.evaluate(x, [0, 1, 1, 0], { batchSize: 2 }));

  // toJSON / modelFromJSON: string and object, lossless
  const json = model.toJSON();
  assert.equal(typeof json, 'string');
  assert.equal(JSON.parse(json).format, 'gotrain-model');
  const copy = gt.modelFromJSON(json);
  const copy2 = gt.modelFromJSON(JSON.parse(json));
  assert.deepEqual(copy.predict(x), model.predict(x));
  assert.deepEqual(copy2.getWeights(), model.getWeights());
  assert.equal(copy.getConfig().loss, 'binaryCrossentropy');
  copy.dispose();
  copy2.dispose();

  // normalization: adapt after add, with inputShape; dropout first with inputShape
  const n = gt.layers.normalization({ inputShape: [2] });
  const nm = gt.sequential({ seed: 1, layers: [n, gt.layers.dense({ units: 1 })] });
  n.adapt([[0, 10], [2, 30]]);
  assert.deepEqual(Array.from(nm.layers[0].mean), [1, 20]);
  assert.deepEqual(Array.from(nm.layers[0].variance), [1, 100]);
  assert.equal(n.name, 'normalization_1');
  assert.deepEqual(n.getConfig(), { inputShape: [2] });
  const dm = gt.sequential({ layers: [gt.layers.dropout({ rate: 0.1, inputShape: [3] }), gt.layers.dense({ units: 2 })] });
  assert.equal(dm.getConfig().built, true);
  assert.equal(dm.countParams(), 8);
  assert.equal(typeof dm.getConfig().seed, 'number', 'a random seed when none is given');
  nm.dispose();
  dm.dispose();

  // TF.js formats (build/test/tfjs_interop.test.mjs checks them against TF.js):
  // browser-only destinations say so in Node.
  await assert.rejects(model.save('localstorage://m'), /^Error: save: localStorage:\/\/ needs window\.localStorage/);
  await assert.rejects(gt.loadLayersModel('no-such-dir/model.json'), /^Error: loadLayersModel: cannot read model\.json file:\/\/.*no-such-dir\/model\.json: ENOENT$/);
  assert.equal(model.toTfjsArtifacts().format, 'layers-model');

  // memory figures
  const mem = gt.memory({ gc: true });
  assert.ok(mem.wasmBytes > 0 && mem.heapAlloc > 0 && mem.models >= 1, JSON.stringify(mem));

  // dispose
  model.dispose();
  assert.equal(model.isDisposed, true);
  model.dispose(); // twice is fine
  t.diagnostic(`live models after the test: ${gt.memory().models}`);
});

test('misuse: each a clear Error, module alive afterwards', async (t) => {
  const ready = () => {
    const m = gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 4, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 3, activation: 'softmax' })] });
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    return m;
  };
  const model = ready();
  const x = [[0, 1], [1, 0]];
  const y = [0, 2];
  const iris = csv('iris.csv').split('\n');
  iris[16] = iris[16].replace(/,[^,]*,setosa/, ',abc,setosa'); // row 17 of the file, column petal_width
  const disposed = ready();
  disposed.dispose();
  const huge = gt.sequential();
  const cases = [
    // API.md's examples
    ['fit: x has 3 columns but the model expects 2', () => model.fit([[1, 2, 3]], [0])],
    ["compile: unknown loss 'crossentropy'", () => model.compile({ optimizer: 'adam', loss: 'crossentropy' })],
    ["parseCSV: row 17, column 'petal_width': 'abc' is not a number", () => gt.data.parseCSV(iris.join('\n'))],
    ['predict: the model has been disposed', () => disposed.predict(x)],
    ['fit: the model has been disposed', () => disposed.fit(x, y)],
    ['toJSON: the model has been disposed', () => disposed.toJSON()],
    ['stopTraining: the model has been disposed', () => { disposed.stopTraining = true; }],
    // names
    ["dense: unknown activation 'relu6'", () => gt.layers.dense({ units: 2, activation: 'relu6' })],
    ["dense: unknown initializer 'uniform'", () => gt.layers.dense({ units: 2, kernelInitializer: 'uniform' })],
    ["compile: unknown optimizer 'adamw'", () => model.compile({ optimizer: 'adamw', loss: 'mse' })],
    ["compile: unknown metric 'auc'", () => model.compile({ loss: 'mse', metrics: ['auc'] })],
    ["add: unknown layer kind 'conv2d'", () => model.add({ kind: 'conv2d', config: {}, _spec: () => ({ kind: 'conv2d' }) })],
    ["builtin: unknown dataset 'square'", () => gt.data.builtin('square')],
    ["dense: unknown regularizer 'l3'", () => gt.layers.dense({ units: 1, kernelRegularizer: 'l3' })],
    // options
    ["fit: unknown option 'epoch' (did you mean 'epochs'?)", () => model.fit(x, y, { epoch: 5 })],
    ['fit: epochs must be between 1 and 1000000, got 0', () => model.fit(x, y, { epochs: 0 })],
    ['fit: batchSize must be at least 1, got -1', () => model.fit(x, y, { batchSize: -1 })],
    ['fit: validationSplit must be in [0, 1), got 2', () => model.fit(x, y, { validationSplit: 2 })],
    ['fit: epochs must be an integer, got 2.5', () => model.fit(x, y, { epochs: 2.5 })],
    ["fit: shuffle must be true or false, got 'yes'", () => model.fit(x, y, { shuffle: 'yes' })],
    ["fit: unknown callback 'onEpochEnds' (did you mean 'onEpochEnd'?)", () => model.fit(x, y, { callbacks: { onEpochEnds() {} } })],
    ['fit: callback onEpochEnd must be a function', () => model.fit(x, y, { callbacks: { onEpochEnd: 3 } })],
    ["fit: earlyStopping monitors 'val_loss' but fit has no validation data", () => model.fit(x, y, { earlyStopping: { patience: 2 } })],
    ["fit: yieldEvery must be 'auto'", () => model.fit(x, y, { yieldEvery: -5 })],
    ['fit: validationData must be [x, y]', () => model.fit(x, y, { validationData: [x] })],
    ["dense: unknown option 'unit' (did you mean 'units'?)", () => gt.layers.dense({ unit: 3 })],
    ['dense: units is required', () => gt.layers.dense({})],
    ['dense: units must be between 1 and 65536, got 0', () => gt.layers.dense({ units: 0 })],
    ['dense: units must be an integer, got 2.5', () => gt.layers.dense({ units: 2.5 })],
    ['dense: inputShape must be an array [features], got 3', () => gt.layers.dense({ units: 1, inputShape: 3 })],
    ['dropout: rate must be in [0, 1), got 1', () => gt.layers.dropout({ rate: 1 })],
    ['train.adam: learningRate must be at least 0, got -1', () => gt.train.adam(-1)],
    ['train.sgd: learningRate must be a number', () => gt.train.sgd('fast')],
    ['train.momentum: momentum must be in [0, 1), got 2', () => gt.train.momentum(0.1, 2)],
    ['sequential: layers must be an array, got 5', () => gt.sequential({ layers: 5 })],
    ["sequential: unknown option 'seeds'", () => gt.sequential({ seeds: 1 })],
    ['sequential: seed must be an integer from 0 to 2^53, got -1', () => gt.sequential({ seed: -1 })],
    ['sequential: seed must be a number, not a bigint', () => gt.sequential({ seed: 5n })],
    ["fit: batchSize must be an integer, got '32'", () => model.fit(x, y, { batchSize: '32' })],
    ['split: testFraction must be in (0, 1), got 1.5', () => gt.data.split(gt.data.builtin('xor', { n: 10 }), { testFraction: 1.5 })],
    ["parseCSV: label column 'kind' not found", () => gt.data.parseCSV('a,b\n1,2\n', { label: 'kind' })],
    ['parseCSV: expected the CSV text as a string', () => gt.data.parseCSV(42)],
    // shapes and values
    ['fit: x row 1, column 0 is NaN', () => model.fit([[0, 1], [NaN, 0]], y)],
    ['fit: x is empty', () => model.fit([], [])],
    ['fit: x row 1 has 1 values but row 0 has 2', () => model.fit([[0, 1], [1]], y)],
    ["fit: x row 0, column 1 is 'a', not a number", () => model.fit([[0, 'a']], [0])],
    ['fit: x must be a matrix: number[][]', () => model.fit([1, 2], [0, 1])],
    ['fit: x has 2 rows but y has 3', () => model.fit(x, [0, 1, 2])],
    ['fit: y row 1: label 3 is not a class index in 0..2', () => model.fit(x, [0, 3])],
    ['trainOnBatch: y row 0: label -1 is not a class index', () => model.trainOnBatch(x, [-1, 0])],
    ['predict: x has 3 columns but the model expects 2', () => model.predict([[1, 2, 3]])],
    ['evaluate: y has 3 columns but the model outputs 1', () => {
      const b = gt.sequential({ layers: [gt.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
      b.compile({ loss: 'binaryCrossentropy' });
      try { return b.evaluate(x, [[1, 0, 0], [0, 1, 0]]); } finally { b.dispose(); }
    }],
    ['trainOnBatch: y row 0: binaryCrossentropy needs labels in [0, 1], got 2', () => {
      const b = gt.sequential({ layers: [gt.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
      b.compile({ loss: 'binaryCrossentropy' });
      try { return b.trainOnBatch(x, [2, 0]); } finally { b.dispose(); }
    }],
    ['tensor2d: 5 values do not fill shape [2, 2]', () => gt.tensor2d([1, 2, 3, 4, 5], [2, 2])],
    ['tensor2d: flat values need a shape', () => gt.tensor2d([1, 2])],
    ['setWeights: got 1 weight arrays but the model has 4', () => model.setWeights([{ data: new Float64Array(8) }])],
    ['setWeights: dense_1/kernel needs 8 values, got 2', () => model.setWeights(model.getWeights().map((w, i) => (i ? w : { data: [1, 2] })))],
    ['trace: y has 2 values but the loss needs 1', () => model.trace([0, 1], [1, 0])],
    ['oneHot: row 1: label 5 is out of range for 3 classes', () => gt.data.oneHot([0, 5], 3)],
    ['confusionMatrix: yTrue has 2 labels but yPred has 1', () => gt.metrics.confusionMatrix([0, 1], [0], 2)],
    ['classReport: confusion row 1 has 1 entries, want 2', () => gt.metrics.classReport([[1, 0], [1]])],
    ['predict: the model has no layers', () => gt.sequential().predict(x)],
    ['fit: the model is not compiled; call compile first', () => gt.sequential({ layers: [gt.layers.dense({ units: 1 })] }).fit(x, [0, 1])],
    ['add: this layer is already in a model', () => { const l = gt.layers.dense({ units: 1 }); gt.sequential({ layers: [l] }); model.add(l); }],
    ['add: expected a layer such as gt.layers.dense', () => model.add({ units: 3 })],
    ['add: layer 3 declares 5 inputs but the previous layer has 3 outputs', () => model.add(gt.layers.dense({ units: 1, inputShape: [5] }))],
    ['add: build: the model would have 4295032832 parameters, more than the limit of 67108864', () => {
      huge.add(gt.layers.dense({ units: 65536, inputShape: [65536] }));
    }],
    // hostile model JSON
    ['modelFromJSON: ', () => gt.modelFromJSON('{"format":"gotrain-model","version":1,"seed":1,"inputDim":2,"layers":[{"kind":"dense","name":"d","units":1e9,"activation":"relu","useBias":true,"kernelInitializer":"zeros","kernelRegularizer":null,"inputDim":0}],"weights":[],"compile":null}')],
    ['modelFromJSON: ', () => gt.modelFromJSON('not json')],
    ['modelFromJSON: ', () => gt.modelFromJSON('{"format":"gotrain-model","version":99}')],
    ['modelFromJSON: expected the string model.toJSON() returns', () => gt.modelFromJSON(42)],
    ['modelFromJSON: the JSON is larger than', () => gt.modelFromJSON(' '.repeat(64 * 2 ** 20 + 1))],
  ];
  let n = 0;
  for (const [want, fn] of cases) {
    let err;
    try {
      const r = fn();
      if (r && typeof r.then === 'function') await r;
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof Error, `no Error for: ${want}`);
    assert.ok(err.message.startsWith(want), `got "${err.message}", want it to start with "${want}"`);
    assert.doesNotMatch(err.message, /internal error|Go program|exited/);
    alive();
    n++;
  }
  t.diagnostic(`${n} misuse cases, each an Error naming the call`);
  model.dispose();
  huge.dispose();
});

test('boundary cost of moving 10^6 numbers (tensor2d/predict path)', (t) => {
  const rows = 100_000;
  const cols = 10;
  const values = new Float64Array(rows * cols).map((_, i) => i % 97);
  // A model that is the identity in inference (dropout), so predict is
  // copy-in, Go's batch copies and copy-out.
  const id = gt.sequential({ seed: 1, layers: [gt.layers.dropout({ rate: 0.5, inputShape: [cols] })] });
  const nested = gt.tensor2d(values, [rows, cols]).array();
  const best = (f, reps = 5) => {
    let b = Infinity;
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      f();
      b = Math.min(b, performance.now() - t0);
    }
    return b;
  };
  let out;
  const tensor = best(() => gt.tensor2d(values, [rows, cols]));
  const m = gt.tensor2d(values, [rows, cols]);
  const predict = best(() => {
    out = id.predict(m);
  });
  const fromNested = best(() => id.predict(nested), 3);
  const toArray = best(() => out.array(), 3);
  const weights = best(() => {
    const big = gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 1000, inputShape: [1000] })] });
    big.getWeights();
    big.dispose();
  });
  assert.equal(Buffer.compare(new Uint8Array(out.data.buffer), new Uint8Array(values.buffer)), 0, 'predict is the identity');
  t.diagnostic(
    `10^6 numbers: tensor2d(Float64Array) ${tensor.toFixed(2)} ms; predict round trip (JS→Go→JS, 8 MB each way) ${predict.toFixed(2)} ms; ` +
      `predict from number[][] ${fromNested.toFixed(2)} ms; Matrix.array() ${toArray.toFixed(2)} ms; ` +
      `new 1000×1000 dense model + getWeights ${weights.toFixed(2)} ms`,
  );
  id.dispose();
});
