/**
 * What every suite shares: run options, the count check that makes a fast wrong
 * answer fail, result types (a discriminated union on `state`), and turning
 * tinybench statistics into MB/s, notes/s and latency percentiles.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench, type Task } from 'tinybench';

/** Suite names, in the order a run executes them (the batch suite first). */
export const SUITES = ['batch', 'load', 'detect', 'pool', 'build', 'compare', 'search', 'queue', 'memory', 'server'] as const;
export type SuiteName = (typeof SUITES)[number];

/**
 * What single-thread tasks are timed with. `cpu` (default): user + system CPU
 * time of this process (process.cpuUsage, 1 µs resolution, ~5 µs per reading
 * here), so time spent descheduled while other jobs run on the same two cores
 * is not counted; contention for caches and clock speed still is (the raw-scan
 * floor moved between 350 and 860 MB/s across runs here), hence the same-run
 * ratios. It counts V8's GC helper threads too. `wall`: performance.now(), what
 * a caller waits on a quiet machine. The pool and cold-start figures are always wall clock.
 */
export type ClockName = 'cpu' | 'wall';

export function clockFn(clock: ClockName): () => number {
  if (clock === 'wall') return () => performance.now();
  return () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
}

export interface RunOptions {
  /** Short budgets and small corpora: checks that everything runs and counts agree. */
  quick: boolean;
  clock: ClockName;
  /** Suites to run, in SUITES order. */
  only: readonly SuiteName[];
  log: (line: string) => void;
}

/** A count that differs from the independently computed expectation. */
export class CountMismatchError extends Error {
  constructor(
    readonly label: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`count mismatch in ${label}: expected ${expected}, got ${actual}`);
    this.name = 'CountMismatchError';
  }
}

/** Throws CountMismatchError unless `actual === expected`. */
export function checkCount(label: string, expected: number, actual: number): void {
  if (!Number.isInteger(expected) || expected !== actual) throw new CountMismatchError(label, expected, actual);
}

/**
 * Records the count a task function produced on every call and checks it once
 * the task has run, so a benchmark that got faster by dropping matches fails.
 */
export class CountRecorder {
  private seen = -1;
  private calls = 0;
  private bad: number | null = null;
  constructor(readonly label: string) {}
  record(count: number): void {
    this.calls++;
    if (this.seen < 0) this.seen = count;
    else if (count !== this.seen && this.bad === null) this.bad = count;
  }
  /** Throws when no call was recorded, a call differed from the first, or the first differs from `expected`. */
  verify(expected: number): void {
    if (this.calls === 0) throw new Error(`${this.label}: the task never ran`);
    if (this.bad !== null) throw new CountMismatchError(`${this.label} (repeated runs)`, this.seen, this.bad);
    checkCount(this.label, expected, this.seen);
  }
}

/** One measured task. Throughput fields are per pass over `notes` documents of `bytes` UTF-8 bytes. */
export interface Row {
  task: string;
  corpus: string;
  /** Expected number of matches or spans per pass, and what the task produced. */
  expected: number | null;
  count: number | null;
  notes: number;
  bytes: number;
  /** Median and mean time of one iteration (one pass, or one note for latency tasks), ms. */
  medianMs: number;
  meanMs: number;
  mbPerS: number | null;
  notesPerS: number | null;
  /** Per-note latency percentiles when each iteration is one note, ms. */
  p50Ms: number | null;
  p99Ms: number | null;
  samples: number;
  /** Relative margin of error of the mean, percent (tinybench). */
  rme: number;
  /** Ratios and remarks, e.g. { 'x peer': 4.1 }. */
  extra: Record<string, number | string>;
}

export type Fact = number | string | boolean | null;

export type SuiteResult =
  | { suite: SuiteName; state: 'ok'; corpora: string[]; rows: Row[]; facts: Record<string, Fact>; notes: string[] }
  | { suite: SuiteName; state: 'failed'; message: string; rows: Row[]; facts: Record<string, Fact>; notes: string[] }
  | { suite: SuiteName; state: 'skipped'; reason: string; facts: Record<string, Fact>; notes: string[] };

/** A tinybench Bench on the run's clock, with time budgets scaled for quick or full runs. */
export function makeBench(opts: Pick<RunOptions, 'quick' | 'clock'>, full: { time: number; iterations?: number }): Bench {
  const quick = opts.quick;
  return new Bench({
    now: clockFn(opts.clock),
    time: quick ? Math.min(100, full.time) : full.time,
    iterations: quick ? 2 : (full.iterations ?? 10),
    warmupTime: quick ? 20 : 200,
    warmupIterations: quick ? 1 : 5,
    throws: true,
  });
}

export interface RowSpec {
  task: string;
  corpus: string;
  notes: number;
  bytes: number;
  expected: number | null;
  count: number | null;
  /** True when one iteration is one note (latency task): p50/p99 are per note and throughput uses notes/bytes averages. */
  perNote?: boolean;
}

/** Statistics of a completed task; throws with the task's own error when it failed. */
export function taskStats(task: Task): { median: number; mean: number; p50: number; p99: number; samples: number; rme: number } {
  const r = task.result;
  if (r.state === 'errored') throw r.error;
  if (r.state !== 'completed' && r.state !== 'aborted-with-statistics') throw new Error(`task ${task.name} did not complete (${r.state})`);
  return { median: r.latency.p50, mean: r.latency.mean, p50: r.latency.p50, p99: r.latency.p99, samples: r.latency.samplesCount, rme: r.latency.rme };
}

export function rowFrom(task: Task, spec: RowSpec): Row {
  const s = taskStats(task);
  // Latency tasks time one note per iteration: throughput is mean bytes per note / mean time.
  const perPassMs = spec.perNote === true ? s.mean * spec.notes : s.median;
  return {
    task: spec.task,
    corpus: spec.corpus,
    expected: spec.expected,
    count: spec.count,
    notes: spec.notes,
    bytes: spec.bytes,
    medianMs: s.median,
    meanMs: s.mean,
    mbPerS: perPassMs > 0 ? spec.bytes / 1e6 / (perPassMs / 1000) : null,
    notesPerS: perPassMs > 0 ? spec.notes / (perPassMs / 1000) : null,
    p50Ms: spec.perNote === true ? s.p50 : null,
    p99Ms: spec.perNote === true ? s.p99 : null,
    samples: s.samples,
    rme: s.rme,
    extra: {},
  };
}

export function memorySnapshot(): { rssMB: number; heapUsedMB: number; heapTotalMB: number; externalMB: number; arrayBuffersMB: number } {
  const m = process.memoryUsage();
  const mb = (n: number): number => Math.round((n / 1048576) * 10) / 10;
  return { rssMB: mb(m.rss), heapUsedMB: mb(m.heapUsed), heapTotalMB: mb(m.heapTotal), externalMB: mb(m.external), arrayBuffersMB: mb(m.arrayBuffers) };
}

/**
 * Memory after a full GC, so garbage left by earlier suites is not reported as
 * held. Uses V8's gc() (enabled at run time, only here, never inside a timing).
 */
export function settledMemory(): ReturnType<typeof memorySnapshot> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc === 'function') gc();
  return memorySnapshot();
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Runs a suite body, turning a thrown error (count mismatch included) into a failed result. */
export async function guard(suite: SuiteName, body: (rows: Row[], facts: Record<string, Fact>, notes: string[]) => Promise<string[]>): Promise<SuiteResult> {
  const rows: Row[] = [];
  const facts: Record<string, Fact> = {};
  const notes: string[] = [];
  try {
    const corpora = await body(rows, facts, notes);
    return { suite, state: 'ok', corpora, rows, facts, notes };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { suite, state: 'failed', message, rows, facts, notes };
  }
}
