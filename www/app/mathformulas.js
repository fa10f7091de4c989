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

/** x′, the value after the update: x with a prime as its superscript. */
const primed = (x) => sup(mi(x), mo('\u2032'));
/**
 * x̂ as one italic letter with a combining circumflex (U+0302), which the
 * font places over the letter; a MathML accent over a lone letter sat off
 * to its side in Chromium.
 */
const hatted = (x) => {
  const e = mi(`${x}\u0302`);
  e.classList.add('m-it');
  return e;
};

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
  // With a kernel regularizer the formula gives the data loss (trace.dataLoss)
  // and a last line adds the penalty P: data loss + P = the total (trace.loss).
  const reg = !!trace.penalty;
  const L = () => (reg ? mn(trace.dataLoss, 'dataLoss') : mn(trace.loss, 'loss'));
  const ln = (x) => row(mi('ln', true), paren(x));
  const yv = (k) => mn(Array.isArray(y) ? y[k] : y);
  const blocks = [];
  const Lh = () => (reg ? sub('L', mtext('data')) : mi('L'));
  switch (lossName) {
    case 'binaryCrossentropy': {
      // The brackets as loose operators, so that the line may wrap at its +.
      if (len(out) === 1) {
        blocks.push(
          math(Lh(), mo('='), mo('−'), mo('['), mi('y'), mi('ln', true), mi('p'), mo('+'), paren(row(mn(1), mo('−'), mi('y'))), mi('ln', true), paren(row(mn(1), mo('−'), mi('p'))), mo(']')),
          math(mo('='), mo('−'), mo('['), yv(0), mo('·'), ln(p(0)), mo('+'), paren(row(mn(1), mo('−'), yv(0))), mo('·'), ln(row(mn(1), mo('−'), p(0))), mo(']'), mo('='), L()),
        );
      } else {
        blocks.push(math(Lh(), mo('='), mo('−'), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), mo('['), idx('y', 'k'), mi('ln', true), idx('p', 'k'), mo('+'), paren(row(mn(1), mo('−'), idx('y', 'k'))), mi('ln', true), paren(row(mn(1), mo('−'), idx('p', 'k'))), mo(']'), mo('='), L()));
      }
      break;
    }
    case 'sparseCategoricalCrossentropy': {
      const c = Array.isArray(y) ? y[0] : y;
      blocks.push(
        math(Lh(), mo('='), mo('−'), mi('ln', true), idx('p', 'y'), mo('='), mo('−'), mi('ln', true), p(c), mo('='), L()),
        h('p', { class: 'note', text: `The true class is y = ${c}${example.label ? ` (${example.label})` : ''}; only its predicted probability p_y counts.` }),
      );
      break;
    }
    case 'categoricalCrossentropy':
      blocks.push(math(Lh(), mo('='), mo('−'), under(mo('∑'), mi('k')), idx('y', 'k'), mi('ln', true), idx('p', 'k'), mo('='), L()));
      break;
    case 'meanSquaredError':
      blocks.push(math(Lh(), mo('='), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), sup(paren(row(idx('y', 'k'), mo('−'), idx('p', 'k'))), mn(2)), mo('='), L()));
      if (len(out) === 1) blocks.push(math(Lh(), mo('='), sup(paren(row(yv(0), mo('−'), p(0))), mn(2)), mo('='), L()));
      break;
    case 'meanAbsoluteError':
      blocks.push(math(Lh(), mo('='), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), row(mo('|'), idx('y', 'k'), mo('−'), idx('p', 'k'), mo('|')), mo('='), L()));
      break;
    default:
      blocks.push(math(Lh(), mo('='), L()));
  }
  const mean = h('p', { class: 'note' }, 'The optimizer minimizes the mean of this loss over a batch of N examples, ', imath(mi('L'), mo('='), frac(mn(1), mi('N')), under(mo('∑'), mi('n')), sub('L', mi('n'))), '; Step trains on this one example, so ', imath(mi('N'), mo('='), mn(trace.rows ?? 1, 'rows')), ' and the mean is its loss.');
  blocks.push(mean);
  if (reg) {
    blocks.push(
      h('p', {}, 'With regularization the loss also counts the penalty P on the kernels, λ·Σw² for L2 (λ·Σ|w| for L1): the loss the optimizer minimizes is the data loss above plus P.'),
      math(mi('P'), mo('='), mn(trace.penalty, 'penalty')),
      math(mi('L'), mo('='), sub('L', mtext('data')), mo('+'), mi('P'), BR, mo('='), mn(trace.dataLoss, 'dataLoss'), mo('+'), mn(trace.penalty, 'penalty'), mo('='), mn(trace.loss, 'loss')),
    );
  }
  return blocks;
}

export function optimizerBlock(tr, lt, li, i, j) {
  const opt = tr.optimizer || {};
  const cfg = opt.config || {};
  const name = (opt.name || cfg.name || '').toLowerCase();
  const t = (opt.step ?? 0) + 1;
  const u = lt.updateW || {};
  const flat = i * shapeOf(lt.W)[1] + j;
  const ij = `${li}:${i}:${j}`;
  // Every number of the update from trace.layers[li].updateW (data-q
  // updateW.FIELD or updateW.newState.SLOT); the state before the step
  // (stateW.SLOT) is empty before the first update, when it is 0.
  const g = (wrap = true) => mn(at(lt.dLdW, flat), `dLdW:${ij}`, wrap);
  const W = () => mn(at2(lt.W, i, j), `W:${ij}`, true);
  const dW = (wrap = false) => mn(at(lt.deltaW, flat), `deltaW:${ij}`, wrap);
  const term = (f, wrap = false) => mn(at(u[f], flat), `updateW.${f}:${ij}`, wrap);
  const after = (slot, wrap = false) => mn(at(u.newState?.[slot], flat), `updateW.newState.${slot}:${ij}`, wrap);
  const before = (slot, fallback = 0) => {
    const s = lt.stateW?.[slot];
    return s && len(s) ? mn(at(s, flat), `stateW.${slot}:${ij}`, true) : mn(fallback, null, true);
  };
  const eta = () => mn(cfg.learningRate);
  const w = () => idx('W', i, j);
  const dw = () => row(mi('Δ'), w());
  const one = (x) => paren(row(mn(1), mo('−'), x));
  const out = [];
  out.push(
    h('p', {}, 'The gradient of this weight is ', imath(mi('g'), mo('='), dL(w()), mo('='), g()), `. The optimizer is ${name || 'unknown'} with learning rate `, imath(mi('η'), mo('='), eta()), '; this update is number ', imath(mi('t'), mo('='), mn(t, 't')), ' (', imath(mn(opt.step ?? 0, 'step')), ' applied so far). Primes mark the values after this update.'),
  );
  const fresh = !lt.stateW || !Object.keys(lt.stateW).length;
  switch (name) {
    case 'sgd':
      out.push(math(dw(), mo('='), mo('−'), mi('η'), mi('g'), BR, mo('='), mo('−'), eta(), mo('·'), g(), mo('='), dW()));
      break;
    case 'momentum': {
      const mu = () => mn(cfg.momentum);
      out.push(
        h('p', {}, 'Momentum keeps a velocity v, a running sum of the gradients.' + (fresh ? ' Before the first update v is 0.' : '')),
        math(primed('v'), mo('='), mi('μ'), mi('v'), mo('+'), mi('g'), BR, mo('='), mu(), mo('·'), before('velocity'), mo('+'), g(), mo('='), after('velocity')),
      );
      if (cfg.nesterov) {
        out.push(
          math(mi('l'), mo('='), mi('g'), mo('+'), mi('μ'), primed('v'), BR, mo('='), g(), mo('+'), mu(), mo('·'), after('velocity', true), mo('='), term('lookahead')),
          math(dw(), mo('='), mo('−'), mi('η'), mi('l'), BR, mo('='), mo('−'), eta(), mo('·'), term('lookahead', true), mo('='), dW()),
        );
      } else {
        out.push(math(dw(), mo('='), mo('−'), mi('η'), primed('v'), BR, mo('='), mo('−'), eta(), mo('·'), after('velocity', true), mo('='), dW()));
      }
      break;
    }
    case 'adam': {
      const b1 = () => mn(cfg.beta1);
      const b2 = () => mn(cfg.beta2);
      out.push(
        h('p', {}, 'Adam keeps running averages of the gradient (m) and of its square (v), corrects their bias towards 0 in the first steps, and scales the step by them.' + (fresh ? ' Before the first update m and v are 0.' : '')),
        math(primed('m'), mo('='), sub('β', mn(1)), mi('m'), mo('+'), one(sub('β', mn(1))), mi('g'), BR, mo('='), b1(), mo('·'), before('m'), mo('+'), one(b1()), mo('·'), g(), mo('='), after('m')),
        math(primed('v'), mo('='), sub('β', mn(2)), mi('v'), mo('+'), one(sub('β', mn(2))), sup('g', mn(2)), BR, mo('='), b2(), mo('·'), before('v'), mo('+'), one(b2()), mo('·'), sup(paren(g(false)), mn(2)), mo('='), after('v')),
        h('p', {}, 'The bias corrections for update t: ', imath(mn(1), mo('−'), subsup(mi('β'), mn(1), mi('t')), mo('='), mn(opt.biasCorrection1, 'biasCorrection1')), ' and ', imath(mn(1), mo('−'), subsup(mi('β'), mn(2), mi('t')), mo('='), mn(opt.biasCorrection2, 'biasCorrection2')), '.'),
        math(hatted('m'), mo('='), frac(primed('m'), row(mn(1), mo('−'), subsup(mi('β'), mn(1), mi('t')))), mo('='), frac(after('m'), mn(opt.biasCorrection1, 'biasCorrection1')), mo('='), term('mHat')),
        math(hatted('v'), mo('='), frac(primed('v'), row(mn(1), mo('−'), subsup(mi('β'), mn(2), mi('t')))), mo('='), frac(after('v'), mn(opt.biasCorrection2, 'biasCorrection2')), mo('='), term('vHat')),
        math(mi('d'), mo('='), sqrt(hatted('v')), mo('+'), mi('ε'), mo('='), sqrt(term('vHat')), mo('+'), mn(cfg.epsilon), mo('='), term('denominator')),
        math(dw(), mo('='), mo('−'), mi('η'), frac(hatted('m'), mi('d')), BR, mo('='), mo('−'), eta(), mo('·'), frac(term('mHat'), term('denominator')), mo('='), dW()),
        h('p', { class: 'note' }, 'ε = ', imath(mn(cfg.epsilon)), ' keeps the division finite.'),
      );
      break;
    }
    case 'rmsprop': {
      const rho = () => mn(cfg.rho);
      out.push(
        h('p', {}, 'RMSprop keeps a running average s of the squared gradient and divides the step by its root.' + (fresh ? ' Before the first update s is 0.' : '')),
        math(primed('s'), mo('='), mi('ρ'), mi('s'), mo('+'), one(mi('ρ')), sup('g', mn(2)), BR, mo('='), rho(), mo('·'), before('meanSquare'), mo('+'), one(rho()), mo('·'), sup(paren(g(false)), mn(2)), mo('='), after('meanSquare')),
        math(mi('d'), mo('='), sqrt(row(primed('s'), mo('+'), mi('ε'))), mo('='), sqrt(row(after('meanSquare'), mo('+'), mn(cfg.epsilon))), mo('='), term('denominator')),
      );
      if (cfg.momentum > 0) {
        out.push(
          math(primed('u'), mo('='), mi('μ'), mi('u'), mo('+'), mi('η'), frac(mi('g'), mi('d')), BR, mo('='), mn(cfg.momentum), mo('·'), before('momentum'), mo('+'), eta(), mo('·'), frac(g(false), term('denominator')), mo('='), after('momentum')),
          math(dw(), mo('='), mo('−'), primed('u'), mo('='), dW()),
        );
      } else {
        out.push(math(dw(), mo('='), mo('−'), mi('η'), frac(mi('g'), mi('d')), BR, mo('='), mo('−'), eta(), mo('·'), frac(g(false), term('denominator')), mo('='), dW()));
      }
      break;
    }
    case 'adagrad':
      out.push(
        h('p', {}, 'Adagrad adds up every squared gradient in A, so a weight that has moved a lot takes smaller steps.'),
        math(primed('A'), mo('='), mi('A'), mo('+'), sup('g', mn(2)), BR, mo('='), before('accumulator', cfg.initialAccumulatorValue ?? 0), mo('+'), sup(paren(g(false)), mn(2)), mo('='), after('accumulator')),
        math(mi('d'), mo('='), sqrt(row(primed('A'), mo('+'), mi('ε'))), mo('='), term('denominator')),
        math(dw(), mo('='), mo('−'), mi('η'), frac(mi('g'), mi('d')), BR, mo('='), mo('−'), eta(), mo('·'), frac(g(false), term('denominator')), mo('='), dW()),
      );
      break;
    default:
      out.push(math(dw(), mo('='), dW()));
  }
  out.push(math(primed('W'), mo('='), w(), mo('+'), dw(), BR, mo('='), W(), mo('+'), dW(true), mo('='), term('newValue')));
  if (lt.b && len(lt.b)) {
    const ub = lt.updateB || {};
    out.push(
      h('p', {}, 'The bias follows the same rule with its own gradient: ', imath(idx('b', j), mo('←'), mn(at(lt.b, j), `b:${li}:${j}`, true), mo('+'), mn(at(lt.deltaB, j), `deltaB:${li}:${j}`, true), mo('='), mn(at(ub.newValue, j), `updateB.newValue:${li}:${j}`)), '.'),
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
