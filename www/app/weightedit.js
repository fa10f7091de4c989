// weightedit.js: editing one weight by hand, as in TF Playground: click a
// link of the network diagram (or choose layer, neuron and input in the
// math panel, which is the keyboard's way), type a value, and the model's
// weight is set (model.getWeights / setWeights) and everything redrawn.
// The page writes the value the user typed; it computes nothing.
//
//   const w = new WeightEditor(playground);
//   w.attach();             // after the panels are built
//   w.show();               // after the diagram is drawn or the selection moved
//   w.focus();              // a link was clicked: ready to type

import { num, parseNum, errorText } from './format.js';

export class WeightEditor {
  /** @param {object} pg the playground (ui, model, views, math, training, …) */
  constructor(pg) {
    this.pg = pg;
    this.at = null; // { name, index, i, j, value } of the weight shown
  }

  attach() {
    const u = this.pg.ui;
    if (!u.weightInput) return;
    u.weightInput.addEventListener('change', () => this.set());
    u.weightSet.addEventListener('click', () => this.set());
  }

  /** The weight the math panel's selection names (layer, neuron, input): its place in getWeights and value. */
  locate() {
    const { views, math, training, data } = this.pg;
    const sel = math.selection;
    const layer = training.layerInfo[sel.layer];
    if (!layer || layer.kind !== 'dense' || !views.weights) return null;
    const index = views.weights.findIndex((w) => w.name === `${layer.name}/kernel`);
    const w = views.weights[index];
    if (!w || sel.input >= w.shape[0] || sel.unit >= w.shape[1]) return null;
    const col = views.columns?.find((c) => c.layerIndex === sel.layer);
    const prev = views.columns?.[views.columns.indexOf(col) - 1];
    const from = prev ? (prev.layerIndex === undefined ? data.featureNames?.[sel.input] ?? `input ${sel.input + 1}` : `${prev.name} neuron ${sel.input + 1}`) : `input ${sel.input + 1}`;
    return { name: w.name, index, i: sel.input, j: sel.unit, value: w.data[sel.input * w.shape[1] + sel.unit], text: `Weight from ${from} to ${layer.name} neuron ${sel.unit + 1}` };
  }

  /** Shows the selected weight in the editor. */
  show() {
    const u = this.pg.ui;
    if (!u.weightInput) return;
    this.at = this.locate();
    u.weightBox.hidden = !this.at;
    if (!this.at) return;
    u.weightLabel.textContent = this.at.text;
    if (u.weightInput.getRootNode().activeElement !== u.weightInput) u.weightInput.value = num(this.at.value, 6).replaceAll('\u2212', '-');
  }

  /** A link was clicked: the value, ready to be typed over. */
  focus() {
    const u = this.pg.ui;
    if (!u.weightInput || u.weightBox.hidden) return;
    u.weightInput.focus();
    u.weightInput.select();
  }

  /** Sets the weight to the typed value (training pauses first). */
  async set() {
    const pg = this.pg;
    const u = pg.ui;
    const at = this.at;
    const v = parseNum(u.weightInput.value);
    if (!at) return;
    if (!Number.isFinite(v)) {
      pg.setStatus(`${at.text}: '${u.weightInput.value}' is not a number.`, true);
      return;
    }
    await pg.pause();
    pg.setBusy(true);
    try {
      await pg.exclusive(async () => {
        const list = pg.views.weights.map((w) => ({ name: w.name, shape: w.shape, data: Float64Array.from(w.data) }));
        const w = list[at.index];
        w.data[at.i * w.shape[1] + at.j] = v;
        await pg.model.setWeights(list);
        pg.views.clearTest();
        await pg.views.refresh();
      });
      pg.setStatus(`${at.text} set to ${num(v, 6)}: the boundary, the diagram and the math panel show the model with it.`);
    } catch (e) {
      pg.setStatus(`${at.text}: ${errorText(e)}`, true);
    } finally {
      pg.setBusy(false);
    }
  }
}
