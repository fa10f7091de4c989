// gotrain-worker.js uses top-level await: Vite's default worker format (iife) cannot hold it.
export default { worker: { format: 'es' } };
