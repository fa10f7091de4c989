// warmup.js: load's background warm-up (main-thread mode, and inside the
// worker in worker mode). JavaScript engines compile WebAssembly functions
// lazily, on their first call, and first on a quick baseline tier; a
// function is recompiled by the optimizing tier only once it has run
// enough. Without a warm-up, the first fit's first slice pays for
// compiling the whole training path in one task (about 50 ms in Chromium)
// and its first epochs run 2–3× slower. warm runs the training path once on
// a tiny model, one step per task; heat then trains two small MLPs for at
// most HEAT_MS in fit's usual slices. Both start after load has resolved,
// so nothing blocks the page; a fit of the user's waits for warm and stops
// heat at its next epoch (see DirectTransport.fit).

import { yieldToEventLoop } from './env.js';
import { Matrix } from './matrix.js';

/** What heat trains: [output units, activation, loss]. */
const HEAT_MODELS = [
  [3, 'softmax', 'categoricalCrossentropy'],
  [1, 'sigmoid', 'binaryCrossentropy'],
];

/**
 * How long heat trains at most. Measured in Node: blobs' first 20 epochs
 * average 3 ms, then 0.8 ms each; by 250 ms the training path runs
 * optimized code.
 */
const HEAT_MS = 250;
const HEAT_EPOCHS = 400; // per model: 64 rows, 2 batches an epoch

/** Runs the warm-up on gt (main-thread API over transport t); resolves when it is done. */
export async function warmUp(gt, t) {
  await warm(gt, t);
  await heat(gt, t);
}

/** A model of the warm-up: its fits do not wait for the warm-up they are part of. */
function warmUpModel(gt, t, cfg) {
  const m = gt.sequential(cfg);
  t.warmUpModels.add(m._h);
  return m;
}

async function warm(gt, t) {
  const x = new Matrix(Float64Array.of(0, 1, 1, 0, 1, 1, 0, 0), [4, 2]);
  const y = new Matrix(Float64Array.of(0, 1, 1, 0), [4, 1]);
  const m = warmUpModel(gt, t, {
    seed: 1,
    layers: [
      gt.layers.normalization({ inputShape: [2] }),
      gt.layers.dense({ units: 4, activation: 'relu', kernelRegularizer: 'l2' }),
      gt.layers.dropout({ rate: 0.1 }),
      gt.layers.dense({ units: 2, activation: 'softmax' }),
    ],
  });
  try {
    m.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const steps = [() => m.predict(x), () => m.evaluate(x, y), () => m.trainOnBatch(x, y), () => m.trace([0, 1], 1)];
    for (const step of steps) {
      await yieldToEventLoop();
      step();
    }
    await m.fit(x, y, { epochs: 2, batchSize: 2, validationSplit: 0.5, yieldEvery: 'batch', callbacks: { onBatchEnd() {} } });
  } finally {
    t.warmUpModels.delete(m._h);
    m.dispose();
  }
}

async function heat(gt, t) {
  const t0 = performance.now();
  const rows = 64;
  const xs = new Float64Array(rows * 8);
  for (let i = 0; i < xs.length; i++) xs[i] = ((i * 7919) % 13) / 13 - 0.5;
  const x = new Matrix(xs, [rows, 8]);
  for (const [out, activation, loss] of HEAT_MODELS) {
    if (t.heatStop || t.exited) return;
    const ys = new Float64Array(rows * out);
    for (let i = 0; i < rows; i++) ys[i * out + (out === 1 ? 0 : i % out)] = out === 1 ? i % 2 : 1;
    const m = warmUpModel(gt, t, {
      seed: 1,
      layers: [
        gt.layers.dense({ units: 16, activation: 'relu', inputShape: [8] }),
        gt.layers.dense({ units: 16, activation: 'relu' }),
        gt.layers.dense({ units: out, activation }),
      ],
    });
    try {
      m.compile({ optimizer: 'adam', loss });
      const onEpochEnd = () => {
        if (t.heatStop || performance.now() - t0 > HEAT_MS) m.stopTraining = true;
      };
      await m.fit(x, new Matrix(ys, [rows, out]), { epochs: HEAT_EPOCHS, batchSize: 32, callbacks: { onEpochEnd } });
    } finally {
      t.warmUpModels.delete(m._h);
      m.dispose();
    }
  }
}
