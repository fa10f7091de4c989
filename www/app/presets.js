// presets.js: settings the page can jump to in one click. Pure: state
// patches (state.js keys); tested by build/test/page_units.test.mjs.

import { augmentState } from './augment.js';

/**
 * The Keras example of the README and of every first course:
 *   Dense(64, relu) → Dense(64, relu) → Dense(1, sigmoid), Adam(0.001),
 *   binary_crossentropy, fit(epochs=10, batch_size=32)
 * with nothing added (no normalization, dropout or regularization). Its one
 * sigmoid unit needs two classes: on other data it switches to the circle.
 * @param {{task: {kind: string, classes: number}}|null} data the current data
 */
export function kerasExample(data) {
  const binary = data?.task.kind === 'classification' && data.task.classes === 2;
  return {
    ...(binary ? {} : { dataset: 'circle', label: '' }),
    normalize: false,
    features: ['x1', 'x2'],
    layers: [
      { units: 64, activation: 'relu' },
      { units: 64, activation: 'relu' },
    ],
    dropout: 0,
    reg: 'none',
    optimizer: 'adam',
    lr: 0.001,
    loss: 'binaryCrossentropy',
    batch: 32,
    epochs: 10,
    earlyStop: false,
    // No augmentation: Keras' example trains on the rows as they are.
    ...augmentState(null),
  };
}
