// mathpanel.js: "learn the math" — one training step on one example,
// written out with the real numbers of model.trace(x, y): the forward pass
// layer by layer, the loss, the backward pass and the optimizer's update.
// Formulas are MathML. The page computes none of the numbers: each <mn>
// shows a value taken from the trace object it is given.
//
// Documented data attribute (for tests and curious readers): every number
// taken from the trace carries data-q="QUANTITY:LAYER[:I[:J]]" where LAYER
// is the index in trace.layers, I/J are 0-based indices and QUANTITY is one
// of input, z, a, dLda, dLdz, W, b, dLdW, dLdb, deltaW, deltaB, and for the
// optimizer state stateW.NAME / stateB.NAME (e.g. stateW.m). The loss is
// data-q="loss" and the step count data-q="step".

import { h } from './dom.js';
import {
  math, BR, imath, row, mi, mo, mn, mtext, frac, sub, sup, subsup, sqrt, paren, bracket, idx, dL, under,
} from './mathml.js';
import { num } from './format.js';

const MAX_VEC = 5; // longer vectors are shown as their first entries and "…"
const MAX_TERMS = 4; // terms of a dot product written out


/** Element i of a vector (Float64Array, array or {data}). */
function at(v, i) {
  if (!v) return undefined;
  const d = v.data ?? v;
  return d[i];
}
function len(v) {
  if (!v) return 0;
  return (v.data ?? v).length;
}
/** W[i][j] for a kernel given as {shape, data} (row-major) or number[][]. */
function at2(W, i, j) {
  if (!W) return undefined;
  if (Array.isArray(W) && Array.isArray(W[0])) return W[i][j];
  const cols = W.shape ? W.shape[1] : W.cols;
  return W.data[i * cols + j];
}
function shapeOf(W) {
  if (!W) return [0, 0];
  if (Array.isArray(W) && Array.isArray(W[0])) return [W.length, W[0].length];
  return W.shape;
}

/** (v₁, v₂, …) with data-q on each shown entry. */
function vector(v, q, layer) {
  const n = len(v);
  const kids = [mo('(')];
  const shown = Math.min(n, MAX_VEC);
  for (let i = 0; i < shown; i++) {
    if (i) kids.push(mo(','));
    kids.push(mn(at(v, i), `${q}:${layer}:${i}`));
  }
  if (n > shown) kids.push(mo(','), mo('…'), mtext(` (${n} values)`));
  kids.push(mo(')'));
  return row(...kids);
}

/** The activation's formula a = f(z) for one unit (z_j and a_j names). */
function activationFormula(f, j) {
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
function applied(f, z) {
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
function derivativeText(f) {
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

function lossBlock(lossName, trace, example, out, lastIndex) {
  const p = (k) => mn(at(out, k), `a:${lastIndex}:${k}`);
  const y = example.y;
  const L = () => mn(trace.loss, 'loss');
  const ln = (x) => row(mi('ln', true), paren(x));
  const yv = (k) => mn(Array.isArray(y) ? y[k] : y);
  const blocks = [];
  switch (lossName) {
    case 'binaryCrossentropy': {
      if (len(out) === 1) {
        blocks.push(
          math(mi('L'), mo('='), mo('−'), bracket(row(mi('y'), mi('ln', true), mi('p'), mo('+'), paren(row(mn(1), mo('−'), mi('y'))), mi('ln', true), paren(row(mn(1), mo('−'), mi('p')))))),
          math(mo('='), mo('−'), bracket(row(yv(0), mo('·'), ln(p(0)), mo('+'), paren(row(mn(1), mo('−'), yv(0))), mo('·'), ln(row(mn(1), mo('−'), p(0))))), mo('='), L()),
        );
      } else {
        blocks.push(math(mi('L'), mo('='), mo('−'), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), bracket(row(idx('y', 'k'), mi('ln', true), idx('p', 'k'), mo('+'), paren(row(mn(1), mo('−'), idx('y', 'k'))), mi('ln', true), paren(row(mn(1), mo('−'), idx('p', 'k'))))), mo('='), L()));
      }
      break;
    }
    case 'sparseCategoricalCrossentropy': {
      const c = Array.isArray(y) ? y[0] : y;
      blocks.push(
        math(mi('L'), mo('='), mo('−'), mi('ln', true), idx('p', 'y'), mo('='), mo('−'), mi('ln', true), p(c), mo('='), L()),
        h('p', { class: 'note', text: `The true class is y = ${c}${example.label ? ` (${example.label})` : ''}; only its predicted probability p_y counts.` }),
      );
      break;
    }
    case 'categoricalCrossentropy':
      blocks.push(math(mi('L'), mo('='), mo('−'), under(mo('∑'), mi('k')), idx('y', 'k'), mi('ln', true), idx('p', 'k'), mo('='), L()));
      break;
    case 'meanSquaredError':
      blocks.push(math(mi('L'), mo('='), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), sup(paren(row(idx('y', 'k'), mo('−'), idx('p', 'k'))), mn(2)), mo('='), L()));
      if (len(out) === 1) blocks.push(math(mi('L'), mo('='), sup(paren(row(yv(0), mo('−'), p(0))), mn(2)), mo('='), L()));
      break;
    case 'meanAbsoluteError':
      blocks.push(math(mi('L'), mo('='), frac(mn(1), mi('K')), under(mo('∑'), mi('k')), row(mo('|'), idx('y', 'k'), mo('−'), idx('p', 'k'), mo('|')), mo('='), L()));
      break;
    default:
      blocks.push(math(mi('L'), mo('='), L()));
  }
  if (trace.penalty) {
    blocks.push(h('p', { class: 'note' }, 'L includes the regularization penalty ', imath(mn(trace.penalty, 'penalty')), ' on the weights.'));
  }
  return blocks;
}

function optimizerBlock(tr, lt, li, i, j) {
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
        math(mover('m'), mo('='), frac(mi('m'), row(mn(1), mo('−'), sup(sub('β', mn(1)), mi('t')))), BR, mover('v'), mo('='), frac(mi('v'), row(mn(1), mo('−'), sup(sub('β', mn(2)), mi('t')))), mtext('  with t = '), mn(t)),
        math(mi('Δ'), w(), mo('='), mo('−'), mi('η'), frac(mover('m'), row(sqrt(mover('v')), mo('+'), mi('ε'))), mo('='), dW()),
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
  function mover(x) {
    const e = document.createElementNS('http://www.w3.org/1998/Math/MathML', 'mover');
    e.append(mi(x), mo('^'));
    e.setAttribute('accent', 'true');
    return e;
  }
}

/** The shape of a tree: tags, attributes and text, except the numbers' text. */
function skeleton(root) {
  const out = [];
  const walk = (n) => {
    if (n.nodeType === 3) {
      if (n.parentNode.localName !== 'mn') out.push(n.data);
      return;
    }
    if (n.nodeType !== 1) return;
    out.push(`<${n.localName} ${n.getAttribute('class') || ''} ${n.getAttribute('data-q') || ''}>`);
    for (const c of n.childNodes) walk(c);
    out.push('>');
  };
  for (const c of root.childNodes) walk(c);
  return out.join('|');
}

/**
 * Shows fresh's content in container. When only numbers changed (same
 * skeleton), the numbers are changed in place, which keeps the page still
 * and costs the browser far less layout than new elements would.
 */
function patch(container, fresh) {
  const key = skeleton(fresh);
  if (container.__mathKey === key) {
    const olds = container.getElementsByTagName('mn');
    const news = fresh.getElementsByTagName('mn');
    for (let k = 0; k < news.length; k++) {
      if (olds[k].textContent !== news[k].textContent) olds[k].textContent = news[k].textContent;
    }
    return;
  }
  container.replaceChildren(...fresh.childNodes);
  container.__mathKey = key;
}

/**
 * Renders the walk-through.
 * @param {HTMLElement} container
 * @param {object} o
 * @param {object} o.trace model.trace(x, y)
 * @param {{index:number, x:number[], y:number|number[], label?:string}} o.example
 * @param {string[]} [o.featureNames]
 * @param {string} o.loss the compiled loss name
 * @param {{layer:number, unit:number, input:number}} o.selection layer = index in trace.layers
 */
export function renderMath(container, o) {
  const tr = o.trace;
  const layers = tr.layers;
  const dense = layers.map((l, i) => (l.W ? i : -1)).filter((i) => i >= 0);
  let sel = o.selection || {};
  if (!dense.includes(sel.layer)) sel = { layer: dense[0], unit: 0, input: 0 };
  const li = sel.layer;
  const lt = layers[li];
  const [nIn, nOut] = shapeOf(lt.W);
  const j = Math.min(Math.max(0, sel.unit | 0), nOut - 1);
  const i = Math.min(Math.max(0, sel.input | 0), nIn - 1);
  const lastIndex = layers.length - 1;
  const out = layers[lastIndex].a;

  const parts = [];

  // 1. The example.
  const ex = o.example;
  parts.push(
    h('section', { class: 'm-step' },
      h('h4', { text: '1 · The example' }),
      h('p', {}, `Training example #${ex.index}: its features x and label y.`),
      math(mi('x'), mo('='), vector(layers[0].input, 'input', 0)),
      math(mi('y'), mo('='), Array.isArray(ex.y) ? row(mo('('), ...ex.y.flatMap((v, k) => (k ? [mo(','), mn(v)] : [mn(v)])), mo(')')) : mn(ex.y), ex.label ? mtext(`  (${ex.label})`) : null),
    ),
  );

  // 2. Forward pass.
  const fw = h('section', { class: 'm-step' }, h('h4', { text: '2 · Forward pass' }));
  fw.append(h('p', {}, 'Each dense layer multiplies its input by its weights, adds its bias, then applies its activation f. Keras stores the kernel W as [inputs × units], so unit j computes:'));
  fw.append(math(idx('z', 'j'), mo('='), under(mo('∑'), mi('i')), idx('x', 'i'), idx('W', 'i', 'j'), mo('+'), idx('b', 'j'), mo(','), mtext('\u2003'), idx('a', 'j'), mo('='), mi('f'), paren(idx('z', 'j'))));
  layers.forEach((l, k) => {
    const block = h('div', { class: 'm-layer' + (k === li ? ' m-selected' : '') });
    const title = l.W ? `${l.name}: dense, ${shapeOf(l.W)[1]} units, ${l.activation}` : `${l.name}: ${l.kind}`;
    block.append(h('h5', { text: title }));
    if (l.kind === 'normalization') {
      block.append(h('p', {}, 'Scales each feature with the mean μ and variance σ² learned from the training data: '), math(sub('x̂', 'i'), mo('='), frac(row(idx('x', 'i'), mo('−'), idx('μ', 'i')), sqrt(row(subsup(mi('σ'), mi('i'), mn(2)), mo('+'), mi('ε'))))));
      block.append(math(mtext('output '), vector(l.a, 'a', k)));
    } else if (l.kind === 'dropout') {
      block.append(h('p', { text: 'Dropout zeroes random units while training (and scales up the rest); when predicting and in this trace it passes its input through unchanged.' }));
      block.append(math(mi('a'), mo('='), vector(l.a, 'a', k)));
    } else if (l.W) {
      if (k === li) {
        const terms = [];
        const shown = Math.min(nIn, MAX_TERMS);
        for (let q = 0; q < shown; q++) {
          if (q) terms.push(mo('+'));
          terms.push(mn(at(l.input, q), `input:${k}:${q}`, true), mo('·'), mn(at2(l.W, q, j), `W:${k}:${q}:${j}`, true));
        }
        if (nIn > shown) terms.push(mo('+'), mo('…'), mtext(` (${nIn} terms)`));
        block.append(
          h('p', {}, `Neuron ${j + 1} of this layer (selected):`),
          math(idx('z', j), mo('='), ...terms, mo('+'), mn(at(l.b, j), `b:${k}:${j}`, true), BR, mo('='), mn(at(l.z, j), `z:${k}:${j}`)),
          math(...activationFormula(l.activation, j)),
          math(idx('a', j), mo('='), ...applied(l.activation, mn(at(l.z, j), `z:${k}:${j}`)), mo('='), mn(at(l.a, j), `a:${k}:${j}`)),
        );
      } else {
        block.append(math(...activationFormula(l.activation, 'j')));
      }
      block.append(math(mi('z'), mo('='), vector(l.z, 'z', k)), math(mi('a'), mo('='), vector(l.a, 'a', k)));
    }
    fw.append(block);
  });
  parts.push(fw);

  // 3. Loss.
  parts.push(
    h('section', { class: 'm-step' },
      h('h4', { text: '3 · Loss' }),
      h('p', {}, `The prediction p is the last layer's output; the loss (${o.loss}) measures how far it is from y.`),
      math(mi('p'), mo('='), vector(out, 'a', lastIndex)),
      ...lossBlock(o.loss, tr, ex, out, lastIndex),
    ),
  );

  // 4. Backward pass.
  const bw = h('section', { class: 'm-step' }, h('h4', { text: '4 · Backward pass (chain rule)' }));
  bw.append(h('p', { text: 'Going back from the loss, each layer turns ∂L/∂a (how the loss changes with its output) into ∂L/∂z, then into the gradients of its weights and bias, and passes ∂L/∂x = W·∂L/∂z to the layer before.' }));
  for (let k = lastIndex; k >= 0; k--) {
    const l = layers[k];
    if (!l.W) continue;
    const block = h('div', { class: 'm-layer' + (k === li ? ' m-selected' : '') });
    block.append(h('h5', { text: `${l.name} (${l.activation})` }));
    block.append(math(dL(mi('a')), mo('='), vector(l.dLda, 'dLda', k)), math(dL(mi('z')), mo('='), vector(l.dLdz, 'dLdz', k)));
    if (k === li) {
      block.append(
        h('p', { text: derivativeText(l.activation) }),
        math(dL(idx('z', j)), mo('='), dL(idx('a', j)), mo('·'), row(mi('f'), mo('′')), paren(idx('z', j)), mo('='), mn(at(l.dLdz, j), `dLdz:${k}:${j}`)),
        h('p', {}, `Weight from input ${i + 1} to neuron ${j + 1} (selected), and its bias:`),
        math(dL(idx('W', i, j)), mo('='), idx('x', i), mo('·'), dL(idx('z', j)), BR, mo('='), mn(at(l.input, i), `input:${k}:${i}`, true), mo('·'), mn(at(l.dLdz, j), `dLdz:${k}:${j}`, true), mo('='), mn(at(l.dLdW?.data ?? l.dLdW, i * nOut + j), `dLdW:${k}:${i}:${j}`)),
        math(dL(idx('b', j)), mo('='), dL(idx('z', j)), mo('='), mn(at(l.dLdb, j), `dLdb:${k}:${j}`)),
      );
      if (o.regularized) block.append(h('p', { class: 'note', text: 'With regularization the weight gradient also includes the penalty\'s own gradient (λ·sign(W) for L1, 2λW for L2).' }));
      const col = [];
      const shown = Math.min(nIn, MAX_VEC);
      for (let q = 0; q < shown; q++) {
        if (q) col.push(mo(','));
        col.push(mn(at(l.dLdW?.data ?? l.dLdW, q * nOut + j), `dLdW:${k}:${q}:${j}`));
      }
      if (nIn > shown) col.push(mo(','), mo('…'));
      block.append(h('p', {}, `All weights into neuron ${j + 1}:`), math(dL(idx('W', '·', j)), mo('='), paren(row(...col))));
    }
    bw.append(block);
  }
  parts.push(bw);

  // 5. Optimizer update.
  parts.push(
    h('section', { class: 'm-step' },
      h('h4', { text: '5 · Update (optimizer)' }),
      ...optimizerBlock(tr, lt, li, i, j),
    ),
  );
  const fresh = document.createElement('div');
  fresh.append(...parts);
  patch(container, fresh);
  return { layer: li, unit: j, input: i };
}

export { num };
