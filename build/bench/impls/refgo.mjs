// The hand-written Go loop compiled to js/wasm (build/bench/refgo), driven
// through the globalThis.refgo it registers. start(wasmBytes) instantiates
// the module once (wasm_exec.js must already have defined globalThis.Go); one
// model lives at a time.
import { TRAIN, sizes } from '../lib/workloads.mjs';

export async function refgoImpl(wasmBytes) {
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(wasmBytes, go.importObject);
  go.run(instance); // never resolves: main blocks in select{} and serves calls
  const api = globalThis.refgo;
  if (!api) throw new Error('refgo.wasm did not register globalThis.refgo');
  return {
    note: 'hand-written Go loop, GOOS=js GOARCH=wasm',
    async build(w, data, seed) {
      api.setup(sizes(w), data.x, data.y, data.labels, TRAIN.batchSize, TRAIN.lr, seed);
      return {
        async fit(epochs) { return api.fit(epochs); },
        async accuracy() { return api.accuracy(); },
        async dispose() {},
      };
    },
  };
}
