// specs.js: turns the arguments of a call into what Go reads, checking in
// JavaScript what Go cannot see (unknown option names, functions, the
// shape of JavaScript values). Go checks the values themselves and names
// the problem; both name the call.

import { callbackList, describeGo, EarlyStopping, EARLY_STOPPING_KEYS, Optimizer, OPTIMIZER_KEYS } from './descriptions.js';
import { toFloat64, toMatrix, toVector } from './matrix.js';
import { describe, jsonString, options } from './options.js';

// Limits checked before a string is copied into the module (core's limits).
export const MAX_MODEL_JSON = 64 * 2 ** 20;
export const MAX_CSV = 2 ** 30;

const FIT_KEYS = ['epochs', 'batchSize', 'shuffle', 'validationSplit', 'validationData', 'callbacks', 'earlyStopping', 'yieldEvery', 'verbose', 'terminateOnNaN', 'augment'];
/** fit's augment settings (core's AugmentConfig; Go checks the values). */
export const AUGMENT_KEYS = ['jitter', 'imageShape', 'shift', 'rotate', 'scale', 'fill', 'mixup'];
const COMPILE_KEYS = ['optimizer', 'loss', 'metrics'];

/** modelFromJSON's argument: the string toJSON returns, or its parsed object. */
export function jsonText(json) {
  const s = typeof json === 'string' ? json : json !== null && typeof json === 'object' ? jsonString('modelFromJSON', 'the model object', json) : json;
  if (typeof s !== 'string') throw new Error(`modelFromJSON: expected the string model.toJSON() returns (or its parsed object), got ${describe(json)}`);
  if (s.length > MAX_MODEL_JSON) throw new Error(`modelFromJSON: the JSON is larger than ${MAX_MODEL_JSON} bytes`);
  return s;
}

/** parseCSV's text. */
export function csvText(text) {
  if (typeof text !== 'string') throw new Error(`parseCSV: expected the CSV text as a string, got ${describe(text)}`);
  if (text.length > MAX_CSV) throw new Error(`parseCSV: file too large (the limit is ${MAX_CSV} bytes)`);
  return text;
}

/** compile's { optimizer, loss, metrics }: the optimizer as a name or { name, ...settings }. */
export function compileSpec(cfg) {
  options('compile', cfg, COMPILE_KEYS);
  if (cfg === undefined || cfg === null) throw new Error('compile: expected { optimizer, loss, metrics }');
  const spec = { loss: cfg.loss };
  let opt = cfg.optimizer;
  if (opt instanceof Optimizer || (opt && typeof opt._spec === 'function')) opt = opt._spec();
  else if (opt !== null && typeof opt === 'object') options('compile: optimizer', opt, OPTIMIZER_KEYS, 'setting');
  spec.optimizer = opt;
  if (cfg.loss !== undefined && typeof cfg.loss !== 'string') {
    throw new Error(`compile: loss must be a name such as 'meanSquaredError', got ${describe(cfg.loss)}`);
  }
  let metrics = cfg.metrics;
  if (typeof metrics === 'string') metrics = [metrics];
  // Go's own check and words, here so that worker mode gives them too (a function cannot be sent to it).
  if (Array.isArray(metrics)) {
    metrics.forEach((m, i) => {
      if (typeof m !== 'string') throw new Error(`compile: metrics[${i}] must be a string, got ${describeGo(m)}`);
    });
  }
  spec.metrics = metrics;
  return spec;
}

/**
 * fit's yieldEvery as [mode, budget ms] for Go's fitRun: 'auto' (default:
 * slices of autoMs), 'batch', 'epoch', 'never' or a number of milliseconds.
 */
export function sliceMode(y, autoMs) {
  if (y === undefined || y === 'auto') return ['auto', autoMs];
  if (y === 'batch' || y === 'epoch' || y === 'never') return [y, 0];
  if (typeof y === 'number' && y > 0 && Number.isFinite(y)) return ['auto', y];
  throw new Error(`fit: yieldEvery must be 'auto', 'batch', 'epoch', 'never' or a number of milliseconds, got ${describe(y)}`);
}

/**
 * fit's arguments: { x, y, spec (what Go's fitStart reads), callbacks
 * (callback objects, and EarlyStopping as { earlyStopping: settings }),
 * yieldEvery }.
 */
export function fitSpec(x, y, opts) {
  const o = options('fit', opts, FIT_KEYS);
  if (o.verbose !== undefined && ![0, 1, 2].includes(o.verbose)) throw new Error(`fit: verbose must be 0, 1 or 2 (gotrain never prints), got ${describe(o.verbose)}`);
  const spec = {
    epochs: o.epochs,
    batchSize: o.batchSize,
    shuffle: o.shuffle,
    validationSplit: o.validationSplit,
    terminateOnNaN: o.terminateOnNaN,
  };
  if (o.validationData !== undefined) {
    if (!Array.isArray(o.validationData) || o.validationData.length !== 2) {
      throw new Error('fit: validationData must be [x, y]');
    }
    spec.validationData = [
      toMatrix('fit', 'validationData x', o.validationData[0]),
      toMatrix('fit', 'validationData y', o.validationData[1], { vector: true }),
    ];
  }
  if (o.augment !== undefined && o.augment !== null) spec.augment = { ...options('fit: augment', o.augment, AUGMENT_KEYS, 'setting') };
  if (o.earlyStopping !== undefined) spec.earlyStopping = { ...options('fit: earlyStopping', o.earlyStopping, EARLY_STOPPING_KEYS, 'setting') };
  const f = {
    x: toMatrix('fit', 'x', x),
    y: toMatrix('fit', 'y', y, { vector: true }),
    spec,
    callbacks: callbackList(o.callbacks).map((c) => (c instanceof EarlyStopping ? { earlyStopping: c.config } : c)),
    yieldEvery: o.yieldEvery,
  };
  sliceMode(f.yieldEvery, 0); // checked here, where the caller's mistake is
  return f;
}

/** setWeights' list: [{ name, shape, data }] as getWeights returns it, data as Float64Array or number[]. */
export function weightList(list) {
  if (!Array.isArray(list)) throw new Error(`setWeights: expected an array like getWeights() returns, got ${describe(list)}`);
  return list.map((w, i) => {
    if (Array.isArray(w) || (ArrayBuffer.isView(w) && !(w instanceof DataView))) return { data: toVector('setWeights', `weights[${i}]`, w) };
    if (w === null || typeof w !== 'object' || w.data === undefined) {
      throw new Error(`setWeights: weights[${i}] must be { name, shape, data }, got ${describe(w)}`);
    }
    const data = Array.isArray(w.data) ? toVector('setWeights', `weights[${i}].data`, w.data) : ArrayBuffer.isView(w.data) ? toFloat64(w.data) : null;
    if (!data) throw new Error(`setWeights: weights[${i}].data must be a Float64Array or number[]`);
    return { name: w.name, shape: w.shape, data };
  });
}
