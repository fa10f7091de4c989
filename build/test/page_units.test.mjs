// Unit tests of the page's pure modules (www/app/*.js), run by node --test:
// the state table and its URL-hash form, colour scales, the task → output
// layer/loss rule, number formatting, heatmap/chart/diagram layout helpers,
// the CSV header reader, the digit pad's level mapping, and the service
// worker's asset list against the files in www/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const www = path.join(root, 'www');
const app = (f) => import(path.join(www, 'app', f));

const S = await app('state.js');
const C = await app('colors.js');
const T = await app('task.js');
const F = await app('format.js');
const HM = await app('heatmap.js');
const LC = await app('linechart.js');
const NW = await app('network.js');
const CSV = await app('csvpanel.js');
const DD = await app('drawdigit.js');
const FH = await app('fithistory.js');
const R = await app('rows.js');
const CG = await app('codegen.js');
const P = await app('presets.js');

// ---------------------------------------------------------------- state.js

test('state: defaults cover every key and are valid', () => {
  const d = S.defaults();
  assert.deepEqual(Object.keys(d), S.KEYS);
  for (const k of S.KEYS) {
    const r = S.coerce(k, S.SCHEMA[k].type === 'layers' ? S.layersToString(d[k]) : d[k]);
    assert.ok(!('error' in r), `${k}: ${r.error}`);
  }
  // A fresh copy each time: changing one must not change the next.
  d.layers[0].units = 99;
  assert.equal(S.defaults().layers[0].units, 8);
});

test('state: serialise → parse gives the same state back', () => {
  const s = S.defaults();
  Object.assign(s, {
    dataset: 'spiral',
    noise: 0.15,
    size: 800,
    testPct: 40,
    label: 'species name',
    normalize: false,
    layers: [
      { units: 16, activation: 'relu' },
      { units: 3, activation: 'leakyRelu' },
    ],
    dropout: 0.2,
    reg: 'l1l2',
    regRate: 0.0003,
    optimizer: 'rmsprop',
    lr: 0.003,
    batch: 64,
    epochs: 250,
    loss: 'meanSquaredError',
    seed: 123456,
  });
  const hash = S.serialise(s);
  assert.match(hash, /^dataset=spiral&noise=0\.15&/);
  assert.match(hash, /layers=16:relu,3:leakyRelu/, 'layers readable in the link');
  const { state, errors } = S.parse('#' + hash);
  assert.deepEqual(errors, []);
  assert.deepEqual(state, s);
  assert.ok(S.sameState(state, s));
});

test('state: feature inputs and the threshold travel in the link', () => {
  const s = { ...S.defaults(), features: ['x1sq', 'x1', 'sinx2'], threshold: 0.35 };
  const hash = S.serialise(s);
  assert.match(hash, /&features=x1,x1sq,sinx2&/, 'feature ids in FEATURES order');
  assert.match(hash, /&threshold=0\.35&/);
  const back = S.parse('#' + hash);
  assert.deepEqual(back.errors, []);
  assert.deepEqual(back.state.features, ['x1', 'x1sq', 'sinx2']);
  assert.equal(back.state.threshold, 0.35);
  assert.deepEqual(S.featureApiNames(back.state.features), ['x1', 'x1^2', 'sin(x2)']);
  assert.ok(S.plainFeatures(S.defaults().features));
  const bad = S.parse('#features=x1,cosx1&threshold=1.5');
  assert.equal(bad.errors.length, 2, bad.errors.join('\n'));
  assert.deepEqual(bad.state.features, ['x1', 'x2']);
  assert.equal(bad.state.threshold, 0.5);
  assert.ok('error' in S.coerce('features', ''), 'at least one input');
});

test('state: every key is written, in schema order', () => {
  const keys = [...new URLSearchParams(S.serialise(S.defaults())).keys()];
  assert.deepEqual(keys, S.KEYS);
});

test('state: missing keys take defaults; bad ones are reported and reset', () => {
  const { state, errors } = S.parse('#dataset=moons&noise=abc&size=7&layers=4:tanh,0:relu&optimizer=nadam&seed=1.5&unknown=1');
  assert.equal(state.dataset, 'moons');
  assert.equal(state.noise, S.SCHEMA.noise.default);
  assert.equal(state.size, S.SCHEMA.size.default);
  assert.deepEqual(state.layers, S.SCHEMA.layers.default);
  assert.equal(state.optimizer, 'adam');
  assert.equal(state.seed, 1);
  assert.equal(errors.length, 5, errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('noise:')));
  assert.ok(errors.some((e) => e.startsWith('size:') && e.includes('50..2000')));
  assert.ok(errors.some((e) => e.startsWith('layers:') && e.includes('units')));
  assert.ok(errors.some((e) => e.startsWith('optimizer:')));
  assert.ok(errors.some((e) => e.startsWith('seed:') && e.includes('whole')));
  assert.deepEqual(S.parse('').state, S.defaults());
  assert.deepEqual(S.parse(undefined).errors, []);
});

test('state: layers text form', () => {
  assert.deepEqual(S.layersFromString(''), []);
  assert.deepEqual(S.layersFromString('4'), [{ units: 4, activation: 'relu' }]);
  assert.deepEqual(S.layersFromString(' 8:TANH , 2:sigmoid'), [
    { units: 8, activation: 'tanh' },
    { units: 2, activation: 'sigmoid' },
  ]);
  assert.throws(() => S.layersFromString('8:swish'), /unknown activation/);
  assert.throws(() => S.layersFromString('x:relu'), /whole number/);
  assert.throws(() => S.layersFromString('1,1,1,1,1,1,1'), /at most 6/);
  assert.throws(() => S.layersFromString('129'), /between 1 and 128/);
  // No hidden layer survives a round trip.
  const s = { ...S.defaults(), layers: [] };
  assert.deepEqual(S.parse(S.serialise(s)).state.layers, []);
});

test('state: coerce booleans, enums and strings', () => {
  assert.deepEqual(S.coerce('normalize', '0'), { value: false });
  assert.deepEqual(S.coerce('normalize', true), { value: true });
  assert.ok('error' in S.coerce('normalize', 'yes'));
  assert.deepEqual(S.coerce('optimizer', 'ADAM'), { value: 'adam' });
  assert.equal(S.coerce('label', 'x'.repeat(500)).value.length, 200);
  assert.ok('error' in S.coerce('nope', 1));
  assert.ok('error' in S.coerce('lr', ''));
  assert.ok('error' in S.coerce('lr', 'Infinity'));
});

test('state: changedKeys and the data/model key groups', () => {
  const a = S.defaults();
  const b = { ...a, lr: 0.1, layers: [{ units: 2, activation: 'relu' }] };
  assert.deepEqual(S.changedKeys(a, b), ['layers', 'lr']);
  assert.deepEqual(S.changedKeys(a, { ...a, layers: a.layers.map((l) => ({ ...l })) }), []);
  for (const k of [...S.DATA_KEYS, ...S.MODEL_KEYS]) assert.ok(S.KEYS.includes(k), k);
  assert.ok(!S.MODEL_KEYS.includes('batch') && !S.MODEL_KEYS.includes('epochs'));
});

// ---------------------------------------------------------------- colors.js

test('colors: diverging scale ends and middle, clamping, NaN', () => {
  assert.deepEqual(C.diverging(-1), C.ORANGE);
  assert.deepEqual(C.diverging(1), C.BLUE);
  assert.deepEqual(C.diverging(0), C.NEUTRAL);
  assert.deepEqual(C.diverging(-7), C.ORANGE);
  assert.deepEqual(C.diverging(7), C.BLUE);
  assert.deepEqual(C.diverging(NaN), C.NEUTRAL);
  assert.deepEqual(C.diverging(Infinity), C.BLUE);
  const half = C.diverging(0.5);
  for (let i = 0; i < 3; i++) assert.equal(half[i], (C.NEUTRAL[i] + C.BLUE[i]) / 2);
  assert.deepEqual(C.probability(0), C.ORANGE);
  assert.deepEqual(C.probability(1), C.BLUE);
  assert.deepEqual(C.probability(0.5), C.NEUTRAL);
});

test('colors: classes, hex, shade, text contrast, weight style', () => {
  assert.equal(C.hex(C.classColor(0)), '#f59322');
  assert.equal(C.hex(C.classColor(1)), '#0877bd');
  assert.deepEqual(C.classColor(10), C.classColor(0));
  assert.equal(new Set(C.CLASS_COLORS.map(C.hex)).size, 10, 'ten distinct class colours');
  assert.equal(C.hex([255, 0, 16.4]), '#ff0010');
  assert.equal(C.shade(0, 10), 0);
  assert.equal(C.shade(10, 10), 9);
  assert.equal(C.shade(0.01, 10), 1, 'any count shows');
  assert.equal(C.shade(5, 0), 0);
  assert.equal(C.textOn([255, 255, 255]), '#1b1f23');
  assert.equal(C.textOn(C.BLUE), '#ffffff');
  assert.ok(C.luminance([255, 255, 255]) > 0.99 && C.luminance([0, 0, 0]) === 0);
  const pos = C.weightStyle(2, 2);
  const neg = C.weightStyle(-0.5, 2);
  assert.equal(pos.color, '#0877bd');
  assert.equal(neg.color, '#f59322');
  assert.equal(pos.width, 6);
  assert.ok(neg.width > 0.5 && neg.width < pos.width);
  assert.equal(C.weightStyle(NaN).width, 0.5);
  assert.deepEqual(C.sequential(0, 5), [255, 255, 255]);
  assert.deepEqual(C.sequential(5, 5), C.BLUE);
  assert.deepEqual(C.lighten(C.BLUE, 1), [255, 255, 255]);
});

// ---------------------------------------------------------------- task.js

test('task: the output layer and loss follow the task as in Keras', () => {
  const two = { kind: 'classification', classes: 2 };
  const three = { kind: 'classification', classes: 3 };
  const reg = { kind: 'regression', classes: 0 };
  assert.deepEqual(T.outputFor(two), { units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', target: 'index' });
  assert.deepEqual(T.outputFor(three), { units: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', target: 'index' });
  assert.deepEqual(T.outputFor(reg), { units: 1, activation: 'linear', loss: 'meanSquaredError', target: 'value' });
  // Overrides.
  assert.deepEqual(T.outputFor(two, 'sparseCategoricalCrossentropy'), { units: 2, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', target: 'index' });
  assert.deepEqual(T.outputFor(three, 'categoricalCrossentropy'), { units: 3, activation: 'softmax', loss: 'categoricalCrossentropy', target: 'onehot' });
  assert.deepEqual(T.outputFor(three, 'binaryCrossentropy'), { units: 3, activation: 'sigmoid', loss: 'binaryCrossentropy', target: 'onehot' });
  assert.deepEqual(T.outputFor(two, 'meanSquaredError'), { units: 1, activation: 'sigmoid', loss: 'meanSquaredError', target: 'index' });
  assert.deepEqual(T.outputFor(three, 'meanAbsoluteError'), { units: 3, activation: 'softmax', loss: 'meanAbsoluteError', target: 'onehot' });
  assert.equal(T.outputFor(reg, 'meanAbsoluteError').loss, 'meanAbsoluteError');
  assert.equal(T.outputFor(reg, 'binaryCrossentropy').loss, 'meanSquaredError');
  assert.throws(() => T.outputFor(two, 'hinge'), /unknown loss/);
});

test('task: classes from class names or small whole-number labels', () => {
  assert.deepEqual(T.taskOf([0, 1, 2], ['a', 'b', 'c']), { kind: 'classification', classes: 3, names: ['a', 'b', 'c'] });
  const digits = T.taskOf(Float64Array.from([3, 0, 9, 1]), null);
  assert.equal(digits.kind, 'classification');
  assert.equal(digits.classes, 10, 'labels 0..9 are 10 classes even if some are missing');
  assert.deepEqual(digits.names.slice(0, 3), ['0', '1', '2']);
  assert.equal(T.taskOf([0.5, 1.25, 3], null).kind, 'regression');
  assert.equal(T.taskOf([-1, 1], null).kind, 'regression');
  assert.equal(T.taskOf([1, 1, 1], null).kind, 'regression', 'one value is no classification');
  // Whole numbers that would make more than MAX_CLASSES classes: a question, not a guess (issue 2 of 5).
  const many = T.taskOf(Array.from({ length: 202 }, (_, i) => i), null);
  assert.equal(many.kind, 'question');
  assert.match(many.message, /^202 distinct values: is this a regression target\?/);
  const far = T.taskOf(Float64Array.from({ length: 200 }, (_, i) => (i % 2 ? 20000 : 0)), null);
  assert.equal(far.kind, 'question');
  assert.match(far.message, /^2 distinct values from 0 to 20000, which as class numbers would make 20001 classes: is this a regression target\?/);
  assert.deepEqual(T.taskOf([0, 20000], null, 'regression'), { kind: 'regression', classes: 0, names: null }, 'answered: a target');
  assert.equal(T.taskOf(Array.from({ length: 50 }, (_, i) => i), null).classes, 50, 'MAX_CLASSES classes still train');
  // Text labels beyond MAX_CLASSES: refused with a clear message.
  const text = T.taskOf([0, 1], Array.from({ length: 300 }, (_, i) => `c${i}`));
  assert.equal(text.kind, 'refused');
  assert.match(text.message, /^300 distinct text labels: the page trains at most 50 classes\./);
});

// ---------------------------------------------------------------- format.js

test('format: numbers as the page shows them, and back', () => {
  assert.equal(F.num(0), '0');
  assert.equal(F.num(0.123456), '0.1235');
  assert.equal(F.num(-0.5), '\u22120.5');
  assert.equal(F.num(1234.5678), '1235');
  assert.equal(F.num(123456), '123500');
  assert.equal(F.num(2.5e-7), '2.5e\u22127');
  assert.equal(F.num(-3e9), '\u22123e9');
  assert.equal(F.num(1), '1');
  assert.equal(F.num(NaN), 'NaN');
  assert.equal(F.num(-Infinity), '\u2212∞');
  assert.equal(F.num(undefined), '');
  for (const v of [0.123456, -0.5, 1234.5678, 2.5e-7, -3e9, 42, -0.0001234]) {
    const back = F.parseNum(F.num(v));
    assert.ok(Math.abs(back - v) <= Math.abs(v) * 5e-4, `${v} → ${F.num(v)} → ${back}`);
  }
  assert.equal(F.pct(0.9567), '95.7%');
  assert.equal(F.pct(undefined), '–');
  assert.equal(F.int(12345), '12\u2009345');
  assert.equal(F.epochText(0), '000,000');
  assert.equal(F.epochText(30), '000,030');
  assert.equal(F.epochText(1234567), '1234,567');
  assert.equal(F.errorText(new Error('fit: bad')), 'fit: bad');
  assert.equal(F.errorText('plain'), 'plain');
});

// ---------------------------------------------------------------- rows.js

test('rows: rows, columns and slices of { data, shape } matrices, copied', () => {
  const m = { data: Float64Array.of(1, 2, 3, 4, 5, 6), shape: [3, 2] };
  assert.deepEqual(R.rowOf(m, 1), [3, 4]);
  assert.deepEqual(R.rowOf([[7, 8], [9, 10]], 1), [9, 10]);
  assert.deepEqual(R.rowOf({ data: [1, 2, 3, 4], shape: [2, 2] }, 1), [3, 4], 'plain arrays too');
  const s = R.rowsOf(m, 1, 3);
  assert.deepEqual(s.shape, [2, 2]);
  assert.deepEqual([...s.data], [3, 4, 5, 6]);
  s.data[0] = 99;
  assert.equal(m.data[2], 3, 'a copy');
  assert.deepEqual([...R.columnOf(m, 1)], [2, 4, 6]);
  assert.deepEqual(R.rowsAsPairs(m), [[1, 2], [3, 4], [5, 6]]);
  assert.equal(R.asMatrix(m), m);
  const a = R.asMatrix([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(a.shape, [2, 3]);
  assert.deepEqual([...a.data], [1, 2, 3, 4, 5, 6]);
});

// ---------------------------------------------------------------- heatmap, linechart, network

test('heatmap: grid points cover the domain, top row first', () => {
  const g = HM.gridPoints({ x: [-6, 6], y: [-6, 6] }, 4);
  assert.equal(g.length, 16);
  assert.deepEqual(g[0], [-4.5, 4.5]);
  assert.deepEqual(g[3], [4.5, 4.5]);
  assert.deepEqual(g[15], [4.5, -4.5]);
  const d = HM.domainOf([
    [0, 0],
    [2, 1],
  ]);
  assert.ok(Math.abs(d.x[1] - d.x[0] - (d.y[1] - d.y[0])) < 1e-12, 'square');
  assert.ok(d.x[0] < 0 && d.x[1] > 2 && d.y[0] < 0 && d.y[1] > 1);
  assert.deepEqual(HM.domainOf([]), { x: [-6, 6], y: [-6, 6] });
  const rgba = HM.fillRGBA([0, 1], 1, (v) => (v ? [1, 2, 3] : [9, 9, 9]));
  assert.deepEqual([...rgba], [9, 9, 9, 255]);
});

test('linechart: y range', () => {
  assert.deepEqual(LC.yRange([{ values: [0.5, 0.25, NaN] }]), [0, 0.5]);
  assert.deepEqual(LC.yRange([{ values: [] }]), [0, 1]);
  assert.deepEqual(LC.yRange([{ values: [-1, 2] }, { values: [3] }]), [-1, 3]);
  assert.deepEqual(LC.yRange([{ values: [0, 0] }]), [0, 1]);
  assert.deepEqual(LC.yRange([{ values: [5] }], [0, 1]), [0, 1]);
});

test('network: shown units and the weight scale', () => {
  assert.deepEqual(NW.shownUnits(3, 10), [0, 1, 2]);
  assert.equal(NW.shownUnits(64, 10).length, 9, 'one slot left for the "+N" marker');
  const cols = [{ units: 2 }, { units: 2 }];
  const w = [{ data: Float64Array.from([0.1, -3, 2, 0.5]), shape: [2, 2] }];
  assert.equal(NW.weightScale(w, cols, 10), 3);
  assert.equal(NW.weightScale([null], cols, 10), 0);
});

// ---------------------------------------------------------------- csvpanel, drawdigit

test('csv header: quotes, commas in quotes, CRLF', () => {
  assert.deepEqual(CSV.csvHeader('a,b,c\n1,2,3'), ['a', 'b', 'c']);
  assert.deepEqual(CSV.csvHeader('"x, y","say ""hi""", z\r\n1,2,3'), ['x, y', 'say "hi"', 'z']);
  assert.deepEqual(CSV.csvHeader(''), []);
  assert.deepEqual(CSV.csvHeader('<b>bold</b>,label'), ['<b>bold</b>', 'label'], 'kept as text');
});

test('digit pad: ink levels on the 0..16 scale of digits.csv', () => {
  assert.equal(DD.alphaToLevel(0), 0);
  assert.equal(DD.alphaToLevel(255), 16);
  assert.equal(DD.alphaToLevel(128), 8);
  assert.equal(DD.alphaToLevel(999), 16);
  assert.equal(DD.levelToAlpha(16), 255);
  assert.equal(DD.levelToAlpha(0), 0);
  for (let l = 0; l <= 16; l++) assert.equal(DD.alphaToLevel(DD.levelToAlpha(l)), l);
});

// ---------------------------------------------------------------- fithistory.js

test('fit history: the curves are the fits joined, the running one from its callback', () => {
  const h = new FH.FitHistory();
  assert.equal(h.epochs, 0);
  assert.equal(h.last('loss'), undefined);
  assert.deepEqual(h.series('loss'), []);
  // A first fit of 2 epochs: reported one by one, then its History.
  h.begin();
  h.epoch({ loss: 0.9, val_loss: 1, acc: 0.5, val_acc: 0.4 });
  assert.equal(h.epochs, 1);
  assert.deepEqual(h.series('accuracy'), [0.5], "'acc' is read as 'accuracy'");
  h.epoch({ loss: 0.7, val_loss: 0.8, acc: 0.6, val_acc: 0.5 });
  h.end({ epoch: [0, 1], history: { loss: Float64Array.of(0.9, 0.7), val_loss: [1, 0.8], acc: [0.5, 0.6], val_acc: [0.4, 0.5] } });
  assert.equal(h.epochs, 2);
  // A second fit, paused after one epoch; then a third that fails after one.
  h.begin();
  h.epoch({ loss: 0.5, val_loss: 0.6, accuracy: 0.7, val_accuracy: 0.6 });
  assert.deepEqual(h.series('loss'), [0.9, 0.7, 0.5]);
  h.end({ epoch: [0], history: { loss: [0.5], val_loss: [0.6], accuracy: [0.7], val_accuracy: [0.6] } });
  h.begin();
  h.epoch({ loss: 0.4, val_loss: 0.5, accuracy: 0.8, val_accuracy: 0.7 });
  h.end(undefined);
  assert.equal(h.epochs, 4);
  assert.deepEqual(h.series('loss'), [0.9, 0.7, 0.5, 0.4]);
  assert.deepEqual(h.series('val_accuracy'), [0.4, 0.5, 0.6, 0.7]);
  assert.equal(h.last('val_loss'), 0.5);
  // A fit stopped before its first epoch adds nothing.
  h.begin();
  h.end({ epoch: [], history: {} });
  assert.equal(h.epochs, 4);
  assert.equal(h.last('accuracy'), 0.8);
  // A quantity one run lacks is NaN there, so the curves stay aligned.
  h.begin();
  h.epoch({ loss: 0.3 });
  assert.deepEqual(h.series('val_loss'), [1, 0.8, 0.6, 0.5, NaN]);
  assert.ok(Number.isNaN(h.last('val_loss')));
  h.clear();
  assert.equal(h.epochs, 0);
  assert.deepEqual(h.series('loss'), []);
});

// ---------------------------------------------------------------- static files

test('sw.js caches every page asset, versioned', () => {
  const sw = readFileSync(path.join(www, 'sw.js'), 'utf8');
  const list = JSON.parse(
    sw
      .match(/const ASSETS = (\[[\s\S]*?\]);/)[1]
      .replace(/'/g, '"')
      .replace(/,\s*\]/, ']'),
  );
  assert.match(sw, /importScripts\('sw-version\.js'\)[\s\S]*const VERSION = BUILD\?\.version \?\? 'dev';/, 'VERSION is the stamp make build writes (build/stamp-sw.mjs)');
  assert.match(sw, /const CACHE = `gotrain-\$\{VERSION\}`/);
  assert.match(sw, /caches\.delete/, 'old versions are removed');
  for (const f of readdirSync(path.join(www, 'app'))) if (f.endsWith('.js')) assert.ok(list.includes(`app/${f}`), `sw.js misses app/${f}`);
  for (const f of readdirSync(path.join(www, 'examples'))) assert.ok(list.includes(`examples/${f}`), `sw.js misses examples/${f}`);
  for (const f of readdirSync(path.join(www, 'data'))) assert.ok(list.includes(`data/${f}`), `sw.js misses data/${f}`);
  for (const f of ['index.html', 'style.css', 'gotrain.js', 'gotrain-worker.js', 'gotrain.wasm', 'wasm_exec.js']) assert.ok(list.includes(f), f);
  for (const f of list) {
    if (f === './' || f.endsWith('.wasm') || f === 'wasm_exec.js') continue; // build outputs
    assert.ok(existsSync(path.join(www, f)), `sw.js lists ${f}, which is not in www/`);
  }
});

test('pages carry the strict CSP and no inline script or style', () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; worker-src 'self'";
  for (const f of ['index.html', 'examples/embed.html', 'examples/minimal.html']) {
    const html = readFileSync(path.join(www, f), 'utf8');
    assert.ok(html.includes(`content="${csp}`), `${f}: CSP meta`);
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, `${f}: inline script`);
    assert.doesNotMatch(html, /\sstyle=/i, `${f}: style attribute`);
    assert.doesNotMatch(html, /<style/i, `${f}: <style> element`);
    assert.doesNotMatch(html, /\son[a-z]+=/i, `${f}: inline event handler`);
  }
  for (const f of readdirSync(path.join(www, 'app'))) {
    // Code only: comments may name what the code avoids.
    const js = readFileSync(path.join(www, 'app', f), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${f} writes HTML`);
    assert.doesNotMatch(js, /setAttribute\(\s*['"]style['"]|\.style\.|cssText/, `${f} sets inline styles`);
  }
  const minimal = readFileSync(path.join(www, 'examples', 'minimal.js'), 'utf8');
  assert.ok(minimal.split('\n').length <= 25, 'minimal.js stays minimal');
});

// ---------------------------------------------------------------- codegen.js, presets.js

const circleInfo = {
  source: 'circle', csvName: null, label: 'label', featureNames: ['x1', 'x2'], features: 2, kind: 'classification', classes: 2,
  out: { units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', target: 'index' }, textClasses: null,
};

test('presets: the Keras example sets exactly 64-64-1, ReLU, sigmoid, Adam 0.001, binary cross-entropy, batch 32, 10 epochs', () => {
  const binary = { task: { kind: 'classification', classes: 2 } };
  const p = P.kerasExample(binary);
  assert.deepEqual(p, {
    normalize: false, features: ['x1', 'x2'], layers: [{ units: 64, activation: 'relu' }, { units: 64, activation: 'relu' }], dropout: 0, reg: 'none',
    optimizer: 'adam', lr: 0.001, loss: 'binaryCrossentropy', batch: 32, epochs: 10, earlyStop: false,
    augJitter: 0, augShift: 0, augRotate: 0, augScale: 0, augMixup: 0, // augmentation off
  });
  for (const [k, v] of Object.entries(p)) assert.ok(!('error' in S.coerce(k, v)), `${k} is a valid setting`);
  // Its one sigmoid unit needs two classes: elsewhere the circle comes too.
  assert.equal(P.kerasExample({ task: { kind: 'classification', classes: 3 } }).dataset, 'circle');
  assert.equal(P.kerasExample({ task: { kind: 'regression', classes: 0 } }).dataset, 'circle');
  // The page's defaults agree with Keras where Keras has one.
  assert.equal(S.defaults().lr, 0.001);
  assert.equal(S.defaults().normalize, false);
  assert.equal(S.DEFAULT_LR[S.defaults().optimizer], S.defaults().lr);
});

test('codegen: the gotrain.js and Keras listings say every setting', () => {
  const s = { ...S.defaults(), ...P.kerasExample({ task: { kind: 'classification', classes: 2 } }), seed: 5, size: 300, noise: 0.1 };
  const js = CG.gotrainCode(s, circleInfo);
  for (const part of [
    "import { load } from './gotrain.js';",
    "gt.data.builtin('circle', { n: 300, noise: 0.1, seed: 5 })",
    'gt.data.split(data, { testFraction: 0.3, seed: 5, stratify: true })',
    'gt.data.split(rest, { testFraction: 0.2, seed: 5, stratify: true })',
    'gt.sequential({ seed: 5 })',
    "model.add(gt.layers.dense({ units: 64, activation: 'relu', inputShape: [2] }));",
    "model.add(gt.layers.dense({ units: 64, activation: 'relu' }));",
    "model.add(gt.layers.dense({ units: 1, activation: 'sigmoid' }));",
    "model.compile({ optimizer: gt.train.adam(0.001), loss: 'binaryCrossentropy', metrics: ['accuracy'] });",
    'epochs: 10,', 'batchSize: 32,', 'validationData: [val.x, val.y],', 'model.evaluate(test.x, test.y)',
  ]) assert.ok(js.includes(part), `gotrain.js listing has ${part}`);
  const k = CG.kerasCode(s, circleInfo);
  for (const part of ['keras.Input(shape=(2,))', 'layers.Dense(64, activation="relu")', 'layers.Dense(1, activation="sigmoid")', 'keras.optimizers.Adam(learning_rate=0.001)', 'loss="binary_crossentropy"', 'epochs=10', 'batch_size=32', 'validation_data=(val[features], val[label])', 'pd.read_csv("circle.csv")', 'keras.utils.set_random_seed(5)']) {
    assert.ok(k.includes(part), `Keras listing has ${part}`);
  }
  // Options appear when set, in both languages.
  const t = { ...s, normalize: true, dropout: 0.25, reg: 'l1l2', regRate: 0.003, optimizer: 'momentum', lr: 0.05, valPct: 0, earlyStop: true };
  const js2 = CG.gotrainCode(t, circleInfo);
  assert.match(js2, /const norm = gt\.layers\.normalization\(\{ inputShape: \[2\] \}\);\nmodel\.add\(norm\);/);
  assert.match(js2, /gt\.layers\.dropout\(\{ rate: 0\.25 \}\)/);
  assert.match(js2, /kernelRegularizer: gt\.regularizers\.l1l2\(\{ l1: 0\.003, l2: 0\.003 \}\)/);
  assert.match(js2, /gt\.train\.momentum\(0\.05\)/);
  assert.match(js2, /const train = rest;/);
  assert.doesNotMatch(js2, /validationData|earlyStopping/, 'no validation data: nothing to validate or stop early on');
  const k2 = CG.kerasCode(t, circleInfo);
  assert.match(k2, /layers\.Normalization\(\)/);
  assert.match(k2, /keras\.regularizers\.L1L2\(l1=0\.003, l2=0\.003\)/);
  assert.match(k2, /keras\.optimizers\.SGD\(learning_rate=0\.05, momentum=0\.9\)/);
  // One-hot targets: oneHot in gotrain, to_categorical in Keras.
  const oh = { ...circleInfo, classes: 3, out: { units: 3, activation: 'softmax', loss: 'categoricalCrossentropy', target: 'onehot' } };
  assert.match(CG.gotrainCode(s, oh), /gt\.data\.oneHot\(train\.y, 3\)/);
  assert.match(CG.kerasCode(s, oh), /keras\.utils\.to_categorical\(train\[label\], 3\)/);
});

test('codegen: the data as one CSV with its part', () => {
  const x = { data: Float64Array.of(0.5, -1.25, 3, 4), shape: [2, 2] };
  const parts = [
    { name: 'train', x, y: { data: Float64Array.of(1, 0) } },
    { name: 'validation' },
    { name: 'test', x: { data: Float64Array.of(1e-9, 2), shape: [1, 2] }, y: { data: Float64Array.of(1) } },
  ];
  const text = CG.dataCSV(['a', 'b,c'], 'kind', parts, ['no', 'yes "really"']);
  assert.equal(text, 'a,"b,c",kind,part\n0.5,-1.25,"yes ""really""",train\n3,4,no,train\n1e-9,2,"yes ""really""",test\n');
});

test('index.html preloads every module the page imports; base-uri is locked', () => {
  const html = readFileSync(path.join(www, 'index.html'), 'utf8');
  const pre = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  for (const f of readdirSync(path.join(www, 'app'))) {
    if (f.endsWith('.js') && f !== 'playground-element.js') assert.ok(pre.includes(`app/${f}`), `index.html preloads app/${f}`);
  }
  for (const f of pre) assert.ok(existsSync(path.join(www, f)), `index.html preloads ${f}, which is not in www/`);
  assert.ok(pre.includes('gotrain.js'));
  for (const f of ['index.html', 'examples/embed.html']) assert.match(readFileSync(path.join(www, f), 'utf8'), /base-uri 'none'/, `${f}: base-uri`);
});

// ---------------------------------------------------------------- lessons.js

test('lessons: every step\'s settings are valid state; ids unique; a step is a URL', async () => {
  const L = await app('lessons.js');
  assert.equal(new Set(L.LESSON_IDS).size, L.LESSONS.length);
  for (const lesson of L.LESSONS) {
    assert.ok(lesson.steps.length >= 2 && lesson.steps.length <= 6, `${lesson.id}: a few steps`);
    lesson.steps.forEach((step, i) => {
      for (const k of ['title', 'text', 'tryThis', 'lookFor']) assert.ok(step[k]?.length > 10 || k === 'title', `${lesson.id} step ${i + 1}: ${k}`);
      const st = L.lessonState(lesson.id, i + 1);
      for (const [k, v] of Object.entries(st)) {
        assert.ok(S.KEYS.includes(k), `${lesson.id}: ${k} is a setting`);
        const r = S.coerce(k, v);
        assert.ok(!('error' in r), `${lesson.id} step ${i + 1}: ${r.error}`);
      }
      // The short link (#lesson=ID&step=N) restores the step's settings.
      const { state, keys, errors } = S.parse(`#lesson=${lesson.id}&step=${i + 1}`);
      assert.deepEqual(errors, []);
      assert.deepEqual([...keys].sort(), ['lesson', 'step']);
      assert.equal(state.lesson, lesson.id);
    });
  }
  assert.equal(L.lessonState('nope', 1), null);
  assert.equal(L.lessonState('overfit', 99), null);
  // Steps build on their lesson: the overfitting lesson's L2 step only adds L2.
  const a = L.lessonState('overfit', 1);
  const b = L.lessonState('overfit', 2);
  assert.deepEqual(S.changedKeys({ ...S.defaults(), ...a }, { ...S.defaults(), ...b }), ['reg', 'step']);
});
