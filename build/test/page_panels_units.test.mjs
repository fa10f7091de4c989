// Unit tests of the augmentation and search panels' pure modules
// (www/app/augment.js, tunespace.js) and what they add to the state table
// and the code view: fit's augment option from the state (only the kinds the
// data takes), off by default; gt.tune's options from the state (the
// training rows only, folds or a held-out part, what varies and what stays
// the page's); the best trial's setting back as state; the listings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const app = (f) => import(path.join(root, 'www', 'app', f));
const S = await app('state.js');
const A = await app('augment.js');
const TS = await app('tunespace.js');
const CG = await app('codegen.js');

const m = (rows, cols) => ({ data: new Float64Array(rows * cols), shape: [rows, cols] });
const digits = {
  source: 'digits', inputs: null, task: { kind: 'classification', classes: 10 },
  out: { units: 10, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', target: 'index' },
  train: { x: m(300, 64), target: m(300, 1) }, features: 64,
};
const circle = {
  source: 'circle', inputs: null, task: { kind: 'classification', classes: 2 },
  out: { units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', target: 'index' },
  train: { x: m(280, 2), target: m(280, 1) }, features: 2,
};
const plane = {
  source: 'plane', inputs: null, task: { kind: 'regression', classes: 0 },
  out: { units: 1, activation: 'linear', loss: 'meanSquaredError', target: 'value' },
  train: { x: m(140, 2), target: m(140, 1) }, features: 2,
};

test('state: augmentation is off by default, in the link, and a new model when it changes', () => {
  const d = S.defaults();
  for (const k of S.AUGMENT_KEYS) assert.equal(d[k], 0, `${k} off`);
  for (const k of S.AUGMENT_KEYS) assert.ok(S.MODEL_KEYS.includes(k), `${k}: a new model`);
  const s = { ...d, augShift: 1.25, augRotate: 10, augScale: 0.1, augJitter: 0.05, augMixup: 0.2, tuneVary: ['lr', 'units', 'augment'], tuneMethod: 'random', tuneTrials: 12, tuneFolds: 0, tuneMetric: 'accuracy', tuneSeed: 9 };
  const back = S.parse(S.serialise(s));
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.state, { ...s, tuneVary: ['units', 'lr', 'augment'] });
  assert.match(S.serialise(s), /augShift=1\.25&augRotate=10&augScale=0\.1&augMixup=0\.2&tuneVary=units,lr,augment&tuneMethod=random/);
  assert.deepEqual(S.parse('#augRotate=90&tuneVary=&tuneMethod=bayes').errors.length, 3);
  // The search's settings change no model.
  for (const k of ['tuneVary', 'tuneMethod', 'tuneTrials', 'tuneFolds', 'tuneMetric', 'tuneSeed']) assert.ok(!S.MODEL_KEYS.includes(k) && !S.DATA_KEYS.includes(k), k);
});

test('augment: fit\'s option has only the kinds the data takes', () => {
  const s = { ...S.defaults(), augShift: 1, augRotate: 10, augScale: 0.1, augJitter: 0.05, augMixup: 0.2 };
  assert.equal(A.augmentOf(S.defaults(), digits), null, 'off by default');
  // Digits: images, but class indices: no mixup.
  assert.deepEqual(A.augmentOf(s, digits), { jitter: 0.05, imageShape: [8, 8], shift: 1, rotate: 10, scale: 0.1 });
  // Categorical cross-entropy: one label column per class, so mixup too.
  assert.deepEqual(A.augmentOf(s, { ...digits, out: { ...digits.out, loss: 'categoricalCrossentropy', target: 'onehot' } }).mixup, 0.2);
  // The circle: no image; one sigmoid: mixup.
  assert.deepEqual(A.augmentOf(s, circle), { jitter: 0.05, mixup: 0.2 });
  // Regression: jitter only.
  assert.deepEqual(A.augmentOf(s, plane), { jitter: 0.05 });
  // Digits' rows with other feature inputs are no image (2-D sets only have them; none is an image).
  assert.equal(A.imageShapeOf({ ...digits, inputs: ['x1'] }), null);
  assert.equal(A.augmentText(A.augmentOf(s, digits)), 'shift ≤ 1 px, rotate ≤ 10°, zoom ±0.1, jitter 0.05');
  assert.equal(A.augmentText(null), 'none');
  assert.deepEqual(A.augmentState({ imageShape: [8, 8], shift: 2 }), { augJitter: 0, augShift: 2, augRotate: 0, augScale: 0, augMixup: 0 });
});

test('tunespace: gt.tune gets the training rows only, folds or a held-out part, the page\'s setting as base', () => {
  const s = { ...S.defaults(), layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'relu' }], optimizer: 'adam', lr: 0.01, batch: 16, epochs: 20, reg: 'l2', regRate: 0.001, dropout: 0.1, normalize: true, tuneVary: ['units', 'lr'], tuneTrials: 6, tuneFolds: 3, tuneSeed: 4 };
  const o = TS.searchOptions(s, circle, { workers: 2 });
  assert.equal(o.data.x, circle.train.x, 'the training rows');
  assert.equal(o.data.y, circle.train.target);
  assert.deepEqual(o.space, { layers: [[4, 4], [8, 8], [16, 16], [32, 32]], learningRate: [0.001, 0.01, 0.03, 0.1] });
  assert.deepEqual(o.base, { layers: [8, 8], activation: 'tanh', optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 20, l1: 0, l2: 0.001, dropout: 0.1, augment: null });
  assert.equal(o.folds, 3);
  assert.equal(o.stratify, true);
  assert.equal(o.holdout, undefined);
  assert.equal(o.method, 'grid');
  assert.equal(o.trials, 6);
  assert.equal(o.seed, 4);
  assert.equal(o.workers, 2);
  assert.equal(o.normalize, true);
  assert.equal(o.refit, false);
  assert.equal(o.loss, 'binaryCrossentropy');
  assert.match(TS.scoredOn(s, circle), /^3-fold cross-validation on the 280 training rows/);
  // No folds: the page's validation share of the training rows is held out.
  const h = TS.searchOptions({ ...s, tuneFolds: 1, valPct: 25 }, circle);
  assert.equal(h.holdout, 0.25);
  assert.equal(h.folds, undefined);
  assert.equal(TS.scoredOn({ ...s, tuneFolds: 0, valPct: 0 }, circle), 'a held-out 20.0% of the 280 training rows');
  // Random search draws the learning rate, L2 and dropout from a range.
  const r = TS.searchOptions({ ...s, tuneMethod: 'random', tuneVary: ['lr', 'l2', 'dropout', 'optimizer'] }, circle);
  assert.deepEqual(r.space.learningRate, { min: 0.0005, max: 0.2, log: true });
  assert.equal(r.space.dropout.max, 0.5);
  assert.deepEqual(r.space.optimizer, ['sgd', 'adam', 'rmsprop']);
  assert.equal(r.base.l2, 0.001);
  // Augmentation varied: none, or the page's own (or a default for the data).
  assert.deepEqual(TS.spaceOf({ ...s, tuneVary: ['augment'] }, digits).augment, [null, { imageShape: [8, 8], shift: 1, rotate: 10, scale: 0.1 }]);
  assert.deepEqual(TS.spaceOf({ ...s, tuneVary: ['augment'], augJitter: 0.1 }, circle).augment, [null, { jitter: 0.1 }]);
  // The score: the page's metric where the data has it.
  assert.equal(TS.searchOptions({ ...s, tuneMetric: 'accuracy' }, circle).metric, 'accuracy');
  assert.equal(TS.searchOptions({ ...s, tuneMetric: 'accuracy' }, plane).metric, 'val_loss');
  assert.equal(TS.searchOptions({ ...s, tuneMetric: 'mae' }, plane).metric, 'mae');
  // Optimizers varied without the learning rate: each its own default.
  assert.equal(TS.baseOf({ ...s, tuneVary: ['optimizer'] }, circle).learningRate, 0);
});

test('tunespace: the best setting back as state, only what varied', () => {
  const s = { ...S.defaults(), layers: [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'relu' }], lr: 0.01 };
  const p = { layers: [32, 32], activation: 'tanh', optimizer: 'rmsprop', learningRate: 0.03, batchSize: 64, epochs: 20, l1: 0, l2: 0.001, dropout: 0.2, augment: { imageShape: [8, 8], shift: 1 } };
  assert.deepEqual(TS.bestPatch(p, s, ['units', 'lr']), { layers: [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'relu' }], lr: 0.03 });
  assert.deepEqual(TS.bestPatch(p, s, ['activation']).layers, [{ units: 8, activation: 'tanh' }, { units: 8, activation: 'tanh' }]);
  assert.deepEqual(TS.bestPatch(p, s, ['optimizer']), { optimizer: 'rmsprop', lr: S.DEFAULT_LR.rmsprop });
  assert.deepEqual(TS.bestPatch(p, s, ['batch', 'l2', 'dropout', 'augment']), { batch: 64, reg: 'l2', regRate: 0.001, dropout: 0.2, augJitter: 0, augShift: 1, augRotate: 0, augScale: 0, augMixup: 0 });
  assert.deepEqual(TS.bestPatch({ ...p, l2: 0 }, s, ['l2']), { reg: 'none' });
  for (const [k, v] of Object.entries(TS.bestPatch(p, s, S.TUNE_VARY))) assert.ok(!('error' in S.coerce(k, v)), `${k} is a valid setting`);
  assert.equal(TS.paramText(p, ['units', 'lr', 'augment']), 'units 32·32, learning rate 0.03, augmentation shift ≤ 1 px');
});

test('codegen: augmentation in the gotrain.js and Keras listings', () => {
  const info = {
    source: 'digits', csvName: null, label: 'label', featureNames: Array.from({ length: 64 }, (_, i) => `pixel_${i}`), features: 64, kind: 'classification', classes: 10,
    out: digits.out, textClasses: null, inputs: null, imageShape: [8, 8], mixup: false,
  };
  const s = { ...S.defaults(), dataset: 'digits', augShift: 1, augRotate: 10, augScale: 0.1, augJitter: 0.05, augMixup: 0.2 };
  const js = CG.gotrainCode(s, info);
  assert.match(js, /^ {2}augment: \{ jitter: 0\.05, imageShape: \[8, 8\], shift: 1, rotate: 10, scale: 0\.1 \},/m, 'mixup left out for class indices');
  const keras = CG.kerasCode(s, info);
  for (const part of ['layers.Reshape((8, 8, 1)),', 'layers.RandomTranslation(1 / 8, 1 / 8, fill_mode="constant", fill_value=0.0)', 'layers.RandomRotation(10 / 360,', 'layers.RandomZoom(0.1,', 'layers.Flatten(),', 'class Jitter(layers.Layer):', 'Jitter(0.05 * train[features].std(ddof=0)']) {
    assert.ok(keras.includes(part), `Keras has ${part}:\n${keras}`);
  }
  // The layers come first, before the hidden layers.
  assert.ok(keras.indexOf('layers.Reshape') < keras.indexOf('layers.Dense'));
  // Off: neither listing says augment.
  assert.doesNotMatch(CG.gotrainCode(S.defaults(), info), /augment/);
  assert.doesNotMatch(CG.kerasCode(S.defaults(), info), /Random|Jitter|Augmentation/);
});
