// callbacks.js: fit's callbacks. A callbacks object has any of the six
// TF.js callback functions; gt.callbacks.earlyStopping({...}) is Keras'
// EarlyStopping, which Go runs itself. wrapCallbacks adapts a callbacks
// object to how Go calls it inside the training loop (main-thread mode and
// the worker's end).

import { describe, options, unknownName } from './options.js';

export const CALLBACK_NAMES = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd', 'onBatchBegin', 'onBatchEnd'];

/** The callbacks that worker mode awaits (batch callbacks arrive as messages, training goes on). */
export const AWAITED_CALLBACKS = ['onTrainBegin', 'onTrainEnd', 'onEpochBegin', 'onEpochEnd'];

/** earlyStopping's settings (fit's earlyStopping option and gt.callbacks.earlyStopping). */
export const EARLY_STOPPING_KEYS = ['monitor', 'patience', 'minDelta', 'restoreBestWeights', 'mode'];

/** gt.callbacks.earlyStopping({...}): usable in fit's callbacks list. */
export class EarlyStopping {
  constructor(config) {
    this.config = { ...options('callbacks.earlyStopping', config, EARLY_STOPPING_KEYS) };
  }
}

/** Normalizes fit's callbacks option into a list of objects / EarlyStopping. */
export function callbackList(cbs) {
  if (cbs === undefined || cbs === null) return [];
  const list = Array.isArray(cbs) ? cbs : [cbs];
  for (const c of list) {
    if (c instanceof EarlyStopping) continue;
    if (c === null || typeof c !== 'object') throw new Error(`fit: callbacks must be an object of functions (or an array of them), got ${describe(c)}`);
    for (const k of Object.keys(c)) {
      if (!CALLBACK_NAMES.includes(k)) throw unknownName('fit', 'callback', k, CALLBACK_NAMES);
      if (typeof c[k] !== 'function' && c[k] !== undefined && c[k] !== null) {
        throw new Error(`fit: callback ${k} must be a function, got ${describe(c[k])}`);
      }
    }
  }
  return list;
}

/**
 * Wraps a callbacks object for Go, which calls the wrappers synchronously
 * inside its training loop and reads their answer: 0 go on; 1 end this
 * slice after the current batch (the callback returned a promise, which is
 * put on state.pending for fit to await before the next slice); 2 stop
 * training (the callback threw: state.error, which fit rethrows).
 */
export function wrapCallbacks(obj, state) {
  const out = {};
  for (const name of CALLBACK_NAMES) {
    const f = obj[name];
    if (typeof f !== 'function') continue;
    const two = name !== 'onTrainBegin' && name !== 'onTrainEnd';
    out[name] = (a, b) => {
      if (state.error) return 2;
      try {
        const r = two ? f.call(obj, a, b) : f.call(obj, a);
        if (r !== null && typeof r === 'object' && typeof r.then === 'function') {
          state.pending.push(
            Promise.resolve(r).catch((e) => {
              state.error ??= e ?? new Error('fit: a callback promise rejected');
            }),
          );
          return 1;
        }
        return 0;
      } catch (e) {
        state.error = e ?? new Error(`fit: callback ${name} threw`);
        return 2;
      }
    };
  }
  return out;
}
