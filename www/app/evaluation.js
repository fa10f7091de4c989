// evaluation.js: the Evaluation panel and the test numbers of the Output
// panel, and which rows each number comes from. While training, and
// whenever the threshold moves, the panel scores the validation rows (the
// training rows when there are none); the test rows are scored once, by the
// final evaluation (when training ends, or with "Evaluate on test data"),
// at the threshold of that moment. Moving the threshold afterwards scores
// the validation rows again and never the test rows: a threshold is chosen
// on validation data, and the test numbers stay those of the final
// evaluation, at the threshold it used. Every number is evaluateReport's.
//
//   const ev = new EvaluationView(playground);
//   ev.attach();                         // after the panels are built
//   await ev.live(); ev.draw();          // views.refresh does this

import { renderConfusion } from './confusion.js';
import { metricFormulas } from './metricsmath.js';
import { ThresholdPanel } from './threshold.js';
import { num, pct, int } from './format.js';
import { h } from './dom.js';

export class EvaluationView {
  /** @param {object} pg the playground (ui, data, model, state, training, setState, …) */
  constructor(pg) {
    this.pg = pg;
    this.lastEval = null; // the validation (or training) rows' evaluation, as last drawn
    this.testEval = undefined; // the final evaluation { epoch, rows, threshold, logs, … }, null when out of date
    this.showTest = false; // the panel shows the final evaluation (until the threshold moves)
    this.thr = null;
  }

  attach() {
    this.thr = new ThresholdPanel(this.pg.ui.evalExtra, this.pg.state.threshold, (t) => this.pg.setState({ threshold: t }));
  }

  /** The state's threshold into the slider (a link, a lesson step, Back). */
  sync() {
    this.thr?.set(this.pg.state.threshold);
  }

  /** The rows the panel scores while training and when the threshold moves: validation, or training when there are none. */
  livePart() {
    const d = this.pg.data;
    return d.val ? { name: 'validation', part: d.val } : { name: 'training', part: d.train };
  }

  /** evaluateReport's options: the classes, and for two classes the state's threshold. */
  options(k) {
    return k === 2 && this.thr?.box ? { numClasses: k, threshold: this.pg.state.threshold } : { numClasses: k };
  }

  /** Whether refresh must score the live rows (the panel does not show the final evaluation). */
  wantsLive() {
    return !this.testEval || !this.showTest;
  }

  /** The validation (or training) rows' evaluation. */
  live() {
    const { part } = this.livePart();
    return this.pg.model.evaluateReport(part.x, part.target, this.options(this.pg.data.task.classes)).then((r) => (this.lastEval = evalOf(r)));
  }

  /**
   * The final evaluation: the test rows, once, through evaluateReport, at
   * the threshold of this moment (inside a queued model call).
   */
  async finalTest() {
    const { model, data: d, training, state } = this.pg;
    const k = d.task.kind === 'classification' ? d.task.classes : 0;
    const r = await model.evaluateReport(d.test.x, d.test.target, this.options(k));
    this.testEval = { epoch: training.epoch, rows: d.test.x.shape[0], threshold: r.binary ? state.threshold : null, logs: r.logs, ...evalOf(r) };
    this.showTest = true;
    this.renderTest();
    this.draw();
  }

  /** The threshold moved: the validation rows again at the new threshold; the test numbers stay (inside a queued model call). */
  async thresholdMoved() {
    this.showTest = false;
    if (!this.pg.model || this.pg.data?.task.kind !== 'classification') return;
    await this.live();
    this.draw();
  }

  /** The test results are out of date (the model trained on, or is new). */
  clearTest() {
    if (!this.testEval && this.testEval !== undefined) return;
    this.testEval = null;
    this.showTest = false;
    this.renderTest();
  }

  /** "the test data (150 rows, final evaluation after epoch 2, threshold 0.5)" */
  testWhat(t = this.testEval) {
    return `the test data (${int(t.rows)} rows, final evaluation after epoch ${t.epoch}${t.threshold != null ? `, threshold ${t.threshold}` : ''})`;
  }

  /** The Output panel's test numbers and note. */
  renderTest() {
    const u = this.pg.ui;
    if (!u.stats?.test_loss) return;
    const t = this.testEval;
    const cls = this.pg.data?.task.kind === 'classification';
    u.stats.test_loss.textContent = t ? num(t.logs.loss) : '–';
    // For two classes, the accuracy at the threshold the final evaluation used.
    u.stats.test_acc.textContent = t && cls ? pct(t.binary?.accuracy ?? t.logs.accuracy) : t && !cls ? num(t.logs.mae ?? t.logs.mse) : '–';
    u.testNote.textContent = t
      ? `Final evaluation on ${this.testWhat(t).slice(4)}. The test data is kept out of training${t.threshold != null ? ', validation and the choice of threshold' : ' and validation'}.`
      : 'The test data is kept aside: it is evaluated once, when training ends (or with the button), so that it stays an honest estimate.';
  }

  /** One sentence on the test results for the status line. */
  testText() {
    const t = this.testEval;
    if (!t) return '';
    const cls = this.pg.data.task.kind === 'classification';
    const acc = cls ? `accuracy ${pct(t.binary?.accuracy ?? t.logs.accuracy)}, ` : '';
    return `Test data (final evaluation${t.threshold != null ? ` at threshold ${t.threshold}` : ''}): ${acc}loss ${num(t.logs.loss)}.`;
  }

  /** The confusion matrix, the formulas and the threshold panel, of the rows the panel shows, saying which. */
  draw() {
    const { ui: u, data: d, state } = this.pg;
    if (!u.evaluation) return;
    if (d.task.kind !== 'classification') {
      u.evaluation.replaceChildren(h('p', { class: 'note', text: 'A confusion matrix needs classes; this data is a regression task: its numbers (mean squared and mean absolute error) are in the Output panel, each with its rows.' }));
      return this.thr.draw(null);
    }
    const t = this.testEval;
    const binary = d.task.classes === 2;
    let shown;
    if (t && this.showTest) shown = { ...t, what: this.testWhat(t) };
    else if (this.lastEval) {
      const { name, part } = this.livePart();
      shown = { ...this.lastEval, what: `the ${name} data (${int(part.x.shape[0])} rows, epoch ${this.pg.training.epoch}${binary && this.lastEval.binary ? `, threshold ${state.threshold}` : ''})` };
    }
    if (!shown) return;
    u.evaluation.dataset.rows = t && this.showTest ? 'test' : this.livePart().name;
    renderConfusion(u.evaluation, { matrix: shown.cm, classNames: d.classNames, report: shown.report, data: shown.what });
    u.evaluation.append(metricFormulas(shown.binary ?? null, shown.what));
    this.thr.draw(shown, shown.what, this.rowsNote());
  }

  /** Which rows the threshold panel's numbers come from, and what happens to the test rows. */
  rowsNote() {
    const t = this.testEval;
    const { name, part } = this.livePart();
    const rows = `the ${int(part.x.shape[0])} ${name} rows`;
    if (!t) return `Moving the threshold scores ${rows}. The test rows are not touched until the final evaluation.`;
    const test = `${pct(t.binary?.accuracy ?? t.logs.accuracy)} accuracy at threshold ${t.threshold}`;
    if (this.showTest) return `These are the test rows' numbers from the final evaluation (${test}). Moving the threshold scores ${rows} instead: a threshold is chosen on validation data, never on the test data.`;
    return `These are ${rows}' numbers. The test numbers stay those of the final evaluation (${test}, in the Output panel): a threshold is chosen on validation data, never on the test data.`;
  }
}

/** The parts of evaluateReport the Evaluation panel shows. */
const evalOf = (r) => ({ cm: r.confusion, report: r.classReport, binary: r.binary, roc: r.roc, pr: r.pr });
