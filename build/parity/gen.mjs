// gen.mjs: TensorFlow.js 4.22 (cpu backend) as the oracle for gotrain's
// math and for its TF.js Layers interop. Writes the fixtures the Go tests in
// core/ read (core/testdata/tfjs/*.json):
//
//   parity_<optimizer>_<loss>.json   a small model, fixed initial weights, one
//                                    batch, 5 model.trainOnBatch steps: the
//                                    loss of each step and all weights after it
//   saved_*.json                     models saved by TF.js (model.save) with
//                                    inputs and TF.js' predictions, for FromTfjs
//   topology_reference.json          model.toJSON(null, false) of a model that
//                                    mirrors one built in Go, for ToTfjs
//
// Usage (from the repository root; `make parity-fixtures` runs the first):
//
//   node build/parity/gen.mjs                  regenerate every fixture
//   node build/parity/gen.mjs --predict FILE   load FILE's {artifacts, x}
//                                              with tf.loadLayersModel and
//                                              print {predictions, ...} as JSON
//                                              (core's tfjs_test.go uses it to
//                                              check that Go's export loads)
//
// Everything is deterministic: the same TF.js gives byte-identical fixtures.

import * as tf from '@tensorflow/tfjs';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// mulberry32: a tiny seeded generator, so fixtures do not depend on Math.random.
import { mulberry32 as rng } from '../bench/lib/workloads.mjs';

await tf.setBackend('cpu');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'core/testdata/tfjs');

// f32 rounds to float32 and prints with the 9 significant digits that
// identify a float32, keeping fixtures short.
const f32 = (v) => Number(Math.fround(v).toPrecision(9));

// uniform values in [-lim, lim] rounded to `dec` decimals (short fixtures;
// Go rounds them to float32 exactly as TF.js does).
const uniform = (r, n, lim, dec = 3) =>
  Array.from({ length: n }, () => Number(((2 * r() - 1) * lim).toFixed(dec)));

const rows = (flat, cols) => Array.from({ length: flat.length / cols }, (_, i) => flat.slice(i * cols, (i + 1) * cols));

// The optimizers of the parity grid: TF.js defaults except a learning rate
// large enough that 5 steps move the weights visibly.
const optimizers = {
  sgd: () => tf.train.sgd(0.1),
  momentum: () => tf.train.momentum(0.1, 0.9),
  nesterov: () => tf.train.momentum(0.1, 0.9, true),
  adam: () => tf.train.adam(0.01),
  rmsprop: () => tf.train.rmsprop(0.01),
  adagrad: () => tf.train.adagrad(0.1),
};

// Per loss: output width and activation, and labels for a batch of n rows.
const losses = {
  meanSquaredError: { k: 2, act: 'linear', y: (r, n, k) => rows(uniform(r, k * n, 1, 2), k) },
  meanAbsoluteError: { k: 2, act: 'linear', y: (r, n, k) => rows(uniform(r, k * n, 1, 2), k) },
  binaryCrossentropy: { k: 2, act: 'sigmoid', y: (r, n, k) => rows(Array.from({ length: k * n }, () => (r() < 0.5 ? 0 : 1)), k) },
  categoricalCrossentropy: {
    k: 3, act: 'softmax',
    y: (r, n) => Array.from({ length: n }, (_, i) => {
      const c = (i + Math.floor(3 * r())) % 3;
      return [0, 1, 2].map((j) => (j === c ? 1 : 0));
    }),
  },
  sparseCategoricalCrossentropy: { k: 3, act: 'softmax', y: (r, n) => Array.from({ length: n }, (_, i) => [(i + Math.floor(3 * r())) % 3]) },
};

const shortName = {
  meanSquaredError: 'mse', meanAbsoluteError: 'mae', binaryCrossentropy: 'bce',
  categoricalCrossentropy: 'cce', sparseCategoricalCrossentropy: 'scce',
};

// buildModel builds the Sequential model a fixture describes. leakyRelu has
// no TF.js activation string: it is a linear Dense followed by LeakyReLU(0.2),
// which is also how gotrain exports it.
function buildModel(inputDim, layers) {
  const m = tf.sequential();
  layers.forEach((l, i) => {
    const cfg = { units: l.units, activation: l.activation === 'leakyRelu' ? 'linear' : l.activation };
    if (i === 0) cfg.inputShape = [inputDim];
    if (l.l1 || l.l2) cfg.kernelRegularizer = tf.regularizers.l1l2({ l1: l.l1 || 0, l2: l.l2 || 0 });
    m.add(tf.layers.dense(cfg));
    if (l.activation === 'leakyRelu') m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
  });
  return m;
}

const weightsOf = (m) => m.getWeights().map((w) => Array.from(w.dataSync(), f32));

async function parityCell({ name, seed, optimizer, shortcut, loss, layers, outputScale = 1, outputBias, zeroFirstKernel = false }) {
  const r = rng(seed);
  const spec = losses[loss];
  const inputDim = 3;
  const n = 6;
  layers = layers || [{ units: 4, activation: 'tanh' }, { units: spec.k, activation: spec.act }];
  const m = buildModel(inputDim, layers);
  const initial = m.getWeights().map((w, i) => {
    const size = w.size;
    // kernels in [-0.8, 0.8], biases in [-0.1, 0.1]
    const v = uniform(r, size, w.shape.length === 2 ? 0.8 : 0.1);
    // zeroFirstKernel starts the first kernel at 0, where L1's gradient
    // depends on the sign TF.js gives 0 (d|w|/dw = step(w, -1) = -1).
    if (i === 0 && zeroFirstKernel) return v.map(() => 0);
    // outputBias fixes the output bias (to saturate chosen units far beyond
    // the clip bounds).
    if (i === m.getWeights().length - 1 && outputBias) return outputBias;
    // outputScale > 1 saturates the output layer (probabilities reach the
    // cross-entropies' clip at ε and 1 − ε).
    return i === m.getWeights().length - 2 ? v.map((x) => Number((x * outputScale).toFixed(3))) : v;
  });
  m.setWeights(initial.map((v, i) => tf.tensor(v, m.getWeights()[i].shape)));
  const x = rows(uniform(r, n * inputDim, 2, 2), inputDim);
  const y = spec.y(r, n, layers[layers.length - 1].units);
  const opt = shortcut ? shortcut : optimizers[optimizer]();
  m.compile({ optimizer: opt, loss });
  const xs = tf.tensor2d(x);
  const ys = tf.tensor2d(y);
  const steps = [];
  for (let s = 0; s < 5; s++) {
    const l = await m.trainOnBatch(xs, ys);
    steps.push({ loss: f32(Array.isArray(l) ? l[0] : l), weights: weightsOf(m) });
  }
  const fixture = {
    name,
    generatedBy: `TensorFlow.js ${tf.version.tfjs} (${tf.getBackend()} backend), build/parity/gen.mjs`,
    optimizer,
    shortcut: shortcut || undefined,
    optimizerConfig: { class_name: m.optimizer.getClassName(), config: m.optimizer.getConfig() },
    loss,
    inputDim,
    layers,
    x, y,
    outputScale: outputScale === 1 ? undefined : outputScale,
    outputBias,
    zeroFirstKernel: zeroFirstKernel || undefined,
    initialWeights: initial,
    steps,
  };
  tf.dispose([xs, ys]);
  m.dispose();
  return fixture;
}

function write(file, obj) {
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(obj) + '\n');
}

// saveArtifacts runs model.save into memory and returns the artifacts with
// the weight data as base64 (what Go's encoding/json reads into []byte).
async function saveArtifacts(m, includeOptimizer) {
  let saved;
  await m.save(tf.io.withSaveHandler(async (a) => {
    saved = a;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  }), { includeOptimizer });
  const data = saved.weightData instanceof ArrayBuffer ? saved.weightData : tf.io.concatenateArrayBuffers(saved.weightData);
  return {
    modelTopology: saved.modelTopology,
    format: saved.format,
    generatedBy: saved.generatedBy,
    weightSpecs: saved.weightSpecs,
    weightData: Buffer.from(data).toString('base64'),
    trainingConfig: saved.trainingConfig,
  };
}

async function savedFixtures() {
  const r = rng(7);
  const out = {};

  // mixed: regularizer, dropout, LeakyReLU after a linear Dense, a Dense
  // without bias, and optimizer weights (includeOptimizer) after training.
  {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 5, activation: 'relu', inputShape: [3], kernelRegularizer: tf.regularizers.l1l2({ l1: 0.001, l2: 0.002 }) }));
    m.add(tf.layers.dropout({ rate: 0.25, seed: 3 })); // seeded: deterministic fixtures
    m.add(tf.layers.dense({ units: 4 }));
    m.add(tf.layers.leakyReLU({ alpha: 0.2 }));
    m.add(tf.layers.dense({ units: 3, activation: 'softmax', useBias: false }));
    m.setWeights(m.getWeights().map((w) => tf.tensor(uniform(r, w.size, 0.9), w.shape)));
    m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    const xt = tf.tensor2d(rows(uniform(r, 12, 2, 2), 3));
    const yt = tf.tensor2d([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]);
    await m.trainOnBatch(xt, yt);
    await m.trainOnBatch(xt, yt);
    const x = rows(uniform(r, 24, 2, 2), 3);
    out['saved_mixed.json'] = {
      description: 'Dense relu (L1L2) -> Dropout -> Dense linear + LeakyReLU(0.2) -> Dense softmax without bias; Adam-compiled, saved with includeOptimizer after 2 steps',
      artifacts: await saveArtifacts(m, true),
      x,
      predictions: (m.predict(tf.tensor2d(x))).arraySync().map((row) => row.map(f32)),
    };
    tf.dispose([xt, yt]);
  }

  // activations: every activation TF.js and gotrain share, no training config.
  {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 4, activation: 'elu', batchInputShape: [null, 2] }));
    m.add(tf.layers.dense({ units: 4, activation: 'softplus' }));
    m.add(tf.layers.dense({ units: 3, activation: 'tanh' }));
    m.add(tf.layers.dense({ units: 3, activation: 'relu' }));
    m.add(tf.layers.dense({ units: 3, activation: 'sigmoid' }));
    m.add(tf.layers.dense({ units: 2, activation: 'linear' }));
    m.setWeights(m.getWeights().map((w) => tf.tensor(uniform(r, w.size, 1.2), w.shape)));
    const x = rows(uniform(r, 20, 3, 2), 2);
    out['saved_activations.json'] = {
      description: 'Dense elu -> softplus -> tanh -> relu -> sigmoid -> linear; uncompiled',
      artifacts: await saveArtifacts(m, false),
      x,
      predictions: (m.predict(tf.tensor2d(x))).arraySync().map((row) => row.map(f32)),
    };
  }
  return out;
}

// topologyReference mirrors, layer for layer, the model core/tfjs_test.go
// builds in Go, so that ToTfjs can be compared with what TF.js writes.
async function topologyReference() {
  const m = tf.sequential({ name: 'sequential_1' });
  m.add(tf.layers.dense({ name: 'dense_1', units: 4, activation: 'tanh', inputShape: [3], kernelInitializer: 'glorotUniform', kernelRegularizer: tf.regularizers.l1l2({ l1: 0.01, l2: 0.02 }) }));
  m.add(tf.layers.dropout({ name: 'dropout_1', rate: 0.5 }));
  m.add(tf.layers.dense({ name: 'dense_2', units: 3, activation: 'linear', kernelInitializer: 'heNormal' }));
  m.add(tf.layers.leakyReLU({ name: 'dense_2_leaky_re_lu', alpha: 0.2 }));
  m.add(tf.layers.dense({ name: 'dense_3', units: 3, activation: 'relu', kernelInitializer: 'heUniform', kernelRegularizer: tf.regularizers.l2({ l2: 0.03 }) }));
  m.add(tf.layers.dense({ name: 'dense_4', units: 3, activation: 'elu', kernelInitializer: 'glorotNormal' }));
  m.add(tf.layers.dense({ name: 'dense_5', units: 3, activation: 'softplus', kernelInitializer: 'zeros', useBias: false }));
  m.add(tf.layers.dense({ name: 'dense_6', units: 3, activation: 'sigmoid', kernelRegularizer: tf.regularizers.l1({ l1: 0.04 }), kernelInitializer: 'glorotUniform' }));
  m.add(tf.layers.dense({ name: 'dense_7', units: 2, activation: 'softmax', kernelInitializer: 'glorotUniform' }));
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy', metrics: ['accuracy', 'precision'] });
  const a = await saveArtifacts(m, true);
  const trainingConfigs = {};
  for (const [name, make] of Object.entries(optimizers)) {
    m.compile({ optimizer: make(), loss: 'meanSquaredError', metrics: ['mse', 'mae'] });
    trainingConfigs[name] = m.getTrainingConfig();
  }
  return {
    description: 'model.toJSON(null, false) and trainingConfig of a model mirroring the one in core/tfjs_test.go',
    modelTopology: m.toJSON(null, false),
    weightSpecs: a.weightSpecs.filter((s) => s.group !== 'optimizer'),
    trainingConfig: a.trainingConfig,
    trainingConfigs,
  };
}

// lossEdges evaluates each loss and its gradient (of the batch mean) on
// hand-picked predictions: clipped, saturated, unnormalised rows, zeros where
// the label points. TF.js' loss functions are taken from a compiled model.
function lossEdges() {
  const lossFn = (name) => {
    const m = tf.sequential();
    m.add(tf.layers.dense({ units: 1, inputShape: [1] }));
    m.compile({ optimizer: 'sgd', loss: name });
    return m.model.lossFunctions[0];
  };
  const probs = [
    [0.6, 1.5, 0.9], [0.5, 0.5, 0], [0.2, 0.3, 0.5], [1e-9, 1, 1e-9],
    [0.3, 0.2, 0], [0.99999, 0.00001, 0], [0.25, 0.25, 0.25], [2e-8, 0.3, 0.7],
  ];
  const classes = [0, 2, 1, 0, 2, 1, 1, 0];
  const cases = [
    { loss: 'meanSquaredError', y: [[1, 2], [3, 4], [0, 0]], p: [[1.5, 2], [2, 4], [-1, 0.5]] },
    { loss: 'meanAbsoluteError', y: [[1, 2], [3, 4], [0, 0]], p: [[1.5, 2], [2, 4.5], [-1, 0.5]] },
    {
      loss: 'binaryCrossentropy',
      y: [[1, 0, 1, 0], [0.3, 0.7, 1, 0], [1, 0, 0, 1]],
      // (no p within a float32 ulp of 1 − ε with label 0: TF.js' float32 1 − p
      // there is all rounding)
      p: [[0, 1, 1, 0], [0.6, 0.2, 0.99999, 1e-9], [0.95, 0.9, 1e-7, 5e-8]],
    },
    { loss: 'categoricalCrossentropy', y: classes.map((c) => [0, 1, 2].map((j) => (j === c ? 1 : 0))), p: probs },
    { loss: 'sparseCategoricalCrossentropy', y: classes.map((c) => [c]), p: probs },
  ];
  return {
    description: 'TF.js loss values (mean over the batch) and their gradients with respect to the predictions',
    cases: cases.map(({ loss, y, p }) => {
      const fn = lossFn(loss);
      const yt = tf.tensor2d(y);
      const pt = tf.tensor2d(p);
      const value = tf.mean(fn(yt, pt)).dataSync()[0];
      const grad = tf.grad((q) => tf.mean(fn(yt, q)))(pt).arraySync();
      return { loss, y, p, value: f32(value), grad: grad.map((r) => r.map(f32)) };
    }),
  };
}

async function generate() {
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) {
    if (f.endsWith('.json')) fs.rmSync(path.join(outDir, f));
  }
  let seed = 1;
  const cells = [];
  for (const optimizer of Object.keys(optimizers)) {
    for (const loss of Object.keys(losses)) {
      cells.push({ name: `${optimizer}_${shortName[loss]}`, seed: seed++, optimizer, loss });
    }
  }
  // The string shortcuts, with TF.js' default hyper-parameters.
  cells.push({ name: 'sgd-string_mse', seed: seed++, optimizer: 'sgd', shortcut: 'sgd', loss: 'meanSquaredError' });
  cells.push({ name: 'adam-string_bce', seed: seed++, optimizer: 'adam', shortcut: 'adam', loss: 'binaryCrossentropy' });
  cells.push({ name: 'rmsprop-string_cce', seed: seed++, optimizer: 'rmsprop', shortcut: 'rmsprop', loss: 'categoricalCrossentropy' });
  cells.push({ name: 'adagrad-string_scce', seed: seed++, optimizer: 'adagrad', shortcut: 'adagrad', loss: 'sparseCategoricalCrossentropy' });
  // Regularization and the remaining activations.
  cells.push({
    name: 'adam_mse_l1l2', seed: seed++, optimizer: 'adam', loss: 'meanSquaredError',
    layers: [{ units: 4, activation: 'tanh', l1: 0.01, l2: 0.02 }, { units: 2, activation: 'linear', l2: 0.05 }],
  });
  cells.push({
    name: 'sgd_mse_activations', seed: seed++, optimizer: 'sgd', loss: 'meanSquaredError',
    layers: [
      { units: 4, activation: 'relu' }, { units: 4, activation: 'elu' }, { units: 4, activation: 'softplus' },
      { units: 4, activation: 'leakyRelu' }, { units: 2, activation: 'linear' },
    ],
  });
  cells.push({
    name: 'sgd_mse_l1_zeros', seed: seed++, optimizer: 'sgd', loss: 'meanSquaredError', zeroFirstKernel: true,
    layers: [{ units: 4, activation: 'tanh', l1: 0.01 }, { units: 2, activation: 'linear' }],
  });
  // Saturated outputs: probabilities at the clip bounds. Binary
  // cross-entropy saturates two of three units far beyond the bounds (biases
  // +30 and -20): an output that drifts onto float32's 1 − ε, two ulps below
  // 1, gets a gradient of (1 − y)/2⁻²³ in TF.js and none in float64, so
  // outputs must not hover there. The third unit carries the training.
  cells.push({
    name: 'sgd_bce_saturated', seed: seed++, optimizer: 'sgd', loss: 'binaryCrossentropy', outputBias: [30, -20, 0],
    layers: [{ units: 4, activation: 'tanh' }, { units: 3, activation: 'sigmoid' }],
  });
  for (const loss of ['categoricalCrossentropy', 'sparseCategoricalCrossentropy']) {
    cells.push({ name: `sgd_${shortName[loss]}_saturated`, seed: seed++, optimizer: 'sgd', loss, outputScale: 40 });
  }
  for (const c of cells) {
    write(`parity_${c.name}.json`, await parityCell(c));
  }
  for (const [file, obj] of Object.entries(await savedFixtures())) write(file, obj);
  write('topology_reference.json', await topologyReference());
  write('loss_edges.json', lossEdges());
  console.log(`wrote ${cells.length} parity fixtures, loss_edges.json and 3 interop fixtures to ${path.relative(root, outDir)}/`);
}

async function predict(file) {
  const { artifacts, x } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const buf = Buffer.from(artifacts.weightData, 'base64');
  const m = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: artifacts.modelTopology,
    weightSpecs: artifacts.weightSpecs,
    weightData: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength),
    trainingConfig: artifacts.trainingConfig,
  }));
  const out = {
    predictions: m.predict(tf.tensor2d(x)).arraySync(),
    layers: m.layers.map((l) => l.getClassName()),
    optimizer: m.optimizer ? { class_name: m.optimizer.getClassName(), config: m.optimizer.getConfig() } : null,
    loss: m.loss || null,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (process.argv[2] === '--predict') {
  await predict(process.argv[3]);
} else {
  await generate();
}
