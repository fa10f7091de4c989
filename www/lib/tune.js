// tune.js: gt.tune, the hyperparameter search. The plan (plan.js: grid or random search,
// successive halving) and the folds (folds.js: k-fold, stratified, holdout) are computed
// here, seeded as Go's core/tune computes them; each trial is a cross-validation over the
// public API — per fold a fresh model from gt.sequential, fit on the other folds' rows,
// evaluate on the fold — run one per worker at a time in a pool of gotrain workers
// (pool.js), or one after another on this instance (workers: 0). A trial's numbers depend
// only on the settings, the seed and its number, so the table is the same whichever way
// the trials run.

import { dealFolds, foldRows, takeRows } from './folds.js';
import { revive, toDataset } from './matrix.js';
import { describe, options } from './options.js';
import { DEFAULT_PARAMS, metricName, readSpace, Search, trialSeed } from './plan.js';
import { AUGMENT_KEYS } from './specs.js';
import { cores, WorkerPool } from './pool.js';
import { yieldToEventLoop } from './env.js';

const TUNE_KEYS = [
  'data', 'space', 'base', 'method', 'trials', 'halving', 'metric', 'seed', 'loss', 'metrics', 'folds', 'holdout',
  'stratify', 'normalize', 'workers', 'refit', 'onTrialEnd', 'onRoundEnd', 'signal', 'workerURL', 'wasmURL', 'kernel',
];
/**
 * A finished search leaves its pool of workers to the next search on the same API object for
 * keepMs milliseconds (then the workers end): searches one after another start at once, on
 * workers whose code is already compiled. 0: every search starts and ends its own pool.
 */
export const poolReuse = { keepMs: 10000 };
const idlePools = new WeakMap(); // API object → { pool, key, timer }

/**
 * Ends pool: its tasks fail at once, its workers' threads end in the background (a search's
 * results do not wait for them: in Node that takes 5–10 ms a worker).
 */
const endPool = (pool) => pool.terminate().catch(() => {});

/** The idle pool of api for workers key (URLs and kernel), taken out, or null. */
function takeIdlePool(api, key) {
  const idle = idlePools.get(api);
  if (!idle) return null;
  idlePools.delete(api);
  clearTimeout(idle.timer);
  if (idle.key === key && !idle.pool.closed && idle.pool.workers.length > 0) return idle.pool;
  endPool(idle.pool);
  return null;
}

/** Leaves pool to api's next search for poolReuse.keepMs (ending the one left before). */
function keepIdlePool(api, key, pool) {
  if (!(poolReuse.keepMs > 0)) {
    endPool(pool);
    return;
  }
  takeIdlePool(api, null); // ends the pool left before, if any
  const timer = setTimeout(() => {
    if (idlePools.get(api)?.pool === pool) idlePools.delete(api);
    endPool(pool);
  }, poolReuse.keepMs);
  timer.unref?.(); // Node: an idle pool does not keep the process alive
  idlePools.set(api, { pool, key, timer });
  return undefined;
}

const PARAM_KEYS = ['layers', 'activation', 'optimizer', 'learningRate', 'batchSize', 'epochs', 'l1', 'l2', 'dropout', 'augment'];
const LOSSES = { binarycrossentropy: 'sigmoid', categoricalcrossentropy: 'softmax', sparsecategoricalcrossentropy: 'softmax', mse: 'linear', meansquarederror: 'linear', mae: 'linear', meanabsoluteerror: 'linear' };

const lossKey = (loss) => String(loss).replaceAll('_', '').toLowerCase();

function readAugment(call, a) {
  return a === null || a === undefined ? null : { ...options(call, a, AUGMENT_KEYS, 'setting') };
}

/** gt.tune's settings without data, functions and pool options, checked and with their defaults. */
export function readConfig(gt, o) {
  const s = options('tune: space', o.space, PARAM_KEYS, 'hyperparameter');
  if (s.augment !== undefined && !Array.isArray(s.augment)) throw new Error(`tune: space.augment must be an array of augment settings, got ${describe(s.augment)}`);
  const space = readSpace({ ...s, augment: s.augment?.map((a) => readAugment('tune: space: augment', a)) });
  const b = options('tune: base', o.base, PARAM_KEYS, 'setting');
  const base = { ...DEFAULT_PARAMS, ...Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)) };
  base.augment = readAugment('tune: base: augment', base.augment);
  readSpace({ layers: [base.layers], learningRate: base.learningRate, l1: base.l1, l2: base.l2, dropout: base.dropout }); // checks base
  if (o.loss === undefined) throw new Error("tune: give the models' loss, such as loss: 'sparseCategoricalCrossentropy'");
  if (!(lossKey(o.loss) in LOSSES)) throw new Error(`tune: unknown loss ${describe(o.loss)}`);
  const halving = o.halving === undefined || o.halving === null ? null : { ...options('tune: halving', o.halving, ['eta', 'minEpochs'], 'setting') };
  const seed = o.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 53) throw new Error(`tune: seed must be an integer from 0 to 2^53, got ${describe(seed)}`);
  for (const name of space.optimizer ?? [base.optimizer]) {
    if (typeof name !== 'string' || !Object.hasOwn(gt.train, name)) throw new Error(`tune: unknown optimizer ${describe(name)} (known: ${Object.keys(gt.train).join(', ')})`);
  }
  for (const activation of space.activation ?? [base.activation]) gt.layers.dense({ units: 1, activation }); // names a bad one
  return {
    space,
    base,
    method: o.method ?? 'random',
    trials: o.trials ?? 10,
    halving,
    metric: o.metric ?? 'val_loss',
    seed,
    loss: o.loss,
    metrics: typeof o.metrics === 'string' ? [o.metrics] : (o.metrics ?? []),
    folds: o.folds ?? 0,
    holdout: o.holdout ?? 0.2,
    stratify: !!o.stratify,
    normalize: !!o.normalize,
  };
}

/** The output layer's width: the classes (at least 2) for sparse labels, y's width otherwise. */
function outputs(cfg, y) {
  if (lossKey(cfg.loss) !== 'sparsecategoricalcrossentropy') return y.shape[1];
  let k = 0;
  for (let i = 0; i < y.data.length; i++) {
    const v = y.data[i];
    if (y.shape[1] !== 1 || !Number.isInteger(v) || v < 0 || v >= 1 << 16) {
      throw new Error(`tune: row ${i}: label ${v} is not a class index (an integer from 0 to 65535)`);
    }
    k = Math.max(k, v + 1);
  }
  return Math.max(k, 2);
}

/**
 * The compiled model a trial trains (core/tune.Build): an optional Normalization layer, a Dense
 * layer per width (the setting's activation and L1/L2), each followed by Dropout when set, a Dense
 * output layer whose activation follows the loss; the setting's optimizer and learning rate.
 */
async function buildModel(gt, cfg, p, shape, seed) {
  const layers = [];
  let first = !cfg.normalize;
  if (cfg.normalize) layers.push(gt.layers.normalization({ inputShape: [shape.inputs] }));
  const dense = (c) => {
    if (first) c.inputShape = [shape.inputs];
    first = false;
    layers.push(gt.layers.dense(c));
  };
  for (const units of p.layers) {
    const c = { units, activation: p.activation };
    if (p.l1 || p.l2) c.kernelRegularizer = gt.regularizers.l1l2({ l1: p.l1, l2: p.l2 });
    dense(c);
    if (p.dropout > 0) layers.push(gt.layers.dropout({ rate: p.dropout }));
  }
  dense({ units: shape.outputs, activation: LOSSES[lossKey(cfg.loss)] });
  const model = await gt.sequential({ seed, layers });
  try {
    const metrics = [...cfg.metrics];
    const m = metricName(cfg.metric).slice(4);
    if (m !== 'loss' && !metrics.includes(m)) metrics.push(m);
    await model.compile({ optimizer: p.learningRate ? gt.train[p.optimizer](p.learningRate) : p.optimizer, loss: cfg.loss, metrics });
  } catch (e) {
    await model.dispose();
    throw e;
  }
  return model;
}

const fitOptions = (p) => ({ epochs: p.epochs, batchSize: p.batchSize, ...(p.augment ? { augment: p.augment } : {}) });

/** Every logged name's mean and sample standard deviation (n − 1; 0 for one fold) over the folds. */
function summarize(folds) {
  const mean = {};
  const std = {};
  for (const k of Object.keys(folds[0] ?? {})) {
    let sum = 0;
    for (const f of folds) sum += f[k];
    const m = sum / folds.length;
    let ss = 0;
    for (const f of folds) ss += (f[k] - m) * (f[k] - m);
    mean[k] = m;
    std[k] = folds.length > 1 ? Math.sqrt(ss / (folds.length - 1)) : 0;
  }
  return { mean, std };
}

/**
 * A trial's expected work, to order a round's trials (not their results): per fold and epoch,
 * every training row through every layer (its weights and biases), plus a per-row and a
 * per-batch share of the work outside the matrix products.
 */
export function trialCost(p, shape, parts) {
  let macs = 0;
  let width = shape.inputs;
  for (const units of [...p.layers, shape.outputs]) {
    macs += width * units + units;
    width = units;
  }
  const perRow = macs + 64 + 2048 / p.batchSize;
  let rows = 0;
  for (const part of parts) rows += part.x.shape[0];
  return p.epochs * rows * perRow;
}

/**
 * Runs trial t on gt (this instance's or a worker's): one model per fold, trained on the
 * other rows and evaluated on the fold. Resolves to its result (a failure's error in it).
 */
export async function runTrial(gt, cfg, parts, shape, t) {
  const r = { id: t.id, round: t.round, epochs: t.epochs, params: t.params, score: null, mean: {}, std: {}, folds: [], error: null };
  const logs = [];
  try {
    for (let f = 0; f < parts.length; f++) {
      const part = parts[f];
      let model = null;
      try {
        model = await buildModel(gt, cfg, t.params, shape, t.seed);
        const h = await model.fit(part.x, part.y, fitOptions(t.params));
        const ev = await model.evaluate(part.vx, part.vy);
        const out = {};
        for (const [k, v] of Object.entries(ev)) out[`val_${k}`] = v;
        for (const [k, vs] of Object.entries(h.history)) if (vs.length) out[k] = vs.at(-1);
        logs.push(out);
      } catch (e) {
        throw new Error(`fold ${f}: ${e?.message ?? e}`);
      } finally {
        if (model) await model.dispose();
      }
    }
  } catch (e) {
    r.error = `tune: trial ${t.id}: ${e.message}`;
    return r;
  }
  Object.assign(r, summarize(logs), { folds: logs });
  const name = metricName(cfg.metric);
  if (typeof r.mean[name] !== 'number') r.error = `tune: the trial logged no ${name}`;
  else r.score = r.mean[name];
  return r;
}

/**
 * A pool worker's side of its trials (worker-server.js serves these two calls; api() gives the
 * worker's own API object): the search's settings and rows arrive once per worker (tuneData),
 * then a trial is one call (tuneTrial) that runs runTrial there, on the worker's instance. So a
 * trial costs the calling thread one message each way, not one per model call, and the rows
 * are copied to a worker once a search instead of once a trial.
 */
export function trialHost(api) {
  let held = null; // { key, cfg, parts, shape } of the search whose data came last
  return {
    tuneData(key, cfg, parts, shape) {
      held = { key, cfg, parts: revive(parts), shape };
    },
    tuneTrial(key, trial) {
      if (held?.key !== key) throw new Error(`tune: trial ${trial?.id}: this worker has not been sent the search's data`);
      return runTrial(api(), held.cfg, held.parts, held.shape, trial);
    },
  };
}

let searches = 0; // numbers each search: a pool worker holds one search's data at a time

/**
 * Runs a search (see API.md, "Augmentation and hyperparameter search"). gt: the API object
 * the search runs on (it trains the trials when workers is 0, and the refit model; a pool
 * worker trains its trials on its own instance, trialHost). Returns a Promise of
 * { trials, best, model, stopped, workers, workerDeaths, workerMemory, maximize, ms } with
 * stop(): stop() (or a false from onTrialEnd, or opts.signal aborting) ends the search and
 * resolves to the trials done so far.
 */
export function tune(gt, opts) {
  // stop() may come before the search has started.
  let stopped = false;
  let wake = () => {};
  const stopped$ = new Promise((resolve) => {
    wake = resolve;
  });
  const stop = () => {
    stopped = true;
    wake();
  };
  const p = (async () => {
    const o = options('tune', opts, TUNE_KEYS);
    let cfg;
    try {
      cfg = readConfig(gt, o);
    } catch (e) {
      throw e.message.startsWith('tune') ? e : new Error(`tune: ${e.message}`);
    }
    for (const f of ['onTrialEnd', 'onRoundEnd']) {
      if (o[f] !== undefined && typeof o[f] !== 'function') throw new Error(`tune: ${f} must be a function, got ${describe(o[f])}`);
    }
    if (o.data === undefined) throw new Error('tune: give the training data as data: { x, y } (never the test set)');
    const data = toDataset('tune', o.data);
    if (data.x.shape[0] !== data.y.shape[0]) throw new Error(`tune: x has ${data.x.shape[0]} rows but y has ${data.y.shape[0]}`);
    const workers = o.workers === undefined ? await cores() : o.workers;
    if (!Number.isInteger(workers) || workers < 0) throw new Error(`tune: workers must be an integer ≥ 0 (0: on this thread), got ${describe(workers)}`);
    let search;
    let parts;
    try {
      search = new Search(cfg);
      parts = dealFolds(data.y, cfg).map((val) => {
        const rows = foldRows(data.x.shape[0], val);
        return { x: takeRows(data.x, rows.train), y: takeRows(data.y, rows.train), vx: takeRows(data.x, rows.val), vy: takeRows(data.y, rows.val) };
      });
    } catch (e) {
      throw new Error(`tune: ${e.message}`);
    }
    const shape = { inputs: data.x.shape[1], outputs: outputs(cfg, data.y) };
    const t0 = performance.now();
    let pool = null;
    let kept = false;
    let deaths = 0;
    const poolKey = JSON.stringify([String(o.workerURL ?? ''), String(o.wasmURL ?? ''), o.kernel ?? 'auto']);
    o.signal?.addEventListener?.('abort', stop);
    if (o.signal?.aborted) stop();
    try {
      if (workers > 0 && !stopped) {
        const size = Math.min(workers, search.plan.length);
        pool = takeIdlePool(gt, poolReuse.keepMs > 0 ? poolKey : null); // (an idle pool ends with 0)
        if (pool) pool.use(size);
        else pool = await new WorkerPool(size, o).start();
        deaths = pool.deaths;
      }
      const run = (trial) => runTrial(gt, cfg, parts, shape, trial);
      const key = ++searches;
      const sent = { loss: cfg.loss, metrics: cfg.metrics, metric: cfg.metric, normalize: cfg.normalize }; // what runTrial reads
      const runTask = async (trial) => {
        try {
          return await pool.run(async (w) => {
            if (w.held !== key) {
              await w.transport.call('tuneData', key, sent, parts, shape);
              w.held = key;
            }
            return w.transport.call('tuneTrial', key, trial);
          }, trial);
        } catch (e) {
          return { id: trial.id, round: trial.round, epochs: trial.epochs, params: trial.params, score: null, mean: {}, std: {}, folds: [], error: e?.message ?? String(e) };
        }
      };
      let done = 0;
      let memory = null;
      for (let round = 0; !stopped; round++) {
        const trials = search.next();
        if (!trials) break;
        const roundResults = [];
        const oneTrial = async (trial) => {
          const r = pool ? await runTask(trial) : await run(trial);
          if (stopped) return;
          search.report(r);
          roundResults.push(r);
          done++;
          if (o.onTrialEnd && (await o.onTrialEnd(r, { done, round, roundTrials: trials.length, planned: search.plan.length })) === false) stop();
        };
        if (pool) {
          // Longest first, so that no worker is left with a long trial while
          // the others wait at the end of the round. Stopping does not wait
          // for the trials running: their workers end.
          const longestFirst = trials.map((t, i) => [trialCost(t.params, shape, parts), i, t]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
          await Promise.race([Promise.all(longestFirst.map(([, , t]) => oneTrial(t))), stopped$]);
          memory ??= await pool.memory();
        } else {
          for (const trial of trials) {
            if (stopped) break;
            await oneTrial(trial);
            await yieldToEventLoop();
          }
        }
        if (!stopped && o.onRoundEnd) await o.onRoundEnd(round, roundResults);
      }
      search.stop();
      if (pool) {
        kept = true;
        if (stopped) endPool(pool);
        else keepIdlePool(gt, poolKey, pool);
      }
      const results = search.results();
      const ms = performance.now() - t0;
      const best = results.length && results[0].error === null ? results[0] : null;
      let model = null;
      if (o.refit !== false && best) {
        model = await buildModel(gt, cfg, best.params, shape, trialSeed(cfg.seed, best.id));
        try {
          await model.fit(data.x, data.y, fitOptions(best.params));
        } catch (e) {
          await model.dispose();
          throw new Error(`tune: refit: ${e?.message ?? e}`);
        }
      }
      return {
        trials: results,
        best,
        model,
        stopped,
        workers: pool ? pool.size : 0,
        workerDeaths: pool ? pool.deaths - deaths : 0,
        workerMemory: memory ?? [],
        maximize: search.max,
        ms,
      };
    } finally {
      o.signal?.removeEventListener?.('abort', stop);
      if (pool && !kept) endPool(pool);
    }
  })();
  p.stop = stop;
  return p;
}
