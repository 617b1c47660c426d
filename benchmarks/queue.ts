/**
 * Scale-out: `icd10cm detect --queue` with one and two `icd10cm worker`
 * processes (one thread each) against a local `icd10cm detect --threads 1`
 * and `--threads 2` on the same distinct-document corpus, all through the
 * real CLI and a real redis-server on loopback, in interleaved rounds.
 *
 * Time is the processing time the submitter reports on its summary line (from
 * its pool being ready to its last record written), wall clock: neither the
 * workers' start nor the local threads' start is counted, and each run gets
 * fresh workers, as each local run gets fresh threads (a worker kept from an
 * earlier round would bring a warm JIT and make the queue look faster than
 * threads). Expected count: the span total of the first local run; every run
 * must give exactly that total and the same output bytes (sha256).
 *
 *   node dist/benchmarks/queue.js [--quick] [--rounds N]
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/paths.js';
import { loadCodiEspEnglish, type Corpus } from './corpus.js';
import { guard, median, type RunOptions, type SuiteResult } from './harness.js';
import { startRedis, startWorker, type WorkerProcess } from './queue-processes.js';

const BIN = join(PACKAGE_ROOT, 'bin', 'icd10cm.js');

interface Pass {
  seconds: number;
  spans: number;
  sha256: string;
}

/** One `icd10cm detect` run over the corpus file; parses its summary line. */
function detectOnce(args: string[], input: string, output: string): Promise<Pass> {
  return new Promise((resolvePass, reject) => {
    const child = spawn(process.execPath, [BIN, 'detect', '--jsonl', input, '--output', output, ...args], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => {
      const m = /icd10cm detect: (\d+) documents, (\d+) errors, (\d+) spans, ([\d.]+) s/.exec(stderr);
      if (code !== 0 || m === null) return reject(new Error(`detect ${args.join(' ')} exited ${code}: ${stderr.trim().split('\n').pop() ?? ''}`));
      resolvePass({ seconds: Number(m[4]), spans: Number(m[3]), sha256: createHash('sha256').update(readFileSync(output)).digest('hex') });
    });
  });
}

export interface QueueInput {
  corpus: Corpus;
  rounds: number;
}

export async function queueSuite(input: QueueInput, opts: Pick<RunOptions, 'log'>): Promise<SuiteResult> {
  return guard('queue', async (rows, facts, notes) => {
    const { corpus, rounds } = input;
    const dir = mkdtempSync(join(tmpdir(), 'icd10cm-bench-queue-'));
    const file = join(dir, 'corpus.jsonl');
    writeFileSync(file, corpus.docs.map((d) => JSON.stringify({ id: d.id, text: d.text })).join('\n') + '\n');
    const redis = await startRedis();
    const workers: WorkerProcess[] = [];
    try {
      const setups: Array<{ task: string; args: string[]; workers: number; baseline?: string }> = [
        { task: 'local --threads 1', args: ['--threads', '1'], workers: 0 },
        { task: 'local --threads 2', args: ['--threads', '2'], workers: 0 },
        { task: 'queue, 1 worker x 1 thread', args: ['--queue', redis.url, '--name', 'bench1'], workers: 1, baseline: 'local --threads 1' },
        { task: 'queue, 2 workers x 1 thread', args: ['--queue', redis.url, '--name', 'bench2'], workers: 2, baseline: 'local --threads 2' },
      ];
      const times = new Map<string, number[]>(setups.map((s) => [s.task, []]));
      let expected: Pass | undefined;
      for (let round = 0; round < rounds; round++) {
        for (const s of setups) {
          // Fresh workers each round, as each local run has fresh threads: warm workers would also bring a warm JIT.
          for (let i = 0; i < s.workers; i++) workers.push(await startWorker(['--queue', redis.url, '--name', s.args[3] as string, '--threads', '1'], {}));
          const pass = await detectOnce(s.args, file, join(dir, 'out.jsonl'));
          await Promise.all(workers.splice(0).map((w) => w.stop()));
          expected ??= pass;
          if (pass.spans !== expected.spans || pass.sha256 !== expected.sha256) {
            throw new Error(`${s.task} wrote other records: ${pass.spans} spans (sha256 ${pass.sha256.slice(0, 12)}), expected ${expected.spans} (${expected.sha256.slice(0, 12)})`);
          }
          times.get(s.task)?.push(pass.seconds);
          opts.log(`bench: queue round ${round + 1}/${rounds}: ${s.task} ${pass.seconds.toFixed(2)} s`);
        }
      }
      const medians = new Map([...times].map(([task, t]) => [task, median(t)]));
      for (const s of setups) {
        const sec = medians.get(s.task) as number;
        const extra: Record<string, number | string> = {};
        if (s.baseline !== undefined) extra['x local, same threads'] = Number((sec / (medians.get(s.baseline) as number)).toFixed(3));
        rows.push({
          task: s.task,
          corpus: corpus.name,
          expected: expected?.spans ?? null,
          count: expected?.spans ?? null,
          notes: corpus.docs.length,
          bytes: corpus.bytes,
          medianMs: sec * 1000,
          meanMs: ((times.get(s.task) ?? []).reduce((a, b) => a + b, 0) / rounds) * 1000,
          mbPerS: corpus.bytes / 1e6 / sec,
          notesPerS: corpus.docs.length / sec,
          p50Ms: null,
          p99Ms: null,
          samples: rounds,
          rme: 0,
          extra,
        });
      }
      facts['queue overhead x, 1 thread'] = (rows[2]?.extra['x local, same threads'] as number | undefined) ?? null;
      facts['queue overhead x, 2 threads'] = (rows[3]?.extra['x local, same threads'] as number | undefined) ?? null;
      notes.push(`${cpus().length} cores; wall-clock processing time from the submitter's summary line, median of ${rounds} interleaved rounds; fresh workers each run, started before timing`);
      return [corpus.name];
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

async function main(argv: string[]): Promise<number> {
  const quick = argv.includes('--quick');
  const at = argv.indexOf('--rounds');
  const rounds = at >= 0 ? Number(argv[at + 1]) : quick ? 1 : 3;
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw new Error('--rounds must be a positive integer');
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const corpus = loadCodiEspEnglish(undefined, quick ? 100 : Infinity);
  const r = await queueSuite({ corpus, rounds }, { log });
  if (r.state !== 'ok') {
    log(`bench: queue ${r.state}: ${r.state === 'failed' ? r.message : r.reason}`);
    return 1;
  }
  for (const row of r.rows) {
    const ratio = row.extra['x local, same threads'];
    process.stdout.write(`${row.task.padEnd(30)} ${(row.medianMs / 1000).toFixed(2).padStart(7)} s  ${row.notesPerS?.toFixed(0).padStart(5)} notes/s${ratio === undefined ? '' : `  ${ratio}x local`}\n`);
  }
  process.stdout.write(`${r.notes.join('\n')}\n`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
