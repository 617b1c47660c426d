/**
 * A worker thread that dies is replaced; the documents of its task are retried
 * once each, alone; a document that kills a thread twice becomes an
 * E_WORKER_FAILED record and the rest of its batch still succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { TEST_CRASH_MARKER } from '../../src/workers/messages.js';
import { createPool, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, poolWithTestHooks, syntheticEngine } from '../helpers/pool-fixtures.js';

let engine: Engine;
let pool: Pool;

beforeAll(async () => {
  assertDistFresh();
  engine = syntheticEngine();
  pool = await poolWithTestHooks({ engine, threads: 2 });
});
afterAll(() => pool.close());

describe('worker crashes', () => {
  it('retries, then reports the poisonous document only', async () => {
    const docs = [
      { id: 'a', text: 'pneumonia' },
      { id: 'boom', text: `${TEST_CRASH_MARKER} COPD` },
      { id: 'b', text: 'essential hypertension' },
      { id: 'c', text: 'heart failure' },
    ];
    const out = [];
    for await (const r of pool.detectMany(docs)) out.push(r);
    expect(out.map((r) => [r.id, r.ok])).toEqual([
      ['a', true],
      ['boom', false],
      ['b', true],
      ['c', true],
    ]);
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'E_WORKER_FAILED', message: expect.stringContaining('twice') } });
    expect(out[2]).toEqual({ id: 'b', ok: true, spans: engine.detect('essential hypertension') });
  });

  it('in the record mode too: the JSONL line that kills its thread twice becomes an error record under its own id', async () => {
    const line = (o: unknown, n: number) => ({ jsonl: Buffer.from(JSON.stringify(o)), line: n });
    const inputs = [line({ id: 'a', text: 'pneumonia' }, 1), line({ id: 'boom', text: `${TEST_CRASH_MARKER} COPD` }, 2), line({ text: `${TEST_CRASH_MARKER} MI` }, 3), { id: 'b', text: 'essential hypertension' }];
    const out = [];
    for await (const r of pool.detectManyRecords(inputs, { as: 'string' })) out.push(JSON.parse(r.text) as { id: unknown; ok: boolean; error?: { code: string } });
    expect(out.map((r) => [r.id, r.ok, r.error?.code])).toEqual([
      ['a', true, undefined],
      ['boom', false, 'E_WORKER_FAILED'],
      ['line:3', false, 'E_WORKER_FAILED'],
      ['b', true, undefined],
    ]);
  });

  it('rejects detect() with E_WORKER_FAILED and keeps working afterwards', async () => {
    await expect(pool.detect(`${TEST_CRASH_MARKER}`)).rejects.toMatchObject({ code: 'E_WORKER_FAILED' });
    expect(await pool.detect('COPD')).toEqual(engine.detect('COPD'));
    const out = [];
    for await (const r of pool.detectMany(Array.from({ length: 50 }, (_, i) => ({ id: i, text: 'MI and COPD' })))) out.push(r);
    expect(out.every((r) => r.ok)).toBe(true);
  });

  it('ignores the marker unless the pool was created with the test variable', async () => {
    const plain = await createPool({ engine, threads: 1 });
    try {
      expect(await plain.detect(`${TEST_CRASH_MARKER} COPD`)).toEqual(engine.detect(`${TEST_CRASH_MARKER} COPD`));
    } finally {
      await plain.close();
    }
  });
});
