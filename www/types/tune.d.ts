// tune.d.ts: fit's augment option and gt.tune, the hyperparameter search
// (API.md: "Augmentation and hyperparameter search").

import type { DatasetInput, LabelInput, Matrix } from './data.js';
import type { Model } from './model.js';

/** fit's augment option: applied to training batches only, seeded by the model's seed. */
export interface AugmentOptions {
  /** Gaussian noise per column, in units of the column's standard deviation over the training rows. */
  jitter?: number;
  /** The rows are images of this shape (digits: [8, 8]); needed by shift, rotate and scale. */
  imageShape?: [height: number, width: number];
  /** Shifts drawn uniformly from [-shift, shift] pixels, each way. */
  shift?: number;
  /** Rotations drawn uniformly from [-rotate, rotate] degrees. */
  rotate?: number;
  /** Zooms by a factor drawn from [1 - scale, 1 + scale]. */
  scale?: number;
  /** The value of pixels brought in from outside the image (default 0). */
  fill?: number;
  /** Mixup's Beta(a, a) parameter (0: none); needs one label column per class. */
  mixup?: number;
}

/** gt.data.augment's options. */
export interface AugmentRowsOptions {
  /** The augmentation stream's seed (default random): a model of this seed fitting the rows in one unshuffled batch trains on the same rows. */
  seed?: number;
  /** Labels, one column per class: returned (blended when mixup is on) as y. */
  y?: LabelInput;
}

/** What gt.data.augment returns: the augmented rows, and the labels when given. */
export interface AugmentedRows {
  x: Matrix;
  /** Present when options.y was given. */
  y?: Matrix;
}

/** A number's choices: values, or for random search a range (log: drawn log-uniformly). */
export type TuneRange = number[] | { min: number; max: number; log?: boolean };

/** One trial's setting. */
export interface TuneParams {
  layers: number[];
  activation: string;
  optimizer: string;
  /** 0: the optimizer's default. */
  learningRate: number;
  batchSize: number;
  epochs: number;
  l1: number;
  l2: number;
  dropout: number;
  augment: AugmentOptions | null;
}

export interface TuneSpace {
  layers?: number[][];
  activation?: string[];
  optimizer?: string[];
  learningRate?: TuneRange;
  batchSize?: number[];
  l1?: TuneRange;
  l2?: TuneRange;
  dropout?: TuneRange;
  augment?: Array<AugmentOptions | null>;
  epochs?: number[];
}

export interface TuneTrial {
  /** The setting's number in the plan, from 0. */
  id: number;
  /** The round of successive halving (0 without). */
  round: number;
  epochs: number;
  params: TuneParams;
  /** The mean over the folds of the metric; null when the trial failed. */
  score: number | null;
  mean: Record<string, number>;
  std: Record<string, number>;
  folds: Array<Record<string, number>>;
  /** Why the trial failed (a worker that died, a bad setting), else null. */
  error: string | null;
}

export interface TuneProgress {
  done: number;
  round: number;
  roundTrials: number;
  planned: number;
}

export interface TuneOptions {
  /** The training rows (never the test set): the trials score on held-out folds of them. */
  data: DatasetInput;
  loss: string;
  metrics?: string | string[];
  space?: TuneSpace;
  /** Every trial's setting of what the space leaves out (default: layers [32], relu, adam, batchSize 32, 20 epochs). */
  base?: Partial<TuneParams>;
  /** 'random' (default) or 'grid'. */
  method?: 'random' | 'grid';
  /** Random search's trials (default 10); grid search: 0 = every combination, n = a seeded sample. */
  trials?: number;
  /** Successive halving: every trial trains minEpochs, the best 1/eta go on with eta times as many. */
  halving?: { eta: number; minEpochs: number };
  /** The score: 'val_loss' (default), 'accuracy' (= val_accuracy), … */
  metric?: string;
  seed?: number;
  /** k ≥ 2: k-fold cross-validation; 0 (default): one held-out part of holdout (default 0.2). */
  folds?: number;
  holdout?: number;
  stratify?: boolean;
  normalize?: boolean;
  /** The pool's size (default: the machine's cores); 0 runs the trials on this instance. */
  workers?: number;
  /** Train the best setting on all the data and return it as model (default true). */
  refit?: boolean;
  /** After every trial; returning false stops the search. */
  onTrialEnd?: (trial: TuneTrial, progress: TuneProgress) => unknown;
  onRoundEnd?: (round: number, trials: TuneTrial[]) => unknown;
  /** Aborting it stops the search. */
  signal?: AbortSignal;
  workerURL?: string | URL;
  wasmURL?: string | URL;
  kernel?: 'auto' | 'simd' | 'scalar' | 'go';
}

export interface TuneResult<Async extends boolean = false> {
  /** Every trial run, best first (later rounds first; failures last). */
  trials: TuneTrial[];
  best: TuneTrial | null;
  /** The best setting trained on all the data (null with refit: false or when every trial failed). */
  model: Model<Async> | null;
  /** The search was stopped: trials holds those done by then. */
  stopped: boolean;
  workers: number;
  workerDeaths: number;
  /** Each worker's memory figures after the first round. */
  workerMemory: Array<{ wasmBytes: number; heapSys: number; [k: string]: number } | null>;
  maximize: boolean;
  ms: number;
}

/** gt.tune's Promise; stop() ends the search, which resolves to the trials done so far. */
export interface TunePromise<Async extends boolean = false> extends Promise<TuneResult<Async>> {
  stop(): void;
}
