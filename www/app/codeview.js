// codeview.js: the code panel. Shows the current settings as Keras Python
// and gotrain.js JavaScript (codegen.js), rewritten whenever a setting or
// the data changes, each with a Copy button; "Download the data (CSV)"
// saves the page's own rows (with their train/validation/test part) for the
// Keras code; the "Keras example" button sets the settings of the Keras
// example (presets.js).
//
//   const code = new CodeView(playground);
//   code.attach();     // after the panels are built
//   code.update();     // after a change of state or data

import { gotrainCode, kerasCode, dataInfo, dataCSV } from './codegen.js';
import { kerasExample } from './presets.js';
import { h } from './dom.js';

export class CodeView {
  /** @param {object} pg the playground (ui, state, data, setState, …) */
  constructor(pg) {
    this.pg = pg;
  }

  attach() {
    const u = this.pg.ui;
    if (!u.codeKeras) return;
    u.copyKeras.addEventListener('click', () => this.copy(u.codeKeras, 'Keras'));
    u.copyJS.addEventListener('click', () => this.copy(u.codeJS, 'gotrain.js'));
    // Both read the data: pressed while gotrain loads, they wait for it.
    u.kerasPreset.addEventListener('click', () => this.pg.afterLoad(() => this.pg.setState(kerasExample(this.pg.data))));
    u.downloadData.addEventListener('click', () => this.pg.afterLoad(() => this.downloadData()));
  }

  /** Rewrites both listings from the state and the data (only when they differ). */
  update() {
    const { ui: u, state, data } = this.pg;
    if (!u.codeKeras || !data) return;
    const info = dataInfo(data);
    const keras = kerasCode(state, info);
    const js = gotrainCode(state, info);
    if (u.codeKeras.textContent !== keras) u.codeKeras.textContent = keras;
    if (u.codeJS.textContent !== js) u.codeJS.textContent = js;
    this.pg.hints?.codeKeras?.update();
    this.pg.hints?.codeJS?.update();
  }

  /** Copies a listing; where the clipboard is refused, selects it for Ctrl+C. */
  async copy(pre, what) {
    const u = this.pg.ui;
    try {
      await navigator.clipboard.writeText(pre.textContent);
      u.codeMsg.textContent = `Copied the ${what} code.`;
    } catch {
      const r = document.createRange();
      r.selectNodeContents(pre);
      const sel = pre.getRootNode().getSelection?.() ?? window.getSelection();
      sel.removeAllRanges();
      sel.addRange(r);
      u.codeMsg.textContent = `The ${what} code is selected: press Ctrl+C (⌘C) to copy it.`;
    }
  }

  /** The page's rows as one CSV (features, label, part), for the Keras code. */
  downloadData() {
    const d = this.pg.data;
    const info = dataInfo(d);
    const text = dataCSV(info.featureNames, info.label, [
      { name: 'train', ...d.train },
      { name: 'validation', ...(d.val ?? {}) },
      { name: 'test', ...d.test },
    ], info.textClasses);
    const name = d.source === 'csv' ? info.csvName || 'data.csv' : `${d.source}.csv`;
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    const a = h('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.pg.ui.codeMsg.textContent = `Saved ${name}: ${d.n} rows and a column "part" (train, validation, test).`;
  }
}
