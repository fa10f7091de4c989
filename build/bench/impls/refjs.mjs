// The hand-written JavaScript loop (build/bench/refjs.mjs).
import { MLP } from '../refjs.mjs';
import { TRAIN, sizes } from '../lib/workloads.mjs';

export function refjsImpl() {
  return {
    note: 'hand-written JS loop on Float64Arrays, 4 rows at a time',
    async build(w, data, seed) {
      const m = new MLP(sizes(w), TRAIN.batchSize, TRAIN.lr, seed);
      return {
        async fit(epochs) { return m.fit(data.x, data.y, data.n, epochs); },
        async accuracy() { return m.accuracy(data.x, data.labels); },
        async dispose() {},
      };
    },
  };
}
