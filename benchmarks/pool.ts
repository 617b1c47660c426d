/**
 * Worker pool throughput: 1, 2 and N (= os.availableParallelism()) threads via
 * src/workers/pool.ts createPool, against engine.detect on this thread, measured
 * in interleaved rounds in one process. Expected: the committed span total and
 * hash of the corpus (benchmarks/expectations.json); every pass must give the
 * total, and each task's last pass the hash.
 *
 * The pool module is imported dynamically so this suite compiles and reports
 * "pool: not available yet" while the module does not exist.
 */
import { availableParallelism } from 'node:os';
import { Bench } from 'tinybench';
import type { Corpus } from './corpus.js';
import type { EngineSource } from './engine-source.js';
import type { Span } from '../src/types.js';
import { AnswerCheck, digest, type CorpusExpectation } from './expectations.js';
import { CountRecorder, median, taskStats, type Row, type RunOptions, type SuiteResult, guard } from './harness.js';

/** The part of the pool API this suite uses (src/workers/pool.ts). */
interface PoolRecord {
  ok: boolean;
  spans?: readonly unknown[];
  spanCount?: number;
  spansJson?: string;
  error?: { code: string; message: string };
}
interface PoolLike {
  readonly threads: number;
  detectMany(docs: Iterable<{ id: number; text: string }>): AsyncIterable<PoolRecord>;
  /** Spans serialised to JSON in the worker (one string per record crosses threads); optional. */
  detectManyJson?(docs: Iterable<{ id: number; text: string }>): AsyncIterable<PoolRecord>;
  close(): Promise<void>;
}
interface PoolModule {
  createPool(options: { threads: number; engine: unknown }): Promise<PoolLike>;
}

export const POOL_UNAVAILABLE = 'pool: not available yet';

/** The pool module, or a reason it cannot be used. */
export async function loadPoolModule(): Promise<PoolModule | string> {
  const spec = new URL('../src/workers/pool.js', import.meta.url).href;
  try {
    const mod = (await import(spec)) as Partial<PoolModule>;
    if (typeof mod.createPool !== 'function') return `${POOL_UNAVAILABLE} (src/workers/pool.js has no createPool)`;
    return mod as PoolModule;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return `${POOL_UNAVAILABLE} (src/workers/pool.ts does not exist)`;
    return `${POOL_UNAVAILABLE} (importing src/workers/pool.js failed: ${err instanceof Error ? err.message : String(err)})`;
  }
}

export interface PoolInput {
  src: EngineSource;
  corpora: readonly Corpus[];
  /** The committed answers for a corpus (expectations.ts); the pool must give the `detect` ones. */
  expected: (corpus: Corpus) => CorpusExpectation;
}

/** One pass; `answers` keeps each record's spans (objects, or the JSON string) for the check after timing. */
async function poolPass(pool: PoolLike, docs: ReadonlyArray<{ id: number; text: string }>, json: boolean, answers: Array<readonly unknown[] | string>): Promise<number> {
  let n = 0;
  let i = 0;
  const records = json && pool.detectManyJson !== undefined ? pool.detectManyJson(docs) : pool.detectMany(docs);
  for await (const r of records) {
    if (!r.ok) throw new Error(`pool returned an error record: ${r.error?.code ?? '?'} ${r.error?.message ?? ''}`);
    n += json ? (r.spanCount ?? NaN) : (r.spans?.length ?? 0);
    answers[i++] = json ? (r.spansJson ?? '') : (r.spans ?? []);
  }
  return n;
}

export async function poolSuite(input: PoolInput, opts: RunOptions): Promise<SuiteResult> {
  const mod = await loadPoolModule();
  if (typeof mod === 'string') return { suite: 'pool', state: 'skipped', reason: mod, facts: {}, notes: [] };
  return guard('pool', async (rows, facts, notes) => {
    const { engine } = input.src;
    const cores = availableParallelism();
    const sizes = [...new Set([1, 2, cores])];
    facts['available parallelism'] = cores;
    const pools = new Map<number, PoolLike>();
    try {
      for (const threads of sizes) {
        const t0 = performance.now();
        pools.set(threads, await mod.createPool({ threads, engine }));
        facts[`pool start ms, ${threads} thread(s)`] = Math.round(performance.now() - t0);
      }
      const rounds = opts.quick ? 1 : 3;
      for (const corpus of input.corpora) {
        const docs = corpus.docs.map((d, id) => ({ id, text: d.text }));
        const committed = input.expected(corpus).detect;
        const expected = committed.spans;

        const hasJson = typeof [...pools.values()][0]?.detectManyJson === 'function';
        const names = ['this thread', ...sizes.map((t) => `pool ${t} thread${t > 1 ? 's' : ''}`)];
        if (hasJson) names.push(...sizes.map((t) => `pool ${t} thread${t > 1 ? 's' : ''}, JSON records`));
        const rec = new Map(names.map((n) => [n, new CountRecorder(`${corpus.name}: ${n}`)]));
        const answers = new Map<string, Array<readonly unknown[] | string>>(names.map((n) => [n, new Array(docs.length)]));
        const perRound = new Map<string, number[]>(names.map((n) => [n, []]));
        const samples = new Map<string, number>();
        for (let r = 0; r < rounds; r++) {
          const bench = new Bench({ time: opts.quick ? 100 : 1500, iterations: opts.quick ? 2 : 5, warmupTime: opts.quick ? 20 : 200, warmupIterations: 1, throws: true });
          const order = r % 2 === 0 ? names : [...names].reverse();
          for (const name of order) {
            const recorder = rec.get(name) as CountRecorder;
            if (name === 'this thread') {
              const kept = answers.get(name) as Array<readonly unknown[] | string>;
              bench.add(name, () => {
                let n = 0;
                for (const d of docs) {
                  const spans = engine.detect(d.text);
                  kept[d.id] = spans;
                  n += spans.length;
                }
                recorder.record(n);
              });
            } else {
              const pool = pools.get(Number(/\d+/.exec(name)?.[0])) as PoolLike;
              const json = name.endsWith('JSON records');
              const kept = answers.get(name) as Array<readonly unknown[] | string>;
              bench.add(name, async () => recorder.record(await poolPass(pool, docs, json, kept)));
            }
          }
          await bench.run();
          for (const name of names) {
            const s = taskStats(bench.getTask(name) as NonNullable<ReturnType<typeof bench.getTask>>);
            (perRound.get(name) as number[]).push(s.median);
            samples.set(name, (samples.get(name) ?? 0) + s.samples);
          }
        }
        const check = new AnswerCheck();
        for (const name of names) {
          check.run(() => (rec.get(name) as CountRecorder).verify(expected));
          const kept = (answers.get(name) as Array<readonly unknown[] | string>).map((a) => (typeof a === 'string' ? (JSON.parse(a) as Span[]) : (a as Span[])));
          check.digest(`${corpus.name}: ${name}`, committed, digest(kept));
        }
        check.throwIfAny();

        for (const name of names) {
          const json = name.endsWith('JSON records');
          const one = perRound.get(json ? 'pool 1 thread, JSON records' : 'pool 1 thread') as number[];
          const times = perRound.get(name) as number[];
          const ms = median(times);
          const row: Row = {
            task: name,
            corpus: corpus.name,
            expected,
            count: expected,
            notes: docs.length,
            bytes: corpus.bytes,
            medianMs: ms,
            meanMs: times.reduce((a, b) => a + b, 0) / times.length,
            mbPerS: corpus.bytes / 1e6 / (ms / 1000),
            notesPerS: docs.length / (ms / 1000),
            p50Ms: null,
            p99Ms: null,
            samples: samples.get(name) ?? 0,
            rme: NaN,
            extra: {},
          };
          const speedups = one.map((x, i) => x / (times[i] as number));
          row.extra[json ? 'x pool 1 thread, JSON' : 'x pool 1 thread'] = `${median(speedups).toFixed(2)} [${Math.min(...speedups).toFixed(2)}-${Math.max(...speedups).toFixed(2)}]`;
          rows.push(row);
        }
      }
      notes.push(`Each pool pass is one detectMany over the corpus (", JSON records": detectManyJson, spans serialised in the worker); ${rounds} interleaved rounds; x pool 1 thread = median [min-max] of per-round time ratios against the same call with 1 thread.`);
      notes.push('On a 2-core machine that others share, N threads = 2 and the 2-thread figure includes this process\'s main thread reordering records.');
    } finally {
      for (const p of pools.values()) await p.close();
    }
    return input.corpora.map((c) => `${c.name}: ${c.description}`);
  });
}
