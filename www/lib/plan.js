// plan.js: gt.tune's plan — which settings its trials try and in what rounds — as Go's
// core/tune plans them: grid search (every combination, or a seeded sample), random search
// (seeded draws), successive halving (the best 1/eta of each round train again, eta times
// longer), each trial's model seed from the search's seed and its number, the table sorted
// best first. Pure functions of the settings and the seed: the same trials wherever they run.

import { describe } from './options.js';
import { PCG, u64 } from './pcg.js';

/** The second PCG word of the plan's random source (core/tune's trialStream). */
const TRIAL_STREAM = 0x74756e6574726961n;
export const MAX_TRIALS = 100000;
const MAX_EPOCHS = 1000000;
const MAX_FOLDS = 1000;
const MAX_UNITS = 1 << 16;
const METRICS = ['accuracy', 'acc', 'precision', 'recall', 'f1', 'mse', 'mae'];

/** Every trial's setting of what the space leaves out, unless base says otherwise. */
export const DEFAULT_PARAMS = Object.freeze({
  layers: [32], activation: 'relu', optimizer: 'adam', learningRate: 0, batchSize: 32, epochs: 20, l1: 0, l2: 0, dropout: 0, augment: null,
});

/** The model seed of trial id in a search seeded seed: splitmix64 of the two, cut to 53 bits (core/tune.TrialSeed). */
export function trialSeed(seed, id) {
  const M = (1n << 64n) - 1n;
  let z = (u64(seed) + BigInt(id + 1) * 0x9e3779b97f4a7c15n) & M;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
  return Number((z ^ (z >> 31n)) & ((1n << 53n) - 1n));
}

/** The metric as a validation name ('val_…'). */
export function metricName(metric) {
  const m = metric || 'val_loss';
  return m.startsWith('val_') ? m : `val_${m}`;
}

/** Whether higher scores are better for the metric. */
export function maximize(metric) {
  const m = metricName(metric);
  return ['acc', 'precision', 'recall', 'f1'].some((s) => m.includes(s));
}

const isInt = (v) => Number.isInteger(v);

function checkInt(name, v, lo, hi) {
  if (!isInt(v) || v < lo || v > hi) throw new Error(`${name} must be an integer between ${lo} and ${hi}, got ${describe(v)}`);
}

/** A number's choices: a list of values, one value, or { min, max, log } (random search draws from it). */
function readRange(name, v, lo, hi) {
  if (v === undefined || v === null) return null;
  const inRange = (x) => typeof x === 'number' && x >= lo && x <= hi; // NaN fails
  if (typeof v === 'number') v = [v];
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      if (!inRange(x)) throw new Error(`space: ${name}[${i}]: ${describe(x)} is not in [${lo}, ${hi}]`);
    });
    return { values: [...v] };
  }
  if (typeof v !== 'object') throw new Error(`space: ${name} must be a list of values or { min, max, log }, got ${describe(v)}`);
  const { min, max, log = false } = v;
  if (!inRange(min) || !inRange(max) || min > max) {
    throw new Error(`space: ${name}: the range [${describe(min)}, ${describe(max)}] must lie in [${lo}, ${hi}], min ≤ max`);
  }
  if (log && min <= 0) throw new Error(`space: ${name}: a log range needs min > 0, got ${min}`);
  return { min, max, log: !!log };
}

function drawRange(r, rng) {
  if (r.values) return r.values[rng.intN(r.values.length)];
  const u = rng.float64();
  if (r.log) return Math.exp(Math.log(r.min) + u * (Math.log(r.max) - Math.log(r.min)));
  return r.min + u * (r.max - r.min);
}

function readList(name, v, check) {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw new Error(`space: ${name} must be an array, got ${describe(v)}`);
  v.forEach((x, i) => check(`space: ${name}[${i}]`, x));
  return v;
}

/**
 * The space's dimensions in core/tune's fixed order: { name, n (grid choices; -1 a range
 * without values), set(p, i, rng) (choice i, or a draw when i < 0) }, only those it lists.
 */
function dims(space) {
  const out = [];
  const list = (name, choices, copy = (x) => x) => {
    if (choices && choices.length) {
      out.push({ name, n: choices.length, set: (p, i, rng) => (p[name] = copy(choices[i < 0 ? rng.intN(choices.length) : i])) });
    }
  };
  const range = (name, r) => {
    if (r) out.push({ name, n: r.values ? r.values.length : -1, set: (p, i, rng) => (p[name] = i < 0 ? drawRange(r, rng) : r.values[i]) });
  };
  list('layers', space.layers, (l) => [...l]);
  list('activation', space.activation);
  list('optimizer', space.optimizer);
  range('learningRate', space.learningRate);
  list('batchSize', space.batchSize);
  range('l1', space.l1);
  range('l2', space.l2);
  range('dropout', space.dropout);
  list('augment', space.augment, (a) => (a ? { ...a } : null));
  list('epochs', space.epochs);
  return out.filter((d) => d.n !== 0);
}

/** gt.tune's space as plain choices, checked (names and values). */
export function readSpace(s = {}) {
  const layerList = (name, l) => {
    if (!Array.isArray(l)) throw new Error(`${name} must be an array of layer widths, got ${describe(l)}`);
    l.forEach((u, j) => checkInt(`${name}[${j}]`, u, 1, MAX_UNITS));
  };
  const str = (name, v) => {
    if (typeof v !== 'string') throw new Error(`${name} must be a name, got ${describe(v)}`);
  };
  const MAX = Number.MAX_VALUE;
  return {
    layers: readList('layers', s.layers, layerList),
    activation: readList('activation', s.activation, str),
    optimizer: readList('optimizer', s.optimizer, str),
    learningRate: readRange('learningRate', s.learningRate, 0, MAX),
    batchSize: readList('batchSize', s.batchSize, (n, v) => checkInt(n, v, 1, 2 ** 31 - 1)),
    l1: readRange('l1', s.l1, 0, MAX),
    l2: readRange('l2', s.l2, 0, MAX),
    dropout: readRange('dropout', s.dropout, 0, 1 - 2 ** -53),
    augment: readList('augment', s.augment, () => {}),
    epochs: readList('epochs', s.epochs, (n, v) => checkInt(n, v, 1, MAX_EPOCHS)),
  };
}

/** Checks the search's settings (cfg: { space (read), base, method, trials, halving, metric, folds, holdout }). */
export function checkConfig(c) {
  if (c.method !== 'grid' && c.method !== 'random') throw new Error(`method must be 'grid' or 'random', got ${describe(c.method)}`);
  if (c.method === 'random' && (!isInt(c.trials) || c.trials < 1 || c.trials > MAX_TRIALS)) {
    throw new Error(`random search: trials must be between 1 and ${MAX_TRIALS}, got ${describe(c.trials)}`);
  }
  checkInt('trials', c.trials, 0, MAX_TRIALS);
  if (!isInt(c.folds) || c.folds === 1 || c.folds < 0 || c.folds > MAX_FOLDS) {
    throw new Error(`folds must be 0 (a holdout) or between 2 and ${MAX_FOLDS}, got ${describe(c.folds)}`);
  }
  if (c.folds === 0 && !(c.holdout > 0 && c.holdout < 1)) throw new Error(`without folds, holdout must be in (0, 1), got ${describe(c.holdout)}`);
  const b = c.base;
  checkInt('base: batchSize', b.batchSize, 1, 2 ** 31 - 1);
  checkInt('base: epochs', b.epochs, 1, MAX_EPOCHS);
  if (c.halving) {
    const { eta, minEpochs } = c.halving;
    if (!isInt(eta) || !isInt(minEpochs) || eta < 2 || minEpochs < 1) {
      throw new Error(`halving: eta must be at least 2 and minEpochs at least 1, got ${describe(eta)} and ${describe(minEpochs)}`);
    }
    if (c.space.epochs) throw new Error('halving sets every round\'s epochs: leave epochs out of the space');
    if (minEpochs > b.epochs) throw new Error(`halving: minEpochs (${minEpochs}) is more than the epochs (${b.epochs})`);
  }
  const m = metricName(c.metric).slice(4);
  if (m !== 'loss' && !METRICS.includes(m)) {
    throw new Error(`metric '${c.metric}' is not logged: give val_loss or a compiled metric (${METRICS.join(', ')})`);
  }
}

/** Every combination of the space's choices over base, the last dimension changing fastest. */
function grid(space, base) {
  const ds = dims(space);
  let total = 1;
  for (const d of ds) {
    if (d.n < 0) throw new Error(`grid search: ${d.name} is a range; list its values`);
    total *= d.n;
    if (total > MAX_TRIALS) throw new Error(`grid search: more than ${MAX_TRIALS} combinations`);
  }
  const out = [];
  const idx = ds.map(() => 0);
  for (;;) {
    const p = { ...base, layers: [...base.layers] };
    ds.forEach((d, k) => d.set(p, idx[k]));
    out.push(p);
    let k = ds.length - 1;
    for (; k >= 0; k--) {
      if (++idx[k] < ds[k].n) break;
      idx[k] = 0;
    }
    if (k < 0) return out;
  }
}

/** The settings of every trial, by trial id: grid (or a seeded sample of trials of it) or trials random draws. */
export function planTrials(c) {
  const rng = new PCG(c.seed, TRIAL_STREAM);
  if (c.method === 'grid') {
    const g = grid(c.space, c.base);
    if (c.trials > 0 && c.trials < g.length) return rng.perm(g.length).slice(0, c.trials).sort((a, b) => a - b).map((k) => g[k]);
    return g;
  }
  const ds = dims(c.space);
  return Array.from({ length: c.trials }, () => {
    const p = { ...c.base, layers: [...c.base.layers] };
    for (const d of ds) d.set(p, -1, rng);
    return p;
  });
}

/** Whether a result failed (no score). */
const failed = (r) => r.error !== null || r.score === null || Number.isNaN(r.score);

/** Sorted best first: later rounds first, then by score, failures last, ties by id. */
export function sortResults(rs, max) {
  const better = (a, b) => {
    if (a.round !== b.round) return b.round - a.round;
    const fa = failed(a);
    const fb = failed(b);
    if (fa !== fb) return fa ? 1 : -1;
    if (!fa && a.score !== b.score) return (max ? a.score > b.score : a.score < b.score) ? -1 : 1;
    return a.id - b.id;
  };
  return [...rs].sort(better);
}

/**
 * A search in progress (core/tune.Search): next() gives each round's trials
 * ({ id, round, epochs, params, seed }), report(result) takes their results,
 * results() the table so far, best first.
 */
export class Search {
  constructor(cfg) {
    checkConfig(cfg);
    this.cfg = cfg;
    this.max = maximize(cfg.metric);
    this.plan = planTrials(cfg);
    this.round = 0;
    this.epochs = cfg.halving ? cfg.halving.minEpochs : cfg.base.epochs;
    this.pending = this.trials(this.plan.map((_, i) => i));
    this.best = new Map(); // each trial's result of the last round it ran
    this.roundResults = [];
    this.done = false;
  }

  trials(ids) {
    return ids.map((id) => {
      const params = { ...this.plan[id], layers: [...this.plan[id].layers] };
      if (this.cfg.halving) params.epochs = this.epochs;
      return { id, round: this.round, epochs: params.epochs, params, seed: trialSeed(this.cfg.seed, id) };
    });
  }

  /** The next round's trials, or null when the search is done. */
  next() {
    if (this.done) return null;
    if (this.pending) {
      const t = this.pending;
      this.pending = null;
      this.roundResults = [];
      return t;
    }
    const h = this.cfg.halving;
    if (!h || this.epochs >= this.cfg.base.epochs) {
      this.done = true;
      return null;
    }
    const ranked = sortResults(this.roundResults, this.max);
    const keep = Math.ceil(ranked.length / h.eta);
    const ids = ranked.slice(0, keep).filter((r) => !failed(r)).map((r) => r.id).sort((a, b) => a - b);
    if (ids.length === 0 || ranked.length === 1) {
      this.done = true;
      return null;
    }
    this.round++;
    this.epochs = Math.min(this.epochs * h.eta, this.cfg.base.epochs);
    this.roundResults = [];
    return this.trials(ids);
  }

  /** Records the result of a trial of the current round. */
  report(r) {
    this.roundResults.push(r);
    this.best.set(r.id, r);
  }

  /** Ends the search: next() returns null from now on. */
  stop() {
    this.done = true;
  }

  /** Every reported trial's result from the last round it ran, best first. */
  results() {
    return sortResults([...this.best.values()], this.max);
  }
}
