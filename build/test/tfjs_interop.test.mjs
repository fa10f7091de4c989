// Interop with TensorFlow.js 4.22 (cpu backend, the oracle; dev-only) through
// the JavaScript API (www/gotrain.js + www/gotrain.wasm) in Node:
//
//  - export: model.toTfjsArtifacts() loaded by tf.loadLayersModel
//    (tf.io.fromMemory) predicts what gotrain predicts, within 1e-5, for
//    several architectures (normalization folding, dropout, leakyRelu,
//    every activation);
//  - import: models built and trained in TF.js, saved with
//    tf.io.withSaveHandler, load with gt.loadLayersModel and predict the same;
//    they go on training (trainingConfig) and five trainOnBatch steps match
//    TF.js' from the same weights;
//  - files: file:// (Node), a model.json URL over HTTP with sharded weights,
//    { json, weights } Files; worker mode;
//  - hostile or unsupported artifacts are refused with errors naming the call,
//    the layer and the problem; browser-only destinations say so in Node;
//  - the parity table: every optimizer × every loss (30 cells), the same
//    model built through gotrain.js and in TF.js from identical weights, five
//    trainOnBatch steps each; the worst loss and weight differences go to
//    build/out/parity.md.
//
// Differences are |gotrain − TF.js| / max(1, |TF.js|): TF.js computes in
// float32, gotrain in float64. Run `make build` first (make test does).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// mulberry32: seeded, so every run sees the same numbers.
import { mulberry32 as rng } from '../bench/lib/workloads.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
if (!existsSync(path.join(root, 'www', 'gotrain.wasm'))) throw new Error('www/gotrain.wasm missing: run `make build`');

const tf = await import('@tensorflow/tfjs');
await tf.setBackend('cpu');
const { load } = await import('../../www/gotrain.js');

const TOL = 1e-5;

let gt;
let tmp;
before(async () => {
  gt = await load();
  tmp = mkdtempSync(path.join(tmpdir(), 'gotrain-tfjs-'));
});
after(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// helpers

const f32 = Math.fround;
const uniform = (r, n, lim) => Array.from({ length: n }, () => f32((2 * r() - 1) * lim));
const rowsOf = (flat, cols) => Array.from({ length: flat.length / cols }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
const rel = (got, want) => Math.abs(got - want) / Math.max(1, Math.abs(want));

/** Features with different scales and offsets (so normalization matters), float32 values. */
function features(r, n, cols) {
  return Array.from({ length: n }, () => Array.from({ length: cols }, (_, j) => f32(j * 1.5 - 1 + (1 + j) * (2 * r() - 1))));
}

/** The worst rel difference between two flat arrays of the same length. */
function worst(got, want, what) {
  assert.equal(got.length, want.length, `${what}: ${got.length} values, want ${want.length}`);
  let w = 0;
  for (let i = 0; i < got.length; i++) {
    const d = rel(got[i], want[i]);
    if (!(d <= w)) w = d; // NaN propagates
  }
  return w;
}

const flat = (rows) => Float64Array.from(rows.flat());

/** TF.js predictions as a flat Float32Array. */
function tfPredict(m, x) {
  const xs = tf.tensor2d(x);
  const p = m.predict(xs);
  const out = p.dataSync().slice();
  tf.dispose([xs, p]);
  return out;
}

/** tf model.save into memory: the artifacts TF.js hands to an IOHandler. */
async function tfSave(m, includeOptimizer = false) {
  let saved;
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    { includeOptimizer },
  );
  return saved;
}

/** The artifacts without TF.js' optimizer weights (group 'optimizer', stored after the model's). */
function withoutOptimizer(a) {
  const data = new Uint8Array(tf.io.concatenateArrayBuffers(Array.isArray(a.weightData) ? a.weightData : [a.weightData]));
  const specs = a.weightSpecs.filter((s) => s.group !== 'optimizer');
  const bytes = specs.reduce((n, s) => n + 4 * s.shape.reduce((x, y) => x * y, 1), 0);
  return { ...a, weightSpecs: specs, weightData: data.slice(0, bytes).buffer };
}

const tfWeights = (m) => m.getWeights().map((w) => w.dataSync().slice());
const gtWeights = (m) => m.getWeights().map((w) => w.data);

// ---------------------------------------------------------------------------
// export: gotrain → TF.js

const EXPORTS = [
  {
    name: 'dense relu → dense sigmoid (binaryCrossentropy, adam)',
    layers: () => [gt.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }), gt.layers.dense({ units: 1, activation: 'sigmoid' })],
    compile: { optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] },
    y: (x) => x.map((row) => (row[0] + row[1] > 1 ? 1 : 0)),
    tfClasses: ['Dense', 'Dense'],
  },
  {
    name: 'normalization → tanh → dropout → leakyRelu → softmax (sparse CE, rmsprop): folding, Dropout, LeakyReLU',
    layers: () => [
      gt.layers.normalization({ inputShape: [4] }),
      gt.layers.dense({ units: 6, activation: 'tanh' }),
      gt.layers.dropout({ rate: 0.3 }),
      gt.layers.dense({ units: 5, activation: 'leakyRelu' }),
      gt.layers.dense({ units: 3, activation: 'softmax' }),
    ],
    compile: { loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] },
    optimizer: () => gt.train.rmsprop(0.01),
    y: (x) => x.map((row) => (row[0] > 0 ? (row[2] > 2 ? 2 : 1) : 0)),
    tfClasses: ['Dense', 'Dropout', 'Dense', 'LeakyReLU', 'Dense'],
  },
  {
    name: 'every activation: linear, relu, leakyRelu, elu, sigmoid, tanh, softplus, softmax (categorical CE, sgd)',
    layers: () => [
      gt.layers.dense({ units: 6, activation: 'linear', inputShape: [4] }),
      ...['relu', 'leakyRelu', 'elu', 'sigmoid', 'tanh', 'softplus'].map((activation) => gt.layers.dense({ units: 6, activation })),
      gt.layers.dense({ units: 3, activation: 'softmax' }),
    ],
    compile: { optimizer: 'sgd', loss: 'categoricalCrossentropy' },
    y: (x) => x.map((row) => [0, 1, 2].map((c) => (c === (row[1] > 0 ? 1 : row[3] > 4 ? 2 : 0) ? 1 : 0))),
    tfClasses: ['Dense', 'Dense', 'Dense', 'LeakyReLU', 'Dense', 'Dense', 'Dense', 'Dense', 'Dense'],
  },
  {
    name: 'normalization → dropout → dense without bias, l2, heNormal (folding adds the bias) → linear (mse, momentum)',
    layers: () => [
      gt.layers.normalization({ inputShape: [4] }),
      gt.layers.dropout({ rate: 0.1 }),
      gt.layers.dense({ units: 5, activation: 'elu', useBias: false, kernelInitializer: 'heNormal', kernelRegularizer: gt.regularizers.l2({ l2: 0.001 }) }),
      gt.layers.dense({ units: 2 }),
    ],
    compile: { loss: 'meanSquaredError', metrics: ['mae'] },
    optimizer: () => gt.train.momentum(0.01, 0.9, true),
    y: (x) => x.map((row) => [row[0] - row[1], row[2] * 0.5]),
    tfClasses: ['Dropout', 'Dense', 'Dense'],
  },
  {
    name: 'dropout first → softplus (l1l2) → linear (mae, adagrad), uncompiled export too',
    layers: () => [
      gt.layers.dropout({ rate: 0.2, inputShape: [4] }),
      gt.layers.dense({ units: 7, activation: 'softplus', kernelRegularizer: gt.regularizers.l1l2({ l1: 0.001, l2: 0.001 }) }),
      gt.layers.dense({ units: 1 }),
    ],
    compile: { optimizer: 'adagrad', loss: 'meanAbsoluteError' },
    y: (x) => x.map((row) => row[0] + row[3]),
    tfClasses: ['Dropout', 'Dense', 'Dense'],
  },
];

for (const [i, spec] of EXPORTS.entries()) {
  test(`export → tf.loadLayersModel: ${spec.name}`, async (t) => {
    const r = rng(100 + i);
    const x = features(r, 100, 4);
    const m = gt.sequential({ seed: 7 + i, layers: spec.layers() });
    const cfg = { ...spec.compile };
    if (spec.optimizer) cfg.optimizer = spec.optimizer();
    if (cfg.optimizer === undefined) delete cfg.optimizer;
    m.compile(cfg);
    await m.fit(x, spec.y(x), { epochs: 3, batchSize: 16 });

    const a = m.toTfjsArtifacts();
    assert.equal(a.format, 'layers-model');
    assert.match(a.generatedBy, /^gotrain v\d/);
    assert.equal(a.convertedBy, null);
    assert.ok(a.weightData instanceof ArrayBuffer);
    assert.equal(a.weightData.byteLength, 4 * a.weightSpecs.reduce((n, s) => n + s.shape.reduce((p, d) => p * d, 1), 0));
    assert.equal(a.modelTopology.class_name, 'Sequential');
    assert.deepEqual(a.modelTopology.config.layers.map((l) => l.class_name), spec.tfClasses);
    assert.ok(a.trainingConfig && typeof a.trainingConfig.loss === 'string', 'a compiled model carries its trainingConfig');

    const tm = await tf.loadLayersModel(tf.io.fromMemory(a));
    const want = tfPredict(tm, x);
    const got = m.predict(x).data;
    const w = worst(got, want, 'predictions');
    t.diagnostic(`${spec.name}: worst prediction difference over 100 rows ${w.toExponential(2)}`);
    assert.ok(w <= TOL, `worst difference ${w}`);
    assert.ok(tm.optimizer, 'TF.js compiled the model from the trainingConfig');
    tm.dispose();

    // gotrain reads its own export back: same predictions to float32
    // precision, compiled from the trainingConfig.
    const back = await gt.loadLayersModel(a);
    assert.equal(back.getConfig().compiled, true);
    assert.equal(back.getConfig().loss, m.getConfig().loss);
    assert.ok(worst(back.predict(x).data, want, 'reloaded') <= 1e-6);
    back.dispose();
    m.dispose();
  });
}

test('export: a trailing normalization layer (nothing to fold it into) or an unbuilt model is refused, the call named', async () => {
  const m = gt.sequential({ layers: [gt.layers.dense({ units: 2, inputShape: [3] }), gt.layers.normalization()] });
  m.layers[1].adapt?.([[1, 2], [3, 4]]);
  assert.throws(() => m.toTfjsArtifacts(), /^Error: toTfjsArtifacts: layer 'normalization_1' \(normalization\): TF.js has no Normalization layer/);
  const u = gt.sequential();
  u.add(gt.layers.dense({ units: 2 }));
  assert.throws(() => u.toTfjsArtifacts(), /^Error: toTfjsArtifacts: the model is not built yet/);
  await assert.rejects(u.save({ save: async () => ({}) }), /^Error: save: the model is not built yet/);
  m.dispose();
  u.dispose();
});

// ---------------------------------------------------------------------------
// import: TF.js → gotrain

const IMPORTS = [
  {
    name: 'Dense relu (L1L2) → Dropout → Dense + LeakyReLU(0.2) → Dense softmax without bias (adam, categorical CE)',
    build() {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 6, activation: 'relu', inputShape: [4], kernelRegularizer: tf.regularizers.l1l2({ l1: 0.001, l2: 0.002 }) }));
      m.add(tf.layers.dropout({ rate: 0.25 }));
      m.add(tf.layers.dense({ units: 5 }));
      m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
      m.add(tf.layers.dense({ units: 3, activation: 'softmax', useBias: false }));
      return m;
    },
    compile: () => ({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] }),
    y: (x) => x.map((row) => [0, 1, 2].map((c) => (c === (row[0] > 0 ? 1 : row[3] > 4 ? 2 : 0) ? 1 : 0))),
    dropout: true,
  },
  {
    name: 'Dense elu → softplus → tanh → relu → sigmoid → linear (sgd, mse)',
    build() {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 5, activation: 'elu', batchInputShape: [null, 4] }));
      for (const activation of ['softplus', 'tanh', 'relu', 'sigmoid']) m.add(tf.layers.dense({ units: 5, activation }));
      m.add(tf.layers.dense({ units: 2, activation: 'linear' }));
      return m;
    },
    compile: () => ({ optimizer: tf.train.sgd(0.05), loss: 'meanSquaredError', metrics: ['mse'] }),
    y: (x) => x.map((row) => [f32(row[0] * 0.3), f32(row[1] - row[2] * 0.1)]),
  },
  {
    name: 'linear Dense + Activation(relu) layer → Dense sigmoid (rmsprop, binary CE)',
    build() {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 6, inputShape: [4] }));
      m.add(tf.layers.activation({ activation: 'relu' }));
      m.add(tf.layers.dense({ units: 1, activation: 'sigmoid' }));
      return m;
    },
    compile: () => ({ optimizer: tf.train.rmsprop(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] }),
    y: (x) => x.map((row) => [row[0] + row[1] > 1 ? 1 : 0]),
  },
  {
    name: 'inputDim, tanh → softmax without bias (nesterov momentum, sparse categorical CE)',
    build() {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 7, activation: 'tanh', inputDim: 4, kernelInitializer: 'heNormal' }));
      m.add(tf.layers.dense({ units: 3, activation: 'softmax', useBias: false }));
      return m;
    },
    compile: () => ({ optimizer: tf.train.momentum(0.05, 0.9, true), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }),
    y: (x) => x.map((row) => [row[0] > 0 ? (row[2] > 2 ? 2 : 1) : 0]),
    sparse: true,
  },
  {
    name: 'Dense softplus (L2) → linear (adagrad, mae)',
    build() {
      const m = tf.sequential();
      m.add(tf.layers.dense({ units: 5, activation: 'softplus', inputShape: [4], kernelRegularizer: tf.regularizers.l2({ l2: 0.01 }) }));
      m.add(tf.layers.dense({ units: 1 }));
      return m;
    },
    compile: () => ({ optimizer: tf.train.adagrad(0.1), loss: 'meanAbsoluteError' }),
    y: (x) => x.map((row) => [f32(row[0] + row[3] * 0.5)]),
  },
];

for (const [i, spec] of IMPORTS.entries()) {
  test(`TF.js model → gt.loadLayersModel: ${spec.name}`, async (t) => {
    const r = rng(200 + i);
    const x = features(r, 100, 4);
    const yRows = spec.y(x);
    const tm = spec.build();
    tm.compile(spec.compile());
    const xs = tf.tensor2d(x);
    const ys = tf.tensor2d(yRows);
    await tm.fit(xs, ys, { epochs: 2, batchSize: 20, verbose: 0 });
    tf.dispose([xs, ys]);

    const saved = await tfSave(tm, true); // optimizer weights included: gotrain skips them
    assert.ok(saved.weightSpecs.some((s) => s.group === 'optimizer') || spec.compile().optimizer instanceof tf.SGDOptimizer);
    const m = await gt.loadLayersModel(saved);
    assert.equal(m.getConfig().compiled, true, 'compiled from the trainingConfig');
    const want = tfPredict(tm, x);
    const wp = worst(m.predict(x).data, want, 'predictions');
    t.diagnostic(`${spec.name}: worst prediction difference ${wp.toExponential(2)}`);
    assert.ok(wp <= TOL, `worst prediction difference ${wp}`);

    if (!spec.dropout) {
      // Going on training: TF.js from the same artifacts (a fresh optimizer,
      // as gotrain starts one) and gotrain, five steps on one batch.
      const ref = await tf.loadLayersModel(tf.io.fromMemory(withoutOptimizer(saved)));
      const bx = x.slice(0, 16);
      const by = yRows.slice(0, 16);
      const bxs = tf.tensor2d(bx);
      const bys = tf.tensor2d(by);
      let wl = 0;
      let ww = 0;
      for (let s = 0; s < 5; s++) {
        let lt = await ref.trainOnBatch(bxs, bys);
        lt = Array.isArray(lt) ? lt[0] : lt;
        const lg = m.trainOnBatch(bx, spec.sparse ? by.map((v) => v[0]) : by);
        wl = Math.max(wl, rel(lg, lt));
        const tw = tfWeights(ref);
        const gw = gtWeights(m);
        assert.equal(gw.length, tw.length);
        for (let k = 0; k < tw.length; k++) ww = Math.max(ww, worst(gw[k], tw[k], `step ${s + 1} weights[${k}]`));
      }
      tf.dispose([bxs, bys]);
      ref.dispose();
      t.diagnostic(`  trainOnBatch ×5 after loading: worst loss difference ${wl.toExponential(2)}, worst weight difference ${ww.toExponential(2)}`);
      assert.ok(wl <= TOL && ww <= TOL, `loss ${wl}, weights ${ww}`);
    }
    m.dispose();
    tm.dispose();
  });
}

test('loadLayersModel accepts weightData as a typed array or ArrayBuffer[], a JSON-string topology, and an IOHandler', async () => {
  const tm = IMPORTS[1].build();
  const a = await tfSave(tm);
  const x = features(rng(5), 10, 4);
  const want = tfPredict(tm, x);
  const u8 = new Uint8Array(a.weightData);
  const half = Math.floor(u8.length / 8) * 4;
  const forms = [
    { ...a, weightData: u8 },
    { ...a, weightData: [u8.slice(0, half).buffer, u8.slice(half).buffer] },
    { ...a, modelTopology: JSON.stringify(a.modelTopology) },
    tf.io.fromMemory(a),
    { modelTopology: a.modelTopology, weightsManifest: [{ paths: ['x'], weights: a.weightSpecs }], weightData: a.weightData },
  ];
  for (const [i, f] of forms.entries()) {
    const m = await gt.loadLayersModel(f);
    assert.ok(worst(m.predict(x).data, want, `form ${i}`) <= TOL, `form ${i}`);
    assert.equal(m.getConfig().compiled, false, 'no trainingConfig: uncompiled, as TF.js');
    m.dispose();
  }
  tm.dispose();
});

// ---------------------------------------------------------------------------
// files: file:// in Node, a model.json URL over HTTP, { json, weights } Files

test('file:// (Node): save writes DIR/model.json + DIR/weights.bin as tfjs-node does; both load it', async () => {
  const m = gt.sequential({ seed: 3, layers: [gt.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }), gt.layers.dense({ units: 2, activation: 'softmax' })] });
  m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy', 'recall'] });
  const dir = path.join(tmp, 'm1');
  const res = await m.save(pathToFileURL(dir).href);
  const info = res.modelArtifactsInfo;
  assert.ok(info.dateSaved instanceof Date);
  assert.equal(info.modelTopologyType, 'JSON');
  assert.equal(info.weightDataBytes, 4 * (3 * 4 + 4 + 4 * 2 + 2));
  const j = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(Object.keys(j), ['modelTopology', 'format', 'generatedBy', 'convertedBy', 'weightsManifest', 'trainingConfig']);
  assert.deepEqual(j.weightsManifest[0].paths, ['./weights.bin']);
  assert.deepEqual(j.trainingConfig.metrics, ['accuracy'], 'recall has no TF.js string and is left out');
  assert.equal(info.modelTopologyBytes, Buffer.byteLength(JSON.stringify(j.modelTopology)));
  assert.equal(info.weightSpecsBytes, Buffer.byteLength(JSON.stringify(j.weightsManifest[0].weights)));
  assert.equal(readFileSync(path.join(dir, 'weights.bin')).length, info.weightDataBytes);

  const x = [[1, 2, 3], [-1, 0.5, 2]];
  const back = await gt.loadLayersModel(pathToFileURL(path.join(dir, 'model.json')).href);
  assert.ok(worst(back.predict(x).data, m.predict(x).data, 'file') <= 1e-6);
  // TF.js reads the same files (through fromMemory: its file:// handler is tfjs-node's).
  const bin = readFileSync(path.join(dir, 'weights.bin'));
  const tm = await tf.loadLayersModel(tf.io.fromMemory({ ...j, weightSpecs: j.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length) }));
  assert.ok(worst(m.predict(x).data, tfPredict(tm, x), 'tfjs') <= TOL);
  tm.dispose();
  back.dispose();
  m.dispose();
  await assert.rejects(gt.loadLayersModel(pathToFileURL(path.join(tmp, 'nope', 'model.json')).href), /^Error: loadLayersModel: cannot read model\.json file:\/\/.*nope\/model\.json: ENOENT/);
});

test('a model.json URL over HTTP: weights fetched relative to it, shards concatenated; missing files and bad JSON named', async (t) => {
  const tm = IMPORTS[0].build();
  const a = await tfSave(tm);
  const data = new Uint8Array(a.weightData);
  const cut = 4 * 7;
  const files = {
    '/models/a/model.json': JSON.stringify({
      modelTopology: a.modelTopology,
      format: a.format,
      generatedBy: a.generatedBy,
      convertedBy: null,
      weightsManifest: [
        { paths: ['group1-shard1of2.bin', './group1-shard2of2.bin'], weights: a.weightSpecs.slice(0, 2) },
        { paths: ['../shared/group2.bin'], weights: a.weightSpecs.slice(2) },
      ],
    }),
    '/models/a/group1-shard1of2.bin': null,
    '/models/a/group1-shard2of2.bin': null,
    '/models/shared/group2.bin': null,
    '/models/bad/model.json': '{ not json',
    '/models/missing/model.json': JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] }),
  };
  const g1 = 4 * a.weightSpecs.slice(0, 2).reduce((n, s) => n + s.shape.reduce((p, d) => p * d, 1), 0);
  files['/models/a/group1-shard1of2.bin'] = data.slice(0, cut);
  files['/models/a/group1-shard2of2.bin'] = data.slice(cut, g1);
  files['/models/shared/group2.bin'] = data.slice(g1);
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    const body = files[req.url];
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': typeof body === 'string' ? 'application/json' : 'application/octet-stream' }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const m = await gt.loadLayersModel(`${base}/models/a/model.json`);
    const x = features(rng(9), 20, 4);
    assert.ok(worst(m.predict(x).data, tfPredict(tm, x), 'http') <= TOL);
    m.dispose();
    assert.deepEqual(requests.slice(-3).sort(), ['/models/a/group1-shard1of2.bin', '/models/a/group1-shard2of2.bin', '/models/shared/group2.bin']);
    await assert.rejects(gt.loadLayersModel(`${base}/models/bad/model.json`), new RegExp(`^Error: loadLayersModel: ${base}/models/bad/model.json is not valid JSON$`));
    await assert.rejects(gt.loadLayersModel(`${base}/models/missing/model.json`), new RegExp(`^Error: loadLayersModel: fetching weights ${base}/models/missing/w.bin failed: 404`));
    await assert.rejects(gt.loadLayersModel(`${base}/models/none/model.json`), /^Error: loadLayersModel: fetching model\.json .* failed: 404/);
    // requestInit and fetchFunc, as TF.js' options
    const seen = [];
    const m2 = await gt.loadLayersModel(`${base}/models/a/model.json`, {
      requestInit: { headers: { 'x-test': '1' } },
      fetchFunc: (u, init) => {
        seen.push(init.headers['x-test']);
        return fetch(u, init);
      },
    });
    assert.deepEqual(seen, ['1', '1', '1', '1']);
    m2.dispose();
    await assert.rejects(gt.loadLayersModel(`${base}/models/a/model.json`, { strcit: true }), /loadLayersModel: unknown option 'strcit'/);
    t.diagnostic(`HTTP: ${requests.length} requests`);
  } finally {
    server.close();
    tm.dispose();
  }
});

test('{ json, weights } Files and a list of Files (what a file picker gives), matched by name', async () => {
  const tm = IMPORTS[2].build();
  const a = await tfSave(tm);
  const json = JSON.stringify({ modelTopology: a.modelTopology, format: a.format, weightsManifest: [{ paths: ['./my.weights.bin'], weights: a.weightSpecs }] });
  const jsonFile = new File([json], 'my.json', { type: 'application/json' });
  const bin = new File([a.weightData], 'my.weights.bin');
  const renamed = new File([a.weightData], 'my.weights (1).bin');
  const x = features(rng(11), 10, 4);
  const want = tfPredict(tm, x);
  for (const src of [{ json: jsonFile, weights: [bin] }, { json: jsonFile, weights: bin }, [bin, jsonFile], [jsonFile, renamed]]) {
    const m = await gt.loadLayersModel(src);
    assert.ok(worst(m.predict(x).data, want, 'files') <= TOL);
    m.dispose();
  }
  await assert.rejects(gt.loadLayersModel({ json: jsonFile }), /^Error: loadLayersModel: my\.json needs the weights file 'my\.weights\.bin'; choose it together with the \.json file$/);
  await assert.rejects(gt.loadLayersModel([jsonFile, renamed, new File(['x'], 'other.bin')]), /needs the weights file 'my\.weights\.bin'.*\(got 'my\.weights \(1\)\.bin', 'other\.bin'\)/);
  await assert.rejects(gt.loadLayersModel([]), /^Error: loadLayersModel: no files given$/);
  tm.dispose();
});

// ---------------------------------------------------------------------------
// refusals

async function baseArtifacts() {
  const tm = tf.sequential();
  tm.add(tf.layers.dense({ units: 3, activation: 'relu', inputShape: [2], name: 'hidden' }));
  tm.add(tf.layers.dense({ units: 1, name: 'out' }));
  const a = await tfSave(tm);
  tm.dispose();
  return a;
}

const clone = (o) => JSON.parse(JSON.stringify(o));

test('hostile or unsupported artifacts: refused with the call, layer and problem named; module alive', async () => {
  const a = await baseArtifacts();
  const reject = (src, re) => assert.rejects(gt.loadLayersModel(src), re);

  // A real convolutional model.
  const conv = tf.sequential();
  conv.add(tf.layers.conv2d({ inputShape: [4, 4, 1], filters: 2, kernelSize: 2, name: 'conv' }));
  conv.add(tf.layers.flatten());
  conv.add(tf.layers.dense({ units: 1 }));
  const ca = await tfSave(conv);
  await reject(ca, /^Error: loadLayersModel: layer 'conv' \(Conv2D\): batch_input_shape \[null,4,4,1\]: only flat inputs/);
  // A Conv2D layer inside an otherwise flat model.
  const topo = clone(a.modelTopology);
  const convLayer = clone(ca.modelTopology.config.layers[0]);
  delete convLayer.config.batch_input_shape;
  topo.config.layers.splice(1, 0, convLayer);
  await reject({ ...a, modelTopology: topo }, /^Error: loadLayersModel: layer 'conv' \(Conv2D\): layer class 'Conv2D' is not supported \(only Dense, Dropout, InputLayer/);
  conv.dispose();

  // Unknown activation.
  const selu = clone(a.modelTopology);
  selu.config.layers[0].config.activation = 'selu';
  await reject({ ...a, modelTopology: selu }, /^Error: loadLayersModel: layer 'hidden' \(Dense\): activation 'selu' is not supported \(known: linear, relu/);

  // Wrong weight byte length: short, long.
  const n = a.weightData.byteLength;
  await reject({ ...a, weightData: a.weightData.slice(0, n - 4) }, new RegExp(`^Error: loadLayersModel: the weight specs describe ${n} bytes of weight data but there are ${n - 4}$`));
  await reject({ ...a, weightData: new Uint8Array(n + 8) }, new RegExp(`describe ${n} bytes of weight data but there are ${n + 8}`));
  // Shapes, names, dtypes, quantization.
  const specs = clone(a.weightSpecs);
  specs[0].shape = [3, 2];
  await reject({ ...a, weightSpecs: specs }, /^Error: loadLayersModel: layer 'hidden' \(Dense\): weight 'hidden\/kernel' has shape \[3 2\] but the layer needs \[2 3\]$/);
  await reject({ ...a, weightSpecs: a.weightSpecs.map((s) => ({ ...s, name: s.name.replace('out/', 'x/') })) }, /layer 'out' \(Dense\): no weight 'out\/kernel' in the weight specs/);
  await reject({ ...a, weightSpecs: a.weightSpecs.map((s, i) => (i ? s : { ...s, dtype: 'int32' })) }, /weight 'hidden\/kernel' has dtype 'int32', not float32/);
  await reject({ ...a, weightSpecs: a.weightSpecs.map((s, i) => (i ? s : { ...s, dtype: 'uint8', quantization: { dtype: 'uint8', min: 0, scale: 1 } })) }, /quantized weights are not supported/);
  const nan = new Float32Array(a.weightData.slice(0));
  nan[1] = NaN;
  await reject({ ...a, weightData: nan.buffer }, /layer 'hidden' \(Dense\): weight 'hidden\/kernel' value 1 is NaN/);
  // Training configs gotrain cannot honour.
  await reject({ ...a, trainingConfig: { loss: 'huberLoss', optimizer_config: { class_name: 'Adam', config: {} } } }, /^Error: loadLayersModel: trainingConfig: unknown loss 'huberLoss'/);
  await reject({ ...a, trainingConfig: { loss: 'meanSquaredError', optimizer_config: { class_name: 'Adamax', config: {} } } }, /trainingConfig: optimizer 'Adamax' is not supported/);
  // Not a Layers model at all.
  await reject({ ...a, modelTopology: { node: [] }, format: 'graph-model' }, /^Error: loadLayersModel: this is a TF.js graph model \(format 'graph-model'\)/);
  await reject({ ...a, modelTopology: { class_name: 'Functional', config: {} } }, /^Error: loadLayersModel: model class 'Functional' is not supported: only Sequential models load$/);
  await reject({ ...a, modelTopology: '{oops' }, /^Error: loadLayersModel: modelTopology is not valid JSON$/);
  await reject({ modelTopology: a.modelTopology }, /^Error: loadLayersModel: the artifacts have no weightSpecs/);
  await reject({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ['w.bin'], weights: a.weightSpecs }] }, /^Error: loadLayersModel: the artifacts list 4 weight arrays but have no weightData \(for a model\.json, give its URL or \{ json, weights \} Files\)$/);
  await reject({ ...a, weightData: 'AAAA' }, /^Error: loadLayersModel: weightData must be an ArrayBuffer/);
  await reject(42, /^Error: loadLayersModel: expected a URL \('localstorage:\/\/name'/);
  await reject(null, /^Error: loadLayersModel: expected a URL/);
  await reject({ load: async () => null }, /^Error: loadLayersModel: the IOHandler's load\(\) returned null, not artifacts$/);
  await reject('downloads://m', /^Error: loadLayersModel: downloads:\/\/ is for saving/);
  const huge = clone(a.modelTopology);
  huge.config.layers[0].config.units = 1e9;
  await reject({ ...a, modelTopology: huge }, /layer 'hidden' \(Dense\): units 1e\+09 must be a whole number between 1 and 65536/);

  // The module keeps working.
  const ok = await gt.loadLayersModel(a);
  assert.equal(ok.predict([[1, 2]]).shape[1], 1);
  ok.dispose();
});

test('in Node: browser-only destinations say so; bad destinations and options are named', async () => {
  const m = gt.sequential({ layers: [gt.layers.dense({ units: 1, inputShape: [2] })] });
  await assert.rejects(m.save('localstorage://m'), /^Error: save: localStorage:\/\/ needs window\.localStorage, which this environment does not have \(browser pages have it; workers and Node do not\)$/);
  await assert.rejects(m.save('indexeddb://m'), /^Error: save: indexeddb:\/\/ needs IndexedDB, which this environment does not have/);
  await assert.rejects(m.save('downloads://m'), /^Error: save: downloads:\/\/ works only in a browser page \(it needs document\); in Node, save to file:\/\/DIR or write the files of model\.toTfjsArtifacts\(\) yourself$/);
  await assert.rejects(m.save('https://example.com/upload'), /^Error: save: unsupported destination 'https:\/\/example.com\/upload' \(known: localstorage:\/\/name, indexeddb:\/\/name, downloads:\/\/name, file:\/\/DIR\)$/);
  await assert.rejects(m.save('localstorage://'), /^Error: save: 'localstorage:\/\/' has no model name$/);
  await assert.rejects(m.save(), /^Error: save: expected a URL such as 'localstorage:\/\/name'/);
  await assert.rejects(m.save('downloads://m', { includeOptimizer: true }), /^Error: save: includeOptimizer is not supported/);
  await assert.rejects(m.save('downloads://m', { includeOptimiser: false }), /^Error: save: unknown option 'includeOptimiser' \(did you mean 'includeOptimizer'\?\)/);
  await assert.rejects(gt.loadLayersModel('localstorage://m'), /^Error: loadLayersModel: localStorage:\/\/ needs window\.localStorage/);
  await assert.rejects(gt.loadLayersModel('indexeddb://m'), /^Error: loadLayersModel: indexeddb:\/\/ needs IndexedDB/);
  // An IOHandler receives the artifacts and its result is save's.
  let got;
  const r = await m.save({ save: async (a) => ((got = a), { modelArtifactsInfo: { modelTopologyType: 'JSON' }, responses: [] }) });
  assert.deepEqual(r.responses, []);
  assert.equal(got.weightData.byteLength, 12);
  m.dispose();
  await assert.rejects(m.save('downloads://m'), /^Error: save: the model has been disposed$/);
  assert.throws(() => m.toTfjsArtifacts(), /^Error: toTfjsArtifacts: the model has been disposed$/);
});

test('save while fit runs is refused (the model is training)', async () => {
  const m = gt.sequential({ seed: 1, layers: [gt.layers.dense({ units: 1, inputShape: [2] })] });
  m.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  let saveErr = null;
  await m.fit([[1, 2], [3, 4]], [1, 2], {
    epochs: 2,
    yieldEvery: 'batch',
    callbacks: {
      onEpochEnd: async () => {
        saveErr ??= await m.save({ save: async () => ({}) }).then(() => null, (e) => e);
      },
    },
  });
  assert.match(String(saveErr), /^Error: save: the model is training/);
  m.dispose();
});

// ---------------------------------------------------------------------------
// worker mode

test('worker mode: toTfjsArtifacts, save (IOHandler, file://), loadLayersModel; same errors', async () => {
  const gw = await load({ worker: true });
  try {
    const m = await gw.sequential({ seed: 4, layers: [gw.layers.normalization({ inputShape: [4] }), gw.layers.dense({ units: 5, activation: 'leakyRelu' }), gw.layers.dense({ units: 2, activation: 'softmax' })] });
    const x = features(rng(31), 50, 4);
    await m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    await m.fit(x, x.map((r) => (r[0] > 0 ? 1 : 0)), { epochs: 2 });
    const a = await m.toTfjsArtifacts();
    assert.ok(a.weightData instanceof ArrayBuffer && a.weightData.byteLength > 0);
    assert.deepEqual(a.modelTopology.config.layers.map((l) => l.class_name), ['Dense', 'LeakyReLU', 'Dense']);
    const tm = await tf.loadLayersModel(tf.io.fromMemory(a));
    const mine = (await m.predict(x)).data;
    assert.ok(worst(mine, tfPredict(tm, x), 'worker export') <= TOL);
    tm.dispose();
    let got;
    const r = await m.save(tf.io.withSaveHandler(async (s) => ((got = s), { modelArtifactsInfo: { modelTopologyType: 'JSON' } })));
    assert.equal(r.modelArtifactsInfo.modelTopologyType, 'JSON');
    assert.equal(got.weightData.byteLength, a.weightData.byteLength);
    const dir = path.join(tmp, 'w1');
    await m.save(pathToFileURL(dir).href);
    for (const src of [a, pathToFileURL(path.join(dir, 'model.json')).href]) {
      const back = await gw.loadLayersModel(src);
      assert.equal(back.layers.length, 2, 'the normalization layer was folded into the first Dense layer');
      assert.ok(worst((await back.predict(x)).data, mine, 'worker reload') <= 1e-6);
      assert.equal(await back.trainOnBatch(x.slice(0, 4), [0, 1, 0, 1]) > 0, true, 'compiled and trainable');
      await back.dispose();
    }
    await assert.rejects(m.save('downloads://x'), /^Error: save: downloads:\/\/ works only in a browser page/);
    await assert.rejects(gw.loadLayersModel({ ...a, weightData: new Uint8Array(3) }), /^Error: loadLayersModel: the weight specs describe \d+ bytes of weight data but there are 3$/);
    const selu = clone(a.modelTopology);
    selu.config.layers[0].config.activation = 'selu';
    await assert.rejects(gw.loadLayersModel({ ...a, modelTopology: selu }), /^Error: loadLayersModel: layer 'dense_1' \(Dense\): activation 'selu' is not supported/);
    await m.dispose();
    await assert.rejects(m.toTfjsArtifacts(), /^Error: toTfjsArtifacts: the model has been disposed$/);
  } finally {
    await gw.terminate();
  }
});

// ---------------------------------------------------------------------------
// the parity table: every optimizer × every loss through gotrain.js

const OPTIMIZERS = {
  sgd: { tf: () => tf.train.sgd(0.1), gt: () => gt.train.sgd(0.1), label: 'sgd(0.1)' },
  momentum: { tf: () => tf.train.momentum(0.1, 0.9), gt: () => gt.train.momentum(0.1, 0.9), label: 'momentum(0.1, 0.9)' },
  nesterov: { tf: () => tf.train.momentum(0.1, 0.9, true), gt: () => gt.train.momentum(0.1, 0.9, true), label: 'momentum(0.1, 0.9, nesterov)' },
  adam: { tf: () => tf.train.adam(0.01), gt: () => gt.train.adam(0.01), label: 'adam(0.01)' },
  rmsprop: { tf: () => tf.train.rmsprop(0.01), gt: () => gt.train.rmsprop(0.01), label: 'rmsprop(0.01)' },
  adagrad: { tf: () => tf.train.adagrad(0.1), gt: () => gt.train.adagrad(0.1), label: 'adagrad(0.1)' },
};

const LOSSES = {
  meanSquaredError: { short: 'MSE', k: 2, act: 'linear', y: (r, n) => rowsOf(uniform(r, 2 * n, 1), 2) },
  meanAbsoluteError: { short: 'MAE', k: 2, act: 'linear', y: (r, n) => rowsOf(uniform(r, 2 * n, 1), 2) },
  binaryCrossentropy: { short: 'binary CE', k: 2, act: 'sigmoid', y: (r, n) => rowsOf(Array.from({ length: 2 * n }, () => (r() < 0.5 ? 0 : 1)), 2) },
  categoricalCrossentropy: {
    short: 'categorical CE',
    k: 3,
    act: 'softmax',
    y: (r, n) => Array.from({ length: n }, (_, i) => [0, 1, 2].map((j) => (j === (i + Math.floor(3 * r())) % 3 ? 1 : 0))),
  },
  sparseCategoricalCrossentropy: { short: 'sparse categorical CE', k: 3, act: 'softmax', sparse: true, y: (r, n) => Array.from({ length: n }, (_, i) => [(i + Math.floor(3 * r())) % 3]) },
};

const cells = new Map(); // `${opt}/${loss}` → { loss, weights }

/**
 * One cell: inputs 4 → Dense 6 tanh → Dense 3 relu → Dense k (loss's
 * activation), identical float32 weights and batch (8 rows) in both, five
 * trainOnBatch steps; the worst loss and weight differences over the steps.
 */
async function parityCell(optName, lossName, seed) {
  const r = rng(seed);
  const L = LOSSES[lossName];
  const O = OPTIMIZERS[optName];
  const layers = [
    { units: 6, activation: 'tanh' },
    { units: 3, activation: 'relu' },
    { units: L.k, activation: L.act },
  ];
  const tm = tf.sequential();
  layers.forEach((l, i) => tm.add(tf.layers.dense({ ...l, ...(i === 0 ? { inputShape: [4] } : {}) })));
  const shapes = tm.getWeights().map((w) => w.shape);
  const initial = shapes.map((s) => uniform(r, s.reduce((a, b) => a * b, 1), s.length === 2 ? 0.8 : 0.1));
  tm.setWeights(initial.map((v, i) => tf.tensor(v, shapes[i])));
  tm.compile({ optimizer: O.tf(), loss: lossName });

  const m = gt.sequential({ seed: 1, layers: layers.map((l, i) => gt.layers.dense({ ...l, ...(i === 0 ? { inputShape: [4] } : {}) })) });
  m.setWeights(initial.map((v, i) => ({ shape: shapes[i], data: Float64Array.from(v) })));
  m.compile({ optimizer: O.gt(), loss: lossName });

  const x = rowsOf(uniform(r, 8 * 4, 2), 4);
  const y = L.y(r, 8);
  const xs = tf.tensor2d(x);
  const ys = tf.tensor2d(y);
  let wl = 0;
  let ww = 0;
  for (let s = 0; s < 5; s++) {
    let lt = await tm.trainOnBatch(xs, ys);
    lt = Array.isArray(lt) ? lt[0] : lt;
    const lg = m.trainOnBatch(x, L.sparse ? y.map((v) => v[0]) : y);
    const dl = rel(lg, lt);
    if (!(dl <= wl)) wl = dl;
    const tw = tfWeights(tm);
    const gw = gtWeights(m);
    for (let k = 0; k < tw.length; k++) {
      const d = worst(gw[k], tw[k], `step ${s + 1} weights[${k}]`);
      if (!(d <= ww)) ww = d;
    }
  }
  tf.dispose([xs, ys]);
  tm.dispose();
  m.dispose();
  return { loss: wl, weights: ww };
}

let seed = 1000;
for (const optName of Object.keys(OPTIMIZERS)) {
  for (const lossName of Object.keys(LOSSES)) {
    const cellSeed = seed++;
    test(`parity through gotrain.js: ${optName} × ${lossName}`, async (t) => {
      const c = await parityCell(optName, lossName, cellSeed);
      cells.set(`${optName}/${lossName}`, c);
      t.diagnostic(`${optName} × ${lossName}: worst loss difference ${c.loss.toExponential(2)}, worst weight difference ${c.weights.toExponential(2)}`);
      assert.ok(c.loss <= TOL, `loss difference ${c.loss}`);
      assert.ok(c.weights <= TOL, `weight difference ${c.weights}`);
    });
  }
}

test('parity table → build/out/parity.md', (t) => {
  const losses = Object.keys(LOSSES);
  const fmt = (v) => (v === undefined ? 'not run' : v === 0 ? '0' : v.toExponential(1));
  const lines = [
    '# gotrain vs TensorFlow.js: five training steps, through gotrain.js',
    '',
    `Generated by build/test/tfjs_interop.test.mjs against TensorFlow.js ${tf.version.tfjs} (${tf.getBackend()} backend).`,
    'Each cell builds the same model in gotrain (via the JavaScript API) and in TF.js from identical float32',
    'weights (inputs 4 → Dense 6 tanh → Dense 3 relu → Dense k with the loss\'s output activation), runs five',
    'trainOnBatch steps on the same batch of 8 rows in both and records the worst difference',
    '|gotrain − TF.js| / max(1, |TF.js|) over the five losses and over every weight after every step.',
    'Cells read "loss / weights"; the test requires both ≤ 1e-5. TF.js computes in float32, gotrain in float64.',
    '',
    `| optimizer | ${losses.map((l) => LOSSES[l].short).join(' | ')} |`,
    `|---|${losses.map(() => '---').join('|')}|`,
  ];
  let worstAll = 0;
  for (const [o, spec] of Object.entries(OPTIMIZERS)) {
    const row = losses.map((l) => {
      const c = cells.get(`${o}/${l}`);
      if (c) worstAll = Math.max(worstAll, c.loss, c.weights);
      return c ? `${fmt(c.loss)} / ${fmt(c.weights)}` : 'not run';
    });
    lines.push(`| ${spec.label} | ${row.join(' | ')} |`);
  }
  lines.push('', `Worst over all ${cells.size} cells: ${fmt(worstAll)}.`, '');
  const md = lines.join('\n');
  mkdirSync(path.join(root, 'build', 'out'), { recursive: true });
  writeFileSync(path.join(root, 'build', 'out', 'parity.md'), md);
  for (const l of lines) t.diagnostic(l);
  assert.equal(cells.size, 30, 'every cell ran');
});
