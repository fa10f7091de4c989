// matrix.js: the one matrix type of the API and the conversions into it.
// Go reads and returns matrices as { data: Float64Array, shape: [rows, cols] }
// (row-major); callers may pass number[][], typed arrays with a shape, or
// (for labels) flat number[]. Errors name the call, the argument and the
// row and column at fault.

import { describe } from './options.js';

/** A row-major matrix: what predict, tensor2d and friends return. */
export class Matrix {
  /**
   * @param {Float64Array} data row-major values
   * @param {[number, number]} shape [rows, cols]
   */
  constructor(data, shape) {
    this.data = data;
    this.shape = shape;
  }

  /** The rows as number[][]. */
  array() {
    const [r, c] = this.shape;
    const out = new Array(r);
    for (let i = 0; i < r; i++) out[i] = Array.from(this.data.subarray(i * c, (i + 1) * c));
    return out;
  }
}

export function isMatrixLike(v) {
  return (
    v !== null && typeof v === 'object' && ArrayBuffer.isView(v.data) && Array.isArray(v.shape) && v.shape.length === 2
  );
}

export function toFloat64(data) {
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/**
 * Converts any accepted matrix input into { data: Float64Array, shape }:
 * a Matrix (or { data, shape }), number[][] (rows), or, with vector: true,
 * a flat number[] / typed array taken as one column (labels).
 */
export function toMatrix(call, name, v, { vector = false } = {}) {
  if (isMatrixLike(v)) {
    if (v instanceof Matrix && v.data instanceof Float64Array) return v;
    return new Matrix(toFloat64(v.data), [v.shape[0], v.shape[1]]);
  }
  if (Array.isArray(v)) {
    if (v.length === 0) throw new Error(`${call}: ${name} is empty`);
    const first = v[0];
    if (Array.isArray(first) || ArrayBuffer.isView(first)) return fromRows(call, name, v);
    if (!vector) {
      throw new Error(
        `${call}: ${name} must be a matrix: number[][] (one array per row) or gt.tensor2d(values, [rows, cols]); got a flat array`,
      );
    }
    const data = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number') throw new Error(`${call}: ${name}[${i}] is ${describe(x)}, not a number`);
      data[i] = x;
    }
    return new Matrix(data, [v.length, 1]);
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    if (!vector) {
      throw new Error(`${call}: ${name} is a flat ${v.constructor.name}; give its shape with gt.tensor2d(values, [rows, cols])`);
    }
    if (v.length === 0) throw new Error(`${call}: ${name} is empty`);
    return new Matrix(Float64Array.from(v), [v.length, 1]);
  }
  throw new Error(
    `${call}: ${name} must be ${vector ? 'number[] or ' : ''}number[][] or gt.tensor2d(values, [rows, cols]), got ${describe(v)}`,
  );
}

/** number[][] (or an array of typed arrays), every row as long as the first. */
function fromRows(call, name, v) {
  const rows = v.length;
  const cols = v[0].length;
  if (cols === 0) throw new Error(`${call}: ${name} is empty (row 0 has no values)`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = v[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new Error(`${call}: ${name} row ${i} is ${describe(row)}, not an array`);
    }
    if (row.length !== cols) {
      throw new Error(`${call}: ${name} row ${i} has ${row.length} values but row 0 has ${cols}`);
    }
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const x = row[j];
      if (typeof x !== 'number') {
        throw new Error(`${call}: ${name} row ${i}, column ${j} is ${describe(x)}, not a number`);
      }
      data[off + j] = x;
    }
  }
  return new Matrix(data, [rows, cols]);
}

/** One example's values (trace): number, number[] or a typed array. */
export function toVector(call, name, v) {
  if (typeof v === 'number') return Float64Array.of(v);
  if (isMatrixLike(v)) {
    if (v.shape[0] !== 1 && v.shape[1] !== 1) throw new Error(`${call}: ${name} must be one example, got shape [${v.shape}]`);
    return toFloat64(v.data);
  }
  if (Array.isArray(v)) {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'number') throw new Error(`${call}: ${name}[${i}] is ${describe(v[i])}, not a number`);
      out[i] = v[i];
    }
    return out;
  }
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return toFloat64(v);
  throw new Error(`${call}: ${name} must be one example's values (number[]), got ${describe(v)}`);
}

/** Class indices as a Float64Array (the Go side checks they are integers). */
export function toLabels(call, name, v) {
  if (isMatrixLike(v)) {
    if (v.shape[1] !== 1) {
      throw new Error(
        `${call}: ${name} must be class indices (one column), got ${v.shape[1]} columns; use gt.metrics.predictClasses on model outputs`,
      );
    }
    return toFloat64(v.data);
  }
  return toMatrix(call, name, v, { vector: true }).data;
}

/** gt.tensor2d(values, [rows, cols]): values flat (typed array or number[]) or number[][]. */
export function tensor2d(values, shape) {
  const call = 'tensor2d';
  if (shape !== undefined) {
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`${call}: shape must be [rows, cols] (non-negative integers), got ${describe(shape)}${Array.isArray(shape) ? ` [${shape}]` : ''}`);
    }
  }
  if (Array.isArray(values) && values.length > 0 && (Array.isArray(values[0]) || ArrayBuffer.isView(values[0]))) {
    const m = toMatrix(call, 'values', values);
    if (shape && (shape[0] !== m.shape[0] || shape[1] !== m.shape[1])) {
      throw new Error(`${call}: values have shape [${m.shape}] but shape says [${shape}]`);
    }
    return m;
  }
  if (shape === undefined) throw new Error(`${call}: flat values need a shape [rows, cols]`);
  let data;
  if (values instanceof Float64Array) data = values.slice();
  else if (ArrayBuffer.isView(values) && !(values instanceof DataView)) data = Float64Array.from(values);
  else if (Array.isArray(values)) {
    data = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      if (typeof values[i] !== 'number') throw new Error(`${call}: values[${i}] is ${describe(values[i])}, not a number`);
      data[i] = values[i];
    }
  } else {
    throw new Error(`${call}: values must be a Float32Array, Float64Array, number[] or number[][], got ${describe(values)}`);
  }
  if (data.length !== shape[0] * shape[1]) {
    throw new Error(`${call}: ${data.length} values do not fill shape [${shape[0]}, ${shape[1]}] (${shape[0] * shape[1]} values)`);
  }
  return new Matrix(data, [shape[0], shape[1]]);
}

/** Turns every plain { data: Float64Array, shape: [r, c] } in a Go result into a Matrix. */
export function revive(v) {
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v)) return v;
  if (v instanceof Matrix) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const keys = Object.keys(v);
  if (keys.length === 2 && v.data instanceof Float64Array && Array.isArray(v.shape) && v.shape.length === 2) {
    return new Matrix(v.data, v.shape);
  }
  for (const k of keys) v[k] = revive(v[k]);
  return v;
}

/** A dataset { x, y, featureNames?, classNames? } as split takes it. */
export function toDataset(call, ds) {
  if (ds === null || typeof ds !== 'object' || ds.x === undefined || ds.y === undefined) {
    throw new Error(`${call}: expected a dataset { x, y } (parseCSV or builtin returns one), got ${describe(ds)}`);
  }
  return {
    x: toMatrix(call, 'x', ds.x),
    y: toMatrix(call, 'y', ds.y, { vector: true }),
    featureNames: ds.featureNames ?? null,
    classNames: ds.classNames ?? null,
  };
}
