// dropoutmath.js: the math panel's dropout layer. In a training trace
// (model.trace(x, y, { training: true }), which the math panel asks for
// when the model has dropout) the layer's mask is the next training step's
// own: 0 for a dropped unit, 1/(1 − rate) for a kept one, and a = x · mask.
// Shown: the rule, the scale 1/(1 − rate) with the kept units' mask value,
// which units are dropped, the mask, and a few units' a = x · m with their
// numbers. Every number is the trace's (data-q mask:LAYER:I, input, a) or
// the layer's description (its rate); nothing is computed here.

import { h } from './dom.js';
import { math, row, mi, mo, mn, frac, idx } from './mathml.js';
import { at, len } from './mathformulas.js';

const MAX_UNITS = 4; // units whose a = x · m is written out

/**
 * @param {object} l the dropout layer's trace (input, a, mask)
 * @param {number} k its index in trace.layers
 * @param {{rate?: number}} [info] its description (model.layers[k])
 * @param {(v, q: string, k: number) => Node[]} vector mathpanel's vector writer
 * @returns {Node[]}
 */
export function dropoutBlock(l, k, info, vector) {
  const rate = info?.rate;
  const out = [];
  if (!l.mask || !len(l.mask)) {
    out.push(
      h('p', { text: 'Dropout zeroes random units while training (and scales up the rest); when predicting it passes its input through unchanged, as in this trace.' }),
      math(mi('a'), mo('='), vector(l.a, 'a', k)),
    );
    return out;
  }
  const n = len(l.mask);
  const dropped = [];
  let kept = -1;
  for (let i = 0; i < n; i++) {
    if (at(l.mask, i) === 0) dropped.push(i + 1);
    else if (kept < 0) kept = i;
  }
  out.push(
    h('p', {}, `While training, dropout drops each unit with probability p = ${rate ?? 'rate'} and multiplies the kept ones by 1/(1 − p), so that the layer's output is on average what it is when predicting (when it passes its input through). This is the mask of the next training step, the one Step below uses:`),
  );
  if (kept >= 0) {
    out.push(math(mi('scale'), mo('='), frac(mn(1), row(mn(1), mo('−'), mi('p'))), mo('='), frac(mn(1), row(mn(1), mo('−'), mn(rate))), mo('='), mn(at(l.mask, kept), `mask:${k}:${kept}`)));
  }
  out.push(
    h('p', { class: 'dropout-dropped', 'data-dropped': dropped.join(',') }, dropped.length
      ? `Dropped in this step: unit${dropped.length > 1 ? 's' : ''} ${dropped.join(', ')} (${dropped.length} of ${n}); ${dropped.length > 1 ? 'their mask is 0, and so are their outputs and the gradients through them' : 'its mask is 0, and so are its output and the gradient through it'}.`
      : `No unit is dropped in this step (0 of ${n}).`),
    math(mi('m'), mo('='), vector(l.mask, 'mask', k)),
  );
  for (let i = 0; i < Math.min(n, MAX_UNITS); i++) {
    out.push(math(idx('a', i), mo('='), idx('x', i), mo('·'), idx('m', i), mo('='), mn(at(l.input, i), `input:${k}:${i}`, true), mo('·'), mn(at(l.mask, i), `mask:${k}:${i}`), mo('='), mn(at(l.a, i), `a:${k}:${i}`)));
  }
  if (n > MAX_UNITS) out.push(h('p', { class: 'note', text: `… and so on for the other ${n - MAX_UNITS} units.` }));
  out.push(math(mi('a'), mo('='), vector(l.a, 'a', k)));
  return out;
}
