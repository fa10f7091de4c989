// layers.js: gt.layers, built from the layer kinds the Go module describes
// (its layerKinds export: [{ kind, className, fields: [{ name, type,
// default | required }] }]). Each kind becomes a factory gt.layers[kind](config)
// that accepts the kind's fields plus name, inputShape and inputDim, names
// an unknown option (with a did-you-mean) or a missing required field, and
// returns a Layer description; Go checks the values (at once in main-thread
// mode, when the layer is added in worker mode). A new layer kind in Go
// appears here with no edit.

import { toMatrix } from './matrix.js';
import { options } from './options.js';
import { regularizerSpec } from './regularizers.js';

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
