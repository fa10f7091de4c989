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
// data-q="loss", the regularization penalty data-q="penalty" and the step
// count data-q="step". The update's terms come from the layer's updateW:
// updateW.FIELD (mHat, vHat, denominator, lookahead, newValue) and
// updateW.newState.SLOT (m, v, velocity, meanSquare, momentum,
// accumulator), the bias's new value updateB.newValue; Adam's 1 − β₁ᵗ and
// 1 − β₂ᵗ are biasCorrection1/biasCorrection2, the data loss (without the
// penalty) dataLoss and the examples traced rows; a dropout layer's mask
// in a training trace mask:LAYER:I. A normalization layer's statistics, from the layer's
// description (model.layers, i.e. getConfig), are mean:LAYER:I and
// variance:LAYER:I.

import { h } from './dom.js';
import { math, BR, row, mi, mo, mn, mtext, under, idx, dL, paren } from './mathml.js';
import { num } from './format.js';
import { at, len, at2, shapeOf, activationFormula, applied, derivativeText, lossBlock, optimizerBlock, normalizationBlock } from './mathformulas.js';
import { dropoutBlock } from './dropoutmath.js';

const MAX_VEC = 5; // longer vectors are shown as their first entries and "…"
const MAX_TERMS = 4; // terms of a dot product written out


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
  return kids; // loose, so that a long vector wraps after its commas
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
 * @param {object[]} [o.layerInfo] the model's layer descriptions (model.layers), by trace index:
 *   a normalization layer's mean and variance come from there
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
      block.append(...normalizationBlock(l, k, o.layerInfo?.[k]));
      block.append(math(mi('a'), mo('='), vector(l.a, 'a', k)));
    } else if (l.kind === 'dropout') {
      block.append(...dropoutBlock(l, k, o.layerInfo?.[k], vector));
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
          math(row(mi('f'), mo('′')), paren(idx('z', j)), mo('='), mn(at(l.dadz, j), `dadz:${k}:${j}`)),
          // Drawn by mathview.js from gt.activations.curve after this renders.
          h('figure', { class: 'act-figure' },
            h('canvas', { class: 'act-curve', role: 'img', 'aria-label': `${l.activation}: f(z) and its slope f′(z), neuron ${j + 1}'s z marked` }),
            h('figcaption', { class: 'note', text: `${l.activation}: f(z) solid blue, its slope f′(z) dashed orange; the dots are neuron ${j + 1} at its z.` })),
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
