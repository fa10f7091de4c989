// format.js: how the page writes numbers. Formatting only, no arithmetic on
// the values: everything shown comes from the API.

/** U+2212, the typographic minus sign, used in displayed numbers. */
export const MINUS = '\u2212';

/**
 * A number as the page shows it: 4 significant digits, exponent form for
 * very small or large magnitudes, '−' for negatives, trailing zeros trimmed.
 */
export function num(v, digits = 4) {
  if (v === undefined || v === null) return '';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : MINUS + '∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s;
  if (a >= 1e-4 && a < 1e6) {
    s = v.toPrecision(digits);
    if (s.includes('e')) s = String(Number(s));
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    s = v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  }
  return s.replace('-', MINUS).replace('e+', 'e').replace('e-', 'e' + MINUS);
}

/** Parses what num() wrote (for tests and for reading the page back). */
export function parseNum(text) {
  const t = String(text).trim().replaceAll(MINUS, '-').replace('∞', 'Infinity');
  return Number(t);
}

/** A fraction in [0, 1] as a percentage with one decimal: 0.9567 → "95.7%". */
export function pct(v) {
  if (!Number.isFinite(v)) return '–';
  return (v * 100).toFixed(1) + '%';
}

/** Whole numbers with thin grouping: 12345 → "12 345". */
export function int(v) {
  if (!Number.isFinite(v)) return '–';
  return Math.round(v).toLocaleString('en-US').replaceAll(',', '\u2009');
}

/** The epoch counter's form: 30 → "000,030", 1234567 → "1234,567". */
export function epochText(n) {
  return String(n).padStart(6, '0').replace(/(\d{3})(\d{3})$/, '$1,$2');
}

/** An error's message for the page (what was thrown may be anything). */
export function errorText(e) {
  return (e && e.message) || String(e);
}
