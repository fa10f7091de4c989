// layers.d.ts: what the factories make — layers (gt.layers), regularizers,
// optimizers (gt.train), early stopping — and the names the API takes
// (API.md: "Building a model", "Compiling").

import type { MatrixInput } from './data.js';

/** A value, or in worker mode (Async true) a Promise of it. */
export type InMode<Async extends boolean, T> = Async extends true ? Promise<T> : T;

/** Activations (case and underscores do not matter to gotrain: 'leaky_relu' is 'leakyRelu'). */
export type Activation =
  | 'linear'
  | 'relu'
  | 'leakyRelu'
  | 'leaky_relu'
  | 'elu'
  | 'sigmoid'
  | 'tanh'
  | 'softmax'
  | 'softplus';

/** Kernel initializers. */
export type Initializer =
  | 'glorotUniform'
  | 'glorot_uniform'
  | 'glorotNormal'
  | 'glorot_normal'
  | 'heUniform'
  | 'he_uniform'
  | 'heNormal'
  | 'he_normal'
  | 'zeros';

/** A kernel regularizer: gt.regularizers.*, a name (factors 0.01), { l1, l2 }, or null for none. */
export type RegularizerInput = Regularizer | 'l1' | 'l2' | 'l1l2' | { l1?: number; l2?: number } | null;

/** Options every layer kind takes. */
export interface CommonLayerOptions {
  /** The layer's name (default kind_N). */
  name?: string;
  /** The input width, on the first layer: [features]. */
  inputShape?: [features: number];
  /** The input width, on the first layer (inputShape's other spelling). */
  inputDim?: number;
}

export interface DenseOptions extends CommonLayerOptions {
  /** Output width, 1…65536. */
  units: number;
  /** Default 'linear'. */
  activation?: Activation;
  /** Default true. */
  useBias?: boolean;
  /** Default 'glorotUniform'. */
  kernelInitializer?: Initializer;
  /** Default null (none). */
  kernelRegularizer?: RegularizerInput;
}

export interface DropoutOptions extends CommonLayerOptions {
  /** The share of units dropped in training, in [0, 1). */
  rate: number;
}

export type NormalizationOptions = CommonLayerOptions;

export interface GaussianNoiseOptions extends CommonLayerOptions {
  /** The noise's standard deviation (training only). */
  stddev: number;
}

/**
 * The layer kinds and their options: gt.layers has one factory per entry.
 * A kind added in Go is one more line here (interfaces merge, so a program
 * can also declare one: `declare module 'gotrain' { interface LayerKinds { … } }`).
 */
export interface LayerKinds {
  dense: DenseOptions;
  dropout: DropoutOptions;
  normalization: NormalizationOptions;
  gaussianNoise: GaussianNoiseOptions;
}

export type LayerKind = keyof LayerKinds & string;

/** A factory's arguments: the options are optional when the kind requires none. */
type FactoryArgs<O> = {} extends O ? [options?: O] : [options: O];

/** gt.layers: one factory per layer kind. */
export type LayerFactories<Async extends boolean = false> = {
  [K in LayerKind]: (...options: FactoryArgs<LayerKinds[K]>) => Layer<K, Async>;
};

/** A layer description, what a gt.layers factory returns; model.add binds it to a model. */
export declare class Layer<Kind extends string = string, Async extends boolean = boolean> {
  private constructor();
  readonly kind: Kind;
  /** The options as given. */
  readonly config: Kind extends LayerKind ? LayerKinds[Kind] : CommonLayerOptions & Record<string, unknown>;
  /** The given name before add, the model's name for it after (null when neither). */
  readonly name: string | null;
  /** A copy of config. */
  getConfig(): Kind extends LayerKind ? LayerKinds[Kind] : CommonLayerOptions & Record<string, unknown>;
  /**
   * Normalization layers only: learns each column's mean and variance from
   * x — at once in a model, else when the layer is added.
   */
  adapt(this: Layer<'normalization', Async>, x: MatrixInput): InMode<Async, void>;
}

/** A kernel regularizer: gt.regularizers.l1/l2/l1l2. */
export declare class Regularizer {
  private constructor();
  readonly l1: number;
  readonly l2: number;
}

/** gt.regularizers: each factor ≥ 0, default 0.01. */
export interface RegularizerFactories {
  l1(config?: { l1?: number } | number): Regularizer;
  l2(config?: { l2?: number } | number): Regularizer;
  l1l2(config?: { l1?: number; l2?: number }): Regularizer;
}

export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad';

/** An optimizer with its settings, as compile takes it in place of a name. */
export type OptimizerConfig =
  | { name: 'sgd'; learningRate?: number }
  | { name: 'momentum'; learningRate?: number; momentum?: number; nesterov?: boolean }
  | { name: 'adam'; learningRate?: number; beta1?: number; beta2?: number; epsilon?: number }
  | { name: 'rmsprop'; learningRate?: number; rho?: number; momentum?: number; epsilon?: number }
  | { name: 'adagrad'; learningRate?: number; initialAccumulatorValue?: number };

/** Every optimizer's settings (each optimizer uses its own). */
export interface OptimizerSettings {
  learningRate?: number;
  momentum?: number;
  nesterov?: boolean;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  rho?: number;
  initialAccumulatorValue?: number;
}

/** An optimizer with its settings: gt.train.adam(…) etc. */
export declare class Optimizer {
  private constructor();
  readonly name: OptimizerName;
  /** The settings given (the rest take their defaults). */
  readonly config: OptimizerSettings;
}

/** gt.train: positional settings as in TF.js, learning rate first. */
export interface OptimizerFactories {
  sgd(learningRate?: number): Optimizer;
  momentum(learningRate?: number, momentum?: number, nesterov?: boolean): Optimizer;
  adam(learningRate?: number, beta1?: number, beta2?: number, epsilon?: number): Optimizer;
  rmsprop(learningRate?: number, rho?: number, momentum?: number, epsilon?: number): Optimizer;
  adagrad(learningRate?: number, initialAccumulatorValue?: number): Optimizer;
}

/** Losses (camelCase, snake_case, or mse/mae). */
export type Loss =
  | 'meanSquaredError'
  | 'mean_squared_error'
  | 'mse'
  | 'meanAbsoluteError'
  | 'mean_absolute_error'
  | 'mae'
  | 'binaryCrossentropy'
  | 'binary_crossentropy'
  | 'categoricalCrossentropy'
  | 'categorical_crossentropy'
  | 'sparseCategoricalCrossentropy'
  | 'sparse_categorical_crossentropy';

/** Metrics (accuracy is binary or categorical, picked from the loss). */
export type Metric = 'accuracy' | 'acc' | 'precision' | 'recall' | 'f1' | 'mse' | 'mae';

export interface CompileConfig {
  /** Default 'rmsprop' (as Keras). A new optimizer starts with fresh state. */
  optimizer?: OptimizerName | Optimizer | OptimizerConfig;
  loss: Loss;
  metrics?: Metric | Metric[];
}

/** The settings of early stopping (gt.callbacks.earlyStopping, or fit's earlyStopping option). */
export interface EarlyStoppingConfig {
  /** A value fit logs (default 'val_loss'). */
  monitor?: string;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** The least change that counts as improvement (default 0). */
  minDelta?: number;
  /** Restore the best epoch's weights when stopping (default false). */
  restoreBestWeights?: boolean;
  /** Default 'auto': 'max' for accuracy-like monitors, else 'min'. */
  mode?: 'auto' | 'min' | 'max';
}

/** gt.callbacks.earlyStopping(…): usable in fit's callbacks. */
export declare class EarlyStopping {
  constructor(config?: EarlyStoppingConfig);
  readonly config: EarlyStoppingConfig;
}
