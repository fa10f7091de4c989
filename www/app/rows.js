// rows.js: reading the API's { data, shape } matrices as the page needs them
// (a row for one example, a column for one neuron's heatmap, a slice of rows
// for one batch). Copies only, no arithmetic on the values.
// Pure: no DOM, no API; tested by build/test/page_units.test.mjs.

/** The API's { data, shape } (a worker may send plain objects), or number[][] as one. */
export function asMatrix(x) {
  return x && x.data && x.shape ? x : { data: Float64Array.from(x.flat()), shape: [x.length, x[0]?.length ?? 0] };
}

/** Row r of a { data, shape } matrix (or number[][]) as a plain array. */
export function rowOf(m, r) {
  if (Array.isArray(m)) return [...m[r]];
  const c = m.shape[1];
  return Array.from(m.data.subarray ? m.data.subarray(r * c, (r + 1) * c) : m.data.slice(r * c, (r + 1) * c));
}

/** Rows lo..hi-1 as a new { data, shape } (a copy, for the worker). */
export function rowsOf(m, lo, hi) {
  const c = m.shape[1];
  return { data: m.data.slice(lo * c, hi * c), shape: [hi - lo, c] };
}

/** Column j as a Float64Array (one neuron's outputs over the grid). */
export function columnOf(m, j) {
  const [r, c] = m.shape;
  const out = new Float64Array(r);
  for (let i = 0; i < r; i++) out[i] = m.data[i * c + j];
  return out;
}

/** The rows of a two-column matrix as [x, y] pairs. */
export function rowsAsPairs(x) {
  const out = [];
  for (let i = 0; i < x.shape[0]; i++) out.push([x.data[2 * i], x.data[2 * i + 1]]);
  return out;
}
