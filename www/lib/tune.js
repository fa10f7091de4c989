// tune.js: gt.tune, the hyperparameter search. This instance's Go module
// plans the trials (core/tune: grid or random search, successive halving)
// and keeps their results; the trials run one per worker at a time in a
// pool of gotrain workers (pool.js), or one after another on this instance
// (workers: 0). A trial's numbers depend only on the settings, the seed and
// its number, so the table is the same whichever way they run.

import { toDataset } from './matrix.js';
import { describe, options } from './options.js';
import { AUGMENT_KEYS } from './specs.js';
import { cores, WorkerPool } from './pool.js';
import { yieldToEventLoop } from './env.js';

const TUNE_KEYS = [
  'data', 'space', 'base', 'method', 'trials', 'halving', 'metric', 'seed', 'loss', 'metrics', 'folds', 'holdout',
  'stratify', 'normalize', 'workers', 'refit', 'onTrialEnd', 'onRoundEnd', 'signal', 'workerURL', 'wasmURL', 'kernel',
];
const PARAM_KEYS = ['layers', 'activation', 'optimizer', 'learningRate', 'batchSize', 'epochs', 'l1', 'l2', 'dropout', 'augment'];

/** What Go's tuneStart and tuneTrial read: the settings without data, functions and pool options. */
function goConfig(o) {
  const space = { ...options('tune: space', o.space, PARAM_KEYS, 'hyperparameter') };
  if (space.augment !== undefined) {
    if (!Array.isArray(space.augment)) throw new Error(`tune: space.augment must be an array of augment settings, got ${describe(space.augment)}`);
    space.augment = space.augment.map((a) => (a === null ? {} : { ...options('tune: space: augment', a, AUGMENT_KEYS, 'setting') }));
  }
  const base = { ...options('tune: base', o.base, PARAM_KEYS, 'setting') };
  if (base.augment) base.augment = { ...options('tune: base: augment', base.augment, AUGMENT_KEYS, 'setting') };
  const halving = o.halving === undefined || o.halving === null ? undefined : { ...options('tune: halving', o.halving, ['eta', 'minEpochs'], 'setting') };
  if (o.loss === undefined) throw new Error("tune: give the models' loss, such as loss: 'sparseCategoricalCrossentropy'");
  return {
    space,
    base,
    method: o.method,
    trials: o.trials,
    halving,
    metric: o.metric,
    seed: o.seed ?? 0,
    loss: o.loss,
    metrics: typeof o.metrics === 'string' ? [o.metrics] : o.metrics,
    folds: o.folds,
    holdout: o.holdout,
    stratify: o.stratify,
    normalize: o.normalize,
  };
}

/**
 * Runs a search (see API.md, "Hyperparameter search"). t: the transport of
 * the gt object; makeModel(handle): a Model over it. Returns a Promise of
 * { trials, best, model, stopped, workers, ms } with stop(): stop() (or a
 * false from onTrialEnd, or opts.signal aborting) ends the search and
 * resolves to the trials done so far.
 */
export function tune(t, makeModel, opts) {
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
    const cfg = goConfig(o);
    for (const f of ['onTrialEnd', 'onRoundEnd']) {
      if (o[f] !== undefined && typeof o[f] !== 'function') throw new Error(`tune: ${f} must be a function, got ${describe(o[f])}`);
    }
    if (o.data === undefined) throw new Error('tune: give the training data as data: { x, y } (never the test set)');
    const data = toDataset('tune', o.data);
    const workers = o.workers === undefined ? await cores() : o.workers;
    if (!Number.isInteger(workers) || workers < 0) throw new Error(`tune: workers must be an integer ≥ 0 (0: on this thread), got ${describe(workers)}`);
    const start = await t.call('tuneStart', cfg);
    const h = start.handle;
    const t0 = performance.now();
    let pool = null;
    o.signal?.addEventListener?.('abort', stop);
    if (o.signal?.aborted) stop();
    try {
      if (workers > 0 && !stopped) pool = await new WorkerPool(Math.min(workers, start.trials), o).start();
      const runTrial = async (trial) => {
        try {
          return pool ? await pool.run('tuneTrial', cfg, data, trial) : await t.call('tuneTrial', cfg, data, trial);
        } catch (e) {
          return { ...trial, score: null, mean: {}, std: {}, folds: [], error: e?.message ?? String(e) };
        }
      };
      let done = 0;
      let memory = null;
      for (let round = 0; !stopped; round++) {
        const trials = await t.call('tuneNext', h);
        if (!trials) break;
        const roundResults = [];
        const oneTrial = async (trial) => {
          const r = await runTrial(trial);
          if (stopped) return;
          await t.call('tuneReport', h, r);
          roundResults.push(r);
          done++;
          if (o.onTrialEnd && (await o.onTrialEnd(r, { done, round, roundTrials: trials.length, planned: start.trials })) === false) stop();
        };
        if (pool) {
          // Stopping does not wait for the trials running: their workers end.
          await Promise.race([Promise.all(trials.map(oneTrial)), stopped$]);
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
      if (stopped) await t.call('tuneStop', h);
      if (pool) await pool.terminate();
      const results = await t.call('tuneResults', h);
      const ms = performance.now() - t0;
      const best = results.length && results[0].error === null ? results[0] : null;
      let model = null;
      if (o.refit !== false && best) {
        const r = await t.call('tuneRefit', h, data);
        if (r) model = makeModel(r.handle);
      }
      return {
        trials: results,
        best,
        model,
        stopped,
        workers: pool ? pool.size : 0,
        workerDeaths: pool ? pool.deaths : 0,
        workerMemory: memory ?? [],
        maximize: start.maximize,
        ms,
      };
    } finally {
      o.signal?.removeEventListener?.('abort', stop);
      if (pool) await pool.terminate();
      await t.call('tuneFree', h);
    }
  })();
  p.stop = stop;
  return p;
}
