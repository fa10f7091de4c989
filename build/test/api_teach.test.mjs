// The teaching API in Node, in both modes (main thread and worker), which
// must give the same values and errors: model.trace of a batch is exactly
// the next trainOnBatch (loss, new weights, bit for bit) for every
// optimizer, with and without L1/L2 and dropout; activation curves against
// their closed forms; ROC and precision–recall curves against a
// brute-force count; evaluateReport at a threshold; feature inputs; the
// regression datasets. Run `make build` first (make test does).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const www = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');
if (!existsSync(path.join(www, 'gotrain.wasm'))) throw new Error('www/gotrain.wasm missing: run `make build`');
const { load, Matrix } = await import('../../www/gotrain.js');

const direct = await load({ warmUp: false });
const worker = await load({ worker: true, warmUp: false });
after(() => worker.terminate());
const MODES = [
  ['main thread', direct],
  ['worker', worker],
];

const OPTIMIZERS = [
  ['sgd', (gt) => gt.train.sgd(0.1)],
  ['momentum', (gt) => gt.train.momentum(0.05, 0.9)],
  ['nesterov', (gt) => gt.train.momentum(0.05, 0.9, true)],
  ['adam', (gt) => gt.train.adam(0.01)],
  ['rmsprop', (gt) => gt.train.rmsprop(0.01)],
  ['rmsprop+momentum', (gt) => gt.train.rmsprop(0.01, 0.9, 0.5)],
  ['adagrad', (gt) => gt.train.adagrad(0.1)],
];
const REGULARIZERS = [
  ['none', () => null],
  ['l1', (gt) => gt.regularizers.l1({ l1: 0.01 })],
  ['l2', (gt) => gt.regularizers.l2({ l2: 0.02 })],
  ['l1l2', (gt) => gt.regularizers.l1l2({ l1: 0.01, l2: 0.02 })],
];

/** Whether a and b hold the same float64 bits. */
function sameBits(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** A small seeded source for test data. */
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const X = [[0.2, -1.1, 0.5], [1.3, 0.4, -0.7], [-0.6, 0.9, 1.8], [0.1, 0.1, -0.2], [2.1, -0.3, 0.3], [-1.4, -0.8, 0.6]];
const Y = [1, 0, 1, 0, 0, 1];

for (const [mode, gt] of MODES) {
  test(`${mode}: a batch's trace is the next trainOnBatch, bit for bit, for every optimizer, regularizer and dropout`, async () => {
    let checked = 0;
    for (const [oname, opt] of OPTIMIZERS) {
      for (const [rname, reg] of REGULARIZERS) {
        for (const dropout of [false, true]) {
          const what = `${oname}/${rname}/${dropout ? 'dropout' : 'no dropout'}`;
          const layers = [gt.layers.dense({ units: 4, activation: 'tanh', inputShape: [3], kernelRegularizer: reg(gt) })];
          if (dropout) layers.push(gt.layers.dropout({ rate: 0.5 }));
          layers.push(gt.layers.dense({ units: 1, activation: 'sigmoid', kernelRegularizer: reg(gt) }));
          const m = await gt.sequential({ seed: 3, layers });
          await m.compile({ optimizer: opt(gt), loss: 'binaryCrossentropy' });
          for (let step = 0; step < 3; step++) {
            const tr = await m.trace(X, Y, { training: true });
            const before = await m.getWeights();
            const loss = await m.trainOnBatch(X, Y);
            const after = await m.getWeights();
            assert.ok(Object.is(loss, tr.loss), `${what} step ${step}: trainOnBatch loss ${loss}, trace ${tr.loss}`);
            let k = 0;
            for (const l of tr.layers) {
              for (const u of [l.updateW, l.updateB]) {
                if (!u) continue;
                const value = u.value.data ?? u.value;
                const newValue = u.newValue.data ?? u.newValue;
                assert.ok(sameBits(value, before[k].data), `${what}: ${u.name} before`);
                assert.ok(sameBits(newValue, after[k].data), `${what} step ${step}: ${u.name}: the step left ${after[k].data}, trace ${newValue}`);
                k++;
                checked++;
              }
            }
            assert.equal(k, after.length);
            assert.ok(Math.abs(tr.loss - (tr.dataLoss + tr.penalty)) === 0, 'loss = data loss + penalty');
            assert.equal(tr.penalty > 0, rname !== 'none', `${what}: penalty ${tr.penalty}`);
          }
          await m.dispose();
        }
      }
    }
    assert.equal(checked, OPTIMIZERS.length * REGULARIZERS.length * 2 * 3 * 4);
  });
}

/** Everything the teaching API returns for fixed inputs, for comparing the modes. */
async function teachingScript(gt) {
  const out = {};
  const rec = async (name, f) => {
    try {
      out[name] = { value: await f() };
    } catch (e) {
      out[name] = { error: e.message };
    }
  };
  const m = await gt.sequential({
    seed: 7,
    layers: [
      gt.layers.normalization({ inputShape: [3] }),
      gt.layers.dense({ units: 3, activation: 'relu', kernelRegularizer: gt.regularizers.l2({ l2: 0.01 }) }),
      gt.layers.dropout({ rate: 0.3 }),
      gt.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  await m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  await rec('trace one', () => m.trace(X[0], Y[0]));
  await rec('trace batch', () => m.trace(X, Y));
  await rec('trace training', () => m.trace(X, Y, { training: true }));
  await rec('trace Matrix', () => m.trace(gt.tensor2d(X), Y));
  await rec('trace bad option', () => m.trace(X, Y, { trainng: true }));
  await rec('trace bad training', () => m.trace(X, Y, { training: 'yes' }));
  await rec('trace rows', () => m.trace(X, [1, 0]));
  await rec('trace y', () => m.trace([0, 1, 2], [1, 0]));
  await rec('report', () => m.evaluateReport(X, Y));
  await rec('report 0.3', () => m.evaluateReport(X, Y, { threshold: 0.3 }));
  await rec('report bad threshold', () => m.evaluateReport(X, Y, { threshold: NaN }));
  for (const name of ['linear', 'relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softplus', 'softmax']) {
    await rec(`curve ${name}`, () => gt.activations.curve(name, [-2, -0.5, 0, 0.5, 2]));
  }
  await rec('curve softmax others', () => gt.activations.curve('softmax', [0, 1], { others: [1, -1] }));
  await rec('curve unknown', () => gt.activations.curve('swish', [0]));
  await rec('curve bad z', () => gt.activations.curve('relu', [0, 'a']));
  await rec('curve bad option', () => gt.activations.curve('softmax', [0], { other: [1] }));
  await rec('roc', () => gt.metrics.roc([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]));
  await rec('roc one class', () => gt.metrics.roc([1, 1], [0.1, 0.4]));
  await rec('roc matrix score', () => gt.metrics.roc([0, 1], gt.tensor2d([0.2, 0.7], [2, 1])));
  await rec('roc two columns', () => gt.metrics.roc([0, 1], gt.tensor2d([0.2, 0.7, 0.1, 0.3], [2, 2])));
  await rec('pr', () => gt.metrics.precisionRecall([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]));
  await rec('pr lengths', () => gt.metrics.precisionRecall([0, 1], [0.3]));
  await rec('features', () => gt.data.features([[1, 2], [3, -4]], ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']));
  await rec('features bad', () => gt.data.features([[1, 2]], ['x1^3']));
  await rec('features names', () => gt.data.features([[1, 2]], 'x1'));
  await rec('plane', () => gt.data.builtin('plane', { n: 20, noise: 0.1, seed: 2 }));
  await rec('multiGaussian', () => gt.data.builtin('multiGaussian', { n: 20, seed: 2 }));
  await rec('unknown builtin', () => gt.data.builtin('ring', { n: 20 }));
  await m.dispose();
  return out;
}

test('both modes give the same teaching values and errors', async () => {
  const a = await teachingScript(direct);
  const b = await teachingScript(worker);
  assert.deepEqual(b, a);
  // A few of them, checked.
  assert.match(a['trace bad option'].error, /^trace: unknown option 'trainng' \(did you mean 'training'\?\)/);
  assert.equal(a['trace bad training'].error, 'trace: training must be true or false, got \'yes\'');
  assert.equal(a['trace rows'].error, 'trace: x has 6 rows but y has 2');
  assert.equal(a['trace y'].error, 'trace: y has 2 values but the loss needs 1');
  assert.equal(a['report bad threshold'].error, 'evaluateReport: threshold must be a finite number, got NaN');
  assert.match(a['curve unknown'].error, /^activationCurve: unknown activation 'swish'/);
  assert.equal(a['curve bad z'].error, "activationCurve: z[1] is 'a', not a number");
  assert.match(a['curve bad option'].error, /^activationCurve: unknown option 'other' \(did you mean 'others'\?\)/);
  assert.equal(a['roc one class'].error, 'roc: yTrue holds only class 1; the curve needs examples of both classes');
  assert.equal(a['roc two columns'].error, 'roc: yScore must be one column, got shape [2,2]');
  assert.equal(a['pr lengths'].error, 'precisionRecall: yTrue has 2 values but yScore has 1');
  assert.match(a['features bad'].error, /^features: 'x1\^3' is not a feature of x's 2 columns/);
  assert.match(a['features names'].error, /^features: names must be an array/);
  assert.match(a['unknown builtin'].error, /^builtin: unknown dataset 'ring' \(known: circle, xor, gaussian, spiral, moons, plane, multiGaussian\)/);
});

test('trace: one example gives vectors, a batch matrices; every intermediate is there', () => {
  const gt = direct;
  const m = gt.sequential({
    seed: 7,
    layers: [
      gt.layers.normalization({ inputShape: [3] }),
      gt.layers.dense({ units: 3, activation: 'relu', kernelRegularizer: gt.regularizers.l1l2({ l1: 0.01, l2: 0.01 }) }),
      gt.layers.dropout({ rate: 0.3 }),
      gt.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy' });
  const one = m.trace(X[0], Y[0]);
  assert.equal(one.rows, 1);
  for (const k of ['input', 'z', 'a', 'dadz', 'dLda', 'dLdz']) assert.ok(one.layers[1][k] instanceof Float64Array, k);
  assert.ok(one.output instanceof Float64Array && one.losses instanceof Float64Array);
  const tr = m.trace(X, Y, { training: true });
  assert.equal(tr.rows, 6);
  assert.ok(tr.output instanceof Matrix);
  assert.deepEqual(tr.output.shape, [6, 2]);
  const [norm, dense, drop, soft] = tr.layers;
  for (const k of ['input', 'z', 'a', 'dLda', 'dLdz']) assert.deepEqual(dense[k].shape, [6, k === 'input' ? 3 : 3], k);
  // Normalization before any training: the statistics of this batch (the
  // next step adapts on it), and the layer stays unadapted.
  const mean = [0, 1, 2].map((j) => X.reduce((s, r) => s + r[j], 0) / 6);
  for (let j = 0; j < 3; j++) assert.ok(Math.abs(norm.stats.mean[j] - mean[j]) < 1e-12);
  assert.equal(m.layers[0].adapted, false);
  assert.equal(norm.dadz, null);
  // The loss line: the mean of the examples' losses, plus the penalty.
  const mean6 = tr.losses.reduce((s, v) => s + v, 0) / 6;
  assert.ok(Math.abs(tr.dataLoss - mean6) < 1e-14);
  const p = dense.penalty;
  assert.ok(Math.abs(p.value - (p.l1 * p.sumAbs + p.l2 * p.sumSquares)) < 1e-15 && p.value === tr.penalty);
  assert.equal(tr.loss, tr.dataLoss + tr.penalty);
  for (let i = 0; i < dense.dLdW.data.length; i++) {
    assert.ok(Math.abs(dense.dLdWData.data[i] + dense.dLdWPenalty.data[i] - dense.dLdW.data[i]) < 1e-15);
  }
  // ReLU: f′ is 1 where z > 0, else 0; dL/dz = f′·dL/da.
  dense.z.data.forEach((z, i) => {
    assert.equal(dense.dadz.data[i], z > 0 ? 1 : 0);
    assert.equal(dense.dLdz.data[i], z > 0 ? dense.dLda.data[i] : 0);
  });
  // Dropout: the mask; softmax: the Jacobian's diagonal.
  drop.mask.data.forEach((v, i) => {
    assert.ok(v === 0 || Math.abs(v - 1 / 0.7) < 1e-15);
    assert.equal(drop.a.data[i], drop.input.data[i] * v);
  });
  soft.a.data.forEach((a, i) => assert.ok(Math.abs(soft.dadz.data[i] - a * (1 - a)) < 1e-15));
  // Adam's intermediates, first step (m = v = 0 before).
  assert.equal(tr.optimizer.t, 1);
  assert.ok(Math.abs(tr.optimizer.biasCorrection1 - 0.1) < 1e-15 && Math.abs(tr.optimizer.biasCorrection2 - 0.001) < 1e-15);
  const u = dense.updateW;
  u.g.data.forEach((g, i) => {
    assert.ok(Math.abs(u.newState.m.data[i] - 0.1 * g) <= 1e-15 * Math.abs(g));
    assert.ok(Math.abs(u.mHat.data[i] - g) < 1e-15 * Math.max(1, Math.abs(g)));
    assert.ok(Math.abs(u.delta.data[i] - (-0.001 * u.mHat.data[i]) / u.denominator.data[i]) < 1e-17);
    assert.ok(Object.is(u.value.data[i] + u.delta.data[i], u.newValue.data[i]));
  });
  assert.deepEqual(Object.keys(u.state), []);
  assert.equal(tr.layers[0].updateW, null);
  m.dispose();
});

test('activation curves: the closed forms, and softmax with the others fixed', () => {
  const z = [-3, -1, -0.2, 0.3, 1.5, 4];
  const forms = {
    linear: [(v) => v, () => 1],
    relu: [(v) => Math.max(0, v), (v) => (v > 0 ? 1 : 0)],
    leakyRelu: [(v) => (v > 0 ? v : 0.2 * v), (v) => (v > 0 ? 1 : 0.2)],
    elu: [(v) => (v > 0 ? v : Math.expm1(v)), (v) => (v > 0 ? 1 : Math.exp(v))],
    sigmoid: [(v) => 1 / (1 + Math.exp(-v)), (v) => Math.exp(-v) / (1 + Math.exp(-v)) ** 2],
    tanh: [Math.tanh, (v) => 1 - Math.tanh(v) ** 2],
    softplus: [(v) => Math.log1p(Math.exp(v)), (v) => 1 / (1 + Math.exp(-v))],
    softmax: [(v) => 1 / (1 + Math.exp(-v)), (v) => Math.exp(-v) / (1 + Math.exp(-v)) ** 2],
  };
  for (const [name, [f, df]] of Object.entries(forms)) {
    const c = direct.activations.curve(name, z);
    assert.deepEqual(Array.from(c.z), z);
    z.forEach((v, i) => {
      assert.ok(Math.abs(c.a[i] - f(v)) < 1e-14, `${name}(${v}) = ${c.a[i]}, want ${f(v)}`);
      assert.ok(Math.abs(c.dadz[i] - df(v)) < 1e-14, `${name}′(${v}) = ${c.dadz[i]}, want ${df(v)}`);
    });
  }
  const s = direct.activations.curve('softmax', [0.5], { others: [1, -2] });
  const e = [Math.exp(0.5), Math.exp(1), Math.exp(-2)];
  const a = e[0] / (e[0] + e[1] + e[2]);
  assert.ok(Math.abs(s.a[0] - a) < 1e-15 && Math.abs(s.dadz[0] - a * (1 - a)) < 1e-15);
  // The curve at a trace's z is the trace's a and f′.
  const m = direct.sequential({ seed: 2, layers: [direct.layers.dense({ units: 4, activation: 'elu', inputShape: [3] })] });
  m.compile({ optimizer: 'sgd', loss: 'mse' });
  const tr = m.trace(X[1], [0, 0, 0, 0]);
  const c = direct.activations.curve('elu', tr.layers[0].z);
  assert.ok(sameBits(c.a, tr.layers[0].a) && sameBits(c.dadz, tr.layers[0].dadz));
  m.dispose();
});

/** ROC by counting: the points of "score ≥ t" at each distinct score, and the Mann-Whitney AUC. */
function rocByCounting(y, s) {
  const pos = y.filter((v) => v === 1).length;
  const neg = y.length - pos;
  let auc = 0;
  for (let i = 0; i < y.length; i++) {
    for (let j = 0; j < y.length; j++) {
      if (y[i] === 1 && y[j] === 0) auc += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
    }
  }
  const at = (t) => {
    let tp = 0;
    let fp = 0;
    s.forEach((v, i) => {
      if (v >= t) y[i] === 1 ? tp++ : fp++;
    });
    return { fpr: fp / neg, tpr: tp / pos, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp / pos };
  };
  const distinct = [...new Set(s)].sort((a, b) => b - a);
  let ap = 0;
  let prev = 0;
  for (const t of distinct) {
    const r = at(t);
    ap += (r.recall - prev) * r.precision;
    prev = r.recall;
  }
  return { at, auc: auc / (pos * neg), ap };
}

test('ROC and precision–recall: every point and area against a count', () => {
  const rand = rng(11);
  for (let c = 0; c < 40; c++) {
    const n = 5 + Math.floor(rand() * 60);
    const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : rand() < 0.4 ? 1 : 0));
    const s = y.map((v) => Math.round((rand() + 0.3 * v) * (2 + (c % 9))) / 8); // ties
    const want = rocByCounting(y, s);
    const r = direct.metrics.roc(y, s);
    assert.ok(Math.abs(r.auc - want.auc) < 1e-12, `case ${c}: AUC ${r.auc}, counted ${want.auc}`);
    assert.equal(r.thresholds[0], Infinity);
    for (let i = 1; i < r.fpr.length; i++) {
      const p = want.at(r.thresholds[i]);
      assert.ok(r.fpr[i] === p.fpr && r.tpr[i] === p.tpr, `case ${c} point ${i}`);
    }
    const pr = direct.metrics.precisionRecall(y, s);
    assert.ok(Math.abs(pr.averagePrecision - want.ap) < 1e-12, `case ${c}: AP ${pr.averagePrecision}, counted ${want.ap}`);
    pr.thresholds.forEach((t, i) => {
      const p = want.at(t);
      assert.ok(pr.recall[i] === p.recall && Math.abs(pr.precision[i] - p.precision) < 1e-15, `case ${c} PR point ${i}`);
    });
  }
});

test('evaluateReport at a threshold: counts, rates and curves of the model\'s own scores', async () => {
  for (const [mode, gt] of MODES) {
    const data = await gt.data.builtin('moons', { n: 200, noise: 0.3, seed: 4 });
    const m = await gt.sequential({ seed: 5, layers: [gt.layers.dense({ units: 8, activation: 'relu', inputShape: [2] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })] });
    await m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    await m.fit(data.x, data.y, { epochs: 3 });
    const scores = (await m.predict(data.x)).data;
    const y = Array.from(data.y.data);
    const base = await m.evaluateReport(data.x, data.y);
    for (const threshold of [0.1, 0.5, 0.73]) {
      const r = await m.evaluateReport(data.x, data.y, { threshold });
      let tp = 0;
      let fp = 0;
      let fn = 0;
      let tn = 0;
      scores.forEach((s, i) => {
        if (s > threshold) y[i] === 1 ? tp++ : fp++;
        else y[i] === 1 ? fn++ : tn++;
      });
      const b = r.binary;
      // An undefined ratio counts as 0, as scikit-learn's zero_division=0.
      const div = (a, d) => (d === 0 ? 0 : a / d);
      assert.deepEqual([b.tp, b.fp, b.fn, b.tn], [tp, fp, fn, tn], `${mode} at ${threshold}`);
      assert.deepEqual(r.confusion, [[tn, fp], [fn, tp]]);
      assert.equal(b.precision, div(tp, tp + fp));
      assert.equal(b.recall, div(tp, tp + fn));
      assert.ok(Math.abs(b.f1 - div(2 * b.precision * b.recall, b.precision + b.recall)) < 1e-15);
      assert.equal(b.fpr, div(fp, fp + tn));
      assert.equal(r.classReport.recall[1], b.recall);
      assert.ok(r.classes.every((c, i) => c === (scores[i] > threshold ? 1 : 0)));
      const want = rocByCounting(y, Array.from(scores));
      assert.ok(Math.abs(r.roc.auc - want.auc) < 1e-12, `${mode}: AUC ${r.roc.auc}, counted ${want.auc}`);
      assert.ok(Math.abs(r.pr.averagePrecision - want.ap) < 1e-12);
      assert.deepEqual(r.roc, await gt.metrics.roc(y, scores));
      if (threshold === 0.5) {
        assert.deepEqual(r.confusion, base.confusion);
        assert.equal(b.accuracy, r.logs.accuracy);
      }
    }
    await m.dispose();
  }
});

test('feature inputs and the regression datasets, trained with MSE', async () => {
  for (const [mode, gt] of MODES) {
    const f = await gt.data.features([[1, 2], [3, -4]], ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']);
    assert.ok(f instanceof Matrix);
    const want = [
      [1, 2, 1, 4, 2, Math.sin(1), Math.sin(2)],
      [3, -4, 9, 16, -12, Math.sin(3), Math.sin(-4)],
    ];
    assert.deepEqual(f.shape, [2, 7]);
    f.array().forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - want[i][j]) < 1e-15, `${mode} features[${i}][${j}] = ${v}`)));
    const ds = await gt.data.builtin('multiGaussian', { n: 300, noise: 0, seed: 1 });
    assert.deepEqual(ds.featureNames, ['x1', 'x2']);
    assert.equal(ds.classNames, null);
    const fds = await gt.data.features(ds, ['x1', 'x2', 'x1^2', 'x2^2', 'x1*x2', 'sin(x1)', 'sin(x2)']);
    assert.deepEqual(fds.x.shape, [300, 7]);
    assert.equal(fds.featureNames[4], 'x1*x2');
    assert.equal(fds.y, ds.y);
    for (const name of ['plane', 'multiGaussian']) {
      const d = await gt.data.builtin(name, { n: 400, noise: 0.05, seed: 3 });
      const m = await gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }), gt.layers.dense({ units: 1 })] });
      await m.compile({ optimizer: gt.train.adam(0.03), loss: 'meanSquaredError' });
      const h = await m.fit(d.x, d.y, { epochs: 15, batchSize: 32 });
      const loss = h.history.loss;
      assert.ok(loss.at(-1) < 0.6 * loss[0], `${mode} ${name}: MSE ${loss[0]} → ${loss.at(-1)}`);
      await m.dispose();
    }
  }
});
