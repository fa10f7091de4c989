// mathformulas.js: the formulas of the math panel (mathpanel.js), each
// written with the live numbers of a model.trace(): an activation and its
// derivative, the loss, the normalization of the inputs, the optimizer's
// update. Every <mn> shows a number taken from the trace (or from the
// layer's description, for the normalization's μ and σ²) and names it with
// data-q (documented in mathpanel.js). Builders of DOM elements; no
// arithmetic on the numbers.

import { h } from './dom.js';
import {
  math, BR, imath, row, mi, mo, mn, mtext, frac, sub, sup, subsup, sqrt, paren, idx, dL, under, hat,
} from './mathml.js';

/** Element i of a vector (Float64Array, array or {data}). */
export function at(v, i) {
  if (!v) return undefined;
  const d = v.data ?? v;
  return d[i];
}
export function len(v) {
  if (!v) return 0;
  return (v.data ?? v).length;
}
/** W[i][j] for a kernel given as {shape, data} (row-major) or number[][]. */
export function at2(W, i, j) {
  if (!W) return undefined;
  if (Array.isArray(W) && Array.isArray(W[0])) return W[i][j];
  const cols = W.shape ? W.shape[1] : W.cols;
  return W.data[i * cols + j];
}
export function shapeOf(W) {
  if (!W) return [0, 0];
  if (Array.isArray(W) && Array.isArray(W[0])) return [W.length, W[0].length];
  return W.shape;
}

/** The activation's formula a = f(z) for one unit (z_j and a_j names). */
export function activationFormula(f, j) {
  // Fresh elements for every use: a DOM node can only be in one place.
  const z = () => idx('z', j);
  const a = () => idx('a', j);
  const e = (x) => sup(mi('e', true), x);
  const ez = () => e(z());
  const emz = () => e(row(mo('−'), z()));
  switch (f) {
    case 'linear':
      return [a(), mo('='), z()];
    case 'relu':
      return [a(), mo('='), mi('max', true), paren(row(mn(0), mo(','), z()))];
    case 'leakyRelu':
      return [a(), mo('='), z(), mtext(' if '), z(), mo('>'), mn(0), mtext(', else '), mn(0.2), mo('·'), z()];
    case 'elu':
      return [a(), mo('='), z(), mtext(' if '), z(), mo('>'), mn(0), mtext(', else '), ez(), mo('−'), mn(1)];
    case 'sigmoid':
      return [a(), mo('='), frac(mn(1), row(mn(1), mo('+'), emz()))];
    case 'tanh':
      return [a(), mo('='), frac(row(ez(), mo('−'), emz()), row(ez(), mo('+'), emz()))];
    case 'softmax':
      return [a(), mo('='), frac(ez(), row(under(mo('∑'), mi('k')), e(idx('z', 'k'))))];
    case 'softplus':
      return [a(), mo('='), mi('ln', true), paren(row(mn(1), mo('+'), ez()))];
  }
  return [a(), mo('='), mi('f'), paren(z())];
}

/** f(z) written with the number z in it: tanh(0.5), max(0, 0.5), σ(0.5) … */
export function applied(f, z) {
  switch (f) {
    case 'linear':
      return [z];
    case 'relu':
      return [mi('max', true), paren(row(mn(0), mo(','), z))];
    case 'sigmoid':
      return [mi('σ'), paren(z)];
    case 'softmax':
      return [sub(mi('softmax', true), mi('j')), paren(row(mi('z')))];
  }
  return [mi(f, true), paren(z)];
}

/** f′(z) in words and symbols, for the backward pass. */
export function derivativeText(f) {
  switch (f) {
    case 'linear':
      return 'For a linear unit f′(z) = 1, so ∂L/∂z = ∂L/∂a.';
    case 'relu':
      return 'ReLU passes the gradient where z > 0 and blocks it elsewhere: f′(z) = 1 if z > 0, else 0.';
    case 'leakyRelu':
      return 'Leaky ReLU: f′(z) = 1 if z > 0, else 0.2.';
    case 'elu':
      return 'ELU: f′(z) = 1 if z > 0, else a + 1.';
    case 'sigmoid':
      return 'Sigmoid: f′(z) = a·(1 − a).';
    case 'tanh':
      return 'tanh: f′(z) = 1 − a².';
    case 'softplus':
      return 'Softplus: f′(z) = sigmoid(z).';
    case 'softmax':
      return 'Softmax mixes all units: ∂L/∂z_j = a_j·(∂L/∂a_j − Σ_k a_k·∂L/∂a_k). With cross-entropy this is simply a − y (prediction minus one-hot label).';
  }
  return '';
}

export function lossBlock(lossName, trace, example, out, lastIndex) {
  const p = (k) => mn(at(out, k), `a:${lastIndex}:${k}`);
  const y = example.y;
  const L = () => mn(trace.loss, 'loss');
  const ln = (x) => row(mi('ln', true), paren(x));
  const yv = (k) => mn(Array.isArray(y) ? y[k] : y);
  const blocks = [];
  // With a kernel regularizer the trace's loss is the data loss plus the
  // penalty P (λ·Σw² for L2, λ·Σ|w| for L1): the formulas say so.
  const P = () => (trace.penalty ? [mo('+'), mi('P')] : []);
  switch (lossName) {
    case 'binaryCrossentropy': {
      // The brackets as loose operators, so that the line may wrap at its +.
      if (len(out) === 1) {
        blocks.push(
          math(mi('L'), mo('='), mo('−'), mo('['), mi('y'), mi('ln', true), mi('p'), mo('+'), paren(row(mn(1), mo('−'), mi('y'))), mi('ln', true), paren(row(mn(1), mo('−'), mi('p'))), mo(']'), ...P()),
          math(mo('='), mo('−'), mo('['), yv(0), mo('·'), ln(p(0)), mo('+'), paren(row(mn(1), mo('−'), yv(0))), mo('·'), ln(row(mn(1), mo('−'), p(0))), mo(']'), ...P(), mo('='), L()),
        );
      } else {
        blocks.push(math(mi('L'), mo('='), mo('−'), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), mo('['), idx('y', 'k'), mi('ln', true), idx('p', 'k'), mo('+'), paren(row(mn(1), mo('−'), idx('y', 'k'))), mi('ln', true), paren(row(mn(1), mo('−'), idx('p', 'k'))), mo(']'), ...P(), mo('='), L()));
      }
      break;
    }
    case 'sparseCategoricalCrossentropy': {
      const c = Array.isArray(y) ? y[0] : y;
      blocks.push(
        math(mi('L'), mo('='), mo('−'), mi('ln', true), idx('p', 'y'), ...P(), mo('='), mo('−'), mi('ln', true), p(c), ...P(), mo('='), L()),
        h('p', { class: 'note', text: `The true class is y = ${c}${example.label ? ` (${example.label})` : ''}; only its predicted probability p_y counts.` }),
      );
      break;
    }
    case 'categoricalCrossentropy':
      blocks.push(math(mi('L'), mo('='), mo('−'), under(mo('∑'), mi('k')), idx('y', 'k'), mi('ln', true), idx('p', 'k'), ...P(), mo('='), L()));
      break;
    case 'meanSquaredError':
      blocks.push(math(mi('L'), mo('='), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), sup(paren(row(idx('y', 'k'), mo('−'), idx('p', 'k'))), mn(2)), ...P(), mo('='), L()));
      if (len(out) === 1) blocks.push(math(mi('L'), mo('='), sup(paren(row(yv(0), mo('−'), p(0))), mn(2)), ...P(), mo('='), L()));
      break;
    case 'meanAbsoluteError':
      blocks.push(math(mi('L'), mo('='), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), row(mo('|'), idx('y', 'k'), mo('−'), idx('p', 'k'), mo('|')), ...P(), mo('='), L()));
      break;
    default:
      blocks.push(math(mi('L'), mo('='), L()));
  }
  if (trace.penalty) {
    blocks.push(
      h('p', {}, 'P is the regularization penalty on the kernels, λ·Σw² for L2 (λ·Σ|w| for L1), added to the loss of the example:'),
      math(mi('P'), mo('='), mn(trace.penalty, 'penalty')),
    );
  }
  return blocks;
}

export function optimizerBlock(tr, lt, li, i, j) {
  const opt = tr.optimizer || {};
  const cfg = opt.config || {};
  const name = (opt.name || cfg.name || '').toLowerCase();
  const t = (opt.step ?? 0) + 1;
  const g = (wrap = true) => mn(at(lt.dLdW, i * shapeOf(lt.W)[1] + j), `dLdW:${li}:${i}:${j}`, wrap);
  const W = () => mn(at2(lt.W, i, j), `W:${li}:${i}:${j}`, true);
  const dW = () => mn(at(lt.deltaW, i * shapeOf(lt.W)[1] + j), `deltaW:${li}:${i}:${j}`);
  const flat = i * shapeOf(lt.W)[1] + j;
  const state = (slot, fallback = 0) => {
    const s = lt.stateW?.[slot];
    return s && len(s) ? mn(at(s, flat), `stateW.${slot}:${li}:${i}:${j}`, true) : mn(fallback, null, true);
  };
  const eta = () => mn(cfg.learningRate);
  const w = () => idx('W', i, j);
  const out = [];
  out.push(
    h('p', {}, 'The gradient of this weight is ', imath(mi('g'), mo('='), dL(w()), mo('='), g()), `. The optimizer is ${name || 'unknown'} with learning rate `, imath(mi('η'), mo('='), eta()), '; this update is number ', imath(mi('t'), mo('='), mn(t, 't')), ' (', imath(mn(opt.step ?? 0, 'step')), ' applied so far).'),
  );
  const fresh = !lt.stateW || !Object.keys(lt.stateW).length;
  switch (name) {
    case 'sgd':
      out.push(math(mi('Δ'), w(), mo('='), mo('−'), mi('η'), mi('g'), BR, mo('='), mo('−'), eta(), mo('·'), g(), mo('='), dW()));
      break;
    case 'momentum':
      out.push(
        math(mi('v'), mo('←'), mi('μ'), mi('v'), mo('+'), mi('g'), BR, mo('='), mn(cfg.momentum), mo('·'), state('velocity'), mo('+'), g()),
        math(mi('Δ'), w(), mo('='), mo('−'), mi('η'), mi('v'), mo('='), dW()),
      );
      break;
    case 'adam':
      out.push(
        h('p', {}, 'Adam keeps running averages of the gradient (m) and of its square (v), corrects their bias towards 0 in the first steps, and scales the step by them.' + (fresh ? ' Before the first update m and v are 0.' : '')),
        math(mi('m'), mo('←'), sub('β', mn(1)), mi('m'), mo('+'), paren(row(mn(1), mo('−'), sub('β', mn(1)))), mi('g'), BR, mo('='), mn(cfg.beta1), mo('·'), state('m'), mo('+'), paren(row(mn(1), mo('−'), mn(cfg.beta1))), mo('·'), g()),
        math(mi('v'), mo('←'), sub('β', mn(2)), mi('v'), mo('+'), paren(row(mn(1), mo('−'), sub('β', mn(2)))), sup('g', mn(2)), BR, mo('='), mn(cfg.beta2), mo('·'), state('v'), mo('+'), paren(row(mn(1), mo('−'), mn(cfg.beta2))), mo('·'), sup(paren(g(false)), mn(2))),
        math(hat('m'), mo('='), frac(mi('m'), row(mn(1), mo('−'), subsup(mi('β'), mn(1), mi('t')))), mo(','), mtext('\u2003'), hat('v'), mo('='), frac(mi('v'), row(mn(1), mo('−'), subsup(mi('β'), mn(2), mi('t')))), mo(','), mtext('\u2003'), mi('t'), mo('='), mn(t)),
        math(mi('Δ'), w(), mo('='), mo('−'), mi('η'), frac(hat('m'), row(sqrt(hat('v')), mo('+'), mi('ε'))), mo('='), dW()),
        h('p', { class: 'note' }, 'ε = ', imath(mn(cfg.epsilon)), ' keeps the division finite.'),
      );
      break;
    case 'rmsprop':
      out.push(
        math(mi('s'), mo('←'), mi('ρ'), mi('s'), mo('+'), paren(row(mn(1), mo('−'), mi('ρ'))), sup('g', mn(2)), BR, mo('='), mn(cfg.rho), mo('·'), state('meanSquare'), mo('+'), paren(row(mn(1), mo('−'), mn(cfg.rho))), mo('·'), sup(paren(g(false)), mn(2))),
        math(mi('Δ'), w(), mo('='), mo('−'), mi('η'), frac(mi('g'), sqrt(row(mi('s'), mo('+'), mi('ε')))), mo('='), dW()),
      );
      break;
    case 'adagrad':
      out.push(
        math(mi('A'), mo('←'), mi('A'), mo('+'), sup('g', mn(2)), BR, mo('='), state('accumulator', cfg.initialAccumulatorValue ?? 0), mo('+'), sup(paren(g(false)), mn(2))),
        math(mi('Δ'), w(), mo('='), mo('−'), mi('η'), frac(mi('g'), sqrt(row(mi('A'), mo('+'), mi('ε')))), mo('='), dW()),
      );
      break;
    default:
      out.push(math(mi('Δ'), w(), mo('='), dW()));
  }
  out.push(math(w(), mo('←'), w(), mo('+'), mi('Δ'), w(), BR, mo('='), W(), mo('+'), mn(at(lt.deltaW, flat), null, true)));
  if (lt.b && len(lt.b)) {
    out.push(
      h('p', {}, 'The bias follows the same rule with its own gradient: ', imath(idx('b', j), mo('←'), mn(at(lt.b, j), `b:${li}:${j}`, true), mo('+'), mn(at(lt.deltaB, j), `deltaB:${li}:${j}`, true)), '.'),
    );
  }
  return out;
}

/**
 * A normalization layer's block: x̂ᵢ = (xᵢ − μᵢ)/σᵢ with σᵢ = max(√σ²ᵢ, ε)
 * (core's rule, ε = 10⁻⁷), then each shown input with its μ and σ² (from
 * the layer's description) and its output (from the trace).
 */
export function normalizationBlock(l, k, info) {
  const kids = [
    h('p', {}, 'Scales each input with the mean μ and variance σ² it learned from the training data (adapt, or the first fit), so that every input is centred on 0 with spread 1:'),
    math(idx(hat('x'), 'i'), mo('='), frac(row(idx('x', 'i'), mo('−'), idx('μ', 'i')), idx('σ', 'i')), mo(','), mtext('\u2003'), idx('σ', 'i'), mo('='), mi('max', true), paren(row(sqrt(sup(idx('σ', 'i'), mn(2))), mo(','), mi('ε'))), mo(','), mtext('\u2003'), mi('ε'), mo('='), mn(1e-7)),
  ];
  const mean = info?.mean;
  const variance = info?.variance;
  if (!mean || !variance) {
    kids.push(h('p', { class: 'note', text: 'It has not learned them yet: the first fit will.' }));
    return kids;
  }
  const n = Math.min(len(l.input), 4);
  for (let i = 0; i < n; i++) {
    kids.push(math(idx(hat('x'), i), mo('='), frac(row(mn(at(l.input, i), `input:${k}:${i}`, true), mo('−'), mn(at(mean, i), `mean:${k}:${i}`, true)), sqrt(mn(at(variance, i), `variance:${k}:${i}`))), mo('='), mn(at(l.a, i), `a:${k}:${i}`)));
  }
  if (len(l.input) > n) kids.push(h('p', { class: 'note', text: `… and so on for the other ${len(l.input) - n} inputs.` }));
  return kids;
}
