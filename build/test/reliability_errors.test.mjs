// Reliability (issue 2 of 5): the same errors in both modes, at the same
// call. Worker-mode factories accepted units: -3, rate: 1, learningRate:
// NaN and unknown activations and failed only later; now every factory
// checks its settings synchronously from the descriptions Go exports
// (layerKinds, optimizerKinds), and this test holds the messages of both
// modes to Go's own: what the module's checkLayer and checkOptimizer
// exports say about the same spec.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { load } from '../../www/gotrain.js';
import { regularizerSpec } from '../../www/lib/descriptions.js';
import { startDirect } from '../../www/lib/load.js';

const main = await load({ warmUp: false });
const worker = await load({ worker: true, warmUp: false });
after(() => worker.terminate());
// Go itself, called without gotrain.js' checks.
const go = await startDirect({ warmUp: false });

/** What Go says about a spec (checkLayer / checkOptimizer), or '' when it accepts it. */
function goSays(fn, spec) {
  const r = go.raw[fn](spec);
  return r instanceof Error ? r.message : '';
}

/** The message f throws synchronously ('' when it does not throw; a Promise is a failure). */
function throws(f) {
  try {
    const r = f();
    assert.ok(!(r instanceof Promise), 'a factory returns at once, in both modes');
    return '';
  } catch (e) {
    return e.message;
  }
}

const LAYER_CASES = [
  ['dense', { units: -3 }],
  ['dense', { units: 0 }],
  ['dense', { units: 65537 }],
  ['dense', { units: 1e9 }],
  ['dense', { units: 2.5 }],
  ['dense', { units: NaN }],
  ['dense', { units: Infinity }],
  ['dense', { units: '8' }],
  ['dense', { units: true }],
  ['dense', { units: [4] }],
  ['dense', { units: null }],
  ['dense', {}],
  ['dense', { activation: 5 }],
  ['dense', { units: 2, activation: 'relu6' }],
  ['dense', { units: 2, activation: 'RELU' }],
  ['dense', { units: 2, activation: 'leaky_relu' }],
  ['dense', { units: 2, activation: '' }],
  ['dense', { units: 2, kernelInitializer: 'ones' }],
  ['dense', { units: 2, kernelInitializer: 'he_normal' }],
  ['dense', { units: 2, useBias: 1 }],
  ['dense', { units: 2, useBias: 'yes' }],
  ['dense', { units: 2, kernelRegularizer: 'l3' }],
  ['dense', { units: 2, kernelRegularizer: 'l1_l2' }],
  ['dense', { units: 2, kernelRegularizer: 7 }],
  ['dense', { units: 2, kernelRegularizer: { l1: 'x' } }],
  ['dense', { units: 2, kernelRegularizer: { l2: -1 } }],
  ['dense', { units: 2, kernelRegularizer: { l1: 2e6 } }],
  ['dense', { units: 2, kernelRegularizer: { l1: NaN } }],
  ['dense', { units: 2, inputShape: [0] }],
  ['dense', { units: 2, inputShape: [65537] }],
  ['dense', { units: 2, inputShape: [1.5] }],
  ['dense', { units: 2, inputShape: ['3'] }],
  ['dense', { units: 2, inputShape: 3 }],
  ['dense', { units: 2, inputShape: [2, 2] }],
  ['dense', { units: 2, inputDim: 1.5 }],
  ['dense', { units: 2, inputDim: 70000 }],
  ['dense', { units: 2, inputDim: -1 }],
  ['dense', { units: 2, name: 3 }],
  ['dense', { units: -3, activation: 'relu6' }],
  ['dense', { units: 65536, inputShape: [65536], activation: 'softmax', useBias: false, name: 'ok' }],
  ['dropout', { rate: 1 }],
  ['dropout', { rate: -0.5 }],
  ['dropout', { rate: NaN }],
  ['dropout', { rate: Infinity }],
  ['dropout', { rate: 'half' }],
  ['dropout', {}],
  ['dropout', { rate: 0 }],
  ['dropout', { rate: 0.999 }],
  ['gaussianNoise', { stddev: -1 }],
  ['gaussianNoise', { stddev: -1e-300 }],
  ['gaussianNoise', { stddev: NaN }],
  ['gaussianNoise', { stddev: 0 }],
  ['gaussianNoise', { stddev: 1e300 }],
  ['normalization', { inputShape: [0] }],
  ['normalization', { inputShape: [3] }],
];

test('layer factories: the same message in both modes as Go gives, synchronously at the factory', (t) => {
  const kinds = main.layers;
  for (const [kind] of LAYER_CASES) assert.equal(typeof kinds[kind], 'function', `gt.layers.${kind}`);
  let refused = 0;
  for (const [kind, config] of LAYER_CASES) {
    const spec = { kind, ...config };
    if (spec.kernelRegularizer !== undefined) spec.kernelRegularizer = regularizerSpec(spec.kernelRegularizer);
    const want = goSays('checkLayer', spec);
    const label = `gt.layers.${kind}(${JSON.stringify(config)})`;
    assert.equal(throws(() => main.layers[kind](config)), want, `main thread: ${label}`);
    assert.equal(throws(() => worker.layers[kind](config)), want, `worker mode: ${label}`);
    if (want) refused++;
  }
  t.diagnostic(`${LAYER_CASES.length} layer specs, ${refused} refused, each with Go's message in both modes`);
  assert.ok(refused >= 40);
});

const OPTIMIZER_CASES = [
  ['sgd', [-0.1]],
  ['sgd', [NaN]],
  ['sgd', [Infinity]],
  ['sgd', ['fast']],
  ['sgd', [0]],
  ['momentum', [0.1, 1]],
  ['momentum', [0.1, -0.5]],
  ['momentum', [0.1, 0.5, 1]],
  ['momentum', [0.1, 0.5, true]],
  ['adam', [NaN]],
  ['adam', [-1]],
  ['adam', [0.01, 1]],
  ['adam', [0.01, 0.9, 1.5]],
  ['adam', [0.01, 0.9, 0.999, -1e-7]],
  ['adam', [0.01, 0.9, 0.999, 0]],
  ['rmsprop', [0.01, 1]],
  ['rmsprop', [0.01, 0.9, 1]],
  ['rmsprop', [0.01, 0.9, 0.5, NaN]],
  ['adagrad', [0.01, -0.1]],
  ['adagrad', [0.01, 0.1]],
];

test('optimizer factories: the same message in both modes as Go gives, synchronously at the factory', (t) => {
  const PARAMS = { sgd: ['learningRate'], momentum: ['learningRate', 'momentum', 'nesterov'], adam: ['learningRate', 'beta1', 'beta2', 'epsilon'], rmsprop: ['learningRate', 'rho', 'momentum', 'epsilon'], adagrad: ['learningRate', 'initialAccumulatorValue'] };
  let refused = 0;
  for (const [name, args] of OPTIMIZER_CASES) {
    const spec = { name };
    args.forEach((a, i) => (spec[PARAMS[name][i]] = a));
    const want = goSays('checkOptimizer', spec);
    const label = `gt.train.${name}(${args.join(', ')})`;
    assert.equal(throws(() => main.train[name](...args)), want, `main thread: ${label}`);
    assert.equal(throws(() => worker.train[name](...args)), want, `worker mode: ${label}`);
    if (want) refused++;
  }
  t.diagnostic(`${OPTIMIZER_CASES.length} optimizer calls, ${refused} refused, each with Go's message in both modes`);
  assert.ok(refused >= 15);
});

test('the issue\'s cases: refused at the factory in worker mode, with Go\'s words', () => {
  const cases = [
    [() => worker.layers.dense({ units: -3 }), 'dense: units must be between 1 and 65536, got -3'],
    [() => worker.layers.dropout({ rate: 1 }), 'dropout: rate must be in [0, 1), got 1'],
    [() => worker.train.adam(NaN), 'train.adam: learningRate must be a finite number, got NaN'],
    [() => worker.layers.dense({ units: 2, activation: 'relu6' }), "dense: unknown activation 'relu6' (known: linear, relu, leakyRelu, elu, sigmoid, tanh, softmax, softplus)"],
  ];
  for (const [f, want] of cases) assert.equal(throws(f), want);
});

test('compile: an optimizer given as an object is checked by the same description in both modes', async () => {
  for (const gt of [main, worker]) {
    const m = await gt.sequential({ layers: [gt.layers.dense({ units: 1, inputShape: [2] })] });
    const cases = [
      [{ name: 'adam', learningRate: -1 }, 'compile: adam: learningRate must be at least 0, got -1'],
      [{ name: 'rmsprop', rho: 1 }, 'compile: rmsprop: rho must be in [0, 1), got 1'],
      [{ name: 'nadam' }, "compile: unknown optimizer 'nadam' (known: sgd, momentum, adam, rmsprop, adagrad)"],
    ];
    for (const [optimizer, want] of cases) {
      await assert.rejects(async () => m.compile({ optimizer, loss: 'meanSquaredError' }), (e) => e.message === want, want);
    }
    await m.dispose();
  }
});

// The red team's validationSplit: 0.99 of a few rows was accepted with an
// empty side; Keras' rule (the last ⌊n·split⌋ rows validate, so at least
// one row trains while split < 1) now refuses a split that leaves no
// validation rows, in both modes, and keeps the model usable.
test('fit: a validationSplit that leaves no training or no validation rows is refused in both modes', async () => {
  for (const [name, gt] of [['main', main], ['worker', worker]]) {
    const m = await gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2] })] });
    await m.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const x = (n) => Array.from({ length: n }, (_, i) => [i, -i]);
    const y = (n) => Array.from({ length: n }, (_, i) => i % 2);
    const cases = [
      [1, 0.99, 'fit: validationSplit 0.99 of 1 rows leaves no validation or no training data'],
      [2, 0.4, 'fit: validationSplit 0.4 of 2 rows leaves no validation or no training data'],
      [3, 0.2, 'fit: validationSplit 0.2 of 3 rows leaves no validation or no training data'],
    ];
    for (const [n, validationSplit, want] of cases) {
      await assert.rejects(async () => m.fit(x(n), y(n), { epochs: 1, validationSplit }), (e) => e.message === want, `${name}: ${n} rows, ${validationSplit}: want ${want}`);
    }
    const h = await m.fit(x(100), y(100), { epochs: 1, validationSplit: 0.99 }); // 99 validate, 1 trains
    assert.equal(h.history.loss.length, 1, name);
    assert.equal(h.history.val_loss.length, 1, name);
    await m.dispose();
  }
});

// toJSON's text format holds about 3 million parameters; training allows
// far more. A bigger model is refused naming the way out, and that way (the
// TF.js format's binary weights) carries it exactly, in both modes.
test('toJSON: a model over the format\'s size is refused pointing to the TF.js format, which round-trips it (both modes)', async () => {
  for (const [name, gt] of [['main', main], ['worker', worker]]) {
    const m = await gt.sequential({ seed: 3, layers: [gt.layers.dense({ units: 2000, inputShape: [2000] })] });
    assert.equal(await m.countParams(), 4_002_000);
    await assert.rejects(async () => m.toJSON(), (e) => e.message.startsWith('toJSON: the model has 4002000 parameters, too many for a gotrain JSON file of at most 64 MB (about 3 million parameters); save it in the TF.js format'), name);
    const a = await m.toTfjsArtifacts();
    const back = await gt.loadLayersModel(a);
    const x = gt.tensor2d(new Float64Array(2 * 2000).map((_, i) => Math.sin(i)), [2, 2000]);
    const [p, q] = [await m.predict(x), await back.predict(x)];
    const [pa, qa] = [p.data, q.data];
    // float32 weights: the predictions agree to float32's precision.
    for (let i = 0; i < pa.length; i++) assert.ok(Math.abs(pa[i] - qa[i]) <= 1e-4 * (1 + Math.abs(pa[i])), `${name}: prediction ${i}: ${pa[i]} vs ${qa[i]}`);
    await m.dispose();
    await back.dispose();
  }
});
