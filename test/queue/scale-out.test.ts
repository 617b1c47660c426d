/**
 * `icd10cm detect --queue` against real redis-server and real `icd10cm worker`
 * processes on loopback: the same bytes and exit code as a local run, with
 * workers that die mid-batch, a document that kills every worker that takes
 * it, and a worker of another edition.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { TEST_HOLD_MARKER, TEST_KILL_WORKER_MARKER } from '../../src/queue/protocol.js';
import { runCli } from '../cli/run-cli.js';
import { assertDistFresh, syntheticArtifactFile } from '../helpers/pool-fixtures.js';
import { syntheticLexicon } from '../helpers/synthetic-lexicon.js';
import { startRedis, startWorker, TEST_STALLED, type RedisServer, type WorkerProcess } from '../../benchmarks/queue-processes.js';

const QUEUE_MODULES = ['src/cli/main.ts', 'src/cli/detect.ts', 'src/cli/worker.ts', 'src/queue/pool.ts', 'src/queue/worker.ts', 'src/queue/protocol.ts', 'src/queue/connection.ts', 'src/queue/identity.ts'];

let redis: RedisServer;
let env: Record<string, string>;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  assertDistFresh(QUEUE_MODULES);
  env = { ICD10CM_ARTIFACT: syntheticArtifactFile() };
  redis = await startRedis();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await redis?.stop();
});

async function worker(name: string, extraEnv: Record<string, string> = {}, supervise = false): Promise<WorkerProcess> {
  const w = await startWorker(['--queue', redis.url, '--name', name, '--threads', '1', ...TEST_STALLED], { ...env, ...extraEnv }, supervise);
  workers.push(w);
  return w;
}

const PHRASES = ['essential hypertension', 'no evidence of pneumonia', 'history of MI', 'type 2 diabetes mellitus', 'acute systolic heart failure', 'COPD', 'denies chest pain', 'mother had heart failure'];

/** A mixed JSONL stream: distinct good documents (~1 KB each, several batches), malformed lines, missing and non-string text, empty text, NUL bytes. */
function mixedStream(extra: Array<{ id: string; text: string }> = []): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 320; i++) {
    const words: string[] = [];
    for (let j = 0; words.join(' ').length < 1000; j++) words.push(`Visit ${i}.${j}: ${PHRASES[(i * 7 + j * 3) % PHRASES.length]}.`);
    lines.push(JSON.stringify({ id: `doc-${i}`, text: words.join(' ') }));
    if (i === 50) lines.push('{"id": "broken", "text": ');
    if (i === 120) lines.push(JSON.stringify({ id: 'no-text' }));
    if (i === 121) lines.push(JSON.stringify({ id: 'number', text: 7 }));
    if (i === 200) lines.push(JSON.stringify({ id: 'empty', text: '' }));
    if (i === 300) lines.push(JSON.stringify({ id: 'nul', text: 'COPD\u0000' }));
    if (i === 250) for (const e of extra) lines.push(JSON.stringify(e));
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

const local = (input: Buffer) => runCli(['detect', '--threads', '2', '--quiet'], { input, env, timeoutMs: 120_000 });
const remote = (input: Buffer, name: string, more: string[] = []) =>
  runCli(['detect', '--queue', redis.url, '--name', name, '--quiet', ...more], { input, env, timeoutMs: 120_000 });

describe('detect --queue', () => {
  it('writes the bytes a local run writes, with two workers, and leaves no results in Redis', async () => {
    await worker('same');
    await worker('same');
    const input = mixedStream();
    const [a, b] = await Promise.all([local(input), remote(input, 'same')]);
    expect(b.code).toBe(a.code);
    expect(a.code).toBe(1); // the malformed lines are error records
    expect(b.stdout).toBe(a.stdout);
    expect(a.stdout.split('\n').length).toBe(326); // 320 documents, 5 bad or empty ones, one final newline
    const client = new Redis(redis.url);
    try {
      expect(await client.keys('icd10cm:*')).toEqual([]);
      expect(await client.zcard('bull:same:completed')).toBe(0);
      expect(await client.llen('bull:same:wait')).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('gives a batch whose worker is killed (SIGKILL) mid-batch to another worker: same bytes, same exit code', async () => {
    const input = mixedStream([{ id: 'held', text: `${TEST_HOLD_MARKER} essential hypertension and COPD` }]);
    const holder = await worker('kill', { ICD10CM_TEST_CRASH: '1', ICD10CM_TEST_HOLD: '1' });
    const run = remote(input, 'kill');
    // The holder keeps the batch's lock alive until it is killed: it dies mid-batch for certain.
    await holder.waitForLog(/holding batch/);
    await worker('kill');
    holder.child.kill('SIGKILL');
    const [a, b] = await Promise.all([local(input), run]);
    expect(b.code).toBe(a.code);
    expect(b.stdout).toBe(a.stdout);
    expect(b.stdout).toContain('"id":"held","ok":true');
  });

  it('runs a batch that kills its workers one document at a time, apart: one E_WORKER_FAILED record, the rest complete', async () => {
    const poison = { id: 'poison', text: `${TEST_KILL_WORKER_MARKER} COPD` };
    const input = mixedStream([poison]);
    const w1 = await worker('poison', { ICD10CM_TEST_CRASH: '1' }, true);
    const w2 = await worker('poison', { ICD10CM_TEST_CRASH: '1' }, true);
    const [a, b] = await Promise.all([local(input), remote(input, 'poison')]);
    // The batch stopped two workers; then, run one document at a time in a child process, it stopped only that child.
    expect(w1.deaths + w2.deaths).toBe(2);
    const localLines = a.stdout.split('\n');
    const remoteLines = b.stdout.split('\n');
    expect(remoteLines.length).toBe(localLines.length);
    const at = localLines.findIndex((l) => l.startsWith('{"id":"poison"'));
    expect(JSON.parse(remoteLines[at] as string)).toEqual({ id: 'poison', ok: false, error: { code: 'E_WORKER_FAILED', message: expect.stringContaining('alone died (SIGKILL)') } });
    expect(remoteLines.filter((_, i) => i !== at)).toEqual(localLines.filter((_, i) => i !== at));
    expect(b.code).toBe(1);
  }, 150_000);

  it('stops with E_ARTIFACT_MISMATCH when a worker has another artifact; the worker says why', async () => {
    const lexicon = syntheticLexicon();
    const other = compileLexicon({ ...lexicon, terms: [...lexicon.terms, { text: 'lung infection', code: 'J18.9', source: 'index' }] }).bytes;
    const otherPath = join(dirname(env['ICD10CM_ARTIFACT'] as string), 'other.bin');
    writeFileSync(otherPath, other);
    const w = await worker('edition', { ICD10CM_ARTIFACT: otherPath });
    const b = await remote(Buffer.from('{"id":"a","text":"COPD"}\n'), 'edition');
    expect(b.code).toBe(3);
    expect(b.stderr).toMatch(/E_ARTIFACT_MISMATCH: worker .* refuses batch .*: the run is coded with FY2026 .*body [0-9a-f]{12}.*, this worker has FY2026 .*body [0-9a-f]{12}/);
    expect(b.stdout).toBe('');
    expect(w.stderr).toContain('E_ARTIFACT_MISMATCH');
  });
});
