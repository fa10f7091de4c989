// task.js: what the output layer and the loss are for a dataset, as Keras
// users set them up: 2 classes → 1 sigmoid unit with binaryCrossentropy;
// k > 2 classes → k softmax units with sparseCategoricalCrossentropy;
// numeric targets → 1 linear unit with meanSquaredError. A loss chosen by
// the user overrides the automatic one and the output layer follows it.
// Pure; unit-tested in page_units.test.mjs.

/**
 * @param {{kind: 'classification'|'regression', classes: number}} task
 * @param {string} loss 'auto' or a loss name
 * @returns {{units: number, activation: string, loss: string, target: 'index'|'onehot'|'value'}}
 *   target says how labels are fed: class indices, one-hot rows, or values.
 */
export function outputFor(task, loss = 'auto') {
  const k = task.classes;
  if (task.kind === 'regression') {
    const l = loss === 'meanAbsoluteError' ? loss : 'meanSquaredError';
    return { units: 1, activation: 'linear', loss: l, target: 'value' };
  }
  switch (loss) {
    case 'auto':
      return k <= 2
        ? { units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', target: 'index' }
        : { units: k, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', target: 'index' };
    case 'binaryCrossentropy':
      // More than two classes: one sigmoid per class (one-vs-rest), as Keras would need.
      return k <= 2
        ? { units: 1, activation: 'sigmoid', loss, target: 'index' }
        : { units: k, activation: 'sigmoid', loss, target: 'onehot' };
    case 'sparseCategoricalCrossentropy':
      return { units: Math.max(k, 2), activation: 'softmax', loss, target: 'index' };
    case 'categoricalCrossentropy':
      return { units: Math.max(k, 2), activation: 'softmax', loss, target: 'onehot' };
    case 'meanSquaredError':
    case 'meanAbsoluteError':
      return k <= 2
        ? { units: 1, activation: 'sigmoid', loss, target: 'index' }
        : { units: k, activation: 'softmax', loss, target: 'onehot' };
  }
  throw new Error(`unknown loss '${loss}'`);
}

/**
 * The task of a parsed dataset: classification when it has class names or
 * small whole-number labels (like digits' 0..9), else regression.
 * labels: the y values (any array-like), classNames: string[] | null.
 */
export function taskOf(labels, classNames) {
  if (classNames && classNames.length) return { kind: 'classification', classes: classNames.length, names: classNames };
  const seen = new Set();
  let whole = true;
  for (const v of labels) {
    if (!Number.isInteger(v) || v < 0) whole = false;
    seen.add(v);
    if (seen.size > 50) break;
  }
  if (whole && seen.size <= 50 && seen.size >= 2) {
    const k = Math.max(...seen) + 1;
    return { kind: 'classification', classes: k, names: Array.from({ length: k }, (_, i) => String(i)) };
  }
  return { kind: 'regression', classes: 0, names: null };
}
