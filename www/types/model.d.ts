// model.d.ts: the Model class of both modes and what its methods take and
// return (API.md: "Building a model" … "Lifecycle and memory"). Async is
// the mode: false on the main thread (values), true in worker mode
// (Promises; layers, isDisposed and stopTraining stay synchronous).

import type { ClassReport, LabelInput, Matrix, MatrixInput, VectorInput } from './data.js';
import type {
  Activation,
  CompileConfig,
  EarlyStopping,
  EarlyStoppingConfig,
  Initializer,
  Layer,
  Loss,
  Metric,
  OptimizerName,
  OptimizerSettings,
  InMode,
} from './layers.js';
import type { BinaryMetrics, ParamUpdate, Penalty, PrecisionRecallCurve, RocCurve } from './teaching.js';
import type { SaveHandler, SaveOptions, SaveResult, TfjsArtifacts } from './tfjs.js';
import type { AugmentOptions } from './tune.js';

/** Logs: loss and each metric (val_… with validation data), as numbers. */
export interface Logs {
  loss: number;
  [name: string]: number;
}

/** A callback's return: nothing, or a promise that training waits for. */
type CallbackResult = void | PromiseLike<void>;

/**
 * fit's callbacks (as TF.js'): epochs and batches count from 0. On the main
 * thread they run inside the training loop; a promise returned is awaited;
 * one that throws stops training and fit rejects with its error.
 */
export interface Callbacks {
  onTrainBegin?: (logs: Partial<Logs>) => CallbackResult;
  onTrainEnd?: (logs: Partial<Logs>) => CallbackResult;
  onEpochBegin?: (epoch: number, logs: Partial<Logs>) => CallbackResult;
  /** logs: the epoch's averages, val_… with validation data. */
  onEpochEnd?: (epoch: number, logs: Logs) => CallbackResult;
  onBatchBegin?: (batch: number, logs: { batch: number; size: number }) => CallbackResult;
  onBatchEnd?: (batch: number, logs: { batch: number; size: number; loss: number }) => CallbackResult;
}

export interface FitOptions {
  /** 1…1,000,000 (default 1). */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Shuffle the rows every epoch, from the model's seed (default true). */
  shuffle?: boolean;
  /** In [0, 1): the last rows, before shuffling, validate (default 0). */
  validationSplit?: number;
  validationData?: [x: MatrixInput, y: LabelInput];
  callbacks?: Callbacks | EarlyStopping | ReadonlyArray<Callbacks | EarlyStopping>;
  earlyStopping?: EarlyStoppingConfig;
  /**
   * Stop when a batch's loss is NaN or infinite, rejecting with an error that names the epoch and
   * batch; the model keeps the weights of its last finite loss (default true, as TF.js'
   * terminateOnNaN callback but on by default). false trains on.
   */
  terminateOnNaN?: boolean;
  /** On the main thread, how fit yields to the event loop (default 'auto': ~10 ms slices; a number: ms). */
  yieldEvery?: 'auto' | 'batch' | 'epoch' | 'never' | number;
  /** Accepted; gotrain never prints. */
  verbose?: 0 | 1 | 2;
  /** Augments each training batch (never validation rows, never at inference). */
  augment?: AugmentOptions | null;
}

/** What fit resolves to. */
export interface History {
  /** The epochs run, from 0. */
  epoch: number[];
  /** Per epoch: loss, each metric, and val_… with validation data. */
  history: { loss: number[]; [name: string]: number[] };
  params: { epochs: number; batchSize: number; steps: number; metrics: string[]; augment?: string };
}

/** predict's and evaluate's options: accepted and ignored. */
export interface InferenceOptions {
  batchSize?: number;
  verbose?: 0 | 1 | 2;
}

/** Everything a page redraws after an epoch, from one pass (model.evaluateReport). */
export interface EvaluateReport {
  logs: Logs;
  predictions: Matrix;
  /** 0 for none: then no classes, truth, confusion or classReport. */
  numClasses: number;
  classes?: Int32Array;
  truth?: Int32Array;
  /** Rows true classes, columns predicted. */
  confusion?: number[][];
  classReport?: ClassReport;
  /** A binary classifier's (one output, or two classes) counts and rates at the threshold. */
  binary?: BinaryMetrics;
  /** A binary classifier's curves: null when the rows hold one class (roc) or no class 1 (pr). */
  roc?: RocCurve | null;
  pr?: PrecisionRecallCurve | null;
}

/** evaluateReport's options. */
export interface EvaluateReportOptions {
  /** 0 for none (default: from the loss and the output width). */
  numClasses?: number;
  /** Binary classifiers: class 1 where score > threshold (default 0.5); decides classes, confusion and classReport. */
  threshold?: number;
}

/** A weight array as getWeights returns it: per layer its kernel ([inputs, units], row-major), then its bias. */
export interface Weight {
  name: string;
  shape: number[];
  data: Float64Array;
}

/** setWeights' list: as getWeights returns it, or a bare array per weight. */
export type WeightsInput = ReadonlyArray<
  { name?: string; shape?: number[]; data: Float64Array | readonly number[] } | Float64Array | readonly number[]
>;

interface LayerDescriptionBase {
  name: string;
  /** 0 until the model is built. */
  inputDim: number;
  outputDim: number;
  params: number;
}

/** The layer descriptions by kind (model.layers, getConfig().layers): one more line per kind added in Go. */
export interface LayerDescriptions {
  dense: LayerDescriptionBase & {
    kind: 'dense';
    units: number;
    activation: Activation;
    useBias: boolean;
    kernelInitializer: Initializer;
    kernelRegularizer: { l1: number; l2: number } | null;
  };
  dropout: LayerDescriptionBase & { kind: 'dropout'; rate: number };
  normalization: LayerDescriptionBase & {
    kind: 'normalization';
    adapted: boolean;
    /** Present once adapted. */
    mean?: Float64Array;
    variance?: Float64Array;
  };
  gaussianNoise: LayerDescriptionBase & { kind: 'gaussianNoise'; stddev: number };
}

export type LayerDescription = LayerDescriptions[keyof LayerDescriptions];

/** gotrain's description of a model (getConfig). */
/** model.exportStandalone's options. */
export interface StandaloneOptions {
  /** 'float64' (default): exact; 'float32': the Dense weights rounded to float32, half the size. */
  dtype?: 'float32' | 'float64';
  /** What predictClasses returns per class: one name per output, two (for 0 and 1) for one output. */
  classNames?: string[];
}

export interface ModelConfig {
  seed: number;
  built: boolean;
  inputDim: number;
  outputDim: number;
  training: boolean;
  layers: LayerDescription[];
  compiled: boolean;
  /** When compiled: the loss's canonical name. */
  loss?: Loss;
  metrics?: Metric[];
  /** When compiled: every setting of the optimizer. */
  optimizer?: OptimizerSettings & { name: OptimizerName };
}

/**
 * One layer's numbers in a trace (null where the layer has no such thing).
 * V: Float64Array for one example, Matrix (one row per example) for a batch.
 */
export interface TraceLayer<V = Float64Array> {
  name: string;
  kind: string;
  activation: Activation | null;
  input: V;
  z: V;
  a: V;
  /** f′(z) (softmax: the Jacobian's diagonal a(1 − a)); null without an activation. */
  dadz: V | null;
  /** Gradients of the batch's mean loss. */
  dLda: V;
  dLdz: V;
  /** Dropout in a training trace: 0 where dropped, 1/(1 − rate) where kept (a = input · mask). */
  mask: V | null;
  /** Normalization: { mean, variance }, one value per input. */
  stats: { [name: string]: Float64Array | null } | null;
  W: Matrix | null;
  b: Float64Array | null;
  /** The gradients the optimizer uses (the penalty's included). */
  dLdW: Matrix | null;
  dLdb: Float64Array | null;
  /** The kernel regularizer's part of the loss, and dLdW's two parts (null without one). */
  penalty: Penalty | null;
  dLdWData: Matrix | null;
  dLdWPenalty: Matrix | null;
  /** The update the optimizer would make. */
  deltaW: Matrix | null;
  deltaB: Float64Array | null;
  /** The optimizer's state, e.g. { m, v } for Adam. */
  stateW: { [slot: string]: Matrix } | null;
  stateB: { [slot: string]: Float64Array } | null;
  /** The next update with every intermediate. */
  updateW: ParamUpdate<Matrix> | null;
  updateB: ParamUpdate<Float64Array> | null;
}

/** One training step's numbers without the step (model.trace); V as in TraceLayer. */
export interface Trace<V = Float64Array> {
  /** Examples traced. */
  rows: number;
  /** dataLoss + penalty: what the next trainOnBatch on the batch returns. */
  loss: number;
  /** The loss function's value on the batch: the mean of losses. */
  dataLoss: number;
  /** The regularizers' penalty in the loss. */
  penalty: number;
  /** Each example's loss. */
  losses: Float64Array;
  output: V;
  layers: TraceLayer<V>[];
  optimizer: {
    name: OptimizerName;
    /** Updates applied so far. */
    step: number;
    /** The update traced: step + 1. */
    t: number;
    config: OptimizerSettings & { name: OptimizerName };
    /** Per weight name, per slot. */
    state: { [weight: string]: { [slot: string]: Matrix | Float64Array } };
    /** Adam's 1 − β₁ᵗ and 1 − β₂ᵗ (null for the other optimizers). */
    biasCorrection1: number | null;
    biasCorrection2: number | null;
  };
}

/** trace's options. */
export interface TraceOptions {
  /** Draw dropout and noise as the next trainOnBatch on the batch will (default false: inference mode). */
  training?: boolean;
}

/** A layer model.add takes: in worker mode a promise of one too. */
export type LayerArg<Async extends boolean> = Layer<string, boolean> | (Async extends true ? PromiseLike<Layer<string, boolean>> : never);

/**
 * A Sequential model: gt.sequential, gt.modelFromJSON, gt.loadLayersModel
 * make them. Model<false> on the main thread, Model<true> (WorkerModel) in
 * worker mode, where each method returns a Promise.
 */
export declare class Model<Async extends boolean = false> {
  private constructor();
  /** Appends a layer; the first declares the input width (inputShape). */
  add(layer: LayerArg<Async>): InMode<Async, void>;
  /** Again at any time: a new optimizer starts fresh. */
  compile(config: CompileConfig): InMode<Async, void>;
  /** The Keras-style table, returned (and passed line by line to printFn); gotrain never prints. */
  summary(printFn?: (line: string) => void): InMode<Async, string>;
  summary(lineLength?: number, positions?: number[], printFn?: (line: string) => void): InMode<Async, string>;
  /** The number of weights, normalization statistics included. */
  countParams(): InMode<Async, number>;
  getConfig(): InMode<Async, ModelConfig>;
  /** The layer descriptions (synchronous in both modes; in worker mode as of the last call that changed them). */
  get layers(): LayerDescription[];
  /** Set to true (in a callback, or from outside) to end fit after the current batch. */
  get stopTraining(): boolean;
  set stopTraining(value: boolean);
  /** Trains; on the main thread in ~10 ms slices that yield to the event loop. */
  fit(x: MatrixInput, y: LabelInput, options?: FitOptions): Promise<History>;
  /** One optimizer step; the loss before it. */
  trainOnBatch(x: MatrixInput, y: LabelInput): InMode<Async, number>;
  predict(x: MatrixInput, options?: InferenceOptions): InMode<Async, Matrix>;
  /** { loss, <metric>… } in inference mode. */
  evaluate(x: MatrixInput, y: LabelInput, options?: InferenceOptions): InMode<Async, Logs>;
  evaluateReport(x: MatrixInput, y: LabelInput, options?: EvaluateReportOptions): InMode<Async, EvaluateReport>;
  getWeights(): InMode<Async, Weight[]>;
  setWeights(weights: WeightsInput): InMode<Async, void>;
  /** One example (vectors in, Float64Arrays out) … */
  trace(x: VectorInput, y: VectorInput, options?: TraceOptions): InMode<Async, Trace<Float64Array>>;
  /** … or a batch (rows in, Matrices of one row per example out). */
  trace(x: MatrixInput, y: LabelInput, options?: TraceOptions): InMode<Async, Trace<Matrix>>;
  /** Every layer's output for x: one Matrix per layer. */
  layerOutputs(x: MatrixInput): InMode<Async, Matrix[]>;
  /** gotrain's own versioned JSON (gt.modelFromJSON reads it back). */
  toJSON(): InMode<Async, string>;
  /** TF.js Layers format: normalization folded into the next Dense layer, float32 weights. */
  toTfjsArtifacts(): InMode<Async, TfjsArtifacts>;
  /**
   * A standalone predictor: the text of an ES module of plain JavaScript (no wasm, no gotrain)
   * exporting predict(rows), predictClasses(rows), inputDim, outputDim, dtype, classNames, layers.
   */
  exportStandalone(options?: StandaloneOptions): InMode<Async, string>;
  /** To 'localstorage://name', 'indexeddb://name', 'downloads://name', 'file://DIR' (Node) or an IOHandler. */
  save(destination: string | SaveHandler, options?: SaveOptions): Promise<SaveResult>;
  /** Frees the model; later calls are errors. */
  dispose(): InMode<Async, void>;
  get isDisposed(): boolean;
}
