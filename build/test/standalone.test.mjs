// The standalone predictor (model.exportStandalone): the ES module it
// returns, imported in Node without gotrain, predicts what model.predict
// does — within 1e-12 in float64 and 1e-6 in float32 — for every
// activation, for binary, multi-class and regression models, with and
// without Normalization (a constant column included); class names
// round-trip, hostile ones do not inject, and the code without the weights
// is at most 3 KB. Worker mode returns the same text. The figures of the
// report (sizes, differences, speed) are printed as test diagnostics.
// Needs `make build`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

import { load } from '../../www/gotrain.js';

const gt = await load({ warmUp: false });
const TOL = { float64: 1e-12, float32: 1e-6 };

/** Imports module text as an ES module (a data: URL: nothing else is loaded). */
const importText = (text) => import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);

/** The module text without its base64 payloads: the code the 3 KB budget counts. */
const codeOf = (text) => text.replace(/decode\("[A-Za-z0-9+/=]*"/g, 'decode(""');

/** Deterministic numbers in [-1, 1). */
function rand(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1;
}

/**
 * n rows of cols values: column 1 constant, the others raw (on scales up to
 * 100, for Normalization) or scaled (within ±1, as a model without it takes).
 */
function rows(n, cols, seed, scaled = false) {
  const r = rand(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: cols }, (_, j) => (j === 1 ? 3 : scaled ? r() : r() * 10 ** (j % 3) + j)),
  );
}

/** The largest |a - b| over two number[][] of the same shape (Infinity if not). */
function maxDiff(a, b) {
  assert.equal(a.length, b.length, 'row count');
  let d = 0;
  a.forEach((r, i) => {
    assert.equal(r.length, b[i].length, `row ${i} width`);
    r.forEach((v, j) => (d = Math.max(d, Math.abs(v - b[i][j]))));
  });
  return d;
}

/** Checks both dtypes of model against model.predict on x; returns { float64, float32 } max differences. */
async function checkModel(name, model, x, classNames) {
  const want = model.predict(x).array();
  const out = {};
  for (const dtype of ['float64', 'float32']) {
    const text = model.exportStandalone({ dtype, classNames });
    const mod = await importText(text);
    assert.equal(mod.dtype, dtype);
    assert.equal(mod.inputDim, x[0].length);
    assert.equal(mod.outputDim, want[0].length);
    const got = mod.predict(x);
    assert.ok(Array.isArray(got) && Array.isArray(got[0]), `${name}: predict returns number[][]`);
    out[dtype] = maxDiff(got, want);
    assert.ok(out[dtype] <= TOL[dtype], `${name} ${dtype}: max difference ${out[dtype]} > ${TOL[dtype]}`);
    // The classes as gotrain computes them, named when names are given.
    const classes = [...gt.metrics.predictClasses(model.predict(x))];
    const gotClasses = mod.predictClasses(x);
    assert.deepEqual(gotClasses, classNames ? classes.map((c) => classNames[c]) : classes, `${name} ${dtype}: predictClasses`);
    assert.ok(codeOf(text).length <= 3072, `${name}: code without the weights is ${codeOf(text).length} bytes`);
  }
  return out;
}

/** The activations gotrain knows, from its own error message (so a new one is tested too). */
function activations() {
  try {
    gt.layers.dense({ units: 1, activation: 'nope' });
  } catch (e) {
    const known = /known: ([a-zA-Z, ]+)/.exec(e.message);
    if (known) return known[1].split(', ');
    throw e;
  }
  throw new Error('an unknown activation was accepted');
}

test('every activation, with and without Normalization (a constant column), both dtypes', async (t) => {
  const acts = activations();
  assert.ok(acts.length >= 8 && acts.includes('softplus'), acts.join());
  // float32 rounds each weight by a relative 6e-8, so outputs keep ~1e-7 of
  // their size: the 1e-6 bound holds for outputs of order 1, which inputs of
  // order 1 (scaled, or normalised) give.
  for (const act of acts) {
    for (const norm of [true, false]) {
      const x = rows(64, 4, 1, !norm);
      const y = x.map((r) => [Math.tanh(r[0] / 3), Math.sin(r[2]), r[3] > 0.5 ? 1 : 0]);
      const m = gt.sequential({ seed: 3 });
      if (norm) m.add(gt.layers.normalization({ inputShape: [4] }));
      m.add(gt.layers.dense({ units: 12, activation: act, inputShape: norm ? undefined : [4] }));
      m.add(gt.layers.dropout({ rate: 0.3 }));
      m.add(gt.layers.gaussianNoise({ stddev: 0.1 }));
      m.add(gt.layers.dense({ units: 3, activation: act, useBias: act !== 'tanh' }));
      m.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
      await m.fit(x, y, { epochs: 3, batchSize: 16 });
      const d = await checkModel(`${act}${norm ? ' +norm' : ''}`, m, x);
      t.diagnostic(`${act}${norm ? ' + normalization' : ''}: max |diff| float64 ${d.float64.toExponential(1)}, float32 ${d.float32.toExponential(1)}`);
      m.dispose();
    }
  }
});

test('binary (the Keras 64-64-1 example), multi-class (iris, digits) and regression, with class names', async (t) => {
  const data = gt.data.builtin('circle', { n: 500, noise: 0.05, seed: 1 });
  const keras = gt.sequential({ seed: 42 });
  keras.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
  keras.add(gt.layers.dense({ units: 64, activation: 'relu' }));
  keras.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  keras.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  await keras.fit(data.x, data.y, { epochs: 10, batchSize: 32 });
  const kx = data.x.array();
  let d = await checkModel('keras', keras, kx, ['outside', 'inside']);
  t.diagnostic(`keras 64-64-1: max |diff| float64 ${d.float64.toExponential(1)}, float32 ${d.float32.toExponential(1)}`);
  d = await checkModel('keras, no names', keras, kx);

  const iris = gt.data.parseCSV(readFileSync(new URL('../../www/data/iris.csv', import.meta.url), 'utf8'));
  const im = gt.sequential({ seed: 5 });
  im.add(gt.layers.normalization());
  im.add(gt.layers.dense({ units: 16, activation: 'relu' }));
  im.add(gt.layers.dense({ units: 3, activation: 'softmax' }));
  im.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  await im.fit(iris.x, iris.y, { epochs: 20, batchSize: 16 });
  assert.equal(iris.classNames.length, 3);
  d = await checkModel('iris', im, iris.x.array(), iris.classNames);
  t.diagnostic(`iris norm-16-3 softmax: max |diff| float64 ${d.float64.toExponential(1)}, float32 ${d.float32.toExponential(1)}`);
  const mod = await importText(im.exportStandalone({ classNames: iris.classNames }));
  assert.deepEqual(mod.classNames, iris.classNames);

  const { model: digits, x: dx } = await digitsModel();
  d = await checkModel('digits', digits, dx, ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']);
  t.diagnostic(`digits 64-128-10: max |diff| float64 ${d.float64.toExponential(1)}, float32 ${d.float32.toExponential(1)}`);

  // Regression: raw inputs on scales up to 100 with a constant column, normalised, linear output.
  const x = rows(200, 5, 9);
  const y = x.map((r) => [r[0] * 2 - r[2] / 10 + r[4]]);
  const rm = gt.sequential({ seed: 11 });
  rm.add(gt.layers.normalization({ inputShape: [5] }));
  rm.add(gt.layers.dense({ units: 16, activation: 'elu' }));
  rm.add(gt.layers.dense({ units: 1 }));
  rm.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
  await rm.fit(x, y, { epochs: 20, batchSize: 32 });
  const want = rm.predict(x).array();
  assert.ok(want.some(([v]) => Math.abs(v) > 1), 'regression outputs beyond [-1, 1]');
  d = await checkModel('regression', rm, x);
  t.diagnostic(`regression norm-16-1: max |diff| float64 ${d.float64.toExponential(1)}, float32 ${d.float32.toExponential(1)}`);
});

/** The digits model of the pinned test (64-128-10, pixels ÷ 16), trained for 2 epochs. */
async function digitsModel() {
  const ds = gt.data.parseCSV(readFileSync(new URL('../../www/data/digits.csv', import.meta.url), 'utf8'));
  const x = ds.x.array().map((r) => r.map((v) => v / 16));
  const model = gt.sequential({ seed: 7 });
  model.add(gt.layers.dense({ units: 128, activation: 'relu', inputShape: [64] }));
  model.add(gt.layers.dense({ units: 10, activation: 'softmax' }));
  model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(x, ds.y, { epochs: 2, batchSize: 32 });
  return { model, x };
}

test('predict takes rows, a flat Array or a flat typed array; bad rows are errors', async () => {
  const m = gt.sequential({ seed: 1 });
  m.add(gt.layers.dense({ units: 2, activation: 'softmax', inputShape: [3] }));
  const mod = await importText(m.exportStandalone());
  const x = [[1, 2, 3], [-4, 5, 0.5]];
  const want = mod.predict(x);
  assert.deepEqual(mod.predict(x.flat()), want);
  assert.deepEqual(mod.predict(Float64Array.from(x.flat())), want);
  assert.deepEqual(mod.predict(x.map((r) => Float32Array.from(r))), mod.predict(x.map((r) => Float32Array.from(r).map(Number))));
  assert.deepEqual(mod.predict([]), []);
  assert.equal(mod.classNames, null);
  assert.deepEqual(mod.layers.map((l) => [l.name, l.kind, l.activation]), [['dense_1', 'dense', 'softmax']]);
  assert.throws(() => mod.predict([[1, 2]]), /^Error: predict: row 0 has 2 values, want 3$/);
  assert.throws(() => mod.predict([1, 2, 3, 4]), /^Error: predict: 4 values are not rows of 3$/);
  assert.throws(() => mod.predict([[1, NaN, 3]]), /^Error: predict: row 0, column 1 is NaN$/);
});

test('hostile class and layer names stay strings', async () => {
  const evil = ['"];globalThis.pwned=1;//', "'\\", '</script><script>globalThis.pwned=2</script>', 'a\u2028b\u2029c', '`${globalThis.pwned=3}`', '\n*/ x', '猫 🐈'];
  const m = gt.sequential({ seed: 1 });
  m.add(gt.layers.dense({ units: evil.length, activation: 'softmax', inputShape: [2], name: evil[0] + evil[2] }));
  const text = m.exportStandalone({ classNames: evil });
  assert.ok(!text.includes('</script') && !text.includes('\u2028') && !text.includes('\u2029'), 'nothing that ends a script element or a line inside a string');
  const mod = await importText(text);
  assert.equal(globalThis.pwned, undefined);
  assert.deepEqual(mod.classNames, evil);
  assert.equal(mod.layers[0].name, evil[0] + evil[2]);
  assert.ok(evil.includes(mod.predictClasses([[1, 2]])[0]));
});

test('misuse: class names of the wrong count, an unknown dtype or option, a model not built', async () => {
  const m = gt.sequential({ seed: 1 });
  m.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  assert.throws(() => m.exportStandalone(), /^Error: exportStandalone: the model is not built yet/);
  const b = gt.sequential({ seed: 1 });
  b.add(gt.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] }));
  assert.throws(() => b.exportStandalone({ classNames: ['only'] }), /^Error: exportStandalone: 1 class names for 1 outputs; want 2 \(for 0 and 1\)$/);
  assert.throws(() => b.exportStandalone({ dtype: 'int8' }), /^Error: exportStandalone: dtype must be 'float32' or 'float64', got 'int8'$/);
  assert.throws(() => b.exportStandalone({ dtyp: 'float32' }), /unknown option 'dtyp' \(did you mean 'dtype'\?\)/);
  assert.throws(() => b.exportStandalone({ classNames: [1, 2] }), /^Error: exportStandalone: classNames\[0\] must be a string, got 1$/);
  b.dispose();
  assert.throws(() => b.exportStandalone(), /^Error: exportStandalone: the model has been disposed$/);
});

test('worker mode: a Promise of the same text', async () => {
  const w = await load({ worker: true, warmUp: false });
  try {
    const [a, b] = [await w.sequential({ seed: 4 }), gt.sequential({ seed: 4 })];
    for (const m of [a, b]) {
      await m.add((m === a ? w : gt).layers.dense({ units: 3, activation: 'softmax', inputShape: [2] }));
    }
    const p = a.exportStandalone({ dtype: 'float32', classNames: ['x', 'y', 'z'] });
    assert.ok(p instanceof Promise);
    assert.equal(await p, b.exportStandalone({ dtype: 'float32', classNames: ['x', 'y', 'z'] }));
    await assert.rejects(a.exportStandalone({ dtype: 'x' }), /^Error: exportStandalone: dtype must be/);
  } finally {
    w.terminate();
  }
});

test('figures: code size, module sizes, prediction speed (diagnostics)', async (t) => {
  const data = gt.data.builtin('circle', { n: 1000, noise: 0.05, seed: 1 });
  const keras = gt.sequential({ seed: 42 });
  keras.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));
  keras.add(gt.layers.dense({ units: 64, activation: 'relu' }));
  keras.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));
  const { model: digits, x: dx } = await digitsModel();
  for (const [name, model] of [['keras 64-64-1', keras], ['digits 64-128-10', digits]]) {
    for (const dtype of ['float64', 'float32']) {
      const text = model.exportStandalone({ dtype });
      const code = codeOf(text);
      t.diagnostic(`${name} ${dtype}: module ${text.length} B (gzip ${gzipSync(text).length} B), code without weights ${code.length} B (gzip ${gzipSync(code).length} B)`);
    }
  }
  // 1,000 rows: the standalone module vs model.predict, median of 15 runs
  // after 10 to warm up (the JIT optimises the module's loops meanwhile).
  const median = (f) => {
    for (let i = 0; i < 10; i++) f();
    const times = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      f();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[7];
  };
  for (const [name, model, x] of [['keras 64-64-1', keras, data.x.array()], ['digits 64-128-10', digits, dx.slice(0, 1000)]]) {
    const mod = await importText(model.exportStandalone());
    const s = median(() => mod.predict(x));
    const g = median(() => model.predict(x));
    t.diagnostic(`${name}, 1000 rows: standalone ${s.toFixed(2)} ms, model.predict ${g.toFixed(2)} ms (median of 15 after 10, backend ${gt.backend})`);
  }
});
