// startup.js: the playground usable before gotrain has loaded. The settings
// show from the state and Play, Step, Reset and every control are enabled at
// once (the root gets data-ready="true"). The first task in the playground's
// queue (exclusive) waits for gotrain's API (its worker: modules,
// gotrain.wasm fetched and compiled) and for the playground's parts
// (makeParts: their modules load meanwhile), then makes the data and the
// model and draws them. Settings changed meanwhile apply at once (the first
// model is made with them); Play, Step, Reset and whatever else needs the
// model (pg.afterLoad) are carried out after that, in the order pressed, as
// if pressed then: Play pressed early trains as soon as the first model is
// drawn. The status line says so, and never "Ready" before it is. The root
// stays aria-busy until the first drawing.
//
// Performance marks time each stage (read by build/bench/pageready.mjs):
//   gotrain:main     main.js runs (the page's HTML and main.js are in)
//   gotrain:modules  the playground's modules are in; start() begins
//   gotrain:ready    settings shown, Play enabled (data-ready="true")
//   gotrain:parts    the parts that draw, train and explain are in (makeParts)
//   gotrain:lib      gotrain.js and its modules are in (main.js), the worker starts
//   gotrain:api      gotrain's API is ready (its worker answered)
//   gotrain:data     the first dataset is made
//   gotrain:model    the first model is made
//   gotrain:drawn    the first drawing is done
//
//   pg.loaded = pg.exclusive(() => firstModel(pg, gtPromise, notice));
//   notice: { text, isError } to say in place of "Ready" (e.g. a link's invalid settings), or null

import { errorText } from './format.js';

const LOADING = 'Loading gotrain (the WebAssembly module)…';

/** What the status line says while gotrain loads, after what was asked meanwhile (queued: 'play', 'step', 'reset', or none). */
export function loadingText(queued) {
  if (queued === 'play') return `${LOADING} Play will start training as soon as it is ready.`;
  if (queued === 'step') return `${LOADING} One batch will be trained as soon as it is ready.`;
  if (queued === 'reset') return `${LOADING} The model will be made again as soon as it is ready.`;
  return `${LOADING} You can change settings and press Play meanwhile: training starts as soon as it is ready.`;
}

/**
 * Makes and attaches the parts that draw, train and explain the model,
 * importing their modules now: the settings and Play need none of them.
 */
export async function makeParts(pg) {
  const [{ Datasets }, { Training }, { Views }, { MathView }, { DigitView }, { ModelFiles }, { CodeView }, { WeightEditor }] = await Promise.all(
    ['datasets', 'training', 'views', 'mathview', 'digitview', 'files', 'codeview', 'weightedit'].map((m) => import(`./${m}.js`)),
  );
  pg.datasets = new Datasets(pg, { dataURL: pg.dataURL });
  pg.training = new Training(pg);
  pg.views = new Views(pg);
  pg.math = new MathView(pg);
  pg.digits = new DigitView(pg);
  pg.files = new ModelFiles(pg);
  pg.code = new CodeView(pg);
  pg.weightEdit = new WeightEditor(pg);
  pg.math.attach();
  pg.code.attach();
  pg.weightEdit.attach();
  pg.views.attach();
  pg.digits.attach();
  pg.syncControls(); // the state as it is now into what the parts made (the threshold)
  performance.mark('gotrain:parts');
}

/** A press of Play, Step or Reset: carried out now, or after loading (pg.afterLoad), said in the status. */
export function press(pg, what, fn) {
  if (!pg.loading) return fn();
  pg.afterLoad(fn);
  if (what === 'play') showPlayQueued(pg, !pg.playQueued);
  pg.setStatus(loadingText(what === 'play' && !pg.playQueued ? null : what));
}

/** Play pressed (on) or pressed again (off) while loading: the button shows what will happen. */
function showPlayQueued(pg, on) {
  pg.playQueued = on;
  const b = pg.ui.play;
  b.setAttribute('aria-label', on ? 'Pause' : 'Play');
  b.classList.toggle('playing', on);
}

/**
 * What the page has to say about the link it was opened with, in place of
 * "Ready" ({ text, isError }), or null. A link cannot carry the user's CSV:
 * its dataset becomes the circle (state is changed).
 */
export function linkNotice(state, hashErrors) {
  if (hashErrors?.length) return { text: `Some settings in the link were not valid and were reset: ${hashErrors.join('; ')}`, isError: true };
  if (state.dataset !== 'csv') return null;
  state.dataset = 'circle';
  return { text: 'A link cannot carry your own CSV: showing the circle data instead.' };
}

/**
 * The playground's first queued task: gotrain's API (gtPromise), the state's
 * data and model, the status ("Ready", or the notice: what the page has to
 * say about the link), the first drawing. Throws when gotrain cannot load or the
 * first data cannot be made; then Play and the controls that need the model
 * are disabled and the status says why.
 */
export async function firstModel(pg, gtPromise, notice) {
  // gtPromise: gotrain's API, once the parts are made too.
  try {
    pg.gt = await gtPromise;
    if (!performance.getEntriesByName('gotrain:api').length) performance.mark('gotrain:api'); // main.js marks it when load() resolves
    // rebuild marks gotrain:data and gotrain:model.
    await pg.rebuild({ data: true, draw: false });
  } catch (e) {
    const text = pg.gt ? `The playground could not make its first model: ${errorText(e)}` : `Could not load gotrain: ${errorText(e)}`;
    pg.broken = new Error(text); // what was queued behind fails with it (exclusive)
    pg.early = []; // what was pressed meanwhile cannot be done
    showPlayQueued(pg, false);
    pg.setRunEnabled(false);
    pg.root.dataset.ready = 'false';
    pg.setStatus(text, true);
    throw e;
  }
  pg.setStatus(notice?.text ?? 'Ready. Press Play to train.', !!notice?.isError);
  await pg.views.refresh();
  performance.mark('gotrain:drawn');
  pg.setBusy(false);
  pg.loading = false;
  showPlayQueued(pg, false); // the button is training's again
  replay(pg.early.splice(0)); // behind this task: not waited for
  pg.datasets.drawThumbnails(); // decoration: not waited for
}

/**
 * What was pressed while loading, in order, as if pressed now: Play starts
 * training; what each asks of the model queues (exclusive) behind what the
 * ones before asked. Handlers queue their model calls after a pause() they
 * await, so each is given a turn of the event loop before the next runs.
 */
async function replay(presses) {
  for (const fn of presses) {
    fn();
    await new Promise((r) => setTimeout(r, 0));
  }
}
