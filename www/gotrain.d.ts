// gotrain.d.ts: the types of gotrain.js (API.md is the reference). Two
// modes, one API: load() gives Gotrain, whose calls return values (fit,
// save and loadLayersModel return Promises); load({ worker: true }) gives
// GotrainWorker, whose calls all return Promises except the factories and
// model.layers, isDisposed and stopTraining. Every error is an Error that
// names the call (thrown, or in worker mode a rejected Promise).
//
//   import { load } from 'gotrain';
//   const gt = await load();                    // Gotrain
//   const gtw = await load({ worker: true });   // GotrainWorker
//
// The rest is in types/: data.d.ts (matrices, datasets), layers.d.ts
// (layers, optimizers, regularizers, names), model.d.ts (Model, fit,
// results), teaching.d.ts (curves, updates, penalties), tfjs.d.ts (TF.js'
// format).

import type {
  BuiltinDataset,
  BuiltinOptions,
  ClassReport,
  Dataset,
  DatasetInput,
  LabelInput,
  MatrixInput,
  ParseCSVOptions,
  SplitOptions,
  Tensor2dValues,
} from './types/data.js';
import type { Matrix } from './types/data.js';
import type { Activation, EarlyStopping, EarlyStoppingConfig, InMode, LayerFactories, OptimizerFactories, RegularizerFactories } from './types/layers.js';
import type { ActivationCurve, PrecisionRecallCurve, RocCurve } from './types/teaching.js';
import type { NumericArray } from './types/data.js';
import type { LayerArg, Model } from './types/model.js';
import type { LayersModelSource, LoadLayersModelOptions } from './types/tfjs.js';
import type { AugmentedRows, AugmentOptions, AugmentRowsOptions, TuneOptions, TunePromise } from './types/tune.js';

export * from './types/data.js';
export * from './types/layers.js';
export * from './types/model.js';
export * from './types/teaching.js';
export * from './types/tfjs.js';
export * from './types/tune.js';

/** gotrain's version, as gt.version. */
export declare const VERSION: string;

/** The Model class under the name worker-mode models had (the same class). */
export declare const WorkerModel: typeof Model;
export type WorkerModel = Model<true>;

/** The matrix kernel that runs: WebAssembly SIMD, scalar WebAssembly, or Go's own loops. */
export type Backend = 'simd' | 'scalar' | 'go';

export interface LoadOptions {
  /** gotrain.wasm's URL (default: the library's own; a string is relative to the page, in Node to the working directory). */
  wasmURL?: string | URL;
  /** Run everything in a dedicated worker (default false). */
  worker?: boolean;
  /** The worker script (default: gotrain-worker.js next to gotrain.js, which Vite bundles by itself; or a bundler's worker URL). */
  workerURL?: string | URL;
  /** Train small models in the background after load, so the first fit runs at full speed (default true). */
  warmUp?: boolean;
  /** The matrix kernel (default 'auto': SIMD, else scalar, else Go's loops). */
  kernel?: 'auto' | Backend;
  /** The bytes the module's memory budget allows (default: Go's own; a module without a budget ignores it). */
  memoryLimit?: number;
}

/** The API object: Gotrain (main thread) or Gotrain<true> (worker mode, see GotrainWorker). */
export interface Gotrain<Async extends boolean = false> {
  readonly version: string;
  readonly backend: Backend;
  /** True in worker mode. */
  readonly worker: Async;
  readonly Matrix: typeof Matrix;
  /** A Matrix from flat values and a shape, or from rows (values are copied). */
  tensor2d(values: Tensor2dValues, shape?: [rows: number, cols: number]): Matrix;
  /** A new Sequential model; seed drives initialisation, shuffling and dropout (random when omitted). */
  sequential(config?: { seed?: number; layers?: ReadonlyArray<LayerArg<Async>> }): InMode<Async, Model<Async>>;
  /** A model from what model.toJSON() returns (the string or its parsed object). */
  modelFromJSON(json: string | object): InMode<Async, Model<Async>>;
  /** A TF.js Layers model (compiled when it has a training config); a Promise in both modes. */
  loadLayersModel(source: LayersModelSource, options?: LoadLayersModelOptions): Promise<Model<Async>>;
  readonly layers: LayerFactories<Async>;
  readonly regularizers: RegularizerFactories;
  readonly train: OptimizerFactories;
  readonly callbacks: { earlyStopping(config?: EarlyStoppingConfig): EarlyStopping };
  readonly data: {
    parseCSV(text: string, options?: ParseCSVOptions): InMode<Async, Dataset>;
    split(dataset: DatasetInput, options?: SplitOptions): InMode<Async, [train: Dataset, test: Dataset]>;
    builtin(name: BuiltinDataset, options?: BuiltinOptions): InMode<Async, Dataset>;
    oneHot(labels: LabelInput, numClasses?: number): InMode<Async, Matrix>;
    /** x's rows as fit augments a batch (settings: fit's augment option), from options.seed. */
    augment(x: MatrixInput, settings: AugmentOptions | null | undefined, options?: AugmentRowsOptions): InMode<Async, AugmentedRows>;
    /** TF Playground's feature inputs ('x1', 'x1^2', 'x1*x2', 'sin(x1)', 'cos(x1)'): a dataset's x … */
    features(dataset: DatasetInput, names: readonly string[]): InMode<Async, Dataset>;
    /** … or a matrix. */
    features(x: MatrixInput, names: readonly string[]): InMode<Async, Matrix>;
  };
  readonly metrics: {
    confusionMatrix(yTrue: LabelInput, yPred: LabelInput, numClasses?: number): InMode<Async, number[][]>;
    classReport(confusion: number[][]): InMode<Async, ClassReport>;
    /** The arg-max per row, or for one column 1 where the output is > 0.5. */
    predictClasses(predictions: MatrixInput): InMode<Async, Int32Array>;
    /** The ROC curve of scores against true classes 0/1 (scores: numbers or one column of predictions). */
    roc(yTrue: LabelInput, yScore: LabelInput): InMode<Async, RocCurve>;
    /** The precision–recall curve, with the average precision. */
    precisionRecall(yTrue: LabelInput, yScore: LabelInput): InMode<Async, PrecisionRecallCurve>;
  };
  readonly activations: {
    /** f(z) and f′(z) at each z, by the activation's own code (softmax: component 0 of softmax([z, ...others]), others default [0]). */
    curve(name: Activation, z: readonly number[] | NumericArray, options?: { others?: readonly number[] | NumericArray }): InMode<Async, ActivationCurve>;
  };
  /** The instance's memory, Go's heap figures, live models; gc: true runs Go's collector first. */
  memory(options?: { gc?: boolean }): InMode<Async, MemoryInfo>;
  /** Hyperparameter search, its trials in a pool of workers; a Promise in both modes, with stop(). */
  tune(options: TuneOptions): TunePromise<Async>;
}

/** The API object of worker mode: every call returns a Promise, and terminate ends the worker. */
export interface GotrainWorker extends Gotrain<true> {
  /** Ends the worker; every later call rejects. */
  terminate(): Promise<void>;
}

export interface MemoryInfo {
  wasmBytes: number;
  heapAlloc: number;
  heapSys: number;
  sys: number;
  numGC: number;
  models: number;
  funcs: number;
}

/** Starts gotrain in worker mode: a module Web Worker (browsers) or worker_threads (Node). */
export declare function load(options: LoadOptions & { worker: true }): Promise<GotrainWorker>;
/** Starts gotrain on this thread. */
export declare function load(options?: LoadOptions & { worker?: false }): Promise<Gotrain>;
/** Either mode, decided at run time. */
export declare function load(options?: LoadOptions): Promise<Gotrain | GotrainWorker>;

