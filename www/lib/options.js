// options.js: checking what a caller passed. describe() names a value in an
// error message; options() accepts an options object with known keys only,
// so that a typo such as `epoch: 5` is an error that suggests the right name;
// cut() shortens untrusted text (file names, URLs, keys, names read from a
// file) before a message quotes it, so that a 50 MB name makes a short error.

/** How many characters of untrusted text a message quotes. */
export const CUT_LENGTH = 60;

/**
 * s (any value, as a string) cut to n characters and '…': what a message
 * quotes of text it did not write. A surrogate pair is never split.
 */
export function cut(s, n = CUT_LENGTH) {
  const t = typeof s === 'string' ? s : String(s);
  if (t.length <= n) return t;
  const end = /[\uD800-\uDBFF]/.test(t[n - 1]) ? n - 1 : n;
  return `${t.slice(0, end)}…`;
}

/** The message of a caught value e, cut: for quoting an error that came from elsewhere. */
export function messageOf(e, n = 300) {
  let m;
  try {
    m = e?.message ?? e;
  } catch {
    m = 'an error';
  }
  return cut(typeof m === 'string' ? m : safeString(m), n);
}

function safeString(v) {
  try {
    return String(v);
  } catch {
    return 'a value';
  }
}

/** A short description of v for error messages: 'abc', 5, an array, a Float32Array … */
export function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  switch (typeof v) {
    case 'string':
      return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
    case 'object':
      return 'an object';
    case 'function':
      return 'a function';
    default:
      return String(v);
  }
}

/** Levenshtein distance between a and b. */
export function editDistance(a, b) {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/**
 * The error for an unknown name k among known: "call: unknown what 'k' (did
 * you mean 'x'?); known: a, b, c".
 */
export function unknownName(call, what, k, known) {
  // Only names within 2 characters of k's length can be 2 edits away: a
  // huge k costs nothing.
  const close = known.find((n) => Math.abs(n.length - k.length) <= 2 && editDistance(n.toLowerCase(), k.toLowerCase()) <= 2);
  return new Error(`${call}: unknown ${what} '${cut(k)}'${close ? ` (did you mean '${close}'?)` : ''}; known: ${known.join(', ')}`);
}

/** The options whose value may be a function (loadLayersModel's fetchFunc; fit's callbacks, checked by fit). */
const FUNCTION_OPTIONS = ['fetchFunc', 'callbacks'];

/**
 * Checks that o is an options object with only known keys; returns it (or
 * {} for undefined/null). A typo such as `epoch: 5` is an error naming it.
 */
export function options(call, o, known, what = 'option') {
  if (o === undefined || o === null) return {};
  if (typeof o !== 'object' || Array.isArray(o) || ArrayBuffer.isView(o)) {
    throw new Error(`${call}: ${what}s must be an object, got ${describe(o)}`);
  }
  for (const k of Object.keys(o)) {
    if (!known.includes(k)) throw unknownName(call, what, k, known);
    const t = typeof o[k];
    if (t === 'bigint' || t === 'symbol') throw new Error(`${call}: ${cut(k)} must be a number, not a ${t}`);
    // Checked here, in both modes: a worker could not even be sent one.
    if (t === 'function' && !FUNCTION_OPTIONS.includes(k)) throw new Error(`${call}: ${k} cannot be a function`);
  }
  return o;
}

/** JSON.stringify(v), or an error naming the call (a cyclic object, a BigInt) instead of a raw TypeError. */
export function jsonString(call, what, v) {
  try {
    return JSON.stringify(v);
  } catch (e) {
    throw new Error(`${call}: ${what} cannot be written as JSON (${messageOf(e).split('\n')[0]})`);
  }
}
