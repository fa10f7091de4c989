// playground-element.js: <gotrain-playground>, the playground as a custom
// element for other pages, used with one module script:
//
//   <script type="module" src="https://…/app/playground-element.js"></script>
//   <gotrain-playground dataset="xor" layers="8,8" panels="boundary,curves,math"></gotrain-playground>
//
// Attributes: dataset (circle, xor, gaussian, spiral, moons, iris,
// breast_cancer, digits), layers ("8,8" or "8:relu,4:tanh"), panels (comma
// list from: data, model, network, boundary, curves, evaluation, digit, math,
// files; default all), seed, epochs, lr, optimizer, activation (for layers
// given as plain numbers). The element lives in a shadow root with the
// page's stylesheet; it never touches the host page's URL.

import { Playground } from './playground.js';
import { PANELS } from './panels.js';
import * as S from './state.js';

const STYLE_URL = new URL('../style.css', import.meta.url).href;

export class GotrainPlayground extends HTMLElement {
  static get observedAttributes() {
    return ['dataset', 'layers', 'panels', 'seed', 'epochs', 'lr', 'optimizer', 'activation'];
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    const shadow = this.attachShadow({ mode: 'open' });
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = STYLE_URL;
    const root = document.createElement('div');
    root.className = 'gtp embedded';
    shadow.append(link, root);
    const panels = (this.getAttribute('panels') || '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => PANELS.includes(p));
    this.playground = new Playground(root, { panels: panels.length ? panels : PANELS, initial: this.initialState() });
    this.ready = this.playground.start();
    this.ready.catch((e) => {
      root.textContent = `gotrain-playground could not start: ${e?.message || e}`;
    });
  }

  /** State overrides from the attributes (invalid values are ignored with a warning). */
  initialState() {
    const out = {};
    const act = this.getAttribute('activation') || 'tanh';
    for (const name of ['dataset', 'seed', 'epochs', 'lr', 'optimizer']) {
      const v = this.getAttribute(name);
      if (v == null) continue;
      const r = S.coerce(name, v);
      if ('error' in r) console.warn(`gotrain-playground: ${r.error}`);
      else out[name] = r.value;
    }
    const layers = this.getAttribute('layers');
    if (layers != null) {
      const text = layers
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (p.includes(':') ? p : `${p}:${act}`))
        .join(',');
      const r = S.coerce('layers', text);
      if ('error' in r) console.warn(`gotrain-playground: ${r.error}`);
      else out.layers = r.value;
    }
    return out;
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this.playground || oldValue === value || name === 'panels') return;
    this.ready.then(() => {
      const patch = this.initialState();
      this.playground.setState(patch);
    });
  }
}

if (!customElements.get('gotrain-playground')) customElements.define('gotrain-playground', GotrainPlayground);
