// data.d.ts: gotrain's matrices, what the API takes as a matrix or as
// labels, and datasets (API.md: "Matrices and data").

/** A typed array of numbers (any of them is accepted where numbers are). */
export type NumericArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/** A row-major matrix: what predict, tensor2d and every call that returns a matrix give. */
export declare class Matrix {
  constructor(data: Float64Array, shape: [rows: number, cols: number]);
  /** The values, row after row. */
  data: Float64Array;
  shape: [rows: number, cols: number];
  /** The rows as number[][]. */
  array(): number[][];
}

/** Anything with a typed array of row-major values and a [rows, cols] shape. */
export interface MatrixLike {
  data: NumericArray;
  shape: readonly [rows: number, cols: number] | readonly number[];
}

/**
 * A matrix as the API takes it: rows (number[][], or typed arrays as rows,
 * all of one length), a Matrix (gt.tensor2d), or any { data, shape }.
 */
export type MatrixInput = ReadonlyArray<readonly number[] | NumericArray> | Matrix | MatrixLike;

/**
 * Labels (y): a matrix, or one column as a flat number[] or typed array —
 * class indices for sparseCategoricalCrossentropy, 0/1 for
 * binaryCrossentropy, targets for regression; one-hot rows for
 * categoricalCrossentropy.
 */
export type LabelInput = MatrixInput | readonly number[] | NumericArray;

/** One example's values (trace): a number, number[] or a typed array. */
export type VectorInput = number | readonly number[] | NumericArray;

/** What gt.tensor2d takes: flat values with a shape, or rows. */
export type Tensor2dValues = ReadonlyArray<readonly number[] | NumericArray> | readonly number[] | Float32Array | Float64Array;

/** A dataset, as parseCSV, builtin and split return it. */
export interface Dataset {
  x: Matrix;
  y: Matrix;
  /** The feature columns' names (CSV header, or x1, x2). */
  featureNames: string[] | null;
  /** Text labels' names in order of first appearance (class i is classNames[i]); null for numeric labels. */
  classNames: string[] | null;
}

/** A dataset as split takes it: x and y may be plain arrays. */
export interface DatasetInput {
  x: MatrixInput;
  y: LabelInput;
  featureNames?: string[] | null;
  classNames?: string[] | null;
}

/** The 2-D generators of gt.data.builtin: two classes, or (plane, multiGaussian) a regression target. */
export type BuiltinDataset = 'circle' | 'xor' | 'gaussian' | 'spiral' | 'moons' | 'plane' | 'multiGaussian';

export interface ParseCSVOptions {
  /** The label column's header (default: the last column). */
  label?: string;
}

export interface SplitOptions {
  /** The test set's share of the rows (default 0.2). */
  testFraction?: number;
  /** The shuffle's seed (default 0). */
  seed?: number;
  /** Keep each class's proportion in both parts (default false). */
  stratify?: boolean;
}

export interface BuiltinOptions {
  /** Number of points (default 500). */
  n?: number;
  /** Noise level (default 0). */
  noise?: number;
  /** The generator's seed (default 1). */
  seed?: number;
}

/** gt.metrics.classReport's result (and evaluateReport's classReport). */
export interface ClassReport {
  precision: number[];
  recall: number[];
  f1: number[];
  macroPrecision: number;
  macroRecall: number;
  macroF1: number;
  accuracy: number;
}
