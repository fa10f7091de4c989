// teaching.js: the numbers a course's lessons show that are not one model's,
// each computed in Go: activation curves (gt.activations.curve), ROC and
// precision–recall curves (gt.metrics.roc, gt.metrics.precisionRecall) and
// TF Playground's feature inputs (gt.data.features). api.js puts them in
// the gt object; a model's own numbers (model.trace, evaluateReport's
// threshold) are model.js'.

import { isMatrixLike, revive, toDataset, toMatrix } from './matrix.js';
import { describe, options } from './options.js';

/** Numbers as a Float64Array: number[], a typed array, or a one-column matrix. */
function numbers(call, name, v) {
  if (isMatrixLike(v)) {
    if (v.shape[1] !== 1) throw new Error(`${call}: ${name} must be one column, got shape [${v.shape}]`);
    return v.data instanceof Float64Array ? v.data : Float64Array.from(v.data);
  }
  if (Array.isArray(v)) {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'number') throw new Error(`${call}: ${name}[${i}] is ${describe(v[i])}, not a number`);
      out[i] = v[i];
    }
    return out;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v instanceof Float64Array ? v : Float64Array.from(v);
  throw new Error(`${call}: ${name} must be numbers (number[] or a typed array), got ${describe(v)}`);
}

/**
 * The teaching parts of the gt object over transport t; run is api.js'
 * flow for t's mode.
 */
export function teachingAPI(t, run) {
  return {
    activations: {
      /**
       * f(z) and f′(z) of an activation at each z: { z, a, dadz }
       * (Float64Arrays). Softmax: component 0 of softmax([z, ...others]),
       * others default [0].
       */
      curve(name, z, opts) {
        return run(function* () {
          const o = options('activationCurve', opts, ['others']);
          const spec = o.others === undefined ? undefined : { others: numbers('activationCurve', 'others', o.others) };
          return yield t.call('activationCurve', name, numbers('activationCurve', 'z', z), spec);
        });
      },
    },
    metrics: {
      /** The ROC curve: { fpr, tpr, thresholds (Float64Arrays), auc }. yTrue 0/1, yScore the scores. */
      roc(yTrue, yScore) {
        return run(function* () {
          return yield t.call('roc', numbers('roc', 'yTrue', yTrue), numbers('roc', 'yScore', yScore));
        });
      },
      /** The precision–recall curve: { precision, recall, thresholds (Float64Arrays), averagePrecision, auc }. */
      precisionRecall(yTrue, yScore) {
        return run(function* () {
          const call = 'precisionRecall';
          return yield t.call(call, numbers(call, 'yTrue', yTrue), numbers(call, 'yScore', yScore));
        });
      },
    },
    data: {
      /**
       * TF Playground's feature inputs: a Matrix of one column per name
       * ('x1', 'x1^2', 'x1*x2', 'sin(x1)', 'cos(x1)'; columns from x1) of
       * the matrix x, or of a dataset's x (then a dataset with that x and
       * the names as featureNames).
       */
      features(x, names) {
        return run(function* () {
          if (!Array.isArray(names)) throw new Error(`features: names must be an array of feature names such as ['x1', 'x2', 'x1^2'], got ${describe(names)}`);
          const isDataset = x !== null && typeof x === 'object' && !isMatrixLike(x) && !Array.isArray(x) && x.x !== undefined;
          if (!isDataset) return revive(yield t.call('features', toMatrix('features', 'x', x), names));
          const ds = toDataset('features', x);
          const fx = revive(yield t.call('features', ds.x, names));
          return { ...ds, x: fx, featureNames: [...names] };
        });
      },
    },
  };
}
