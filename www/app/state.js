// state.js: the playground's one state table and its URL-hash form.
//
// Every setting a user can change lives in one flat object whose keys are
// those of SCHEMA. serialise() writes it as a URL hash (URLSearchParams
// syntax, keys in SCHEMA order, every key written so that a link means the
// same run even if defaults change later); parse() reads a hash back,
// replacing anything missing or invalid by its default and saying why.
// Pure: no DOM, no API; tested by build/test/page_units.test.mjs.

import { LESSON_IDS } from './lessons.js';

/** TF Playground's 2-D sets: five of two classes, then two regression sets (one target per point). */
export const DATASETS_2D = ['circle', 'xor', 'gaussian', 'spiral', 'moons', 'plane', 'multiGaussian'];
export const DATASETS_REGRESSION = ['plane', 'multiGaussian'];
export const DATASETS_REAL = ['iris', 'breast_cancer', 'digits'];
/** 'csv' is the user's own file; it cannot travel in a link. */
export const DATASETS = [...DATASETS_2D, ...DATASETS_REAL, 'csv'];
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear', 'leakyRelu', 'elu', 'softplus'];
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop', 'adagrad'];
export const LOSSES = [
  'auto',
  'binaryCrossentropy',
  'sparseCategoricalCrossentropy',
  'categoricalCrossentropy',
  'meanSquaredError',
  'meanAbsoluteError',
];
export const REGULARIZERS = ['none', 'l1', 'l2', 'l1l2'];

/**
 * Each optimizer's learning rate when none is given, as Keras has them (and
 * TF.js' strings, API.md): the page's learning rate starts at Adam's and
 * follows the optimizer until the user sets one of their own.
 */
export const DEFAULT_LR = { sgd: 0.01, momentum: 0.01, adam: 0.001, rmsprop: 0.001, adagrad: 0.01 };

/**
 * TF Playground's feature inputs of a 2-D set, as the link writes them
 * (id) and as gt.data.features names them (api). x1 and x2 are the plane's
 * coordinates; the others are computed from them by the API.
 */
export const FEATURES = [
  { id: 'x1', api: 'x1', label: 'x₁' },
  { id: 'x2', api: 'x2', label: 'x₂' },
  { id: 'x1sq', api: 'x1^2', label: 'x₁²' },
  { id: 'x2sq', api: 'x2^2', label: 'x₂²' },
  { id: 'x1x2', api: 'x1*x2', label: 'x₁x₂' },
  { id: 'sinx1', api: 'sin(x1)', label: 'sin x₁' },
  { id: 'sinx2', api: 'sin(x2)', label: 'sin x₂' },
];
export const FEATURE_IDS = FEATURES.map((f) => f.id);
/** The API's names of the chosen feature ids, in FEATURES order. */
export const featureApiNames = (ids) => FEATURES.filter((f) => ids.includes(f.id)).map((f) => f.api);
/** True when the ids are the plane's own coordinates only (no transform needed). */
export const plainFeatures = (ids) => ids.length === 2 && ids.includes('x1') && ids.includes('x2');

/**
 * What the "Search settings" panel may vary (gt.tune's space; tunespace.js
 * gives each its values): hidden units, activation, optimizer, learning
 * rate, batch size, L2, dropout, augmentation.
 */
export const TUNE_VARY = ['units', 'activation', 'optimizer', 'lr', 'batch', 'l2', 'dropout', 'augment'];
/** The search's score: the validation loss, or the page's metric on held-out training rows. */
export const TUNE_METRICS = ['val_loss', 'accuracy', 'mae', 'mse'];

export const MAX_LAYERS = 6;
export const MAX_UNITS = 128;

/**
 * The state table. type: 'enum' | 'int' | 'number' | 'bool' | 'string' | 'layers' | 'set'
 * (a non-empty subset of values, written "a,b" in values' order).
 * label is the control's accessible name in the page.
 */
export const SCHEMA = {
  dataset: { type: 'enum', values: DATASETS, default: 'circle', label: 'Dataset' },
  noise: { type: 'number', min: 0, max: 0.5, step: 0.01, default: 0.05, label: 'Noise' },
  size: { type: 'int', min: 50, max: 2000, step: 50, default: 500, label: 'Number of points' },
  testPct: { type: 'int', min: 10, max: 90, step: 5, default: 30, label: 'Test data (%)' },
  valPct: { type: 'int', min: 0, max: 50, step: 5, default: 20, label: 'Validation (% of training data)' },
  features: { type: 'set', values: FEATURE_IDS, default: ['x1', 'x2'], label: 'Feature inputs' },
  label: { type: 'string', default: '', label: 'Label column' },
  labelAs: { type: 'enum', values: ['auto', 'regression'], default: 'auto', label: 'Labels as' },
  normalize: { type: 'bool', default: false, label: 'Normalize inputs' },
  layers: {
    type: 'layers',
    default: [
      { units: 8, activation: 'tanh' },
      { units: 8, activation: 'tanh' },
    ],
    label: 'Hidden layers',
  },
  dropout: { type: 'number', min: 0, max: 0.9, step: 0.05, default: 0, label: 'Dropout rate' },
  reg: { type: 'enum', values: REGULARIZERS, default: 'none', label: 'Regularization' },
  regRate: { type: 'number', min: 0, max: 1, step: 0.0001, default: 0.001, label: 'Regularization rate' },
  optimizer: { type: 'enum', values: OPTIMIZERS, default: 'adam', label: 'Optimizer' },
  lr: { type: 'number', min: 0.00001, max: 10, step: 0.0001, default: 0.001, label: 'Learning rate' },
  batch: { type: 'int', min: 1, max: 1024, step: 1, default: 16, label: 'Batch size' },
  epochs: { type: 'int', min: 1, max: 10000, step: 1, default: 100, label: 'Epochs' },
  earlyStop: { type: 'bool', default: false, label: 'Early stopping' },
  patience: { type: 'int', min: 1, max: 1000, step: 1, default: 10, label: 'Patience (epochs)' },
  loss: { type: 'enum', values: LOSSES, default: 'auto', label: 'Loss' },
  showTest: { type: 'bool', default: false, label: 'Show test data' },
  discretize: { type: 'bool', default: false, label: 'Discretize output' },
  threshold: { type: 'number', min: 0, max: 1, step: 0.01, default: 0.5, label: 'Threshold' },
  seed: { type: 'int', min: 0, max: 2147483647, step: 1, default: 1, label: 'Seed' },
  // Augmentation (fit's augment option; augment.js): 0 is off. Shift,
  // rotate and zoom apply to images (digits, declared 8×8) only.
  augJitter: { type: 'number', min: 0, max: 1, step: 0.01, default: 0, label: 'Jitter' },
  augShift: { type: 'number', min: 0, max: 3, step: 0.25, default: 0, label: 'Shift (pixels)' },
  augRotate: { type: 'number', min: 0, max: 45, step: 1, default: 0, label: 'Rotate (degrees)' },
  augScale: { type: 'number', min: 0, max: 0.5, step: 0.05, default: 0, label: 'Zoom (±)' },
  augMixup: { type: 'number', min: 0, max: 1, step: 0.05, default: 0, label: 'Mixup' },
  // The hyperparameter search (tunepanel.js); its workers are the
  // machine's, not the link's (the table is the same with any number).
  tuneVary: { type: 'set', values: TUNE_VARY, default: ['units', 'lr'], label: 'Vary' },
  tuneMethod: { type: 'enum', values: ['grid', 'random'], default: 'grid', label: 'Search' },
  tuneTrials: { type: 'int', min: 1, max: 100, step: 1, default: 8, label: 'Trials' },
  tuneFolds: { type: 'int', min: 0, max: 10, step: 1, default: 3, label: 'Folds' },
  tuneMetric: { type: 'enum', values: TUNE_METRICS, default: 'val_loss', label: 'Score' },
  tuneSeed: { type: 'int', min: 0, max: 2147483647, step: 1, default: 1, label: 'Search seed' },
  lesson: { type: 'enum', values: ['none', ...LESSON_IDS], default: 'none', label: 'Lesson' },
  step: { type: 'int', min: 1, max: 20, step: 1, default: 1, label: 'Lesson step' },
};

export const KEYS = Object.keys(SCHEMA);

/** A fresh state holding every default (layers deep-copied). */
export function defaults() {
  const s = {};
  for (const k of KEYS) s[k] = copyValue(SCHEMA[k].default);
  return s;
}

function copyValue(v) {
  return Array.isArray(v) ? v.map((l) => (typeof l === 'object' ? { ...l } : l)) : v;
}

/** Writes layers as "8:tanh,8:tanh" ("" for no hidden layer). */
export function layersToString(layers) {
  return layers.map((l) => `${l.units}:${l.activation}`).join(',');
}

/** Reads "8:tanh,4:relu"; throws an Error naming the bad part. */
export function layersFromString(text) {
  const t = text.trim();
  if (t === '') return [];
  const parts = t.split(',');
  if (parts.length > MAX_LAYERS) throw new Error(`at most ${MAX_LAYERS} hidden layers, got ${parts.length}`);
  return parts.map((p) => {
    const [u, a = 'relu'] = p.split(':');
    if (!/^\d+$/.test(u.trim())) throw new Error(`'${p}': units must be a whole number`);
    const units = Number(u);
    if (units < 1 || units > MAX_UNITS) throw new Error(`'${p}': units must be between 1 and ${MAX_UNITS}`);
    const activation = ACTIVATIONS.find((n) => n.toLowerCase() === a.trim().toLowerCase());
    if (!activation) throw new Error(`'${p}': unknown activation '${a}'`);
    return { units, activation };
  });
}

/**
 * Checks one value against its schema entry. Returns { value } or { error }.
 * Numbers given as strings are parsed; ints must be whole.
 */
export function coerce(key, raw) {
  const spec = SCHEMA[key];
  if (!spec) return { error: `unknown setting '${key}'` };
  switch (spec.type) {
    case 'enum': {
      const v = spec.values.find((n) => n.toLowerCase() === String(raw).toLowerCase());
      return v ? { value: v } : { error: `${key}: '${raw}' is not one of ${spec.values.join(', ')}` };
    }
    case 'int':
    case 'number': {
      const str = String(raw).trim();
      const v = str === '' ? NaN : Number(str);
      if (!Number.isFinite(v)) return { error: `${key}: '${raw}' is not a number` };
      if (spec.type === 'int' && !Number.isInteger(v)) return { error: `${key}: '${raw}' is not a whole number` };
      if (v < spec.min || v > spec.max) return { error: `${key}: ${v} is outside ${spec.min}..${spec.max}` };
      return { value: v };
    }
    case 'bool': {
      const s = String(raw).toLowerCase();
      if (raw === true || s === '1' || s === 'true') return { value: true };
      if (raw === false || s === '0' || s === 'false') return { value: false };
      return { error: `${key}: '${raw}' is not 0 or 1` };
    }
    case 'string':
      return { value: String(raw).slice(0, 200) };
    case 'set': {
      const parts = Array.isArray(raw) ? raw.map(String) : String(raw).split(',').map((t) => t.trim()).filter(Boolean);
      const bad = parts.find((t) => !spec.values.includes(t));
      if (bad !== undefined) return { error: `${key}: '${bad}' is not one of ${spec.values.join(', ')}` };
      if (!parts.length) return { error: `${key}: choose at least one` };
      return { value: spec.values.filter((v) => parts.includes(v)) };
    }
    case 'layers':
      try {
        return { value: Array.isArray(raw) ? layersFromString(layersToString(raw)) : layersFromString(String(raw)) };
      } catch (e) {
        return { error: `${key}: ${e.message}` };
      }
  }
  return { error: `${key}: bad schema type` };
}

function valueToString(key, v) {
  const spec = SCHEMA[key];
  if (spec.type === 'layers') return layersToString(v);
  if (spec.type === 'set') return spec.values.filter((x) => v.includes(x)).join(',');
  if (spec.type === 'bool') return v ? '1' : '0';
  return String(v);
}

/** state → "dataset=circle&noise=0.05&…" (no leading '#'). */
export function serialise(state) {
  const p = new URLSearchParams();
  for (const k of KEYS) p.set(k, valueToString(k, state[k] ?? SCHEMA[k].default));
  // URLSearchParams writes ',' and ':' percent-encoded; they are legal in a fragment.
  return p.toString().replace(/%2C/gi, ',').replace(/%3A/gi, ':');
}

/**
 * "#dataset=xor&…" or "dataset=xor&…" → { state, errors, keys }. Missing
 * keys take their defaults silently (keys lists those present); invalid ones
 * take their defaults and add an error message; unknown keys are ignored.
 */
export function parse(hash) {
  const state = defaults();
  const errors = [];
  const keys = new Set();
  const text = String(hash || '').replace(/^#/, '');
  const p = new URLSearchParams(text);
  for (const k of KEYS) {
    if (!p.has(k)) continue;
    keys.add(k);
    const r = coerce(k, p.get(k));
    if ('error' in r) errors.push(r.error);
    else state[k] = r.value;
  }
  return { state, errors, keys };
}

/** True when two states serialise alike. */
export function sameState(a, b) {
  return serialise(a) === serialise(b);
}

/** Keys whose change means the data must be made again. */
export const DATA_KEYS = ['dataset', 'noise', 'size', 'testPct', 'valPct', 'features', 'label', 'labelAs', 'seed'];
/** Keys that change only what is drawn. */
export const VIEW_KEYS = ['showTest', 'discretize'];
/** The threshold: the evaluation again (validation rows), nothing else. */
export const THRESHOLD_KEYS = ['threshold'];
/** fit's augment settings (augment.js). */
export const AUGMENT_KEYS = ['augJitter', 'augShift', 'augRotate', 'augScale', 'augMixup'];
/**
 * Keys whose change means a new model (weights start again). Augmentation
 * too, so that a run with it and one without start alike and compare.
 */
export const MODEL_KEYS = ['normalize', 'layers', 'dropout', 'reg', 'regRate', 'optimizer', 'lr', 'loss', 'seed', ...AUGMENT_KEYS];

/** Which of the given keys differ between two states. */
export function changedKeys(a, b) {
  return KEYS.filter((k) => valueToString(k, a[k]) !== valueToString(k, b[k]));
}
