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

/** The most classes the page trains (and draws: beyond 12 as a heatmap). */
export const MAX_CLASSES = 50;

/**
 * The task of a parsed dataset: classification when it has class names or
 * small whole-number labels (like digits' 0..9), else regression.
 * labels: the y values (any array-like), classNames: string[] | null.
 * labelAs: 'auto', or 'regression' when the user said the labels are a
 * target to predict.
 *
 * Whole-number labels that would make more than MAX_CLASSES classes (202
 * distinct values, or 0 and 20000, which as class numbers are 20 001
 * classes) are a question for the user, not a guess: the result is then
 * { kind: 'question', message }. Text labels with more than MAX_CLASSES
 * distinct values are refused: { kind: 'refused', message }. Either way
 * the page asks the API for nothing that large.
 */
export function taskOf(labels, classNames, labelAs = 'auto') {
  if (classNames && classNames.length) {
    if (classNames.length > MAX_CLASSES) {
      return { kind: 'refused', classes: 0, names: null, message: `${classNames.length} distinct text labels: the page trains at most ${MAX_CLASSES} classes. Choose another label column, or a file with fewer classes.` };
    }
    return { kind: 'classification', classes: classNames.length, names: classNames };
  }
  if (labelAs === 'regression') return { kind: 'regression', classes: 0, names: null };
  const seen = new Set();
  let whole = true;
  let max = -Infinity;
  let min = Infinity;
  for (const v of labels) {
    if (!Number.isInteger(v) || v < 0) whole = false;
    seen.add(v);
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (whole && seen.size >= 2 && max + 1 <= MAX_CLASSES) {
    const k = max + 1;
    return { kind: 'classification', classes: k, names: Array.from({ length: k }, (_, i) => String(i)) };
  }
  if (whole && seen.size >= 2) {
    const many = seen.size > MAX_CLASSES
      ? `${seen.size} distinct values`
      : `${seen.size} distinct values from ${min} to ${max}, which as class numbers would make ${max + 1} classes`;
    return { kind: 'question', classes: 0, names: null, message: `${many}: is this a regression target? The page trains at most ${MAX_CLASSES} classes, numbered 0, 1, 2, …` };
  }
  return { kind: 'regression', classes: 0, names: null };
}

/**
 * The metric fit reports beside the loss (kind: the task's, loss: the output's): accuracy for
 * classes; for a regression target the other error (MAE beside MSE, MSE beside MAE).
 */
export function fitMetric(kind, loss) {
  if (kind === 'classification') return 'accuracy';
  return loss === 'meanAbsoluteError' ? 'mse' : 'mae';
}
