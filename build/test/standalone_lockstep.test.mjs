// The two writers of the standalone predictor in lockstep: for a table of
// models (every activation, with and without Normalization — adapted with a
// constant column, or not adapted —, binary, multi-class and regression,
// a Dense without bias, Dropout and GaussianNoise, hostile class and layer
// names, float32 and float64) the text gotrain.js writes
// (model.exportStandalone, www/lib/standalone.js) equals, byte for byte,
// what core.Standalone writes for the same model, read back in Go from
// model.toJSON() (`go run ./build/test/standalonego`). Needs `make build`
// and Go.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { load } from '../../www/gotrain.js';

const gt = await load({ warmUp: false });
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Deterministic numbers in [-1, 1). */
function rand(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1;
}

/** n rows of cols raw values on scales up to 100; column 1 constant. */
function rows(n, cols, seed) {
  const r = rand(seed);
  return Array.from({ length: n }, () => Array.from({ length: cols }, (_, j) => (j === 1 ? 3 : r() * 10 ** (j % 3) + j)));
}

/** The activations gotrain knows, from its own error message (so a new one is in the table too). */
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

const HOSTILE = ['"];globalThis.pwned=1;//', "'\\", '</script><script>x</script>', 'a\u2028b\u2029c', '`${x}`', '\n\t\u0000\u007f*/', '猫 🐈', '&amp;<>', 'lone \ud800 high', 'lone \udc00 low'];

/** A model with its fit done: layers is a list of [kind, options]. */
async function model({ layers, out, units = out, loss = 'meanSquaredError', seed = 1, fit = true, cols = 4 }) {
  const m = gt.sequential({ seed });
  layers.forEach(([kind, o], i) => m.add(gt.layers[kind]({ ...o, ...(i === 0 ? { inputShape: [cols] } : {}) })));
  m.compile({ optimizer: 'adam', loss });
  if (fit) {
    const x = rows(40, cols, seed);
    const y = x.map((r) => (units === 1 && loss !== 'meanSquaredError' ? [r[0] > 0 ? 1 : 0] : loss.startsWith('sparse') ? [Math.abs(Math.round(r[0])) % out] : Array.from({ length: out }, (_, k) => Math.sin(r[0] + k))));
    await m.fit(x, y, { epochs: 2, batchSize: 16 });
  }
  return m;
}

/** The table: [name, model, classNames]. */
async function table() {
  const cases = [];
  for (const act of activations()) {
    for (const norm of [true, false]) {
      const layers = [
        ...(norm ? [['normalization', {}]] : []),
        ['dense', { units: 6, activation: act }],
        ['dropout', { rate: 0.3 }],
        ['gaussianNoise', { stddev: 0.1 }],
        ['dense', { units: 3, activation: act, useBias: act !== 'tanh' }],
      ];
      cases.push([`${act}${norm ? ' +norm' : ''}`, await model({ layers, out: 3, seed: 3 }), null]);
    }
  }
  const binary = await model({ layers: [['dense', { units: 8, activation: 'relu' }], ['dense', { units: 1, activation: 'sigmoid' }]], out: 1, loss: 'binaryCrossentropy', seed: 5 });
  cases.push(['binary', binary, null], ['binary, names', binary, ['no', 'yes']], ['binary, hostile names', binary, HOSTILE.slice(0, 2)]);
  const multi = await model({
    layers: [['normalization', { name: HOSTILE.join('|') }], ['dense', { units: 8, activation: 'elu', name: HOSTILE[2] }], ['dense', { units: HOSTILE.length, activation: 'softmax' }], ['dropout', { rate: 0.5 }]],
    out: HOSTILE.length, loss: 'sparseCategoricalCrossentropy', seed: 7,
  });
  cases.push(['multi-class, hostile names', multi, HOSTILE], ['multi-class', multi, null]);
  const regression = await model({ layers: [['normalization', {}], ['dense', { units: 5, activation: 'leakyRelu' }], ['dense', { units: 1 }]], out: 1, seed: 9, cols: 6 });
  cases.push(['regression', regression, null]);
  // Normalization not adapted (mean 0, variance 1), and a model never fit.
  const fresh = await model({ layers: [['normalization', {}], ['dense', { units: 2, activation: 'softplus', useBias: false }]], out: 2, fit: false });
  cases.push(['not adapted, not fit', fresh, ['a', 'b']]);
  return cases;
}

/** core.Standalone's texts (or errors) for the cases, from Go. */
function goTexts(cases) {
  const input = JSON.stringify(cases);
  const r = spawnSync(process.env.GO || 'go', ['run', './build/test/standalonego'], { cwd: repoRoot, input, encoding: 'utf8', maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, `go run ./build/test/standalonego: ${r.error ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

test('gotrain.js writes the text core.Standalone writes, byte for byte', async (t) => {
  const cases = await table();
  const goCases = [], jsTexts = [];
  for (const [, m, classNames] of cases) {
    for (const dtype of ['float64', 'float32']) {
      goCases.push({ model: m.toJSON(), dtype, classNames });
      jsTexts.push(m.exportStandalone({ dtype, classNames }));
    }
  }
  const want = goTexts(goCases);
  assert.equal(want.length, jsTexts.length);
  let i = 0;
  for (const [name] of cases) {
    for (const dtype of ['float64', 'float32']) {
      const w = want[i], got = jsTexts[i++];
      assert.equal(w.error, undefined, `${name} ${dtype}: Go refused: ${w.error}`);
      if (got !== w.text) {
        let k = 0;
        while (got[k] === w.text[k]) k++;
        assert.fail(`${name} ${dtype}: the texts differ from character ${k}:\n  js: ${JSON.stringify(got.slice(Math.max(0, k - 40), k + 60))}\n  go: ${JSON.stringify(w.text.slice(Math.max(0, k - 40), k + 60))}`);
      }
    }
  }
  t.diagnostic(`${cases.length} models × 2 dtypes: identical`);
});

test('both refuse class names of the wrong count', async () => {
  const m = await model({ layers: [['dense', { units: 3, activation: 'softmax' }]], out: 3, fit: false });
  const [r] = goTexts([{ model: m.toJSON(), dtype: 'float64', classNames: ['a', 'b'] }]);
  assert.equal(r.error, 'standalone: 2 class names for 3 outputs; want 3');
  assert.throws(() => m.exportStandalone({ classNames: ['a', 'b'] }), /^Error: exportStandalone: 2 class names for 3 outputs; want 3$/);
});
