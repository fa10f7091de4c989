// regularizers.js: gt.regularizers.l1/l2/l1l2, kernel regularizers for
// layer fields of type 'regularizer' (Dense's kernelRegularizer). A layer
// field also takes the strings 'l1', 'l2' and 'l1l2' (factors 0.01).

import { describe, options } from './options.js';

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
