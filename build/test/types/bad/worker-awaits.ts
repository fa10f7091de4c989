// Worker mode without its awaits, as the README's example pasted with
// load({ worker: true }) used to fail at run time: each marked line must
// fail tsc --strict instead.
import { load } from 'gotrain';

const gt = await load({ worker: true });
const data = await gt.data.builtin('circle', { n: 100 });
const [train, test] = gt.data.split(data, { testFraction: 0.2 }); // error TS2488: Type 'Promise<[train: Dataset, test: Dataset]>' must have a '[Symbol.iterator]()' method that returns an iterator
const model = gt.sequential({ seed: 42 });
model.add(gt.layers.dense({ units: 1, inputShape: [2] })); // error TS2339: Property 'add' does not exist on type 'Promise<Model<true>>'
const ready = await gt.sequential({ seed: 1 });
if (ready.add(gt.layers.dense({ units: 1, inputShape: [2] }))) console.log('added'); // error TS2801: This condition will always return true since this 'Promise<void>' is always defined
const params: number = ready.countParams(); // error TS2322: Type 'Promise<number>' is not assignable to type 'number'
console.log(train, test, params);
