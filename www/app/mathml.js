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

/**
 * <math display="block"> around the children; with BR markers, one block
 * per line inside a <div class="eq">, later lines indented.
 */
export function math(...kids) {
  // A display-style formula on its own left-aligned line: inline <math>
  // in a block (block math would be centred), math-style normal (CSS).
  const block = (k) => {
    const line = document.createElement('div');
    line.className = 'mline';
    line.append(m('math', m('mrow', ...k)));
    return line;
  };
  if (!kids.includes(BR)) return block(kids);
  const div = document.createElement('div');
  div.className = 'eq';
  let cur = [];
  for (const k of kids) {
    if (k === BR) {
      div.append(block(cur));
      cur = [];
    } else cur.push(k);
  }
  div.append(block(cur));
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

/** d L / d (thing): ∂L/∂thing as a fraction. */
export function dL(thing) {
  return frac(row(mo('∂'), mi('L')), row(mo('∂'), thing));
}
