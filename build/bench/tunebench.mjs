// tunebench.mjs: issue 4's figures in `make bench`. run.mjs runs tune.mjs in
// a child process (tuneFigures) after the speed rows and writes what it
// measured into results.md (describeTune); tune.mjs prints with the same
// function when run alone.
//
//   search   16 trials of gt.tune on a pool of 1 and of 2 workers: the time
//            ratio (the bar: ≤ 0.6 on a 2-core machine), the core count,
//            whether the tables are identical, memory per worker
//   augment  digits, 300 training rows, 5 seeds: test accuracy with and
//            without fit's augment option

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Runs tune.mjs with runs timed runs per pool size; resolves to its JSON (or { error }). */
export function tuneFigures(runs, timeoutS = 1800) {
  const r = spawnSync(process.execPath, [path.join(here, 'tune.mjs'), '--json', '--runs', String(runs)], {
    encoding: 'utf8',
    timeout: timeoutS * 1000,
    maxBuffer: 64 << 20,
  });
  const last = (r.stdout ?? '').trim().split('\n').at(-1) ?? '';
  try {
    const out = JSON.parse(last);
    if (r.status !== 0) out.error = `tune.mjs exited with ${r.status}: ${(r.stderr || '').trim().split('\n').at(-1) ?? ''}`;
    return out;
  } catch {
    return { error: `tune.mjs: ${(r.error?.message ?? r.stderr ?? 'no output').trim().split('\n').at(-1)}` };
  }
}

const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));

/** Markdown lines for tune.mjs' JSON. */
export function describeTune(t) {
  const lines = [];
  if (t.error) lines.push(`gt.tune figures: not measured (${t.error}).`, '');
  for (const s of [t.search, t.searchAll]) {
    if (!s) continue;
    lines.push(
      `### A search of ${s.trials} trials${s.rows ? ` on ${s.rows.toLocaleString('en-US')} rows` : ''}${s.epochs ? ` of ${s.epochs} epochs` : ''}, 1 worker vs 2 (${t.cores} cores, ${t.backend} kernel, median of ${s.runs} runs${s.warmups ? ` after ${s.warmups} untimed` : ''}${s.load ? `, load average ${s.load.map((l) => l.toFixed(2)).join(' → ')}` : ''}${typeof s.othersCores === 'number' ? `, other processes busy on ${Math.max(0, s.othersCores).toFixed(2)} cores (median)` : ''})`,
      '',
      '| workers | pool | time (ms) | ratio to 1 worker | tables identical |',
      '| --- | --- | ---: | ---: | --- |',
      `| 1 | started by the search | ${s.ms1.toFixed(0)} | 1.00 | ${s.identical ? 'yes' : 'NO'} |`,
      `| 2 | started by the search | ${s.ms2.toFixed(0)} | ${s.ratio.toFixed(2)} | ${s.identical ? 'yes' : 'NO'} |`,
    );
    if (s.warm) {
      lines.push(
        `| 1 | the search before's | ${s.warm.ms1.toFixed(0)} | 1.00 | ${s.identical ? 'yes' : 'NO'} |`,
        `| 2 | the search before's | ${s.warm.ms2.toFixed(0)} | ${s.warm.ratio.toFixed(2)} | ${s.identical ? 'yes' : 'NO'} |`,
      );
    }
    lines.push('');
    if (s.memory?.length) {
      const mib = (b) => (b / 2 ** 20).toFixed(1);
      lines.push(`Memory per worker after the first round: ${s.memory.map((m) => (m ? `${mib(m.wasmBytes)} MiB wasm memory (Go heap in use ${mib(m.heapAlloc)} MiB)` : 'not reported')).join('; ')}.`, '');
    }
  }
  const a = t.augment;
  if (a) {
    lines.push(
      `### Augmentation on digits, 300 training rows, ${a.with.length} seeds (test: the other rows)`,
      '',
      `augment: \`${JSON.stringify(a.augment)}\`; 64→128→10, adam, 200 epochs, batch 32`,
      '',
      '| training | test accuracy, mean ± sd | per seed |',
      '| --- | ---: | --- |',
    );
    for (const k of ['without', 'with']) lines.push(`| ${k} augmentation | ${mean(a[k]).toFixed(4)} ± ${sd(a[k]).toFixed(4)} | ${a[k].map((v) => v.toFixed(3)).join(', ')} |`);
    lines.push('');
  }
  return lines;
}
