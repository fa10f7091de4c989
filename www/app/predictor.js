// predictor.js: the Files panel's "Download predictor" button. It saves the
// trained model as predictor.js, a standalone ES module of plain JavaScript
// (model.exportStandalone: no wasm, no gotrain) that a static page imports
// to predict; the dataset's class names go with it when they fit the
// model's outputs. The answer is the panel's one line of news.
//
//   downloadPredictor(playground, files);

import { errorText } from './format.js';
import { h } from './dom.js';

/**
 * The class names for a model with `outputs` outputs: the data's names when
 * there is one per output (two for one sigmoid output), else none.
 * @param {string[] | null | undefined} names
 * @param {number | undefined} outputs
 */
export function predictorClassNames(names, outputs) {
  if (!names?.length || !outputs) return undefined;
  return names.length === (outputs === 1 ? 2 : outputs) ? names : undefined;
}

/**
 * Downloads the page's model as predictor.js.
 * @param {object} pg the playground (model, data, exclusive)
 * @param {{ message(text: string, isError?: boolean): void }} files the Files panel
 */
export async function downloadPredictor(pg, files) {
  try {
    const text = await pg.exclusive(() => {
      const m = pg.model;
      const classNames = predictorClassNames(pg.data?.classNames, m.layers.at(-1)?.outputDim);
      return m.exportStandalone({ classNames });
    });
    const url = URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
    const a = h('a', { href: url, download: 'predictor.js' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    files.message(`Saved predictor.js (${Math.ceil(text.length / 1024)} KB): import { predict, predictClasses } from './predictor.js' — no gotrain needed.`);
  } catch (e) {
    files.message(`Predictor: ${errorText(e)}`, true);
  }
}
