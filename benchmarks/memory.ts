/**
 * Memory per input character of `engine.detect` on one large document: the
 * process's peak resident memory (VmHWM) while detecting and serialising the
 * result, minus the peak after loading and warming the engine, divided by the
 * document's length. Each case runs in a fresh process so that one case's
 * peak does not hide another's.
 *
 * Cases: CodiEsp's English case reports joined into one document (clinical
 * prose, a span every ~150 characters) and "asthma asthma ..." (a span every 7
 * characters, the worst case for result size), at --chars each, both through
 * `engine.detect` with its defaults (maxSpans 200,000: the asthma text stops
 * there with E_OUTPUT_TOO_LARGE once it is longer than 1.4 M characters);
 * "asthma-unbounded", the same with no span limit, for reference (not
 * serialised: at 10 M characters its JSON would pass V8's longest string); and
 * "asthma-bounded", under the pool's default output limit (maxOutputBytes
 * 16 MiB: detect stops at 131,072 spans), which is what the CLI, the pool and
 * the server run.
 *
 *   node dist/benchmarks/memory.js [--chars 10000000]
 *   node dist/benchmarks/run.js --only memory          (the same at 10 M characters, as a suite)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { POOL_DEFAULTS } from '../src/workers/options.js';
import { CODIESP_EN_DIR } from './corpus.js';
import { guard, type RunOptions, type SuiteResult } from './harness.js';

interface CaseResult {
  case: string;
  chars: number;
  spans: number;
  jsonBytes: number;
  bytesPerChar: number;
  heapBytesPerChar: number;
  seconds: number;
}

function documentOf(kind: string, chars: number): string {
  if (kind.startsWith('asthma')) return 'asthma '.repeat(Math.ceil(chars / 7)).slice(0, chars);
  const files = readdirSync(CODIESP_EN_DIR).filter((f) => f.endsWith('.txt')).sort();
  let text = '';
  for (let round = 0; text.length < chars; round++) {
    for (const f of files) {
      text += `${readFileSync(join(CODIESP_EN_DIR, f), 'utf8')}\n\n`;
      if (text.length >= chars) break;
    }
    if (round > 100) break;
  }
  return text.slice(0, chars);
}

function hwm(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** One case, in this process (run as a child by `main`). */
async function runCase(kind: string, chars: number): Promise<CaseResult> {
  const { loadEngine } = await import('../src/engine.js');
  const engine = await loadEngine({ build: 'never' });
  const text = documentOf(kind, chars);
  // Warm up on a slice, so the JIT and the caches are not counted as the document's.
  JSON.stringify(engine.detect(text.slice(0, 200_000)));
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const before = hwm();
  const started = performance.now();
  let spans: unknown[] = [];
  try {
    if (kind === 'asthma-bounded') spans = engine.detect(text, {}, { maxSpans: Math.floor(POOL_DEFAULTS.maxOutputBytes / 128) });
    else if (kind === 'asthma-unbounded') spans = engine.detect(text, { maxSpans: Number.MAX_SAFE_INTEGER });
    else spans = engine.detect(text);
  } catch (err) {
    if ((err as { code?: string }).code !== 'E_OUTPUT_TOO_LARGE') throw err;
  }
  const heapAfter = process.memoryUsage().heapUsed;
  // 1.4 M spans of "asthma" would be 540 MB of JSON, past V8's longest string: that case counts detect only.
  const json = kind === 'asthma-unbounded' ? '' : JSON.stringify(spans);
  const after = hwm();
  return {
    case: kind,
    chars: text.length,
    spans: spans.length,
    jsonBytes: json.length,
    bytesPerChar: Math.round(((after - before) / text.length) * 10) / 10,
    heapBytesPerChar: Math.round(((heapAfter - heapBefore) / text.length) * 10) / 10,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

const CASES = ['codiesp', 'asthma', 'asthma-unbounded', 'asthma-bounded'] as const;

/** Each case in a fresh process; a case that fails (e.g. out of memory) says so instead of a figure. */
export function measureMemory(chars: number, cases: readonly string[] = CASES): Array<CaseResult | { case: string; failed: string }> {
  const self = fileURLToPath(import.meta.url);
  return cases.map((kind) => {
    const r = spawnSync(process.execPath, ['--expose-gc', self, '--case', kind, '--chars', String(chars)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status === 0) return JSON.parse(r.stdout) as CaseResult;
    return { case: kind, failed: r.stderr.split('\n').find((l) => /Error|FATAL/.test(l)) ?? `exit ${String(r.status)}` };
  });
}

/** `npm run bench -- --only memory`: bytes per input character of each case, at 10 M characters (2 M with --quick). */
export async function memorySuite(opts: RunOptions): Promise<SuiteResult> {
  return guard('memory', async (_rows, facts, notes) => {
    const chars = opts.quick ? 2_000_000 : 10_000_000;
    for (const r of measureMemory(chars)) {
      if ('failed' in r) throw new Error(`memory case ${r.case} failed: ${r.failed}`);
      facts[`${r.case}, bytes per char`] = r.bytesPerChar;
      facts[`${r.case}, spans`] = r.spans;
    }
    notes.push(`peak resident memory (VmHWM) over the engine's own, per input character, one ${chars.toLocaleString('en-US')}-character document per case, each in a fresh process`);
    return [`one document of ${chars} characters per case`];
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf('--case');
  const chars = Number(args[args.indexOf('--chars') + 1] ?? 0) || 2_000_000;
  if (i >= 0) {
    process.stdout.write(`${JSON.stringify(await runCase(args[i + 1] as string, chars))}\n`);
    return;
  }
  for (const r of measureMemory(chars)) process.stdout.write(`${JSON.stringify(r)}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
