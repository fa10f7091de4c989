// folds.js: the rows gt.tune validates each trial on — k folds, stratified k folds or one
// held-out part — dealt from a seed exactly as Go's core.KFold, core.StratifiedKFold and
// core's holdout fold deal them (same seed, same rows), and the rows of a matrix by index.

import { Matrix } from './matrix.js';
import { PCG, shuffleArray } from './pcg.js';

/** The second PCG word of the folds' random source (core/crossval.go's foldStream). */
const FOLD_STREAM = 0x6b666f6c64733031n;
const MAX_CLASSES = 1 << 16;
export const MAX_FOLDS = 1000;

function checkFolds(call, n, k) {
  if (!Number.isInteger(k) || k < 2 || k > MAX_FOLDS) throw new Error(`${call}: folds must be between 2 and ${MAX_FOLDS}, got ${k}`);
  if (k > n) throw new Error(`${call}: ${k} folds need at least ${k} rows, got ${n}`);
}

/** Rows 0…n−1 shuffled by seed into k folds whose sizes differ by at most one (the first n mod k have one more). */
export function kFold(n, k, seed) {
  checkFolds('kFold', n, k);
  const perm = new PCG(seed, FOLD_STREAM).perm(n);
  const folds = [];
  let lo = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    folds.push(perm.slice(lo, lo + size));
    lo += size;
  }
  return folds;
}

/**
 * Each row's class: y's one column of class indices, or the index of each row's largest value
 * of a wider y. Returns { labels, classes }.
 */
export function strata(call, y) {
  const [rows, cols] = y.shape;
  const labels = new Array(rows);
  let classes = cols;
  if (cols === 1) {
    classes = 0;
    for (let i = 0; i < rows; i++) {
      const v = y.data[i];
      if (!Number.isInteger(v) || v < 0 || v >= MAX_CLASSES) {
        throw new Error(`${call}: row ${i}: label ${v} is not a class index (an integer from 0 to ${MAX_CLASSES - 1})`);
      }
      labels[i] = v;
      classes = Math.max(classes, v + 1);
    }
  } else {
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let j = 1; j < cols; j++) if (y.data[i * cols + j] > y.data[i * cols + best]) best = j;
      labels[i] = best;
    }
  }
  return { labels, classes };
}

function byClass(labels, classes) {
  const out = Array.from({ length: classes }, () => []);
  labels.forEach((c, i) => out[c].push(i));
  return out;
}

/** kFold keeping each class's share in every fold: each class's rows, shuffled, dealt round the folds in turn. */
export function stratifiedKFold(y, k, seed) {
  const { labels, classes } = strata('stratifiedKFold', y);
  checkFolds('stratifiedKFold', labels.length, k);
  const rng = new PCG(seed, FOLD_STREAM);
  const folds = Array.from({ length: k }, () => []);
  let f = 0;
  for (const members of byClass(labels, classes)) {
    shuffleArray(rng, members);
    for (const i of members) {
      folds[f].push(i);
      f = (f + 1) % k;
    }
  }
  for (const fold of folds) shuffleArray(rng, fold);
  return folds;
}

/** How many rows of each class go to the held-out part (core/split.go's stratifiedQuotas). */
function stratifiedQuotas(groups, frac, nVal, rng) {
  const quota = groups.map((m) => Math.min(Math.floor(frac * m.length), m.length));
  const rem = groups.map((m, c) => frac * m.length - quota[c]);
  let total = quota.reduce((a, b) => a + b, 0);
  // Largest remainder first, ties in the random order (a stable sort).
  const order = rng.perm(groups.length).sort((a, b) => rem[b] - rem[a]);
  while (total < nVal) {
    let progress = false;
    for (const c of order) {
      if (total === nVal) break;
      if (quota[c] < groups[c].length) {
        quota[c]++;
        total++;
        progress = true;
      }
    }
    if (!progress) break;
  }
  while (total > nVal) {
    let progress = false;
    for (let i = order.length - 1; i >= 0 && total > nVal; i--) {
      if (quota[order[i]] > 0) {
        quota[order[i]]--;
        total--;
        progress = true;
      }
    }
    if (!progress) break;
  }
  return quota;
}

/** One held-out part of round(frac × n) rows (at least 1, at most n − 1), stratified by y's classes when asked. */
export function holdoutFold(y, frac, stratify, seed) {
  const n = y.shape[0];
  if (n < 2) throw new Error(`holdout: need at least 2 rows, got ${n}`);
  const nVal = Math.min(Math.max(Math.round(frac * n), 1), n - 1);
  const rng = new PCG(seed, FOLD_STREAM);
  if (!stratify) return [rng.perm(n).slice(0, nVal)];
  const { labels, classes } = strata('holdout', y);
  const groups = byClass(labels, classes);
  const quota = stratifiedQuotas(groups, frac, nVal, rng);
  const val = [];
  groups.forEach((members, c) => val.push(...shuffleArray(rng, members).slice(0, quota[c])));
  return [val];
}

/** The folds of a cross-validation: { folds, stratify, holdout } as core.CrossValConfig, over labels y. */
export function dealFolds(y, { folds, stratify, holdout, seed }) {
  try {
    if (folds >= 2) return stratify ? stratifiedKFold(y, folds, seed) : kFold(y.shape[0], folds, seed);
    return holdoutFold(y, holdout, stratify, seed);
  } catch (e) {
    throw new Error(`crossValidate: ${e.message.replace(/^\w+: /, '')}`);
  }
}

/** The rows idx of matrix m, in that order, as a new Matrix. */
export function takeRows(m, idx) {
  const c = m.shape[1];
  const out = new Float64Array(idx.length * c);
  idx.forEach((r, i) => out.set(m.data.subarray(r * c, (r + 1) * c), i * c));
  return new Matrix(out, [idx.length, c]);
}

/** A fold's training rows (every row not in it, in the data's order) and its validation rows. */
export function foldRows(n, val) {
  const held = new Uint8Array(n);
  for (const i of val) held[i] = 1;
  const train = [];
  for (let i = 0; i < n; i++) if (!held[i]) train.push(i);
  return { train, val };
}
