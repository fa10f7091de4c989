// descriptions.js: what the factories return and fit takes, before Go sees
// it. gt.layers is built from the layer kinds the Go module describes (its
// layerKinds export: [{ kind, className, fields }]), gt.train from the
// optimizers it describes (optimizerKinds: [{ kind, fields }]); a field is
// { name, type, default | required } and, where Go bounds it, min, max,
// minExclusive, maxExclusive (numbers) or values (the names it accepts).
// Each kind becomes a factory (gt.layers[kind](config), gt.train[kind](...
// positional settings)) that checks its settings here, synchronously and in
// Go's own words, in both modes: the same error at the same call whether
// Go runs on this thread or in a worker. A new kind in Go appears here with
// no edit. gt.regularizers makes the values of fields of type
// 'regularizer'; gt.callbacks.earlyStopping and fit's callbacks objects,
// and how Go calls them inside its training loop (wrapCallbacks).

import { toMatrix } from './matrix.js';
import { cut, describe, options, unknownName } from './options.js';

// ---------------------------------------------------------------------------
// Settings checked against their descriptions, in the Go module's words
// (wasm/convert.go's option reads, core's Field.Check and RangeText): a
// test compares every message with Go's own.

/** core.MaxUnits: the widest layer and input (inputShape: [features]). */
export const MAX_UNITS = 65536;
const MAX_SAFE = 2 ** 53;

/** A value named as the Go module's describe() names it. */
export function describeGo(v) {
  switch (typeof v) {
    case 'string':
      return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
    case 'object':
      return v === null ? 'null' : Array.isArray(v) ? 'an array' : 'an object';
    case 'function':
      return 'a function';
    case 'symbol':
      return 'a symbol';
    case 'bigint':
      return 'a BigInt';
    default:
      return String(v);
  }
}

/** x as Go's %g prints it (strconv.FormatFloat(x, 'g', -1, 64)): 1e+09, 0.001, 1.5e-05, +Inf. */
export function goFloat(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  // toExponential() gives the shortest digits that read back as x.
  const [m, e] = Math.abs(x).toExponential().split('e');
  const digits = m.replace('.', '');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

const bounded = (f) => typeof f.min === 'number' || typeof f.max === 'number';

/** A field's bounds in words, as core's Field.RangeText: 'between 1 and 65536', 'in [0, 1)', 'at least 0'. */
export function rangeText(f) {
  const g = (x) => (f.type === 'int' ? String(x) : goFloat(x));
  const hasMin = typeof f.min === 'number';
  const hasMax = typeof f.max === 'number' && f.max !== Infinity;
  if (hasMin && hasMax) {
    if (f.minExclusive || f.maxExclusive) return `in ${f.minExclusive ? '(' : '['}${goFloat(f.min)}, ${goFloat(f.max)}${f.maxExclusive ? ')' : ']'}`;
    return `between ${g(f.min)} and ${g(f.max)}`;
  }
  if (hasMin) return `${f.minExclusive ? 'greater than' : 'at least'} ${g(f.min)}`;
  if (hasMax) return `${f.maxExclusive ? 'less than' : 'at most'} ${g(f.max)}`;
  return '';
}

/** Whether number v is within field f's bounds. */
function inRange(f, v) {
  if (typeof f.min === 'number' && !(f.minExclusive ? v > f.min : v >= f.min)) return false;
  if (typeof f.max === 'number' && !(f.maxExclusive ? v < f.max : v <= f.max)) return false;
  return true;
}

/** A name as core matches it: case and underscores ignored (leaky_relu is leakyRelu). */
const nameKey = (s) => s.replace(/_/g, '').toLowerCase();

const REGULARIZER_NAMES = ['l1', 'l2', 'l1l2', 'l1_l2'];
const MAX_REGULARIZER = 1e6;

/** Checks a number read as Go's opts.num reads it: a number, finite. */
function checkNumber(call, name, v) {
  if (typeof v !== 'number') throw new Error(`${call}: ${name} must be a number, got ${describeGo(v)}`);
  if (!Number.isFinite(v)) throw new Error(`${call}: ${name} must be a finite number, got ${goFloat(v)}`);
}

/** Checks setting v (given: not undefined or null) of field f against its type, as Go reads it. */
function checkType(call, f, v) {
  switch (f.type) {
    case 'int':
      if (typeof v !== 'number' || v !== Math.trunc(v) || Math.abs(v) > MAX_SAFE) {
        throw new Error(`${call}: ${f.name} must be an integer, got ${describeGo(v)}`);
      }
      return;
    case 'float':
      return checkNumber(call, f.name, v);
    case 'bool':
      if (typeof v !== 'boolean') throw new Error(`${call}: ${f.name} must be true or false, got ${describeGo(v)}`);
      return;
    case 'string':
    case 'activation':
    case 'initializer':
      if (typeof v !== 'string') throw new Error(`${call}: ${f.name} must be a string, got ${describeGo(v)}`);
      if (f.type !== 'string' && Array.isArray(f.values) && v !== '' && !f.values.some((n) => nameKey(n) === nameKey(v))) {
        throw new Error(`${call}: unknown ${f.type} '${cut(v)}' (known: ${f.values.join(', ')})`);
      }
      return;
    case 'regularizer':
      return checkRegularizer(call, f.name, v);
  }
}

/** A regularizer setting: a name, or { l1, l2 } factors between 0 and 1e6. */
function checkRegularizer(call, name, v) {
  if (typeof v === 'string') {
    if (!REGULARIZER_NAMES.includes(v)) throw new Error(`${call}: unknown regularizer '${cut(v)}' (known: l1, l2, l1l2)`);
    return;
  }
  if (typeof v !== 'object') throw new Error(`${call}: ${name} must be gt.regularizers.l1/l2/l1l2(...), got ${describeGo(v)}`);
  const r = regularizerSpec(v);
  for (const k of ['l1', 'l2']) if (r[k] !== undefined && r[k] !== null) checkNumber(`${call}: ${name}`, k, r[k]);
  const l1 = r.l1 ?? 0;
  const l2 = r.l2 ?? 0;
  if (!(l1 >= 0 && l2 >= 0 && l1 <= MAX_REGULARIZER && l2 <= MAX_REGULARIZER)) {
    throw new Error(`${call}: ${name}: regularizer factors must be between 0 and 1e6, got l1=${goFloat(l1)} l2=${goFloat(l2)}`);
  }
}

/** Checks the bounds of a number setting that has its type: "units must be between 1 and 65536, got -3". */
function checkBounds(call, f, v) {
  if ((f.type === 'int' || f.type === 'float') && typeof v === 'number' && bounded(f) && !inRange(f, v)) {
    throw new Error(`${call}: ${f.name} must be ${rangeText(f)}, got ${f.type === 'int' ? String(v) : goFloat(v)}`);
  }
}

/** A setting is given unless undefined or null (Go reads null as absent). */
const given = (v) => v !== undefined && v !== null;

/**
 * Checks settings (an object by field name) against fields in Go's order:
 * every given setting's type, then each field's presence and bounds.
 */
export function checkSettings(call, fields, settings) {
  for (const f of fields) if (given(settings[f.name])) checkType(call, f, settings[f.name]);
  for (const f of fields) {
    const v = settings[f.name];
    if (!given(v)) {
      if (f.required) throw new Error(`${call}: ${f.name} is required`);
      continue;
    }
    checkBounds(call, f, v);
  }
}

/** The options every layer takes: inputShape ([features]) or inputDim, and name. */
function checkCommon(call, c) {
  if (given(c.inputDim)) {
    const d = c.inputDim;
    if (typeof d !== 'number' || d !== Math.trunc(d) || Math.abs(d) > MAX_SAFE) throw new Error(`${call}: inputDim must be an integer, got ${describeGo(d)}`);
  } else if (c.inputShape !== undefined) {
    const s = c.inputShape;
    if (!Array.isArray(s)) throw new Error(`${call}: inputShape must be an array [features], got ${describeGo(s)}`);
    if (s.length !== 1) throw new Error(`${call}: inputShape must have one dimension, [features]; got ${s.length}`);
    const d = s[0];
    if (typeof d !== 'number' || d !== Math.trunc(d) || d < 1 || d > MAX_UNITS) {
      throw new Error(`${call}: inputShape must be [features] with features between 1 and ${MAX_UNITS}, got [${describeGo(d)}]`);
    }
  }
  if (given(c.name) && typeof c.name !== 'string') throw new Error(`${call}: name must be a string, got ${describeGo(c.name)}`);
}

/** After the fields: inputDim's range, as core's NewLayer checks it. */
function checkInputDim(call, c) {
  if (given(c.inputDim) && (c.inputDim < 0 || c.inputDim > MAX_UNITS)) {
    throw new Error(`${call}: inputShape must be between 1 and ${MAX_UNITS}, got ${c.inputDim}`);
  }
}

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
    layers[d.kind] = (config) => {
      options(d.kind, config, known);
      const c = { ...(config ?? {}) };
      checkCommon(d.kind, c);
      const layer = new Layer(d.kind, c, async, d.fields);
      const spec = layer._spec();
      checkSettings(d.kind, d.fields, spec);
      checkInputDim(d.kind, c);
      check?.(spec);
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

function optimizer(d, args, check) {
  const call = `train.${d.kind}`;
  const params = d.fields.map((f) => f.name);
  if (args.length > params.length) throw new Error(`${call}: takes at most ${params.length} arguments (${params.join(', ')})`);
  const config = {};
  params.forEach((p, i) => {
    if (args[i] !== undefined) config[p] = args[i];
  });
  checkSettings(call, d.fields, config);
  const o = new Optimizer(d.kind, config);
  check?.(o._spec());
  return o;
}

/**
 * gt.train from the module's description of its optimizers (optimizerKinds:
 * [{ kind, fields }], fields in the order the factory takes them; undefined
 * for a module that does not describe them). check (or null) validates an
 * optimizer's spec in Go.
 */
export function makeTrain(kinds, check) {
  const train = {};
  for (const d of kinds) train[d.kind] = (...args) => optimizer(d, args, check);
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
