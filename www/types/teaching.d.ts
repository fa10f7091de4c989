// teaching.d.ts: what the lessons' numbers come in (API.md: "Teaching"):
// a trace's update of one weight array, a kernel's penalty, activation
// curves, ROC and precision–recall curves, a binary classifier's counts
// and rates at a threshold.

/**
 * The optimizer's next update of one weight array with every intermediate
 * (trace's updateW and updateB): a Matrix per kernel, a Float64Array per
 * bias. newValue is exactly what the next trainOnBatch on the traced batch
 * leaves; value + delta = newValue.
 */
export interface ParamUpdate<T> {
  /** 'dense_1/kernel', 'dense_1/bias'. */
  name: string;
  /** The gradient the update uses (the batch mean's, with the regularizer's). */
  g: T;
  value: T;
  delta: T;
  newValue: T;
  /** The optimizer's state before and after, by slot: m, v (adam); velocity (momentum); meanSquare, momentum (rmsprop); accumulator (adagrad). */
  state: { [slot: string]: T };
  newState: { [slot: string]: T };
  /** adam: m / (1 − β₁ᵗ) and v / (1 − β₂ᵗ), from the new m and v. */
  mHat?: T;
  vHat?: T;
  /** adam: √v̂ + ε; rmsprop: √(meanSquare + ε); adagrad: √(accumulator + ε). */
  denominator?: T;
  /** momentum with Nesterov: g + μ·velocity (the new velocity). */
  lookahead?: T;
}

/** A kernel regularizer's part of the loss: value = l1·sumAbs + l2·sumSquares. */
export interface Penalty {
  l1: number;
  l2: number;
  /** Σ|w| over the kernel. */
  sumAbs: number;
  /** Σw² over the kernel. */
  sumSquares: number;
  value: number;
}

/** gt.activations.curve's result: a = f(z) and dadz = f′(z) at each z. */
export interface ActivationCurve {
  z: Float64Array;
  a: Float64Array;
  dadz: Float64Array;
}

/** gt.metrics.roc's result (scikit-learn's roc_curve and roc_auc_score). */
export interface RocCurve {
  /** From (0, 0) to (1, 1). */
  fpr: Float64Array;
  tpr: Float64Array;
  /** Point i: class 1 where score ≥ thresholds[i]; thresholds[0] is Infinity. */
  thresholds: Float64Array;
  auc: number;
}

/** gt.metrics.precisionRecall's result (scikit-learn's precision_recall_curve and average_precision_score). */
export interface PrecisionRecallCurve {
  /** Recall falling to a last point (recall 0, precision 1). */
  precision: Float64Array;
  recall: Float64Array;
  /** Increasing; one fewer than the points. */
  thresholds: Float64Array;
  averagePrecision: number;
  /** The trapezoidal area (optimistic; averagePrecision is the usual summary). */
  auc: number;
}

/** A binary classifier's counts and rates at a threshold (evaluateReport's binary): class 1 where score > threshold. */
export interface BinaryMetrics {
  threshold: number;
  tn: number;
  fp: number;
  fn: number;
  tp: number;
  accuracy: number;
  /** tp / (tp + fp), 0 when undefined. */
  precision: number;
  /** tp / (tp + fn): the true positive rate. */
  recall: number;
  f1: number;
  /** fp / (fp + tn): the false positive rate. */
  fpr: number;
}
