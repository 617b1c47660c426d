/**
 * The printed table and the JSON record of a run, and the issue's targets
 * checked against the figures of that same run.
 */
import type { Fact, Row, SuiteResult } from './harness.js';

export interface Meta {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  platform: string;
  quick: boolean;
  clock: string;
  suites: string[];
  artifact: { label: string; kind: string; path: string; bytes: number; builder: string; format: number; codesFiscalYear: number; fiscalYears: Record<string, number> };
  corpora: string[];
}

export interface Target {
  name: string;
  goal: string;
  measured: string;
  state: 'met' | 'missed' | 'not measured';
  /** How far from the goal, e.g. "2.3x short". */
  margin?: string;
  /** For a missed target: what the time goes to, from figures of the same run. */
  why?: string;
}

export interface RunRecord {
  meta: Meta;
  suites: SuiteResult[];
  targets: Target[];
}

const num = (x: number | null, digits = 1): string => (x === null || !Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(digits));
const ms = (x: number | null): string => (x === null || !Number.isFinite(x) ? '-' : x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(2) : x.toFixed(0));

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function rowsTable(rows: readonly Row[]): string {
  const header = ['task', 'corpus', 'expected', 'MB/s', 'notes/s', 'p50 ms', 'p99 ms', 'median ms', 'rme %', 'samples', 'ratios'];
  const body = rows.map((r) => [
    r.task,
    r.corpus,
    r.expected === null ? '-' : String(r.expected),
    num(r.mbPerS),
    num(r.notesPerS, 0),
    ms(r.p50Ms),
    ms(r.p99Ms),
    ms(r.medianMs),
    Number.isFinite(r.rme) ? r.rme.toFixed(1) : '-',
    String(r.samples),
    Object.entries(r.extra)
      .map(([k, v]) => `${k} ${v}`)
      .join('; '),
  ]);
  return table(header, body);
}

export function formatRun(run: RunRecord): string {
  const m = run.meta;
  const out: string[] = [];
  out.push(`icd10cm-detect benchmarks, ${m.date}${m.quick ? ' (--quick: short budgets, small corpora; not for comparison)' : ''}`);
  out.push(`node ${m.node}, ${m.cpu} x ${m.cores} cores, ${m.platform}; every ratio below is measured within this one run`);
  out.push(`clock for single-thread tasks: ${m.clock === 'cpu' ? 'CPU time of this process (user+sys: time spent descheduled is not counted, but shared caches and clock speed still vary, so compare the same-run ratios)' : 'wall clock'}; pool and cold start: wall clock`);
  out.push(`artifact: ${m.artifact.label}; ${m.artifact.bytes} bytes; ${m.artifact.path}`);
  for (const c of m.corpora) out.push(`corpus ${c}`);
  for (const s of run.suites) {
    out.push('');
    if (s.state === 'skipped') {
      out.push(`== ${s.suite}: SKIPPED: ${s.reason}`);
      continue;
    }
    out.push(`== ${s.suite}${s.state === 'failed' ? `: FAILED: ${s.message}` : ''}`);
    if (s.rows.length > 0) out.push(rowsTable(s.rows));
    for (const [k, v] of Object.entries(s.facts)) out.push(`  ${k}: ${String(v)}`);
    for (const n of s.notes) out.push(`  note: ${n}`);
  }
  out.push('');
  out.push('== targets (this machine, this run)');
  out.push(table(['target', 'goal', 'measured', 'state', 'margin'], run.targets.map((t) => [t.name, t.goal, t.measured, t.state.toUpperCase(), t.margin ?? ''])));
  const whys = run.targets.filter((t) => t.state === 'missed' && t.why !== undefined);
  if (whys.length > 0) out.push('', 'why (measured in this run):', ...whys.map((t) => `  ${t.name}: ${t.why as string}`));
  return out.join('\n');
}

// ---- targets ----

function findRow(run: readonly SuiteResult[], suite: string, task: string, corpus: string): Row | undefined {
  const s = run.find((x) => x.suite === suite);
  if (s === undefined || s.state === 'skipped') return undefined;
  return s.rows.find((r) => r.task === task && r.corpus === corpus);
}

function findFact(run: readonly SuiteResult[], suite: string, key: string): Fact | undefined {
  return run.find((x) => x.suite === suite)?.facts[key];
}

const lead = (v: Fact | undefined | string): number => (typeof v === 'number' ? v : typeof v === 'string' ? parseFloat(v) : NaN);

function atLeast(name: string, goal: number, unit: string, value: number, shown: string): Target {
  if (!Number.isFinite(value)) return { name, goal: `>= ${goal}${unit}`, measured: '-', state: 'not measured' };
  return { name, goal: `>= ${goal}${unit}`, measured: shown, state: value >= goal ? 'met' : 'missed', margin: value >= goal ? `${(value / goal).toFixed(2)}x goal` : `${(goal / value).toFixed(2)}x short` };
}

function withWhy(t: Target, why: string): Target {
  return t.state === 'missed' ? { ...t, why } : t;
}

function atMost(name: string, goal: number, unit: string, value: number, shown: string): Target {
  if (!Number.isFinite(value)) return { name, goal: `< ${goal}${unit}`, measured: '-', state: 'not measured' };
  return { name, goal: `< ${goal}${unit}`, measured: shown, state: value < goal ? 'met' : 'missed', margin: value < goal ? `${(goal / value).toFixed(2)}x headroom` : `${(value / goal).toFixed(2)}x over` };
}

export function evaluateTargets(suites: readonly SuiteResult[]): Target[] {
  const t: Target[] = [];
  // The batch path first: what a user of `icd10cm detect` gets.
  const batch = (key: string): string => String(findFact(suites, 'batch', key) ?? '-');
  const coldCost = `a fresh thread runs its first MB at ${batch('first MB of a fresh process, x warm speed')} of warm speed (${batch('first MB, ms over warm: fresh process / second engine in the warm process')} ms over warm, fresh process / a second engine in a warm process); ${batch("share of the first MB's extra time that a warm process does not pay (V8 compiling a fresh thread's code)")} of that is V8 compiling and optimising the thread's code, the rest filling the engine's caches`;
  const t1 = lead(findFact(suites, 'batch', 'threads 1, x reference'));
  t.push(
    withWhy(
      atLeast('icd10cm detect --threads 1 vs warm in-process detect + serialise', 0.8, 'x', t1, `${num(t1, 2)}x`),
      `the CLI's worker thread starts cold: ${coldCost}. Against the reference's own first pass (both cold) it runs at ${batch('threads 1, x reference first pass (both cold)')}, using ${batch('CPU after start-up, s: CLI --threads 1 / reference first pass')} s of CPU (CLI after start-up / reference first pass): reading and ordering the lines, parsing them in the worker, handing batches over`,
    ),
  );
  const t2 = lead(findFact(suites, 'batch', 'threads 2, x threads 1'));
  t.push(
    withWhy(
      atLeast('icd10cm detect --threads 2 vs --threads 1', 1.7, 'x', t2, `${num(t2, 2)}x`),
      `CPU-bound: busy cores after start-up at --threads 1 / 2 were ${batch('busy cores after start-up, threads 1 / 2')} (the worker, the main thread reading and writing, V8's compiler and GC threads), so this machine allows at most ${batch('threads 2 vs 1, ceiling on this machine (min(2, cores) / busy cores at threads 1)')}x; each thread also pays its own cold start (${coldCost})`,
    ),
  );
  const firstPass = lead(findFact(suites, 'batch', 'first pass, x warm speed'));
  const firstMb = findFact(suites, 'batch', 'first MB of a fresh process, x warm speed');
  t.push(
    withWhy(
      atLeast('first pass in a fresh process vs warm', 0.9, 'x', firstPass, `${num(firstPass, 2)}x (first MB: ${String(firstMb ?? '-')})`),
      coldCost,
    ),
  );
  const detect = findRow(suites, 'detect', 'detect: match + context + scoring', 'codiesp-en');
  const ctx = findFact(suites, 'detect', 'context');
  const ctxNote = typeof ctx === 'string' && ctx.startsWith('active') ? '' : ' (context not active yet)';
  const floorX = detect?.extra['x slower than floor'];
  const floorNote = floorX === undefined ? '' : ` (${floorX}x the floor's time)`;
  // The sentence review (refine, on by default) trades speed for accuracy; the target is also shown without it.
  const raw = findRow(suites, 'detect', 'detect + context, refine:false', 'codiesp-en');
  t.push(
    withWhy(
      atLeast('detect + context, 1 thread, CodiEsp EN', 20, ' MB/s', detect?.mbPerS ?? NaN, `${num(detect?.mbPerS ?? null)} MB/s${floorNote}${ctxNote}`),
      `the sentence review and the readings it runs (refine, on by default) make detect ${String(findFact(suites, 'detect', 'codiesp-en: what the review and its readings add') ?? '-')} (stage times, detect suite)`,
    ),
  );
  t.push(atLeast('detect + context, refine:false, 1 thread, CodiEsp EN', 20, ' MB/s', raw?.mbPerS ?? NaN, `${num(raw?.mbPerS ?? null)} MB/s`));
  // Latency is judged on the wall clock (what a caller waits); the CPU-clock p99 is shown beside it.
  const lat = findRow(suites, 'detect', 'detect latency, one note per call (wall)', 'synthetic-5k');
  const latCpu = findRow(suites, 'detect', 'detect latency, one note per call (cpu)', 'synthetic-5k');
  const cpuNote = latCpu === undefined ? '' : `; CPU clock p99 ${ms(latCpu.p99Ms)}`;
  t.push(atMost('p99 latency, 5 KB note (wall)', 1, ' ms', lat?.p99Ms ?? NaN, `${ms(lat?.p99Ms ?? null)} ms (p50 ${ms(lat?.p50Ms ?? null)}${cpuNote})`));
  const peerMatch = lead(findFact(suites, 'compare', 'codiesp-en: ours/peer speed-up, match only'));
  t.push(atLeast('matching vs peer, pre-tokenized, CodiEsp EN', 3, 'x', peerMatch, `${num(peerMatch, 2)}x`));
  const peerE2e = lead(findFact(suites, 'compare', 'codiesp-en: ours/peer speed-up, end to end'));
  t.push(atLeast('matching vs peer, end to end, CodiEsp EN', 3, 'x', peerE2e, `${num(peerE2e, 2)}x`));
  const floor = lead(findFact(suites, 'compare', 'codiesp-en: ours end to end, times slower than the raw-scan floor'));
  t.push(atMost('matching (tokenize + automaton) vs raw-scan floor', 10, 'x slower', floor, `${num(floor, 2)}x slower`));
  const two = findRow(suites, 'pool', 'pool 2 threads', 'codiesp-en');
  const twoX = lead(two?.extra['x pool 1 thread']);
  t.push(atLeast('pool 2 threads vs 1 thread, CodiEsp EN', 1.8, 'x', twoX, `${num(twoX, 2)}x`));
  const twoJson = findRow(suites, 'pool', 'pool 2 threads, JSON records', 'codiesp-en');
  if (twoJson !== undefined) {
    const x = lead(twoJson.extra['x pool 1 thread, JSON']);
    t.push(atLeast('pool 2 threads vs 1 thread, JSON records, CodiEsp EN', 1.8, 'x', x, `${num(x, 2)}x`));
  }
  const cold = lead(findFact(suites, 'load', 'cold start ms: spawn -> ready, median'));
  t.push(atMost('cold load (spawn -> engine ready)', 200, ' ms', cold, `${num(cold)} ms`));
  const rss = lead(findFact(suites, 'load', 'loaded engine rss MB (fresh process), median'));
  t.push(atMost('rss of a loaded engine', 300, ' MB', rss, `${num(rss)} MB`));
  const build = lead(findFact(suites, 'build', 'build s: readRelease + compileLexicon (median of runs)'));
  t.push(atMost('full artifact build', 60, ' s', build, `${num(build)} s`));
  return t;
}
