// Statistics, the markdown report and the SVG chart of build/bench/run.mjs.

export function median(a) {
  const s = [...a].sort((x, y) => x - y);
  const n = s.length;
  if (!n) return NaN;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Timed fits of a run record; records from before the rule of timedFits (lib/workloads.mjs) timed one. */
export const fitsOf = (r) => r.fits ?? 1;

/** Epochs timed in a run: epochs per fit × fits. */
export const epochsTimed = (r) => r.epochs * fitsOf(r);

/** A run's samples/s: examples × epochs × fits ÷ the timed fits' wall time. */
export const recordSps = (r) => (r.n * epochsTimed(r)) / (r.trainMs / 1000);

/** Summary of one implementation on one workload from its run records. */
export function summarize(runs) {
  const ok = runs.filter((r) => !r.error);
  const sps = ok.map(recordSps);
  const fits = ok.map(fitsOf);
  const cpu = ok.filter((r) => r.cpuMs > 0);
  const mem = ok.map((r) => r.maxRSSKB).filter((v) => v > 0);
  const lt = ok.map((r) => r.longTasks?.longestTaskMs).filter((v) => v !== undefined);
  const lag = ok.map((r) => r.longTasks?.maxTimerLagMs).filter((v) => v !== undefined);
  return {
    runs: ok.length,
    failed: runs.length - ok.length,
    errors: runs.filter((r) => r.error).map((r) => r.error),
    sps: median(sps),
    spsMin: Math.min(...sps),
    spsMax: Math.max(...sps),
    msPerEpoch: median(ok.map((r) => r.trainMs / epochsTimed(r))),
    cpuMsPerEpoch: cpu.length ? median(cpu.map((r) => r.cpuMs / epochsTimed(r))) : undefined,
    cpuSps: cpu.length ? median(cpu.map((r) => (r.n * epochsTimed(r)) / (r.cpuMs / 1000))) : undefined,
    epochs: ok[0]?.epochs,
    fits: median(fits),
    fitsMin: Math.min(...fits),
    fitsMax: Math.max(...fits),
    accuracy: median(ok.map((r) => r.accuracy)),
    accMin: Math.min(...ok.map((r) => r.accuracy)),
    memMB: mem.length ? median(mem) / 1024 : NaN,
    longestTaskMs: lt.length ? median(lt) : undefined,
    maxTimerLagMs: lag.length ? median(lag) : undefined,
    note: ok[0]?.note,
  };
}

const fmtInt = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–');
export const fmtSps = (v) => {
  if (!Number.isFinite(v)) return '–';
  if (v >= 100) return fmtInt(v);
  return v.toPrecision(3);
};
export const fmtRatio = (v) => (Number.isFinite(v) ? (v >= 10 ? `${v.toFixed(0)}×` : `${v.toFixed(v >= 2 ? 1 : 2)}×`) : '–');
export const fmtMs = (v) => (Number.isFinite(v) ? (v === 0 ? '0' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : '–');
/** The methodology sentence of the timed phase; results.json from before --min-ms timed one fit. */
function timedPhase(meta) {
  if (!meta.minMs) {
    return `One timed fit per run${meta.minMs === 0 ? ' (--min-ms 0)' : ''}: samples/s = examples × epochs ÷ wall time of fit() alone (no loading, parsing, model building or evaluation).`;
  }
  return `Timed phase of every run, the same rule for every implementation: fits of ${meta.epochs} epochs, each on a fresh model built with the same seed outside the timing, repeated until at least ${meta.minMs} ms of fit wall time have accumulated (at least one fit; the "fits" column) — a single fit of a small workload lasts 10–100 ms, a window this noisy machine's hiccups dominate. samples/s = examples × epochs × fits ÷ the fits' summed wall time (no loading, parsing, model building or evaluation); ms/epoch likewise; accuracy and loss are the first fit's, after ${meta.epochs} epochs.`;
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Markdown for everything. impls: [{ id, label, env }] in display order;
 * stats[workload][id] = summarize(...); workloads: [{ name, label }].
 */
export function markdown({ meta, impls, workloads, stats, headline, kernels, extras, notes }) {
  const L = [];
  L.push('# gotrain benchmark results', '');
  L.push(`Measured from ${meta.date} (${meta.minutes} min) by \`${meta.command}\` (build/bench/run.mjs).`, '');
  L.push(`- Machine: ${meta.cpu}, ${meta.cores} cores, ${meta.memGB} GiB RAM, ${meta.os}; load average ${meta.loadStart} at start, ${meta.loadEnd} at the end`);
  if (meta.gotrainWasm) L.push(`- gotrain rows ran **${meta.gotrainWasm}** (--gotrain-wasm), not www/gotrain.wasm, with www/gotrain.js.`);
  L.push(`- Node ${meta.node}, ${meta.go}${meta.chromium ? `, Chromium ${meta.chromium} (headless)` : ''}`);
  L.push(`- ${meta.runs} timed runs per implementation and workload, interleaved (every implementation once, then again, …), each in a fresh process (Node/native) or a fresh browser context, after an untimed warm-up in that same process (${meta.warmupMs != null ? `a throw-away model fits ${meta.warmup} epoch${meta.warmup === 1 ? '' : 's'} at a time until ${meta.warmupMs} ms have passed, the same rule for every implementation, so that every engine's optimizing tiers are reached` : `a ${meta.warmup}-epoch fit on a throw-away model`}); the tables give the median and the min–max.`);
  L.push(`- Training: Adam(lr ${meta.lr}), batch ${meta.batch}, ${meta.epochs} epochs per fit, shuffled every epoch. ${timedPhase(meta)}`);
  L.push('- Speed is the headline as a ratio: "× fastest" is how many times longer than the fastest row of that table an implementation takes. Absolute numbers depend on the machine; compare within a table.');
  L.push('');
  if (headline?.length) {
    L.push('## Headline ratios', '');
    L.push('Median samples/s of gotrain divided by the other\'s: above 1× gotrain is faster, below 1× it is slower (0.5× = takes twice as long). In brackets the same ratio from the processes’ CPU time during the timed fits (Node and native rows only): other load on the machine inflates wall time but hardly CPU time, so when the two disagree the machine was busy and the bracketed ratio is the steadier one (it does count each process’s helper threads: V8’s compiler and GC, Go’s GC).', '');
    L.push(`| comparison | ${workloads.map((w) => w.name).join(' | ')} |`);
    L.push(`| --- | ${workloads.map(() => '---:').join(' | ')} |`);
    const cell = (h, w) => (h.values[w] === undefined ? '–' : `${fmtRatio(h.values[w])}${h.cpu?.[w] !== undefined ? ` (${fmtRatio(h.cpu[w])})` : ''}`);
    for (const h of headline) L.push(`| ${h.label} | ${workloads.map((w) => cell(h, w.name)).join(' | ')} |`);
    L.push('');
  }
  for (const w of workloads) {
    const st = stats[w.name];
    const rows = impls.filter((i) => st[i.id] && st[i.id].runs > 0);
    const failed = impls.filter((i) => st[i.id] && st[i.id].runs === 0);
    if (!rows.length && !failed.length) continue;
    const best = Math.max(...rows.map((i) => st[i.id].sps));
    L.push(`## ${w.label}`, '');
    L.push('| implementation | where | samples/s (median, min–max) | ms/epoch wall (CPU) | × fastest | fits | train accuracy | peak RSS | longest task during fits |');
    L.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const i of [...rows].sort((a, b) => st[b.id].sps - st[a.id].sps)) {
      const s = st[i.id];
      const mark = s.epochs !== meta.epochs ? ` (${s.epochs} ep.)†` : '';
      const acc = `${(s.accuracy * 100).toFixed(1)}%${s.accMin < s.accuracy - 0.02 ? ` (min ${(s.accMin * 100).toFixed(1)}%)` : ''}`;
      const lt = s.longestTaskMs === undefined ? '' : `${fmtMs(s.longestTaskMs)} ms`;
      const fits = s.fitsMin === s.fitsMax ? `${s.fits}` : `${s.fits} (${s.fitsMin}–${s.fitsMax})`;
      L.push(`| ${i.label}${mark} | ${i.env} | ${fmtSps(s.sps)} (${fmtSps(s.spsMin)}–${fmtSps(s.spsMax)})${s.failed ? ` [${s.runs} runs, ${s.failed} failed]` : ''} | ${fmtMs(s.msPerEpoch)}${s.cpuMsPerEpoch !== undefined ? ` (${fmtMs(s.cpuMsPerEpoch)})` : ''} | ${fmtRatio(best / s.sps)} | ${fits} | ${acc} | ${Number.isFinite(s.memMB) ? `${s.memMB.toFixed(0)} MB` : '–'} | ${lt} |`);
    }
    for (const i of failed) L.push(`| ${i.label} | ${i.env} | failed: ${esc(st[i.id].errors[0]?.split('\n')[0] ?? '?')} | | | | | | |`);
    L.push('');
  }
  if (kernels?.length) {
    L.push('## gotrain\'s matrix kernel per row', '');
    L.push('Each gotrain-in-wasm row asks `load({ kernel })` for one kernel path and records the `gt.backend` every run reported; a run that reports another counts as failed, and the benchmark fails.', '');
    L.push('| implementation | where | asked for | gt.backend reported (runs) | check |');
    L.push('| --- | --- | --- | --- | --- |');
    for (const k of kernels) {
      const got = Object.entries(k.reported).map(([b, n]) => (b === 'none' || b === 'not recorded' ? `${b} ×${n}` : `'${b}' ×${n}`)).join(', ') || '–';
      L.push(`| ${k.label} | ${k.env} | '${k.kernel}' | ${got} | ${k.ok ? (k.reported[k.kernel] ? 'ok' : '–') : '**FAILED**'} |`);
    }
    L.push('');
  }
  if (extras?.length) {
    L.push('## Size, load time and responsiveness', '');
    for (const e of extras) L.push(e.startsWith('|') || e.startsWith('#') || e === '' ? e : `- ${e}`);
    L.push('');
  }
  if (notes?.length) {
    L.push('## What each row runs', '');
    for (const n of notes) L.push(`- ${n}`);
    L.push('');
  }
  return L.join('\n');
}

/**
 * Hand-written SVG: one panel per workload, horizontal bars of median
 * samples/s on a log scale, min–max whiskers, gotrain rows in bold, and
 * after each value how many times the panel's fastest it takes.
 */
export function svgChart({ impls, workloads, stats, title, subtitle, legend = [] }) {
  const W = 980, left = 250, right = 150, barH = 16, gap = 5, panelGap = 36;
  // The legend, in as many lines as it takes; the panels start below it.
  let lx = 16;
  let ly = 66;
  const leg = legend.map(([label, color]) => {
    const w = 30 + label.length * 6.6;
    if (lx > 16 && lx + w - 14 > W - 16) [lx, ly] = [16, ly + 18];
    const g = `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${color}"/><text x="${lx + 17}" y="${ly + 10}" class="sub">${esc(label)}</text>`;
    lx += w;
    return g;
  });
  const top = ly + 50;
  const panels = workloads
    .map((w) => ({ w, rows: impls.filter((i) => stats[w.name][i.id]?.runs > 0).sort((a, b) => stats[w.name][b.id].sps - stats[w.name][a.id].sps) }))
    .filter((p) => p.rows.length);
  const all = panels.flatMap((p) => p.rows.map((i) => stats[p.w.name][i.id]));
  // Axis ends on 1-2-5 steps around the data.
  const steps = (v) => { const e = Math.floor(Math.log10(v)); return [1, 2, 5, 10].map((m) => m * 10 ** e); };
  // The axis starts below the slowest median (a freak slow run's whisker is
  // clipped at the axis rather than squeezing every bar).
  const floor = Math.max(Math.min(...all.map((s) => s.spsMin)), Math.min(...all.map((s) => s.sps)) / 2);
  const lo = steps(floor).filter((v) => v <= floor).pop();
  const hi = steps(Math.max(...all.map((s) => s.spsMax))).find((v) => v >= Math.max(...all.map((s) => s.spsMax)));
  const plotW = W - left - right;
  const xOf = (v) => left + (Math.log10(v / lo) / Math.log10(hi / lo)) * plotW;
  const ticks = [];
  for (let d = 10 ** Math.floor(Math.log10(lo)); d <= hi; d *= 10) {
    for (const m of [1, 2, 5]) if (d * m >= lo && d * m <= hi) ticks.push(d * m);
  }
  const tickLabel = (v) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : `${v}`);
  let y = top;
  const out = [];
  for (const p of panels) {
    const h = p.rows.length * (barH + gap);
    const best = stats[p.w.name][p.rows[0].id].sps;
    out.push(`<text x="${left}" y="${y - 12}" class="panel">${esc(p.w.label)}</text>`);
    for (const t of ticks) {
      const major = Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9;
      out.push(`<line x1="${xOf(t).toFixed(1)}" x2="${xOf(t).toFixed(1)}" y1="${y - 4}" y2="${y + h - gap}" class="grid${major ? '' : ' minor'}"/>`);
    }
    for (const i of p.rows) {
      const s = stats[p.w.name][i.id];
      const x1 = xOf(s.sps);
      const cy = y + barH / 2;
      out.push(`<text x="${left - 8}" y="${cy + 4}" class="label${i.highlight ? ' hl' : ''}" text-anchor="end">${esc(i.short ?? i.label)}</text>`);
      out.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x1 - left).toFixed(1)}" height="${barH}" fill="${i.color || '#8a94a6'}"${i.highlight ? ' stroke="#111" stroke-width="1"' : ''}><title>${esc(`${i.label} (${i.env}): ${fmtSps(s.sps)} samples/s (min ${fmtSps(s.spsMin)}, max ${fmtSps(s.spsMax)}), ${fmtRatio(best / s.sps)} the fastest's time`)}</title></rect>`);
      if (s.spsMax > s.spsMin) out.push(`<line x1="${xOf(Math.max(lo, s.spsMin)).toFixed(1)}" x2="${xOf(s.spsMax).toFixed(1)}" y1="${cy}" y2="${cy}" class="whisker"/>`);
      out.push(`<text x="${(Math.max(x1, xOf(s.spsMax)) + 6).toFixed(1)}" y="${cy + 4}" class="value${i.highlight ? ' hl' : ''}">${fmtSps(s.sps)} <tspan class="ratio">(${fmtRatio(best / s.sps)})</tspan></text>`);
      y += barH + gap;
    }
    y += panelGap;
  }
  const axisY = y - panelGap + 14;
  for (const t of ticks) out.push(`<text x="${xOf(t).toFixed(1)}" y="${axisY}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`);
  out.push(`<text x="${left + plotW / 2}" y="${axisY + 18}" class="tick" text-anchor="middle">training samples per second, log scale — bar: median, line: min–max, (n×): n times the fastest's training time</text>`);
  const H = axisY + 34;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif">
<style>
  .title { font-size: 17px; font-weight: 600; fill: #111; }
  .sub { font-size: 12px; fill: #444; }
  .panel { font-size: 14px; font-weight: 600; fill: #222; }
  .label { font-size: 12px; fill: #333; }
  .hl { font-weight: 700; fill: #000; }
  .value { font-size: 11px; fill: #333; }
  .ratio { fill: #777; font-weight: 400; }
  .tick { font-size: 11px; fill: #555; }
  .grid { stroke: #d8d8d8; stroke-width: 1; }
  .grid.minor { stroke: #efefef; }
  .whisker { stroke: #222; stroke-width: 1.2; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="16" y="26" class="title">${esc(title)}</text>
<text x="16" y="46" class="sub">${esc(subtitle)}</text>
${leg.join('\n')}
${out.join('\n')}
</svg>
`;
}

/** For every gotrain row that asks load() for a kernel: the gt.backend its runs reported, counted ({ simd: 15 }); ok
 * when every run that reported one reported the kernel asked for (measure() fails such a run; this also checks a
 * results.json read by --from). Runs that failed before reporting count as 'none'; records from before backends
 * were recorded, as 'not recorded', and pass. */
export function kernelCheck(impls, runs, workloads) {
  const out = [];
  for (const i of impls.filter((x) => x.kernel)) {
    const reported = {};
    for (const w of workloads) {
      for (const r of runs[w]?.[i.id] ?? []) {
        const b = r.backend ?? (r.error ? 'none' : 'not recorded');
        reported[b] = (reported[b] ?? 0) + 1;
      }
    }
    const ok = Object.keys(reported).every((b) => b === i.kernel || b === 'none' || b === 'not recorded');
    out.push({ id: i.id, label: i.label, env: i.env, kernel: i.kernel, reported, ok });
  }
  return out;
}
