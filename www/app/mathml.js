// mathml.js: a tiny builder for MathML elements (rendered natively by
// Chromium; no library). Text goes in as text nodes, never as markup.

import { num } from './format.js';

export const MATHML = 'http://www.w3.org/1998/Math/MathML';

function m(tag, ...kids) {
  const e = document.createElementNS(MATHML, tag);
  for (const k of kids) {
    if (k == null || k === false) continue;
    e.append(typeof k === 'string' ? document.createTextNode(k) : k);
  }
  return e;
}

/** Marks a line break inside math(...): the rest goes on a new, indented line. */
export const BR = Symbol('line break');

/** Operators a formula may break before (binary + and − only: a − right after an operator is a sign). */
const BREAK_BEFORE = new Set(['=', '←', '+', '−', '≈']);
const OPERATOR = (k) => k?.localName === 'mo';

/**
 * A formula's kids as chunks that may wrap: a new chunk before =, ← and a
 * binary + or −, and after a comma (vectors). Each chunk becomes its own
 * <math>, so a long formula wraps at those points instead of running out
 * of its box; nested rows (fractions, brackets) never break.
 */
function chunks(kids) {
  const out = [];
  let cur = [];
  let prev = null;
  for (const k of kids.flat(Infinity)) {
    if (k == null || k === false) continue;
    const text = OPERATOR(k) ? k.textContent : null;
    const binary = text === '+' || text === '−' ? prev && !OPERATOR(prev) : true;
    if (cur.length && text && BREAK_BEFORE.has(text) && binary) {
      out.push(cur);
      cur = [];
      // First in its own <math> it would count as a prefix operator and
      // lose its spacing: it is still the infix operator it was.
      k.setAttribute('form', 'infix');
    }
    cur.push(k);
    if (text === ',') {
      out.push(cur);
      cur = [];
    }
    prev = k;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** One line of a formula: its chunks as inline <math> elements, with break opportunities between them. */
function line(kids) {
  const div = document.createElement('div');
  div.className = 'mline';
  chunks(kids).forEach((c, i) => {
    if (i) div.append('\u200b');
    div.append(m('math', m('mrow', ...c)));
  });
  return div;
}

/**
 * A display formula on its own left-aligned line (a block of inline <math>:
 * block math would be centred), wrapping at its operators when it does not
 * fit; with BR markers, one line per part, later lines indented.
 */
export function math(...kids) {
  if (!kids.includes(BR)) return line(kids);
  const div = document.createElement('div');
  div.className = 'eq';
  let cur = [];
  for (const k of kids) {
    if (k === BR) {
      div.append(line(cur));
      cur = [];
    } else cur.push(k);
  }
  div.append(line(cur));
  return div;
}
/** Inline <math>. */
export function imath(...kids) {
  return m('math', m('mrow', ...kids));
}
export const row = (...k) => m('mrow', ...k);
export const mi = (t, normal = false) => {
  const e = m('mi', t);
  if (normal) e.setAttribute('mathvariant', 'normal');
  return e;
};
export const mo = (t) => m('mo', t);
export const mtext = (t) => m('mtext', t);
export const frac = (a, b) => m('mfrac', a, b);
export const sub = (a, b) => m('msub', typeof a === 'string' ? mi(a) : a, typeof b === 'string' ? mi(b) : b);
export const sup = (a, b) => m('msup', typeof a === 'string' ? mi(a) : a, typeof b === 'string' ? mi(b) : b);
export const subsup = (a, b, c) => m('msubsup', typeof a === 'string' ? mi(a) : a, b, c);
export const sqrt = (...k) => m('msqrt', ...k);
export const under = (a, b) => m('munder', a, b);
export const underover = (a, b, c) => m('munderover', a, b, c);
export const paren = (...k) => row(mo('('), ...k, mo(')'));
export const bracket = (...k) => row(mo('['), ...k, mo(']'));
export const space = () => {
  const e = m('mspace');
  e.setAttribute('width', '0.5em');
  return e;
};

/**
 * A number from the API as <mn>, formatted by format.num. q names the
 * quantity (data-q, see mathpanel.js) so that the page's text can be
 * checked against model.trace. Negative numbers in a product or sum are
 * wrapped in parentheses when wrap is true.
 */
export function mn(v, q, wrap = false) {
  const e = m('mn', num(v));
  if (q) e.setAttribute('data-q', q);
  if (wrap && v < 0) return paren(e);
  return e;
}

/** Index subscript with 1-based numbers: sub('W', 1, 3) → W₁,₃. */
export function idx(name, ...ix) {
  const parts = [];
  ix.forEach((i, k) => {
    if (k) parts.push(mo(','));
    parts.push(typeof i === 'number' ? m('mn', String(i + 1)) : mi(i));
  });
  return sub(typeof name === 'string' ? mi(name) : name, parts.length === 1 ? parts[0] : row(...parts));
}

/** x with a hat (m̂, v̂, x̂): U+02C6 as an accent over it, the character math fonts place as a hat. */
export function hat(x) {
  const e = m('mover', typeof x === 'string' ? mi(x) : x, mo('\u02c6'));
  e.setAttribute('accent', 'true');
  e.lastChild.setAttribute('stretchy', 'false');
  return e;
}

/** d L / d (thing): ∂L/∂thing as a fraction. */
export function dL(thing) {
  return frac(row(mo('∂'), mi('L')), row(mo('∂'), thing));
}
