// api.js: the gt object load() resolves to, the same for both modes over
// a transport (see model.js): models, layer/optimizer/regularizer/callback
// factories, data and metrics helpers, memory figures. In worker mode every
// function returns a Promise except the factories, which stay synchronous
// and check their settings at once, in both modes, from the descriptions
// the Go module exports (descriptions.js).

import { randomSeed } from './env.js';
import { EarlyStopping, isLayer, makeLayers, makeTrain, regularizers } from './descriptions.js';
import { Matrix, revive, tensor2d, toDataset, toLabels, toMatrix } from './matrix.js';
import { flow, isThenable, Model } from './model.js';
import { describe, options } from './options.js';
import { AUGMENT_KEYS, csvText, jsonText } from './specs.js';
import { readArtifacts } from './storage.js';
import { teachingAPI } from './teaching.js';
import { tfjsInput } from './tfjs-artifacts.js';
import { tune } from './tune.js';

/** How much of a model.json Go's checkModelJSON sees first (characters). */
const CHECK_PREFIX = 4 * 2 ** 20;

/**
 * The API object over transport t. info: { version, backend, layerKinds,
 * optimizerKinds } as the Go module reports them.
 */
export function makeAPI(t, info) {
  const run = (body) => flow(t.async, body);
  // Main-thread mode checks a factory's result in Go at once.
  const check = (op) => (t.async ? null : (spec) => t.call(op, spec));
  const teaching = teachingAPI(t, run); // gt.activations, and gt.metrics' and gt.data's curves and features

  const gt = {
    version: info.version,
    backend: info.backend,
    worker: t.async,
    Matrix,
    tensor2d,

    /** A new Sequential model: { seed, layers }. */
    sequential(cfg) {
      if (t.async && Array.isArray(cfg?.layers) && cfg.layers.some(isThenable)) {
        return Promise.all(cfg.layers).then((layers) => gt.sequential({ ...cfg, layers }));
      }
      return run(function* () {
        const o = options('sequential', cfg, ['seed', 'layers']);
        if (o.layers !== undefined && !Array.isArray(o.layers)) throw new Error(`sequential: layers must be an array, got ${describe(o.layers)}`);
        const layers = o.layers ?? [];
        for (const l of layers) {
          if (!isLayer(l)) throw new Error(`sequential: expected layers such as gt.layers.dense({ units: 1 }), got ${describe(l)}`);
          if (l._model) throw new Error('sequential: a layer is already in a model; create a new one');
        }
        const model = new Model(t, yield t.call('sequential', o.seed ?? randomSeed()));
        try {
          for (const l of layers) yield model.add(l);
        } catch (e) {
          for (const l of layers) if (l._model === model) l._model = null;
          try {
            yield model.dispose();
          } catch {
            /* the error that matters is e */
          }
          throw e;
        }
        return model;
      });
    },

    /** A model from the string (or object) model.toJSON() returns. */
    modelFromJSON(json) {
      return run(function* () {
        return new Model(t, yield t.call('modelFromJSON', jsonText(json)));
      });
    },

    /**
     * Loads a TF.js Layers model: 'localstorage://name', 'indexeddb://name',
     * a model.json URL (its weight files fetched relative to it), artifacts,
     * { json: File, weights: File[] } or a FileList, or an IOHandler. The
     * artifacts are read on this thread, in both modes.
     */
    async loadLayersModel(src, opts) {
      // Go's bounds are passed in the whole text if they are in a prefix:
      // its first 4M characters are asked first, so that a hostile file is
      // refused without the whole of it crossing to Go (or to the worker).
      const checkModelJSON = async (text) =>
        (text.length > CHECK_PREFIX && (await t.call('checkModelJSON', text.slice(0, CHECK_PREFIX)))) || t.call('checkModelJSON', text);
      const a = await readArtifacts('loadLayersModel', src, opts, checkModelJSON);
      const [json, data] = tfjsInput('loadLayersModel', a);
      return new Model(t, await t.call('loadLayersModel', json, data));
    },

    layers: makeLayers(info.layerKinds, check('checkLayer'), t.async),
    regularizers,
    train: makeTrain(info.optimizerKinds, check('checkOptimizer')),
    callbacks: { earlyStopping: (cfg) => new EarlyStopping(cfg) },

    data: {
      parseCSV(text, opts) {
        return run(function* () {
          options('parseCSV', opts, ['label']);
          return revive(yield t.call('parseCSV', csvText(text), opts));
        });
      },
      split(ds, opts) {
        return run(function* () {
          options('split', opts, ['testFraction', 'seed', 'stratify']);
          return revive(yield t.call('split', toDataset('split', ds), opts));
        });
      },
      builtin(name, opts) {
        return run(function* () {
          options('builtin', opts, ['n', 'noise', 'seed']);
          return revive(yield t.call('builtin', name, opts));
        });
      },
      oneHot(labels, numClasses) {
        return run(function* () {
          return revive(yield t.call('oneHot', toMatrix('oneHot', 'labels', labels, { vector: true }), numClasses));
        });
      },
      /**
       * x's rows as fit augments a batch (settings: fit's augment option),
       * drawn from seed (default random): { x, y } (y, blended by mixup, when
       * opts.y is given). A model of that seed fitting x in one unshuffled
       * batch trains on these rows.
       */
      augment(x, settings, opts) {
        return run(function* () {
          const a = settings === undefined || settings === null ? null : { ...options('augment', settings, AUGMENT_KEYS, 'setting') };
          const o = options('augment', opts, ['seed', 'y']);
          const y = o.y === undefined ? undefined : toMatrix('augment', 'y', o.y, { vector: true });
          return revive(yield t.call('augment', toMatrix('augment', 'x', x), a, { seed: o.seed ?? randomSeed(), ...(y ? { y } : {}) }));
        });
      },
      ...teaching.data,
    },

    metrics: {
      confusionMatrix(yTrue, yPred, numClasses) {
        return run(function* () {
          return yield t.call('confusionMatrix', toLabels('confusionMatrix', 'yTrue', yTrue), toLabels('confusionMatrix', 'yPred', yPred), numClasses);
        });
      },
      classReport(confusion) {
        return t.call('classReport', confusion);
      },
      predictClasses(predictions) {
        return run(function* () {
          return yield t.call('predictClasses', toMatrix('predictClasses', 'predictions', predictions));
        });
      },
      ...teaching.metrics,
    },

    /** Hyperparameter search over a pool of workers (tune.js; API.md): a Promise with stop(). */
    tune: (opts) => tune(gt, opts),
    activations: teaching.activations,

    /** Memory figures: { wasmBytes, heapAlloc, heapSys, sys, numGC, models, funcs }. gc: true runs Go's GC first. */
    memory(opts) {
      return run(function* () {
        const o = options('memory', opts, ['gc']);
        return yield t.call('memory', o.gc ?? false);
      });
    },
  };
  if (t.async) {
    /** Ends the worker; every later call rejects. */
    gt.terminate = () => t.terminate();
  }
  return gt;
}
