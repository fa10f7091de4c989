// standalone.js: the standalone predictor (model.exportStandalone) — the
// text of an ES module of plain JavaScript that predicts as the model does,
// written here from the model's own JSON (model.toJSON: its layers, weights
// and Normalization's mean and variance), so gotrain.wasm does not carry a
// writer. The text is, byte for byte, what core.Standalone
// (core/standalone.go) writes for the same model and options:
// build/test/standalone_lockstep.test.mjs compares the two for a table of
// models. A change to one writer is a change to both.

import { cut, describe } from './options.js';

/** Each activation's JavaScript function of one value (softmax, of a row, is SOFTMAX), in core's order. */
const ACTIVATIONS = {
  linear: '(v) => v',
  relu: '(v) => (v > 0 ? v : 0)',
  leakyRelu: '(v) => (v < 0 ? v * 0.2 : v)',
  elu: '(v) => (v < 0 ? 1 * Math.expm1(v) : v)',
  sigmoid: '(v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))',
  tanh: 'Math.tanh',
  softmax: 'null',
  softplus: '(v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)))',
};

/** Normalization's floor of the standard deviation (core.NormEpsilon). */
const NORM_EPSILON = 1e-7;

const HEADER = `// Standalone predictor written by gotrain: plain JavaScript, no dependencies.
// predict(rows) -> rows of outputDim numbers; predictClasses(rows) -> indices or classNames.
`;

const SOFTMAX = `function softmax(z, m) {
  for (let r = 0; r < z.length; r += m) {
    let max = -Infinity, sum = 0, u;
    for (u = r; u < r + m; u++) if (z[u] > max || z[u] !== z[u]) max = z[u];
    for (u = r; u < r + m; u++) sum += z[u] = Math.exp(z[u] - max);
    for (u = r; u < r + m; u++) z[u] /= sum;
  }
}
`;

/** The module's code after its data: the decoder and the forward pass. */
const CODE = `function decode(s, size) {
  const v = new DataView(Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer);
  return Float64Array.from({ length: v.byteLength / size }, (_, i) => (size > 4 ? v.getFloat64(8 * i, true) : v.getFloat32(4 * i, true)));
}
function input(rows) {
  const d = inputDim, flat = ArrayBuffer.isView(rows) || typeof rows[0] === "number";
  const n = flat ? rows.length / d : rows.length, x = flat ? Float64Array.from(rows) : new Float64Array(n * d);
  if (n % 1) throw new Error("predict: " + rows.length + " values are not rows of " + d);
  if (!flat)
    rows.forEach((r, i) => {
      if (r?.length !== d) throw new Error("predict: row " + i + " has " + r?.length + " values, want " + d);
      x.set(r, i * d);
    });
  const k = x.findIndex((v) => !isFinite(v));
  if (k >= 0) throw new Error("predict: row " + ((k / d) | 0) + ", column " + (k % d) + " is " + x[k]);
  return [x, n];
}
export function predict(rows) {
  let [x, n] = input(rows), m = inputDim;
  for (const { kind, inputs: d, units, kernel: k, bias: b, stats: s, activation } of layers) {
    if (kind === "normalization") {
      for (let i = 0; i < x.length; i++) x[i] = (x[i] - S[s + (i % d)]) * S[s + d + (i % d)];
      continue;
    }
    const z = new Float64Array(n * (m = units)), f = A[activation];
    for (let r = 0; r < n; r++)
      for (let j = 0; j < d; j++)
        for (let u = 0, xj = x[r * d + j], o = k + j * m, q = r * m; u < m; u++) z[q + u] += xj * W[o + u];
    if (b >= 0) for (let i = 0; i < z.length; i++) z[i] += W[b + (i % m)];
    if (f) for (let i = 0; i < z.length; i++) z[i] = f(z[i]);
    else softmax(z, m);
    x = z;
  }
  return Array.from({ length: n }, (_, r) => Array.from(x.subarray(r * m, r * m + m)));
}
export function predictClasses(rows) {
  return predict(rows).map((p) => {
    let c = p.length > 1 ? 0 : +(p[0] > 0.5);
    for (let j = 1; j < p.length; j++) if (p[j] > p[c]) c = j;
    return classNames ? classNames[c] : c;
  });
}
`;

/**
 * The options of exportStandalone, checked: { dtype: 'float64'|'float32',
 * classNames: string[] | null }. Throws naming call.
 */
export function standaloneOptions(call, o) {
  const dtype = o.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    const s = [...String(dtype)];
    throw new Error(`${call}: dtype must be 'float32' or 'float64', got '${s.length > 64 ? `${s.slice(0, 64).join('')}…` : s.join('')}'`);
  }
  let classNames = null;
  if (o.classNames !== undefined && o.classNames !== null) {
    if (!Array.isArray(o.classNames)) throw new Error(`${call}: classNames must be an array of strings, got ${describe(o.classNames)}`);
    classNames = o.classNames.map((s, i) => {
      if (typeof s !== 'string') throw new Error(`${call}: classNames[${i}] must be a string, got ${describe(s)}`);
      return wellFormed(s);
    });
  }
  return { dtype, classNames };
}

/**
 * The module text for model, parsed from model.toJSON(), and the options
 * standaloneOptions returned. Throws naming call for a model not built, class
 * names of the wrong count or a layer the module cannot express.
 */
export function standaloneText(call, model, { dtype, classNames }) {
  const fail = (m) => new Error(`${call}: ${m}`);
  if (!(model.inputDim > 0)) throw fail('the model is not built yet (give the first layer an inputShape, or fit first)');
  const weights = [], stats = [], steps = [], used = new Set();
  let width = model.inputDim, next = 0;
  const take = (suffix, layer) => {
    const w = model.weights[next++];
    if (w?.name !== `${layer}/${suffix}`) throw fail(`layer ${cut(layer)}: no ${suffix} in the model's weights`);
    const at = weights.length;
    for (const v of w.data) weights.push(v);
    return at;
  };
  for (const l of model.layers) {
    const name = jsString(l.name);
    if (l.kind === 'dense') {
      const f = l.activation;
      if (!Object.hasOwn(ACTIVATIONS, f)) throw fail(`layer ${cut(l.name)}: activation ${cut(f)} has no JavaScript form`);
      used.add(f);
      const kernel = take('kernel', l.name);
      const bias = l.useBias ? take('bias', l.name) : -1;
      steps.push(`{name:${name},kind:"dense",activation:"${f}",inputs:${width},units:${l.units},kernel:${kernel},bias:${bias}}`);
      width = l.units;
    } else if (l.kind === 'normalization') {
      steps.push(`{name:${name},kind:"normalization",inputs:${width},stats:${stats.length}}`);
      for (const v of l.mean) stats.push(v);
      for (const v of l.variance) stats.push(1 / Math.max(Math.sqrt(v), NORM_EPSILON));
    } else if (l.kind !== 'dropout' && l.kind !== 'gaussianNoise') {
      // Dropout and GaussianNoise are the identity when predicting: no step.
      throw fail(`layer ${cut(l.name)}: a ${cut(l.kind)} layer cannot be written as a standalone predictor`);
    }
  }
  const n = classNames?.length ?? 0;
  if (n > 0 && ((width === 1 && n !== 2) || (width > 1 && n !== width))) {
    throw fail(`${n} class names for ${width} outputs; want ${width === 1 ? '2 (for 0 and 1)' : width}`);
  }
  const size = dtype === 'float32' ? 4 : 8;
  const names = n > 0 ? `[${classNames.map(jsString).join(',')}]` : 'null';
  let text = `${HEADER}export const dtype = "${dtype}", inputDim = ${model.inputDim}, outputDim = ${width};\nexport const classNames = ${names};\n`;
  text += `export const layers = [\n  ${steps.join(',\n  ')}\n];\nconst A = {`;
  for (const f of Object.keys(ACTIVATIONS)) if (used.has(f)) text += `\n  ${f}: ${ACTIVATIONS[f]},`;
  text += `\n};\nconst W = decode("${base64Floats(weights, size)}", ${size});\nconst S = decode("${base64Floats(stats, 8)}", 8);\n`;
  return text + (used.has('softmax') ? SOFTMAX : '') + CODE;
}

/** s with each lone surrogate replaced by U+FFFD, as Go receives a JS string. */
function wellFormed(s) {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * s as a JavaScript string literal that is also valid JSON and safe inside an
 * HTML <script> element: quotes and backslashes escaped, control characters,
 * <, >, &, U+2028 and U+2029 as \uXXXX (core's jsString).
 */
function jsString(s) {
  let out = '"';
  for (const ch of wellFormed(s)) {
    const c = ch.codePointAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The standard base64 of v as little-endian floats of size bytes (4: each rounded to float32). */
function base64Floats(v, size) {
  const bytes = new Uint8Array(v.length * size), view = new DataView(bytes.buffer);
  v.forEach((x, i) => (size === 4 ? view.setFloat32(4 * i, x, true) : view.setFloat64(8 * i, x, true)));
  const out = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const n = Math.min(3, bytes.length - i);
    const w = (bytes[i] << 16) | ((n > 1 ? bytes[i + 1] : 0) << 8) | (n > 2 ? bytes[i + 2] : 0);
    for (let j = 0; j < 4; j++) out.push(j <= n ? DIGITS[(w >> (18 - 6 * j)) & 63] : '=');
  }
  return out.join('');
}
