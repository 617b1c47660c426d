/**
 * Start-up and memory.
 * - Cold start: a fresh `node` process imports dist/src/index.js, calls
 *   loadEngine({ build: 'never' }) and detects one 5 KB synthetic note. Timed
 *   from spawn to the child's "ready" line (wall clock, includes Node's own
 *   start-up); the child also reports its own timings (performance.now() is
 *   milliseconds since its process started) and its memory.
 * - In process: readArtifactFile, and Engine.fromBuffer over bytes already read.
 * Expected count: the child's span count on the sample note must equal this
 * process's, and its pattern count the artifact header's.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { readArtifactFile } from '../src/artifact/read.js';
import { Engine } from '../src/engine.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { EngineSource } from './engine-source.js';
import { checkCount, clockFn, guard, median, rowFrom, type RunOptions, type SuiteResult } from './harness.js';

export interface LoadInput {
  src: EngineSource;
  /** The note detected by the child once it is ready. */
  sample: string;
}

interface ChildReport {
  readyMs: number;
  /** User + system CPU of the child from its start to ready (all its threads). */
  cpuReadyMs: number;
  importMs: number;
  loadMs: number;
  firstDetectMs: number;
  spans: number;
  patterns: number;
  rssAfterLoad: number;
  heapAfterLoad: number;
  externalAfterLoad: number;
  rssAfterDetect: number;
  heapAfterDetect: number;
}

// Runs in the child: every figure comes from inside the child except the parent's wall clock.
const CHILD = `
const t0 = performance.now();
const { loadEngine } = await import(process.env.BENCH_INDEX);
const t1 = performance.now();
const engine = await loadEngine({ build: 'never', artifactPath: process.env.BENCH_ARTIFACT });
const t2 = performance.now();
const cpu = process.cpuUsage();
const m1 = process.memoryUsage();
process.stdout.write('ready\\n');
const spans = engine.detect(process.env.BENCH_SAMPLE ?? '');
const t3 = performance.now();
const m2 = process.memoryUsage();
process.stdout.write(JSON.stringify({ readyMs: t2, cpuReadyMs: (cpu.user + cpu.system) / 1000, importMs: t1 - t0, loadMs: t2 - t1, firstDetectMs: t3 - t2, spans: spans.length,
  patterns: engine.info.counts.patterns, rssAfterLoad: m1.rss, heapAfterLoad: m1.heapUsed, externalAfterLoad: m1.external,
  rssAfterDetect: m2.rss, heapAfterDetect: m2.heapUsed }) + '\\n');
`;

/** Spawns one child; resolves with the wall time to its "ready" line and its report. */
function coldStart(artifactPath: string, sample: string): Promise<{ wallMs: number; report: ChildReport }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let wallMs = NaN;
    let out = '';
    let err = '';
    const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
      env: { ...process.env, BENCH_INDEX: pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'index.js')).href, BENCH_ARTIFACT: artifactPath, BENCH_SAMPLE: sample },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (Number.isNaN(wallMs) && (out + chunk).includes('ready\n')) wallMs = performance.now() - t0;
      out += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || line === undefined) {
        const lines = err.trim().split('\n');
        const first = lines.find((l) => /Error|error:/.test(l)) ?? lines[0] ?? '';
        reject(new Error(`cold-start child exited with ${code}: ${first.trim()}`));
        return;
      }
      resolve({ wallMs, report: JSON.parse(line) as ChildReport });
    });
  });
}

export async function loadSuite(input: LoadInput, opts: RunOptions): Promise<SuiteResult> {
  return guard('load', async (rows, facts, notes) => {
    const { engine, artifactPath } = input.src;
    const expectedSpans = engine.detect(input.sample).length;
    const expectedPatterns = input.src.lexicon.header.counts.patterns;
    const reports: ChildReport[] = [];
    const walls: number[] = [];
    const runs = opts.quick ? 2 : 10;

    // Cold start: one untimed spawn first so that the file cache is warm for all measured ones.
    await coldStart(artifactPath, input.sample);
    const cold = new Bench({ time: 0, iterations: runs, warmup: false, throws: true });
    cold.add('cold start', async () => {
      const r = await coldStart(artifactPath, input.sample);
      reports.push(r.report);
      walls.push(r.wallMs);
      // Bench times the whole child (exit included); the spawn-to-ready wall is overridden in.
      return { overriddenDuration: r.wallMs };
    });
    await cold.run();
    for (const r of reports) {
      checkCount('load: child span count on the sample note', expectedSpans, r.spans);
      checkCount('load: child pattern count', expectedPatterns, r.patterns);
    }

    const bytes = input.src.engine.info.artifactBytes;
    let buffer = readArtifactFile(artifactPath);
    const inproc = new Bench({ now: clockFn(opts.clock), time: opts.quick ? 50 : 1000, iterations: opts.quick ? 2 : 10, warmupIterations: 1, throws: true });
    inproc.add('readArtifactFile', () => {
      buffer = readArtifactFile(artifactPath);
    });
    inproc.add('Engine.fromBuffer', () => Engine.fromBuffer(buffer, { artifactPath }));
    await inproc.run();

    const base = { corpus: `artifact (${(bytes / 1048576).toFixed(1)} MiB)`, notes: 1, bytes, count: null };
    rows.push(rowFrom(cold.getTask('cold start') as NonNullable<ReturnType<typeof cold.getTask>>, { ...base, task: 'cold start: spawn node -> engine ready', expected: expectedSpans, count: expectedSpans }));
    rows.push(rowFrom(inproc.getTask('readArtifactFile') as NonNullable<ReturnType<typeof inproc.getTask>>, { ...base, task: 'in process: readArtifactFile', expected: null }));
    rows.push(rowFrom(inproc.getTask('Engine.fromBuffer') as NonNullable<ReturnType<typeof inproc.getTask>>, { ...base, task: 'in process: Engine.fromBuffer', expected: null }));
    for (const r of rows) {
      r.mbPerS = null;
      r.notesPerS = null;
    }

    const mb = (n: number): number => Math.round((n / 1048576) * 10) / 10;
    const ms = (n: number): number => Math.round(n * 10) / 10;
    const pick = (f: (r: ChildReport) => number): number[] => reports.map(f);
    facts['cold start runs'] = reports.length;
    facts['cold start ms: spawn -> ready, median'] = ms(median(walls));
    facts['cold start ms: spawn -> ready, min-max'] = `${ms(Math.min(...walls))}-${ms(Math.max(...walls))}`;
    facts['cold start ms: child process start -> ready, median'] = ms(median(pick((r) => r.readyMs)));
    facts['cold start ms: child CPU (user+sys) to ready, median'] = ms(median(pick((r) => r.cpuReadyMs)));
    facts['cold start ms: import dist/src/index.js, median'] = ms(median(pick((r) => r.importMs)));
    facts['cold start ms: loadEngine(), median'] = ms(median(pick((r) => r.loadMs)));
    facts['cold start ms: first detect (5 KB note, cold JIT), median'] = ms(median(pick((r) => r.firstDetectMs)));
    facts['loaded engine rss MB (fresh process), median'] = mb(median(pick((r) => r.rssAfterLoad)));
    facts['loaded engine heapUsed MB (fresh process), median'] = mb(median(pick((r) => r.heapAfterLoad)));
    facts['loaded engine external MB (artifact buffer), median'] = mb(median(pick((r) => r.externalAfterLoad)));
    facts['rss MB after first detect, median'] = mb(median(pick((r) => r.rssAfterDetect)));
    facts['artifact bytes'] = bytes;
    notes.push('Cold start: spawn-to-ready wall clock per run (tinybench iterations with the wall time overridden in); the file cache is warm (one untimed spawn first).');
    return [`sample note: ${input.sample.length} chars`];
  });
}
