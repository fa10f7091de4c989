// tune.mjs: issue 4's two figures besides the speed rows of run.mjs, through
// the public API in Node (gotrain.js, main-thread mode, the SIMD kernel):
//
//   search   the same search of 16 trials on a pool of 1 and of 2 workers, on
//            1,000 digits rows (15 epochs a trial, --epochs) and on all 1,797 (20 epochs)
//            (worker_threads, one gotrain instance each), interleaved runs;
//            the time ratio, the machine's cores, and whether the two tables
//            are identical (they must be: run.mjs exits 1 otherwise)
//   augment  digits: test accuracy of a 64→128→10 network trained on a
//            300-row subset with and without fit's augment option, 5 seeds,
//            scored on the rows not trained on
//
//   node build/bench/tune.mjs [--part search|augment] [--runs N] [--epochs N (the search's, default 15)]
//                             [--warmup N (untimed searches first, default 1)]
//
// Prints a Markdown table per part (tunebench.mjs' describeTune), and JSON
// with --json as the last line; `make bench` runs it through run.mjs
// (tunebench.mjs' tuneFigures) and writes the tables into results.md.

import os from 'node:os';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeTune } from './tunebench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const { load } = await import(path.join(root, 'www/gotrain.js'));
const { poolReuse } = await import(path.join(root, 'www/lib/tune.js'));
const keepMs = poolReuse.keepMs;

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i < 0 ? def : args[i + 1];
};
const parts = opt('--part', 'search,augment').split(',');
const runs = Number(opt('--runs', 3));
const epochs = Number(opt('--epochs', 15));
const json = args.includes('--json');
const warmups = Number(opt('--warmup', 1));

const gt = await load({ kernel: 'simd', warmUp: false });
const digits = gt.data.parseCSV(await readFile(path.join(root, 'www/data/digits.csv'), 'utf8'), { label: 'digit' });
const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const out = { cores, backend: gt.backend };

/** Rows idx of dataset d, x scaled by s. */
function rows(d, idx, s = 1 / 16) {
  const [, c] = d.x.shape;
  const x = new Float64Array(idx.length * c);
  const y = new Float64Array(idx.length);
  idx.forEach((r, i) => {
    for (let j = 0; j < c; j++) x[i * c + j] = d.x.data[r * c + j] * s;
    y[i] = d.y.data[r];
  });
  return { x: new gt.Matrix(x, [idx.length, c]), y: new gt.Matrix(y, [idx.length, 1]) };
}

/** A seeded permutation of 0..n-1 (xorshift; the data's order, not gotrain's). */
function perm(n, seed) {
  let s = seed * 2654435761 + 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const p = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/**
 * The machine's busy CPU time in ms (/proc/stat, Linux; null elsewhere): less this process'
 * own (workers included) over a search, what other processes took from the cores meanwhile.
 */
function machineBusyMs() {
  try {
    const v = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) * 10; // user nice system irq softirq steal, in 10 ms ticks
  } catch {
    return null;
  }
}
const ownMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * The same search of 16 trials (random, scored on a holdout) on a pool of 1 and of 2 workers,
 * over train (epochs per trial): interleaved runs, cold and warm pools; its figures.
 */
async function measureSearch(train, epochs) {
  const search = (workers) => ({
    data: train,
    loss: 'sparseCategoricalCrossentropy',
    metric: 'accuracy',
    method: 'random',
    trials: 16,
    seed: 4,
    base: { layers: [64], epochs, batchSize: 32 },
    space: { layers: [[32], [64], [64, 32]], learningRate: { min: 1e-3, max: 1e-2, log: true }, l2: [0, 1e-4] },
    refit: false,
    workers,
  });
  // One untimed search first, as every row of run.mjs warms up: V8 compiles
  // the training path's hot functions with its optimizing tier in the
  // background during the first second or so of training, on a core the
  // second worker needs (shared code: once in the process, not per worker).
  for (let r = 0; r < warmups; r++) await gt.tune(search(2));
  const load0 = os.loadavg()[0];
  const tables = {};
  let identical = true;
  let memory = null;
  // cold: every search starts its own pool (poolReuse.keepMs 0), the first
  // search of a page; warm: the pool of the search before is reused (a
  // search right after another, gt.tune's default), interleaved.
  const times = { cold: { 1: [], 2: [] }, warm: { 1: [], 2: [] } };
  const others = []; // cores other processes kept busy during each timed search
  for (let r = 0; r < runs; r++) {
    for (const mode of ['cold', 'warm']) {
      poolReuse.keepMs = mode === 'cold' ? 0 : keepMs;
      if (mode === 'warm') await gt.tune(search(2)); // the pool the timed searches reuse
      for (const w of [1, 2]) {
        const b0 = machineBusyMs();
        const o0 = ownMs();
        const t0 = performance.now();
        const res = await gt.tune(search(w));
        const ms = performance.now() - t0;
        times[mode][w].push(ms);
        if (b0 !== null) others.push((machineBusyMs() - b0 - (ownMs() - o0)) / ms);
        const tab = JSON.stringify(res.trials.map((t) => [t.id, t.score, t.mean]));
        tables[w] ??= tab;
        if (tab !== tables[w] || (tables[1] && tables[2] && tables[1] !== tables[2])) identical = false;
        if (res.trials.some((t) => t.error)) identical = false;
        if (w === 2) memory ??= res.workerMemory;
      }
    }
  }
  poolReuse.keepMs = keepMs;
  const figures = (t) => ({ ms1: median(t[1]), ms2: median(t[2]), ratio: median(t[2]) / median(t[1]) });
  if (!identical) process.exitCode = 1;
  return { trials: 16, rows: train.x.shape[0], epochs, runs, warmups, ...figures(times.cold), warm: figures(times.warm), identical, memory, load: [load0, os.loadavg()[0]], othersCores: others.length ? median(others) : null };
}

if (parts.includes('search')) {
  // 1,000 digits rows, 15 epochs a trial: a small search (~40 ms a trial),
  // where starting the workers weighs most.
  out.search = await measureSearch(rows(digits, perm(digits.x.shape[0], 1).slice(0, 1000)), epochs);
  // All 1,797 rows, 20 epochs a trial: a search about as long as the
  // page's, ~2.4 times the work a trial.
  out.searchAll = await measureSearch(rows(digits, perm(digits.x.shape[0], 1)), 20);
}

if (parts.includes('augment')) {
  // 300 training rows; the test rows are all the others (1497), never augmented.
  const n = digits.x.shape[0];
  const augment = { imageShape: [8, 8], shift: 0.5, rotate: 10, scale: 0.1, mixup: 0.2 };
  const res = { without: [], with: [] };
  for (let seed = 1; seed <= 5; seed++) {
    const p = perm(n, 100 + seed);
    const train = rows(digits, p.slice(0, 300));
    const test = rows(digits, p.slice(300));
    const yTrain = gt.data.oneHot(train.y, 10);
    const yTest = gt.data.oneHot(test.y, 10);
    for (const [k, a] of [['without', undefined], ['with', augment]]) {
      const m = gt.sequential({
        seed,
        layers: [gt.layers.dense({ units: 128, activation: 'relu', inputShape: [64] }), gt.layers.dense({ units: 10, activation: 'softmax' })],
      });
      m.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
      await m.fit(train.x, yTrain, { epochs: 200, batchSize: 32, augment: a });
      res[k].push(m.evaluate(test.x, yTest).accuracy);
      m.dispose();
    }
  }
  out.augment = { augment, ...res };
}

console.log(describeTune(out).join('\n'));
if (json) console.log(JSON.stringify(out));
