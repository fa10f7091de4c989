// mathview.js: the "Learn the math" panel's controller. It keeps which
// neuron (layer, unit, input) and which training example are shown, asks
// the model for that example's trace (model.trace: one forward and
// backward pass, no update) and has mathpanel.js write its numbers; its
// Step button trains on that one example (training.js). A neuron or a
// link clicked in the diagram selects its numbers (views.js).
//
//   const math = new MathView(playground);
//   math.attach();                       // after the panels are built
//   await math.compute(); math.draw();   // views.refresh does this

import { renderMath } from './mathpanel.js';
import { errorText } from './format.js';
import { rowOf } from './rows.js';
import { h } from './dom.js';
import { drawActivation } from './actcurve.js';

export class MathView {
  /** @param {object} pg the playground (ui, data, model, state, training, views, …) */
  constructor(pg) {
    this.pg = pg;
    this.selection = { layer: -1, unit: 0, input: 0 }; // trace layer index, unit and input from 0
    this.trace = null;
    this.traceExample = null;
    this.traceError = null;
  }

  /** Wires the panel's controls. */
  attach() {
    const u = this.pg.ui;
    if (!u.mathStep) return;
    const pick = (sel) => {
      this.selection = sel;
      this.refresh();
      this.pg.views.drawNetwork();
    };
    u.mathStep.addEventListener('click', () => this.pg.training.stepExample(() => this.example()));
    u.mathExample.addEventListener('change', () => this.refresh());
    u.mathLayer.addEventListener('change', () => pick({ layer: Number(u.mathLayer.value), unit: 0, input: 0 }));
    u.mathUnit.addEventListener('change', () => pick({ ...this.selection, unit: Math.max(0, Number(u.mathUnit.value) - 1) }));
    u.mathInput.addEventListener('change', () => pick({ ...this.selection, input: Math.max(0, Number(u.mathInput.value) - 1) }));
  }

  /** A new model: its dense layers in the Layer menu, the selection kept if it still exists. */
  setLayers(layerInfo) {
    const u = this.pg.ui;
    if (!u.mathLayer) return;
    const opts = [];
    layerInfo.forEach((l, i) => {
      if (l.kind === 'dense') opts.push(h('option', { value: i, text: `${l.name} (${l.units} ${l.activation})` }));
    });
    u.mathLayer.replaceChildren(...opts);
    const dense = layerInfo.map((l, i) => (l.kind === 'dense' ? i : -1)).filter((i) => i >= 0);
    if (!dense.includes(this.selection.layer)) this.selection = { layer: dense[0] ?? 0, unit: 0, input: 0 };
    u.mathLayer.value = String(this.selection.layer);
  }

  /** Selects a neuron (and input) from elsewhere, e.g. the diagram, and shows it in the controls. */
  select(sel) {
    const u = this.pg.ui;
    this.selection = sel;
    if (u.mathLayer) {
      u.mathLayer.value = String(sel.layer);
      u.mathUnit.value = String(sel.unit + 1);
      u.mathInput.value = String(sel.input + 1);
    }
  }

  /** The Example control's value, kept within the training rows. */
  exampleIndex() {
    const u = this.pg.ui;
    const n = this.pg.data.train.x.shape[0];
    let i = Number(u.mathExample.value);
    if (!Number.isInteger(i) || i < 0) i = 0;
    if (i >= n) i = n - 1;
    u.mathExample.max = String(n - 1);
    u.mathExample.value = String(i);
    return i;
  }

  /** The shown training example: { index, x, y, yRow, label }. */
  example(i = this.exampleIndex()) {
    const d = this.pg.data;
    const x = rowOf(d.train.x, i);
    const y = rowOf(d.train.target, i);
    const cls = d.train.y.data[i];
    return { index: i, x, y: y.length === 1 ? y[0] : y, yRow: y, label: d.preview.classNames ? d.preview.classNames[cls] : undefined };
  }

  /**
   * Asks the model for the example's trace: with dropout, a training trace
   * (dropout drops as the next training step will: the Step button's mask
   * and numbers), else the inference one (the same numbers without dropout).
   */
  async compute() {
    const ex = this.example();
    const training = this.pg.training.layerInfo.some((l) => l.kind === 'dropout');
    try {
      this.trace = await this.pg.model.trace(ex.x, ex.yRow, training ? { training: true } : undefined);
      this.traceExample = ex;
      this.traceError = null;
      await this.computeCurve();
    } catch (e) {
      this.trace = null;
      this.traceError = errorText(e);
    }
  }

  /**
   * The selected neuron's activation as a curve, f and f′ from
   * gt.activations.curve over a z axis that holds the traced z, and the
   * traced z, f(z), f′(z) to mark on it. The same layer and unit as
   * renderMath shows.
   */
  async computeCurve() {
    const layers = this.trace.layers;
    const dense = layers.map((l, i) => (l.W ? i : -1)).filter((i) => i >= 0);
    const l = layers[dense.includes(this.selection.layer) ? this.selection.layer : dense[0]];
    this.curve = null;
    if (!l?.activation) return;
    const z = l.z.data ?? l.z;
    const j = Math.min(Math.max(0, this.selection.unit | 0), z.length - 1);
    // The axis (layout): [−4, 4], widened to hold this z.
    const lo = Math.min(-4, Math.floor(z[j]) - 1);
    const hi = Math.max(4, Math.ceil(z[j]) + 1);
    const axis = Array.from({ length: 121 }, (_, k) => lo + ((hi - lo) * k) / 120);
    const others = l.activation === 'softmax' ? Array.from(z).filter((_, k) => k !== j) : undefined;
    const c = await this.pg.gt.activations.curve(l.activation, axis, others ? { others } : undefined);
    const at = (v) => (v.data ?? v)[j];
    this.curve = { z: Array.from(c.z), a: Array.from(c.a), dadz: Array.from(c.dadz), mark: { z: z[j], a: at(l.a), dadz: at(l.dadz) } };
  }

  draw() {
    const { ui: u, data: d, state } = this.pg;
    if (!u.mathBody) return;
    if (!this.trace) {
      u.mathBody.replaceChildren(h('p', { class: 'error', text: this.traceError || 'No trace yet.' }));
      return;
    }
    const l = this.trace.layers[this.selection.layer];
    if (l?.W) {
      const [nIn, nOut] = l.W.shape;
      u.mathUnit.max = String(nOut);
      u.mathInput.max = String(nIn);
    }
    const shown = renderMath(u.mathBody, {
      trace: this.trace,
      example: this.traceExample,
      featureNames: d.featureNames,
      loss: d.out.loss,
      selection: this.selection,
      regularized: state.reg !== 'none',
      layerInfo: this.pg.training.layerInfo,
    });
    this.selection = { ...this.selection, ...shown };
    const canvas = u.mathBody.querySelector('canvas.act-curve');
    if (canvas && this.curve) drawCurveWhenLaidOut(canvas, this.curve);
    u.mathUnit.value = String(shown.unit + 1);
    u.mathInput.value = String(shown.input + 1);
    u.mathBody.dataset.example = String(this.traceExample.index);
    u.mathBody.dataset.step = String(this.trace.optimizer?.step ?? 0);
  }

  /** A new trace and its numbers, after the model calls queued before it. */
  refresh() {
    return this.pg.exclusive(async () => {
      await this.compute();
      this.draw();
      // The diagram crosses out the units this trace's dropout mask drops.
      if (this.pg.training.layerInfo.some((l) => l.kind === 'dropout')) this.pg.views.drawNetwork();
    });
  }
}

/**
 * Draws the activation curve at the canvas' size, now if it is laid out,
 * and again whenever its size changes: an off-screen panel (content-
 * visibility: auto) has no size yet, and a curve drawn then would be one
 * pixel stretched over the box.
 */
function drawCurveWhenLaidOut(canvas, curve) {
  canvas.__curve = curve;
  if (canvas.clientWidth > 0) drawActivation(canvas, curve);
  if (canvas.__watch || typeof ResizeObserver !== 'function') return;
  canvas.__watch = new ResizeObserver(() => {
    if (canvas.clientWidth > 0 && canvas.isConnected) drawActivation(canvas, canvas.__curve);
  });
  canvas.__watch.observe(canvas);
}
