// views.js: what the playground draws of its model. refresh() asks the
// model, in as few calls as it can, for what the panels on screen show
// (weights, every layer's output on the boundary grid, one evaluateReport
// for the evaluation panel, the math panel's trace) and draws it, one panel
// per task so that no task blocks the page for long. It draws the decision
// boundary, the loss and accuracy curves (fit's history), the network
// diagram and the evaluation here; the math panel (mathview.js) and the
// digit pad (digitview.js) draw themselves. The renderers take plain arrays.
//
//   const views = new Views(playground);
//   views.attach();                   // after the panels are built
//   await views.refresh({ live: true });

import { drawHeatmap, axisImage } from './heatmap.js';
import { drawLineChart } from './linechart.js';
import { createNetwork } from './network.js';
import { EvaluationView } from './evaluation.js';
import { GRID } from './datasets.js';
import { diverging, probability, signColor, classColor, hex, lighten } from './colors.js';
import { num, pct } from './format.js';
import { asMatrix, columnOf } from './rows.js';
import { h } from './dom.js';

/** Resolves after the event loop has had a turn (a message, not a clamped timer). */
const tick = (() => {
  const ch = new MessageChannel();
  const queue = [];
  ch.port1.onmessage = () => queue.shift()?.();
  return () =>
    new Promise((r) => {
      queue.push(r);
      ch.port2.postMessage(0);
    });
})();

const ORANGE = '#e8710a';
const BLUE = '#0877bd';

export class Views {
  /** @param {object} pg the playground (ui, gt, data, model, training, math, digits, …) */
  constructor(pg) {
    this.pg = pg;
    this.visible = new Set(['data', 'network', 'output', 'evaluation', 'digit', 'math', 'files']);
    this.dirty = new Set(); // panels skipped while off screen
    this.net = null; // the network diagram
    this.columns = null; // its columns, as last drawn
    this.weights = null; // getWeights()
    this.gridOutputs = null; // every layer's output on the boundary grid
    this.gridClasses = null; // the predicted class per grid point (several outputs)
    this.evaluation = new EvaluationView(pg); // the Evaluation panel and the test numbers (evaluation.js)
  }

  /** Creates the diagram and starts watching which panels are on screen. */
  attach() {
    const ui = this.pg.ui;
    this.evaluation.attach();
    if (ui.svg) this.net = createNetwork(ui.svg, { onSelect: (sel) => this.selectFromDiagram(sel) });
    this.watchVisibility();
  }

  /** Watches which panels are on screen: while training, only those are redrawn. */
  watchVisibility() {
    if (typeof IntersectionObserver !== 'function') return;
    const pg = this.pg;
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const p = e.target.dataset.panel;
          if (e.isIntersecting) this.visible.add(p);
          else this.visible.delete(p);
        }
        // A panel that scrolls into view after being skipped is brought up to date.
        const stale = [...this.dirty].some((p) => this.visible.has(p));
        if (stale && !pg.training.playing && pg.model) pg.exclusive(() => this.refresh());
      },
      { rootMargin: '150px' },
    );
    for (const sec of pg.root.querySelectorAll('section[data-panel]')) io.observe(sec);
  }

  /**
   * Asks the model for everything the panels show and draws it, one panel
   * per task. With live (while training) only the panels on screen are
   * updated; the others are marked and updated when they scroll into view
   * or training stops.
   */
  async refresh({ live = false } = {}) {
    const { ui, model, data: d, math, digits } = this.pg;
    if (!model || !d) return;
    const want = (p) => {
      const on = !live || this.visible.has(p);
      if (on) this.dirty.delete(p);
      else this.dirty.add(p);
      return on;
    };
    const showNet = !!this.net && want('network');
    const showOut = !!(ui.boundary || ui.lossChart) && want('output');
    const showEval = !!ui.evaluation && want('evaluation');
    const showMath = !!ui.mathBody && want('math');
    const showDigit = !!digits.lastDigit && d.source === 'digits' && want('digit');
    // The questions go to the worker together and are answered in order:
    // one wait, not one per question.
    const asks = [];
    if (showNet) asks.push(model.getWeights().then((w) => (this.weights = w)), this.pg.training.showSummary());
    if (d.is2d && ((showOut && ui.boundary) || showNet)) {
      asks.push(
        model.layerOutputs(d.gridX ?? d.grid).then(async (outs) => {
          this.gridOutputs = outs.map(asMatrix);
          if (this.classesOnGrid()) this.gridClasses = await this.pg.gt.metrics.predictClasses(this.gridOutputs.at(-1));
        }),
      );
    } else if (!d.is2d) {
      this.gridOutputs = null;
    }
    if (showEval && d.task.kind === 'classification' && this.evaluation.wantsLive()) {
      // One call: the confusion matrix and report of the validation data (never the test data).
      asks.push(this.evaluation.live());
    }
    if (showMath) asks.push(math.compute());
    if (showDigit) asks.push(digits.predict(digits.lastDigit, true));
    await Promise.all(asks);
    // Draw, one panel per task.
    if (showOut) {
      this.drawBoundary();
      this.drawCurves();
      await tick();
    }
    if (showNet) {
      this.drawNetwork();
      await tick();
    }
    if (showEval) {
      this.evaluation.draw();
      await tick();
    }
    if (showMath) {
      math.draw();
      await tick();
    }
  }

  /** "Colour: ■ 0 ■ 1": the colour of a point is its class (the ring says which data it is from). */
  drawClassLegend() {
    const { ui: u, data: d } = this.pg;
    if (!u.classLegend) return;
    const key = `${d.source}|${d.task.kind}|${d.classNames?.join(',')}`;
    if (u.classLegend.dataset.key === key) return;
    u.classLegend.dataset.key = key;
    if (d.task.kind !== 'classification') {
      u.classLegend.replaceChildren('Colour: the target, ', h('span', { class: 'swatch c0', 'aria-hidden': 'true' }), 'low to ', h('span', { class: 'swatch c1', 'aria-hidden': 'true' }), 'high. ');
      return;
    }
    const names = d.classNames.slice(0, 10);
    u.classLegend.replaceChildren('Colour: the class, ', ...names.flatMap((n, i) => [h('span', { class: `swatch c${i}`, 'aria-hidden': 'true' }), `${n}${i < names.length - 1 ? ', ' : ''}`]), d.classNames.length > 10 ? '… ' : '. ');
  }

  /** Whether the boundary shows predicted classes (several outputs, or one discretized) rather than the output itself. */
  classesOnGrid() {
    const { data: d, state } = this.pg;
    return d.task.kind === 'classification' && (d.out.units > 1 || state.discretize);
  }

  /** The final evaluation of the test rows (evaluation.js), inside a queued model call. */
  evaluateTest() {
    return this.evaluation.finalTest();
  }

  /** The test results are out of date (the model trained on, or is new). */
  clearTest() {
    this.evaluation.clearTest();
  }

  /** One sentence on the test results for the status line. */
  testText() {
    return this.evaluation.testText();
  }

  drawBoundary() {
    const { ui: u, data: d, state: st } = this.pg;
    if (!u.boundary) return;
    u.boundaryWrap.hidden = !d.is2d;
    if (!d.is2d) {
      u.boundaryNote.textContent = `The decision boundary is drawn for data with 2 features; this data has ${d.features}.`;
      return;
    }
    u.boundaryNote.textContent = '';
    const out = this.gridOutputs?.at(-1);
    const points = pointsOf(d, st.showTest);
    let values = null;
    let colorOf = probability;
    if (out) {
      if (this.classesOnGrid()) {
        // The class the model predicts (gt.metrics.predictClasses) at each
        // point: several classes, or one output discretized.
        values = this.gridClasses;
        colorOf = (c) => lighten(classColor(c), d.out.units > 1 ? 0.45 : 0.25);
      } else {
        values = out.data;
        colorOf = d.task.kind === 'regression' ? (st.discretize ? signColor : diverging) : probability;
      }
    }
    drawHeatmap(u.boundary, { values, n: GRID, colorOf, domain: d.domain, points, axes: true });
    this.drawClassLegend();
    u.boundary.setAttribute('aria-label', `Decision boundary: the model's output over the plane, with the training${d.val ? ', validation' : ''}${st.showTest ? ' and test' : ''} points`);
    u.boundary.dataset.points = String(points.length);
  }

  drawNetwork() {
    const d = this.pg.data;
    if (!this.net || !d) return;
    const info = this.pg.training.layerInfo;
    const dense = info.map((l, i) => ({ ...l, index: i })).filter((l) => l.kind === 'dense');
    const feat = d.featureNames || [];
    const columns = [{ name: 'input', title: 'Input', subtitle: `${d.features} features`, units: d.features, labels: feat.map(shortName) }];
    dense.forEach((l, k) => {
      const last = k === dense.length - 1;
      let classLabels = null;
      if (last && d.task.kind === 'classification') {
        if (l.units === d.task.classes) classLabels = d.classNames.map(shortName);
        else if (l.units === 1) classLabels = [shortName(`p(${d.classNames[1]})`)];
      }
      columns.push({ name: l.name, title: last ? 'Output' : `Layer ${k + 1}`, subtitle: `${l.units} ${l.activation}`, units: l.units, labels: classLabels || Array.from({ length: l.units }, (_, j) => String(j + 1)), layerIndex: l.index });
    });
    // Kernels in TF.js order: per dense layer its kernel then its bias.
    const kernels = [];
    for (const w of this.weights || []) if (w.shape.length === 2) kernels.push(w);
    const weights = columns.slice(1).map((_, k) => kernels[k] || null);
    let images = null;
    if (this.gridOutputs) {
      images = columns.map((col, c) => {
        if (c === 0) {
          // Inputs: the normalization layer's output if there is one (±1 is
          // one standard deviation), else the feature inputs over the plane
          // (gt.data.features of the grid, coloured to their largest size),
          // else the plane itself (its edges ±1).
          const ni = info.findIndex((l) => l.kind === 'normalization');
          if (ni < 0 && d.gridX) return Array.from({ length: Math.min(col.units, 10) }, (_, j) => inputTile(columnOf(d.gridX, j)));
          if (ni < 0) return Array.from({ length: Math.min(col.units, 2) }, (_, j) => ({ values: axisImage(GRID, j), n: GRID, colorOf: diverging }));
          const m = this.gridOutputs[ni];
          return Array.from({ length: Math.min(col.units, 10) }, (_, j) => ({ values: columnOf(m, j), n: GRID, colorOf: diverging }));
        }
        const m = this.gridOutputs[col.layerIndex];
        const last = c === columns.length - 1;
        return Array.from({ length: Math.min(col.units, 10) }, (_, j) => {
          const v = columnOf(m, j);
          return { values: v, n: GRID, colorOf: last && col.units === 1 && d.task.kind === 'classification' ? probability : diverging };
        });
      });
    }
    const sel = this.pg.math.selection;
    const selCol = columns.findIndex((c) => c.layerIndex === sel.layer);
    this.columns = columns;
    const dropped = droppedUnits(this.pg.math.trace, info, columns, this.pg.math.traceExample);
    this.net.update({ columns, weights, images, selection: selCol > 0 ? { col: selCol, unit: sel.unit, input: sel.input } : null, dropped });
    this.pg.weightEdit.show();
  }

  /** A neuron or a link clicked in the diagram: the math panel shows its numbers. */
  selectFromDiagram(sel) {
    const col = this.columns?.[sel.col];
    if (!col) return;
    const math = this.pg.math;
    let input = sel.input ?? math.selection.input ?? 0;
    if (sel.input === undefined) input = Math.min(input, this.columns[sel.col - 1].units - 1);
    math.select({ layer: col.layerIndex, unit: sel.unit, input });
    this.drawNetwork();
    if (sel.input !== undefined) this.pg.weightEdit.focus(); // a link: its weight, ready to be typed over
    math.refresh();
  }

  /** The loss and accuracy per epoch: the fits' histories joined (training.js). */
  drawCurves() {
    const u = this.pg.ui;
    if (!u.lossChart) return;
    const h = this.pg.training.history;
    const c = { loss: h.series('loss'), val_loss: h.series('val_loss'), acc: h.series('accuracy'), val_acc: h.series('val_accuracy') };
    drawLineChart(u.lossChart, {
      series: [
        { name: 'training loss', values: c.loss, color: BLUE },
        { name: 'validation loss', values: c.val_loss, color: ORANGE, dashed: true },
      ],
    });
    u.lossChart.dataset.epochs = String(c.loss.length);
    const last = (a) => (a.length ? num(a[a.length - 1]) : 'none yet');
    u.lossChart.setAttribute('aria-label', `Loss per epoch: training ${last(c.loss)}, validation ${last(c.val_loss)}`);
    const cls = this.pg.data.task.kind === 'classification';
    u.accFigure.hidden = !cls;
    if (cls) {
      drawLineChart(u.accChart, {
        series: [
          { name: 'training accuracy', values: c.acc, color: BLUE },
          { name: 'validation accuracy', values: c.val_acc, color: ORANGE, dashed: true },
        ],
        range: [0, 1],
      });
      u.accChart.setAttribute('aria-label', `Accuracy per epoch: training ${last(c.acc)}, validation ${last(c.val_acc)}`);
    }
  }
}

/**
 * The units dropout drops in the math panel's training trace, per diagram
 * column (the dense layer before each dropout layer), and the legend that
 * names them; null when the trace has no mask (no dropout, or not a
 * training trace). Read from the trace: nothing is computed.
 */
function droppedUnits(trace, info, columns, example) {
  const units = columns.map((col) => {
    const li = col.layerIndex;
    if (li === undefined || info[li + 1]?.kind !== 'dropout') return null;
    const m = trace?.layers?.[li + 1]?.mask;
    const v = m?.data ?? m;
    if (!v?.length) return null;
    const out = [];
    for (let i = 0; i < v.length; i++) if (v[i] === 0) out.push(i);
    return out;
  });
  if (!units.some(Boolean)) return null;
  const parts = columns.flatMap((col, c) => (units[c] ? [`${col.title.toLowerCase()} ${units[c].length ? `unit${units[c].length > 1 ? 's' : ''} ${units[c].map((u) => u + 1).join(', ')}` : 'none'}`] : []));
  const ex = example ? ` (example #${example.index})` : '';
  return { units, legend: `Dropped by dropout in the math panel's training step${ex}: ${parts.join('; ')}. Their outputs are 0 in this step, so their links carry nothing.` };
}

/** A feature input's tile: its values over the plane, coloured from −1 to 1 at its largest size (layout: a colour scale). */
function inputTile(values) {
  let big = 0;
  for (const v of values) big = Math.max(big, Math.abs(v));
  const k = big > 0 ? 1 / big : 1;
  return { values, n: GRID, colorOf: (v) => diverging(v * k) };
}

/**
 * The data's points for the boundary plot (made once per dataset): colour
 * is the class, the ring tells the part (training white, validation grey,
 * test black; test points only when asked for).
 */
function pointsOf(d, withTest) {
  d._points ??= {};
  const key = withTest ? 'all' : 'fit';
  if (d._points[key]) return d._points[key];
  const pts = [];
  const add = (part, ring) => {
    if (!part) return;
    const x = part.raw ?? part.x; // the plane's coordinates, whatever the feature inputs
    for (let i = 0; i < x.shape[0]; i++) {
      const c = part.y.data[i];
      pts.push({ x: x.data[2 * i], y: x.data[2 * i + 1], color: hex(d.task.kind === 'classification' ? classColor(c) : diverging(c)), ring });
    }
  };
  add(d.train, 'train');
  add(d.val, 'val');
  if (withTest) add(d.test, 'test');
  d._points[key] = pts;
  return pts;
}

/** A name as the diagram shows it beside a neuron: whole up to 16 characters (the diagram makes room for it). */
function shortName(s) {
  const t = String(s);
  return t.length > 16 ? t.slice(0, 15) + '…' : t;
}
