// optimizers.js: gt.train.sgd/momentum/adam/rmsprop/adagrad, an optimizer
// and its settings for compile, with positional arguments as in TF.js
// (learning rate first). Go checks the values (at once in main-thread mode,
// at compile in worker mode).

import { describe } from './options.js';

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
