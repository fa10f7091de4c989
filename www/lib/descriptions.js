// descriptions.js: what the factories return and fit takes, before Go sees
// it. gt.layers is built from the layer kinds the Go module describes (its
// layerKinds export: [{ kind, className, fields: [{ name, type, default |
// required }] }]): each kind becomes a factory gt.layers[kind](config) that
// accepts the kind's fields plus name, inputShape and inputDim, names an
// unknown option (with a did-you-mean) or a missing required field, and
// returns a Layer; a new layer kind in Go appears here with no edit.
// gt.regularizers makes the values of fields of type 'regularizer';
// gt.train the optimizers compile takes (positional arguments as in TF.js,
// learning rate first); gt.callbacks.earlyStopping and fit's callbacks
// objects, and how Go calls them inside its training loop (wrapCallbacks).
// Go checks the values: at once in main-thread mode, when used in worker
// mode.

import { toMatrix } from './matrix.js';
import { describe, options, unknownName } from './options.js';

// ---------------------------------------------------------------------------
// Layers

/** Options every layer kind takes besides its own fields. */
export const COMMON_LAYER_FIELDS = ['name', 'inputShape', 'inputDim'];

/** A layer description: gt.layers.dense(...) etc. Bound to a model by model.add. */
export class Layer {
  /**
   * @param {string} kind the layer kind ('dense', …)
   * @param {object} config the options as given
   * @param {boolean} async worker mode (adapt returns a Promise)
   * @param {{ name: string, type: string }[]} [fields] the kind's field table
   */
  constructor(kind, config, async, fields = []) {
    this.kind = kind;
    this.config = config;
    this._async = async;
    this._fields = fields;
    this._model = null;
    this._index = -1;
    this._pendingAdapt = null;
  }

  /** The layer's name: given, or the one the model gave it (null before add). */
  get name() {
    if (this._model) return this._model._layerInfo(this._index)?.name ?? null;
    return this.config.name ?? null;
  }

  getConfig() {
    return { ...this.config };
  }

  /**
   * Normalization layers only: learn each column's mean and variance from x.
   * In a model it adapts at once; before add, the data is kept and the layer
   * adapts when added (so `norm.adapt(x); model.add(norm)` works as in Keras).
   */
  adapt(x) {
    if (this.kind !== 'normalization') throw new Error(`adapt: only normalization layers adapt, not ${this.kind}`);
    const m = toMatrix('adapt', 'x', x);
    if (this._model) return this._model._adapt(this._index, m);
    this._pendingAdapt = m;
    return this._async ? Promise.resolve() : undefined;
  }

  /** The plain spec Go reads: { kind, ...config }, regularizers as { l1, l2 }. */
  _spec() {
    const spec = { kind: this.kind, ...this.config };
    for (const f of this._fields) {
      if (f.type === 'regularizer' && spec[f.name] !== undefined) spec[f.name] = regularizerSpec(spec[f.name]);
    }
    return spec;
  }
}

/** Called by model.add: the layer is the model's layer index from now on (any object isLayer accepts). */
export function bindLayer(layer, model, index) {
  layer._model = model;
  layer._index = index;
  layer._pendingAdapt = null;
}

/** Whether v can be added to a model: a Layer, or an object with a kind and a _spec(). */
export function isLayer(v) {
  return v instanceof Layer || (v !== null && typeof v === 'object' && typeof v.kind === 'string' && typeof v._spec === 'function');
}

/**
 * gt.layers from the module's description of its layer kinds. check (or
 * null) validates a layer's spec in Go; async: worker mode.
 */
export function makeLayers(kinds, check, async) {
  if (!Array.isArray(kinds)) throw new Error('load: the gotrain module describes no layer kinds (is gotrain.wasm older than gotrain.js?)');
  const layers = {};
  for (const d of kinds) {
    const own = d.fields.map((f) => f.name);
    const known = [...own, ...COMMON_LAYER_FIELDS.filter((n) => !own.includes(n))];
    const required = d.fields.filter((f) => f.required).map((f) => f.name);
    layers[d.kind] = (config) => {
      options(d.kind, config, known);
      for (const name of required) {
        if (config?.[name] === undefined) throw new Error(`${d.kind}: ${name} is required`);
      }
      const layer = new Layer(d.kind, { ...(config ?? {}) }, async, d.fields);
      check?.(layer._spec());
      return layer;
    };
  }
  return layers;
}

// ---------------------------------------------------------------------------
// Regularizers

/** A kernel regularizer: gt.regularizers.l1/l2/l1l2. */
export class Regularizer {
  constructor(l1, l2) {
    this.l1 = l1;
    this.l2 = l2;
  }
}

function regularizer(call, cfg, keys, defaults) {
  if (typeof cfg === 'number') {
    if (keys.length !== 1) throw new Error(`${call}: give { l1, l2 }`);
    cfg = { [keys[0]]: cfg };
  }
  options(call, cfg, keys);
  const v = { ...defaults, ...(cfg ?? {}) };
  for (const k of keys) {
    if (typeof v[k] !== 'number' || !(v[k] >= 0) || !Number.isFinite(v[k])) {
      throw new Error(`${call}: ${k} must be a number ≥ 0, got ${describe(v[k])}`);
    }
  }
  return new Regularizer(v.l1 ?? 0, v.l2 ?? 0);
}

/** gt.regularizers: each takes its factor(s) as { l1, l2 } (or l1/l2 as a number); default 0.01. */
export const regularizers = {
  l1: (cfg) => regularizer('regularizers.l1', cfg, ['l1'], { l1: 0.01 }),
  l2: (cfg) => regularizer('regularizers.l2', cfg, ['l2'], { l2: 0.01 }),
  l1l2: (cfg) => regularizer('regularizers.l1l2', cfg, ['l1', 'l2'], { l1: 0.01, l2: 0.01 }),
};

/** What Go reads for a regularizer field: { l1, l2 } for an object, else the value as given. */
export function regularizerSpec(r) {
  return r !== undefined && r !== null && typeof r === 'object' ? { l1: r.l1 ?? 0, l2: r.l2 ?? 0 } : r;
}

// ---------------------------------------------------------------------------
// Optimizers

/** An optimizer with its settings: gt.train.adam(...) etc. */
export class Optimizer {
  constructor(name, config) {
    this.name = name;
    this.config = config;
  }

  /** The plain spec Go reads: { name, ...settings }. */
  _spec() {
    return { name: this.name, ...this.config };
  }
}

/** The settings of each optimizer, in the order its factory takes them. */
export const OPTIMIZER_PARAMS = Object.freeze({
  sgd: ['learningRate'],
  momentum: ['learningRate', 'momentum', 'nesterov'],
  adam: ['learningRate', 'beta1', 'beta2', 'epsilon'],
  rmsprop: ['learningRate', 'rho', 'momentum', 'epsilon'],
  adagrad: ['learningRate', 'initialAccumulatorValue'],
});

/** Every key compile accepts in an optimizer given as an object ({ name, learningRate, ... }). */
export const OPTIMIZER_KEYS = ['name', ...new Set(Object.values(OPTIMIZER_PARAMS).flat())];

function optimizer(name, args, check) {
  const params = OPTIMIZER_PARAMS[name];
  const config = {};
  params.forEach((p, i) => {
    if (args[i] !== undefined) config[p] = args[i];
  });
  if (args.length > params.length) throw new Error(`train.${name}: takes at most ${params.length} arguments (${params.join(', ')})`);
  for (const [k, v] of Object.entries(config)) {
    if (k === 'nesterov' ? typeof v !== 'boolean' : typeof v !== 'number') {
      throw new Error(`train.${name}: ${k} must be a ${k === 'nesterov' ? 'boolean' : 'number'}, got ${describe(v)}`);
    }
  }
  const o = new Optimizer(name, config);
  check?.(o._spec());
  return o;
}

/** gt.train; check (or null) validates an optimizer's spec in Go. */
export function makeTrain(check) {
  const train = {};
  for (const name of Object.keys(OPTIMIZER_PARAMS)) train[name] = (...args) => optimizer(name, args, check);
  return train;
}

// ---------------------------------------------------------------------------
// Callbacks

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
