// tunespace.js: the "Search settings" panel's search as gt.tune's options,
// and its best setting back as the page's state. What may vary (state.js
// TUNE_VARY) takes fixed values, a few per choice (grid search tries their
// combinations; random search draws from them, and draws the learning rate,
// L2 and dropout from a range); everything else is the page's own setting.
// The search gets the page's training rows only, scored on folds of them or
// on a held-out part: never the validation or test rows.
// Pure: no DOM, no API; tested by build/test/page_units.test.mjs.
//
//   const o = searchOptions(state, data, { workers: 2 });   // gt.tune(o)
//   setState(bestPatch(result.best.params, state));

import { DEFAULT_LR } from './state.js';
import { augmentOf, augmentState, augmentText, imageShapeOf } from './augment.js';
import { fitMetric } from './task.js';
import { num, int, pct } from './format.js';

/** The "Vary" checkboxes' names (plural: each tries several; unlike the settings' own controls). */
export const VARY_LABELS = {
  units: 'Hidden units',
  activation: 'Activations',
  optimizer: 'Optimizers',
  lr: 'Learning rates',
  batch: 'Batch sizes',
  l2: 'L2 rates',
  dropout: 'Dropout rates',
  augment: 'Augmentation',
};

const UNITS = [4, 8, 16, 32];
const ACTIVATIONS = ['relu', 'tanh', 'sigmoid'];
const OPTIMIZERS = ['sgd', 'adam', 'rmsprop'];

/** The scores the search may use on this data: the validation loss, or the page's metric. */
export function metricChoices(d) {
  return d.task.kind === 'classification' ? ['val_loss', 'accuracy'] : ['val_loss', 'mae', 'mse'];
}

/** The state's score if this data has it, else the validation loss. */
export function metricFor(s, d) {
  return metricChoices(d).includes(s.tuneMetric) ? s.tuneMetric : 'val_loss';
}

/** How many hidden layers the search's settings have (at least one when the units vary). */
function depth(s, vary) {
  return Math.max(s.layers.length, vary.includes('units') ? 1 : 0);
}

/** gt.tune's space: the values of each choice the state varies. */
export function spaceOf(s, d) {
  const vary = s.tuneVary;
  const grid = s.tuneMethod === 'grid';
  const space = {};
  if (vary.includes('units')) space.layers = UNITS.map((u) => Array(depth(s, vary)).fill(u));
  if (vary.includes('activation')) space.activation = [...ACTIVATIONS];
  if (vary.includes('optimizer')) space.optimizer = [...OPTIMIZERS];
  if (vary.includes('lr')) space.learningRate = grid ? [0.001, 0.01, 0.03, 0.1] : { min: 0.0005, max: 0.2, log: true };
  if (vary.includes('batch')) space.batchSize = [8, 16, 32, 64];
  if (vary.includes('l2')) space.l2 = grid ? [0, 0.0001, 0.001, 0.01] : { min: 0.00001, max: 0.1, log: true };
  if (vary.includes('dropout')) space.dropout = grid ? [0, 0.1, 0.2, 0.4] : { min: 0, max: 0.5 };
  if (vary.includes('augment')) {
    const shape = imageShapeOf(d);
    const own = augmentOf(s, d);
    space.augment = [null, own ?? (shape ? { imageShape: [...shape], shift: 1, rotate: 10, scale: 0.1 } : { jitter: 0.05 })];
  }
  return space;
}

/** Every trial's setting of what the space leaves out: the page's own. */
export function baseOf(s, d) {
  const vary = s.tuneVary;
  const l1 = vary.includes('l2') ? 0 : s.reg === 'l1' || s.reg === 'l1l2' ? s.regRate : 0;
  const l2 = s.reg === 'l2' || s.reg === 'l1l2' ? s.regRate : 0;
  return {
    layers: s.layers.length ? s.layers.map((l) => l.units) : Array(depth(s, vary)).fill(8),
    activation: s.layers[0]?.activation ?? 'relu',
    optimizer: s.optimizer,
    // Optimizers tried without a learning rate of their own take their default.
    learningRate: vary.includes('optimizer') && !vary.includes('lr') ? 0 : s.lr,
    batchSize: s.batch,
    epochs: s.epochs,
    l1,
    l2,
    dropout: s.dropout,
    augment: augmentOf(s, d),
  };
}

/** The rows that score the trials, in words. */
export function scoredOn(s, d) {
  const n = int(d.train.x.shape[0]);
  if (s.tuneFolds >= 2) return `${s.tuneFolds}-fold cross-validation on the ${n} training rows: each fold is held out once and scored by a model trained on the others`;
  return `a held-out ${pct(holdoutOf(s))} of the ${n} training rows`;
}

/** Without folds, the held-out share: the page's validation share (20 % when that is 0). */
function holdoutOf(s) {
  return s.valPct > 0 ? s.valPct / 100 : 0.2;
}

/**
 * gt.tune's options for the state on the data (the training rows only;
 * the callbacks and workers are the caller's). The refit is left out: the
 * best setting goes back to the page, whose model is made from the state.
 */
export function searchOptions(s, d, { workers } = {}) {
  const metric = metricFor(s, d);
  const o = {
    data: { x: d.train.x, y: d.train.target },
    loss: d.out.loss,
    metrics: [fitMetric(d.task.kind, d.out.loss)],
    space: spaceOf(s, d),
    base: baseOf(s, d),
    method: s.tuneMethod,
    trials: s.tuneTrials,
    metric,
    seed: s.tuneSeed,
    normalize: s.normalize,
    refit: false,
  };
  if (s.tuneFolds >= 2) {
    o.folds = s.tuneFolds;
    o.stratify = d.task.kind === 'classification' && d.out.target === 'index';
  } else o.holdout = holdoutOf(s);
  if (workers !== undefined) o.workers = workers;
  return o;
}

/** A trial's setting of what was varied, in words: "units 16·16, learning rate 0.01". */
export function paramText(p, vary) {
  const parts = [];
  for (const k of vary) {
    if (k === 'units') parts.push(`units ${p.layers.join('·') || 'none'}`);
    if (k === 'activation') parts.push(p.activation);
    if (k === 'optimizer') parts.push(p.optimizer);
    if (k === 'lr') parts.push(`learning rate ${num(p.learningRate)}`);
    if (k === 'batch') parts.push(`batch ${p.batchSize}`);
    if (k === 'l2') parts.push(`L2 ${num(p.l2)}`);
    if (k === 'dropout') parts.push(`dropout ${num(p.dropout)}`);
    if (k === 'augment') parts.push(`augmentation ${augmentText(p.augment)}`);
  }
  return parts.join(', ');
}

/**
 * The best trial's setting as a state patch: only what the search varied
 * (a layer keeps its own activation unless the activation varied).
 */
export function bestPatch(p, s, vary = s.tuneVary) {
  const patch = {};
  if (vary.includes('units') || vary.includes('activation')) {
    const widths = vary.includes('units') ? p.layers : s.layers.map((l) => l.units);
    patch.layers = widths.map((units, i) => ({ units, activation: vary.includes('activation') ? p.activation : s.layers[i]?.activation ?? p.activation }));
  }
  if (vary.includes('optimizer')) {
    patch.optimizer = p.optimizer;
    if (!vary.includes('lr')) patch.lr = DEFAULT_LR[p.optimizer];
  }
  if (vary.includes('lr')) patch.lr = p.learningRate;
  if (vary.includes('batch')) patch.batch = p.batchSize;
  if (vary.includes('l2')) Object.assign(patch, p.l2 > 0 ? { reg: 'l2', regRate: p.l2 } : { reg: 'none' });
  if (vary.includes('dropout')) patch.dropout = p.dropout;
  if (vary.includes('augment')) Object.assign(patch, augmentState(p.augment));
  return patch;
}
