/**
 * `createPool({ queue })`: the local pool's interface over a real redis-server
 * and a real `icd10cm worker` process: same spans, same records in order,
 * AbortSignal and close, and option errors that name the option.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { createPool } from '../../src/index.js';
import type { Pool } from '../../src/workers/options.js';
import { startRedis, startWorker, TEST_STALLED, type RedisServer, type WorkerProcess } from '../../benchmarks/queue-processes.js';
import { assertDistFresh, syntheticArtifactFile, syntheticEngine } from '../helpers/pool-fixtures.js';

let redis: RedisServer;
let worker: WorkerProcess;
let engine: Engine;
let pool: Pool;

beforeAll(async () => {
  assertDistFresh(['src/cli/worker.ts', 'src/queue/worker.ts', 'src/queue/protocol.ts', 'src/queue/identity.ts', 'src/queue/isolated.ts']);
  const artifactPath = syntheticArtifactFile();
  engine = syntheticEngine();
  redis = await startRedis();
  worker = await startWorker(['--queue', redis.url, '--name', 'api', '--threads', '1', ...TEST_STALLED], { ICD10CM_ARTIFACT: artifactPath });
  // Small batches, so a few documents make several jobs.
  pool = await createPool({ queue: { url: redis.url, name: 'api', window: 2 }, artifactPath, batchChars: 40 });
});

afterAll(async () => {
  await pool?.close();
  await worker?.stop();
  await redis?.stop();
});

describe('createPool({ queue })', () => {
  it('detects as the engine does', async () => {
    expect(pool.threads).toBe(0);
    expect(await pool.detect('No evidence of pneumonia. History of MI.')).toEqual(engine.detect('No evidence of pneumonia. History of MI.'));
    expect(await pool.detect('')).toEqual([]);
    await expect(pool.detect('COPD', { match: 'sideways' as never })).rejects.toMatchObject({ code: 'E_OPTION_INVALID' });
  });

  it('gives one record per document, in input order, with a bounded window', async () => {
    const texts = ['essential hypertension', 'COPD', '', 'acute systolic heart failure', 'type 2 diabetes mellitus', 'MI', 'denies pneumonia'];
    async function* docs() {
      for (let i = 0; i < 30; i++) yield { id: i, text: texts[i % texts.length] as string };
      yield { id: 'no-text' } as never;
    }
    const out = [];
    for await (const r of pool.detectMany(docs(), { affirmedOnly: true })) out.push(r);
    expect(out.map((r) => r.id)).toEqual([...Array.from({ length: 30 }, (_, i) => i), 'no-text']);
    for (let i = 0; i < 30; i++) expect(out[i]).toEqual({ id: i, ok: true, spans: engine.detect(texts[i % texts.length] as string, { affirmedOnly: true }) });
    expect(out[30]).toMatchObject({ id: 'no-text', ok: false, error: { code: 'E_INPUT_INVALID' } });
  });

  it('rejects with E_ABORTED when the signal fires', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(pool.detect('COPD', { signal: ctrl.signal })).rejects.toMatchObject({ code: 'E_ABORTED' });
    const late = new AbortController();
    const it = pool.detectMany([{ id: 1, text: 'COPD' }], { signal: late.signal });
    late.abort();
    await expect(it.next()).rejects.toMatchObject({ code: 'E_ABORTED' });
  });

  it('names a bad queue option', async () => {
    await expect(createPool({ queue: 'http://127.0.0.1:1' })).rejects.toMatchObject({ code: 'E_OPTION_INVALID', message: expect.stringContaining('queue.url') });
    await expect(createPool({ queue: { url: redis.url, window: 0 } })).rejects.toMatchObject({ code: 'E_OPTION_INVALID', message: expect.stringContaining('queue.window') });
  });
});
