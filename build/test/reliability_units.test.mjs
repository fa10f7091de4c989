// Reliability (issue 2 of 5), the parts of the library that need no Go
// module: factories that check their settings from stubbed descriptions in
// Go's words, Go's number formatting, untrusted text cut in messages.
// reliability.test.mjs runs the same checks against the real module in
// Node (main thread and worker); reliability_browser.test.mjs in Chromium.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { makeAPI } from '../../www/lib/api.js';
import { describeGo, goFloat, makeLayers, makeTrain, rangeText } from '../../www/lib/descriptions.js';
import { DirectTransport } from '../../www/lib/direct.js';
import { cut, options } from '../../www/lib/options.js';

// Layer kinds as the module's layerKinds export describes them once fields
// carry their bounds and names: a kind that does not exist included.
const KINDS = [
  {
    kind: 'dense',
    className: 'Dense',
    fields: [
      { name: 'units', type: 'int', required: true, min: 1, max: 65536 },
      { name: 'activation', type: 'activation', default: 'linear', values: ['linear', 'relu', 'leakyRelu', 'sigmoid'] },
      { name: 'useBias', type: 'bool', default: true },
      { name: 'kernelInitializer', type: 'initializer', default: 'glorotUniform', values: ['glorotUniform', 'zeros'] },
      { name: 'kernelRegularizer', type: 'regularizer', default: null },
    ],
  },
  { kind: 'dropout', className: 'Dropout', fields: [{ name: 'rate', type: 'float', required: true, min: 0, max: 1, maxExclusive: true }] },
  {
    kind: 'fancyNoise',
    className: 'FancyNoise',
    fields: [
      { name: 'stddev', type: 'float', required: true, min: 0, minExclusive: true },
      { name: 'scale', type: 'float', default: 1, min: 0, max: 10 },
      { name: 'label', type: 'string', default: '' },
    ],
  },
];

// Optimizers as optimizerKinds describes them, fields in positional order.
const OPTIMIZERS = [
  { kind: 'sgd', fields: [{ name: 'learningRate', type: 'float', default: 0.01, min: 0 }] },
  {
    kind: 'momentum',
    fields: [
      { name: 'learningRate', type: 'float', default: 0.01, min: 0 },
      { name: 'momentum', type: 'float', default: 0.9, min: 0, max: 1, maxExclusive: true },
      { name: 'nesterov', type: 'bool', default: false },
    ],
  },
  {
    kind: 'adam',
    fields: [
      { name: 'learningRate', type: 'float', default: 0.001, min: 0 },
      { name: 'beta1', type: 'float', default: 0.9, min: 0, max: 1, maxExclusive: true },
      { name: 'beta2', type: 'float', default: 0.999, min: 0, max: 1, maxExclusive: true },
      { name: 'epsilon', type: 'float', default: 1e-7, min: 0 },
    ],
  },
];

test("goFloat prints numbers as Go's %g does", () => {
  // Printed by Go's fmt.Sprintf("%g", x).
  const table = [
    [0, '0'], [1, '1'], [-1, '-1'], [0.5, '0.5'], [1e9, '1e+09'], [1e21, '1e+21'], [123456, '123456'],
    [1234567, '1.234567e+06'], [1e-4, '0.0001'], [1e-5, '1e-05'], [0.000123, '0.000123'], [1.5e-5, '1.5e-05'],
    [100000, '100000'], [999999, '999999'], [1e6, '1e+06'], [3.14159, '3.14159'], [-0.001, '-0.001'], [1e300, '1e+300'],
    [5e-324, '5e-324'], [Number.MAX_VALUE, '1.7976931348623157e+308'], [65536, '65536'], [1e-7, '1e-07'], [2.5e-7, '2.5e-07'],
    [12345.678, '12345.678'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [-0, '-0'],
  ];
  for (const [x, want] of table) assert.equal(goFloat(x), want, `goFloat(${x})`);
});

test("rangeText and describeGo: core's Field.RangeText and the module's describe", () => {
  assert.equal(rangeText({ type: 'int', min: 1, max: 65536 }), 'between 1 and 65536');
  assert.equal(rangeText({ type: 'float', min: 0, max: 1, maxExclusive: true }), 'in [0, 1)');
  assert.equal(rangeText({ type: 'float', min: 0 }), 'at least 0');
  assert.equal(rangeText({ type: 'float', min: 0, max: Infinity }), 'at least 0');
  assert.equal(rangeText({ type: 'float', min: 0, max: 1e6 }), 'between 0 and 1e+06');
  assert.equal(rangeText({ type: 'float', min: 0, minExclusive: true }), 'greater than 0');
  assert.equal(rangeText({ type: 'float' }), '');
  const table = [['abc', "'abc'"], ['x'.repeat(50), `'${'x'.repeat(37)}...'`], [null, 'null'], [[1], 'an array'], [{}, 'an object'],
    [new Float32Array(1), 'an object'], [() => 1, 'a function'], [Symbol('s'), 'a symbol'], [1n, 'a BigInt'], [true, 'true'], [2.5, '2.5'], [NaN, 'NaN']];
  for (const [v, want] of table) assert.equal(describeGo(v), want);
});

test('layer factories check every setting at once from the description, in both modes', () => {
  for (const async of [false, true]) {
    const checked = [];
    const layers = makeLayers(KINDS, async ? null : (spec) => checked.push(spec), async);
    const cases = [
      [() => layers.dense({ units: -3 }), 'dense: units must be between 1 and 65536, got -3'],
      [() => layers.dense({ units: 0 }), 'dense: units must be between 1 and 65536, got 0'],
      [() => layers.dense({ units: 1e9 }), 'dense: units must be between 1 and 65536, got 1000000000'],
      [() => layers.dense({ units: 2.5 }), 'dense: units must be an integer, got 2.5'],
      [() => layers.dense({ units: NaN }), 'dense: units must be an integer, got NaN'],
      [() => layers.dense({ units: '8' }), "dense: units must be an integer, got '8'"],
      [() => layers.dense({ units: null }), 'dense: units is required'],
      [() => layers.dense({}), 'dense: units is required'],
      [() => layers.dense({ activation: 5 }), 'dense: activation must be a string, got 5', 'types before presence, as Go reads them'],
      [() => layers.dense({ units: 2, activation: 'relu6' }), "dense: unknown activation 'relu6' (known: linear, relu, leakyRelu, sigmoid)"],
      [() => layers.dense({ units: 2, kernelInitializer: 'ones' }), "dense: unknown initializer 'ones' (known: glorotUniform, zeros)"],
      [() => layers.dense({ units: 2, useBias: 1 }), 'dense: useBias must be true or false, got 1'],
      [() => layers.dense({ units: 2, kernelRegularizer: 'l3' }), "dense: unknown regularizer 'l3' (known: l1, l2, l1l2)"],
      [() => layers.dense({ units: 2, kernelRegularizer: 7 }), 'dense: kernelRegularizer must be gt.regularizers.l1/l2/l1l2(...), got 7'],
      [() => layers.dense({ units: 2, kernelRegularizer: { l1: 'x' } }), "dense: kernelRegularizer: l1 must be a number, got 'x'"],
      [() => layers.dense({ units: 2, kernelRegularizer: { l2: -1 } }), 'dense: kernelRegularizer: regularizer factors must be between 0 and 1e6, got l1=0 l2=-1'],
      [() => layers.dense({ units: 2, inputShape: [0] }), 'dense: inputShape must be [features] with features between 1 and 65536, got [0]'],
      [() => layers.dense({ units: 2, inputShape: 3 }), 'dense: inputShape must be an array [features], got 3'],
      [() => layers.dense({ units: 2, inputShape: [2, 2] }), 'dense: inputShape must have one dimension, [features]; got 2'],
      [() => layers.dense({ units: 2, inputDim: 1.5 }), 'dense: inputDim must be an integer, got 1.5'],
      [() => layers.dense({ units: 2, inputDim: 70000 }), 'dense: inputShape must be between 1 and 65536, got 70000'],
      [() => layers.dense({ units: 2, name: 3 }), 'dense: name must be a string, got 3'],
      [() => layers.dropout({ rate: 1 }), 'dropout: rate must be in [0, 1), got 1'],
      [() => layers.dropout({ rate: -0.5 }), 'dropout: rate must be in [0, 1), got -0.5'],
      [() => layers.dropout({ rate: Infinity }), 'dropout: rate must be a finite number, got +Inf'],
      [() => layers.dropout({ rate: 'half' }), "dropout: rate must be a number, got 'half'"],
      [() => layers.fancyNoise({ stddev: 0 }), 'fancyNoise: stddev must be greater than 0, got 0'],
      [() => layers.fancyNoise({ stddev: 1, scale: 11 }), 'fancyNoise: scale must be between 0 and 10, got 11'],
      [() => layers.fancyNoise({ stddev: 1, label: false }), 'fancyNoise: label must be a string, got false'],
    ];
    for (const [f, want, why] of cases) {
      assert.throws(f, (e) => e instanceof Error && e.message === want, `${async ? 'worker' : 'main thread'}: ${want}${why ? ` (${why})` : ''}`);
    }
    assert.deepEqual(checked, [], 'nothing reaches Go when JS refuses');
    // Legal values pass, names as Go matches them (case, underscores).
    for (const l of [
      layers.dense({ units: 1 }),
      layers.dense({ units: 65536, activation: 'LEAKY_RELU', kernelInitializer: '', useBias: false, inputShape: [65536], name: 'x' }),
      layers.dense({ units: 3, kernelRegularizer: { l1: 0, l2: 1e6 }, activation: null }),
      layers.dropout({ rate: 0 }),
      layers.fancyNoise({ stddev: 1e-9, scale: 10 }),
    ]) {
      assert.ok(l.kind);
    }
    assert.equal(checked.length, async ? 0 : 5, 'main-thread mode asks Go too');
  }
});

test('optimizer factories: positional settings checked from optimizerKinds; a module without it still gets types', () => {
  for (const async of [false, true]) {
    const train = makeTrain(OPTIMIZERS, null);
    assert.deepEqual(Object.keys(train), ['sgd', 'momentum', 'adam']);
    const cases = [
      [() => train.adam(NaN), 'train.adam: learningRate must be a finite number, got NaN'],
      [() => train.adam(-1), 'train.adam: learningRate must be at least 0, got -1'],
      [() => train.adam(0.1, 1), 'train.adam: beta1 must be in [0, 1), got 1'],
      [() => train.adam(0.1, 0.9, 0.999, -1e-7), 'train.adam: epsilon must be at least 0, got -1e-07'],
      [() => train.adam('fast'), "train.adam: learningRate must be a number, got 'fast'"],
      [() => train.momentum(0.1, 0.5, 1), 'train.momentum: nesterov must be true or false, got 1'],
      [() => train.sgd(0.1, 2), 'train.sgd: takes at most 1 arguments (learningRate)'],
    ];
    for (const [f, want] of cases) assert.throws(f, (e) => e.message === want, `${async}: ${want}`);
    assert.deepEqual(train.adam(0.01, 0.9, 0.999, 0)._spec(), { name: 'adam', learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 0 });
  }
});

test('untrusted text is cut: 60 characters and …, never a surrogate half', () => {
  assert.equal(cut('short'), 'short');
  assert.equal(cut('x'.repeat(60)), 'x'.repeat(60));
  assert.equal(cut('x'.repeat(61)), `${'x'.repeat(60)}…`);
  assert.equal(cut(`${'x'.repeat(59)}😀😀`), `${'x'.repeat(59)}…`);
  assert.equal(cut(12345, 3), '123…');
  const huge = 'k'.repeat(50 * 2 ** 20);
  const opts = { [huge]: 1 }; // (making this object takes V8 a second)
  // The did-you-mean must not compare (or even lower-case) a huge name: every
  // toLowerCase call on a string over 1,000 characters is counted.
  const lower = String.prototype.toLowerCase;
  let bigLowers = 0;
  String.prototype.toLowerCase = function () {
    if (this.length > 1000) bigLowers++;
    return lower.call(this);
  };
  let msg = '';
  try {
    options('fit', opts, ['epochs', 'batchSize']);
  } catch (e) {
    msg = e.message;
  } finally {
    String.prototype.toLowerCase = lower;
  }
  assert.ok(msg.startsWith(`fit: unknown option '${'k'.repeat(60)}…'; known: epochs, batchSize`), msg.slice(0, 100));
  assert.ok(msg.length < 200, `a 50 MB option name makes a ${msg.length}-character message`);
  assert.equal(bigLowers, 0, 'the did-you-mean lower-cased the 50 MB option name');
  const layers = makeLayers(KINDS, null, true);
  assert.throws(() => layers.dense({ units: 1, activation: huge }), (e) => e.message.length < 200 && e.message.includes("unknown activation 'kkk"));
  assert.throws(() => layers.dense({ units: 1, kernelRegularizer: huge }), (e) => e.message.length < 200);
});

// A Go module stand-in: every export answers plausibly, except `dies`,
// which ends the program the way a fatal runtime error does (go.exit runs
// during the call, which then returns undefined) or throws (a trap).
function stubTransport(dies, how = 'exit') {
  const t = new DirectTransport(
    new Proxy(
      {},
      {
        get: (_, fn) => (...args) => {
          if (fn === dies) {
            if (how === 'trap') throw new WebAssembly.RuntimeError('unreachable');
            if (how === 'long') return new Error(`${fn}: ${'x'.repeat(1e6)}`);
            t.exited = true;
            return undefined;
          }
          if (fn === 'sequential') return 1;
          if (fn === 'add') return 0;
          if (fn === 'memory') return { models: 1 };
          return args.length ? 0 : undefined;
        },
      },
    ),
    { exports: { mem: { buffer: new ArrayBuffer(8) } } },
  );
  return t;
}

test('a call during which Go exits throws naming the call (it returned undefined before); so does every later call', () => {
  const info = { version: 'x', backend: 'go', layerKinds: KINDS, optimizerKinds: OPTIMIZERS };
  const calls = [
    ['trainOnBatch', (gt, m) => m.trainOnBatch([[1]], [1])],
    ['confusionMatrix', (gt) => gt.metrics.confusionMatrix([0, 1], [0, 1], 20000)],
    ['predict', (gt, m) => m.predict([[1]])],
    ['evaluate', (gt, m) => m.evaluate([[1]], [1])],
    ['getWeights', (gt, m) => m.getWeights()],
    ['predictClasses', (gt) => gt.metrics.predictClasses([[0.1, 0.9]])],
    ['memory', (gt) => gt.memory()],
  ];
  for (const [call, f] of calls) {
    const t = stubTransport(call);
    const gt = makeAPI(t, info);
    const m = gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 1, inputShape: [1] })] });
    assert.throws(() => f(gt, m), (e) => e.message === `${call}: the gotrain module has stopped (its Go program exited, most likely out of memory); load it again`, call);
    assert.throws(() => gt.sequential(), /^Error: sequential: the gotrain module has stopped/, `after ${call}`);
  }
  const t = stubTransport('predict', 'trap');
  const gt = makeAPI(t, info);
  const m = gt.sequential({ seed: 1 });
  assert.throws(() => m.predict([[1]]), /^Error: predict: the gotrain module has stopped \(its Go program failed: unreachable\); load it again$/);
  assert.throws(() => m.countParams(), /^Error: countParams: the gotrain module has stopped/, 'an exception out of Go ends it for good');
  const long = makeAPI(stubTransport('predict', 'long'), info);
  assert.throws(() => long.sequential({ seed: 1 }).predict([[1]]), (e) => e.message.length <= 1001 && e.message.endsWith('…'), 'a Go message quoting a huge name is cut');
});

test("load's memoryLimit reaches Go's setMemoryLimit; bad values are refused naming load", () => {
  const calls = [];
  const withBudget = new DirectTransport({ setMemoryLimit: (b) => calls.push(b), memory: () => ({ limit: calls.at(-1), used: 1 }) }, { exports: { mem: { buffer: new ArrayBuffer(8) } } });
  withBudget.setMemoryLimit(2 ** 30);
  assert.deepEqual(calls, [2 ** 30]);
  assert.deepEqual(withBudget.memory(false), { limit: 2 ** 30, used: 1, wasmBytes: 8 }, "gt.memory() passes on what Go's memory export says");
  withBudget.setMemoryLimit(undefined);
  assert.equal(calls.length, 1, 'no memoryLimit: Go keeps its default');
  for (const bad of [-1, 0, 1.5, '1GB', NaN]) {
    assert.throws(() => withBudget.setMemoryLimit(bad), /^Error: load: memoryLimit must be a whole number of bytes, got /, String(bad));
  }
});
