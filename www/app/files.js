// files.js: the Files panel. Downloads the model as gotrain's JSON or in the
// TF.js Layers format (model.json + weights.bin), and loads either back: a
// loaded model replaces the page's when it fits the current data (inputs
// and outputs), and the controls then show its architecture. Every answer,
// saved or refused, is one line in the panel (role=status).
//
//   const files = new ModelFiles(playground);
//   files.downloadJSON(); files.loadJSON(); files.downloadTFJS(); files.loadTFJS();

import { errorText } from './format.js';
import { h } from './dom.js';
import * as S from './state.js';

export class ModelFiles {
  /** @param {object} pg the playground (ui, gt, state, data, model, training, …) */
  constructor(pg) {
    this.pg = pg;
  }

  /** The panel's one line of news. */
  message(text, isError = false) {
    const m = this.pg.ui.fileMsg;
    m.textContent = text;
    m.classList.toggle('is-error', isError);
  }

  async downloadJSON() {
    const pg = this.pg;
    try {
      const json = await pg.exclusive(() => pg.model.toJSON());
      const text = typeof json === 'string' ? json : JSON.stringify(json);
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = h('a', { href: url, download: 'gotrain-model.json' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      this.message('Saved gotrain-model.json.');
    } catch (e) {
      this.message(`Could not save: ${errorText(e)}`, true);
    }
  }

  /** The file chosen in "Load model (gotrain JSON)". */
  async loadJSON() {
    const pg = this.pg;
    const input = pg.ui.loadJSON;
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    const text = await f.text();
    await pg.pause();
    await pg.exclusive(async () => {
      let m;
      try {
        m = await pg.gt.modelFromJSON(text);
      } catch (e) {
        this.message(`${f.name}: ${errorText(e)}`, true);
        return;
      }
      await this.adopt(m, f.name);
    });
  }

  /** Uses a loaded model if it fits the current data. */
  async adopt(m, name) {
    const pg = this.pg;
    let cfg;
    try {
      cfg = await m.getConfig();
    } catch (e) {
      this.message(`${name}: ${errorText(e)}`, true);
      return;
    }
    const layers = cfg.layers || cfg;
    const inDim = layers[0]?.inputDim;
    const outDim = layers.at(-1)?.outputDim;
    if (inDim !== pg.data.features || outDim !== pg.data.out.units) {
      this.message(`${name}: the model takes ${inDim} inputs and gives ${outDim} outputs, but this data has ${pg.data.features} features and needs ${pg.data.out.units} outputs. Choose the matching dataset first.`, true);
      try {
        await m.dispose();
      } catch {
        /* ignore */
      }
      return;
    }
    // Show the loaded architecture in the controls (hidden dense layers),
    // when the controls can build it: then the link builds it too. A model
    // beyond them (a 2048-unit layer, say) leaves the settings and the link
    // as they were, and says so: a link the page refuses on reload is never
    // written.
    const dense = layers.filter((l) => l.kind === 'dense');
    const hidden = dense.slice(0, -1).map((l) => ({ units: l.units, activation: l.activation }));
    const drop = layers.find((l) => l.kind === 'dropout');
    const patch = { layers: hidden, normalize: layers.some((l) => l.kind === 'normalization'), dropout: drop ? drop.rate : 0 };
    const bad = Object.entries(patch).map(([k, v]) => S.coerce(k, v)).find((r) => 'error' in r);
    if (!bad) {
      pg.state = { ...pg.state, ...patch };
      pg.syncControls();
      pg.writeHash();
    }
    await pg.training.adopt(m, name);
    await pg.views.refresh();
    if (bad) this.message(`Loaded ${name}. Its architecture is beyond what the page's controls build (${bad.error.replace(/^\w+: /, '')}), so the settings and the page's link stay as they were: a link cannot carry this model. Download it to keep it.`);
    else this.message(`Loaded ${name}.`);
  }

  async downloadTFJS() {
    const pg = this.pg;
    try {
      await pg.exclusive(() => pg.model.save('downloads://gotrain-model'));
      this.message('Saved gotrain-model.json and gotrain-model.weights.bin (TF.js Layers format).');
    } catch (e) {
      this.message(`TF.js format: ${errorText(e)}`, true);
    }
  }

  /** The files chosen in "Load model (TF.js model.json + weights.bin)". */
  async loadTFJS() {
    const pg = this.pg;
    const input = pg.ui.loadTF;
    const files = Array.from(input.files || []);
    input.value = '';
    if (!files.length) return;
    await pg.pause();
    await pg.exclusive(async () => {
      try {
        const jsonFile = files.find((f) => f.name.endsWith('.json'));
        if (!jsonFile) throw new Error('choose the model.json file (and its .bin weights file) together');
        const topo = JSON.parse(await jsonFile.text());
        const weightSpecs = (topo.weightsManifest || []).flatMap((g) => g.weights);
        const bins = [];
        for (const g of topo.weightsManifest || []) {
          for (const p of g.paths) {
            const f = files.find((x) => x.name === p.split('/').pop());
            if (!f) throw new Error(`missing weights file ${p}`);
            bins.push(new Uint8Array(await f.arrayBuffer()));
          }
        }
        const total = bins.reduce((a, b) => a + b.length, 0);
        const weightData = new Uint8Array(total);
        let o = 0;
        for (const b of bins) {
          weightData.set(b, o);
          o += b.length;
        }
        const m = await pg.gt.loadLayersModel({ modelTopology: topo.modelTopology, weightSpecs, weightData: weightData.buffer });
        // A TF.js file holds no training settings: compile as the page would.
        const metrics = pg.data.task.kind === 'classification' ? ['accuracy'] : [];
        await m.compile({ optimizer: await pg.gt.train[pg.state.optimizer](pg.state.lr), loss: pg.data.out.loss, metrics });
        await this.adopt(m, jsonFile.name);
      } catch (e) {
        this.message(`TF.js format: ${errorText(e)}`, true);
      }
    });
  }
}
