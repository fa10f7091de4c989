// Misused options: each marked line must fail tsc --strict with that error.
import { load } from 'gotrain';

const gt = await load();
const model = gt.sequential({ seed: 1 });
model.add(gt.layers.dense({ unit: 64, activation: 'relu', inputShape: [2] })); // error TS2561: 'unit' does not exist in type 'DenseOptions'. Did you mean to write 'units'?
model.add(gt.layers.dense({ units: 1, activation: 'sigmod' })); // error TS2820: Did you mean '"sigmoid"'?
model.compile({ optimizer: 'adam', loss: 'crossentropy' }); // error TS2322: Type '"crossentropy"' is not assignable to type 'Loss'
await model.fit([[0, 0]], [0], { epoch: 10 }); // error TS2561: 'epoch' does not exist in type 'FitOptions'. Did you mean to write 'epochs'?
await model.fit([[0, 0]], [0], { callbacks: { onEpochEnds: () => {} } }); // error TS2353: 'onEpochEnds' does not exist in type 'Callbacks | EarlyStopping
gt.layers.dense({ units: 4 }).adapt([[1, 2]]); // error TS2684: The 'this' context of type 'Layer<"dense", false>' is not assignable to method's 'this' of type 'Layer<"normalization", false>'
model.exportStandalone({ dtype: 'float16' }); // error TS2820: Type '"float16"' is not assignable to type '"float32" | "float64" | undefined'. Did you mean '"float64"'?
await load({ wasm: 'gotrain.wasm' }); // error TS2769: 'wasm' does not exist in type 'LoadOptions'
